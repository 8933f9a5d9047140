"""Importing filled-in templates: values, references, provenance, problems and SHACL."""

from __future__ import annotations

import random
from pathlib import Path

import openpyxl
import pytest
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, FOAF, PROV, RDF, RDFS, SKOS, XSD

from partnerkg.errors import InputError, InvalidDataError
from partnerkg.iri import mint_iri
from partnerkg.namespaces import ID, ORG, PK
from partnerkg.spreadsheets.importer import ImportResult, import_spreadsheets

FIXTURES = Path(__file__).parent / "fixtures"


def _org(name: str) -> URIRef:
    return mint_iri("organisation", name)


def _partnership(name: str) -> URIRef:
    return mint_iri("partnership", name)


def _sheet(name: str) -> URIRef:
    return mint_iri("spreadsheet", name)


@pytest.fixture(scope="module")
def imported() -> ImportResult:
    """The two fixture templates imported against the shipped graph (once for the module)."""
    return import_spreadsheets([FIXTURES / "organisations.csv", FIXTURES / "partnerships.csv"])


def test_counts_and_summary(imported: ImportResult) -> None:
    assert (imported.organisations, imported.partnerships) == (8, 4)
    assert imported.matched == ["Mind"]
    assert imported.new_regions == ["Kirklees"]
    assert imported.skipped == [] and imported.warnings == [] and imported.notes == []


def test_names_come_back_exactly_as_written(imported: ImportResult) -> None:
    g = imported.graph
    names = ['Café "Ørsted", Ltd', "Line one\nline two", "مؤسسة النور للرعاية", "🌈 Rainbow Alliance",
             "<b>Bold</b> & <script>alert(1)</script>", "Cafe\u0301 Nero Trust", "Smith; Jones Associates"]
    for name in names:
        assert list(g.objects(_org(name), RDFS.label)) == [Literal(name, lang="en")]
    assert str(next(g.objects(_org("Cafe\u0301 Nero Trust"), RDFS.label))) == "Cafe\u0301 Nero Trust"  # still NFD


def test_organisation_facts(imported: ImportResult) -> None:
    g = imported.graph
    tp = _org("Turning Point Leeds")
    assert set(g.objects(tp, RDF.type)) == {PK.LocalVoluntaryOrganisation, PK.VoluntaryOrganisation,
                                            PK.VoluntaryCommunityOrganisation, PK.Organisation}
    assert g.value(tp, PK.sector) == PK.VoluntaryCommunitySector
    assert set(g.objects(tp, PK.region)) == {ID["region/leeds"], mint_iri("region", "Kirklees")}
    assert g.value(tp, ORG.subOrganizationOf) == ID["organisation/turning-point"]
    assert g.value(tp, FOAF.homepage) == URIRef("https://www.turning-point.co.uk/leeds")
    council = _org("<b>Bold</b> & <script>alert(1)</script>")
    assert PK.LocalAuthority in set(g.objects(council, RDF.type))
    assert g.value(council, PK.sector) == PK.StatutorySector  # implied by the kind
    assert g.value(_org("🌈 Rainbow Alliance"), PK.sector) is None
    assert set(g.objects(_org("🌈 Rainbow Alliance"), RDF.type)) == {PK.Organisation}
    kirklees = mint_iri("region", "Kirklees")
    assert (kirklees, RDF.type, PK.Region) in g and g.value(kirklees, RDFS.label) == Literal("Kirklees", lang="en")


def test_a_row_naming_a_shipped_organisation_adds_to_it(imported: ImportResult) -> None:
    g = imported.graph
    mind = ID["organisation/mind"]
    assert (mind, RDFS.label, None) not in g  # the shipped label stays the only one
    assert g.value(mind, PK.sector) == PK.VoluntaryCommunitySector
    assert (mind, PROV.wasDerivedFrom, _sheet("organisations.csv")) in g


