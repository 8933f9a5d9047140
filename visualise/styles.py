"""What the maps know of the public vocabulary, how each node and edge of a view is drawn, and the legend
that explains it; shared by the HTML, static and network-format maps.

Sectors, Audit Commission models and Lowndes and Skelcher stages are fixed individuals of the
vocabulary, so each gets a short stable key (used by ``--filter`` and in the page), a label and a
style. Colours come from the Okabe-Ito and Paul Tol palettes, which stay distinct for the common
forms of colour blindness.

Organisations are coloured by sector and shaped by kind; other node types have a colour and shape of
their own. Node size grows with degree. Ties between organisations are coloured by life-cycle stage and
patterned by partnership model (the more formal the model, the more continuous the line); where a tie
stands for several partnerships it shows the latest stage and the most formal model. Policy and barrier
relations each have their own colour and pattern. One pair of classes says how things are drawn:
:class:`NodeStyle` and :class:`EdgeStyle` are both the style of a kind (``NODE_TYPES``, ``RELATIONS``) and
the look of one node or edge (:func:`node_look`, :func:`edge_look`).

>>> SECTORS[PK.VoluntaryCommunitySector].key
'voluntary'
>>> MODELS[PK.CoLocationModel].label
'Co-location'
>>> shape_family(PK.NHSTrust, frozenset({PK.NHSBody})).shape
'hexagon'
>>> import networkx as nx
>>> G = nx.Graph()
>>> G.add_node("a", type="organisation", sector="voluntary", shape="other")
>>> node_look(G, "a", 0).colour
'#009e73'
"""

from __future__ import annotations

import textwrap
from collections.abc import Hashable
from dataclasses import dataclass, field, replace

import networkx as nx
from rdflib import URIRef

from partnerkg.namespaces import PK

__all__ = [
    "FACETS",
    "LABEL_LINES",
    "LABEL_WIDTH",
    "MODELS",
    "MODEL_KEYS",
    "NODE_TYPES",
    "NO_STAGE_COLOUR",
    "OTHER_ORGANISATIONS",
    "RELATIONS",
    "SECTORS",
    "SECTOR_KEYS",
    "SHAPE_FAMILIES",
    "STAGES",
    "STAGE_KEYS",
    "UNKNOWN_SECTOR",
    "EdgeStyle",
    "LegendItem",
    "LegendSection",
    "NodeStyle",
    "ShapeFamily",
    "Term",
    "darker",
    "edge_look",
    "legend",
    "lighter",
    "node_look",
    "node_size",
    "shape_family",
    "wrap_label",
]


@dataclass(frozen=True)
class Term:
    """A fixed individual of the vocabulary as the maps show it."""

    iri: URIRef
    key: str
    label: str
    colour: str = "#8c8c8c"
    dashes: tuple[int, ...] = ()
    rank: int = 0


@dataclass(frozen=True)
class NodeStyle:
    """How a node type, or one node, is drawn: a vis-network shape, a matplotlib marker, a fill colour, and
    for one node its border colour and size. ``dashed`` draws a dashed border (kinds, unnamed parties)."""

    label: str
    shape: str
    marker: str
    colour: str
    dashed: bool = False
    border: str = ""
    size: float = 0.0


@dataclass(frozen=True)
class EdgeStyle:
    """How a relation, or one edge, is drawn."""

    label: str
    colour: str
    dashes: tuple[int, ...] = ()
    width: float = 1.5
    arrow: bool = False


@dataclass(frozen=True)
class LegendItem:
    """One swatch of the legend: ``kind`` is "node" or "edge"."""

    label: str
    kind: str
    colour: str
    shape: str = "dot"
    dashes: tuple[int, ...] = ()
    dashed: bool = False
    width: float = 2.0


@dataclass(frozen=True)
class LegendSection:
    """A titled group of swatches."""

    title: str
    items: list[LegendItem] = field(default_factory=list)


