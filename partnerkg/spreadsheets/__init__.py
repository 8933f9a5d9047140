"""Spreadsheets from policy teams: blank templates, and filled ones checked row by row into RDF.

:func:`import_spreadsheets` is the entry point. Modules: ``columns`` (the template's columns), ``files``
(reading CSV and XLSX safely), ``values`` (cell values to terms), ``rows`` and ``checks`` (per-row checks with
row-and-column messages), ``graph`` (rows to RDF), ``importer`` (the whole import), ``blanks`` (the blank
templates ``partnerkg template`` writes).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from partnerkg._exports import lazy_exports

__all__ = ["ImportResult", "RowProblem", "import_spreadsheets"]

_EXPORTS = {
    "ImportResult": "partnerkg.spreadsheets.importer",
    "RowProblem": "partnerkg.spreadsheets.importer",
    "import_spreadsheets": "partnerkg.spreadsheets.importer",
}
__getattr__, __dir__ = lazy_exports(__name__, _EXPORTS)

if TYPE_CHECKING:
    from partnerkg.spreadsheets.importer import ImportResult, RowProblem, import_spreadsheets
