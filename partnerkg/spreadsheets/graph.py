"""The RDF an import makes from its rows — with provenance — checked by the SHACL shapes and written, chunk by
chunk, so that memory stays flat however many rows there are.

Every imported resource ``prov:wasDerivedFrom`` the ``pk:Spreadsheet`` its row comes from (``pk:fileName``, and
for a workbook one per sheet) and has a ``prov:qualifiedDerivation`` naming the spreadsheet and the ``pk:row``;
no ``pk:quote``.

:func:`emit` validates the new triples with partnerkg's SHACL shapes (compiled into Python checks,
:mod:`partnerkg.ontology.compiled_shacl`) together with what they touch of the reference graph, and hands them
to a sink. Every shape looks at a focus node, its own triples, the blank nodes under it and the types of what it
points to (see :mod:`partnerkg.store.validation`), so each subject is checked once, with all of its triples:

- a row's own subjects (its resource and the blank nodes it makes) with the chunk of rows it is in, together
  with what other rows say about that resource (collected first: the partners a partnership names receive
  ``pk:partnerIn``, a membership gives its partnership ``pk:hasPartner``);
- the resources no row describes (a shipped partner, a region, a role, the spreadsheet) at the end, in batches
  of about :data:`CHUNK_TRIPLES`, each with all the triples rows gave it. A new region or role is described
  by the first row that names it.

A resource of the reference graph is checked with its full description there, and a violation it already had
there is not blamed on the import; a resource the triples only point to is read for its types alone.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass

from rdflib import BNode, Graph, Literal, URIRef
from rdflib import namespace as rdflib_namespaces
from rdflib.term import Node

from partnerkg import namespaces
from partnerkg.iri import mint_iri
from partnerkg.namespaces import bind_prefixes, made_once
from partnerkg.ontology import load_ontology, load_shapes
from partnerkg.ontology.compiled_shacl import (
    Index,
    Key,
    NodeShape,
    check,
    compile_shapes,
    constraint_results,
    focus_nodes,
    key,
    lazy_store,
    report_rows,
)
from partnerkg.ontology.validation import Violation, scheme_triples, short_name
from partnerkg.spreadsheets.columns import MEMBERSHIPS, ORGANISATIONS
from partnerkg.spreadsheets.files import Sheet
from partnerkg.spreadsheets.rows import Row

# the terms every row's triples use, made once
PK, ORG, TIME = (made_once(n) for n in (namespaces.PK, namespaces.ORG, namespaces.TIME))
PROV, RDF, RDFS, SKOS, XSD = (made_once(getattr(rdflib_namespaces, n)) for n in ("PROV", "RDF", "RDFS", "SKOS", "XSD"))

__all__ = ["CHUNK_ROWS", "CHUNK_TRIPLES", "Sink", "Triple", "derivation", "emit", "own_triples", "row_triples",
           "spreadsheet_node"]

Triple = tuple[Node, Node, Node]

#: Rows checked together: enough that a chunk's fixed costs vanish, few enough that memory stays small.
CHUNK_ROWS = 500
#: Triples checked together for the resources no row describes (a shipped partner, a region, a role).
CHUNK_TRIPLES = 12_000

#: Receives the checked triples a batch at a time, and the same as N-Triples in UTF-8 (see :func:`emit`).
Sink = Callable[[list[Triple], bytes], None]


def spreadsheet_node(sheet: Sheet) -> tuple[URIRef, list[Triple]]:
    """The ``pk:Spreadsheet`` a sheet's rows derive from: its IRI (minted from the file and sheet name) and triples."""
    label = sheet.file_name if sheet.sheet is None else f"{sheet.file_name}, sheet {sheet.sheet}"
    iri = mint_iri("spreadsheet", label)
    return iri, [(iri, RDF.type, PK.Spreadsheet), (iri, RDFS.label, Literal(label, lang="en")),
                 (iri, PK.fileName, Literal(sheet.file_name))]


def derivation(subject: URIRef, spreadsheet: URIRef, row: int) -> list[Triple]:
    """``subject prov:wasDerivedFrom spreadsheet`` and a qualified derivation with the row (a blank node
    labelled from its content, so the output is the same in every run)."""
    node = BNode("r" + hashlib.sha256(f"{subject}|{spreadsheet}|{row}".encode()).hexdigest()[:16])
    return [(subject, PROV.wasDerivedFrom, spreadsheet), (subject, PROV.qualifiedDerivation, node),
            (node, RDF.type, PROV.Derivation), (node, PROV.entity, spreadsheet),
            (node, PK.row, Literal(row, datatype=XSD.positiveInteger))]


