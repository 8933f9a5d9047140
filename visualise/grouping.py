"""The groups a map's page can fold its nodes into: by sector, kind, region, partnership model or community.

The page draws each group as one vis-network cluster node (its clustering API) that opens on a
double-click; which group each node belongs to comes from here, so the groups say only what the data
says. A node whose region or model the data does not state is in a group named so ("Region not
stated"); a node with several (an organisation in partnerships of two models) is in "Several models"
and its panel lists them all. Organisations group by sector; other nodes (partnerships, policies…) by
their type, since a sector is a property of organisations.

>>> import networkx as nx
>>> G = nx.Graph([("a", "b")])
>>> G.add_node("c")
>>> nx.set_node_attributes(G, {"a": "statutory", "b": "statutory", "c": "voluntary"}, "sector")
>>> nx.set_node_attributes(G, "organisation", "type")
>>> table = group_table(G, "sector")
>>> table.labels, table.of
(('Statutory', 'Voluntary and community'), {'a': 0, 'b': 0, 'c': 1})
>>> [t.by.value for t in group_tables(G)]
['sector', 'community']
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Hashable
from dataclasses import dataclass
from enum import StrEnum

import networkx as nx

from partnerkg.visualise.aggregate import groups
from partnerkg.visualise.analytics import SEED, degree
from partnerkg.visualise.styles import MODEL_KEYS, NODE_TYPES, SECTOR_KEYS, UNKNOWN_SECTOR

__all__ = ["GroupTable", "Grouping", "group_table", "group_tables"]


class Grouping(StrEnum):
    """What the page can group nodes by, in the order its menu lists them."""

    SECTOR = "sector"
    KIND = "kind"
    REGION = "region"
    MODEL = "model"
    COMMUNITY = "community"

    @property
    def label(self) -> str:
        """The name of the grouping in the page's menu."""
        return {"sector": "Sector", "kind": "Kind", "region": "Region", "model": "Partnership model",
                "community": "Community (Louvain)"}[self.value]


@dataclass(frozen=True)
class GroupTable:
    """The groups of one grouping: their labels in order (largest group first), and each node's group."""

    by: Grouping
    labels: tuple[str, ...]
    of: dict[Hashable, int]


def _one_or_several(values: tuple[str, ...], none: str, several: str) -> str:
    if not values:
        return none
    return values[0] if len(values) == 1 else several


def _names(G: nx.Graph, by: Grouping, seed: int) -> dict[Hashable, str]:
    """The group name of each node of ``G``."""
    if by is Grouping.COMMUNITY:
        deg = degree(G)
        names: dict[Hashable, str] = {}
        for part in groups(G, "community", seed=seed):
            lead = min(part, key=lambda n: (-deg[n], str(G.nodes[n].get("label", n)).casefold(), str(n)))
            label = str(G.nodes[lead].get("label", lead))
            if len(part) == 1:
                name = label
            elif deg[lead] == 0:
                name = "Unlinked nodes"
            else:
                name = f"Around {label}"
            for n in part:
                names[n] = name
        return names
    out = {}
    for n, d in G.nodes(data=True):
        node_type = str(d.get("type", "organisation"))
        if by is Grouping.SECTOR:
            if node_type == "organisation":
                name = SECTOR_KEYS.get(d.get("sector") or "unknown", UNKNOWN_SECTOR).label
            else:
                name = NODE_TYPES.get(node_type, NODE_TYPES["other"]).label
        elif by is Grouping.KIND:
            name = str(d.get("kind") or NODE_TYPES.get(node_type, NODE_TYPES["other"]).label)
        elif by is Grouping.REGION:
            name = _one_or_several(tuple(d.get("regions") or ()), "Region not stated", "Several regions")
        else:
            keys = tuple(d.get("models") or d.get("facets", {}).get("model", ()))
            labels = tuple(MODEL_KEYS[k].label if k in MODEL_KEYS else k for k in keys)
            name = _one_or_several(labels, "Model not stated", "Several models")
        out[n] = name
    return out


def group_table(G: nx.Graph, by: Grouping | str, *, seed: int = SEED) -> GroupTable:
    """The groups of ``G``'s nodes by ``by``, numbered largest first (ties by name)."""
    by = Grouping(by)
    names = _names(G, by, seed)
    sizes = Counter(names.values())
    labels = tuple(sorted(sizes, key=lambda name: (-sizes[name], name.casefold(), name)))
    index = {name: i for i, name in enumerate(labels)}
    return GroupTable(by, labels, {n: index[names[n]] for n in G})


def group_tables(G: nx.Graph, *, seed: int = SEED) -> list[GroupTable]:
    """Every grouping that divides ``G`` into at least two groups and fewer groups than nodes."""
    tables = [group_table(G, by, seed=seed) for by in Grouping]
    return [t for t in tables if 2 <= len(t.labels) < G.number_of_nodes()]
