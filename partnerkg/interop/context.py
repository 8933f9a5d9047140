"""The published JSON-LD context (``ontology/context.jsonld``), generated from the ontology.

The context declares partnerkg's prefixes and one term per ``pk:`` property of the ontology, named by its
local name: object properties take IRIs (``"@type": "@id"``), datatype properties with a declared datatype
other than ``xsd:string`` coerce their values to it (``"startYear": "2004"`` means
``"2004"^^xsd:gYear``), and the rest are plain. The shipped file must equal :func:`context_json` —
a test checks it; regenerate it after changing the ontology with::

    python -m partnerkg.interop.context --write      # or: PARTNERKG_REGENERATE=1 pytest tests/io

>>> ctx = build_context()["@context"]
>>> ctx["hasPartner"], ctx["startYear"]
({'@id': 'pk:hasPartner', '@type': '@id'}, {'@id': 'pk:startYear', '@type': 'xsd:gYear'})
"""

from __future__ import annotations

import json
import sys
from functools import lru_cache
from pathlib import Path
from typing import Any

from rdflib import Graph, URIRef
from rdflib.namespace import OWL, RDF, RDFS, XSD, NamespaceManager

import partnerkg.ontology
from partnerkg.atomic import atomic_write_text
from partnerkg.namespaces import PK, PREFIXES, bind_prefixes
from partnerkg.ontology import load_ontology

__all__ = ["build_context", "context_json", "context_path", "main"]


@lru_cache(maxsize=1)
def _namespaces() -> NamespaceManager:
    """rdflib's namespace manager with partnerkg's prefixes, and only those, bound."""
    manager = NamespaceManager(Graph(), bind_namespaces="none")
    bind_prefixes(manager)
    return manager


def _curie(iri: URIRef) -> str:
    """``iri`` as a CURIE with one of partnerkg's prefixes, or whole when none fits.

    >>> _curie(XSD.gYear), _curie(URIRef("urn:x:y"))
    ('xsd:gYear', 'urn:x:y')
    """
    try:
        return _namespaces().curie(iri, generate=False)
    except (KeyError, ValueError):  # no prefix bound for its namespace, or no local name to split off
        return str(iri)


def build_context(ontology: Graph | None = None) -> dict[str, Any]:
    """The context document ``{"@context": {...}}`` for ``ontology`` (default: the shipped ontology).

    Raises ValueError if a term would shadow a prefix.
    """
    if ontology is None:
        ontology = load_ontology()
    ctx: dict[str, Any] = {prefix: str(ns) for prefix, ns in PREFIXES.items()}
    terms: dict[str, Any] = {}
    kinds = ((OWL.ObjectProperty, "object"), (OWL.DatatypeProperty, "datatype"), (OWL.AnnotationProperty, "plain"))
    for kind, label in kinds:
        for prop in ontology.subjects(RDF.type, kind):
            if not isinstance(prop, URIRef) or not str(prop).startswith(str(PK)):
                continue
            name = str(prop)[len(str(PK)):]
            if name in ctx:
                raise ValueError(f"the property pk:{name} would shadow the prefix {name}: — rename one")
            term: dict[str, str] = {"@id": f"pk:{name}"}
            if label == "object":
                term["@type"] = "@id"
            elif label == "datatype":
                rng = ontology.value(prop, RDFS.range)
                if isinstance(rng, URIRef) and rng not in (XSD.string, RDF.langString, RDFS.Literal):
                    term["@type"] = _curie(rng)
            terms.setdefault(name, term)
    ctx.update(dict(sorted(terms.items())))
    return {"@context": ctx}


def context_json(ontology: Graph | None = None) -> str:
    """The context as the text shipped in ``ontology/context.jsonld`` (sorted terms, two-space indent)."""
    return json.dumps(build_context(ontology), indent=2, ensure_ascii=False) + "\n"


def context_path() -> Path:
    """Where the shipped context lives in the source tree (``ontology/context.jsonld``)."""
    return Path(partnerkg.ontology.__file__).resolve().parent / "context.jsonld"


def main(argv: list[str] | None = None) -> int:
    """``python -m partnerkg.interop.context [--write]``: print the generated context, or write it."""
    args = sys.argv[1:] if argv is None else argv
    text = context_json()
    if "--write" in args:
        atomic_write_text(context_path(), text)
        print(f"wrote {context_path()}", file=sys.stderr)
    else:
        sys.stdout.write(text)
    return 0


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