def row_triples(row: Row, source: URIRef, described: set[object] | None = None) -> list[Triple]:
    """Every triple ``row`` (checked, without problems) makes, ``source`` being its sheet's spreadsheet node.

    A new region or role is described (typed, labelled, derived) by the first row that names it: ``described``
    collects those already described by earlier rows (by default, none).
    """
    return own_triples(row, source) + _links(row) + _descriptions(row, source, set() if described is None
                                                                   else described)


def own_triples(row: Row, source: URIRef) -> list[Triple]:
    """The triples of ``row`` about its own resource and the blank nodes under it."""
    assert row.iri is not None
    iri = row.iri
    out: list[Triple] = [(iri, p, o) for p, o in row.facts]
    out += [(iri, PK.hasPartner, partner) for partner in row.partners]
    if row.table is MEMBERSHIPS:
        out += _membership(row)
    if row.table is ORGANISATIONS and row.refs:
        out.append((iri, ORG.subOrganizationOf, row.refs[0]))
    out += derivation(iri, source, row.number)
    return list(dict.fromkeys(out))


def _links(row: Row) -> list[Triple]:
    """What ``row`` states of other resources about its own: inverse links and a membership's shortcut."""
    assert row.iri is not None
    out: list[Triple] = [(s, p, row.iri) for s, p in row.reverse]
    out += [(partner, PK.partnerIn, row.iri) for partner in row.partners]
    if row.table is MEMBERSHIPS:
        partnership, member = row.refs
        out += [(partnership, PK.hasPartner, member), (member, PK.partnerIn, partnership)]
    return out


def _descriptions(row: Row, source: URIRef, described: set[object]) -> list[Triple]:
    """The new regions, region codes and roles ``row`` names that no earlier row has described."""
    out: list[Triple] = []
    for label, region in row.regions:
        if region not in described:
            described.add(region)
            out += [(region, RDF.type, PK.Region), (region, RDFS.label, Literal(label, lang="en"))]
            out += derivation(region, source, row.number)
    for region, code in row.region_codes:
        if (region, code) not in described:
            described.add((region, code))
            out.append((region, SKOS.notation, code))
            out += derivation(region, source, row.number)
    role_name = row.membership["role"] if row.table is MEMBERSHIPS else None
    if role_name:
        role = mint_iri("role", role_name)
        if role not in described:
            described.add(role)
            out += [(role, RDF.type, ORG.Role), (role, RDFS.label, Literal(role_name, lang="en"))]
            out += derivation(role, source, row.number)
    return out


def _membership(row: Row) -> list[Triple]:
    """An ``org:Membership`` (W3C ORG) with its role and years (OWL-Time)."""
    assert row.iri is not None
    partnership, member = row.refs
    m = row.membership
    out: list[Triple] = [(row.iri, RDF.type, ORG.Membership), (row.iri, RDFS.label, Literal(row.name, lang="en")),
                         (row.iri, ORG.organization, partnership), (row.iri, ORG.member, member)]
    if m["role"]:
        out.append((row.iri, ORG.role, mint_iri("role", m["role"])))
    if m["start"] is not None or m["end"] is not None:
        digest = hashlib.sha256(str(row.iri).encode()).hexdigest()[:16]
        interval = BNode(f"t{digest}")
        out += [(row.iri, ORG.memberDuring, interval), (interval, RDF.type, TIME.Interval)]
        for name, prop in (("start", TIME.hasBeginning), ("end", TIME.hasEnd)):
            if m[name] is not None:
                instant = BNode(f"t{digest}{name[0]}")
                out += [(interval, prop, instant), (instant, RDF.type, TIME.Instant),
                        (instant, TIME.inXSDgYear, m[name])]
    return out


@dataclass
class _Rules:
    """The shapes, compiled once per import, and what every chunk reads besides its own triples."""

    shapes: Graph
    compiled: list[NodeShape]
    ontology_index: Index
    ontology_text: bytes
    names: Graph  # for the report's short names

    @classmethod
    def load(cls) -> _Rules:
        ontology = list(load_ontology()) + list(scheme_triples())
        names = Graph()
        bind_prefixes(names)
        shapes = load_shapes()
        return cls(shapes, compile_shapes(shapes), Index(ontology), n_triples(ontology), names)


def _row_types(row: Row) -> list[Node]:
    """The types ``row`` gives its resource."""
    found: list[Node] = [o for p, o in row.facts if p == RDF.type]
    return [*found, ORG.Membership] if row.table is MEMBERSHIPS else found


