"""Spreadsheet rows: their cells, the problems found in them, and what rows may name.

A :class:`Row` holds a sheet row's cells by column; :class:`RowProblem` is one problem, printed as
``file:row:column: value — problem — what to write instead``. :class:`Reference` holds the vocabularies of the
reference graph (organisations, partnerships, regions, policies, barriers, facilitators), and
:func:`split_cell` splits a multi-value cell, rejoining pieces where a name itself holds a separator.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, TypeVar

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SKOS
from rdflib.term import Node

from partnerkg.errors import InputError
from partnerkg.namespaces import ORG, PK
from partnerkg.ontology import load_ontology
from partnerkg.spreadsheets.columns import Column, Table
from partnerkg.spreadsheets.files import CellProblem, Formula, Sheet, column_letter
from partnerkg.spreadsheets.values import Vocabulary, graph_vocabulary, key

__all__ = [
    "MAX_JOIN",
    "POLICY_RELATIONS",
    "QUALIFIER",
    "Organisations",
    "Reference",
    "Row",
    "RowProblem",
    "cell_text",
    "mark_duplicates",
    "ontology_facts",
    "reference_vocabularies",
    "sector_of_class",
    "sheet_rows",
    "split_cell",
]

T = TypeVar("T")

#: Most pieces of a multi-value cell joined back together when a name itself holds ';' or a line break.
MAX_JOIN = 8
QUALIFIER = re.compile(r"^\s*(required|encouraged|funded)\s+by\s*:\s*(.*)$", re.IGNORECASE | re.DOTALL)
POLICY_RELATIONS = {"required": PK.requires, "encouraged": PK.encourages, "funded": PK.funds}


@dataclass(frozen=True)
class RowProblem:
    """One problem of one row: where (file, row, column), the value, what is wrong and what to write."""

    source: str
    row: int
    column: str
    value: str
    problem: str
    instead: str
    order: tuple[int, int, int] = (0, 0, 0)

    def __str__(self) -> str:
        value = _show_value(self.value)
        return f"{self.source}:{self.row}:{self.column}: {value} — {self.problem} — {self.instead}"


def _show_value(value: Any) -> str:
    """A cell value for a message: quoted (escapes visible), at most 70 characters, '(empty)' for nothing."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return "(empty)"
    text = repr(value.text if isinstance(value, Formula) else value)
    return text if len(text) <= 70 else text[:67] + "…'"


@dataclass(eq=False, slots=True)
class Row:
    """One data row of a sheet: its cells by column key, and what checking it found and made.

    ``iri`` is the resource the row describes (minted, or ``matched`` to one of the reference graph); ``facts``
    are (predicate, object) pairs about it, ``reverse`` (subject, predicate) pairs pointing at it.
    """

    sheet: Sheet
    sheet_index: int
    number: int
    cells: dict[str, Any]  # column key -> value (its column: sheet.column_index)
    # What most rows leave empty defaults to one shared empty tuple (a 100,000-row import would otherwise hold
    # 600,000 empty lists); a field is given a list of its own when something is added to it.
    problems: Sequence[RowProblem] = ()
    name: str = ""
    name_key: str = ""
    iri: URIRef | None = None
    matched: bool = False
    facts: list[tuple[URIRef, Node]] = field(default_factory=list)
    reverse: Sequence[tuple[URIRef, URIRef]] = ()  # (subject, predicate) -> this row's iri
    regions: Sequence[tuple[str, URIRef]] = ()  # new regions: (label, iri)
    partners: Sequence[URIRef] = ()
    refs: Sequence[URIRef] = ()  # rows' IRIs this row depends on
    region_codes: Sequence[tuple[URIRef, Literal]] = ()  # (region, its GSS code)
    identifiers: Sequence[Literal] = ()  # the organisation's register identifiers
    membership: dict[str, Any] = field(default_factory=dict)  # a membership row's role and years

    @property
    def table(self) -> Table:
        return self.sheet.table

    def value(self, column: str) -> Any:
        return self.cells.get(column)

    def problem(self, column: str | None, value: Any, problem: str, instead: str) -> None:
        index = self.sheet.column_index.get(column, 0) if column else 0
        header = self.sheet.header[index - 1] if index else ""
        where = f"{column_letter(index)} ({header})" if index else ""
        self.problems = [*self.problems, RowProblem(self.sheet.source, self.number, where, value if isinstance(
            value, str) else _raw_text(value), problem, instead, (self.sheet_index, self.number, index))]


def _raw_text(value: Any) -> str:
    """A cell value as the text a problem reports (a formula as its text)."""
    if value is None:
        return ""
    if isinstance(value, Formula):
        return value.text
    return str(value)


def _crlf(value: Any) -> Any:
    """A Windows line break inside a cell is a line break (a lone carriage return stays, and is refused)."""
    return value.replace("\r\n", "\n") if isinstance(value, str) else value