def test_partnership_facts(imported: ImportResult) -> None:
    g = imported.graph
    p = _partnership("Leeds Dual Diagnosis Partnership")
    assert set(g.objects(p, PK.hasPartner)) == {_org("Turning Point Leeds"), ID["organisation/mind"],
                                                ID["organisation/rethink"]}
    assert all((o, PK.partnerIn, p) in g for o in g.objects(p, PK.hasPartner))
    assert g.value(p, PK.partnershipModel) == PK.CoLocationModel
    assert g.value(p, PK.lifeCycleStage) == PK.PartnershipProgrammeDelivery
    assert g.value(p, PK.isFormal) == Literal(True)
    assert set(g.objects(p, PK.workingMode)) == {PK.MultiAgencyWorking, PK.InterAgencyWorking}
    assert g.value(p, PK.startYear) == Literal("2004", datatype=XSD.gYear)
    assert g.value(p, PK.endYear) == Literal("2008", datatype=XSD.gYear)
    assert g.value(p, DCTERMS.relation) == ID["policy/children-act-2004"]
    assert (ID["policy/changeup"], PK.funds, p) in g
    assert g.value(p, PK.facesBarrier) == ID["barrier/competition-between-partners"]
    assert g.value(p, PK.facilitatedBy) is not None
    assert g.value(p, SKOS.note) == Literal('Annual report 2006, "p. 4"\nsecond line', lang="en")
    rainbow = _partnership("Rainbow & Café link")
    assert set(g.objects(rainbow, PK.hasPartner)) == {_org('Café "Ørsted", Ltd'), _org("🌈 Rainbow Alliance"),
                                                      _org("Line one\nline two")}
    assert g.value(rainbow, PK.isFormal) == Literal(False)
    smith = _partnership("Smith Jones with Nero")  # a partner name holding ';', and an NFC spelling of an NFD name
    assert set(g.objects(smith, PK.hasPartner)) == {_org("Smith; Jones Associates"), _org("Cafe\u0301 Nero Trust")}
    assert (ID["policy/every-child-matters"], PK.encourages, smith) in g


def test_provenance_names_file_and_row_and_carries_no_quote(imported: ImportResult) -> None:
    g = imported.graph
    sheet = _sheet("partnerships.csv")
    assert set(g.predicate_objects(sheet)) == {(RDF.type, PK.Spreadsheet), (RDFS.label, Literal("partnerships.csv",
                                               lang="en")), (PK.fileName, Literal("partnerships.csv"))}
    p = _partnership("Smith Jones with Nero")
    assert g.value(p, PROV.wasDerivedFrom) == sheet
    derivation = g.value(p, PROV.qualifiedDerivation)
    assert isinstance(derivation, BNode)
    assert set(g.predicate_objects(derivation)) == {(RDF.type, PROV.Derivation), (PROV.entity, sheet),
                                                    (PK.row, Literal(4, datatype=XSD.positiveInteger))}
    # a record with a line break inside a quoted cell is still one row: "Line one / line two" is row 4
    line = g.value(_org("Line one\nline two"), PROV.qualifiedDerivation)
    assert g.value(line, PK.row) == Literal(4, datatype=XSD.positiveInteger)
    assert not list(g.subject_objects(PK.quote))
    subjects = {s for s in g.subjects() if isinstance(s, URIRef) and str(s).startswith(str(ID))
                and (s, RDF.type, PK.Spreadsheet) not in g}
    assert all((s, PROV.qualifiedDerivation, None) in g for s in subjects
               if (s, RDFS.label, None) in g or (s, PK.sector, None) in g)


def test_imported_data_with_the_whole_shipped_graph_passes_shacl_and_hermit(imported: ImportResult,
                                                                           java: str) -> None:
    from partnerkg.ontology.validation import validate
    from partnerkg.store.graphs import shipped_graph

    union = shipped_graph()
    for t in imported.graph:
        union.add(t)
    report = validate(union)
    assert report.conforms, report.text()


def test_imported_data_joins_the_query_library(imported: ImportResult, tmp_path: Path) -> None:
    from partnerkg.interop.export import write_rdf
    from partnerkg.queries.runner import run
    from partnerkg.store.graphs import open_graph

    write_rdf(imported.graph, tmp_path / "mine.ttl")
    graph = open_graph([tmp_path / "mine.ttl"])
    rows = run("partnership-partners", graph, partnership="Smith Jones with Nero").records()
    assert sorted(str(r["partnerLabel"]) for r in rows) == ["Cafe\u0301 Nero Trust", "Smith; Jones Associates"]


def test_the_same_rows_in_any_order_mint_the_same_iris(tmp_path: Path) -> None:
    lines = (FIXTURES / "organisations.csv").read_text(encoding="utf-8").split("\r\n")
    header, rows = lines[0], [r for r in lines[1:] if r]
    iris = []
    for seed in (1, 2):
        shuffled = rows[:]
        random.Random(seed).shuffle(shuffled)
        path = tmp_path / f"o{seed}" / "organisations.csv"
        path.parent.mkdir()
        path.write_text("\r\n".join([header, *shuffled]) + "\r\n", encoding="utf-8")
        g = import_spreadsheets([path]).graph
        iris.append({(s, o) for s, o in g.subject_objects(RDFS.label)})
    assert iris[0] == iris[1] and len(iris[0]) == 10  # 8 new organisations, a new region and the spreadsheet


