"""Minting IRIs from names, and the characters a name may hold.

Two names are the same name when they are equal after NFC, casefold and whitespace collapse
(:func:`normalise_name`). The IRI of a name is ``https://w3id.org/partnerkg/id/KIND/SLUG-HASH``: a readable
ASCII slug of the name and the first :data:`HASH_DIGITS` hex digits of the SHA-256 of the normalised name.
The same name therefore always mints the same IRI, whatever else is imported and in whatever order, and
different names mint different IRIs (two names share an IRI only if their slugs are equal *and* 40 bits of
their hashes collide; :func:`mint_iris` checks a batch and refuses such a collision by name).

Invisible characters — zero-width spaces and joiners, soft hyphens, bidirectional controls such as the
right-to-left override — are removed from names before anything else (:func:`clean_name`,
:func:`normalise_name`; :mod:`partnerkg.lookalikes`): "Mind\u200b" is "Mind". Direction marks (LRM, RLM)
stay in a stored name but are ignored when names are compared and minted.

Characters XML 1.0 cannot carry — C0 controls other than tab and line feed (so also a lone carriage return),
U+FFFE, U+FFFF and unpaired surrogates — are refused (:func:`check_xml_text`), because a name that RDF/XML,
XLSX and HTML cannot hold would not survive every export.

>>> mint_iri("organisation", "Turning Point")
rdflib.term.URIRef('https://w3id.org/partnerkg/id/organisation/turning-point-9b7d5bf993')
>>> mint_iri("organisation", "  turning\\npoint ") == mint_iri("organisation", "Turning Point")
True
>>> slug("Café Ørsted — 50/50 “Fund”")
'cafe-orsted-50-50-fund'
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Iterable
from functools import lru_cache

from rdflib import URIRef

from partnerkg.errors import InvalidDataError
from partnerkg.lookalikes import strip_invisible, without_marks
from partnerkg.namespaces import ID

__all__ = [
    "HASH_DIGITS",
    "KINDS",
    "MAX_SLUG",
    "check_xml_text",
    "clean_name",
    "forbidden_characters",
    "mint_iri",
    "mint_iris",
    "name_hash",
    "normalise_name",
    "refuse_collisions",
    "slug",
    "xml_problem",
]

#: Hex digits of the SHA-256 of the normalised name kept in an IRI (40 bits).
HASH_DIGITS = 10
#: Longest slug kept in an IRI (cut at a hyphen where possible).
MAX_SLUG = 60
#: The path segments under ``…/id/`` that imported things are minted in.
KINDS = frozenset({"organisation", "partnership", "region", "spreadsheet", "membership", "role"})

# XML 1.0 Char: #x9 | #xA | #xD | [#x20-#xD7FF] | [#xE000-#xFFFD] | [#x10000-#x10FFFF]; CR is refused too
# (decisions.md: C0 controls except tab and newline), as are surrogates, which no UTF-8 file can hold.
_FORBIDDEN = re.compile("[\x00-\x08\x0b-\x1f\ud800-\udfff\ufffe\uffff]")


def forbidden_characters(text: str) -> list[tuple[int, str]]:
    """(1-based position, character) of each character of ``text`` that XML cannot carry.

    >>> forbidden_characters("a\\tb\\x07c\\uffff")
    [(4, '\\x07'), (6, '\\uffff')]
    """
    return [(m.start() + 1, m.group()) for m in _FORBIDDEN.finditer(text)]


def _describe(ch: str) -> str:
    name = unicodedata.name(ch, "")
    if not name:
        name = {"\r": "CARRIAGE RETURN", "\x00": "NUL"}.get(ch, "control character")
    return f"U+{ord(ch):04X} {name}"


def xml_problem(text: str) -> str | None:
    """What is wrong with ``text`` for XML, or None: names the first bad character and its position.

    >>> xml_problem("ok"), xml_problem("a\x0bb")
    (None, 'character 2 is U+000B control character, which XML (and so RDF/XML, XLSX and HTML) cannot carry')
    """
    bad = forbidden_characters(text)
    if not bad:
        return None
    pos, ch = bad[0]
    more = f" (and {len(bad) - 1} more)" if len(bad) > 1 else ""
    return f"character {pos} is {_describe(ch)}{more}, which XML (and so RDF/XML, XLSX and HTML) cannot carry"


def check_xml_text(text: str, where: str = "value") -> None:
    """Raise InvalidDataError when ``text`` holds a character XML cannot carry, naming it and its position."""
    problem = xml_problem(text)
    if problem:
        raise InvalidDataError(f"{where}: {problem} — delete it or replace it with a space")


def clean_name(text: str) -> str:
    """The name as stored in a label: invisible characters (zero-width, bidirectional controls) and leading
    and trailing whitespace removed, everything else as written (line breaks, combining marks in NFC or NFD,
    quotes and markup are kept; a Windows line break becomes a line feed)."""
    return strip_invisible(text.replace("\r\n", "\n")).strip()


@lru_cache(maxsize=1 << 18)  # an import compares the same names many times (rows, partners, duplicates)
def normalise_name(text: str) -> str:
    """The form names are compared in: invisible characters removed, NFC, casefolded, runs of whitespace
    collapsed to one space.

    >>> normalise_name("  Straße\\n\\tTrust ") == normalise_name("STRASSE TRUST")
    True
    """
    # NFC again after casefolding: casefold can leave sequences that compose differently (the "ß" of
    # "ß́" folds to "ss", whose last "s" then composes with the accent), so NFC, casefold and NFC
    # again make every canonically equivalent, case-variant spelling of a name the same string.
    text = without_marks(strip_invisible(text))
    return " ".join(unicodedata.normalize("NFC", unicodedata.normalize("NFC", text).casefold()).split())


def name_hash(text: str, digits: int = HASH_DIGITS) -> str:
    """The first ``digits`` hex digits of the SHA-256 of the normalised name."""
    return hashlib.sha256(normalise_name(text).encode("utf-8")).hexdigest()[:digits]


def slug(text: str) -> str:
    """A readable ASCII slug: accents dropped, letters and digits kept, everything else one hyphen; at most
    :data:`MAX_SLUG` characters. Empty for a name with no Latin letters or digits (Arabic, emoji…)."""
    decomposed = unicodedata.normalize("NFKD", normalise_name(text))
    ascii_text = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    ascii_text = ascii_text.replace("ø", "o").replace("đ", "d").replace("ł", "l").replace("ß", "ss")
    out = re.sub(r"[^a-z0-9]+", "-", ascii_text.encode("ascii", "ignore").decode()).strip("-")
    if len(out) > MAX_SLUG:
        cut = out[:MAX_SLUG]
        out = cut.rsplit("-", 1)[0] if "-" in cut[MAX_SLUG // 2:] else cut
    return out.strip("-")


def mint_iri(kind: str, name: str, digits: int = HASH_DIGITS) -> URIRef:
    """The IRI of ``name`` under ``…/id/KIND/``: ``SLUG-HASH`` (or ``HASH`` when the slug is empty).

    Raises ValueError for an unknown ``kind`` or an empty name.
    """
    if kind not in KINDS:
        raise ValueError(f"unknown IRI kind {kind!r} — one of {', '.join(sorted(KINDS))}")
    if not normalise_name(name):
        raise ValueError("an empty name has no IRI")
    s, h = slug(name), name_hash(name, digits)
    return ID[f"{kind}/{s}-{h}" if s else f"{kind}/{h}"]


def mint_iris(kind: str, names: Iterable[str], digits: int = HASH_DIGITS) -> dict[str, URIRef]:
    """Normalised name -> IRI for every name; InvalidDataError if two different names share an IRI."""
    minted = [(normalise_name(name), mint_iri(kind, name, digits)) for name in names]
    refuse_collisions(minted)
    return dict(minted)


def refuse_collisions(minted: Iterable[tuple[str, URIRef]]) -> None:
    """InvalidDataError if two different normalised names were minted the same IRI (a hash collision).

    >>> refuse_collisions([("mind", ID["organisation/mind-1"]), ("mind", ID["organisation/mind-1"])])
    """
    owner: dict[URIRef, str] = {}
    for key, iri in minted:
        if owner.setdefault(iri, key) != key:
            raise InvalidDataError(
                f"the names {owner[iri]!r} and {key!r} both mint {iri} (a hash collision) — change one name slightly"
            )