class _Lookup:
    """Types and descriptions of what the triples point to: this import's own rows first, then the reference."""

    def __init__(self, reference: Graph, own: dict[Key, Row], types: dict[Key, list[Node]]) -> None:
        self.reference = reference
        self.own = own  # a row's resource -> the row
        self.types = types  # the types rows give resources no row describes (regions, roles, spreadsheets)
        self._known: dict[Key, list[Node]] = {}

    def types_of(self, node: Node, k: Key) -> list[Node]:
        row = self.own.get(k)
        if row is not None and not row.matched:  # a resource this import makes, which the reference cannot know
            return _row_types(row)
        found = self._known.get(k)  # with the reference's types, looked up once
        if found is None:
            stated = _row_types(row) if row is not None else self.types.get(k, ())
            found = self._known[k] = list(dict.fromkeys([*stated, *self.reference.objects(node, RDF.type)]))  # type: ignore[arg-type]
        return found

    def description(self, node: Node) -> list[Triple]:
        """``node``'s triples in the reference graph, with the blank nodes under it (its derivations)."""
        out: list[Triple] = []
        todo, seen = [node], {node}
        while todo:
            for t in self.reference.triples((todo.pop(), None, None)):
                out.append(t)
                if isinstance(t[2], BNode) and t[2] not in seen:
                    seen.add(t[2])
                    todo.append(t[2])
        return out


_NT_ESCAPES = str.maketrans({"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r"})


def _nt(t: Node) -> str:
    kind = type(t)  # exact type first: isinstance on rdflib's classes costs more than the rest of this function
    if kind is URIRef or (kind is not BNode and kind is not Literal and isinstance(t, URIRef)):
        return f"<{t}>"
    if kind is BNode or isinstance(t, BNode):
        return f"_:{t}"
    assert isinstance(t, Literal)
    lexical = str(t).translate(_NT_ESCAPES)
    if t.language:
        return f'"{lexical}"@{t.language}'
    return f'"{lexical}"' if t.datatype is None else f'"{lexical}"^^<{t.datatype}>'


def n_triples(triples: Iterable[Triple]) -> bytes:
    """``triples`` as N-Triples lines in UTF-8 (the labels of blank nodes kept)."""
    iris: dict[Node, str] = {}  # the text of each IRI, made once per call: IRIs repeat from triple to triple

    def text(t: Node) -> str:
        if type(t) is URIRef:
            found = iris.get(t)
            if found is None:
                found = iris[t] = f"<{t}>"
            return found
        return _nt(t)

    # encoded line by line: one emoji in a label would make a whole joined str four bytes a character
    return b"".join(f"{text(s)} {text(p)} {text(o)} .\n".encode() for s, p, o in triples)


def _check(triples: list[Triple], text: bytes, focus: list[Node], lookup: _Lookup, rules: _Rules,
           nearby: Sequence[Triple] = ()) -> list[tuple[Node, Violation]]:
    """The violations of the ``focus`` subjects, given their ``triples`` (``text`` is them as N-Triples) and the
    ontology and the types of what they point to; each with the subject that owns its focus node (a blank
    node's pointing subject).

    ``nearby`` are further triples the SPARQL constraints may read one step away from a focus node:
    what the same rows say of other resources, such as a membership's ``pk:hasPartner`` shortcut."""
    focus_keys = {key(n) for n in focus}
    pointed: list[Triple] = []
    seen: set[Key] = set()
    for _s, _p, o in triples:
        if isinstance(o, URIRef):
            k = key(o)
            if k not in focus_keys and k not in seen:
                seen.add(k)
                pointed += [(o, RDF.type, t) for t in lookup.types_of(o, k)]
    index = Index(triples, base=rules.ontology_index)
    index.add(pointed)
    # made only for a SPARQL target or constraint that may select something
    store = lazy_store(lambda: b"".join((text, n_triples(nearby), n_triples(pointed), rules.ontology_text)))

    def present(p: str, o: Key | None) -> bool:  # in the store: the index and the nearby triples
        return index.has(p, o) or any(str(t[1]) == p and (o is None or key(t[2]) == o) for t in nearby)

    foci = focus_nodes(index, rules.compiled, focus_keys, store, present)
    rows = report_rows(check(index, rules.compiled, foci=foci), rules.shapes, lambda n: short_name(rules.names, n))
    rows += constraint_results(rules.compiled, foci, store, present)
    if not rows:
        return []
    parents = {key(o): s for s, p, o in triples if isinstance(o, BNode)}
    found = []
    for focus_node, path, message, severity, value, shape in rows:
        owner = focus_node
        while isinstance(owner, BNode) and key(owner) in parents:
            owner = parents[key(owner)]
        pointer = next(((s, p) for s, p, o in triples if o == focus_node), None) if isinstance(focus_node, BNode) \
            else None
        shown = short_name(rules.names, focus_node) if pointer is None else \
            f"{short_name(rules.names, pointer[0])} {short_name(rules.names, pointer[1])} [blank node]"
        found.append((owner, Violation(
            focus=shown, path="" if path is None else short_name(rules.names, path) if isinstance(path, URIRef)
            else "[complex path]", message=message, value=short_name(rules.names, value),
            shape=short_name(rules.names, shape) if isinstance(shape, URIRef) else "",
            severity=severity.rsplit("#", 1)[-1] or "Violation")))
    return found