def test_every_problem_is_listed_and_nothing_is_imported() -> None:
    with pytest.raises(InvalidDataError) as err:
        import_spreadsheets([FIXTURES / "bad_organisations.csv", FIXTURES / "bad_partnerships.csv"])
    o, p = FIXTURES / "bad_organisations.csv", FIXTURES / "bad_partnerships.csv"
    assert str(err.value).splitlines() == [
        "13 problem(s) in 12 row(s); nothing was imported (skip_invalid=True imports the other rows):",
        f"  {o}:3:A (name): (empty) — no name — write the organisation's name (every row needs one)",
        f"  {o}:4:B (sector): 'voluntry' — not a known sector — write one of: 'private sector', 'statutory sector', "
        "'voluntary and community sector'",
        f"  {o}:5:C (kind): 'Local authority' — a kind in the statutory sector, but the sector is the private sector "
        "— change the kind or the sector",
        f"  {o}:6:F (website): 'javascript:alert(1)' — not a web address — write an address starting with https:// "
        "(or http://)",
        f"  {o}:7:A (name): 'Bell\\x07Org' — character 5 is U+0007 control character, which XML (and so RDF/XML, "
        "XLSX and HTML) cannot carry — delete that character or replace it with a space",
        f"  {o}:8:A (name): 'good org' — the same organisation as {o} row 2 ('Good Org') — keep one row per name "
        "(names are compared ignoring case and spacing)",
        f"  {o}:9:E (parent organisation): 'Voluntry Org' — names the organisation on {o} row 4, which has problems "
        "— fix that row first",
        f"  {o}:10:E (parent organisation): 'Nobody Known' — not an organisation of this import or of the graph — "
        "add it to the organisations sheet, or write a name (or IRI) of an organisation of the graph",
        f"  {p}:2:B (partners): 'Good Org' — a partnership needs at least two different partners — name every "
        "partner, separated by ';'",
        f"  {p}:3:C (model): 'partnership board' — not a known partnership model — write one of: 'co-location "
        "model', 'separate organisation model', 'steering group model', 'virtual organisation model'",
        f"  {p}:4:E (formal): 'maybe' — not yes or no — write yes (formal) or no (informal, ad hoc), or leave it "
        "empty",
        f"  {p}:4:G (end year): '2004' — before the start year 2008 — check both years",
        f"  {p}:5:B (partners): 'Child Org' — names the organisation on {o} row 9, which has problems — fix that "
        "row first",
    ]


def test_skip_invalid_keeps_the_good_rows_and_lists_the_others() -> None:
    result = import_spreadsheets([FIXTURES / "bad_organisations.csv", FIXTURES / "bad_partnerships.csv"],
                                 skip_invalid=True)
    o, p = str(FIXTURES / "bad_organisations.csv"), str(FIXTURES / "bad_partnerships.csv")
    assert result.skipped_rows == [(o, n) for n in range(3, 11)] + [(p, n) for n in (2, 3, 4, 5)]
    labels = {str(label) for label in result.graph.objects(None, RDFS.label)}
    assert labels == {"Good Org", "Fine One", "bad_organisations.csv", "bad_partnerships.csv"}
    fine = _partnership("Fine One")
    assert set(result.graph.objects(fine, PK.hasPartner)) == {_org("Good Org"), ID["organisation/mind"]}


def test_shacl_catches_what_rows_alone_cannot(tmp_path: Path) -> None:
    # a shipped partnership already at one stage: a second stage breaks the shapes' maxCount 1
    name = ("West Midlands Early Intervention Service 1 formal partnership with the voluntary and community sector "
            "(anonymised)")
    (tmp_path / "partnerships.csv").write_text(f'name,partners,stage\n"{name}",,pre-partnership\n'
                                               "New One,Mind; Rethink,\n")
    with pytest.raises(InvalidDataError) as err:
        import_spreadsheets([tmp_path / "partnerships.csv"])
    assert str(err.value).splitlines()[1] == (
        f"  {tmp_path / 'partnerships.csv'}:2:: {repr(name)[:67]}…' — breaks the SHACL shapes at "
        "pk:lifeCycleStage: More than 1 values on <https://w3id.org/partnerkg/id/partnership/west-midlands-eis-01-voluntary-sector>->"
        "pk:lifeCycleStage — compare the row with what the graph already says (docs/spreadsheets.md)")
    result = import_spreadsheets([tmp_path / "partnerships.csv"], skip_invalid=True)
    assert result.skipped_rows == [(str(tmp_path / "partnerships.csv"), 2)]
    assert result.partnerships == 1


