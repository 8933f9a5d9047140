"""The RDF an import makes from its rows — with provenance — and the SHACL check of it.

Every imported resource ``prov:wasDerivedFrom`` the ``pk:Spreadsheet`` its row comes from (``pk:fileName``, and
for a workbook one per sheet) and has a ``prov:qualifiedDerivation`` naming the spreadsheet and the ``pk:row``;
no ``pk:quote``. :func:`new_violations` validates the new triples with partnerkg's SHACL shapes together with
what they touch of the reference graph.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from typing import Any

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import PROV, RDF, RDFS, SKOS, XSD
from rdflib.term import Node

from partnerkg.iri import mint_iri
from partnerkg.namespaces import ORG, PK, TIME, bind_prefixes
from partnerkg.ontology.validation import validate
from partnerkg.spreadsheets.columns import MEMBERSHIPS, ORGANISATIONS
from partnerkg.spreadsheets.files import Sheet
from partnerkg.spreadsheets.rows import Row

__all__ = ["add_derivation", "build_graph", "new_violations", "spreadsheet_node", "validation_context"]


def spreadsheet_node(sheet: Sheet) -> tuple[URIRef, list[tuple[Node, Node, Node]]]:
    """The ``pk:Spreadsheet`` a sheet's rows derive from: its IRI (minted from the file and sheet name) and triples."""
    label = sheet.file_name if sheet.sheet is None else f"{sheet.file_name}, sheet {sheet.sheet}"
    iri = mint_iri("spreadsheet", label)
    return iri, [(iri, RDF.type, PK.Spreadsheet), (iri, RDFS.label, Literal(label, lang="en")),
                 (iri, PK.fileName, Literal(sheet.file_name))]


def add_derivation(g: Graph, subject: URIRef, spreadsheet: URIRef, row: int) -> None:
    """Add ``subject prov:wasDerivedFrom spreadsheet`` and a qualified derivation with the row (a blank node
    labelled from its content, so the output is the same in every run)."""
    node = BNode("r" + hashlib.sha256(f"{subject}|{spreadsheet}|{row}".encode()).hexdigest()[:16])
    g.add((subject, PROV.wasDerivedFrom, spreadsheet))
    g.add((subject, PROV.qualifiedDerivation, node))
    g.add((node, RDF.type, PROV.Derivation))
    g.add((node, PROV.entity, spreadsheet))
    g.add((node, PK.row, Literal(row, datatype=XSD.positiveInteger)))


def build_graph(rows: list[Row]) -> Graph:
    """The triples of ``rows`` (all without problems), with the spreadsheets and provenance."""
    g = Graph()
    bind_prefixes(g)
    sheets: dict[int, URIRef] = {}
    for row in rows:
        assert row.iri is not None
        if row.sheet_index not in sheets:
            iri, triples = spreadsheet_node(row.sheet)
            sheets[row.sheet_index] = iri
            for t in triples:
                g.add(t)
        source = sheets[row.sheet_index]
        for p, o in row.facts:
            g.add((row.iri, p, o))
        for s, p in row.reverse:
            g.add((s, p, row.iri))
        for partner in row.partners:
            g.add((row.iri, PK.hasPartner, partner))
            g.add((partner, PK.partnerIn, row.iri))
        if row.table is MEMBERSHIPS:
            _membership(g, row, source)
        if row.table is ORGANISATIONS and row.refs:
            g.add((row.iri, ORG.subOrganizationOf, row.refs[0]))
        for label, region in row.regions:
            if (region, RDFS.label, None) not in g:
                g.add((region, RDF.type, PK.Region))
                g.add((region, RDFS.label, Literal(label, lang="en")))
            add_derivation(g, region, source, row.number)
        for region, code in row.region_codes:
            g.add((region, SKOS.notation, code))
            add_derivation(g, region, source, row.number)
        add_derivation(g, row.iri, source, row.number)
    return g


