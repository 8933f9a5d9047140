"""A synthetic country under the public vocabulary, written as a stream of triples.

:func:`generate` writes N-Triples (``.nt``) or Turtle (``.ttl``) line by line, so millions of triples need no
rdflib graph in memory. The country has nations, regions and districts (``pk:withinRegion``); statutory,
voluntary and community, and private organisations of the ontology's kinds, national bodies with local
branches (``org:subOrganizationOf``); partnerships of 2–8 partners whose number per organisation is
heavy-tailed (partners are drawn with Pareto weights); models, life-cycle stages, formality, working modes,
start years, kinds; policies that require, encourage or fund them; barriers and facilitators in their concept
schemes with categories; a few studies. Everything derives from one ``pk:SyntheticSource`` (with its seed)
through a ``prov:qualifiedDerivation`` that carries no ``pk:quote``. The output conforms to the SHACL shapes.

The same arguments give byte-identical output (one ``random.Random(seed)``, no hash-ordered iteration).
IRIs carry the seed (``…/id/organisation/synthetic-7-000042``), so countries of different seeds can be
loaded side by side.
"""

from __future__ import annotations

import bisect
import itertools
import random
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import IO

from partnerkg.atomic import atomic_text
from partnerkg.errors import InputError, option

__all__ = ["MAX_PARTNERS", "MIN_PARTNERS", "GeneratedCountry", "OutputFormat", "generate", "output_format"]

MIN_PARTNERS = 2
MAX_PARTNERS = 8

_PK = "https://w3id.org/partnerkg/ontology#"
_ID = "https://w3id.org/partnerkg/id/"
_RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
_RDFS = "http://www.w3.org/2000/01/rdf-schema#"
_XSD = "http://www.w3.org/2001/XMLSchema#"
_ORG = "http://www.w3.org/ns/org#"
_PROV = "http://www.w3.org/ns/prov#"
_SKOS = "http://www.w3.org/2004/02/skos/core#"
_DCT = "http://purl.org/dc/terms/"

# Turtle prefixes: (prefix, namespace). Identifiers under .../id/ get one prefix per kind of resource.
_PREFIXES = (
    ("rdf", _RDF), ("rdfs", _RDFS), ("xsd", _XSD), ("org", _ORG), ("prov", _PROV), ("skos", _SKOS),
    ("dcterms", _DCT), ("pk", _PK),
    ("pko", _ID + "organisation/"), ("pkp", _ID + "partnership/"), ("pkr", _ID + "region/"),
    ("pkpol", _ID + "policy/"), ("pkc", _ID + "concept/"), ("pkk", _ID + "kind/"),
    ("pks", _ID + "study/"), ("pksrc", _ID + "source/"),
)


class OutputFormat(StrEnum):
    """What :func:`generate` writes: N-Triples or Turtle (prefixed names, one statement per line)."""

    NTRIPLES = "nt"
    TURTLE = "ttl"


def output_format(path: str | Path) -> OutputFormat:
    """The output format from a file name's suffix (``.nt`` or ``.ttl``); InputError for any other."""
    suffix = Path(path).suffix.lower().lstrip(".")
    try:
        return OutputFormat(suffix)
    except ValueError:
        raise InputError(f"{path}: the output must end in .nt (N-Triples) or .ttl (Turtle)") from None


@dataclass(frozen=True)
class GeneratedCountry:
    """What :func:`generate` wrote: the file and how many triples, organisations, partnerships…"""

    path: Path
    triples: int
    organisations: int
    partnerships: int
    regions: int
    policies: int
    concepts: int


# ---- the vocabulary of the synthetic country ------------------------------------------------------------

_STAT, _VOL, _PRIV = _PK + "StatutorySector", _PK + "VoluntaryCommunitySector", _PK + "PrivateSector"

