"""The SHACL shapes catch each rule of the vocabulary, and the shipped graph conforms."""

from __future__ import annotations

from collections.abc import Iterator

import pyshacl
import pytest
from rdflib import Graph
from rdflib.namespace import DCTERMS

from partnerkg.errors import InvalidDataError
from partnerkg.namespaces import SH
from partnerkg.ontology import load_ontology, load_shapes, native_shacl
from partnerkg.ontology.validation import validate

from ..conftest import need

PREFIXES = """\
@prefix pk: <https://w3id.org/partnerkg/ontology#> .
@prefix id: <https://w3id.org/partnerkg/id/> .
@prefix prov: <http://www.w3.org/ns/prov#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
"""
SOURCE = """
<https://w3id.org/partnerkg/id/source/s> a pk:SourceDocument ; rdfs:label "S"@en ; dcterms:identifier "s.txt" .
"""
QUOTED = """ prov:wasDerivedFrom <https://w3id.org/partnerkg/id/source/s> ;
    prov:qualifiedDerivation [ a prov:Derivation ; prov:entity <https://w3id.org/partnerkg/id/source/s> ;
                               pk:quote "a quote of more than twenty characters" ] """
ORG_A = f"""<https://w3id.org/partnerkg/id/organisation/a> a pk:Organisation ; rdfs:label "A"@en ;{QUOTED}."""
ORG_B = f"""<https://w3id.org/partnerkg/id/organisation/b> a pk:Organisation ; rdfs:label "B"@en ;{QUOTED}."""


PK_NS = "https://w3id.org/partnerkg/ontology#"
ENGINE = {"name": "pyshacl"}


@pytest.fixture(params=["pyshacl", "rudof", "compiled"], autouse=True)
def engine(request) -> Iterator[str]:
    """Every case runs on every SHACL engine: pySHACL (the reference), rudof's native one and the shapes
    compiled into Python checks."""
    need(request.param != "rudof" or native_shacl.available(), f"the native engine needs {native_shacl.EXTRA}")
    ENGINE["name"] = request.param
    yield request.param
    ENGINE["name"] = "pyshacl"


def results(ttl: str) -> list[tuple[str, str, str]]:
    g = Graph()
    g.parse(data=PREFIXES + SOURCE + ttl, format="turtle")
    return [(v.focus, v.path, v.message) for v in validate(g, owl=False, engine=ENGINE["name"]).violations]


def test_shipped_graph_conforms(shipped):
    report = validate(shipped, owl=False, engine=ENGINE["name"])
    assert report.violations == []


def test_valid_fixture_conforms():
    ttl = ORG_A + ORG_B + f"""
    <https://w3id.org/partnerkg/id/partnership/p> a pk:Partnership ; rdfs:label "P"@en ;
        pk:hasPartner <https://w3id.org/partnerkg/id/organisation/a> , <https://w3id.org/partnerkg/id/organisation/b> ;
        pk:isFormal true ; pk:startYear "2004"^^xsd:gYear ;{QUOTED}."""
    assert results(ttl) == []


def test_partnership_with_one_partner():
    ttl = ORG_A + f"""<https://w3id.org/partnerkg/id/partnership/p> a pk:Partnership ; rdfs:label "P"@en ;
        pk:hasPartner <https://w3id.org/partnerkg/id/organisation/a> ;{QUOTED}."""
    [(focus, path, message)] = results(ttl)
    assert (path, focus.endswith("partnership/p>")) == ("pk:hasPartner", True)
    assert "at least two partners" in message


def test_missing_and_double_labels():
    ttl = f"""<https://w3id.org/partnerkg/id/organisation/a> a pk:Organisation ;{QUOTED}.
    <https://w3id.org/partnerkg/id/organisation/b> a pk:Organisation ; rdfs:label "B"@en, "Bee"@en ;{QUOTED}.
    <https://w3id.org/partnerkg/id/organisation/c> a pk:Organisation ; rdfs:label "C" ;{QUOTED}."""
    found = {(f.rsplit("/", 1)[-1], p) for f, p, _ in results(ttl)}
    assert found == {("a>", "rdfs:label"), ("b>", "rdfs:label"), ("c>", "rdfs:label")}