def test_ambiguous_partner_cell_is_refused(tmp_path: Path) -> None:
    (tmp_path / "o.csv").write_text('name\nA\nB\n"A; B"\nC\n')
    (tmp_path / "partnerships.csv").write_text('name,partners\nP,"A; B; C"\n')
    with pytest.raises(InvalidDataError, match=r"can be read in more than one way"):
        import_spreadsheets([tmp_path / "o.csv", tmp_path / "partnerships.csv"], reference=None)


def test_a_partner_whose_name_or_iri_holds_a_semicolon_is_found_across_the_split(tmp_path: Path) -> None:
    # pieces joined across ';' are looked up only when some name or identifier holds one: here only the
    # reference graph's, and an IRI (which may hold ';')
    reference = Graph()
    named, odd = ID["organisation/a-and-b"], ID["organisation/x;y"]
    for iri, label in ((named, "Alpha; Beta"), (odd, "Odd")):
        reference.add((iri, RDF.type, PK.Organisation))
        reference.add((iri, RDFS.label, Literal(label, lang="en")))
    (tmp_path / "o.csv").write_text("name\nGamma\n")
    (tmp_path / "partnerships.csv").write_text(f'name,partners\nP,"Alpha; Beta; Gamma"\nQ,"<{odd}>; Gamma"\n')
    g = import_spreadsheets([tmp_path / "o.csv", tmp_path / "partnerships.csv"], reference=reference).graph
    gamma = mint_iri("organisation", "Gamma")
    assert set(g.objects(_partnership("P"), PK.hasPartner)) == {named, gamma}
    assert set(g.objects(_partnership("Q"), PK.hasPartner)) == {odd, gamma}


def test_partner_by_iri_and_punctuation_insensitive_name(tmp_path: Path) -> None:
    (tmp_path / "o.csv").write_text("name\nSt. Mungo's\n")
    iri = mint_iri("organisation", "St. Mungo's")
    (tmp_path / "partnerships.csv").write_text(f"name,partners\nP,st mungos; <{ID['organisation/mind']}>\n")
    g = import_spreadsheets([tmp_path / "o.csv", tmp_path / "partnerships.csv"]).graph
    assert set(g.objects(_partnership("P"), PK.hasPartner)) == {iri, ID["organisation/mind"]}


def test_xlsx_workbook_imports_like_csv(tmp_path: Path) -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "organisations"
    ws.append(["name", "sector", "kind"])
    ws.append(["Leeds Hub", "statutory", "Local authority"])
    ws.append(["Hub Two", "private", None])
    ps = wb.create_sheet("partnerships")
    ps.append(["name", "partners", "start year", "formal"])
    ps.append(["Hub Link", "Leeds Hub\nHub Two", 2004, True])
    wb.save(tmp_path / "book.xlsx")
    result = import_spreadsheets([tmp_path / "book.xlsx"], reference=None)
    g = result.graph
    link = _partnership("Hub Link")
    assert g.value(link, PK.startYear) == Literal("2004", datatype=XSD.gYear)
    assert g.value(link, PK.isFormal) == Literal(True)
    sheet = _sheet("book.xlsx, sheet partnerships")
    assert g.value(sheet, PK.fileName) == Literal("book.xlsx")
    assert g.value(sheet, RDFS.label) == Literal("book.xlsx, sheet partnerships", lang="en")
    assert g.value(g.value(link, PROV.qualifiedDerivation), PK.row) == Literal(2, datatype=XSD.positiveInteger)


def test_header_problems_make_the_file_unusable(tmp_path: Path) -> None:
    cases = {
        "name,sectr\nA,private\n": "unknown column 'sectr' — did you mean 'sector'?",
        "sector\nprivate\n": "no 'name' column in the header",
        "name,sector,Sector\nA,private,private\n": "a second 'sector' column",
        "name,,sector\nA,x,private\n": "this column has values but no header",
    }
    for i, (text, message) in enumerate(cases.items()):
        (tmp_path / f"o{i}.csv").write_text(text)
        with pytest.raises(InputError, match=message):
            import_spreadsheets([tmp_path / f"o{i}.csv"], reference=None)


def test_unknown_columns_are_ignored_and_mentioned(tmp_path: Path) -> None:
    (tmp_path / "o.csv").write_text("name,internal id,sector\nA,17,private\n")
    result = import_spreadsheets([tmp_path / "o.csv"], reference=None)
    assert result.notes == [f"{tmp_path / 'o.csv'}: ignored column(s) B (internal id) — not template columns"]


