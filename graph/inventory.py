"""The inventory of the five source texts and how much of it the graph holds.

``graph/inventory.csv`` lists one row per item of every source text — each box entry, table row, numbered or
bulleted list item, named organisation, policy, partnership, study, figure, barrier, facilitator, lesson,
recommendation, definition and cited work — with the source file, where the item is (box, table, list or
section), its first words as the text prints them, and the IRI of the entity that holds it (an id such as
``figure/eden-plus-organisations-nominated`` or an ontology individual such as ``pk:CoLocationModel``).

Three checks keep it honest (``tests/graph/test_inventory.py`` runs them on the shipped graph):

* :func:`row_problems`: every row's IRI is in the graph with a type, carries a quote from the row's source,
  and one of those quotes contains the row's first words (whitespace collapsed, nothing else changed);
* :func:`unlisted_items`: every box ("Box N"), table ("Table N"), numbered run ((i), (ii)…; 1, 2…;
  "Phase N"; "Recommendation N:"), bulleted item ("•", "-") and reference-list entry that the texts hold has a
  row whose first words begin it; bullets the extraction left on lines of their own are counted against the
  rows of list items;
* :func:`coverage`: the share of rows whose IRI is an entity with a type, a relation to another resource
  (other than its type, provenance, scheme, list membership or source document) and a quote from the row's
  source.

``python -m partnerkg.graph.inventory [GRAPH_FILE] [SEEDS_DIR]`` prints the problems and the coverage of a
built graph (ontology and data, e.g. ``build/partnerkg.ttl``; by default the shipped graph).

>>> rows = read_inventory()
>>> len(rows) > 500 and rows[0].source.endswith(".txt")
True
"""

from __future__ import annotations

import csv
import io
import re
import sys
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, SKOS

from partnerkg.graph.quotes import squash
from partnerkg.namespaces import ID, PK
from partnerkg.store.graphs import shipped_graph

__all__ = [
    "INVENTORY_FILE",
    "ITEM_KINDS",
    "Coverage",
    "DetectedItem",
    "Row",
    "coverage",
    "detect_items",
    "read_inventory",
    "resolve",
    "row_problems",
    "unlisted_items",
]

#: The inventory, next to this module (a development file: not shipped in wheels).
INVENTORY_FILE = Path(__file__).resolve().parent / "inventory.csv"
COLUMNS = ["source", "location", "kind", "first_words", "iri"]
#: Kinds of row that are entries of a box, table or list (what a bullet of the text stands for).
ITEM_KINDS = frozenset({"box-entry", "list-item", "table-row", "table-cell", "numbered-item", "lesson", "reference"})
#: Links that do not count as relations for coverage: typing, the provenance of the data (derivations), the
#: materialised scheme, list membership and the citing source.
NOT_RELATIONS = frozenset({
    RDF.type, SKOS.inScheme, PK.hasItem, PK.itemOf, PK.citedIn, PK.exampleIn,
    PROV.wasDerivedFrom, PROV.qualifiedDerivation, PROV.entity,
})

_ROMAN = ["i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x", "xi", "xii", "xiii", "xiv", "xv"]
_BULLET = re.compile(r"^\s*[•\-]\s+(\S.*)$")
_LONE_BULLET = re.compile(r"^\s*•\s*$")
_ROMAN_ITEM = re.compile(r"^\((" + "|".join(_ROMAN) + r")\)\s+(\S.*)$")
_ARABIC_ITEM = re.compile(r"^(\d{1,2})\s+([A-Z“‘\"].*)$")
_PHASE = re.compile(r"^Phase (\d+)\s*[-–]\s*(\S.*)$")
_RECOMMENDATION = re.compile(r"^Recommendation (\d+):\s*(\S.*)$")
_BOX_OR_TABLE = re.compile(r"\b(Box|Table) (\d+)\b")
_YEAR_IN_BRACKETS = re.compile(r"\(\d{4}\)")


@dataclass(frozen=True)
class Row:
    """One inventory row; ``line`` is its line in the CSV file (the header is line 1)."""

    source: str
    location: str
    kind: str
    first_words: str
    iri: str
    line: int

    def __str__(self) -> str:
        return (f"inventory.csv:{self.line}: {self.source} [{self.location}] {self.kind} {self.first_words!r}"
                f" -> {self.iri}")