@dataclass(frozen=True)
class ShapeFamily:
    """Organisation kinds drawn with the same shape."""

    key: str
    label: str
    shape: str
    marker: str
    classes: frozenset[URIRef]


def _terms(*terms: Term) -> dict[URIRef, Term]:
    return {t.iri: t for t in terms}


#: The three sectors (node colour in the organisation views).
SECTORS: dict[URIRef, Term] = _terms(
    Term(PK.StatutorySector, "statutory", "Statutory", "#0072b2"),
    Term(PK.VoluntaryCommunitySector, "voluntary", "Voluntary and community", "#009e73"),
    Term(PK.PrivateSector, "private", "Private", "#e69f00"),
)
#: An organisation whose sector no source states.
UNKNOWN_SECTOR = Term(URIRef(PK.Sector), "unknown", "Sector not stated", "#8c8c8c")
SECTOR_KEYS: dict[str, Term] = {t.key: t for t in [*SECTORS.values(), UNKNOWN_SECTOR]}

#: The Audit Commission (1998) models (edge line pattern: the more formal, the more continuous).
MODELS: dict[URIRef, Term] = _terms(
    Term(PK.SeparateOrganisationModel, "separate-organisation", "Separate organisation", dashes=(16, 3), rank=4),
    Term(PK.VirtualOrganisationModel, "virtual-organisation", "Virtual organisation", dashes=(9, 4), rank=3),
    Term(PK.CoLocationModel, "co-location", "Co-location", dashes=(4, 4), rank=2),
    Term(PK.SteeringGroupModel, "steering-group", "Steering group", dashes=(1, 4), rank=1),
)
MODEL_KEYS: dict[str, Term] = {t.key: t for t in MODELS.values()}

#: The Lowndes and Skelcher (1998) life-cycle stages (edge colour).
STAGES: dict[URIRef, Term] = _terms(
    Term(PK.PrePartnershipCollaboration, "pre-partnership", "Pre-partnership collaboration", "#4da6c9", rank=1),
    Term(PK.PartnershipCreationAndConsolidation, "creation", "Creation and consolidation", "#44aa99", rank=2),
    Term(PK.PartnershipProgrammeDelivery, "delivery", "Programme delivery", "#aa4499", rank=3),
    Term(PK.PartnershipTerminationOrSuccession, "termination", "Termination or succession", "#882255", rank=4),
)
STAGE_KEYS: dict[str, Term] = {t.key: t for t in STAGES.values()}
#: Colour of a tie whose stage no source states.
NO_STAGE_COLOUR = "#8d97a3"

#: Organisation kinds by shape. A kind belongs to the first family that holds it or one of its superclasses.
SHAPE_FAMILIES: tuple[ShapeFamily, ...] = (
    ShapeFamily("government", "Government and public bodies", "square", "s", frozenset({
        PK.Government, PK.GovernmentDepartment, PK.GovernmentUnit, PK.PublicBody,
        PK.InspectorateOrAuditBody, PK.PoliticalParty})),
    ShapeFamily("nhs", "NHS bodies", "hexagon", "h", frozenset({PK.NHSBody})),
    ShapeFamily("local", "Local authorities and schools", "triangle", "^", frozenset({PK.LocalAuthority, PK.School})),
    ShapeFamily("justice", "Criminal justice agencies", "triangleDown", "v", frozenset({PK.CriminalJusticeAgency})),
    ShapeFamily("research", "Research, professional bodies, funders", "star", "*", frozenset({
        PK.ResearchOrganisation, PK.ProfessionalBody, PK.ResearchFunder})),
)
#: Every other organisation: voluntary organisations, charities, companies, teams, consortia.
OTHER_ORGANISATIONS = ShapeFamily(
    "other", "Voluntary, private, teams and other", "dot", "o", frozenset({PK.Organisation}))


