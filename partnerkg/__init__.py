"""partnerkg: a knowledge graph of organisations, policies and partnerships in UK health, social care,
criminal justice and the voluntary and community sector."""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("partnerkg")
except PackageNotFoundError:  # running from a source tree that is not installed
    __version__ = "0.0.0"

__all__ = ["__version__"]