@dataclass(frozen=True)
class DetectedItem:
    """A box, table, list item or reference found in a source text."""

    source: str
    kind: str  # "box", "table", "bullet", "numbered", "reference"
    label: str  # "Box 2", "(iv)", "Phase 3", "•" ...
    text: str  # the item's first line, whitespace collapsed ("" for a box or table)
    line: int

    def __str__(self) -> str:
        what = f"{self.label} {self.text[:80]!r}" if self.text else self.label
        return f"{self.source}:{self.line}: {self.kind} {what}"


@dataclass(frozen=True)
class Coverage:
    """How many rows are entities with a type, a relation and a quote from their source."""

    total: int
    covered: int
    uncovered: tuple[Row, ...]
    by_kind: dict[str, tuple[int, int]]  # kind -> (covered, total)

    @property
    def share(self) -> float:
        return self.covered / self.total if self.total else 0.0

    def __str__(self) -> str:
        return (f"{self.covered} of {self.total} inventory items ({self.share:.1%}) are entities with type, relations"
                " and a quote")


def read_inventory(text: str | None = None) -> list[Row]:
    """The rows of ``graph/inventory.csv`` (or of ``text``, in the same format)."""
    if text is None:
        text = INVENTORY_FILE.read_text(encoding="utf-8")
    reader = csv.reader(io.StringIO(text))
    header = next(reader)
    if header != COLUMNS:
        raise ValueError(f"inventory.csv:1: expected the columns {','.join(COLUMNS)}, got {','.join(header)}")
    rows = []
    for n, fields in enumerate(reader, start=2):
        if not fields:
            continue
        if len(fields) != len(COLUMNS) or not all(f.strip() for f in fields):
            raise ValueError(f"inventory.csv:{n}: expected {len(COLUMNS)} non-empty fields, got {fields!r}")
        rows.append(Row(*fields, line=n))
    return rows


def resolve(iri: str) -> URIRef:
    """An inventory IRI as an RDF term: ``pk:Name`` or an id such as ``organisation/turning-point``."""
    if iri.startswith("pk:"):
        return PK[iri[3:]]
    if iri.startswith("http://") or iri.startswith("https://"):
        return URIRef(iri)
    return ID[iri]


def _source_documents(graph: Graph) -> dict[str, URIRef]:
    return {str(i): s for s, i in graph.subject_objects(DCTERMS.identifier)
            if (s, RDF.type, PK.SourceDocument) in graph}


def _quotes(graph: Graph, subject: URIRef, document: URIRef | None) -> list[str]:
    out = []
    for d in graph.objects(subject, PROV.qualifiedDerivation):
        if document is not None and (d, PROV.entity, document) in graph:
            out.extend(squash(str(q)) for q in graph.objects(d, PK.quote))
    return out


def _has_relation(graph: Graph, node: URIRef, documents: set[URIRef]) -> bool:
    for p, o in graph.predicate_objects(node):
        if isinstance(o, Literal) or p in NOT_RELATIONS or o in documents:
            continue
        return True
    for _, p in graph.subject_predicates(node):
        if p in NOT_RELATIONS:
            continue
        return True
    return False


def row_problems(rows: Iterable[Row], graph: Graph) -> list[str]:
    """Every row whose IRI is missing, untyped, unquoted from its source, or whose first words no quote holds."""
    documents = _source_documents(graph)
    problems = []
    for row in rows:
        node = resolve(row.iri)
        document = documents.get(row.source)
        if document is None:
            problems.append(f"{row}: {row.source} is not a source document of the graph")
            continue
        if (node, RDF.type, None) not in graph:
            problems.append(f"{row}: {node} is not in the graph (no rdf:type)")
            continue
        quotes = _quotes(graph, node, document)
        if not quotes:
            problems.append(f"{row}: {node} has no quote from {row.source}")
        elif not any(squash(row.first_words) in q for q in quotes):
            problems.append(f"{row}: none of the {len(quotes)} quotes of {node} from {row.source} holds the first"
                            " words")
    return problems


