"""Fixtures of the network-view tests: a small graph whose measures are worked out by hand, a graph of
hostile labels, and a headless Chromium (skipped when absent, except in CI where it must be there)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from rdflib import Graph

from ..conftest import need

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]

PREFIXES = """
@prefix pk: <https://w3id.org/partnerkg/ontology#> .
@prefix id: <https://w3id.org/partnerkg/id/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix prov: <http://www.w3.org/ns/prov#> .
@prefix foaf: <http://xmlns.com/foaf/0.1/> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
"""

# Eight organisations typed the way user files may type them: no materialised superclasses, a sector
# only through the kind (a, b, c, d), only through pk:sector (e), or none (f, g, gov has one by kind).
# Partnerships: p1 = {a, b, c} (co-location, delivery, formal), p2 = {c, d} (steering group),
# p3 = {e, f} (only pk:partnerIn, pre-partnership), p4 = {a, e} (of kind K).
# Organisation view: edges a-b a-c b-c c-d e-f a-e; g and gov unlinked.
FIXTURE_TTL = PREFIXES + """
id:source a pk:SourceDocument ; rdfs:label "Fixture source"@en ; dcterms:identifier "999_fixture.txt" .
id:org-a a pk:LocalAuthority ; rdfs:label "Alpha Council"@en ;
    dcterms:description "A council in the fixture."@en ;
    prov:wasDerivedFrom id:source ;
    prov:qualifiedDerivation [ a prov:Derivation ; prov:entity id:source ;
        pk:quote "Alpha Council works with Beta Trust and Charity C" ] .
id:org-b a pk:MentalHealthTrust ; rdfs:label "Beta Trust"@en .
id:org-c a pk:Charity ; rdfs:label "Charity C"@en ; foaf:homepage <https://charity-c.example.org/> .
id:org-d a pk:PrivateCompany ; rdfs:label "Delta Ltd"@en .
id:org-e a pk:Organisation ; rdfs:label "Echo Group"@en ; pk:sector pk:VoluntaryCommunitySector .
id:org-f a pk:UnnamedOrganisation ; rdfs:label "local services (unnamed)"@en .
id:org-g a pk:ResearchOrganisation ; rdfs:label "Golf Research Centre"@en .
id:org-gov a pk:GovernmentDepartment ; rdfs:label "Department of Fixtures"@en .

id:p1 a pk:Partnership ; rdfs:label "Partnership One"@en ; pk:hasPartner id:org-a , id:org-b , id:org-c ;
    pk:partnershipModel pk:CoLocationModel ; pk:lifeCycleStage pk:PartnershipProgrammeDelivery ;
    pk:isFormal true ; pk:facesBarrier id:barrier-1 .
id:p2 a pk:Partnership ; rdfs:label "Partnership Two"@en ; pk:hasPartner id:org-c , id:org-d ;
    pk:partnershipModel pk:SteeringGroupModel ; pk:facilitatedBy id:facilitator-1 .
id:p3 a pk:Partnership ; rdfs:label "Partnership Three"@en ; pk:lifeCycleStage pk:PrePartnershipCollaboration .
id:org-e pk:partnerIn id:p3 .
id:org-f pk:partnerIn id:p3 .
id:p4 a pk:Partnership ; rdfs:label "Partnership Four"@en ; pk:hasPartner id:org-a , id:org-e ; pk:ofKind id:kind-k .

id:kind-k a pk:PartnershipKind ; rdfs:label "Kind K partnerships"@en .
id:policy-x a pk:Act ; rdfs:label "Fixture Act"@en ; pk:requires id:p1 ; pk:issuedBy id:org-gov ;
    dcterms:issued "2001"^^xsd:gYear .
id:policy-y a pk:Guidance ; rdfs:label "Fixture Guidance"@en ; pk:encourages id:kind-k .

id:barrier-1 a pk:Barrier ; rdfs:label "Barrier One"@en ; pk:category pk:CategoryFunding ;
    pk:relatesToModel pk:CoLocationModel .
id:facilitator-1 a pk:Facilitator ; rdfs:label "Facilitator One"@en ; pk:category pk:CategoryCulture ;
    pk:relatesToStage pk:PartnershipProgrammeDelivery .
"""

IMG = "<img src=x onerror=alert(1)>"
SCRIPT = "</script><script>window.__pwned=1</script>"
TEMPLATE = "{{7*7}}"
JS_URL = "javascript:window.__pwned=1"
SVG = "<svg onload=alert(1)>"
HOSTILE_LABELS = (IMG, SCRIPT, TEMPLATE)

HOSTILE_TTL = PREFIXES + f"""
id:source a pk:SourceDocument ; rdfs:label "{SVG} source"@en .
id:h1 a pk:Charity ; rdfs:label "{IMG}"@en ; dcterms:description "{SCRIPT} described"@en ;
    foaf:homepage "{JS_URL}" ;
    prov:qualifiedDerivation [ prov:entity id:source ; pk:quote "<b>quoted</b> {IMG} in a quote" ] .
id:h2 a pk:LocalAuthority ; rdfs:label "{SCRIPT}"@en .
id:h3 a pk:NHSTrust ; rdfs:label "{TEMPLATE}"@en .
id:hp a pk:Partnership ; rdfs:label "{TEMPLATE} {IMG} partnership"@en ; pk:hasPartner id:h1 , id:h2 , id:h3 .
id:hpol a pk:Act ; rdfs:label "{SVG}"@en ; pk:requires id:hp .
id:hb a pk:Barrier ; rdfs:label "{SCRIPT} barrier"@en .
id:hp pk:facesBarrier id:hb .
"""


@pytest.fixture(scope="session")
def fixture_graph() -> Graph:
    """The small hand-checked graph (data only: no ontology, no materialised superclasses)."""
    return Graph().parse(data=FIXTURE_TTL, format="turtle")


@pytest.fixture(scope="session")
def hostile_graph() -> Graph:
    """Organisations, a partnership, a policy and a barrier labelled with script and markup payloads."""
    return Graph().parse(data=HOSTILE_TTL, format="turtle")


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    """A headless Debian Chromium driven by playwright (skips without it, except when CI=true)."""
    need(CHROMIUM.exists(), f"browser tests need Debian's Chromium at {CHROMIUM} (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        instance = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield instance
        finally:
            instance.close()