def _membership(g: Graph, row: Row, source: URIRef) -> None:
    """An ``org:Membership`` (W3C ORG) with its role and years (OWL-Time), and the ``pk:hasPartner`` shortcut."""
    assert row.iri is not None
    partnership, member = row.refs
    m = row.membership
    g.add((row.iri, RDF.type, ORG.Membership))
    g.add((row.iri, RDFS.label, Literal(row.name, lang="en")))
    g.add((row.iri, ORG.organization, partnership))
    g.add((row.iri, ORG.member, member))
    g.add((partnership, PK.hasPartner, member))
    g.add((member, PK.partnerIn, partnership))
    if m["role"]:
        role = mint_iri("role", m["role"])
        g.add((row.iri, ORG.role, role))
        if (role, RDFS.label, None) not in g:
            g.add((role, RDF.type, ORG.Role))
            g.add((role, RDFS.label, Literal(m["role"], lang="en")))
        add_derivation(g, role, source, row.number)
    if m["start"] is not None or m["end"] is not None:
        digest = hashlib.sha256(str(row.iri).encode()).hexdigest()[:16]
        interval = BNode(f"t{digest}")
        g.add((row.iri, ORG.memberDuring, interval))
        g.add((interval, RDF.type, TIME.Interval))
        for key, prop in (("start", TIME.hasBeginning), ("end", TIME.hasEnd)):
            if m[key] is not None:
                instant = BNode(f"t{digest}{key[0]}")
                g.add((interval, prop, instant))
                g.add((instant, RDF.type, TIME.Instant))
                g.add((instant, TIME.inXSDgYear, m[key]))


def validation_context(graph: Graph, reference: Graph) -> tuple[Graph, set[URIRef]]:
    """What SHACL needs of the reference graph to judge ``graph``: the full description (with its blank-node
    closure) of every reference resource ``graph`` mentions, and the types and labels of what those point to.

    Returns the context and the resources only pointed to (whose own descriptions are left out).
    """
    context = Graph()
    mentioned = {n for t in graph for n in (t[0], t[2]) if isinstance(n, URIRef)}
    todo: list[Node] = [n for n in mentioned if (n, None, None) in reference]
    seen: set[Node] = set(todo)
    pointed: set[URIRef] = set()
    while todo:
        node = todo.pop()
        for s, p, o in reference.triples((node, None, None)):
            context.add((s, p, o))
            if isinstance(o, BNode) and o not in seen:
                seen.add(o)
                todo.append(o)
            elif isinstance(o, URIRef):
                pointed.add(o)
    pointed -= mentioned
    for node in pointed:
        for p in (RDF.type, RDFS.label):
            for o in reference.objects(node, p):
                context.add((node, p, o))
    return context, pointed


def new_violations(graph: Graph, reference: Graph, rows: Iterable[Row]) -> dict[Row | None, Any]:
    """SHACL on the new triples together with what they touch of the reference graph (see the module
    docstring); the violations the import introduced, by the row they come from (None for a violation no
    row explains).

    Violations on resources the context only points to are left out: the import adds nothing about them and
    their descriptions were not copied. Any other violation is checked against the context alone, so that
    one the reference graph had before the import is not blamed on it.
    """
    context, pointed = validation_context(graph, reference)
    union = Graph()
    bind_prefixes(union)
    for t in context:
        union.add(t)
    for t in graph:
        union.add(t)

    def names(nodes: Iterable[URIRef]) -> dict[str, URIRef]:
        out = {}
        for n in nodes:
            out[union.namespace_manager.normalizeUri(n)] = n
            out[f"<{n}>"] = n
        return out

    outside = names(pointed)
    report = validate(union, owl=False)
    new = [v for v in report.violations if v.severity == "Violation" and v.focus.split(" ")[0] not in outside]
    if not new:
        return {}
    bind_prefixes(context)
    before = set(validate(context, owl=False).violations)
    new = [v for v in new if v not in before]
    by_name: dict[str, Row] = {}
    for row in rows:
        assert row.iri is not None
        for text in names([row.iri]):
            by_name[text] = row
    blamed: dict[Row | None, Any] = {}
    for v in new:
        blamed.setdefault(by_name.get(v.focus.split(" ")[0]), v)
    return blamed