# Local kinds: (class, sector, label pattern, weight). {place} is the district's name.
_LOCAL_KINDS = (
    ("LocalAuthority", _STAT, "{place} Council", 4),
    ("NHSTrust", _STAT, "{place} NHS Trust", 3),
    ("MentalHealthTrust", _STAT, "{place} Mental Health NHS Trust", 2),
    ("PrimaryCareTrust", _STAT, "{place} Primary Care Trust", 3),
    ("School", _STAT, "{place} Community School", 6),
    ("CriminalJusticeAgency", _STAT, "{place} Youth Offending Service", 2),
    ("PublicBody", _STAT, "{place} Housing Board", 1),
    ("ServiceTeam", _STAT, "{place} Early Help Team", 2),
    ("LocalVoluntaryOrganisation", _VOL, "{place} {cause} Project", 10),
    ("Charity", _VOL, "{place} {cause} Trust", 8),
    ("Consortium", _VOL, "{place} Voluntary Sector Forum", 1),
    ("PrivateCompany", _PRIV, "{place} {trade} Ltd", 6),
)
# National bodies that have local branches: (class, sector, label, branch class, branch label pattern).
_NATIONAL_KINDS = (
    ("NationalVoluntaryOrganisation", _VOL, "{cause} Alliance", "Charity", "{name} {place}"),
    ("NationalVoluntaryOrganisation", _VOL, "National {cause} Network", "LocalVoluntaryOrganisation",
     "{name}: {place} branch"),
    ("CriminalJusticeAgency", _STAT, "National {agency} Service", "CriminalJusticeAgency", "{name}, {place} area"),
    ("PrivateCompany", _PRIV, "{trade} Group", "PrivateCompany", "{name} ({place})"),
)
_DEPARTMENTS = ("Department of Health and Care", "Department for Families", "Department of Justice and Safety",
                "Department for Communities", "Department for Education and Skills", "Treasury Office")
_CAUSES = ("Carers", "Mental Health", "Young People", "Homelessness", "Older People", "Recovery", "Families",
           "Disability", "Refugee", "Domestic Abuse", "Employment", "Youth Sport", "Food Bank", "Hospice")
_TRADES = ("Care Services", "Facilities", "Training", "Housing Solutions", "Health Analytics", "Catering",
           "Transport", "Employment Services")
_AGENCIES = ("Probation", "Youth Justice", "Victim Support", "Offender Health", "Court Liaison")
_SYLLABLES = ("ash", "brook", "carr", "dal", "elm", "fen", "glen", "hart", "ing", "kirk", "lang", "mar", "nor",
              "oak", "pen", "ridge", "stan", "thorn", "wick", "wold", "bury", "combe", "ley", "by", "ton")
_ENDINGS = ("ford", "ham", "field", "well", "moor", "stead", "dale", "port", "wood", "holme")
_NATIONS = ("North Land", "South Land", "West Land", "Island Land")
_COMPASS = ("North", "South", "East", "West", "Central", "Upper", "Lower", "Coastal", "Inner", "Outer")
_MODELS = (("SeparateOrganisationModel", 4), ("VirtualOrganisationModel", 3), ("CoLocationModel", 2),
           ("SteeringGroupModel", 1))
_STAGES = ("PrePartnershipCollaboration", "PartnershipCreationAndConsolidation", "PartnershipProgrammeDelivery",
           "PartnershipTerminationOrSuccession")
_MODES = ("InterAgencyWorking", "MultiAgencyWorking")
_POLICY_KINDS = (("Act", "{topic} Act {year}"), ("GreenPaper", "{topic}: a Green Paper ({year})"),
                 ("StrategyOrPlan", "National {topic} Strategy {year}"), ("Guidance", "{topic} Partnership Guidance "
                 "{year}"), ("FundingProgramme", "{topic} Partnership Fund {year}"),
                 ("AgreementOrCompact", "{topic} Compact {year}"), ("InquiryReport", "Inquiry into {topic} ({year})"))
_TOPICS = ("Community Safety", "Children's Services", "Mental Health", "Youth Justice", "Public Health",
           "Social Care", "Neighbourhood Renewal", "Early Years", "Drug and Alcohol", "Homelessness",
           "Carers", "Older People", "Employment", "Regeneration", "Health Inequalities")
