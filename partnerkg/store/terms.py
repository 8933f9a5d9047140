"""rdflib terms for values Oxigraph has already checked, made without checking them again.

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

from rdflib import Literal, URIRef

__all__ = ["iri", "plain_literal"]

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