def detect_items(source: str, text: str) -> Iterator[DetectedItem]:
    """The boxes, tables, numbered runs, bulleted items and references a source text holds."""
    seen: set[str] = set()
    for m in _BOX_OR_TABLE.finditer(text):
        label = f"{m.group(1)} {m.group(2)}"
        if label not in seen:
            seen.add(label)
            yield DetectedItem(source, m.group(1).lower(), label, "", text.count("\n", 0, m.start()) + 1)
    lines = text.split("\n")
    arabic: list[DetectedItem] = []
    in_references = False
    for n, raw in enumerate(lines, start=1):
        line = raw.strip()
        if in_references:
            if line and _YEAR_IN_BRACKETS.search(line):
                yield DetectedItem(source, "reference", "reference", squash(line), n)
                continue
            if line:
                in_references = False
        if line == "References":
            in_references = True
            continue
        if _LONE_BULLET.match(raw):
            yield DetectedItem(source, "bullet", "•", "", n)
        elif m := _BULLET.match(raw):
            yield DetectedItem(source, "bullet", raw.strip()[0], squash(m.group(1)), n)
        elif m := _ROMAN_ITEM.match(line):
            yield DetectedItem(source, "numbered", f"({m.group(1)})", squash(m.group(2)), n)
        elif m := _PHASE.match(line):
            yield DetectedItem(source, "numbered", f"Phase {m.group(1)}", squash(m.group(2)), n)
        elif m := _RECOMMENDATION.match(line):
            yield DetectedItem(source, "numbered", f"Recommendation {m.group(1)}", squash(m.group(2)), n)
        elif m := _ARABIC_ITEM.match(line):
            arabic.append(DetectedItem(source, "numbered", m.group(1), squash(m.group(2)), n))
    # arabic numbers count only in runs (1, 2, 3 … in order): a lone "4 Working with …" is a heading
    run: list[DetectedItem] = []
    for item in [*arabic, DetectedItem(source, "numbered", "0", "", 0)]:
        if run and int(item.label) == int(run[-1].label) + 1:
            run.append(item)
            continue
        if len(run) >= 2:
            yield from run
        run = [item] if item.label == "1" else []


def _begins(first_words: str, item_text: str) -> bool:
    fw = squash(first_words)
    if len(fw) < min(len(item_text), 10):
        return False
    return item_text.startswith(fw) or fw.startswith(item_text)


def unlisted_items(rows: Iterable[Row], seeds_dir: str | Path) -> list[str]:
    """Every detected box, table, list item or reference of the texts that no row lists."""
    rows = list(rows)
    by_source: dict[str, list[Row]] = {}
    for row in rows:
        by_source.setdefault(row.source, []).append(row)
    problems = []
    for path in sorted(Path(seeds_dir).glob("*.txt")):
        mine = by_source.get(path.name, [])
        lone_bullets = 0
        for item in detect_items(path.name, path.read_text(encoding="utf-8")):
            if item.kind in ("box", "table"):
                if not any(re.match(rf"{re.escape(item.label)}\b", r.location) for r in mine):
                    problems.append(f"{item}: no inventory row is located in it")
            elif item.label == "•" and not item.text:
                lone_bullets += 1
            elif not any(_begins(r.first_words, item.text) for r in mine):
                problems.append(f"{item}: no inventory row begins with its first words")
        listed = sum(1 for r in mine if r.kind in ITEM_KINDS)
        if lone_bullets > listed:
            problems.append(f"{path.name}: {lone_bullets} bullets stand on lines of their own but only {listed} rows "
                            f"list box, table or list items")
    return problems


def coverage(rows: Iterable[Row], graph: Graph) -> Coverage:
    """How many rows are entities with a type, a relation to another resource and a quote from their source."""
    documents = _source_documents(graph)
    document_nodes = set(documents.values())
    covered, uncovered = 0, []
    totals: Counter[str] = Counter()
    hits: Counter[str] = Counter()
    rows = list(rows)
    for row in rows:
        node = resolve(row.iri)
        totals[row.kind] += 1
        ok = (
            (node, RDF.type, None) in graph
            and bool(_quotes(graph, node, documents.get(row.source)))
            and _has_relation(graph, node, document_nodes)
        )
        if ok:
            covered += 1
            hits[row.kind] += 1
        else:
            uncovered.append(row)
    return Coverage(len(rows), covered, tuple(uncovered), {k: (hits[k], totals[k]) for k in sorted(totals)})


def main(argv: list[str]) -> int:
    """``python -m partnerkg.graph.inventory [GRAPH_FILE] [SEEDS_DIR]``: problems and coverage."""
    if argv and argv[0] not in ("-", ""):
        graph = Graph()
        graph.parse(argv[0])
    else:
        graph = shipped_graph()
    seeds = Path(argv[1]) if len(argv) > 1 else Path.cwd().parent / "shared" / "seeds"
    rows = read_inventory()
    problems = row_problems(rows, graph)
    if seeds.is_dir():
        problems += unlisted_items(rows, seeds)
    else:
        print(f"no source texts at {seeds}: unlisted items not checked", file=sys.stderr)
    for p in problems:
        print(p)
    result = coverage(rows, graph)
    for kind, (hit, total) in result.by_kind.items():
        print(f"  {kind:18} {hit:4} / {total}")
    print(result)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
