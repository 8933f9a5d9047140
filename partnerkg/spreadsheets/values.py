"""The values a spreadsheet cell may hold: controlled vocabularies read from the ontology and the graph,
and the parsers for yes/no, years and web addresses.

A controlled value is matched case-, accent- and punctuation-insensitively against the labels, alternative
labels and local names of the allowed resources ("co-location", "Colocation model" and
``pk:CoLocationModel`` all name the co-location model), also with the vocabulary's generic last word left
off ("statutory" for "statutory sector") and, for the ontology's small lists, as a unique part of at least
four letters ("inter-agency" for "inter-agency working", "delivery" for "partnership programme delivery").
An IRI is accepted as ``<IRI>``, as a bare ``http(s)://…`` address or as a CURIE such as
``pk:CoLocationModel``. A value that names nothing raises :class:`ValueProblem` with the closest labels.

>>> from partnerkg.spreadsheets.values import ontology_vocabularies
>>> models = ontology_vocabularies()["model"]
>>> models.resolve("Colocation model") == models.resolve("co-location") == models.resolve("pk:CoLocationModel")
True
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from urllib.parse import urlsplit

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SKOS

from partnerkg.iri import normalise_name
from partnerkg.namespaces import ORG, PK, PREFIXES
from partnerkg.ontology import load_ontology

__all__ = [
    "IdentifierScheme",
    "ValueProblem",
    "Vocabulary",
    "as_iri",
    "graph_vocabulary",
    "identifier_schemes",
    "key",
    "ontology_vocabularies",
    "parse_boolean",
    "parse_gss_code",
    "parse_identifier",
    "parse_ods_code",
    "parse_website",
    "parse_year",
    "subclasses",
]


class ValueProblem(ValueError):
    """A cell value that cannot be used: ``problem`` says why, ``instead`` what to write."""

    def __init__(self, problem: str, instead: str) -> None:
        super().__init__(f"{problem} — {instead}")
        self.problem = problem
        self.instead = instead


def key(text: str) -> str:
    """The matching key of a value: accents dropped, casefolded, only letters and digits kept.

    >>> key("Co-location  Model"), key("Café"), key("ÉCOLE")
    ('colocationmodel', 'cafe', 'ecole')
    """
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return re.sub(r"[\W_]+", "", plain.casefold())


_ANGLE_IRI = re.compile(r"^<([^<>\"{}|^`\\\x00-\x20]+)>$")
_HTTP_IRI = re.compile(r"^https?://[^<>\"{}|^`\\\x00-\x20]+$")
_CURIE = re.compile(r"^([A-Za-z][\w.-]*):([^\s/<>\"]*)$")


def as_iri(text: str) -> URIRef | None:
    """The IRI ``text`` writes, if it is one: ``<IRI>``, ``http(s)://…`` or a CURIE with a partnerkg prefix.

    >>> as_iri("pk:CoLocationModel")
    rdflib.term.URIRef('https://w3id.org/partnerkg/ontology#CoLocationModel')
    >>> as_iri("Turning Point") is None
    True
    """
    text = text.strip()
    if m := _ANGLE_IRI.match(text):
        return URIRef(m.group(1))
    if _HTTP_IRI.match(text):
        return URIRef(text)
    if (m := _CURIE.match(text)) and m.group(1) in PREFIXES:
        return URIRef(str(PREFIXES[m.group(1)]) + m.group(2))
    return None


def _local(iri: URIRef) -> str:
    s = str(iri)
    return re.split(r"[#/]", s)[-1]


@dataclass
class Vocabulary:
    """The allowed values of one column: IRIs with their display labels and the texts that name them.

    ``strip`` holds generic last words ("sector", "model") that a value may leave off; ``partial``
    accepts a unique part of a name of at least four letters (for small, fixed lists only).
    """

    name: str
    labels: dict[URIRef, str]
    names: dict[URIRef, list[str]] = field(default_factory=dict)
    strip: tuple[str, ...] = ()
    partial: bool = False

    def __post_init__(self) -> None:
        self._exact: dict[str, set[URIRef]] | None = None
        self._keys: dict[str, set[URIRef]] = {}
        for iri, label in self.labels.items():
            for text in [label, _local(iri), *self.names.get(iri, [])]:
                k = key(text)
                if not k:
                    continue
                self._keys.setdefault(k, set()).add(iri)
                for word in self.strip:
                    if k.endswith(word) and len(k) > len(word):
                        self._keys.setdefault(k[: -len(word)], set()).add(iri)

    def __contains__(self, iri: object) -> bool:
        return iri in self.labels

    def __len__(self) -> int:
        return len(self.labels)

    def choices(self) -> list[str]:
        """The display labels, sorted."""
        return sorted(self.labels.values(), key=str.casefold)

    def matches(self, text: str) -> set[URIRef]:
        """The IRIs whose label, alternative label or local name has the key of ``text`` (no partial match)."""
        return set(self._keys.get(key(text), set()))

    def named(self, text: str) -> set[URIRef]:
        """The IRIs labelled (or alternatively labelled) exactly ``text``, compared as names: NFC, casefold,
        whitespace collapsed."""
        if self._exact is None:
            self._exact = {}
            for i, label in self.labels.items():
                for t in [label, *self.names.get(i, [])]:
                    self._exact.setdefault(normalise_name(t), set()).add(i)
        return set(self._exact.get(normalise_name(text), set()))

    def exact(self, text: str) -> URIRef | None:
        """The one IRI written as ``text`` (an IRI of the vocabulary) or named exactly ``text``, or None."""
        iri = as_iri(text)
        if iri is not None:
            return iri if iri in self.labels else None
        found = self.named(text)
        return next(iter(found)) if len(found) == 1 else None

    def lookup(self, text: str) -> URIRef | None:
        """The one IRI ``text`` names, or None (no suggestions; see :meth:`resolve`)."""
        try:
            return self.resolve(text)
        except ValueProblem:
            return None

    def resolve(self, text: str) -> URIRef:
        """The IRI ``text`` names; ValueProblem (with the closest labels) when it names none or several."""
        iri = as_iri(text)
        if iri is not None:
            if iri in self.labels:
                return iri
            raise ValueProblem(f"<{iri}> is not a {self.name}", self._instead(_local(iri)))
        k = key(text)
        if not k:
            raise ValueProblem(f"no {self.name} is written here", self._instead(""))
        found = self._keys.get(k, set())
        if not found and self.partial and len(k) >= 4:
            found = set().union(*(iris for kk, iris in self._keys.items() if k in kk))
        if len(found) == 1:
            return next(iter(found))
        if len(found) > 1:
            names = ", ".join(repr(self.labels[i]) for i in sorted(found, key=lambda i: self.labels[i]))
            raise ValueProblem(f"could be any of {names}", "write one of them in full, or its IRI")
        raise ValueProblem(f"not a known {self.name}", self._instead(k))

    def _instead(self, k: str) -> str:
        if not self.labels:
            return (f"the reference graph has no {self.name} to name — leave the cell empty, or import with the "
                    "shipped graph or --data files that hold them")
        if len(self.labels) <= 12:
            return "write one of: " + ", ".join(repr(c) for c in self.choices())
        close = difflib.get_close_matches(k, list(self._keys), n=3, cutoff=0.6) if k else []
        if len(k) >= 3:
            close += sorted(kk for kk in self._keys if k in kk)[:3]
        shown = list(dict.fromkeys(self.labels[sorted(self._keys[c])[0]] for c in close))[:4]
        if shown:
            return "did you mean " + " or ".join(repr(s) for s in shown) + "?"
        return f"write the label of a {self.name} (see the guide) or its IRI"


def subclasses(graph: Graph, cls: URIRef) -> set[URIRef]:
    """``cls`` and every class below it by rdfs:subClassOf (transitively) in ``graph``."""
    out = {cls}
    todo = [cls]
    while todo:
        c = todo.pop()
        for sub in graph.subjects(RDFS.subClassOf, c):
            if isinstance(sub, URIRef) and sub not in out:
                out.add(sub)
                todo.append(sub)
    return out


def _english(graph: Graph, iri: URIRef, prop: URIRef) -> list[str]:
    values = [o for o in graph.objects(iri, prop) if isinstance(o, Literal)]
    values.sort(key=lambda o: (o.language not in (None, "en"), str(o)))
    return [str(o) for o in values]


def graph_vocabulary(graph: Graph, name: str, cls: URIRef, *, strip: Iterable[str] = (),
                     partial: bool = False, individuals: bool = True) -> Vocabulary:
    """The instances of ``cls`` (and of its subclasses) in ``graph`` as a vocabulary — or, with
    ``individuals=False``, the classes themselves (``cls`` and its subclasses)."""
    classes = subclasses(graph, cls)
    if individuals:
        members = {s for c in classes for s in graph.subjects(RDF.type, c) if isinstance(s, URIRef)}
    else:
        members = classes
    labels: dict[URIRef, str] = {}
    names: dict[URIRef, list[str]] = {}
    for iri in members:
        found = _english(graph, iri, RDFS.label)
        labels[iri] = found[0] if found else _local(iri)
        names[iri] = found[1:] + _english(graph, iri, SKOS.altLabel) + _english(graph, iri, SKOS.prefLabel)
    return Vocabulary(name, labels, names, tuple(key(w) for w in strip), partial)


@lru_cache(maxsize=1)
def ontology_vocabularies() -> Mapping[str, Vocabulary]:
    """The vocabularies the ontology fixes: sector, kind (of organisation), model, stage, working mode,
    partnership feature."""
    onto = load_ontology()
    kinds = graph_vocabulary(onto, "kind of organisation", PK.Organisation, strip=("organisation",),
                             partial=True, individuals=False)
    # only declared classes (not restrictions or anonymous classes) are kinds
    kinds = Vocabulary(kinds.name, {i: label for i, label in kinds.labels.items() if (i, RDF.type, OWL.Class) in onto},
                       kinds.names, kinds.strip, kinds.partial)
    return {
        "sector": graph_vocabulary(onto, "sector", PK.Sector, strip=("sector",), partial=True),
        "kind": kinds,
        "model": graph_vocabulary(onto, "partnership model", PK.PartnershipModel, strip=("model",), partial=True),
        "stage": graph_vocabulary(onto, "life-cycle stage", PK.LifeCycleStage, strip=("stage",), partial=True),
        "working mode": graph_vocabulary(onto, "working mode", PK.WorkingMode, strip=("working",), partial=True),
        "feature": graph_vocabulary(onto, "partnership feature", PK.PartnershipFeature),
    }


_TRUE = {"yes", "y", "true", "t", "1", "formal"}
_FALSE = {"no", "n", "false", "f", "0", "informal", "adhoc"}


def parse_boolean(value: object) -> bool:
    """yes/no, true/false, 1/0, formal/informal (any case) or a spreadsheet boolean.

    >>> parse_boolean("Formal"), parse_boolean("ad hoc"), parse_boolean(True)
    (True, False, True)
    """
    if isinstance(value, bool):
        return value
    if isinstance(value, (int, float)) and value in (0, 1):
        return bool(value)
    k = key(str(value))
    if k in _TRUE:
        return True
    if k in _FALSE:
        return False
    raise ValueProblem("not yes or no", "write yes (formal) or no (informal, ad hoc), or leave it empty")


_YEAR = re.compile(r"^[0-9]{4}$")


def parse_year(value: object) -> Literal:
    """A four-digit year as an ``xsd:gYear`` literal; a whole number from a spreadsheet is accepted.

    >>> parse_year(2004.0)
    rdflib.term.Literal('2004', datatype=rdflib.term.URIRef('http://www.w3.org/2001/XMLSchema#gYear'))
    """
    from rdflib.namespace import XSD

    if isinstance(value, (dt.date, dt.datetime)):
        raise ValueProblem("a date, not a year", f"write the year only, e.g. {value.year}")
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value).strip()
    if isinstance(value, bool) or not _YEAR.match(text):
        raise ValueProblem("not a year", "write four digits, e.g. 2004")
    return Literal(text, datatype=XSD.gYear)


_URL_BAD = re.compile(r"[<>\"{}|^`\\\x00-\x20\x7f]")


def parse_website(value: object) -> URIRef:
    """An absolute http(s) address with a host; anything else (``javascript:``, spaces) is refused.

    >>> parse_website("https://www.turning-point.co.uk/")
    rdflib.term.URIRef('https://www.turning-point.co.uk/')
    """
    text = str(value).strip()
    parts = urlsplit(text) if not _URL_BAD.search(text) else None
    if parts is None or parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        # an address without its scheme ('www.example.org') or protocol-relative ('//example.org/'): suggest
        # it with https:// in front, never with the slashes doubled (and never for a path such as '/x.y')
        if parts is not None and not parts.scheme and (text.startswith("//") or not text.startswith("/")):
            address = "https://" + text.lstrip("/")
            host = urlsplit(address).hostname
            if host and "." in host:
                raise ValueProblem("not a full web address", f"write it with https://, e.g. {address}")
        raise ValueProblem("not a web address", "write an address starting with https:// (or http://)")
    return URIRef(text)


# ---- register identifiers ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class IdentifierScheme:
    """An identifier scheme of the ontology (a datatype with ``pk:identifierPattern``): its datatype, label,
    org-id.guide prefix, pattern, an example and the property that carries it."""

    datatype: URIRef
    label: str
    prefix: str
    pattern: re.Pattern[str]
    example: str
    prop: URIRef

    def check(self, text: str) -> Literal:
        """``text`` as an identifier of this scheme; ValueProblem naming the scheme when it does not match."""
        if not self.pattern.fullmatch(text):
            raise ValueProblem(f"not a valid {self.label}", f"write it as {self.pattern.pattern.strip('^$')}, "
                               f"e.g. {self.example}")
        return Literal(text, datatype=self.datatype)


@lru_cache(maxsize=1)
def identifier_schemes() -> tuple[IdentifierScheme, ...]:
    """The identifier schemes the ontology declares, read from its datatypes (the single source of truth)."""
    onto = load_ontology()
    out = []
    for datatype in sorted(onto.subjects(PK.identifierPattern, None), key=str):
        assert isinstance(datatype, URIRef)
        value = lambda prop, d=datatype: str(onto.value(d, prop) or "")  # noqa: E731
        carrier = onto.value(datatype, PK.identifierProperty)
        out.append(IdentifierScheme(datatype, value(RDFS.label), value(PK.orgIdPrefix),
                                    re.compile(value(PK.identifierPattern)), value(SKOS.example),
                                    carrier if isinstance(carrier, URIRef) else ORG.identifier))
    return tuple(out)


def _scheme(datatype: URIRef) -> IdentifierScheme:
    return next(s for s in identifier_schemes() if s.datatype == datatype)


_ORG_ID = re.compile(r"^([A-Za-z]{2})-([A-Za-z]{2,8})-(.*)$")


def parse_identifier(value: object) -> Literal:
    """An organisation identifier in org-id.guide form (``GB-CHC-1090095``) as a literal typed by its scheme.
    ``GB-NHS-RAX`` is read as the NHS ODS code ``RAX``. ValueProblem naming the scheme when it is malformed, or
    listing the schemes when the prefix is none of them.

    >>> parse_identifier("GB-CHC-1090095").datatype
    rdflib.term.URIRef('https://w3id.org/partnerkg/ontology#CharityCommissionNumber')
    >>> parse_identifier("GB-NHS-RAX")
    rdflib.term.Literal('RAX', datatype=rdflib.term.URIRef('https://w3id.org/partnerkg/ontology#ODSCode'))
    >>> try:
    ...     parse_identifier("GB-CHC-12")
    ... except ValueProblem as err:
    ...     print(err.problem)
    not a valid Charity Commission for England and Wales number (GB-CHC)
    """
    text = str(value).strip()
    m = _ORG_ID.match(text)
    if m is None:
        raise ValueProblem("not an organisation identifier in org-id.guide form",
                           "write the scheme's prefix, a hyphen and the number, e.g. GB-CHC-1090095 (a charity) or "
                           "GB-COH-09506232 (a company)")
    prefix = f"{m.group(1)}-{m.group(2)}".upper()
    org_schemes = [s for s in identifier_schemes() if s.prop == ORG.identifier and s.prefix]
    for scheme in org_schemes:
        if scheme.prefix == prefix:
            if scheme.datatype == PK.ODSCode:
                return scheme.check(m.group(3))
            return scheme.check(text)
    known = ", ".join(sorted(s.prefix for s in org_schemes))
    raise ValueProblem(f"{prefix} is not an identifier scheme partnerkg knows", f"use one of {known}")


def parse_ods_code(value: object) -> Literal:
    """An NHS ODS code (``RAX``, ``A81001``) as a ``pk:ODSCode`` literal; ValueProblem naming the scheme."""
    return _scheme(PK.ODSCode).check(str(value).strip())


def parse_gss_code(value: object) -> Literal:
    """An ONS GSS code (``E12000005``) as a ``pk:GSSCode`` literal; ValueProblem naming the scheme."""
    return _scheme(PK.GSSCode).check(str(value).strip())
