"""The exception hierarchy. Every error partnerkg raises on purpose derives from PartnerKGError.

Exit codes (see the README): 0 success; 1 the input was read but is invalid; 2 the input cannot be
used at all (missing or unreadable file, syntax error, unknown format, usage error).
"""

from __future__ import annotations

__all__ = [
    "GraphSourceError",
    "InputError",
    "InvalidDataError",
    "OutputError",
    "PartnerKGError",
    "QueryError",
    "UnknownEntityError",
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


class QueryError(PartnerKGError, ValueError):
    """A SPARQL query is malformed, refused, or its parameters are wrong (exit 2)."""

    exit_code = 2


class UnknownEntityError(PartnerKGError, KeyError):
    """A label or IRI names nothing in the graph (exit 2)."""

    exit_code = 2

    def __str__(self) -> str:  # KeyError quotes its argument; keep the message readable
        return str(self.args[0]) if self.args else ""
