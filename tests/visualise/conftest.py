"""Fixtures of the network-view tests: a small graph whose measures are worked out by hand, a graph of
hostile labels, and a headless Chromium (skipped when absent, except in CI where it must be there)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from rdflib import Graph

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

# Partnerships with and without years (for the time range), policies with and without an issued year, and
# regions: ties of the organisations view a-b (2001-2004 and 2008-2009), b-c (from 2006), c-d (until 2003),
# a-c (no years), d-e (2010).
TIMED_TTL = PREFIXES + """
id:r1 a pk:Region ; rdfs:label "North Region"@en .
id:r2 a pk:Region ; rdfs:label "South Region"@en .
id:a a pk:LocalAuthority ; rdfs:label "Council A"@en ; pk:region id:r1 .
id:b a pk:Charity ; rdfs:label "Charity B"@en ; pk:region id:r1 ; pk:startYear "1996"^^xsd:gYear .
id:c a pk:NHSTrust ; rdfs:label "Trust C"@en ; pk:region id:r2 .
id:d a pk:PrivateCompany ; rdfs:label "Firm D"@en .
id:e a pk:Charity ; rdfs:label "Charity E"@en .
id:p1 a pk:Partnership ; rdfs:label "Early partnership"@en ; pk:hasPartner id:a , id:b ;
    pk:startYear "2001"^^xsd:gYear ; pk:endYear "2004"^^xsd:gYear ; pk:partnershipModel pk:CoLocationModel .
id:p6 a pk:Partnership ; rdfs:label "Renewed partnership"@en ; pk:hasPartner id:a , id:b ;
    pk:startYear "2008"^^xsd:gYear ; pk:endYear "2009"^^xsd:gYear ; pk:partnershipModel pk:CoLocationModel .
id:p2 a pk:Partnership ; rdfs:label "Open-ended partnership"@en ; pk:hasPartner id:b , id:c ;
    pk:startYear "2006"^^xsd:gYear ; pk:partnershipModel pk:SteeringGroupModel .
id:p3 a pk:Partnership ; rdfs:label "Ended partnership"@en ; pk:hasPartner id:c , id:d ;
    pk:endYear "2003"^^xsd:gYear .
id:p4 a pk:Partnership ; rdfs:label "Undated partnership"@en ; pk:hasPartner id:a , id:c .
id:p5 a pk:Partnership ; rdfs:label "One-year partnership"@en ; pk:hasPartner id:d , id:e ;
    pk:startYear "2010"^^xsd:gYear ; pk:endYear "2010"^^xsd:gYear .
id:x a pk:Act ; rdfs:label "Dated Act"@en ; dcterms:issued "2005"^^xsd:gYear ; pk:requires id:p2 .
id:y a pk:Guidance ; rdfs:label "Undated Guidance"@en ; pk:encourages id:p4 .
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
def timed_graph() -> Graph:
    """Partnerships and policies with years, partly stated, partly not."""
    return Graph().parse(data=TIMED_TTL, format="turtle")


@pytest.fixture(scope="session")
def hostile_graph() -> Graph:
    """Organisations, a partnership, a policy and a barrier labelled with script and markup payloads."""
    return Graph().parse(data=HOSTILE_TTL, format="turtle")


@dataclass
class Opened:
    """A map page and everything it did while it was open."""

    page: object
    url: str
    console_errors: list[str] = field(default_factory=list)
    failed_requests: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)

    def count(self, which: str) -> int:
        return int(self.page.text_content(f"#count-{which}").replace(",", ""))

    def node_id(self, title: str) -> str:
        return self.page.evaluate(
            """(title) => JSON.parse(document.getElementById('map-data').textContent)
                 .nodes.find((n) => n.info.title === title).id""", title)

    def node_point(self, title: str) -> tuple[float, float]:
        return tuple(self.page.evaluate(
            """(id) => {
                 const net = window.partnerkgMap.network;
                 const p = net.canvasToDOM(net.getPositions([id])[id]);
                 const box = document.getElementById('network').getBoundingClientRect();
                 return [p.x + box.left, p.y + box.top];
               }""", self.node_id(title)))

    def hover(self, title: str) -> str:
        self.page.mouse.move(5, 5)
        self.page.mouse.move(*self.node_point(title))
        self.page.wait_for_selector("#tooltip:not([hidden])", timeout=5000)
        return self.page.text_content("#tooltip strong")

    def select(self, title: str) -> None:
        """Click the node titled so, and wait for its panel (which opens a moment after the click)."""
        self.page.mouse.click(*self.node_point(title))
        self.page.wait_for_function(
            """(title) => !document.getElementById('panel').hidden
                 && document.querySelector('#panel-body h2')?.textContent === title""", arg=title, timeout=5000)

    def pixel(self, point: tuple[float, float]) -> tuple[int, int, int]:
        """The colour the map's canvas shows at a point of the page (CSS pixels), once it has drawn."""
        self.drawn()
        return tuple(self.page.evaluate(
            """([x, y]) => {
                 const canvas = document.querySelector('#network canvas');
                 const box = canvas.getBoundingClientRect();
                 const ratio = canvas.width / box.width;
                 const d = canvas.getContext('2d').getImageData(Math.round((x - box.left) * ratio),
                                                                Math.round((y - box.top) * ratio), 1, 1).data;
                 return [d[0], d[1], d[2]];
               }""", list(point)))

    def drawn(self) -> None:
        """Wait until the page has drawn what it was asked to (two animation frames)."""
        self.page.evaluate("() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)))")

    def fragment(self) -> str:
        """The URL fragment the page wrote (after its debounce), without the #."""
        self.page.wait_for_timeout(400)
        return self.page.evaluate("location.hash.slice(1)")


@pytest.fixture()
def open_map(browser) -> Iterator[Callable[..., Opened]]:
    contexts = []

    def opener(path: Path, *, bypass_csp: bool = False, fragment: str = "") -> Opened:
        context = browser.new_context(viewport={"width": 1400, "height": 900}, bypass_csp=bypass_csp,
                                      accept_downloads=True)
        contexts.append(context)
        page = context.new_page()
        opened = Opened(page, path.resolve().as_uri())
        page.on("console", lambda m: opened.console_errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: opened.console_errors.append(str(e)))
        page.on("requestfailed", lambda r: opened.failed_requests.append(r.url))
        page.on("request", lambda r: opened.requests.append(r.url))

        def on_dialog(dialog) -> None:
            opened.dialogs.append(dialog.message)
            dialog.dismiss()

        page.on("dialog", on_dialog)
        page.goto(opened.url + (f"#{fragment}" if fragment else ""))
        page.wait_for_selector('html[data-state="ready"]', state="attached", timeout=30_000)
        return opened

    yield opener
    for context in contexts:
        context.close()


def assert_clean(opened: Opened) -> None:
    assert opened.console_errors == []
    assert opened.failed_requests == []
    assert opened.requests == [opened.url]  # the page itself, nothing else
    assert opened.dialogs == []
