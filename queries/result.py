"""The answer to a query, whichever engine gave it: rows of rdflib terms, a boolean or a graph."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from rdflib import Graph
from rdflib.term import Identifier

__all__ = ["QueryResult"]


@dataclass(frozen=True)
class QueryResult:
    """The answer to a query.

    ``type`` is SELECT, ASK, CONSTRUCT or DESCRIBE. SELECT fills ``vars`` (names without ``?``) and
    ``rows`` (tuples aligned with ``vars``; None where unbound); ASK fills ``askAnswer`` (named as in
    rdflib and SPARQLWrapper); CONSTRUCT and DESCRIBE fill ``graph``.
    """

    type: str
    vars: tuple[str, ...] = ()
    rows: list[tuple[Identifier | None, ...]] = field(default_factory=list)
    graph: Graph | None = None
    askAnswer: bool | None = None

    def __iter__(self) -> Iterator[tuple[Identifier | None, ...]]:
        return iter(self.rows)

    @property
    def size(self) -> int:
        """What result limits count: rows (SELECT), triples (CONSTRUCT, DESCRIBE), 1 (ASK)."""
        if self.graph is not None:
            return len(self.graph)
        return len(self.rows) if self.type == "SELECT" else 1

    def records(self) -> list[dict[str, Identifier]]:
        """The rows as dicts of the bound variables."""
        return [{v: t for v, t in zip(self.vars, row, strict=True) if t is not None} for row in self.rows]
