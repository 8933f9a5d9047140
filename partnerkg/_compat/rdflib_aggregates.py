"""A correction to rdflib's SPARQL engine, applied only while rdflib still needs it.

rdflib (7.6 and before) answers an aggregate with an explicit ``GROUP BY`` that matches nothing with one
empty solution instead of none (RDFLib/rdflib#3382; the fix, rdflib PR #3498, was not released when this was
written). SPARQL 1.1 (section 18.5, ``Group``) has no groups then, and Oxigraph returns none. Inside a query
the empty solution joins with whatever follows: ``sector-bridging-organisations --param sector="private
sector"`` over the shipped graph listed 563 labelled resources with no counts, where Oxigraph lists none.

:func:`apply` replaces ``rdflib.plugins.sparql.evaluate.evalAggregateJoin`` by the same function without that
row, after checking on an empty graph that the installed rdflib has the fault; a fixed rdflib is left alone.
partnerkg calls it before its first evaluation with rdflib's engine, not at import (start-up stays free of it).
"""

from __future__ import annotations

import collections
from collections.abc import Iterator
from functools import cache
from typing import Any

import rdflib.plugins.sparql.evaluate as rdflib_evaluate
from rdflib import Graph
from rdflib.plugins.sparql.aggregates import Aggregator
from rdflib.plugins.sparql.parserutils import CompValue
from rdflib.plugins.sparql.sparql import FrozenBindings, QueryContext

__all__ = ["apply", "rdflib_groups_nothing_as_one_row"]

_PROBE = "SELECT ?s (COUNT(?o) AS ?n) WHERE { ?s <urn:partnerkg:probe> ?o } GROUP BY ?s"


def rdflib_groups_nothing_as_one_row() -> bool:
    """Whether rdflib's engine answers a ``GROUP BY`` over no solutions with a row (the fault corrected here)."""
    return bool(Graph().query(_PROBE).bindings)


def _aggregate_join(ctx: QueryContext, agg: CompValue) -> Iterator[FrozenBindings]:
    """rdflib's ``evalAggregateJoin`` yielding the one solution over no matches only without ``GROUP BY``."""
    rows = rdflib_evaluate.evalPart(ctx, agg.p)
    group_expr = agg.p.expr
    groups: dict[Any, Aggregator] = collections.defaultdict(lambda: Aggregator(aggregations=agg.A))
    if group_expr is None:  # one implicit group, present even when nothing matched
        aggregator = groups[True]
        for row in rows:
            aggregator.update(row)
    else:
        for row in rows:
            groups[tuple(rdflib_evaluate._eval(e, row, False) for e in group_expr)].update(row)
    for aggregator in groups.values():
        yield FrozenBindings(ctx, aggregator.get_bindings())


@cache
def apply() -> bool:
    """Correct rdflib's engine in this process if it has the fault; whether a correction is in place.

    The check (one query on an empty graph, ~15–60 ms) runs on the first call only; later calls return its answer.
    """
    if not rdflib_groups_nothing_as_one_row():
        return False
    rdflib_evaluate.evalAggregateJoin = _aggregate_join
    return True