_KINDS = ("community safety partnerships", "children's trusts", "drug and alcohol action teams",
          "health and wellbeing boards", "local strategic partnerships", "early years partnerships",
          "youth offending partnerships", "safeguarding boards", "neighbourhood management partnerships",
          "mental health commissioning partnerships")
_CATEGORIES = ("CategoryCulture", "CategoryResourcesAndTime", "CategoryFunding", "CategoryGovernance",
               "CategoryCommunication", "CategoryPower", "CategoryReorganisation", "CategoryGoals",
               "CategoryLeadership", "CategoryRelationships", "CategoryStructure", "CategoryUsers")
_BARRIERS = ("clashing professional cultures", "lack of staff time", "short-term funding", "unclear accountability",
             "poor information sharing", "dominance of the largest partner", "repeated reorganisation",
             "no shared aims", "loss of a champion", "mistrust between agencies", "no written agreement",
             "tokenistic user involvement")
_FACILITATORS = ("shared values", "protected time for joint work", "pooled budgets", "clear governance",
                 "a shared case record", "equal voice for small partners", "stable structures", "a common vision",
                 "committed senior leaders", "joint training", "a written protocol", "service users on the board")


# ---- writing terms ---------------------------------------------------------------------------------------


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r")


class _Writer:
    """Writes triples as N-Triples or prefixed Turtle lines and counts them."""

    def __init__(self, fh: IO[str], fmt: OutputFormat) -> None:
        self.fh = fh
        self.count = 0
        self.turtle = fmt is OutputFormat.TURTLE
        # longest namespace first, so .../id/organisation/ wins over .../id/
        self._prefixes = sorted(_PREFIXES, key=lambda p: -len(p[1]))
        self._cache: dict[str, str] = {}
        if self.turtle:
            fh.write("".join(f"@prefix {p}: <{ns}> .\n" for p, ns in _PREFIXES))
        self.a = self.iri(_RDF + "type") if not self.turtle else "a"
        self.label_p = self.iri(_RDFS + "label")

    def iri(self, iri: str) -> str:
        cached = self._cache.get(iri)
        if cached is not None:
            return cached
        text = f"<{iri}>"
        if self.turtle:
            for prefix, ns in self._prefixes:
                local = iri[len(ns):]
                if iri.startswith(ns) and local and all(c.isalnum() or c in "_-" for c in local) \
                        and local[0].isalnum():
                    text = f"{prefix}:{local}"
                    break
        if len(self._cache) < 200_000:
            self._cache[iri] = text
        return text

    def literal(self, text: str, *, lang: str | None = None, datatype: str | None = None) -> str:
        if lang:
            return f'"{_escape(text)}"@{lang}'
        if datatype:
            return f'"{_escape(text)}"^^{self.iri(datatype)}'
        return f'"{_escape(text)}"'

    def triple(self, s: str, p: str, o: str) -> None:
        self.fh.write(f"{s} {p} {o} .\n")
        self.count += 1

    def typed(self, s: str, cls: str, label: str) -> None:
        self.triple(s, self.a, self.iri(cls))
        self.triple(s, self.label_p, self.literal(label, lang="en"))


# ---- the country -----------------------------------------------------------------------------------------


def _place_names(rng: random.Random, n: int) -> list[str]:
    """``n`` distinct invented place names (deterministic for the generator's state)."""
    names: list[str] = []
    seen: set[str] = set()
    for i in itertools.count():
        if len(names) == n:
            return names
        name = (rng.choice(_SYLLABLES) + rng.choice(_SYLLABLES) + rng.choice(_ENDINGS)).capitalize()
        if i > 50 * n:  # the syllables ran out of fresh combinations: number them
            name = f"{name} {i}"
        if name not in seen:
            seen.add(name)
            names.append(name)
    return names