def test_derivation_from_a_source_document_needs_a_quote():
    ttl = """<https://w3id.org/partnerkg/id/organisation/a> a pk:Organisation ; rdfs:label "A"@en ;
        prov:wasDerivedFrom <https://w3id.org/partnerkg/id/source/s> ;
        prov:qualifiedDerivation [ a prov:Derivation ; prov:entity <https://w3id.org/partnerkg/id/source/s> ] ."""
    messages = sorted(m for _, _, m in results(ttl))
    assert any("must carry a pk:quote" in m for m in messages)
    assert any("no qualified derivation from that document carries a pk:quote" in m for m in messages)


def test_spreadsheet_derivation_needs_no_quote():
    ttl = """<https://w3id.org/partnerkg/id/source/sheet> a pk:Spreadsheet ; rdfs:label "mine.csv"@en ;
        pk:fileName "mine.csv" .
    <https://w3id.org/partnerkg/id/organisation/a> a pk:Organisation ; rdfs:label "A"@en ;
        prov:wasDerivedFrom <https://w3id.org/partnerkg/id/source/sheet> ;
        prov:qualifiedDerivation [ a prov:Derivation ; prov:entity <https://w3id.org/partnerkg/id/source/sheet> ;
                                   pk:row "2"^^xsd:positiveInteger ] ."""
    assert results(ttl) == []


def test_short_quote_and_missing_provenance():
    ttl = """<https://w3id.org/partnerkg/id/organisation/a> a pk:Organisation ; rdfs:label "A"@en ;
        prov:wasDerivedFrom <https://w3id.org/partnerkg/id/source/s> ;
        prov:qualifiedDerivation [ a prov:Derivation ; prov:entity <https://w3id.org/partnerkg/id/source/s> ;
                                   pk:quote "too short" ] .
    <https://w3id.org/partnerkg/id/policy/p> a pk:Policy ; rdfs:label "P"@en ."""
    found = sorted((f.split("/")[-1], p) for f, p, _ in results(ttl))
    assert ("p>", "prov:qualifiedDerivation") in found and ("p>", "prov:wasDerivedFrom") in found
    assert any(p == "pk:quote" for _, p in found)


def test_year_must_be_a_gyear_with_four_digits():
    ttl = f"""<https://w3id.org/partnerkg/id/policy/p> a pk:Act ; rdfs:label "P"@en ;
        dcterms:issued "98"^^xsd:gYear ;{QUOTED}."""
    with pytest.raises(InvalidDataError, match=r'dcterms:issued "98"\^\^xsd:gYear: not a valid xsd:gYear'):
        results(ttl)
    # the shapes say the same on their own, for SHACL engines that read them without partnerkg
    g = Graph()
    g.parse(data=PREFIXES + SOURCE + ttl, format="turtle")
    conforms, report, _ = pyshacl.validate(g, shacl_graph=load_shapes(), ont_graph=load_ontology(), advanced=True)
    assert not conforms
    assert set(report.objects(None, SH.resultPath)) == {DCTERMS.issued}


def test_ill_typed_literal_is_refused_before_shacl():
    g = Graph()
    g.parse(data=PREFIXES + '<http://example.org/x> pk:formalityRank "high"^^xsd:integer .', format="turtle")
    with pytest.raises(InvalidDataError, match="ill-typed"):
        validate(g, owl=False)


def test_barrier_needs_a_category_and_a_scheme():
    ttl = f"""<https://w3id.org/partnerkg/id/barrier/b> a pk:Barrier ; rdfs:label "B"@en ;{QUOTED}."""
    found = sorted(p for _, p, _ in results(ttl))
    assert found == ["pk:category", "skos:inScheme"]


def test_sector_must_be_one_of_three():
    ttl = ORG_A + """<https://w3id.org/partnerkg/id/organisation/a> pk:sector pk:StatutoryOrganisation ."""
    [(_, path, _)] = results(ttl)
    assert path == "pk:sector"


# --- Issue 18: figures, cited works, provisions, lists -------------------------------------------------------
FIGURE = f"""<https://w3id.org/partnerkg/id/figure/f> a pk:Figure ; rdfs:label "F"@en ;
    pk:measures "people interviewed" ; pk:unit "people" ; pk:figureOf <https://w3id.org/partnerkg/id/organisation/a> ;
    {{value}} {QUOTED}."""