def cell_text(value: Any) -> str:
    """A cell value as text: numbers without a spurious '.0', booleans as yes/no."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _map_columns(sheet: Sheet) -> dict[int, Column]:
    """Column index -> template column; InputError for a missing required column, a duplicate or a near miss."""
    table = sheet.table
    found: dict[int, Column] = {}
    seen: dict[str, int] = {}
    known = [k for c in table.columns for k in (key(c.header), key(c.key), *(key(a) for a in c.aliases))]
    ignored: list[str] = []
    for index, header in enumerate(sheet.header, start=1):
        col = table.column(header) if header else None
        letter = column_letter(index)
        if col is None:
            has_data = any(index <= len(r) and cell_text(r[index - 1]).strip() for _, r in sheet.rows)
            if not header:
                if has_data:
                    raise InputError(f"{sheet.source}:1:{letter}: this column has values but no header — write the "
                                     f"column name, one of: {', '.join(table.headers())}")
                continue
            close = difflib.get_close_matches(key(header), known, n=1, cutoff=0.8)
            if close:
                best = next(c.header for c in table.columns
                            if close[0] in (key(c.header), key(c.key), *(key(a) for a in c.aliases)))
                raise InputError(f"{sheet.source}:1:{letter}: unknown column {header!r} — did you mean {best!r}?")
            ignored.append(f"{letter} ({header})")
            continue
        if col.key in seen:
            raise InputError(f"{sheet.source}:1:{letter}: a second {col.header!r} column (the first is "
                             f"{column_letter(seen[col.key])}) — keep one")
        seen[col.key] = index
        found[index] = col
    missing = [c.header for c in table.columns if c.required and c.key not in seen]
    if missing:
        raise InputError(f"{sheet.source}: no {' or '.join(repr(m) for m in missing)} column in the header — the "
                         f"{table.name} header is: {', '.join(table.headers())}")
    sheet.ignored = ignored
    sheet.column_index = {col.key: i for i, col in found.items()}
    return found


def sheet_rows(sheet: Sheet, index: int) -> list[Row]:
    """The rows of ``sheet`` (the ``index``-th input sheet), with the problems reading found attached."""
    columns = _map_columns(sheet)
    by_row: dict[int, list[CellProblem]] = {}
    for p in sheet.problems:
        by_row.setdefault(p.row, []).append(p)
    out = []
    for number, values in sheet.rows:
        cells = {col.key: _crlf(values[i - 1]) if i <= len(values) else None for i, col in columns.items()}
        row = Row(sheet, index, number, cells)
        for p in by_row.pop(number, []):
            col = next((c.key for i, c in columns.items() if i == p.column), None)
            if col is None and p.column:
                letter = column_letter(p.column)
                row.problems = [*row.problems, RowProblem(sheet.source, number, letter, p.value, p.problem,
                                                          p.instead, (index, number, p.column))]
            else:
                row.problem(col, p.value, p.problem, p.instead)
        out.append(row)
    for number, problems in by_row.items():  # problems on rows without data (merged empty cells…)
        row = Row(sheet, index, number, {})
        row.problems = [RowProblem(sheet.source, number, column_letter(p.column) if p.column else "", p.value,
                                   p.problem, p.instead, (index, number, p.column)) for p in problems]
        out.append(row)
    return sorted(out, key=lambda r: r.number)


# ---- the reference graph ----------------------------------------------------------------------------------


@dataclass
class Reference:
    """The reference graph and its vocabularies: what rows may name besides each other. ``identifiers`` maps an
    organisation identifier (its text) to the organisations that carry it, ``region_codes`` a GSS code to the
    regions."""

    graph: Graph
    organisations: Vocabulary
    partnerships: Vocabulary
    regions: Vocabulary
    policies: Vocabulary
    barriers: Vocabulary
    facilitators: Vocabulary
    identifiers: dict[str, set[URIRef]] = field(default_factory=dict)
    region_codes: dict[str, set[URIRef]] = field(default_factory=dict)


def reference_vocabularies(graph: Graph) -> Reference:
    """The vocabularies of ``graph``: its organisations, partnerships, regions, policies, barriers, facilitators,
    and the identifiers of its organisations and regions."""
    identifiers: dict[str, set[URIRef]] = {}
    for s, o in graph.subject_objects(ORG.identifier):
        if isinstance(s, URIRef) and isinstance(o, Literal):
            identifiers.setdefault(str(o), set()).add(s)
    codes: dict[str, set[URIRef]] = {}
    for s, o in graph.subject_objects(SKOS.notation):
        if isinstance(s, URIRef) and isinstance(o, Literal) and o.datatype == PK.GSSCode:
            codes.setdefault(str(o), set()).add(s)
    return Reference(
        graph,
        graph_vocabulary(graph, "organisation", PK.Organisation),
        graph_vocabulary(graph, "partnership", PK.Partnership),
        graph_vocabulary(graph, "region", PK.Region),
        graph_vocabulary(graph, "policy", PK.Policy),
        graph_vocabulary(graph, "barrier", PK.Barrier),
        graph_vocabulary(graph, "facilitator", PK.Facilitator),
        identifiers,
        codes,
    )


@dataclass
class Organisations:
    """The organisations rows may name: this import's rows without problems, by name, by key and by identifier."""

    by_name: dict[str, Row]
    by_key: dict[str, set[URIRef]]
    iris: set[URIRef]
    by_identifier: dict[str, set[URIRef]] = field(default_factory=dict)
    semicolons: bool = False  # whether a name or identifier holds ';' (see RowChecker.joined_org)

    @classmethod
    def of(cls, rows: Iterable[Row]) -> Organisations:
        by_name: dict[str, Row] = {}
        by_key: dict[str, set[URIRef]] = {}
        by_identifier: dict[str, set[URIRef]] = {}
        for r in rows:
            assert r.iri is not None
            by_name[r.name_key] = r
            by_key.setdefault(key(r.name), set()).add(r.iri)
            for identifier in r.identifiers:
                by_identifier.setdefault(str(identifier), set()).add(r.iri)
        semicolons = any(";" in t for t in [*by_name, *by_identifier])
        return cls(by_name, by_key, {r.iri for r in by_name.values() if r.iri is not None}, by_identifier, semicolons)