class _Country:
    def __init__(self, w: _Writer, rng: random.Random, seed: int) -> None:
        self.w = w
        self.rng = rng
        self.seed = seed
        self.source = w.iri(f"{_ID}source/synthetic-{seed}")
        self.derived = w.iri(_PROV + "wasDerivedFrom")
        self.qualified = w.iri(_PROV + "qualifiedDerivation")
        self.entity = w.iri(_PROV + "entity")
        self.derivation_cls = w.iri(_PROV + "Derivation")
        self.bnodes = 0
        self.labels: dict[str, int] = {}

    def id(self, kind: str, n: int) -> str:
        return self.w.iri(f"{_ID}{kind}/synthetic-{self.seed}-{n:06d}")

    def unique(self, label: str) -> str:
        """The label, numbered when the same text was used before (labels then resolve to one resource)."""
        seen = self.labels.get(label, 0) + 1
        self.labels[label] = seen
        return label if seen == 1 else f"{label} {seen}"

    def provenance(self, s: str) -> None:
        w = self.w
        self.bnodes += 1
        d = f"_:d{self.bnodes}"
        w.triple(s, self.derived, self.source)
        w.triple(s, self.qualified, d)
        w.triple(d, w.a, self.derivation_cls)
        w.triple(d, self.entity, self.source)


def _pareto_weights(rng: random.Random, n: int, alpha: float = 1.3) -> list[float]:
    """Cumulative Pareto weights: a few organisations are partners in very many partnerships."""
    return list(itertools.accumulate(rng.paretovariate(alpha) for _ in range(n)))