def shape_family(kind: URIRef | None, ancestors: frozenset[URIRef] = frozenset()) -> ShapeFamily:
    """The shape family of an organisation kind, given the kind and (optionally) its superclasses.

    >>> shape_family(PK.Charity).key
    'other'
    >>> shape_family(PK.MentalHealthTrust, frozenset({PK.NHSTrust, PK.NHSBody})).label
    'NHS bodies'
    """
    classes = {kind, *ancestors} if kind is not None else set(ancestors)
    for family in SHAPE_FAMILIES:
        if family.classes & classes:
            return family
    return OTHER_ORGANISATIONS


#: Node types other than organisations (organisations take their colour from the sector).
NODE_TYPES: dict[str, NodeStyle] = {
    "organisation": NodeStyle("Organisation", "dot", "o", "#8c8c8c"),
    "partnership": NodeStyle("Partnership", "diamond", "D", "#cc79a7"),
    "partnership-kind": NodeStyle("Kind of partnership", "diamond", "D", "#e7bfd9", dashed=True),
    "policy": NodeStyle("Policy", "star", "*", "#d55e00"),
    "person": NodeStyle("Person", "dot", "o", "#6b7280"),
    "other": NodeStyle("Other", "dot", "o", "#b0b7c0"),
    "barrier": NodeStyle("Barrier", "triangleDown", "v", "#d55e00"),
    "facilitator": NodeStyle("Facilitator", "triangle", "^", "#009e73"),
    "category": NodeStyle("Category", "square", "s", "#4b5563"),
    "model": NodeStyle("Partnership model", "hexagon", "h", "#0072b2"),
    "stage": NodeStyle("Life-cycle stage", "hexagon", "h", "#aa4499"),
    "group": NodeStyle("Group of nodes", "dot", "o", "#8c8c8c"),
}

#: Relations drawn in the policy and barrier views.
RELATIONS: dict[str, EdgeStyle] = {
    "partner": EdgeStyle("Partner in", NO_STAGE_COLOUR),
    "requires": EdgeStyle("Requires", "#c0392b", (), 2.5, True),
    "encourages": EdgeStyle("Encourages", "#e69f00", (8, 4), 2.0, True),
    "funds": EdgeStyle("Funds", "#009e73", (), 2.0, True),
    "constitutes": EdgeStyle("Constitutes (the same arrangement)", "#cc79a7", (), 2.0, True),
    "led-to": EdgeStyle("Led to", "#6b7280", (6, 4), 1.5, True),
    "part-of": EdgeStyle("Part of", "#b0b7c0", (2, 3), 1.0, True),
    "issued": EdgeStyle("Issued", "#9aa3ad", (4, 4), 1.0, True),
    "of-kind": EdgeStyle("Of kind", "#cc79a7", (2, 3), 1.2, True),
    "faces-barrier": EdgeStyle("Faces barrier", "#d55e00", (), 2.0, True),
    "facilitated-by": EdgeStyle("Facilitated by", "#009e73", (), 2.0, True),
    "relates-to-model": EdgeStyle("Relates to model", "#0072b2", (6, 4), 1.5, True),
    "relates-to-stage": EdgeStyle("Relates to stage", "#aa4499", (6, 4), 1.5, True),
    "category": EdgeStyle("In category", "#c4c9d0", (), 1.0, True),
    "ties": EdgeStyle("Ties between groups", "#9aa3ad"),
}

#: Characters per line and lines of a label drawn on a map (see :func:`wrap_label`).
LABEL_WIDTH = 20
LABEL_LINES = 4

#: The filters a map offers, in this order, with their labels.
FACETS: dict[str, str] = {"sector": "Sector", "model": "Model", "stage": "Stage", "policy": "Policy"}


def node_size(degree: int) -> float:
    """The drawn radius of a node of the given degree: grows with the square root, capped.

    >>> node_size(0), node_size(4), node_size(10_000)
    (7.0, 13.0, 40.0)
    """
    return round(min(40.0, 7.0 + 3.0 * degree**0.5), 1)