@lru_cache(maxsize=1)
def ontology_facts() -> tuple[dict[URIRef, frozenset[URIRef]], dict[URIRef, URIRef]]:
    """pk: superclasses of every class, and sector -> the class 'Organisation with that sector'."""
    onto = load_ontology()
    supers: dict[URIRef, frozenset[URIRef]] = {}
    for cls in set(onto.subjects(RDF.type, OWL.Class)):
        if isinstance(cls, URIRef):
            supers[cls] = frozenset(s for s in onto.transitive_objects(cls, RDFS.subClassOf)
                                    if isinstance(s, URIRef) and str(s).startswith(str(PK)))
    sector_class: dict[URIRef, URIRef] = {}
    for cls, eq in onto.subject_objects(OWL.equivalentClass):
        for members in onto.objects(eq, OWL.intersectionOf):
            for m in onto.items(members):
                if onto.value(m, OWL.onProperty) == PK.sector and isinstance(cls, URIRef):
                    sector_class[onto.value(m, OWL.hasValue)] = cls  # type: ignore[index]
    return supers, sector_class


def sector_of_class(cls: URIRef) -> URIRef | None:
    supers, sector_class = ontology_facts()
    implied = [s for s, c in sector_class.items() if c in supers.get(cls, frozenset())]
    return implied[0] if len(implied) == 1 else None


# ---- splitting multi-value cells --------------------------------------------------------------------------


def split_cell(text: str, lookup: Callable[[str], T | None],
           exact: Callable[[str], T | None] | None = None) -> tuple[list[T], list[str], bool]:
    """Split a multi-value cell on ';' and line breaks — rejoining pieces where a name itself holds a separator.

    ``lookup`` resolves one piece; ``exact`` (default: ``lookup``) resolves pieces joined back together and
    should accept only exact names, so that "A; B" is not read as an organisation "AB". Returns (values,
    pieces that name nothing, ambiguous). A cell is ambiguous when it can be read in two ways (an
    organisation called "A; B" and two called "A" and "B").
    """
    exact = exact or lookup
    tokens = re.split(r"(;|\n)", text)
    items = tokens[0::2]
    n = len(items)
    ways = [0] * (n + 1)
    back: list[tuple[int, T | None]] = [(0, None)] * (n + 1)
    ways[0] = 1
    for j in range(1, n + 1):
        for i in range(max(0, j - MAX_JOIN), j):
            if not ways[i]:
                continue
            segment = "".join(tokens[2 * i: 2 * j - 1]).strip()
            if not segment:
                if j == i + 1:
                    ways[j] = min(2, ways[j] + ways[i])
                    back[j] = (i, None)
                continue
            found = lookup(segment) if j == i + 1 else exact(segment)
            if found is not None:
                ways[j] = min(2, ways[j] + ways[i])
                back[j] = (i, found)
    if ways[n] == 1:
        values: list[T] = []
        j = n
        while j > 0:
            i, v = back[j]
            if v is not None:
                values.append(v)
            j = i
        return list(reversed(values)), [], False
    if ways[n] == 0:
        return [], [s.strip() for s in items if s.strip() and lookup(s.strip()) is None] or [text.strip()], False
    return [], [], True


def mark_duplicates(rows: list[Row]) -> None:
    first: dict[tuple[str, URIRef | str], Row] = {}
    for row in rows:
        if row.problems or not row.name_key:
            continue
        k = (row.table.name, row.iri or row.name_key)
        if k in first:
            other = first[k]
            row.problem("name", row.name, f"the same {row.table.name[:-1]} as {other.sheet.source} row {other.number}"
                        f" ({other.name!r})", "keep one row per name (names are compared ignoring case and spacing)")
        else:
            first[k] = row
