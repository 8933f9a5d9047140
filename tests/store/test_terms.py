"""partnerkg.store.terms makes exactly the terms rdflib's constructors make."""

from hypothesis import given
from hypothesis import strategies as st
from rdflib import Literal, URIRef

from partnerkg.store import terms as fast_terms
from partnerkg.store.terms import iri, plain_literal

_SLOTS = ("_language", "_datatype", "_value", "_ill_typed")
# what Oxigraph hands over: Unicode text without surrogates, BCP 47 tags in lower case
TEXT = st.text(st.characters(blacklist_categories=("Cs",)))
TAGS = st.none() | st.from_regex(r"[a-z]{2,3}(-[a-z0-9]{2,8}){0,2}", fullmatch=True)


def test_the_direct_makers_are_chosen_for_this_rdflib():
    assert plain_literal is fast_terms._direct_literal
    assert iri is not URIRef


@given(TEXT, TAGS)
def test_a_plain_or_language_tagged_literal_equals_rdflibs(text: str, language: str | None) -> None:
    made, expected = plain_literal(text, language), Literal(text, lang=language)
    assert type(made) is Literal
    assert (made, hash(made), str(made), made.n3()) == (expected, hash(expected), str(expected), expected.n3())
    assert [getattr(made, slot) for slot in _SLOTS] == [getattr(expected, slot) for slot in _SLOTS]
    assert made.eq(expected) and not made.neq(expected)


@given(st.sampled_from(["https://w3id.org/partnerkg/id/org/", "urn:uuid:", "http://example.org/a?b=c#"]),
       st.text(st.characters(whitelist_categories=("Ll", "Lu", "Nd", "Lo")), max_size=20))
def test_an_iri_equals_rdflibs(prefix: str, rest: str) -> None:
    made, expected = iri(prefix + rest), URIRef(prefix + rest)
    assert type(made) is URIRef
    assert (made, hash(made), made.n3()) == (expected, hash(expected), expected.n3())
    assert {expected: 1}[made] == 1


def test_a_changed_term_layout_falls_back_to_rdflibs_constructors(monkeypatch) -> None:
    monkeypatch.setattr(fast_terms, "_SLOTS", ("_language", "_datatype", "_value"))
    _, literal_maker = fast_terms._choose()
    assert literal_maker is fast_terms._constructed_literal
    assert literal_maker("x", "en") == Literal("x", lang="en")
