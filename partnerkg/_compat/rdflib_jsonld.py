"""Telling when rdflib's JSON-LD reader drops data: it leaves out every node and triple whose IRI is invalid
(a space in ``"@id"``, say) without a word.

That is what the JSON-LD 1.1 API asks of a processor (section 8.1, Object to RDF Conversion: "If ... not
well-formed, ... return null"), and rdflib does it in ``rdflib.plugins.shared.jsonld.context.Context.resolve``,
which returns ``""`` for such an IRI (others met the same silence: BlueBrain/nexus-forge#330). partnerkg refuses
such a file instead, naming the IRI, as its Turtle and N-Triples readers do: :func:`collecting_dropped_iris`
collects, while a file parses in this thread, what ``resolve`` dropped. :func:`install` wraps ``resolve`` once,
and only if the installed rdflib still drops such IRIs silently (:func:`rdflib_drops_invalid_iris`); partnerkg's
reader calls it before it parses JSON-LD, never at import.

>>> rdflib_drops_invalid_iris()
True
>>> install()
>>> with collecting_dropped_iris() as dropped:
...     _ = Graph().parse(data='{"@id": "http://example.org/a b", "http://example.org/p": "x"}', format="json-ld")
>>> dropped
['http://example.org/a b']
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import cache

from rdflib import Graph
from rdflib.plugins.shared.jsonld.context import Context

__all__ = ["collecting_dropped_iris", "install", "rdflib_drops_invalid_iris"]

_PROBE = '{"@id": "http://example.org/a b", "http://example.org/p": "x"}'
_collected = threading.local()


def rdflib_drops_invalid_iris() -> bool:
    """Whether rdflib's JSON-LD reader leaves out a node with an invalid IRI without raising (the fault)."""
    resolve = getattr(Context.resolve, "__wrapped__", Context.resolve)
    original, Context.resolve = Context.resolve, resolve  # type: ignore[method-assign]
    try:
        return len(Graph().parse(data=_PROBE, format="json-ld")) == 0
    except Exception:  # a later rdflib that refuses the IRI itself: nothing to correct
        return False
    finally:
        Context.resolve = original  # type: ignore[method-assign]


def _collecting(resolve: Callable[[Context, str], str]) -> Callable[[Context, str], str]:
    def collecting(self: Context, curie_or_iri: str) -> str:
        iri = resolve(self, curie_or_iri)
        found = getattr(_collected, "found", None)
        if found is not None and iri == "" and isinstance(curie_or_iri, str) and curie_or_iri.strip():
            found.append(curie_or_iri)
        return iri

    collecting.__wrapped__ = resolve  # type: ignore[attr-defined]
    return collecting


@cache
def install() -> None:
    """Wrap ``Context.resolve`` to collect the IRIs it drops, once, if the installed rdflib drops them."""
    if not hasattr(Context.resolve, "__wrapped__") and rdflib_drops_invalid_iris():
        Context.resolve = _collecting(Context.resolve)  # type: ignore[method-assign]


@contextmanager
def collecting_dropped_iris() -> Iterator[list[str]]:
    """A list that receives, while the block runs in this thread, each IRI rdflib's JSON-LD reader dropped."""
    found: list[str] = []
    _collected.found = found
    try:
        yield found
    finally:
        _collected.found = None