def emit(rows: list[Row], reference: Graph, sink: Sink, *,
         progress: Callable[[int, int], None] | None = None) -> dict[Row | None, Violation]:
    """Check the triples of ``rows`` (all without problems) with the SHACL shapes and pass them to ``sink``.

    Returns the violations the import introduced, by the row they come from (None for one no row explains,
    e.g. on a shipped organisation the rows name as a partner); when there are any, what ``sink`` received
    must be discarded. ``progress`` is called with (rows checked, rows).
    """
    rules = _Rules.load()
    sources: dict[int, URIRef] = {}
    own: dict[Key, Row] = {}  # a row's resource -> the row
    types: dict[Key, list[Node]] = {}
    for row in rows:
        assert row.iri is not None
        own[key(row.iri)] = row
        for _label, region in row.regions:
            types.setdefault(key(region), [PK.Region])
    lookup = _Lookup(reference, own, types)
    # what rows say about resources other than their own: checked with the resource's own chunk, or at the end
    foreign: dict[Key, dict[Triple, None]] = {}
    described: set[object] = set()
    for row in rows:
        if row.sheet_index not in sources:
            sources[row.sheet_index], triples = spreadsheet_node(row.sheet)
            for t in triples:
                foreign.setdefault(key(t[0]), {})[t] = None
        for t in _links(row) + _descriptions(row, sources[row.sheet_index], described):
            foreign.setdefault(key(t[0]), {})[t] = None
    for k, triples_of in foreign.items():  # the types of what no row describes: regions, roles, spreadsheets
        if k not in own:
            types.setdefault(k, []).extend(t[2] for t in triples_of if t[1] == RDF.type)
    blamed: dict[Row | None, Violation] = {}

    def judge(triples: list[Triple], text: bytes, focus: list[Node], described: list[Node],
              nearby: Sequence[Triple]) -> None:
        context = [t for node in described for t in lookup.description(node)]
        context_text = n_triples(context)
        violations = _check(triples + context, text + context_text, focus, lookup, rules, nearby)
        if not violations:
            return
        before = set()
        if described:  # what the reference graph said wrong of these resources before the import
            known = [n for n in focus if (n, None, None) in reference]
            before = {v for _o, v in _check(context, context_text, known, lookup, rules)}
        for owner, violation in violations:
            if violation not in before and violation.severity == "Violation":
                blamed.setdefault(own.get(key(owner)), violation)

    done = 0
    for start in range(0, len(rows), CHUNK_ROWS):
        chunk = rows[start:start + CHUNK_ROWS]
        triples, nearby = [], []
        for row in chunk:
            triples += own_triples(row, sources[row.sheet_index])
            triples += foreign.pop(key(row.iri), {})
            nearby += _links(row)
        subjects = list(dict.fromkeys(t[0] for t in triples))
        text = n_triples(triples)
        judge(triples, text, subjects, [r.iri for r in chunk if r.matched], nearby)  # type: ignore[misc]
        sink(triples, text)
        done += len(chunk)
        if progress is not None:
            progress(done, len(rows))
    for rest in _batches(foreign.values()):
        subjects = list(dict.fromkeys(t[0] for t in rest))
        text = n_triples(rest)
        judge(rest, text, subjects, [n for n in subjects if (n, None, None) in reference], ())
        sink(rest, text)
    return blamed


def _batches(by_subject: Iterable[dict[Triple, None]]) -> Iterator[list[Triple]]:
    """The triples of ``by_subject`` in batches of about CHUNK_TRIPLES, each subject's triples in one batch."""
    batch: list[Triple] = []
    for triples in by_subject:
        if batch and len(batch) + len(triples) > CHUNK_TRIPLES:
            yield batch
            batch = []
        batch += triples
    if batch:
        yield batch


def graph_of(batches: Iterable[list[Triple]]) -> Graph:
    """The triples of ``batches`` as one rdflib Graph with partnerkg's prefixes."""
    g = Graph()
    bind_prefixes(g)
    for batch in batches:
        for t in batch:
            g.add(t)
    return g