def wrap_label(label: str, width: int = LABEL_WIDTH, max_lines: int = LABEL_LINES) -> tuple[str, ...]:
    """The lines a label is drawn in on a map: wrapped on word boundaries by :mod:`textwrap`, never inside
    a word (a word longer than ``width`` gets a line of its own), at most ``max_lines`` lines. A label that
    needs more ends its last line with "…" after a whole word; the full label is in the tooltip and panel.

    >>> wrap_label("a number of local and health authorities (unnamed)")
    ('a number of local', 'and health', 'authorities', '(unnamed)')
    >>> wrap_label("West Midlands Early Intervention Service 12 (anonymised)")
    ('West Midlands Early', 'Intervention Service', '12 (anonymised)')
    >>> wrap_label("Supercalifragilisticexpialidocious Trust", 10)
    ('Supercalifragilisticexpialidocious', 'Trust')
    >>> wrap_label("one two three four five six seven eight nine ten", 8, 2)
    ('one two', 'three …')
    """
    text = " ".join(label.split())
    if not text:
        return ()
    return tuple(textwrap.wrap(text, width=width, max_lines=max_lines, placeholder=" …",
                               break_long_words=False, break_on_hyphens=False))


_FAMILIES = {f.key: f for f in (*SHAPE_FAMILIES, OTHER_ORGANISATIONS)}


def darker(colour: str, factor: float = 0.72) -> str:
    """A darker shade of a ``#rrggbb`` colour (for borders).

    >>> darker("#ffffff", 0.5)
    '#808080'
    """
    r, g, b = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return "#{:02x}{:02x}{:02x}".format(*(round(c * factor) for c in (r, g, b)))


def lighter(colour: str, share: float = 0.6) -> str:
    """A tint of a ``#rrggbb`` colour: ``share`` of the way to white (fill of unnamed organisations).

    >>> lighter("#000000", 0.5)
    '#808080'
    """
    r, g, b = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return "#{:02x}{:02x}{:02x}".format(*(round(c + (255 - c) * share) for c in (r, g, b)))


def _group_colour(data: dict) -> str:
    sectors = data.get("sectors") or {}
    if sectors:
        top = sorted(sectors.items(), key=lambda kv: (-kv[1], kv[0]))[0][0]
        return SECTOR_KEYS.get(top, UNKNOWN_SECTOR).colour
    return NODE_TYPES.get(data.get("group_type", ""), NODE_TYPES["group"]).colour


def node_look(G: nx.Graph, node: Hashable, degree: int) -> NodeStyle:
    """The style of ``node``: its kind's (or sector's) colour, shape and label, with border and size
    (``degree`` sets the size)."""
    data = G.nodes[node]
    node_type = data.get("type", "organisation")
    size = node_size(degree)
    if node_type == "organisation":
        family = _FAMILIES.get(data.get("shape", "other"), OTHER_ORGANISATIONS)
        colour = SECTOR_KEYS.get(data.get("sector") or "unknown", UNKNOWN_SECTOR).colour
        if data.get("unnamed"):
            return NodeStyle(family.label, family.shape, family.marker, lighter(colour), True,
                             darker(colour, 0.85), size)
        return NodeStyle(family.label, family.shape, family.marker, colour, False, darker(colour), size)
    if node_type == "group":
        colour = _group_colour(data)
        members = int(data.get("members", 1))
        return replace(NODE_TYPES["group"], colour=colour, border=darker(colour),
                       size=round(min(60.0, 8.0 + 2.5 * members**0.5), 1))
    style = NODE_TYPES.get(node_type, NODE_TYPES["organisation"])
    if style.dashed:
        return replace(style, colour=lighter(style.colour, 0.3), border=darker(style.colour, 0.6), size=size)
    return replace(style, border=darker(style.colour), size=size)


def _latest(keys: tuple[str, ...], table: dict) -> str | None:
    known = [k for k in keys if k in table]
    return max(known, key=lambda k: table[k].rank) if known else None


