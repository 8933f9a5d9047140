"""Where triples live: the shipped graph in memory, files added to it, and on-disk Oxigraph stores.

:func:`open_graph` is the one place that chooses: rdflib in memory (the shipped graph plus ``--data`` files),
or an Oxigraph store folder (``store=DIR``, filled by :func:`partnerkg.store.load.load`). Modules: ``graphs``
(opening), ``oxigraph`` (store folders and their rdflib view), ``terms`` (converting terms between the two
libraries), ``load`` and ``line_load`` (all-or-nothing bulk loading), ``validation`` (SHACL in chunks).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from partnerkg._exports import lazy_exports

__all__ = ["open_graph", "shipped_graph", "shipped_triples"]

_EXPORTS = {
    "open_graph": "partnerkg.store.graphs",
    "shipped_graph": "partnerkg.store.graphs",
    "shipped_triples": "partnerkg.store.graphs",
}
__getattr__, __dir__ = lazy_exports(__name__, _EXPORTS)

if TYPE_CHECKING:
    from partnerkg.store.graphs import open_graph, shipped_graph, shipped_triples
