"""Names to IRIs: a parameter value written as a label names the one resource whose ``rdfs:label`` or
``skos:altLabel`` equals it after NFC, casefold and whitespace collapse; ``<IRI>`` names itself. A register
identifier names what carries it: an organisation's ``org:identifier`` (``GB-CHC-1090095``, an NHS ODS code)
and an area's GSS code (``skos:notation`` typed by an identifier scheme of the ontology, ``E12000005``).

Over a store folder the lookup goes through the store's label index (:mod:`partnerkg.queries.label_index`).

>>> normalise_label("  Turning\\tPOINT ")
'turning point'
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from functools import lru_cache

from rdflib import Graph, Literal, URIRef

from partnerkg.errors import QueryError, UnknownEntityError, parameter
from partnerkg.namespaces import ORG, PK, RDFS, SKOS
from partnerkg.queries.catalogue import Param, suggest
from partnerkg.queries.engine import execute, tree_for
from partnerkg.queries.label_index import cached_index, cached_labels
from partnerkg.queries.text import term_text
from partnerkg.store.oxigraph import oxigraph_of, store_folder

__all__ = ["graph_lookup", "label_index", "normalise_label", "resolve_label"]

#: The ontology's identifier schemes whose values are notations of areas (pk:identifierProperty skos:notation).
SCHEMES = ("GSSCode",)

_IRI = re.compile(r'^<([^<>"{}|^`\\\x00-\x20]+)>$')


def normalise_label(text: str) -> str:
    """The form labels are compared in: NFC, casefolded, runs of whitespace collapsed.

    >>> normalise_label("  Turning\\tPOINT ")
    'turning point'
    """
    return " ".join(unicodedata.normalize("NFC", text).casefold().split())


#: What names a resource: its labels, its organisation identifiers, and its notations typed by an identifier
#: scheme (GSS codes; untyped notations such as "Box 2" or a lesson's "iv" are not names).
_NAMES = (f"{{ ?s <{RDFS}label>|<{SKOS}altLabel>|<{ORG}identifier> ?label }} UNION "
          f"{{ ?s <{SKOS}notation> ?label FILTER(DATATYPE(?label) IN ({', '.join(f'<{PK}{s}>' for s in SCHEMES)})) }}")
_LABELS_TEXT = f"SELECT ?s ?label WHERE {{ {_NAMES} FILTER(isIRI(?s) && isLiteral(?label)) }}"
_MENTIONED_TEXT = "ASK { { ?iri ?p ?o } UNION { ?s ?iri ?o } UNION { ?s ?p ?iri } }"


def label_index(graph: Graph) -> dict[str, dict[URIRef, str]]:
    """Normalised label -> {IRI: label as written}, over rdfs:label and skos:altLabel of IRIs."""
    index: dict[str, dict[URIRef, str]] = {}
    tree = tree_for(graph, _LABELS_TEXT, "label lookup")
    for s, label in execute(graph, tree, text=_LABELS_TEXT, origin="label lookup").rows:
        index.setdefault(normalise_label(str(label)), {})[URIRef(str(s))] = str(label)
    return index


#: ASCII characters that only ever come from themselves or their capitals under :func:`normalise_label` (no
#: other character casefolds or composes to them), so a label that normalises to a text containing a run of
#: them contains that run after SPARQL's LCASE as well.
_PROBE_CHARS = frozenset("0123456789bcdegkmopqruvxz")


def _probes(key: str) -> list[str]:
    """The runs (two characters or more) of :data:`_PROBE_CHARS` in a normalised label.

    >>> _probes("turning point")
    ['ur', 'po']
    """
    runs = re.findall(f"[{''.join(sorted(_PROBE_CHARS))}]{{2,}}", key)
    return list(dict.fromkeys(runs))


def _labelled(graph: Graph, key: str) -> dict[URIRef, str] | None:
    """{IRI: label} of the resources whose label or alternative label normalises to ``key``, found in an
    Oxigraph store without building the whole label index: Oxigraph keeps only labels that contain every
    run of :func:`_probes` (a superset of the answer), and Python normalises those few. None when ``graph``
    is not a store or ``key`` has no probe (the caller uses :func:`label_index`)."""
    probes = _probes(key)
    if oxigraph_of(graph) is None or not probes:
        return None
    tests = " && ".join(f"CONTAINS(LCASE(STR(?label)), {term_text(Literal(p))})" for p in probes)
    query = f"SELECT ?s ?label WHERE {{ {_NAMES} FILTER(isIRI(?s) && isLiteral(?label) && {tests}) }}"
    found: dict[URIRef, str] = {}
    for s, label in execute(graph, tree_for(graph, query, "label lookup"), text=query, origin="label lookup").rows:
        if normalise_label(str(label)) == key:
            found[URIRef(str(s))] = str(label)
    return found


def _store_labels(graph: Graph, key: str) -> dict[URIRef, str] | None:
    """{IRI: label} of the resources labelled ``key`` (normalised) in a store: from the store's label index
    (:mod:`partnerkg.queries.label_index`) when it was opened from a folder, else by :func:`_labelled`."""
    folder = store_folder(graph)
    if folder is None:
        return _labelled(graph, key)
    return cached_labels(folder, key, lambda: label_index(graph))


def _index_of(graph: Graph) -> dict[str, dict[URIRef, str]]:
    """:func:`label_index` of ``graph``, through the store's label index when it has one (built at most once)."""
    folder = store_folder(graph)
    return label_index(graph) if folder is None else cached_index(folder, lambda: label_index(graph))