def _write_country(w: _Writer, organisations: int, partnerships: int, seed: int) -> dict[str, int]:
    rng = random.Random(seed)  # noqa: S311 - reproducible synthetic data, not secrets
    c = _Country(w, rng, seed)
    pk = lambda name: w.iri(_PK + name)  # noqa: E731
    within, region_p, sector_p = pk("withinRegion"), pk("region"), pk("sector")
    sub_org = w.iri(_ORG + "subOrganizationOf")

    # the source
    w.typed(c.source, _PK + "SyntheticSource", f"Synthetic country (seed {seed})")
    w.triple(c.source, pk("seed"), w.literal(str(seed), datatype=_XSD + "integer"))

    # regions: nations > regions > districts (about one district per 60 organisations, 8 to 2,000)
    n_districts = max(8, min(2000, organisations // 60))
    n_regions = max(4, min(40, n_districts // 8))
    places = _place_names(rng, n_districts)
    region_ids: list[str] = []
    nations = []
    for i, name in enumerate(_NATIONS):
        r = c.id("region", i)
        nations.append(r)
        w.typed(r, _PK + "Region", c.unique(name))
        c.provenance(r)
    for i in range(n_regions):
        r = c.id("region", len(_NATIONS) + i)
        nation_index = i % len(_NATIONS)
        w.typed(r, _PK + "Region", c.unique(f"{_COMPASS[i // len(_NATIONS) % len(_COMPASS)]} "
                                              f"{_NATIONS[nation_index].split()[0]} Region"))
        w.triple(r, within, nations[nation_index])
        c.provenance(r)
        region_ids.append(r)
    districts: list[str] = []
    base = len(_NATIONS) + n_regions
    for i, place in enumerate(places):
        r = c.id("region", base + i)
        w.typed(r, _PK + "Region", c.unique(place))
        w.triple(r, within, region_ids[i % n_regions])
        c.provenance(r)
        districts.append(r)

    # organisations: government departments, national bodies, their branches and local organisations
    orgs: list[tuple[str, str]] = []  # (term, sector)
    departments: list[str] = []

    def organisation(cls: str, sector: str, label: str, district: int | None) -> str:
        o = c.id("organisation", len(orgs))
        w.typed(o, _PK + cls, c.unique(label))
        w.triple(o, sector_p, w.iri(sector))
        if district is not None:
            w.triple(o, region_p, districts[district])
        c.provenance(o)
        orgs.append((o, sector))
        return o

    for name in _DEPARTMENTS[: max(1, min(len(_DEPARTMENTS), organisations // 20))]:
        departments.append(organisation("GovernmentDepartment", _STAT, name, None))
    n_national = max(1, organisations // 400)
    budget = organisations - len(orgs)
    n_national = min(n_national, max(0, budget // 4))
    local_kinds = list(_LOCAL_KINDS)
    kind_weights = list(itertools.accumulate(k[3] for k in local_kinds))
    for i in range(n_national):
        cls, sector, pattern, branch_cls, branch_pattern = _NATIONAL_KINDS[i % len(_NATIONAL_KINDS)]
        name = pattern.format(cause=rng.choice(_CAUSES), trade=rng.choice(_TRADES), agency=rng.choice(_AGENCIES))
        parent = organisation(cls, sector, name, None)
        branches = min(int(rng.paretovariate(1.2) * 3), len(districts), organisations - len(orgs) - (n_national - i))
        for d in sorted(rng.sample(range(len(districts)), max(0, branches))):
            branch = organisation(branch_cls, sector, branch_pattern.format(name=name, place=places[d]), d)
            w.triple(branch, sub_org, parent)
    while len(orgs) < organisations:
        cls, sector, pattern, _ = local_kinds[bisect.bisect_left(kind_weights, rng.random() * kind_weights[-1])]
        d = rng.randrange(len(districts))
        organisation(cls, sector, pattern.format(place=places[d], cause=rng.choice(_CAUSES),
                                                 trade=rng.choice(_TRADES)), d)

    # concepts: barriers and facilitators in their schemes, with categories
    concepts = {"Barrier": [], "Facilitator": []}
    n = 0
    for cls, phrases, scheme in (("Barrier", _BARRIERS, "BarrierScheme"),
                                 ("Facilitator", _FACILITATORS, "FacilitatorScheme")):
        for i, phrase in enumerate(phrases):
            for variant in ("", " in commissioning", " in front-line services"):
                t = c.id("concept", n)
                n += 1
                w.typed(t, _PK + cls, c.unique(phrase + variant))
                w.triple(t, w.iri(_SKOS + "inScheme"), pk(scheme))
                w.triple(t, pk("category"), pk(_CATEGORIES[i % len(_CATEGORIES)]))
                c.provenance(t)
                concepts[cls].append(t)

    # partnership kinds and studies
    kinds = []
    for i, label in enumerate(_KINDS):
        k = c.id("kind", i)
        w.typed(k, _PK + "PartnershipKind", c.unique(f"{label} (synthetic)"))
        c.provenance(k)
        kinds.append(k)
    studies = []
    for i in range(3):
        s = c.id("study", i)
        w.typed(s, _PK + "Study", c.unique(f"Synthetic evaluation {i + 1} (seed {seed})"))
        w.triple(s, pk("startYear"), w.literal(str(2000 + 3 * i), datatype=_XSD + "gYear"))
        c.provenance(s)
        studies.append(s)

    # partnerships: 2-8 partners drawn with heavy-tailed weights, mostly within one region
    weights = _pareto_weights(rng, len(orgs))
    has_partner, model_p, stage_p = pk("hasPartner"), pk("partnershipModel"), pk("lifeCycleStage")
    formal_p, mode_p, start_p, kind_p = pk("isFormal"), pk("workingMode"), pk("startYear"), pk("ofKind")
    barrier_p, facilitator_p, observed_p = pk("facesBarrier"), pk("facilitatedBy"), pk("observedIn")
    true, false = w.literal("true", datatype=_XSD + "boolean"), w.literal("false", datatype=_XSD + "boolean")
    partnership_ids: list[str] = []
    for i in range(partnerships if len(orgs) >= MIN_PARTNERS else 0):
        size = min(len(orgs), MIN_PARTNERS + min(MAX_PARTNERS - MIN_PARTNERS, int(rng.expovariate(0.55))))
        chosen: set[int] = set()
        while len(chosen) < size:
            chosen.add(bisect.bisect_left(weights, rng.random() * weights[-1]))
        members = sorted(chosen)
        p = c.id("partnership", i)
        partnership_ids.append(p)
        d = rng.randrange(len(districts))
        topic = rng.choice(_TOPICS)
        w.typed(p, _PK + "Partnership", c.unique(f"{places[d]} {topic} Partnership"))
        for m in members:
            w.triple(p, has_partner, orgs[m][0])
        w.triple(p, region_p, districts[d])
        if rng.random() < 0.7:
            model, rank = _MODELS[rng.randrange(len(_MODELS))]
            w.triple(p, model_p, pk(model))
            w.triple(p, formal_p, true if rank >= 3 or rng.random() < 0.3 else false)
        if rng.random() < 0.6:
            w.triple(p, stage_p, pk(_STAGES[rng.randrange(len(_STAGES))]))
        if rng.random() < 0.5:
            w.triple(p, mode_p, pk(_MODES[rng.randrange(len(_MODES))]))
        if rng.random() < 0.8:
            w.triple(p, start_p, w.literal(str(rng.randint(1995, 2024)), datatype=_XSD + "gYear"))
        if rng.random() < 0.3:
            w.triple(p, kind_p, kinds[rng.randrange(len(kinds))])
        for _ in range(int(rng.expovariate(1.2))):
            w.triple(p, barrier_p, rng.choice(concepts["Barrier"]))
        for _ in range(int(rng.expovariate(1.2))):
            w.triple(p, facilitator_p, rng.choice(concepts["Facilitator"]))
        if rng.random() < 0.05:
            w.triple(p, observed_p, studies[rng.randrange(len(studies))])
        c.provenance(p)

    # policies: issued by departments; require or encourage kinds, fund partnerships, encourage organisations
    n_policies = max(10, min(5000, (organisations + partnerships) // 200))
    for i in range(n_policies):
        cls, pattern = _POLICY_KINDS[i % len(_POLICY_KINDS)]
        year = rng.randint(1990, 2024)
        pol = c.id("policy", i)
        w.typed(pol, _PK + cls, c.unique(pattern.format(topic=rng.choice(_TOPICS), year=year)))
        w.triple(pol, w.iri(_DCT + "issued"), w.literal(str(year), datatype=_XSD + "gYear"))
        if departments:
            w.triple(pol, pk("issuedBy"), departments[rng.randrange(len(departments))])
        relation = "requires" if cls in ("Act", "Guidance") else "encourages"
        w.triple(pol, pk(relation), kinds[rng.randrange(len(kinds))])
        if cls == "FundingProgramme" and partnership_ids:
            for j in sorted(rng.sample(range(len(partnership_ids)), min(len(partnership_ids), rng.randint(1, 20)))):
                w.triple(pol, pk("funds"), partnership_ids[j])
        elif orgs and rng.random() < 0.3:
            w.triple(pol, pk("encourages"), orgs[rng.randrange(len(orgs))][0])
        c.provenance(pol)

    return {"organisations": len(orgs), "partnerships": len(partnership_ids),
            "regions": len(_NATIONS) + n_regions + len(districts), "policies": n_policies,
            "concepts": len(concepts["Barrier"]) + len(concepts["Facilitator"])}


def generate(output: str | Path, organisations: int, partnerships: int, seed: int = 0) -> GeneratedCountry:
    """Write a synthetic country of ``organisations`` organisations and ``partnerships`` partnerships.

    The format follows ``output``'s suffix (``.nt`` or ``.ttl``); the file is written atomically.
    Raises InputError (exit 2) for another suffix, fewer than 2 organisations while partnerships are asked
    for, or a negative count.
    """
    path = Path(output)
    fmt = output_format(path)
    if organisations < 1 or partnerships < 0:
        raise InputError(f"{option('organisations')} must be at least 1 and {option('partnerships')} at least 0")
    if partnerships and organisations < MIN_PARTNERS:
        raise InputError(f"partnerships need at least {MIN_PARTNERS} organisations (got {organisations})")
    if path.is_dir():
        raise InputError(f"{path}: is a directory — name a file ending in .nt or .ttl")
    with atomic_text(path) as fh:
        writer = _Writer(fh, fmt)
        counts = _write_country(writer, organisations, partnerships, seed)
    return GeneratedCountry(path=path, triples=writer.count, **counts)