@pytest.mark.parametrize(("value", "expected"), [
    ('pk:countValue 47 ; pk:figureValue 47 ;', []),
    ('pk:countValue 47 ;', []),  # user data need not state the super-property
    ('pk:decimalValue 0.33 ; pk:figureValue 0.33 ;', []),
    ('', ["a figure has exactly one pk:figureValue"]),
    ('pk:countValue 47 ; pk:decimalValue 0.5 ;', ["a figure has exactly one pk:figureValue"]),
    ('pk:figureValue "many" ;', ["a figure has exactly one pk:figureValue"]),
])
def test_figure_values(value: str, expected: list[str]) -> None:
    messages = [m for _, _, m in results(ORG_A + FIGURE.format(value=value))]
    assert [next(e for e in expected if e in m) for m in messages] == expected


def test_figure_needs_what_it_measures_and_of_what() -> None:
    ttl = f"""<https://w3id.org/partnerkg/id/figure/f> a pk:Figure ; rdfs:label "F"@en ; pk:countValue 3 ;{QUOTED}."""
    messages = [m for _, _, m in results(ttl)]
    assert sorted(k for m in messages for k in ("pk:figureOf", "pk:unit", "pk:measures") if k in m) == [
        "pk:figureOf", "pk:measures", "pk:unit"] and len(messages) == 3


def test_cited_work_and_what_rests_on_it() -> None:
    ttl = ORG_A + f"""<https://w3id.org/partnerkg/id/work/w> a pk:CitedWork ; rdfs:label "W"@en ;
        dcterms:issued "2005"^^xsd:gYear ;{QUOTED}.
        <https://w3id.org/partnerkg/id/barrier/b> a pk:Barrier ; rdfs:label "B"@en ; pk:category pk:CategoryCulture ;
        <http://www.w3.org/2004/02/skos/core#inScheme> pk:BarrierScheme ;
        pk:supportedBy <https://w3id.org/partnerkg/id/organisation/a> ;{QUOTED}."""
    messages = [m for _, _, m in results(ttl)]
    keys = ("(pk:citedFor)", "(pk:citedIn)", "pk:supportedBy names a cited work, a study or a policy")
    assert sorted(k for m in messages for k in keys if k in m) == sorted(keys) and len(messages) == 3


def test_provision_applies_to_partnerships_organisations_or_kinds() -> None:
    ttl = ORG_A + f"""<https://w3id.org/partnerkg/id/policy/p> a pk:Act ; rdfs:label "P"@en ;{QUOTED}.
        <https://w3id.org/partnerkg/id/provision/x> a pk:Provision ; rdfs:label "X"@en ;
        pk:provisionOf <https://w3id.org/partnerkg/id/policy/p> ; pk:provisionType pk:Requirement ;
        pk:appliesTo <https://w3id.org/partnerkg/id/policy/p> ;{QUOTED}."""
    [(_focus, path, message)] = results(ttl)
    assert path == "pk:appliesTo" and "partnerships, organisations or partnership kinds" in message
    assert results(ttl.replace("pk:appliesTo <https://w3id.org/partnerkg/id/policy/p>",
                               "pk:appliesTo <https://w3id.org/partnerkg/id/organisation/a>")) == []


def test_a_list_has_items_and_one_kind() -> None:
    ttl = f"""<https://w3id.org/partnerkg/id/list/l> a pk:SourceList ; rdfs:label "L"@en ;
        pk:listKind pk:BoxList , pk:TableList ;{QUOTED}."""
    messages = sorted(m for _, _, m in results(ttl))
    assert len(messages) == 2
    assert "pk:listKind" in messages[0] and "(pk:hasItem)" in messages[1]


SCHEMES = """
@prefix org: <http://www.w3.org/ns/org#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
"""