def resolve_label(graph: Graph, text: str, param: str = "entity", *,
                  index: dict[str, dict[URIRef, str]] | None = None) -> URIRef:
    """The IRI a parameter value names: ``<IRI>`` as written (it must occur in the graph), else the one
    resource whose label or alternative label equals ``text`` after normalisation.

    ``index`` is :func:`label_index` of ``graph`` when the caller already has it. Raises UnknownEntityError
    suggesting the closest labels (or IRIs), or QueryError when a label names several resources.
    """
    m = _IRI.match(text.strip())
    if m is not None:
        iri = URIRef(m.group(1))
        if execute(graph, tree_for(graph, _MENTIONED_TEXT, "IRI lookup"), {"iri": iri}, text=_MENTIONED_TEXT,
                   origin="IRI lookup").askAnswer:
            return iri
        known = sorted({str(s) for entries in (index or _index_of(graph)).values() for s in entries})
        hint = suggest(str(iri), known)
        raise UnknownEntityError(
            f"{parameter(param)}: <{iri}> does not occur in the graph"
            + (f" — did you mean {', '.join(f'<{h}>' for h in hint)}?" if hint else "")
        )
    key = normalise_label(text)
    found = _store_labels(graph, key) if index is None else None
    if not found:  # also for the suggestions when nothing matched
        index = index if index is not None else _index_of(graph)
        found = index.get(key, {})
    if len(found) == 1:
        return next(iter(found))
    if len(found) > 1:
        names = ", ".join(f"<{s}>" for s in sorted(found)[:5])
        raise QueryError(f"{parameter(param)}: {text!r} is the label of {len(found)} resources ({names}); "
                         "pass one as <IRI>")
    assert index is not None
    hint = suggest(key, sorted(index))
    shown = [next(iter(sorted(index[h].values()))) for h in hint]
    raise UnknownEntityError(
        f"{parameter(param)}: no resource is labelled {text!r}"
        + (f" — did you mean {', '.join(repr(s) for s in shown)}?" if shown else "")
        + " (write an IRI as <https://…>)"
    )


def graph_lookup(graph: Graph) -> Callable[[Param, str], URIRef]:
    """The entity lookup of :func:`partnerkg.queries.params.bindings` over ``graph``: in memory the whole label
    index is built once (at first need) and shared by the parameters; a store looks each label up instead."""
    if oxigraph_of(graph) is not None:
        return lambda param, text: resolve_label(graph, text, param.name)
    index = lru_cache(maxsize=1)(lambda: label_index(graph))
    return lambda param, text: resolve_label(graph, text, param.name, index=index())
