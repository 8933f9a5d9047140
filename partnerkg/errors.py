"""The exception hierarchy, and how messages name settings for whoever reads them.

Every error partnerkg raises on purpose derives from :class:`PartnerKGError`; each subclass also derives from
the builtin it refines (``QueryError(ValueError)``, ``UnknownEntityError(KeyError)``…), so ``except
ValueError`` catches what it always caught. ``exit_code`` is what the command line exits with: 0 success;
1 the input was read but is invalid; 2 the input cannot be used at all (missing or unreadable file, syntax
error, unknown format, usage error, a limit reached).

Messages name a setting the way their reader sets it: ``--max-results 10000`` on the command line,
``max_results=10000`` from Python, a URL parameter over HTTP. Code that raises writes :func:`option`,
:func:`parameter` or :func:`suggestion`; the command line and the endpoint say who is reading with
:func:`speaking_to`.

>>> option("max_results", 10), option("shipped", False)
('max_results=10', 'shipped=False')
>>> with speaking_to(Audience.CLI):
...     option("max_results", 10), option("shipped", False), parameter("entity")
('--max-results 10', '--no-shipped', '--param entity')
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from enum import Enum

__all__ = [
    "Audience",
    "EndpointError",
    "GraphSourceError",
    "InputError",
    "InvalidDataError",
    "MissingDependencyError",
    "OptionError",
    "OutputError",
    "PartnerKGError",
    "ProtocolError",
    "QueryError",
    "QueryTimeout",
    "ResultTooLarge",
    "ServerBusy",
    "TooManyNodesError",
    "UnknownEntityError",
    "WorkerFailed",
    "option",
    "parameter",
    "speaking_to",
    "suggestion",
]


class PartnerKGError(Exception):
    """Root of partnerkg's errors. ``exit_code`` is what the CLI exits with."""

    exit_code: int = 2


class InputError(PartnerKGError, OSError):
    """An input cannot be used at all: missing, unreadable, wrong format or a syntax error (exit 2)."""

    exit_code = 2


class OutputError(PartnerKGError, OSError):
    """An output cannot be written: no space, no permission, a device that refuses bytes (exit 2)."""

    exit_code = 2


class InvalidDataError(PartnerKGError, ValueError):
    """An input was read but its content is invalid: SHACL or OWL violations, bad values (exit 1)."""

    exit_code = 1


class GraphSourceError(InvalidDataError):
    """A YAML source file of the knowledge graph is malformed; the message names file, line and entity."""


class OptionError(PartnerKGError, ValueError):
    """An option's value cannot be used (exit 2); ``option`` names it (the Python keyword)."""

    exit_code = 2

    def __init__(self, message: str, option: str) -> None:
        super().__init__(message)
        self.option = option


class QueryError(PartnerKGError, ValueError):
    """A SPARQL query is malformed, refused, or its parameters are wrong (exit 2)."""

    exit_code = 2


class UnknownEntityError(PartnerKGError, KeyError):
    """A label or IRI names nothing in the graph (exit 2)."""

    exit_code = 2

    def __str__(self) -> str:  # KeyError quotes its argument; keep the message readable
        return str(self.args[0]) if self.args else ""


class ResultTooLarge(PartnerKGError, ValueError):
    """A result has more rows (or triples) than the cap allows; it is refused whole, never cut (exit 1)."""

    exit_code = 1


class QueryTimeout(PartnerKGError, TimeoutError):
    """A query ran longer than its time limit and was stopped; nothing was written (exit 2)."""

    exit_code = 2


class TooManyNodesError(PartnerKGError, ValueError):
    """A map view has more nodes than the cap allows and folding them into groups is off (exit 2)."""

    exit_code = 2


class MissingDependencyError(PartnerKGError, ImportError):
    """A feature needs a package of an optional extra that is not installed; the message names the extra
    (``pip install 'partnerkg[notebook]'``) (exit 2)."""

    exit_code = 2


class EndpointError(PartnerKGError, ConnectionError):
    """A remote endpoint could not be reached, refused a request or answered with an error (exit 2)."""

    exit_code = 2


class ServerBusy(PartnerKGError):
    """Every query worker of the endpoint is busy and the queue is full, or the wait was too long (503)."""


class WorkerFailed(PartnerKGError):
    """A query worker of the endpoint died while answering (500); a fresh one replaces it."""


class ProtocolError(PartnerKGError):
    """A request the endpoint answers with an error: ``status`` and a one-paragraph plain-text message."""

    def __init__(self, status: int, message: str, headers: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.headers = dict(headers or {})


# ---- naming settings for the reader -----------------------------------------------------------------------


class Audience(Enum):
    """Who reads a message: a Python caller (the default), a command-line user, an HTTP client."""

    PYTHON = "python"
    CLI = "cli"
    HTTP = "http"


_AUDIENCE: ContextVar[Audience] = ContextVar("partnerkg_audience", default=Audience.PYTHON)
_NO_VALUE = object()


@contextmanager
def speaking_to(audience: Audience) -> Iterator[None]:
    """Messages made inside the block name settings for ``audience``."""
    token = _AUDIENCE.set(audience)
    try:
        yield
    finally:
        _AUDIENCE.reset(token)


def option(name: str, value: object = _NO_VALUE) -> str:
    """A setting named as its reader sets it: ``--max-nodes 500`` (command line), ``max_nodes=500`` (Python).

    ``name`` is the Python keyword; ``value``, if given, is shown with it (True/False: the switch on or off).
    """
    if _AUDIENCE.get() is Audience.CLI:
        flag = "--" + name.replace("_", "-")
        if value is True or value is False:  # a switch: --force, --no-shipped
            return flag if value else "--no-" + flag[2:]
        return flag if value is _NO_VALUE else f"{flag} {value}"
    return f"{name}=" if value is _NO_VALUE else f"{name}={value}"


def parameter(name: str) -> str:
    """A query parameter named as its reader passes it: ``--param entity`` (command line), ``parameter entity``
    (Python keyword, URL parameter)."""
    return f"--param {name}" if _AUDIENCE.get() is Audience.CLI else f"parameter {name}"


def suggestion(cli: str, python: str, http: str | None = None) -> str:
    """What to do next, in the reader's terms: a command line, a Python call, or (if given) an HTTP request."""
    audience = _AUDIENCE.get()
    if audience is Audience.HTTP and http is not None:
        return http
    return cli if audience is Audience.CLI else python
