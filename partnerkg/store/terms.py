"""Terms between the two libraries: pyoxigraph's and rdflib's, converted both ways (:func:`to_ox`,
:func:`to_rdflib`, :func:`term_converter` for many rows).

rdflib terms for values Oxigraph has already checked are made without checking them again.

``URIRef(value)`` matches the value against a regular expression (and only warns), and ``Literal(value)``
casts, normalises and checks the lexical form: together 60% of the time spent turning 38,000 query rows from
an Oxigraph store into rdflib terms. An IRI Oxigraph holds is a valid RFC 3987 IRI (none of the characters
rdflib warns about), and a plain or language-tagged literal has nothing to cast: its value is its lexical form.
So :func:`iri` and :func:`plain_literal` build the same objects directly.

They rely on rdflib's term layout (``Literal.__slots__``); at import the module compares what it makes with
what rdflib's constructors make, and falls back to the constructors if they differ (a future rdflib).

>>> plain_literal("Turning Point") == Literal("Turning Point")
True
>>> iri("https://w3id.org/partnerkg/id/org/turning-point") == URIRef("https://w3id.org/partnerkg/id/org/turning-point")
True
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

import pyoxigraph as ox
from rdflib import BNode, Literal, URIRef
from rdflib.namespace import XSD
from rdflib.term import Identifier

from partnerkg.errors import QueryError

__all__ = ["iri", "plain_literal", "term_converter", "to_ox", "to_rdflib"]

_XSD_STRING = str(XSD.string)

_SLOTS = ("_language", "_datatype", "_value", "_ill_typed")


def _direct_literal(value: str, language: str | None = None) -> Literal:
    made = str.__new__(Literal, value)
    made._language = language
    made._datatype = None
    made._value = value
    made._ill_typed = None
    return made


def _constructed_literal(value: str, language: str | None = None) -> Literal:
    return Literal(value, lang=language)


def _same(made: object, expected: object) -> bool:
    return (type(made) is type(expected) and made == expected and hash(made) == hash(expected)
            and str(made) == str(expected)
            and all(getattr(made, slot, None) == getattr(expected, slot, None) for slot in _SLOTS))


def _choose() -> tuple[Callable[[str], URIRef], Callable[..., Literal]]:
    direct_iri = partial(str.__new__, URIRef)
    samples = ["plain", "", "é ☃ \U0001f600", "line\nbreak"]
    literals_agree = getattr(Literal, "__slots__", None) == _SLOTS and all(
        _same(_direct_literal(text, language), Literal(text, lang=language))
        for text in samples for language in (None, "en", "en-gb"))
    iris_agree = _same(direct_iri("https://example.org/a#b"), URIRef("https://example.org/a#b"))
    return (direct_iri if iris_agree else URIRef), (_direct_literal if literals_agree else _constructed_literal)


iri: Callable[[str], URIRef]
plain_literal: Callable[..., Literal]
iri, plain_literal = _choose()


def to_ox(term: Identifier) -> ox.NamedNode | ox.BlankNode | ox.Literal:
    """The pyoxigraph term for an rdflib IRI, blank node or literal."""
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)) if term.datatype else None)
    raise QueryError(f"cannot bind {term!r}: only IRIs, blank nodes and literals can be bound")


def to_rdflib(term: object) -> Identifier | None:
    """The rdflib term for a pyoxigraph term (plain strings stay plain literals, as rdflib reads them)."""
    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        return iri(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return plain_literal(term.value, term.language)
        datatype = term.datatype.value
        return plain_literal(term.value) if datatype == _XSD_STRING else Literal(term.value, datatype=iri(datatype))
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    raise QueryError(f"Oxigraph returned a term partnerkg cannot represent: {term!r}")


def term_converter() -> Callable[[object], Identifier | None]:
    """:func:`to_rdflib` remembering each term it converted: result columns repeat a few values (a sector, a
    kind, its label) thousands of times, and an rdflib literal costs 4–14 µs to make, a lookup 0.3 µs. IRIs
    are remembered by their text, which hashes faster than the pyoxigraph term (measured: 0.15 s against
    0.25 s for 300,000 IRIs)."""
    iris: dict[str, URIRef] = {}
    memo: dict[object, Identifier | None] = {}

    def convert(term: object) -> Identifier | None:
        if type(term) is ox.NamedNode:
            value = term.value
            made_iri = iris.get(value)
            if made_iri is None:
                made_iri = iris[value] = iri(value)
            return made_iri
        try:
            return memo[term]
        except KeyError:
            made = memo[term] = to_rdflib(term)
            return made

    return convert
