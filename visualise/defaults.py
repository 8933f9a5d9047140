"""Defaults the maps, the measures, the API and the command line share, in a module light enough for all of
them to import (the API's signatures name them; importing networkx for two numbers made ``partnerkg query``
slower to start)."""

__all__ = ["DEFAULT_MAX_NODES", "SEED"]

#: The seed of every randomised measure (Louvain, sampled betweenness) and layout.
SEED = 42
#: Default node cap of ``map``: above it the page opens grouped (or the map is refused with --aggregate off).
DEFAULT_MAX_NODES = 5000
