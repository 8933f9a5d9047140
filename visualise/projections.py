"""Projections of the RDF graph into networkx graphs: one per map view.

Nodes are keyed by IRI (``"_:…"`` for blank nodes) and carry ``type``, ``label``, ``kind``,
``description``, ``sources``, ``quotes`` and, for organisations, ``sector``, ``shape`` and ``unnamed``.
Every node and edge also carries ``facets``: for each filter it answers (sector, model, stage, policy),
the sorted keys it matches (see :mod:`partnerkg.visualise.filters`). ``years`` is ``(start, end)`` as the
data states them (``pk:startYear``, ``pk:endYear``; for a policy its ``dcterms:issued`` year is its start),
either part None when unstated, or None when the data states no year at all: nothing is guessed.

``organisations``
    organisation–organisation: an edge when two organisations share a partnership, carrying the
    partnerships' names, models, stages and formality (``weight`` = number of shared partnerships), the
    distinct ``spans`` (start, end) of those partnerships that state years and how many do not
    (``undated``), and each partnership's years beside its name (``partnership_years``).
``partnerships``
    organisation–partnership, bipartite (``bipartite`` 0 for organisations, 1 for partnerships).
``policies``
    a directed graph of policy influence: policy → partnership, organisation or kind of partnership
    (requires, encourages, funds, constitutes), issuer → policy, policy → policy (led to, part of).
``barriers``
    barriers and facilitators with the partnerships that face or are helped by them, the models and
    stages they relate to, and their categories.

>>> from rdflib import Graph
>>> g = Graph().parse(format="turtle", data='''
... @prefix pk: <https://w3id.org/partnerkg/ontology#> .
... @prefix id: <https://w3id.org/partnerkg/id/> .
... id:p a pk:Partnership ; pk:hasPartner id:a , id:b ; pk:partnershipModel pk:CoLocationModel .
... id:a pk:sector pk:StatutorySector .
... id:b pk:sector pk:VoluntaryCommunitySector .
... ''')
>>> G = project(g, "organisations")
>>> sorted(G.nodes), G.edges["https://w3id.org/partnerkg/id/a", "https://w3id.org/partnerkg/id/b"]["models"]
(['https://w3id.org/partnerkg/id/a', 'https://w3id.org/partnerkg/id/b'], ('co-location',))
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from enum import StrEnum
from itertools import combinations
from typing import Any

import networkx as nx
from rdflib import BNode, Graph
from rdflib.namespace import FOAF
from rdflib.term import Node

from partnerkg.namespaces import PK
from partnerkg.visualise.entities import Entity, Knowledge, read_knowledge
from partnerkg.visualise.styles import MODELS, STAGES

__all__ = [
    "View",
    "barrier_graph",
    "node_key",
    "organisation_graph",
    "partnership_graph",
    "policy_graph",
    "project",
]


class View(StrEnum):
    """The map views, in the order an index lists them."""

    ORGANISATIONS = "organisations"
    PARTNERSHIPS = "partnerships"
    POLICIES = "policies"
    BARRIERS = "barriers"

    @property
    def title(self) -> str:
        """A heading for the view."""
        return {
            "organisations": "Organisations linked by shared partnerships",
            "partnerships": "Organisations and the partnerships they belong to",
            "policies": "Policies and what they require, encourage or fund",
            "barriers": "Barriers and facilitators of partnership working",
        }[self.value]


def node_key(node: Node) -> str:
    """The networkx key of an RDF node: the IRI, or ``_:id`` for a blank node.

    >>> from rdflib import URIRef
    >>> node_key(URIRef("https://w3id.org/partnerkg/id/organisation/mind"))
    'https://w3id.org/partnerkg/id/organisation/mind'
    """
    return f"_:{node}" if isinstance(node, BNode) else str(node)


def _describe(entity: Entity, node_type: str) -> dict[str, Any]:
    return {
        "type": node_type,
        "label": entity.label,
        "kind": entity.kind_label or node_type.replace("-", " ").capitalize(),
        "description": entity.description,
        "website": entity.website,
        "regions": entity.regions,
        "sources": entity.sources,
        "quotes": tuple((q.text, q.source) for q in entity.quotes),
        "years": _years(entity.start, entity.end),
    }


def _years(start: int | None, end: int | None) -> tuple[int | None, int | None] | None:
    """``(start, end)`` as the data states them (either may be None), or None when it states neither."""
    return None if start is None and end is None else (start, end)


def _organisation(entity: Entity) -> dict[str, Any]:
    attrs = _describe(entity, "organisation")
    attrs.update(sector=entity.sector, shape=entity.shape, unnamed=entity.unnamed)
    return attrs


def _span_order(span: tuple[int | None, int | None]) -> tuple[float, float]:
    start, end = span
    return (float("-inf") if start is None else start, float("inf") if end is None else end)


def _keys(values: Iterable[str]) -> tuple[str, ...]:
    return tuple(sorted(set(values)))


class _Context:
    """What several views need: sectors, models, stages and policies per partnership and organisation."""

    def __init__(self, kb: Knowledge) -> None:
        self.kb = kb
        self.org_partnerships: dict[Node, list[Node]] = defaultdict(list)
        for p in kb.partnerships:
            for o in kb.partners[p]:
                self.org_partnerships[o].append(p)
        self.direct_policies: dict[Node, set[str]] = defaultdict(set)
        kind_partnerships: dict[Node, list[Node]] = defaultdict(list)
        for p in kb.partnerships:
            for k in kb.of_kind.get(p, ()):
                kind_partnerships[k].append(p)
        self.kind_partnerships = kind_partnerships
        bearing: dict[Node, set[str]] = defaultdict(set)  # target → the policies bearing on it directly
        for policy, _rel, target in kb.influence:
            bearing[target].add(node_key(policy))
        for target, keys in bearing.items():
            self.direct_policies[target] |= keys
            for p in kind_partnerships.get(target, ()):
                self.direct_policies[p] |= keys
        self._facets: dict[Node, dict[str, tuple[str, ...]]] = {}  # per partnership, computed once

    def sector(self, org: Node) -> str:
        entity = self.kb.entities.get(org)
        return (entity.sector if entity else None) or "unknown"

    def partnership_facets(self, p: Node) -> dict[str, tuple[str, ...]]:
        """The facets of partnership ``p`` (a fresh dict; its tuples are shared)."""
        facets = self._facets.get(p)
        if facets is None:
            kb = self.kb
            facets = self._facets[p] = {
                "sector": _keys(self.sector(o) for o in kb.partners.get(p, ())),
                "model": tuple(kb.models.get(p, ())),
                "stage": tuple(kb.stages.get(p, ())),
                "policy": _keys(self.direct_policies.get(p, ())),
            }
        return dict(facets)

    def organisation_facets(self, o: Node, extra_policies: Iterable[str] = ()) -> dict[str, tuple[str, ...]]:
        kb = self.kb
        ps = self.org_partnerships.get(o, [])
        policies = set(self.direct_policies.get(o, ())) | set(extra_policies)
        for p in ps:
            policies |= self.direct_policies.get(p, set())
        return {
            "sector": (self.sector(o),),
            "model": _keys(m for p in ps for m in kb.models[p]),
            "stage": _keys(s for p in ps for s in kb.stages[p]),
            "policy": _keys(policies),
        }

    def merged(self, partnerships: Iterable[Node]) -> dict[str, tuple[str, ...]]:
        """Facets of everything that stands behind a set of partnerships."""
        ps = list(partnerships)
        if len(ps) == 1:  # the common case; a partnership's own facets are sorted and distinct already
            return self.partnership_facets(ps[0])
        out: dict[str, set[str]] = defaultdict(set)
        for p in ps:
            for facet, values in self.partnership_facets(p).items():
                out[facet].update(values)
        return {f: _keys(out.get(f, ())) for f in ("sector", "model", "stage", "policy")}


def _partnership_attrs(ctx: _Context, p: Node) -> dict[str, Any]:
    kb = ctx.kb
    attrs = _describe(kb.entities[p], "partnership")
    formal = kb.formal.get(p)
    attrs.update(
        models=tuple(kb.models[p]),
        stages=tuple(kb.stages[p]),
        formal=formal,
        partners=tuple(kb.label(o) for o in kb.partners[p]),
        facets=ctx.partnership_facets(p),
    )
    return attrs


def _start(view: View, kb: Knowledge, directed: bool = False) -> nx.Graph:
    G: nx.Graph = nx.DiGraph() if directed else nx.Graph()
    G.graph.update(view=view.value, title=view.title,
                   facet_labels={"policy": {node_key(p): kb.label(p) for p in kb.policies}})
    return G


def organisation_graph(graph: Graph | Knowledge) -> nx.Graph:
    """Organisations, with an edge wherever two share a partnership.

    Every organisation is a node, partnered or not. Edge attributes: ``partnerships`` (labels),
    ``models``, ``stages``, ``formality`` ("formal"/"informal"), ``weight`` (shared partnerships).
    """
    kb = graph if isinstance(graph, Knowledge) else read_knowledge(graph)
    ctx = _Context(kb)
    G = _start(View.ORGANISATIONS, kb)
    for o in kb.organisations:
        attrs = _organisation(kb.entities[o])
        attrs["facets"] = ctx.organisation_facets(o)
        attrs["partnerships"] = tuple(sorted(kb.label(p) for p in ctx.org_partnerships.get(o, ())))
        G.add_node(node_key(o), **attrs)
    ties: dict[tuple[str, str], list[Node]] = defaultdict(list)
    keys = {o: node_key(o) for o in kb.organisations}
    for p in kb.partnerships:
        for a, b in combinations(sorted({keys.get(o) or node_key(o) for o in kb.partners[p]}), 2):
            ties[a, b].append(p)
    formalities = {p: ("formal",) if value else ("informal",) for p, value in kb.formal.items()}
    spans = {p: _years(kb.entities[p].start, kb.entities[p].end) for p in kb.partnerships}
    for (a, b), ps in sorted(ties.items()):
        merged = ctx.merged(ps)  # its model and stage facets are the tie's models and stages
        dated = [spans[p] for p in ps if spans[p] is not None]
        named = [(kb.label(ps[0]), spans[ps[0]])] if len(ps) == 1 else sorted(
            ((kb.label(p), spans[p]) for p in ps), key=lambda pair: (pair[0], _span_order(pair[1] or (None, None))))
        G.add_edge(
            a, b,
            weight=len(ps),
            spans=tuple(sorted(set(dated), key=_span_order)),
            undated=len(ps) - len(dated),
            partnerships=tuple(name for name, _span in named),
            partnership_years=tuple(span for _name, span in named),
            models=merged["model"],
            stages=merged["stage"],
            formality=formalities.get(ps[0], ()) if len(ps) == 1 else _keys(
                f for p in ps for f in formalities.get(p, ())),
            facets={"model": merged["model"], "stage": merged["stage"], "policy": merged["policy"]},
        )
    return G


def partnership_graph(graph: Graph | Knowledge) -> nx.Graph:
    """The bipartite graph of partnerships (``bipartite=1``) and their partner organisations (``bipartite=0``)."""
    kb = graph if isinstance(graph, Knowledge) else read_knowledge(graph)
    ctx = _Context(kb)
    G = _start(View.PARTNERSHIPS, kb)
    partnered = sorted({o for p in kb.partnerships for o in kb.partners[p]}, key=node_key)
    for o in partnered:
        attrs = _organisation(kb.entities[o])
        attrs.update(bipartite=0, facets=ctx.organisation_facets(o))
        G.add_node(node_key(o), **attrs)
    for p in kb.partnerships:
        key = node_key(p)
        if key in G:  # a consortium that is also a partner elsewhere stays one node
            G.nodes[key].update(_partnership_attrs(ctx, p), bipartite=1)
        else:
            G.add_node(key, bipartite=1, **_partnership_attrs(ctx, p))
    for p in kb.partnerships:
        facets = ctx.partnership_facets(p)
        for o in kb.partners[p]:
            G.add_edge(node_key(o), node_key(p), relation="partner",
                       facets={k: v for k, v in facets.items() if k != "sector"})
    return G


def policy_graph(graph: Graph | Knowledge) -> nx.DiGraph:
    """Policies and what they bear on: a directed graph with a ``relation`` on every edge.

    Relations: ``requires``, ``encourages``, ``funds``, ``constitutes`` (policy → partnership, organisation
    or kind of partnership); ``issued`` (issuer → policy); ``led-to`` and ``part-of`` (policy → policy);
    ``of-kind`` (partnership → the kind a policy bears on). Issuers that are people are ``person`` nodes;
    anything else a policy led to is an ``other`` node.
    """
    kb = graph if isinstance(graph, Knowledge) else read_knowledge(graph)
    ctx = _Context(kb)
    G = _start(View.POLICIES, kb, directed=True)
    organisations, partnerships, kinds = set(kb.organisations), set(kb.partnerships), set(kb.kinds)
    issued: dict[Node, set[str]] = defaultdict(set)
    for policy, issuer in kb.issued_by:
        issued[issuer].add(node_key(policy))
    targets: dict[Node, set[Node]] = defaultdict(set)
    for policy, _rel, target in kb.influence:
        targets[policy].add(target)

    def policy_facets(policy: Node) -> dict[str, tuple[str, ...]]:
        behind: set[Node] = set()
        sectors: set[str] = set()
        for t in targets.get(policy, ()):
            if t in partnerships:
                behind.add(t)
            elif t in kinds:
                behind.update(ctx.kind_partnerships.get(t, ()))
            elif t in organisations:
                sectors.add(ctx.sector(t))
        merged = ctx.merged(behind)
        return {**merged, "sector": _keys(sectors | set(merged["sector"])), "policy": (node_key(policy),)}

    for policy in kb.policies:
        entity = kb.entities[policy]
        attrs = _describe(entity, "policy")
        attrs["years"] = _years(entity.issued if entity.issued is not None else entity.start, entity.end)
        G.add_node(node_key(policy), facets=policy_facets(policy), **attrs)

    def add_other(node: Node) -> str:
        key = node_key(node)
        if key in G:
            return key
        if node in partnerships:
            G.add_node(key, **_partnership_attrs(ctx, node))
        elif node in organisations or kb.entities[node].sector is not None:
            attrs = _organisation(kb.entities[node])
            attrs["facets"] = ctx.organisation_facets(node, issued.get(node, ()))
            G.add_node(key, **attrs)
        elif node in kinds:
            behind = ctx.kind_partnerships.get(node, [])
            facets = ctx.merged(behind)
            facets["policy"] = _keys(ctx.direct_policies.get(node, ()))
            G.add_node(key, facets=facets, **_describe(kb.entities[node], "partnership-kind"))
        else:
            entity = kb.entities[node]
            kind = "person" if entity.types & {PK.Person, FOAF.Person} else "other"
            G.add_node(key, facets={}, **_describe(entity, kind))
        return key

    for policy, rel, target in kb.influence:
        if node_key(policy) in G:
            G.add_edge(node_key(policy), add_other(target), relation=rel)
    for policy, issuer in kb.issued_by:
        if node_key(policy) in G:
            G.add_edge(add_other(issuer), node_key(policy), relation="issued")
    for a, b in kb.led_to:
        if node_key(a) in G:
            G.add_edge(node_key(a), add_other(b), relation="led-to")
    for a, b in kb.part_of:
        G.add_edge(node_key(a), node_key(b), relation="part-of")
    for p in kb.partnerships:  # the partnerships of a kind that a policy requires, encourages or funds
        for k in kb.of_kind.get(p, ()):
            if node_key(k) in G:
                G.add_edge(add_other(p), node_key(k), relation="of-kind")
    for key in G:
        G.nodes[key].setdefault("facets", {})
    return G


def barrier_graph(graph: Graph | Knowledge) -> nx.Graph:
    """Barriers and facilitators, the partnerships tied to them, and their models, stages and categories.

    Every barrier and facilitator is a node. Edge ``relation``: ``faces-barrier``, ``facilitated-by``
    (partnership – concept), ``relates-to-model``, ``relates-to-stage``, ``category`` (concept – term).
    """
    kb = graph if isinstance(graph, Knowledge) else read_knowledge(graph)
    ctx = _Context(kb)
    G = _start(View.BARRIERS, kb)
    tied: dict[Node, list[Node]] = defaultdict(list)
    for p, _rel, c in kb.concept_links:
        tied[c].append(p)
    concept_set = set(kb.concepts)
    for c in kb.concepts:
        entity = kb.entities[c]
        node_type = "barrier" if c in kb.barriers else "facilitator"
        facets = ctx.merged(tied.get(c, ()))
        facets["model"] = _keys([*facets["model"], *(MODELS[m].key for m in kb.concept_models[c])])
        facets["stage"] = _keys([*facets["stage"], *(STAGES[s].key for s in kb.concept_stages[c])])
        G.add_node(node_key(c), facets=facets, **_describe(entity, node_type))
    for p, rel, c in kb.concept_links:
        if c not in concept_set:
            continue
        if node_key(p) not in G:
            attrs = _partnership_attrs(ctx, p) if p in kb.partners else {
                **_describe(kb.entities[p], "partnership"), "facets": {}}
            G.add_node(node_key(p), **attrs)
        G.add_edge(node_key(p), node_key(c), relation=rel)
    for c in kb.concepts:
        for m in kb.concept_models[c]:
            if node_key(m) not in G:
                G.add_node(node_key(m), type="model", label=MODELS[m].label, kind="Partnership model",
                           facets={"model": (MODELS[m].key,)}, description="", website="", regions=(),
                           sources=(), quotes=())
            G.add_edge(node_key(c), node_key(m), relation="relates-to-model")
        for s in kb.concept_stages[c]:
            if node_key(s) not in G:
                G.add_node(node_key(s), type="stage", label=STAGES[s].label, kind="Life-cycle stage",
                           facets={"stage": (STAGES[s].key,)}, description="", website="", regions=(),
                           sources=(), quotes=())
            G.add_edge(node_key(c), node_key(s), relation="relates-to-stage")
        for cat in kb.concept_categories[c]:
            if node_key(cat) not in G:
                G.add_node(node_key(cat), facets={}, **_describe(kb.entities[cat], "category"))
                G.nodes[node_key(cat)]["kind"] = "Category"
            G.add_edge(node_key(c), node_key(cat), relation="category")
    return G


_BUILDERS = {
    View.ORGANISATIONS: organisation_graph,
    View.PARTNERSHIPS: partnership_graph,
    View.POLICIES: policy_graph,
    View.BARRIERS: barrier_graph,
}


def project(graph: Graph | Knowledge, view: View | str) -> nx.Graph:
    """The networkx graph of ``view`` ("organisations", "partnerships", "policies" or "barriers")."""
    return _BUILDERS[View(view)](graph)