def test_each_identifier_scheme_checks_its_pattern() -> None:
    good = ORG_A.replace(" ;", ' ; org:identifier "GB-CHC-1090095"^^pk:CharityCommissionNumber , '
                               '"GB-COH-SC123456"^^pk:CompanyNumber , "RAX"^^pk:ODSCode ;', 1)
    region = ('<https://w3id.org/partnerkg/id/region/r> rdfs:label "R"@en ; '
              'skos:notation "E12000005"^^pk:GSSCode , "Box 2" .')
    assert results(SCHEMES + good + region) == []
    bad = ORG_A.replace(" ;", ' ; org:identifier "GB-CHC-12"^^pk:CharityCommissionNumber , "rax"^^pk:ODSCode , '
                              '"GB-CHC-1090095" ;', 1)
    region = '<https://w3id.org/partnerkg/id/region/r> rdfs:label "R"@en ; skos:notation "E1200000"^^pk:GSSCode .'
    a, r = "<https://w3id.org/partnerkg/id/organisation/a>", "<https://w3id.org/partnerkg/id/region/r>"
    assert sorted(results(SCHEMES + bad + region)) == sorted([
        (a, "org:identifier", "GB-CHC-12 is not a valid Charity Commission for England and Wales number (GB-CHC): "
         "it must match ^GB-CHC-[0-9]{6,7}$, e.g. GB-CHC-1090095"),
        (a, "org:identifier", "rax is not a valid NHS Organisation Data Service code (ODS): it must match "
         "^[A-Z0-9]{3,8}$, e.g. RAX"),
        (a, "org:identifier", 'org:identifier GB-CHC-1090095 names no identifier scheme: write it as a literal typed '
         'by a scheme, e.g. "GB-CHC-1090095"^^pk:CharityCommissionNumber (docs/identifiers.md)'),
        (r, "skos:notation", "E1200000 is not a valid ONS Government Statistical Service code (GSS): it must match "
         "^[EKLMNSW][0-9]{8}$, e.g. E12000005"),
    ])


def test_the_shipped_graph_invents_no_identifier_and_no_membership(shipped) -> None:
    found = shipped.query("""
        PREFIX org: <http://www.w3.org/ns/org#>
        PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
        PREFIX pk: <https://w3id.org/partnerkg/ontology#>
        SELECT ?s ?p ?o WHERE {
          { ?s org:identifier ?o . BIND(org:identifier AS ?p) }
          UNION { ?s skos:notation ?o . ?dt pk:identifierPattern ?pattern . FILTER(DATATYPE(?o) = ?dt)
                  BIND(skos:notation AS ?p) }
          UNION { ?s a org:Membership ; ?p ?o . FILTER(?p IN (org:role, org:memberDuring)) }
        }""")
    assert list(found) == []  # no source text gives an identifier or a membership's dates or role
    # a membership only carries the words that name a partner: one per partner, each with its quote
    counts = shipped.query("""
        PREFIX org: <http://www.w3.org/ns/org#>
        PREFIX prov: <http://www.w3.org/ns/prov#>
        PREFIX pk: <https://w3id.org/partnerkg/ontology#>
        SELECT (COUNT(DISTINCT ?m) AS ?memberships) (COUNT(DISTINCT ?unquoted) AS ?without) WHERE {
          ?m a org:Membership .
          OPTIONAL { ?m org:member ?o . FILTER NOT EXISTS { ?m prov:qualifiedDerivation/pk:quote ?q }
                     BIND(?m AS ?unquoted) }
        }""")
    assert [tuple(int(v) for v in row) for row in counts] == [(58, 0)]


MEMBERSHIP = """
@prefix org: <http://www.w3.org/ns/org#> .
@prefix time: <http://www.w3.org/2006/time#> .
<https://w3id.org/partnerkg/id/partnership/p> a pk:Partnership ; rdfs:label "P"@en ;
    pk:hasPartner <https://w3id.org/partnerkg/id/organisation/a> , <https://w3id.org/partnerkg/id/organisation/b> ;
""" + QUOTED + """.
<https://w3id.org/partnerkg/id/membership/m> a org:Membership ; rdfs:label "M"@en ;
    org:member <https://w3id.org/partnerkg/id/organisation/MEMBER> ;
    org:organization <https://w3id.org/partnerkg/id/partnership/p> ;
    org:memberDuring [ a time:Interval ;
        time:hasBeginning [ a time:Instant ; time:inXSDgYear "START"^^xsd:gYear ] ;
        time:hasEnd [ a time:Instant ; time:inXSDgYear "2008"^^xsd:gYear ] ] ;
""" + QUOTED + """.
"""
ORG_C = ORG_A.replace("organisation/a>", "organisation/c>").replace('"A"@en', '"C"@en')


