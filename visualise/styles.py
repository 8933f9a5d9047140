"""What the maps know of the public vocabulary, and how each term is drawn.

Sectors, Audit Commission models and Lowndes and Skelcher stages are fixed individuals of the
vocabulary, so each gets a short stable key (used by ``--filter`` and in the page), a label and a
style. Colours come from the Okabe-Ito and Paul Tol palettes, which stay distinct for the common
forms of colour blindness.

>>> SECTORS[PK.VoluntaryCommunitySector].key
'voluntary'
>>> MODELS[PK.CoLocationModel].label
'Co-location'
>>> shape_family(PK.NHSTrust, frozenset({PK.NHSBody})).shape
'hexagon'
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass

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
    "NodeStyle",
    "ShapeFamily",
    "Term",
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
    """How a node type is drawn: a vis-network shape, a matplotlib marker and a colour."""

    label: str
    shape: str
    marker: str
    colour: str
    dashed_border: bool = False


@dataclass(frozen=True)
class EdgeStyle:
    """How a relation is drawn."""

    label: str
    colour: str
    dashes: tuple[int, ...] = ()
    width: float = 1.5
    arrow: bool = False


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
    "partnership-kind": NodeStyle("Kind of partnership", "diamond", "D", "#e7bfd9", dashed_border=True),
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
