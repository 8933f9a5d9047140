"""IRI minting (decisions.md, "Names") and the characters a name may hold."""

from __future__ import annotations

import doctest
import itertools

import pytest

import partnerkg.iri
from partnerkg.errors import InvalidDataError
from partnerkg.iri import (
    check_xml_text,
    clean_name,
    forbidden_characters,
    mint_iri,
    mint_iris,
    name_hash,
    normalise_name,
    slug,
)
from partnerkg.namespaces import ID


def test_docstring_examples() -> None:
    assert doctest.testmod(partnerkg.iri).failed == 0


@pytest.mark.parametrize("variant", ["Turning Point", "turning point", "TURNING  POINT", " Turning\tPoint\n",
                                     "Turning\u00a0Point", "turning\u2003point"])
def test_same_name_after_normalisation_same_iri(variant: str) -> None:
    assert mint_iri("organisation", variant) == mint_iri("organisation", "Turning Point")


def test_nfc_and_nfd_spellings_are_the_same_name() -> None:
    nfc, nfd = "Caf\u00e9 Ørsted", "Cafe\u0301 Ørsted"
    assert nfc != nfd
    assert normalise_name(nfc) == normalise_name(nfd)
    assert mint_iri("organisation", nfc) == mint_iri("organisation", nfd)


def test_casefold_not_lower() -> None:
    assert mint_iri("organisation", "Straße Trust") == mint_iri("organisation", "STRASSE TRUST")


def test_different_names_different_iris_even_with_the_same_slug() -> None:
    names = ["Café", "Cafe", "CAFÉ!", "café?", "Cafe ", "C.a.f.e"]
    iris = {normalise_name(n): mint_iri("organisation", n) for n in names}
    assert {slug(n) for n in names} == {"cafe", "c-a-f-e"}
    assert len(set(iris.values())) == len(iris) == 5  # "Cafe" and "Cafe " are one name


def test_iri_shape() -> None:
    iri = mint_iri("partnership", "Leeds Dual Diagnosis Partnership")
    assert iri == ID[f"partnership/leeds-dual-diagnosis-partnership-{name_hash('Leeds Dual Diagnosis Partnership')}"]
    assert len(name_hash("x")) == 10
    assert mint_iri("organisation", "مؤسسة النور") == ID[f"organisation/{name_hash('مؤسسة النور')}"]
    assert mint_iri("organisation", "🌈 Rainbow") == ID[f"organisation/rainbow-{name_hash('🌈 Rainbow')}"]


def test_slug_is_safe_and_bounded() -> None:
    assert slug('<script>alert("x")</script> & Co') == "script-alert-x-script-co"
    long = slug("word " * 40)
    assert len(long) <= 60 and not long.endswith("-") and long.startswith("word-word")


def test_order_does_not_matter() -> None:
    names = ["Mind", "Turning Point", "Café Ørsted", "مؤسسة النور", "A & B"]
    first = mint_iris("organisation", names)
    for perm in itertools.permutations(names):
        assert mint_iris("organisation", perm) == first


def test_fullwidth_letters_are_another_name() -> None:
    # names are compared after NFC, not NFKC
    assert mint_iri("organisation", "ＭＩＮＤ") != mint_iri("organisation", "MIND")


def test_collisions_are_refused_by_name() -> None:
    # with one hex digit, names with different slugs still get different IRIs...
    names = [f"{i:02d}" for i in range(17)]
    assert len({slug(n) for n in names}) == 17
    assert len(set(mint_iris("organisation", names, digits=1).values())) == 17
    # ...but seventeen names with an empty slug must share one of sixteen hashes: refused, naming both
    emoji = [chr(0x1F600 + i) for i in range(17)]
    with pytest.raises(InvalidDataError, match="hash collision"):
        mint_iris("organisation", emoji, digits=1)


def test_unknown_kind_and_empty_name() -> None:
    with pytest.raises(ValueError, match="unknown IRI kind"):
        mint_iri("widget", "x")
    with pytest.raises(ValueError, match="empty name"):
        mint_iri("organisation", " \n ")


def test_clean_name_keeps_everything_inside() -> None:
    assert clean_name('  "A, B"\r\nC <b>D</b> \u200f ') == '"A, B"\nC <b>D</b> \u200f'


@pytest.mark.parametrize("ch", ["\x00", "\x01", "\x08", "\x0b", "\x0c", "\r", "\x1f", "\ufffe", "\uffff"])
def test_characters_xml_cannot_carry_are_refused(ch: str) -> None:
    name = f"Bad{ch}Name"
    assert forbidden_characters(name) == [(4, ch)]
    with pytest.raises(InvalidDataError, match=r"orgs.csv:3:A: character 4 is U\+[0-9A-F]{4} .* cannot carry"):
        check_xml_text(name, "orgs.csv:3:A")


@pytest.mark.parametrize("ch", ["\t", "\n", "\x7f", "\x85", "\u2028", "\ud7ff", "\ue000", "\ufffd", "\U0010ffff"])
def test_characters_xml_can_carry_are_accepted(ch: str) -> None:
    check_xml_text(f"Good{ch}Name")
