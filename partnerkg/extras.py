"""The optional extras of partnerkg, and importing a package of one with a message that names it.

``pip install 'partnerkg[notebook]'`` adds pandas, which :meth:`QueryResult.to_dataframe
<partnerkg.queries.result.QueryResult.to_dataframe>` and :meth:`Analysis.to_dataframe
<partnerkg.visualise.analysis.Analysis.to_dataframe>` need; everything else works without it.

>>> import_extra("json", extra="notebook", purpose="this doctest").__name__
'json'
"""

from __future__ import annotations

import importlib
from types import ModuleType

from partnerkg.errors import MissingDependencyError

__all__ = ["EXTRAS", "import_extra"]

#: What each optional extra installs (pyproject.toml's ``[project.optional-dependencies]`` says the same).
EXTRAS = {"notebook": ("pandas",)}


def import_extra(module: str, *, extra: str, purpose: str) -> ModuleType:
    """Import ``module``, which the optional ``extra`` installs; MissingDependencyError names the extra when
    it is missing (``purpose`` says what needs it: "DataFrames")."""
    try:
        return importlib.import_module(module)
    except ImportError as err:
        raise MissingDependencyError(
            f"{purpose} need {module}, which is not installed: it comes with partnerkg's optional extra "
            f"'{extra}' — pip install 'partnerkg[{extra}]'") from err