def edge_look(G: nx.Graph, u: Hashable, v: Hashable) -> EdgeStyle:
    """The style of the edge u–v: colour, width, dash pattern and arrow."""
    data = G.edges[u, v]
    relation = data.get("relation")
    weight = float(data.get("weight", 1))
    if relation is None or relation == "partner":
        stage = _latest(tuple(data.get("stages") or G.nodes[v].get("stages") or G.nodes[u].get("stages") or ()),
                        STAGE_KEYS)
        model = _latest(tuple(data.get("models") or G.nodes[v].get("models") or G.nodes[u].get("models") or ()),
                        MODEL_KEYS)
        colour = STAGE_KEYS[stage].colour if stage else NO_STAGE_COLOUR
        dashes = MODEL_KEYS[model].dashes if model else ()
        return EdgeStyle(RELATIONS["partner"].label, colour, dashes, round(1.2 + 1.3 * min(weight - 1, 4) ** 0.7, 2))
    style = RELATIONS.get(relation, RELATIONS["ties"])
    width = style.width if relation != "ties" else round(1.0 + min(8.0, weight**0.5), 2)
    return replace(style, width=width, arrow=style.arrow and G.is_directed())


def legend(G: nx.Graph) -> list[LegendSection]:
    """The legend of ``G``: only the colours, shapes and line styles that occur in it."""
    nodes = list(G.nodes(data=True))
    types = {d.get("type", "organisation") for _n, d in nodes}
    sections: list[LegendSection] = []
    orgs = [d for _n, d in nodes if d.get("type", "organisation") == "organisation"]
    groups = [d for _n, d in nodes if d.get("type") == "group"]
    if orgs or groups:
        present = {d.get("sector") or "unknown" for d in orgs}
        for d in groups:
            present |= set((d.get("sectors") or {}).keys())
        title = "Sector (colour)" if not groups else "Main sector of the group (colour)"
        sections.append(LegendSection(title, [
            LegendItem(t.label, "node", t.colour) for k, t in SECTOR_KEYS.items() if k in present]))
    if orgs:
        shapes = {d.get("shape", "other") for d in orgs}
        items = [LegendItem(f.label, "node", "#6b7280", f.shape) for k, f in _FAMILIES.items() if k in shapes]
        if any(d.get("unnamed") for d in orgs):
            items.append(LegendItem("Unnamed or anonymised (pale, dashed)", "node", "#c9ced6", "dot", dashed=True))
        sections.append(LegendSection("Kind of organisation (shape)", items))
    others = [t for t in NODE_TYPES if t in types and t not in {"organisation", "group"}]
    if others:
        sections.append(LegendSection("Other nodes", [
            LegendItem(NODE_TYPES[t].label, "node", NODE_TYPES[t].colour, NODE_TYPES[t].shape,
                       dashed=NODE_TYPES[t].dashed) for t in others]))
    relations = {d.get("relation") for _u, _v, d in G.edges(data=True)}
    if relations & {None, "partner"}:
        stages = {s for _u, _v, d in G.edges(data=True) for s in d.get("stages", ())}
        models = {m for _u, _v, d in G.edges(data=True) for m in d.get("models", ())}
        for _n, d in nodes:
            if d.get("type") == "partnership":
                stages.update(d.get("stages", ()))
                models.update(d.get("models", ()))
        sections.append(LegendSection("Life-cycle stage (line colour)", [
            *(LegendItem(t.label, "edge", t.colour) for k, t in STAGE_KEYS.items() if k in stages),
            LegendItem("Stage not stated", "edge", NO_STAGE_COLOUR)]))
        sections.append(LegendSection("Partnership model (line pattern)", [
            *(LegendItem(t.label, "edge", "#4b5563", dashes=t.dashes) for k, t in MODEL_KEYS.items() if k in models),
            LegendItem("Model not stated", "edge", "#4b5563")]))
    named = [r for r in RELATIONS if r in relations and r != "partner"]
    if named:
        sections.append(LegendSection("Links", [
            LegendItem(RELATIONS[r].label, "edge", RELATIONS[r].colour, dashes=RELATIONS[r].dashes,
                       width=RELATIONS[r].width) for r in named]))
    return sections
