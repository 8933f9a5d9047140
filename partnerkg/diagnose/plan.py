"""A planned partnership: one row of the partnerships sheet of a filled-in template (``partnerkg template``).

A plan is a CSV or XLSX file read by :func:`partnerkg.import_spreadsheets`: its partners (named in the
organisations sheet or in the graph, with their sectors), model, stage, formality and partnership
features (``features``, ``lacks features``) become triples like any imported row — with the same checks
and the same errors, naming the file, row and column — and the graph with them is diagnosed.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from rdflib import Graph, URIRef
from rdflib.namespace import RDF, RDFS

from partnerkg.errors import InvalidDataError
from partnerkg.namespaces import PK
from partnerkg.spreadsheets.importer import import_spreadsheets, skip_hint

__all__ = ["Plan", "read_plan"]


@dataclass(frozen=True)
class Plan:
    """The triples of a plan file and the planned partnership among them."""

    path: Path
    graph: Graph
    partnership: URIRef
    label: str


def read_plan(path: str | Path, reference: Graph) -> Plan:
    """Read the plan in ``path`` against ``reference`` (the graph whose organisations, policies… it may name).

    Raises InputError (exit 2) for a file that cannot be used and InvalidDataError (exit 1) for a row with a
    problem or a plan that holds no partnership row or more than one.
    """
    p = Path(path)
    try:
        result = import_spreadsheets([p], reference=reference)
    except InvalidDataError as e:  # a plan is read whole: skipping its rows is not offered
        raise InvalidDataError(str(e).replace(f" {skip_hint()}", "")) from None
    partnerships = sorted(s for s in result.graph.subjects(RDF.type, PK.Partnership) if isinstance(s, URIRef))
    if len(partnerships) != 1:
        found = ", ".join(repr(str(result.graph.value(s, RDFS.label))) for s in partnerships) or "none"
        raise InvalidDataError(f"{p}: a plan holds exactly one row in the partnerships sheet (the planned "
                               f"partnership, with its partners, model, stage and features); found {found}")
    iri = partnerships[0]
    return Plan(p, result.graph, iri, str(result.graph.value(iri, RDFS.label) or iri))
