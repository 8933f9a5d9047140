"""Checking spreadsheet rows: what each cell says on its own, then the references between rows and to the
reference graph (partners, parent organisations), until every row without a problem refers only to rows
without problems. See :mod:`partnerkg.spreadsheets.importer` for the whole import.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable
from typing import Any

from rdflib import Graph, Literal, URIRef
from rdflib import namespace as rdflib_namespaces

from partnerkg import namespaces
from partnerkg.iri import clean_name, mint_iri, name_hash, normalise_name, slug, xml_problem
from partnerkg.lookalikes import INVISIBLE, describe, differences, skeleton, strip_invisible
from partnerkg.namespaces import ID, made_once
from partnerkg.spreadsheets.columns import MEMBERSHIPS, ORGANISATIONS, PARTNERSHIPS
from partnerkg.spreadsheets.files import Formula
from partnerkg.spreadsheets.rows import (
    POLICY_RELATIONS,
    QUALIFIER,
    Organisations,
    Row,
    cell_text,
    ontology_facts,
    reference_vocabularies,
    sector_of_class,
    split_cell,
)
from partnerkg.spreadsheets.values import (
    ValueProblem,
    Vocabulary,
    as_iri,
    key,
    ontology_vocabularies,
    parse_boolean,
    parse_gss_code,
    parse_identifier,
    parse_ods_code,
    parse_website,
    parse_year,
)

# the terms every row uses, made once (a namespace's attribute makes a new URIRef on every read)
PK, ORG = made_once(namespaces.PK), made_once(namespaces.ORG)
DCTERMS, FOAF, RDF, RDFS, SKOS = (made_once(getattr(rdflib_namespaces, n))
                                  for n in ("DCTERMS", "FOAF", "RDF", "RDFS", "SKOS"))

__all__ = ["RowChecker"]

#: A region cell's entry "Name (E08000035)" and a GSS code alone (checked against the scheme's own pattern).
_GSS_AFTER = re.compile(r"^(.*\S)\s*\(\s*([A-Za-z]\d+)\s*\)$")
_GSS_ALONE = re.compile(r"^[A-Za-z]\d{6,10}$")


class RowChecker:
    """Checks rows against the ontology's vocabularies and a reference graph: :meth:`check_local` for what a
    row says on its own, :meth:`resolve_references` for partners and parents."""

    def __init__(self, reference: Graph) -> None:
        self.ref = reference_vocabularies(reference)
        self.vocab = ontology_vocabularies()
        self.warnings: list[str] = []
        self.import_codes: dict[str, set[URIRef]] = {}  # GSS code -> regions this import names with it
        self._ref_semicolons: bool | None = None

    # -- phase A: what a row says on its own --
    def check_local(self, row: Row) -> None:
        for column, value in row.cells.items():
            if isinstance(value, Formula):
                row.problem(column, value, "a formula where a value belongs",
                            "replace it with its value (copy the cells, then paste values only)")
            elif isinstance(value, str) and (problem := xml_problem(value)):
                row.problem(column, value, problem, "delete that character or replace it with a space")
        if row.problems:
            return
        if row.table is MEMBERSHIPS:
            self.check_membership(row)
            return
        raw = cell_text(row.value("name"))
        row.name = clean_name(raw)
        row.name_key = normalise_name(row.name)
        if not row.name_key:
            row.problem("name", raw, "no name", f"write the {row.table.name[:-1]}'s name (every row needs one)")
            return
        if strip_invisible(raw) != raw:
            gone = ", ".join(describe(c) for c in dict.fromkeys(raw) if c in INVISIBLE or c in "\u200c\u200d")
            self.warnings.append(f"{row.sheet.source}:{row.number}: the name {raw!r} held invisible characters, "
                                 f"removed: {gone} — the name is {row.name!r}")
        if row.table is ORGANISATIONS:
            self.check_organisation(row)
        else:
            self.check_partnership(row)

    def controlled(self, row: Row, column: str, vocab: Vocabulary) -> URIRef | None:
        value = row.value(column)
        if not cell_text(value).strip():
            return None
        try:
            return vocab.resolve(cell_text(value))
        except ValueProblem as err:
            row.problem(column, cell_text(value), err.problem, err.instead)
            return None

    def check_organisation(self, row: Row) -> None:
        exact = self.ref.organisations.named(row.name)
        if len(exact) > 1:
            row.problem("name", row.name, f"{len(exact)} organisations of the graph are called this",
                        "give this organisation a more specific name")
            return
        if exact:
            row.iri, row.matched = next(iter(exact)), True
        else:
            row.iri = mint_iri("organisation", row.name)
            row.facts.append((RDFS.label, Literal(row.name, lang="en")))
        sector = self.controlled(row, "sector", self.vocab["sector"])
        kind = self.controlled(row, "kind", self.vocab["kind"])
        existing = self.ref.graph.value(row.iri, PK.sector) if row.matched else None
        if row.matched and existing is None:
            existing = next((sector_of_class(c) for c in self.ref.graph.objects(row.iri, RDF.type)
                             if isinstance(c, URIRef) and sector_of_class(c)), None)
        if sector is not None and existing is not None and sector != existing:
            row.problem("sector", cell_text(row.value("sector")), f"{row.name!r} is in the graph with the "
                        f"{self.vocab['sector'].labels.get(existing, existing)}",
                        "leave the sector empty or write that sector")
        implied = sector_of_class(kind) if kind is not None else None
        actual = sector or existing
        if implied is not None and actual is not None and implied != actual:
            labels = self.vocab["sector"].labels
            row.problem("kind", cell_text(row.value("kind")), f"a kind in the {labels[implied]}, but the sector is "
                        f"the {labels[actual]}", "change the kind or the sector")
        supers, sector_class = ontology_facts()
        types: set[URIRef] = set()
        if kind is not None or not row.matched:
            base = kind or PK.Organisation
            types |= {base, *supers.get(base, frozenset())}
        sector = sector or (implied if not row.matched else None)
        if sector is not None:
            row.facts.append((PK.sector, sector))
            types |= {sector_class[sector], *supers.get(sector_class[sector], frozenset())}
        row.facts.extend((RDF.type, t) for t in sorted(types))
        website = row.value("website")
        if cell_text(website).strip():
            try:
                row.facts.append((FOAF.homepage, parse_website(cell_text(website))))
            except ValueProblem as err:
                row.problem("website", cell_text(website), err.problem, err.instead)
        self.check_identifiers(row)
        for piece in re.split(r"[;\n]", cell_text(row.value("region"))):
            name = clean_name(piece)
            if not name:
                continue
            code = None
            if _GSS_ALONE.match(name):  # a GSS code alone names the region of the graph that has it
                try:
                    literal = parse_gss_code(name)
                except ValueProblem as err:
                    row.problem("region", name, err.problem, err.instead)
                    continue
                holders = self.ref.region_codes.get(str(literal), set()) or self.import_codes.get(str(literal), set())
                if len(holders) != 1:
                    row.problem("region", name, "no region of the graph or of this import has this GSS code"
                                if not holders else "several regions have this GSS code",
                                "write the region's name with the code in brackets, e.g. Leeds (E08000035)")
                    continue
                row.facts.append((PK.region, next(iter(holders))))
                continue
            if (m := _GSS_AFTER.match(name)) is not None:
                try:
                    code = parse_gss_code(m.group(2))
                except ValueProblem as err:
                    row.problem("region", name, err.problem, err.instead)
                    continue
                name = clean_name(m.group(1))
            found = self.ref.regions.lookup(name)
            if found is None and as_iri(name) is not None:
                row.problem("region", name, f"<{as_iri(name)}> is not a region of the graph",
                            "write a region's name (a new name adds a new region)")
                continue
            if found is None:
                found = mint_iri("region", name)
                row.regions = [*row.regions, (name, found)]
                close = difflib.get_close_matches(key(name), [key(v) for v in self.ref.regions.labels.values()],
                                                  n=1, cutoff=0.85)
                if close:
                    known = next(v for v in self.ref.regions.labels.values() if key(v) == close[0])
                    self.warnings.append(f"{row.sheet.source}:{row.number}: region {name!r} is new; did you mean "
                                         f"{known!r}?")
            if code is not None:
                held = [o for o in self.ref.graph.objects(found, SKOS.notation)
                        if isinstance(o, Literal) and o.datatype == PK.GSSCode]
                if held and code not in held:
                    row.problem("region", clean_name(piece), f"the graph gives {name!r} the GSS code {held[0]}",
                                f"write {held[0]}, or leave the code out")
                    continue
                if not held:
                    row.region_codes = [*row.region_codes, (found, code)]
            row.facts.append((PK.region, found))

    def collect_region_codes(self, rows: list[Row]) -> None:
        """The GSS codes this import gives regions ("Leeds (E08000035)"), so that another row may name the region
        by its code alone, whatever the row order."""
        for row in rows:
            if row.table is not ORGANISATIONS:
                continue
            for piece in re.split(r"[;\n]", cell_text(row.value("region"))):
                m = _GSS_AFTER.match(clean_name(piece))
                if m is None:
                    continue
                try:
                    code = parse_gss_code(m.group(2))
                except ValueProblem:
                    continue  # reported when the row is checked
                name = clean_name(m.group(1))
                region = self.ref.regions.lookup(name) or mint_iri("region", name)
                self.import_codes.setdefault(str(code), set()).add(region)

    def check_identifiers(self, row: Row) -> None:
        """The organisation's register identifiers (``identifiers`` in org-id.guide form, ``ods code``)."""
        for piece in re.split(r"[;\n]", cell_text(row.value("identifiers"))):
            text = piece.strip()
            if text:
                try:
                    row.identifiers = [*row.identifiers, parse_identifier(text)]
                except ValueProblem as err:
                    row.problem("identifiers", text, err.problem, err.instead)
        ods = cell_text(row.value("ods code")).strip()
        if ods:
            try:
                row.identifiers = [*row.identifiers, parse_ods_code(ods)]
            except ValueProblem as err:
                row.problem("ods code", ods, err.problem, err.instead)
        if row.identifiers:
            row.identifiers = list(dict.fromkeys(row.identifiers))
        row.facts.extend((ORG.identifier, i) for i in row.identifiers)
        for identifier in row.identifiers:
            others = self.ref.identifiers.get(str(identifier), set()) - {row.iri}
            for other in sorted(others):
                label = self.ref.organisations.labels.get(other, str(other))
                self.warnings.append(f"{row.sheet.source}:{row.number}: {identifier} is also the identifier of "
                                     f"{label!r} in the graph; if this row is that organisation, use its name")

    def check_membership(self, row: Row) -> None:
        """What a membership row says on its own: who and of what (resolved later), the role and the years."""
        partnership = clean_name(cell_text(row.value("partnership")))
        member = clean_name(cell_text(row.value("member")))
        for column, text in (("partnership", partnership), ("member", member)):
            if not text:
                row.problem(column, "", f"no {column}", f"write the {column} (every membership row needs one)")
        role = clean_name(cell_text(row.value("role")))
        years: dict[str, Literal] = {}
        for column in ("start year", "end year"):
            value = row.value(column)
            if cell_text(value).strip():
                try:
                    years[column] = parse_year(value)
                except ValueProblem as err:
                    row.problem(column, cell_text(value), err.problem, err.instead)
        if len(years) == 2 and int(years["end year"]) < int(years["start year"]):
            row.problem("end year", str(years["end year"]), f"before the start year {years['start year']}",
                        "check both years")
        if not role and not years and not row.problems:
            row.problem("start year", "", "a membership without a role or a year says nothing the partnership's "
                        "partners column does not", "write the years, the role, or both")
        if row.problems:
            return
        row.membership = {"partnership": partnership, "member": member, "role": role,
                          "start": years.get("start year"), "end": years.get("end year")}
        row.name = f"{member} in {partnership}"
        row.name_key = normalise_name("|".join([partnership, member, role, *(str(years.get(c, "")) for c in
                                                                                ("start year", "end year"))]))
        row.iri = mint_iri("membership", row.name_key)  # made final once partnership and member are resolved

    def check_partnership(self, row: Row) -> None:
        exact = self.ref.partnerships.named(row.name)
        if len(exact) > 1:
            row.problem("name", row.name, f"{len(exact)} partnerships of the graph are called this",
                        "give this partnership a more specific name")
            return
        if exact:
            row.iri, row.matched = next(iter(exact)), True
        else:
            row.iri = mint_iri("partnership", row.name)
            row.facts += [(RDF.type, PK.Partnership), (RDFS.label, Literal(row.name, lang="en"))]
        for column, prop in (("model", PK.partnershipModel), ("stage", PK.lifeCycleStage)):
            value = self.controlled(row, column, self.vocab[column])
            if value is not None:
                row.facts.append((prop, value))
        formal = row.value("formal")
        if cell_text(formal).strip():
            try:
                row.facts.append((PK.isFormal, Literal(parse_boolean(formal))))
            except ValueProblem as err:
                row.problem("formal", cell_text(formal), err.problem, err.instead)
        years = {}
        for column, prop in (("start year", PK.startYear), ("end year", PK.endYear)):
            value = row.value(column)
            if cell_text(value).strip():
                try:
                    years[column] = parse_year(value)
                    row.facts.append((prop, years[column]))
                except ValueProblem as err:
                    row.problem(column, cell_text(value), err.problem, err.instead)
        if len(years) == 2 and int(years["end year"]) < int(years["start year"]):
            row.problem("end year", str(years["end year"]), f"before the start year {years['start year']}",
                        "check both years")
        self.multiple(row, "working mode", self.vocab["working mode"], lambda v: row.facts.append((PK.workingMode, v)))
        self.multiple(row, "barriers", self.ref.barriers, lambda v: row.facts.append((PK.facesBarrier, v)))
        self.multiple(row, "facilitators", self.ref.facilitators, lambda v: row.facts.append((PK.facilitatedBy, v)))
        self.multiple(row, "features", self.vocab["feature"], lambda v: row.facts.append((PK.hasFeature, v)))
        self.multiple(row, "lacks features", self.vocab["feature"], lambda v: row.facts.append((PK.lacksFeature, v)))

        def policy(text: str, exact: bool = False) -> tuple[URIRef | None, URIRef] | None:
            m = QUALIFIER.match(text)
            name = m.group(2) if m else text
            found = self.ref.policies.exact(name) if exact else self.ref.policies.lookup(name)
            if found is None:
                return None
            return (POLICY_RELATIONS[m.group(1).lower()] if m else None), found

        def add_policy(value: tuple[URIRef | None, URIRef]) -> None:
            relation, iri = value
            if relation is None:
                row.facts.append((DCTERMS.relation, iri))
            else:
                row.reverse = [*row.reverse, (iri, relation)]

        self.multiple(row, "related policies", self.ref.policies, add_policy, lookup=policy,
                      exact=lambda t: policy(t, exact=True),
                      strip=lambda t: m.group(2) if (m := QUALIFIER.match(t)) else t)
        notes = cell_text(row.value("notes")).replace("\r\n", "\n").strip()
        if notes:
            row.facts.append((SKOS.note, Literal(notes, lang="en")))

    def multiple(self, row: Row, column: str, vocab: Vocabulary, add: Callable[[Any], None], *,
                 lookup: Callable[[str], Any] | None = None, exact: Callable[[str], Any] | None = None,
                 strip: Callable[[str], str] = lambda t: t) -> None:
        """Resolve the values of a multi-value cell with ``vocab`` (or ``lookup``/``exact``) and ``add`` each."""
        text = cell_text(row.value(column)).replace("\r\n", "\n")
        if not text.strip():
            return
        values, unknown, ambiguous = split_cell(text, lookup or vocab.lookup, exact or vocab.exact)
        if ambiguous:
            row.problem(column, text, "can be read in more than one way (a name holds ';' or a line break)",
                        "write the names as IRIs in <…>")
        for piece in unknown:
            try:
                vocab.resolve(strip(piece))
                problem, instead = "not understood", "separate the values with ';'"
            except ValueProblem as err:
                problem, instead = err.problem, err.instead
            row.problem(column, piece, problem, instead)
        for v in dict.fromkeys(values):
            add(v)

    # -- phase B: references between rows and to the graph --
    def resolve_references(self, rows: list[Row]) -> None:
        """Resolve parents and partners against the rows without problems and the reference graph; rows
        that refer to a row with problems get a problem of their own, until nothing changes."""
        pending = [r for r in rows if r.iri is not None and not r.problems]
        while True:
            good = Organisations.of(r for r in pending if r.table is ORGANISATIONS)
            bad = {r.name_key: r for r in rows if r.table is ORGANISATIONS and r.problems and r.name_key}
            changed = False
            partnerships = {r.name_key: r for r in pending if r.table is PARTNERSHIPS}
            bad_partnerships = {r.name_key: r for r in rows if r.table is PARTNERSHIPS and r.problems and r.name_key}
            for row in pending:
                row.partners, row.refs = (), ()
                before = len(row.problems)
                if row.table is ORGANISATIONS:
                    self.parent(row, good, bad)
                elif row.table is MEMBERSHIPS:
                    self.member(row, good, bad, partnerships, bad_partnerships)
                else:
                    self.partners(row, good, bad)
                changed |= len(row.problems) > before
            changed |= self.parent_cycles([r for r in pending if not r.problems])
            pending = [r for r in pending if not r.problems]
            if not changed:
                return

    def parent_cycles(self, rows: list[Row]) -> bool:
        """A problem for every organisation row whose parent chain comes back to it (A in B, B in A), through
        this import's rows and the reference graph's org:subOrganizationOf; whether there was any."""
        parents: dict[URIRef, list[URIRef]] = {}
        names: dict[URIRef, str] = {}
        for r in rows:
            if r.table is ORGANISATIONS and r.refs and r.iri is not None:
                parents[r.iri] = [r.refs[0]]
                names[r.iri] = r.name

        def up(node: URIRef) -> list[URIRef]:
            found = list(parents.get(node, []))
            found += [o for o in self.ref.graph.objects(node, ORG.subOrganizationOf) if isinstance(o, URIRef)]
            return found

        def name(node: URIRef) -> str:
            return names.get(node) or self.ref.organisations.labels.get(node) or str(node)

        any_cycle = False
        for r in rows:
            if r.iri not in parents:
                continue
            path, stack, seen = [r.iri], [(r.iri, iter(up(r.iri)))], {r.iri}
            cycle: list[URIRef] | None = None
            while stack and cycle is None and len(seen) < 10_000:
                _node, children = stack[-1]
                child = next(children, None)
                if child is None:
                    stack.pop()
                    path.pop()
                elif child == r.iri:
                    cycle = [*path, child]
                elif child not in seen:
                    seen.add(child)
                    path.append(child)
                    stack.append((child, iter(up(child))))
            if cycle is not None:
                chain = " → ".join(repr(name(n)) for n in cycle)
                r.problem("parent", cell_text(r.value("parent")), f"makes a cycle of parents: {chain} — an "
                          "organisation cannot be part of itself", "remove the parent of one of them")
                any_cycle = True
        return any_cycle

    def find_org(self, text: str, good: Organisations, loose: bool = True) -> URIRef | None:
        """The organisation ``text`` names: an IRI, else an exact name (this import first, then the graph),
        else — if ``loose`` — a unique name that differs only in case, accents and punctuation."""
        iri = as_iri(text)
        if iri is not None:
            return iri if iri in self.ref.organisations or iri in good.iris else None
        n = normalise_name(text)
        if n in good.by_name:
            return good.by_name[n].iri
        exact = self.ref.organisations.named(text)
        if len(exact) == 1:
            return next(iter(exact))
        if exact:
            return None
        by_identifier = self.by_identifier(text, good)
        if by_identifier is not None or not loose:
            return by_identifier
        found = good.by_key.get(key(text), set()) | self.ref.organisations.matches(text)
        return next(iter(found)) if len(found) == 1 else None

    def joined_org(self, text: str, good: Organisations) -> URIRef | None:
        """``find_org(text, good, loose=False)`` for pieces of a cell joined back together.

        A join across ';' can only be an IRI, or a name or identifier that holds ';' (normalising keeps it, and
        an identifier's text is part of the cell's): when no organisation has one, such a join names nothing.
        That is most imports, and skips the lookups of every join of every partners cell."""
        if ";" in text and not good.semicolons and not self._reference_semicolons() and as_iri(text) is None:
            return None
        return self.find_org(text, good, loose=False)

    def _reference_semicolons(self) -> bool:
        """Whether a name or identifier of the reference graph's organisations holds ';' (found once)."""
        if self._ref_semicolons is None:
            orgs = self.ref.organisations
            names = [*orgs.labels.values(), *(n for ns in orgs.names.values() for n in ns)]
            self._ref_semicolons = any(";" in t for t in [*names, *self.ref.identifiers])
        return self._ref_semicolons

    def by_identifier(self, text: str, good: Organisations) -> URIRef | None:
        """The one organisation of this import or the graph that has the identifier ``text`` (org-id.guide form
        or an ODS code), or None."""
        for parse in (parse_identifier, parse_ods_code):
            try:
                literal = parse(text.strip())
            except ValueProblem:
                continue
            found = good.by_identifier.get(str(literal), set()) | self.ref.identifiers.get(str(literal), set())
            if len(found) == 1:
                return next(iter(found))
        return None

    def member(self, row: Row, good: Organisations, bad: dict[str, Row], partnerships: dict[str, Row],
               bad_partnerships: dict[str, Row]) -> None:
        """Resolve a membership row's partnership and member, and give it its IRI and label."""
        text = row.membership["partnership"]
        partnership: URIRef | None = None
        label = ""
        iri = as_iri(text)
        n = normalise_name(text)
        if iri is not None:
            if iri in self.ref.partnerships or any(r.iri == iri for r in partnerships.values()):
                partnership = iri
        elif n in partnerships:
            partnership, label = partnerships[n].iri, partnerships[n].name
        else:
            found = self.ref.partnerships.named(text) or self.ref.partnerships.matches(text)
            if len(found) == 1:
                partnership = next(iter(found))
        if partnership is None:
            if n in bad_partnerships:
                other = bad_partnerships[n]
                row.problem("partnership", text, f"names the partnership on {other.sheet.source} row {other.number}, "
                            "which has problems", "fix that row first")
            else:
                names = [r.name for r in partnerships.values()] + list(self.ref.partnerships.labels.values())
                close = difflib.get_close_matches(key(text), [key(nm) for nm in names], n=2, cutoff=0.7)
                shown = [next(nm for nm in names if key(nm) == c) for c in close]
                row.problem("partnership", text, "not a partnership of this import or of the graph",
                            ("did you mean " + " or ".join(repr(x) for x in shown) + "?") if shown else
                            "add it to the partnerships sheet, or write a name (or IRI) of a partnership of the graph")
            return
        label = label or self.ref.partnerships.labels.get(partnership, str(partnership))
        member_text = row.membership["member"]
        member = self.find_org(member_text, good)
        if member is None:
            self.org_problem(row, "member", member_text, good, bad)
            return
        member_row = next((r for r in good.by_name.values() if r.iri == member), None)
        member_label = member_row.name if member_row is not None else self.ref.organisations.labels.get(member,
                                                                                                        str(member))
        m = row.membership
        years = "–".join(str(y) for y in (m["start"], m["end"]) if y is not None)
        if m["start"] is not None and m["end"] is None:
            years = f"from {m['start']}"
        elif m["start"] is None and m["end"] is not None:
            years = f"until {m['end']}"
        details = ", ".join(x for x in (m["role"], years) if x)
        row.name = f"{member_label} in {label}" + (f" ({details})" if details else "")
        row.refs = [partnership, member]
        # a readable slug of the label, a hash of what the membership is (who, of what, role, years)
        what = f"{partnership} {member} {m['role']} {m['start']} {m['end']}"
        row.iri = ID[f"membership/{slug(row.name)}-{name_hash(what)}"]

    def identifier_warnings(self, rows: list[Row]) -> None:
        """Warn when rows of this import give one identifier to two organisations (a branch may share its
        parent's charity number, so it is not an error)."""
        holders: dict[str, list[Row]] = {}
        for row in rows:
            if row.table is ORGANISATIONS and not row.problems:
                for identifier in row.identifiers:
                    holders.setdefault(str(identifier), []).append(row)
        for identifier, found in holders.items():
            if len(found) > 1:
                where = ", ".join(f"{r.sheet.source} row {r.number} ({r.name!r})" for r in found)
                self.warnings.append(f"{identifier} is the identifier of several organisations: {where}")

    # -- look-alike names --
    def _reference_skeletons(self) -> dict[str, dict[str, str]]:
        if not hasattr(self, "_skeletons"):
            self._skeletons: dict[str, dict[str, str]] = {}
            for table, vocab in (("organisations", self.ref.organisations), ("partnerships", self.ref.partnerships)):
                found: dict[str, str] = {}
                for iri, label in sorted(vocab.labels.items()):
                    for name in [label, *vocab.names.get(iri, [])]:
                        found.setdefault(skeleton(name), name)
                self._skeletons[table] = found
        return self._skeletons

    def warn_lookalikes(self, rows: list[Row]) -> None:
        """A warning for each new name that looks like another name — of the graph or of an earlier row — but
        is not the same name (a Cyrillic 'о' in 'Turning Pоint'), saying what tells them apart."""
        graph = self._reference_skeletons()
        earlier: dict[tuple[str, str], Row] = {}
        for row in rows:
            if row.problems or not row.name_key or row.matched or row.table is MEMBERSHIPS:
                continue
            shape = skeleton(row.name)
            kind = row.table.name[:-1]
            known = graph[row.table.name].get(shape)
            if known is not None and normalise_name(known) != row.name_key:
                self.warnings.append(f"{row.sheet.source}:{row.number}: {kind} {row.name!r} looks like {known!r} of "
                                     f"the graph but is another name ({differences(row.name, known)}) — if it is the "
                                     f"same {kind}, write its name exactly")
                continue
            first = earlier.setdefault((row.table.name, shape), row)
            if first is not row and first.name_key != row.name_key:
                self.warnings.append(f"{row.sheet.source}:{row.number}: {kind} {row.name!r} looks like {first.name!r} "
                                     f"on {first.sheet.source} row {first.number} but is another name "
                                     f"({differences(row.name, first.name)})")

    def org_problem(self, row: Row, column: str, text: str, good: Organisations, bad: dict[str, Row]) -> None:
        n = normalise_name(text)
        if n in bad:
            other = bad[n]
            row.problem(column, text, f"names the organisation on {other.sheet.source} row {other.number}, which has "
                        "problems", "fix that row first")
            return
        if len(self.ref.organisations.named(text)) > 1 or len(self.ref.organisations.matches(text)) > 1:
            row.problem(column, text, "several organisations of the graph have this name", "write its IRI in <…>")
            return
        names = [r.name for r in good.by_name.values()] + list(self.ref.organisations.labels.values())
        by_key = {key(nm): nm for nm in names}
        close = [by_key[c] for c in difflib.get_close_matches(key(text), list(by_key), n=3, cutoff=0.7)]
        shape = skeleton(text)
        if getattr(self, "_alike_of", (None,))[0] is not good:
            index: dict[str, list[str]] = {}
            for r in good.by_name.values():
                index.setdefault(skeleton(r.name), []).append(r.name)
            self._alike_of = (good, index)
        alike = self._alike_of[1].get(shape, [])  # names that look the same: the hint says what differs
        known = self._reference_skeletons()["organisations"].get(shape)
        alike = alike + ([known] if known is not None else [])
        close = list(dict.fromkeys(alike[:3] + close))[:3]
        shown = [f"{nm!r} ({differences(text, nm)})" if skeleton(nm) == shape else repr(nm) for nm in close]
        hint = ("did you mean " + " or ".join(shown) + "?") if close else \
            "add it to the organisations sheet, or write a name (or IRI) of an organisation of the graph"
        row.problem(column, text, "not an organisation of this import or of the graph", hint)

    def parent(self, row: Row, good: Organisations, bad: dict[str, Row]) -> None:
        text = clean_name(cell_text(row.value("parent")))
        if not text:
            return
        found = self.find_org(text, good)
        if found is None:
            self.org_problem(row, "parent", text, good, bad)
        elif found == row.iri:
            row.problem("parent", text, "the organisation itself", "name the organisation it is part of")
        else:
            row.refs = [*row.refs, found]

    def partners(self, row: Row, good: Organisations, bad: dict[str, Row]) -> None:
        text = cell_text(row.value("partners")).replace("\r\n", "\n")
        values, unknown, ambiguous = split_cell(text, lambda t: self.find_org(t, good),
                                            lambda t: self.joined_org(t, good))
        if ambiguous:
            row.problem("partners", text, "can be read in more than one way (a name holds ';' or a line break)",
                        "write those partners as IRIs in <…>")
        for piece in unknown:
            self.org_problem(row, "partners", piece, good, bad)
        row.partners = list(dict.fromkeys(values))
        if not row.problems and not row.matched and len(row.partners) < 2:
            row.problem("partners", text, "a partnership needs at least two different partners",
                        "name every partner, separated by ';'")