def test_header_only_and_same_file_name_twice(tmp_path: Path) -> None:
    (tmp_path / "o.csv").write_text("name,sector\n")
    with pytest.raises(InvalidDataError, match="no rows to import"):
        import_spreadsheets([tmp_path / "o.csv"], reference=None)
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    (tmp_path / "a" / "o.csv").write_text("name\nA\n")
    (tmp_path / "b" / "o.csv").write_text("name\nB\n")
    with pytest.raises(InputError, match="have the same name"):
        import_spreadsheets([tmp_path / "a" / "o.csv", tmp_path / "b" / "o.csv"], reference=None)


def test_regions_new_and_near_misses(tmp_path: Path) -> None:
    (tmp_path / "o.csv").write_text("name,region\nA,Londn; Kirklees\n")
    result = import_spreadsheets([tmp_path / "o.csv"])
    assert result.new_regions == ["Kirklees", "Londn"]
    assert result.warnings == [f"{tmp_path / 'o.csv'}:2: region 'Londn' is new; did you mean 'London'?"]


def test_a_reference_graph_of_data_files(tmp_path: Path) -> None:
    from partnerkg.ontology import load_ontology

    (tmp_path / "organisations.csv").write_text("name\nTurning Point Leeds\n🌈 Rainbow Alliance\n")
    first = import_spreadsheets([tmp_path / "organisations.csv"], reference=None).graph
    reference = Graph()
    for t in load_ontology() + first:
        reference.add(t)
    (tmp_path / "partnerships.csv").write_text("name,partners\nSecond Batch,Turning Point Leeds; 🌈 Rainbow Alliance\n")
    g = import_spreadsheets([tmp_path / "partnerships.csv"], reference=reference).graph
    assert set(g.objects(_partnership("Second Batch"), PK.hasPartner)) == {_org("Turning Point Leeds"),
                                                                          _org("🌈 Rainbow Alliance")}


def test_windows_line_breaks_inside_cells_are_line_feeds(tmp_path: Path) -> None:
    (tmp_path / "o.csv").write_bytes(b'name\r\n"Two\r\nlines"\r\n"Lone\rreturn"\r\n')
    with pytest.raises(InvalidDataError) as err:
        import_spreadsheets([tmp_path / "o.csv"], reference=None)
    assert str(err.value).splitlines()[1:] == [
        f"  {tmp_path / 'o.csv'}:3:A (name): 'Lone\\rreturn' — character 5 is U+000D CARRIAGE RETURN, which XML (and "
        "so RDF/XML, XLSX and HTML) cannot carry — delete that character or replace it with a space"]
    (tmp_path / "o.csv").write_bytes(b'name\r\n"Two\r\nlines"\r\n')
    g = import_spreadsheets([tmp_path / "o.csv"], reference=None).graph
    assert g.value(_org("Two lines"), RDFS.label) == Literal("Two\nlines", lang="en")


def test_a_new_region_is_described_by_the_first_row_naming_it(tmp_path: Path) -> None:
    (tmp_path / "o.csv").write_text("name,region\nA,Kirklees\nB,Kirklees\nC,Calderdale (E08000033)\n"
                                    "D,Calderdale (E08000033)\n")
    g = import_spreadsheets([tmp_path / "o.csv"]).graph
    for region, row in (("Kirklees", 2), ("Calderdale", 4)):
        iri = mint_iri("region", region)
        derivations = list(g.objects(iri, PROV.qualifiedDerivation))
        assert [g.value(d, PK.row) for d in derivations] == [Literal(row, datatype=XSD.positiveInteger)]
        assert list(g.objects(iri, RDFS.label)) == [Literal(region, lang="en")]
    assert [str(o) for o in g.objects(mint_iri("region", "Calderdale"), SKOS.notation)] == ["E08000033"]
    assert {g.value(o, PK.region) for o in (_org("A"), _org("B"))} == {mint_iri("region", "Kirklees")}


def test_an_import_leaves_the_garbage_collector_as_it_found_it(tmp_path: Path) -> None:
    import gc

    before = gc.get_threshold()
    (tmp_path / "o.csv").write_text("name\nA\n")
    import_spreadsheets([tmp_path / "o.csv"], reference=None)
    with pytest.raises(InvalidDataError):
        import_spreadsheets([_write_bad(tmp_path)], reference=None)
    assert (gc.get_threshold(), gc.get_freeze_count()) == (before, 0)


def _write_bad(tmp_path: Path) -> Path:
    (tmp_path / "bad.csv").write_text("name,sector\nB,not a sector\n")
    return tmp_path / "bad.csv"