def test_a_membership_states_the_shortcut_and_ends_after_it_begins() -> None:
    ok = MEMBERSHIP.replace("MEMBER", "a").replace("START", "2004")
    assert results(ORG_A + ORG_B + ok) == []
    m, p = "<https://w3id.org/partnerkg/id/membership/m>", "https://w3id.org/partnerkg/id/partnership/p"
    c = "https://w3id.org/partnerkg/id/organisation/c"
    bad = MEMBERSHIP.replace("MEMBER", "c").replace("START", "2010")
    found = [(focus, message) for focus, _, message in results(ORG_A + ORG_B + ORG_C + bad)]
    assert sorted(found) == sorted([
        (m, f"the partnership of a membership must also state the shortcut: {p} pk:hasPartner {c}"),
        (f"{m} org:memberDuring [blank node]", "the membership ends (2008) before it begins (2010)"),
    ])


QUOTED_FACTS = """
@prefix org: <http://www.w3.org/ns/org#> .
<https://w3id.org/partnerkg/id/partnership/p> a pk:Partnership ; rdfs:label "P"@en ;
    pk:hasPartner <https://w3id.org/partnerkg/id/organisation/a> , <https://w3id.org/partnerkg/id/organisation/b> ;
    pk:hasFeature pk:CoordinatorFeature ; pk:facesBarrier <https://w3id.org/partnerkg/id/barrier/x> ;
""" + QUOTED + """.
<https://w3id.org/partnerkg/id/barrier/x> a pk:Barrier ; rdfs:label "X"@en ; pk:category pk:CategoryFunding ;
    <http://www.w3.org/2004/02/skos/core#inScheme> pk:BarrierScheme ;""" + QUOTED + """.
<https://w3id.org/partnerkg/id/organisation/o> a pk:Organisation ; rdfs:label "O"@en ;""" + QUOTED + """.
[] a pk:FeatureStatement ; pk:partnership <https://w3id.org/partnerkg/id/partnership/p> ;
    pk:feature FEATURE ; pk:featurePresent PRESENT ;""" + QUOTED + """.
[] a pk:PartnershipOutcome ; pk:partnership <https://w3id.org/partnerkg/id/partnership/p> ;
    pk:outcomeItem ITEM ;""" + QUOTED + """.
"""


def test_a_quoted_fact_names_its_partnership_and_item_and_states_the_shortcut() -> None:
    ok = (QUOTED_FACTS.replace("FEATURE", "pk:CoordinatorFeature").replace("PRESENT", "true")
          .replace("ITEM", "<https://w3id.org/partnerkg/id/barrier/x>"))
    assert results(ORG_A + ORG_B + ok) == []
    p = "https://w3id.org/partnerkg/id/partnership/p"
    lacking = (QUOTED_FACTS.replace("FEATURE", "pk:CoordinatorFeature").replace("PRESENT", "false")
               .replace("ITEM", "<https://w3id.org/partnerkg/id/organisation/o>"))
    messages = sorted(message for _, _, message in results(ORG_A + ORG_B + lacking))
    assert messages == sorted([
        "an outcome names exactly one pk:outcomeItem, a pk:Barrier, pk:Facilitator or pk:Benefit",
        f"the partnership of a feature statement must also state the shortcut: {p} pk:hasFeature (present) or "
        f"pk:lacksFeature (absent) {PK_NS}CoordinatorFeature",
        f"the partnership of an outcome must also state the shortcut: {p} pk:facesBarrier, pk:facilitatedBy or "
        "pk:producedBenefit https://w3id.org/partnerkg/id/organisation/o",
    ])
    unquoted = ok.replace("pk:featurePresent true ;" + QUOTED, "pk:featurePresent true ")
    assert sorted(m for _, _, m in results(ORG_A + ORG_B + unquoted)) == [
        "needs a prov:qualifiedDerivation (with the quote that supports it, where the source is a source document)",
        "needs prov:wasDerivedFrom a pk:SourceDocument, pk:Spreadsheet or pk:SyntheticSource (vocabulary: Labels "
        "and provenance)",
    ]
    # derived from a source document without the quote: the quoted-source target selects the blank node itself
    source = "prov:wasDerivedFrom <https://w3id.org/partnerkg/id/source/s> "
    without_quote = ok.replace("pk:featurePresent true ;" + QUOTED, "pk:featurePresent true ; " + source)
    assert sorted((path, m) for _, path, m in results(ORG_A + ORG_B + without_quote)) == [
        ("prov:qualifiedDerivation", "needs a prov:qualifiedDerivation (with the quote that supports it, where the "
                                     "source is a source document)"),
        ("prov:wasDerivedFrom", "derives from a pk:SourceDocument but no qualified derivation from that document "
                                "carries a pk:quote (vocabulary: Labels and provenance)"),
    ]
