"""Register identifiers, GSS codes and memberships over time in the spreadsheet templates: they round-trip
(template → filled → RDF → the same values back), a bad one names its row, column and scheme, SHACL and HermiT
accept what the importer writes, and queries find an organisation by its identifier."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import openpyxl
import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS, SKOS, XSD

from partnerkg.errors import InvalidDataError
from partnerkg.iri import mint_iri
from partnerkg.namespaces import ORG, PK, TIME
from partnerkg.ontology import load_ontology
from partnerkg.spreadsheets.blanks import write_templates
from partnerkg.spreadsheets.columns import MEMBERSHIPS, ORGANISATIONS
from partnerkg.spreadsheets.importer import import_spreadsheets
from partnerkg.spreadsheets.values import identifier_schemes

ORGS = [
    {"name": "Turning Point Leeds", "sector": "voluntary", "kind": "Local voluntary organisation",
     "region": "Leeds (E08000035)", "identifiers": "GB-CHC-1090095; GB-COH-02263436", "ODS code": ""},
    {"name": "Leeds Teaching Hospitals", "sector": "statutory", "kind": "NHS trust", "region": "E08000035",
     "identifiers": "", "ODS code": "RR8"},
    {"name": "Leeds City Council", "sector": "statutory", "kind": "Local authority", "region": "Leeds",
     "identifiers": "GB-LAE-LDS", "ODS code": ""},
    {"name": "Oban Youth Trust", "sector": "voluntary", "kind": "", "region": "",
     "identifiers": "GB-SC-SC042386\nGB-NHS-A81001", "ODS code": ""},
]
PARTNERSHIPS = [{"name": "Leeds Dual Diagnosis Partnership", "partners": "Turning Point Leeds; Leeds City Council",
                 "start year": "2004"}]
MEMBERS = [
    {"partnership": "Leeds Dual Diagnosis Partnership", "member": "GB-CHC-1090095", "role": "lead partner",
     "start year": "2004", "end year": "2008"},
    {"partnership": "Leeds Dual Diagnosis Partnership", "member": "RR8", "role": "", "start year": "2006",
     "end year": ""},
]


def write_csv(path: Path, header: list[str], rows: list[dict[str, str]]) -> Path:
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=header)
        writer.writeheader()
        for row in rows:
            writer.writerow({h: row.get(h, "") for h in header})
    return path


@pytest.fixture(scope="module")
def filled(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    """The blank CSV templates, filled in under their own header rows."""
    folder = tmp_path_factory.mktemp("templates")
    write_templates(folder)
    paths = []
    for name, rows in (("organisations.csv", ORGS), ("partnerships.csv", PARTNERSHIPS), ("memberships.csv", MEMBERS)):
        header = next(csv.reader(io.StringIO((folder / name).read_text(encoding="utf-8-sig"))))
        paths.append(write_csv(folder / name, header, rows))
    return paths


@pytest.fixture(scope="module")
def imported(filled: list[Path]) -> Graph:
    return import_spreadsheets(filled).graph


def identifiers_of(g: Graph, name: str) -> set[Literal]:
    return set(g.objects(mint_iri("organisation", name), ORG.identifier))


def test_the_templates_have_the_identifier_columns_and_the_memberships_sheet(tmp_path: Path) -> None:
    write_templates(tmp_path)
    header = (tmp_path / "organisations.csv").read_text(encoding="utf-8-sig").splitlines()[0]
    assert header == "name,sector,kind,region,parent organisation,website,identifiers,ODS code"
    assert (tmp_path / "memberships.csv").read_text(encoding="utf-8-sig").splitlines() == [
        "partnership,member,role,start year,end year"]
    book = openpyxl.load_workbook(tmp_path / "partnerkg-template.xlsx")
    assert book.sheetnames[:3] == ["organisations", "partnerships", "memberships"]
    assert [c.value for c in book["organisations"][1]] == ORGANISATIONS.headers()
    assert [c.value for c in book["memberships"][1]] == MEMBERSHIPS.headers()
    guide = (tmp_path / "guide.txt").read_text()
    assert "GB-CHC-" in guide and "memberships" in guide and "ODS code" in guide


def test_identifiers_round_trip_typed_by_their_scheme(imported: Graph) -> None:
    assert identifiers_of(imported, "Turning Point Leeds") == {
        Literal("GB-CHC-1090095", datatype=PK.CharityCommissionNumber),
        Literal("GB-COH-02263436", datatype=PK.CompanyNumber)}
    assert identifiers_of(imported, "Leeds Teaching Hospitals") == {Literal("RR8", datatype=PK.ODSCode)}
    assert identifiers_of(imported, "Leeds City Council") == {
        Literal("GB-LAE-LDS", datatype=PK.EnglishLocalAuthorityCode)}
    assert identifiers_of(imported, "Oban Youth Trust") == {
        Literal("GB-SC-SC042386", datatype=PK.ScottishCharityNumber), Literal("A81001", datatype=PK.ODSCode)}
    leeds = URIRef("https://w3id.org/partnerkg/id/region/leeds")  # the shipped region, now with its GSS code
    assert set(imported.objects(leeds, SKOS.notation)) == {Literal("E08000035", datatype=PK.GSSCode)}
    # the hospitals named Leeds by its code alone
    assert imported.value(mint_iri("organisation", "Leeds Teaching Hospitals"), PK.region) == leeds


def test_identifiers_survive_export_and_reimport(imported: Graph, filled: list[Path], tmp_path: Path) -> None:
    again = import_spreadsheets(filled).graph
    assert sorted(again.serialize(format="nt").splitlines()) == sorted(imported.serialize(format="nt").splitlines())
    turtle = tmp_path / "out.ttl"
    imported.serialize(turtle, format="turtle")
    back = Graph().parse(turtle)
    assert set(back.triples((None, ORG.identifier, None))) == set(imported.triples((None, ORG.identifier, None)))


def test_a_membership_has_its_years_role_and_the_shortcut(imported: Graph) -> None:
    partnership = mint_iri("partnership", "Leeds Dual Diagnosis Partnership")
    tp = mint_iri("organisation", "Turning Point Leeds")
    hospitals = mint_iri("organisation", "Leeds Teaching Hospitals")
    memberships = {imported.value(m, ORG.member): m for m in imported.subjects(RDF.type, ORG.Membership)}
    assert set(memberships) == {tp, hospitals}
    lead = memberships[tp]
    assert imported.value(lead, ORG.organization) == partnership
    assert imported.value(lead, RDFS.label) == Literal(
        "Turning Point Leeds in Leeds Dual Diagnosis Partnership (lead partner, 2004–2008)", lang="en")
    role = imported.value(lead, ORG.role)
    assert imported.value(role, RDFS.label) == Literal("lead partner", lang="en")
    assert (role, RDF.type, ORG.Role) in imported
    interval = imported.value(lead, ORG.memberDuring)
    assert imported.value(imported.value(interval, TIME.hasBeginning), TIME.inXSDgYear) == Literal(
        "2004", datatype=XSD.gYear)
    assert imported.value(imported.value(interval, TIME.hasEnd), TIME.inXSDgYear) == Literal("2008", datatype=XSD.gYear)
    later = memberships[hospitals]
    assert imported.value(imported.value(later, ORG.memberDuring), TIME.hasEnd) is None  # still a partner
    # the shortcut: the hospitals joined through the memberships sheet alone
    assert set(imported.objects(partnership, PK.hasPartner)) == {tp, hospitals, mint_iri("organisation",
                                                                                         "Leeds City Council")}
    assert (hospitals, PK.partnerIn, partnership) in imported


@pytest.mark.java
def test_what_the_importer_writes_is_valid_for_shacl_and_hermit(imported: Graph, tmp_path: Path, java) -> None:
    import partnerkg

    data = tmp_path / "mine.ttl"
    imported.serialize(data, format="turtle")
    report = partnerkg.open([data]).validate(owl=True)
    assert report.conforms, report.text()


BAD = [
    ("identifiers", "GB-CHC-12", "D", "'GB-CHC-12' — not a valid Charity Commission for England and Wales number "
     "(GB-CHC) — write it as GB-CHC-[0-9]{6,7}, e.g. GB-CHC-1090095"),
    ("identifiers", "GB-COH-123", "D", "'GB-COH-123' — not a valid Companies House company number (GB-COH) — "
     "write it as GB-COH-([0-9]{8}|[A-Z]{2}[0-9]{6}|R[0-9]{7}), e.g. GB-COH-09506232"),
    ("identifiers", "GB-XYZ-1", "D", "'GB-XYZ-1' — GB-XYZ is not an identifier scheme partnerkg knows — use one of "
     "GB-CHC, GB-COH, GB-EDU, GB-GOR, GB-LAE, GB-LAS, GB-NHS, GB-NIC, GB-SC"),
    ("identifiers", "1090095", "D", "'1090095' — not an organisation identifier in org-id.guide form — write the "
     "scheme's prefix, a hyphen and the number, e.g. GB-CHC-1090095 (a charity) or GB-COH-09506232 (a company)"),
    ("identifiers", "GB-CHC-1090095; GB-NIC-10", "D", "'GB-NIC-10' — not a valid Charity Commission for Northern "
     "Ireland number (GB-NIC) — write it as GB-NIC-[0-9]{6}, e.g. GB-NIC-100002"),
    ("ODS code", "rr8!", "E", "'rr8!' — not a valid NHS Organisation Data Service code (ODS) — write it as "
     "[A-Z0-9]{3,8}, e.g. RAX"),
    ("region", "Leeds (E0800003)", "C", "'Leeds (E0800003)' — not a valid ONS Government Statistical Service code "
     "(GSS) — write it as [EKLMNSW][0-9]{8}, e.g. E12000005"),
]


@pytest.mark.parametrize(("column", "value", "letter", "message"), BAD, ids=[b[1] for b in BAD])
def test_a_bad_identifier_names_its_row_column_and_scheme(tmp_path: Path, column: str, value: str, letter: str,
                                                          message: str) -> None:
    header = ["name", "sector", "region", "identifiers", "ODS code"]
    rows = [{"name": "Good Charity", "identifiers": "GB-CHC-1090095"}, {"name": "Bad Row", column: value}]
    path = write_csv(tmp_path / "orgs.csv", header, rows)
    with pytest.raises(InvalidDataError) as err:
        import_spreadsheets([path])
    assert str(err.value).splitlines() == [
        "1 problem(s) in 1 row(s); nothing was imported (skip_invalid=True imports the other rows):",
        f"  {path}:3:{letter} ({column}): {message}"]


def test_a_bad_identifier_in_a_workbook_names_its_sheet_row_and_column(tmp_path: Path) -> None:
    write_templates(tmp_path)
    book = openpyxl.load_workbook(tmp_path / "partnerkg-template.xlsx")
    sheet = book["organisations"]
    column = ORGANISATIONS.headers().index("ODS code") + 1
    sheet.cell(row=2, column=1, value="Leeds Teaching Hospitals")
    sheet.cell(row=2, column=column, value="R")
    book.save(tmp_path / "filled.xlsx")
    with pytest.raises(InvalidDataError) as err:
        import_spreadsheets([tmp_path / "filled.xlsx"])
    letter = openpyxl.utils.get_column_letter(column)
    assert str(err.value).splitlines()[1:] == [
        f"  {tmp_path / 'filled.xlsx'}[organisations]:2:{letter} (ODS code): 'R' — not a valid NHS Organisation "
        "Data Service code (ODS) — write it as [A-Z0-9]{3,8}, e.g. RAX"]


def test_membership_problems_name_row_and_column(tmp_path: Path) -> None:
    orgs = write_csv(tmp_path / "orgs.csv", ["name"], [{"name": "Alpha"}, {"name": "Beta"}])
    parts = write_csv(tmp_path / "parts.csv", ["name", "partners"], [{"name": "P", "partners": "Alpha; Beta"}])
    members = write_csv(tmp_path / "members.csv", ["partnership", "member", "role", "start year", "end year"], [
        {"partnership": "P", "member": "Gamma", "start year": "2001"},
        {"partnership": "Q", "member": "Alpha", "start year": "2001"},
        {"partnership": "P", "member": "Alpha", "start year": "2009", "end year": "2001"},
        {"partnership": "P", "member": "Beta"},
    ])
    with pytest.raises(InvalidDataError) as err:
        import_spreadsheets([orgs, parts, members])
    assert str(err.value).splitlines()[1:] == [
        f"  {members}:2:B (member): 'Gamma' — not an organisation of this import or of the graph — add it to the "
        "organisations sheet, or write a name (or IRI) of an organisation of the graph",
        f"  {members}:3:A (partnership): 'Q' — not a partnership of this import or of the graph — add it to the "
        "partnerships sheet, or write a name (or IRI) of a partnership of the graph",
        f"  {members}:4:E (end year): '2001' — before the start year 2009 — check both years",
        f"  {members}:5:D (start year): (empty) — a membership without a role or a year says nothing the "
        "partnership's partners column does not — write the years, the role, or both",
    ]


def test_a_shipped_partnership_gains_a_dated_member(tmp_path: Path) -> None:
    members = write_csv(tmp_path / "members.csv", ["partnership", "member", "start year"], [
        {"partnership": "Avon and West Wiltshire mental health employment partnership", "member": "Mind",
         "start year": "2005"}])
    graph = import_spreadsheets([members]).graph
    membership = next(graph.subjects(RDF.type, ORG.Membership))
    partnership = URIRef("https://w3id.org/partnerkg/id/partnership/avon-and-west-wiltshire-employment-partnership")
    mind = URIRef("https://w3id.org/partnerkg/id/organisation/mind")
    assert graph.value(membership, ORG.organization) == partnership and graph.value(membership, ORG.member) == mind
    assert (partnership, PK.hasPartner, mind) in graph and (mind, PK.partnerIn, partnership) in graph


def test_an_identifier_of_another_graph_organisation_is_a_warning(tmp_path: Path) -> None:
    first = write_csv(tmp_path / "a.csv", ["name", "identifiers"], [{"name": "Alpha", "identifiers": "GB-CHC-1090095"}])
    reference = import_spreadsheets([first]).graph
    second = write_csv(tmp_path / "b.csv", ["name", "identifiers"],
                       [{"name": "Alpha Trust", "identifiers": "GB-CHC-1090095"}])
    result = import_spreadsheets([second], reference=reference)
    assert result.warnings == [f"{second}:2: GB-CHC-1090095 is also the identifier of 'Alpha' in the graph; if this "
                               "row is that organisation, use its name"]


def test_the_schemes_come_from_the_ontology() -> None:
    onto = load_ontology()
    assert {s.datatype for s in identifier_schemes()} == set(onto.subjects(PK.identifierPattern, None))
    assert {s.prefix for s in identifier_schemes() if s.prefix} == {
        "GB-CHC", "GB-SC", "GB-NIC", "GB-COH", "GB-EDU", "GB-LAE", "GB-LAS", "GB-GOR", "GB-NHS"}
    for scheme in identifier_schemes():
        assert scheme.pattern.fullmatch(scheme.example), scheme.label
    from partnerkg.queries.labels import SCHEMES
    assert {PK[s] for s in SCHEMES} == set(onto.subjects(PK.identifierProperty, SKOS.notation))


def test_queries_find_an_organisation_by_identifier(imported: Graph, tmp_path: Path) -> None:
    data = tmp_path / "mine.ttl"
    imported.serialize(data, format="turtle")
    import partnerkg

    kg = partnerkg.open([data])
    tp = str(mint_iri("organisation", "Turning Point Leeds"))
    for written in ("GB-CHC-1090095", "gb-chc-1090095", " GB-COH-02263436 "):
        rows = kg.query("evidence", entity=written).records()
        assert rows and {r["source"] for r in rows} == {str(mint_iri("spreadsheet", "organisations.csv"))}, written
    ego = kg.query("ego-network", org="RR8")
    assert (URIRef(str(mint_iri("organisation", "Leeds Teaching Hospitals"))), RDF.type, PK.NHSTrust) in ego.graph
    found = kg.query("search", text="e08000035").rows
    assert [(str(e), str(label)) for e, label in found] == [("https://w3id.org/partnerkg/id/region/leeds", "E08000035")]
    assert [str(e) for e, _ in kg.query("search", text="GB-CHC-1090").rows] == [tp]
