"""Every instance of the shipped graph carries its provenance, and every quote is verbatim."""

from __future__ import annotations

from partnerkg.graph import shipped_data
from partnerkg.graph.quotes import check_quotes
from partnerkg.namespaces import PK

NEEDS_A_QUOTE = [
    "Organisation", "Partnership", "Policy", "Barrier", "Facilitator", "Study", "Benefit", "ReasonForPartnership",
    "WorkingArrangement", "GovernancePrinciple", "SetUpQuestion", "Misconception", "PartnershipKind",
    "ModelAdvantage", "ModelDisadvantage",
]


def test_no_instance_lacks_a_quoted_derivation_from_a_source_document():
    g = shipped_data()
    unquoted = []
    for cls in NEEDS_A_QUOTE:
        for row in g.query(
            """SELECT DISTINCT ?x WHERE {
                 ?x a ?cls .
                 FILTER NOT EXISTS {
                   ?x prov:wasDerivedFrom ?src ; prov:qualifiedDerivation ?d .
                   ?src a pk:SourceDocument . ?d prov:entity ?src ; pk:quote ?q .
                 } }""",
            initBindings={"cls": PK[cls]},
        ):
            unquoted.append(f"{cls}: {row.x}")
    assert unquoted == []


def test_every_quote_is_verbatim_in_its_own_source(seeds_dir):
    problems = check_quotes(shipped_data(), seeds_dir)
    assert [str(p) for p in problems] == []


def test_every_source_document_is_one_seed_file(seeds_dir):
    g = shipped_data()
    identifiers = sorted(str(i) for i in g.query(
        "SELECT ?i WHERE { ?s a pk:SourceDocument ; dcterms:identifier ?i }").bindings for i in i.values())
    assert identifiers == sorted(p.name for p in seeds_dir.glob("*.txt"))


def test_anonymised_services_are_never_named():
    g = shipped_data()
    labels = {str(o) for o in g.query(
        """SELECT ?l WHERE { ?x a pk:UnnamedOrganisation ; rdfs:label ?l }""").bindings for o in o.values()}
    eis = sorted(label for label in labels if label.startswith("West Midlands Early Intervention Service "))
    assert eis == sorted(f"West Midlands Early Intervention Service {n} (anonymised)" for n in range(1, 13))
    assert all(label.endswith(("(unnamed)", "(anonymised)")) for label in labels)
