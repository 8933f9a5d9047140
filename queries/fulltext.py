"""Full-text search over labels, alternative labels, descriptions and quotes: ranked, accent- and case-blind,
prefix-aware, with substring matches as a fallback.

:func:`search` finds the resources whose ``rdfs:label``, ``skos:altLabel``, identifier (``org:identifier``,
``skos:notation``, searched as an alternative label), ``dcterms:description`` or
``skos:definition``, or the ``pk:quote`` of one of their ``prov:qualifiedDerivation``\\ s, hold every word of the
text: as whole words first, and when that finds fewer than asked for, the last one also as the start of a longer
word, as typed in a find box (``turning poi`` finds "Turning Point"). Case and accents do not count: "cafe" finds
"Café", "CAFÉ" finds "cafe". Hits come best first: a label (or alternative label) equal to the text, then one that
starts with it, then by BM25 (k1 1.2, b 0.75, as SQLite's ``bm25()``) with a word in a label weighing 10, in an
alternative label 6, a description 2, a quote 1; the vocabulary itself (classes, properties) after the instances.
When the words find fewer hits than asked for, a substring of three characters or more of a label or alternative
label finds the rest (``urning`` finds "Turning Point"), shortest label first.

BM25 ranks at most :data:`CANDIDATES` matches: the first in the index's own order, which puts shorter labels
first. So the ranking is BM25's whenever a text matches fewer resources than that, and a search reads about as
much at ten million triples as at a thousand however common its words are: the document frequencies come from a
table of the index (FTS5's own ``bm25()`` reads every posting of every word at every query, 50 ms for
"partnership" at 10M triples), and a prefix longer than four characters is written out as the words it starts.

The index is SQLite FTS5 (``unicode61`` words with prefix indexes, ``trigram`` for substrings). Over an
on-disk store it lives beside the label index (:mod:`partnerkg.queries.label_index`) as
``partnerkg-search.sqlite``, with the same rule: it records the store's files (names, sizes, modification
times) and is never used once they changed; it is written to a temporary file and renamed into place, so it
is whole or absent. A store without a current index gets one on its first search (:func:`build_search_index`:
5 s at 1M triples, 102 s at 10M), ``partnerkg serve --store`` before it answers and ``build --store`` with the
build; ``load`` does not (its target is raw ``bulk_load``'s time). In memory the index is built once per graph
(and again when the graph's size changes) and kept in memory.

``kind`` narrows the search to instances of a class of the ontology, by its name in any spelling
(``organisation``, ``NHSTrust``, ``nhs-trust``, ``source-document``), subclasses included; each hit reports
the kind it belongs to first in :data:`KIND_ORDER` (``organisation``, ``partnership``, ``policy``, ``barrier``…).

>>> from partnerkg.queries.engine import default_graph
>>> [hit.label for hit in search(default_graph(), "turning poi", kind="organisation", limit=1)]
['Turning Point']
"""

from __future__ import annotations

import math
import os
import re
import sqlite3
import threading
import unicodedata
import weakref
from collections.abc import Iterator
from contextlib import closing, suppress
from dataclasses import dataclass
from dataclasses import field as dataclass_field
from functools import lru_cache
from pathlib import Path

from rdflib import RDF, RDFS, Graph, Literal, URIRef

from partnerkg.errors import OptionError, option
from partnerkg.namespaces import DCTERMS, ORG, OWL, PK, PROV, SKOS
from partnerkg.queries.label_index import fingerprint
from partnerkg.store.oxigraph import oxigraph_of, store_folder

__all__ = ["FILE_NAME", "KIND_ORDER", "SearchHit", "build_search_index", "ensure_search_index", "fold", "kinds",
           "search", "search_index_current"]

FILE_NAME = "partnerkg-search.sqlite"
#: The kinds a hit is reported as, in order of preference: a resource that is both is reported as the first.
KIND_ORDER = ("Organisation", "Partnership", "Policy", "Barrier", "Facilitator", "Benefit", "ReasonForPartnership",
              "GovernancePrinciple", "WorkingArrangement", "SetUpQuestion", "Misconception", "PartnershipConcept",
              "Study", "SourceDocument", "PartnershipModel", "ModelAdvantage", "ModelDisadvantage", "LifeCycleStage",
              "WorkingMode", "PartnershipKind", "PartnershipDimensionValue", "Region", "Sector", "Person", "Category",
              "Concept", "ConceptScheme", "Class", "Property")
#: Fields searched, in the order of the index's columns, with their BM25 weights.
FIELDS = (("label", 10.0), ("alt", 6.0), ("description", 2.0), ("quote", 1.0))
MAX_LIMIT = 1000
# register identifiers (org:identifier, a sub-property of skos:notation: charity numbers, ODS and GSS codes)
# are searched as alternative labels, so a code typed whole ranks as an equal alternative label does
_PROPERTIES = {RDFS.label: "label", SKOS.altLabel: "alt", ORG.identifier: "alt", SKOS.notation: "alt",
               DCTERMS.description: "description", SKOS.definition: "description"}
_SCHEMA_VERSION = "4"
#: A word as SQLite's unicode61 tokenizer sees one: letters, digits and marks (not the underscore).
_TOKEN = re.compile(r"[^\W_]+")
_MARK_OPEN, _MARK_CLOSE = "\x02", "\x03"


def fold(text: str) -> str:
    """Text as the index compares it: compatibility-decomposed, combining marks dropped, lower case (as SQLite's
    ``unicode61`` tokenizer lowers it), runs of whitespace collapsed.

    >>> fold("  Café  ØRSTED Straße ")
    'cafe ørsted straße'
    """
    if text.isascii():  # most labels: nothing to decompose
        return " ".join(text.lower().split())
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(unicodedata.normalize("NFC", stripped).lower().split())


def _kebab(name: str) -> str:
    return re.sub(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])", "-", name).lower()


def _kind_token(name: str) -> str:
    """How a kind is written in the index: letters and digits of its name, lower case (``nhstrust``)."""
    return re.sub(r"[^0-9a-z]", "", fold(name))


@dataclass(frozen=True)
class SearchHit:
    """One resource found: its IRI, its label, its kind (see :data:`KIND_ORDER`; None when it has none of them),
    a score (higher is better; BM25 for word matches, comparable within one search), the field that matched
    (``label``, ``alt``, ``description``, ``quote``, or ``substring`` for a substring of a label) and the
    matching text with the matched words between « and »."""

    iri: str
    label: str
    kind: str | None
    score: float
    field: str
    text: str

    def as_json(self) -> dict[str, object]:
        return {"iri": self.iri, "label": self.label, "kind": self.kind, "score": round(self.score, 6),
                "field": self.field, "text": self.text}


# ---- what is indexed -------------------------------------------------------------------------------------------


class _Entry:
    """What is indexed of one resource, kept small (ten million triples make close to a million of these): its
    display label, the texts of each field (a field with one text holds the string itself) and its types."""

    __slots__ = ("fields", "label", "types")

    def __init__(self) -> None:
        self.label = ""
        self.fields: dict[str, str | list[str]] | None = None
        self.types: frozenset[str] = frozenset()

    def add(self, field: str, text: str) -> None:
        if self.fields is None:
            self.fields = {field: text}
            return
        values = self.fields.get(field)
        if values is None:
            self.fields[field] = text
        elif isinstance(values, str):
            if values != text:
                self.fields[field] = [values, text]
        elif text not in values:
            values.append(text)

    def texts(self, field: str) -> list[str]:
        values = (self.fields or {}).get(field)
        return [] if values is None else [values] if isinstance(values, str) else values

    def typed(self, iri: str) -> None:
        self.types = _typeset(self.types | {iri})


@lru_cache(maxsize=65536)
def _typeset(types: frozenset[str]) -> frozenset[str]:
    """One shared object per set of types (most resources share theirs)."""
    return types


#: Kinds of the vocabulary itself (the ontology's classes and properties, SKOS schemes), by the types that make them.
_VOCABULARY = {str(OWL.Class): "Class", str(RDFS.Class): "Class", str(RDF.Property): "Property",
               str(OWL.ObjectProperty): "Property", str(OWL.DatatypeProperty): "Property",
               str(OWL.AnnotationProperty): "Property", str(SKOS.ConceptScheme): "ConceptScheme",
               str(SKOS.Concept): "Concept"}
_VOCABULARY_KINDS = frozenset({"Class", "Property", "ConceptScheme"})
_VOCABULARY_KEBAB = frozenset({"class", "property", "concept-scheme"})


@lru_cache(maxsize=1)
def _class_closure() -> dict[str, frozenset[str]]:
    """IRI of a pk: class -> local names of itself and every pk: superclass, from the shipped ontology; the
    types of :data:`_VOCABULARY` map to their kind."""
    from partnerkg.ontology import load_ontology

    onto = load_ontology()
    parents: dict[str, set[str]] = {}
    for c, _, sup in onto.triples((None, RDFS.subClassOf, None)):
        if isinstance(c, URIRef) and isinstance(sup, URIRef):
            parents.setdefault(str(c), set()).add(str(sup))
    for kind in (OWL.Class, RDFS.Class):
        for c in onto.subjects(RDF.type, kind):
            if isinstance(c, URIRef):
                parents.setdefault(str(c), set())
    closure: dict[str, frozenset[str]] = {}
    for c in parents:
        seen, todo = set(), [c]
        while todo:
            x = todo.pop()
            if x in seen:
                continue
            seen.add(x)
            todo.extend(parents.get(x, ()))
        names = frozenset(x[len(str(PK)):] for x in seen if x.startswith(str(PK)))
        if names:
            closure[c] = names
    for iri, kind in _VOCABULARY.items():
        closure[iri] = frozenset({kind})
    return closure


def kinds() -> list[str]:
    """Every kind ``search`` accepts: the ontology's classes in kebab case (``organisation``, ``nhs-trust``…),
    and ``class``, ``property``, ``concept-scheme`` and ``concept`` for the vocabulary itself."""
    return sorted({_kebab(name) for names in _class_closure().values() for name in names})


@lru_cache(maxsize=4096)
def _kinds_of(types: frozenset[str]) -> tuple[str | None, str]:
    """(the kind a resource is reported as, the index tokens of every kind it belongs to)."""
    closure = _class_closure()
    names: set[str] = set()
    for t in sorted(types):
        names |= closure.get(t, {t[len(str(PK)):]} if t.startswith(str(PK)) else set())
    reported = next((_kebab(k) for k in KIND_ORDER if k in names), None)
    if reported is None and names:
        reported = _kebab(sorted(names)[0])
    return reported, " ".join(sorted(_kind_token(n) for n in names))


def _entries_from_rdflib(graph: Graph) -> dict[str, _Entry]:
    entries: dict[str, _Entry] = {}
    triples = graph.triples

    def entry(s: object) -> _Entry | None:
        if not isinstance(s, URIRef):
            return None
        return entries.setdefault(str(s), _Entry())

    for prop, field in _PROPERTIES.items():
        for s, _, o in triples((None, prop, None)):
            e = entry(s)
            if e is not None and isinstance(o, Literal):
                e.add(field, str(o))
                if field == "label" and (not e.label or o.language == "en"):
                    e.label = str(o)
    derived: dict[object, list[str]] = {}
    for d, _, q in triples((None, PK.quote, None)):
        if isinstance(q, Literal):
            derived.setdefault(d, []).append(str(q))
    for d, quotes in derived.items():
        for s in graph.subjects(PROV.qualifiedDerivation, d):
            e = entry(s)
            if e is not None:
                for q in quotes:
                    e.add("quote", q)
    for s, _, t in triples((None, RDF.type, None)):
        if isinstance(s, URIRef) and str(s) in entries and isinstance(t, URIRef):
            e = entries[str(s)]
            e.typed(str(t))
    return entries


def _entries_from_store(graph: Graph) -> dict[str, _Entry]:
    import pyoxigraph as ox

    store = oxigraph_of(graph)
    assert store is not None
    entries: dict[str, _Entry] = {}
    for prop, field in _PROPERTIES.items():
        for quad in store.quads_for_pattern(None, ox.NamedNode(str(prop)), None):
            s, o = quad.subject, quad.object
            if type(s) is not ox.NamedNode or type(o) is not ox.Literal:
                continue
            e = entries.get(s.value)
            if e is None:
                e = entries[s.value] = _Entry()
            e.add(field, o.value)
            if field == "label" and (not e.label or o.language == "en"):
                e.label = o.value
    derived: dict[object, list[str]] = {}
    for quad in store.quads_for_pattern(None, ox.NamedNode(str(PK.quote)), None):
        if type(quad.object) is ox.Literal:
            derived.setdefault(quad.subject, []).append(quad.object.value)
    derivation = ox.NamedNode(str(PROV.qualifiedDerivation))
    for node, quotes in derived.items():  # a few quoted derivations among many (synthetic data quotes nothing)
        for quad in store.quads_for_pattern(None, derivation, node):
            if type(quad.subject) is ox.NamedNode:
                e = entries.get(quad.subject.value)
                if e is None:
                    e = entries[quad.subject.value] = _Entry()
                for q in quotes:
                    e.add("quote", q)
    for quad in store.quads_for_pattern(None, ox.NamedNode(str(RDF.type)), None):
        s, t = quad.subject, quad.object
        if type(s) is ox.NamedNode and type(t) is ox.NamedNode:
            e = entries.get(s.value)
            if e is not None:
                e.typed(t.value)
    return entries


# ---- the index -------------------------------------------------------------------------------------------------


_SCHEMA = f"""
    CREATE TABLE meta (name TEXT PRIMARY KEY, value TEXT NOT NULL);
    CREATE TABLE resources (id INTEGER PRIMARY KEY, iri TEXT NOT NULL, label TEXT NOT NULL, kind TEXT,
                            kinds TEXT NOT NULL);
    CREATE VIRTUAL TABLE words USING fts5({", ".join(name for name, _ in FIELDS)}, kinds,
                                          tokenize = 'unicode61 remove_diacritics 2', prefix = '1 2 3 4');
    CREATE VIRTUAL TABLE grams USING fts5(text, tokenize = 'trigram');
    CREATE TABLE terms (term TEXT PRIMARY KEY, docs INTEGER NOT NULL) WITHOUT ROWID;
"""


def _create(db: sqlite3.Connection) -> None:
    db.executescript(_SCHEMA)


def _fill(db: sqlite3.Connection, entries: dict[str, _Entry]) -> None:
    """Insert ``entries`` in the index's static order: shorter labels first (then by folded label and IRI), so
    that the first matches in rowid order are the best candidates BM25 ranks (see :func:`search`)."""
    def rows() -> Iterator[tuple[str, str, str | None, str, list[str]]]:
        for iri, e in entries.items():
            kind, tokens = _kinds_of(e.types)
            label = e.label or next(iter(e.texts("alt")), "") or iri
            yield iri, label, kind, tokens, [" \n ".join(e.texts(name)) for name, _ in FIELDS]

    ordered = sorted(rows(), key=lambda row: (len(row[1]), fold(row[1]), row[0]))
    for start in range(0, len(ordered), 50_000):
        batch = list(enumerate(ordered[start:start + 50_000], start=start + 1))
        db.executemany("INSERT INTO resources VALUES (?, ?, ?, ?, ?)",
                       ((n, iri, label, kind, tokens) for n, (iri, label, kind, tokens, _) in batch))
        db.executemany("INSERT INTO words(rowid, label, alt, description, quote, kinds) VALUES (?, ?, ?, ?, ?, ?)",
                       ((n, *cols, tokens) for n, (_, _, _, tokens, cols) in batch))
        db.executemany("INSERT INTO grams(rowid, text) VALUES (?, ?)",
                       ((n, fold(" \n ".join(c for c in cols[:2] if c))) for n, (_, _, _, _, cols) in batch
                        if cols[0] or cols[1]))
    db.execute("INSERT INTO words(words) VALUES ('optimize')")
    db.execute("INSERT INTO grams(grams) VALUES ('optimize')")
    # how many resources hold each word in a searched field (BM25's document frequencies, read in microseconds
    # where FTS5's bm25() counts them by reading every posting of the word, at every query)
    db.execute("CREATE VIRTUAL TABLE temp.vocabulary USING fts5vocab(main, words, 'col')")
    db.execute("INSERT INTO terms SELECT term, sum(doc) FROM temp.vocabulary WHERE col != 'kinds' GROUP BY term")
    db.execute("DROP TABLE temp.vocabulary")
    length = sum(len(_TOKEN.findall(text)) for *_, cols in ordered for text in cols)
    db.executemany("INSERT INTO meta VALUES (?, ?)",
                   [("rows", str(len(ordered))), ("average_length", repr(length / len(ordered) if ordered else 0.0))])


def _build(db: sqlite3.Connection, graph: Graph, stamp: str) -> None:
    db.execute("PRAGMA journal_mode = OFF")  # a temporary file, renamed into place only once it is whole
    db.execute("PRAGMA synchronous = OFF")
    _create(db)
    entries = _entries_from_store(graph) if oxigraph_of(graph) is not None else _entries_from_rdflib(graph)
    _fill(db, entries)
    db.executemany("INSERT INTO meta VALUES (?, ?)", [("fingerprint", stamp), ("schema", _SCHEMA_VERSION)])
    db.commit()


def _current(path: Path, stamp: str) -> sqlite3.Connection | None:
    """A read-only connection to the index at ``path`` when it is current for ``stamp``, else None."""
    try:
        db = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True, check_same_thread=False)
    except sqlite3.Error:
        return None
    try:
        meta = dict(db.execute("SELECT name, value FROM meta").fetchall())
        if meta.get("fingerprint") == stamp and meta.get("schema") == _SCHEMA_VERSION:
            return db
    except sqlite3.Error:
        pass
    db.close()
    return None


def build_search_index(folder: str | Path, graph: Graph | None = None) -> Path | None:
    """Build the search index of the store in ``folder`` (opened read-only unless ``graph`` is it) and write it
    there atomically; returns its path, or None when the folder cannot be written or the store changed while
    the index was built (then nothing is written)."""
    folder = Path(folder)
    if graph is None:
        from partnerkg.store.graphs import open_graph

        graph = open_graph(store=folder)
    stamp = fingerprint(folder)
    temporary = folder / f".partnerkg-search-{os.getpid()}-{threading.get_ident()}.tmp"
    try:
        with closing(sqlite3.connect(temporary)) as db:
            _build(db, graph, stamp)
        if fingerprint(folder) != stamp:  # something wrote into the store meanwhile
            return None
        os.replace(temporary, folder / FILE_NAME)
        return folder / FILE_NAME
    except (OSError, sqlite3.Error):
        return None  # not cached (a read-only folder): the search builds it in memory
    finally:
        with suppress(OSError):
            temporary.unlink()


def search_index_current(folder: str | Path) -> bool:
    """Whether the store in ``folder`` has a search index of its present contents (else the next search builds
    one: 5 s at a million triples, about 100 s at ten million)."""
    folder = Path(folder)
    db = _current(folder / FILE_NAME, fingerprint(folder))
    if db is None:
        return False
    db.close()
    return True


def ensure_search_index(folder: str | Path, graph: Graph | None = None) -> bool:
    """Build the search index of the store in ``folder`` unless a current one is there; True when it built one
    (``build --store`` calls this, so that a store filled before the index existed gets one)."""
    if search_index_current(folder):
        return False
    return build_search_index(folder, graph) is not None


_MEMORY: dict[int, tuple[weakref.ref[Graph], int, sqlite3.Connection]] = {}
_LOCK = threading.Lock()


def _memory_index(graph: Graph) -> sqlite3.Connection:
    size = len(graph)
    with _LOCK:
        cached = _MEMORY.get(id(graph))
        if cached is not None and cached[0]() is graph and cached[1] == size:
            return cached[2]
        db = sqlite3.connect(":memory:", check_same_thread=False)
        _build(db, graph, "memory")
        key = id(graph)
        _MEMORY[key] = (weakref.ref(graph, lambda _: _MEMORY.pop(key, None)), size, db)
        return db


def _store_index(graph: Graph, folder: Path) -> sqlite3.Connection:
    path = folder / FILE_NAME
    stamp = fingerprint(folder)
    db = _current(path, stamp)
    if db is None and build_search_index(folder, graph) is not None:
        db = _current(path, fingerprint(folder))
    if db is None:  # a folder we cannot write to: an index in memory for this process
        return _memory_index(graph)
    return db


_STORE_CONNECTIONS: dict[tuple[str, str], sqlite3.Connection] = {}


def _index(graph: Graph) -> sqlite3.Connection:
    folder = store_folder(graph)
    if oxigraph_of(graph) is None or folder is None:
        return _memory_index(graph)
    key = (str(folder), fingerprint(folder))
    with _LOCK:
        db = _STORE_CONNECTIONS.get(key)
    if db is None:
        db = _store_index(graph, folder)
        with _LOCK:
            for old in [k for k in _STORE_CONNECTIONS if k[0] == key[0]]:
                _STORE_CONNECTIONS.pop(old).close()
            _STORE_CONNECTIONS[key] = db
    return db


# ---- searching -------------------------------------------------------------------------------------------------


_COLUMNS = "{" + " ".join(name for name, _ in FIELDS) + "}"
#: How many matches, taken in the index's static order (shorter labels first), BM25 ranks at most.
CANDIDATES = 200
#: A prefix of this many characters or fewer reads one of FTS5's prefix indexes; a longer one is written out as
#: the words it starts (at most _EXPANSIONS of them, the most frequent), which FTS5 reads lazily.
_PREFIX_INDEX = 4
_EXPANSIONS = 64
#: BM25's parameters (as FTS5's bm25()).
_K1, _B = 1.2, 0.75
#: The first matches in the index's order, with what ranking and marking need.
_CANDIDATES = ("SELECT w.rowid, r.iri, r.label, r.kind, " + ", ".join(f"w.{name}" for name, _ in FIELDS)  # noqa: S608
               + " FROM words AS w JOIN resources AS r ON r.id = w.rowid WHERE words MATCH ? ORDER BY w.rowid LIMIT ?")
#: Labels holding a substring, shortest first (the index's order).
_SUBSTRING = ("SELECT r.iri, r.label, r.kind FROM grams AS g JOIN resources AS r ON r.id = g.rowid "
              "WHERE grams MATCH ? ORDER BY g.rowid LIMIT ?")
_SUBSTRING_OF_KIND = ("SELECT r.iri, r.label, r.kind FROM grams AS g JOIN resources AS r ON r.id = g.rowid "
                      "WHERE grams MATCH ? AND (' ' || r.kinds || ' ') LIKE ? ORDER BY g.rowid LIMIT ?")


def _kebab_to_name(kind: str | None) -> str:
    return "".join(part.capitalize() for part in (kind or "").split("-"))


def _fts_phrase(word: str) -> str:
    return '"' + word.replace('"', '""') + '"'


def _kind_filter(kind: str | None) -> str | None:
    if kind is None:
        return None
    token = _kind_token(kind)
    known = {_kind_token(k) for k in kinds()}
    if token not in known:
        from partnerkg.queries.catalogue import suggest

        hint = suggest(_kebab(kind) if kind.isalpha() else kind.lower(), kinds())
        raise OptionError(f"{option('kind', kind)}: no such kind"
                          + (f" — did you mean {', '.join(hint)}?" if hint else "")
                          + f" (kinds: organisation, partnership, policy, barrier, facilitator, study, …; "
                          f"{len(known)} in all)", "kind")
    return token


@dataclass(frozen=True)
class _Query:
    """What a text searches for: each word as a set of the indexed words it stands for (itself; the last one
    also the words it starts, when searching by prefix), how many resources hold each, and the FTS5 query."""

    terms: tuple[frozenset[str] | None, ...]  # None: every word starting with the last word (a prefix index)
    words: tuple[str, ...]
    docs: tuple[int, ...]
    match: str
    exact: dict[str, tuple[int, ...]] = dataclass_field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        exact: dict[str, list[int]] = {}
        for n, allowed in enumerate(self.terms):
            for term in allowed or ():
                exact.setdefault(term, []).append(n)
        object.__setattr__(self, "exact", {term: tuple(ns) for term, ns in exact.items()})

    def matching(self, token: str) -> tuple[int, ...]:
        """The positions of the query's words that the indexed word ``token`` matches."""
        found = self.exact.get(token, ())
        if self.terms[-1] is None and token.startswith(self.words[-1]):
            found = (*found, len(self.words) - 1)
        return found


def _query(db: sqlite3.Connection, words: list[str], prefix: bool, kind_token: str | None) -> _Query:
    terms: list[frozenset[str] | None] = []
    docs: list[int] = []
    phrases: list[str] = []
    for n, word in enumerate(words):
        if prefix and n == len(words) - 1:
            if len(word) <= _PREFIX_INDEX:
                total = db.execute(_DOCS_OF_PREFIX, (word, word + "\U0010ffff")).fetchone()[0] or 0
                terms.append(None)
                docs.append(total)
                phrases.append(_fts_phrase(word) + "*")
                continue
            found = db.execute(_WORDS_STARTING, (word, word + "\U0010ffff", _EXPANSIONS)).fetchall()
            if not found:
                terms.append(frozenset({word}))
                docs.append(0)
                phrases.append(_fts_phrase(word))
                continue
            terms.append(frozenset(t for t, _ in found))
            docs.append(sum(d for _, d in found))
            phrases.append("(" + " OR ".join(_fts_phrase(t) for t, _ in found) + ")")
            continue
        row = db.execute(_DOCS_OF_WORD, (word,)).fetchone()
        terms.append(frozenset({word}))
        docs.append(row[0] if row else 0)
        phrases.append(_fts_phrase(word))
    match = f"{_COLUMNS} : ({' AND '.join(phrases)})"
    if kind_token is not None:
        match += f" AND kinds : {_fts_phrase(kind_token)}"
    return _Query(tuple(terms), tuple(words), tuple(docs), match)


#: Resources holding an indexed word (in any searched field), and the words starting with a prefix.
_DOCS_OF_WORD = "SELECT docs FROM terms WHERE term = ?"
_DOCS_OF_PREFIX = "SELECT sum(docs) FROM terms WHERE term >= ? AND term < ?"
_WORDS_STARTING = "SELECT term, docs FROM terms WHERE term >= ? AND term < ? ORDER BY docs DESC, term LIMIT ?"


def _bm25(query: _Query, texts: list[str | None], stats: tuple[int, float]) -> float:
    """BM25 of one resource, as FTS5's bm25() computes it: the query's words summed, each word's frequency
    weighted by field, the resource's length over all searched fields against the average length."""
    rows, average = stats
    frequencies = [0.0] * len(query.words)
    length = 0
    for (_, weight), text in zip(FIELDS, texts, strict=True):
        if not text:
            continue
        tokens = _TOKEN.findall(fold(text))
        length += len(tokens)
        for token in tokens:
            for n in query.matching(token):
                frequencies[n] += weight
    norm = _K1 * (1 - _B + _B * length / average) if average else _K1
    score = 0.0
    for n, f in enumerate(frequencies):
        if f:
            idf = max(1e-6, math.log((rows - query.docs[n] + 0.5) / (query.docs[n] + 0.5)))
            score += idf * f * (_K1 + 1) / (f + norm)
    return score


def _marked(query: _Query, text: str | None) -> str:
    """``text`` with the words the query matched between marks."""
    return _TOKEN.sub(lambda m: f"{_MARK_OPEN}{m.group(0)}{_MARK_CLOSE}" if query.matching(fold(m.group(0)))
                      else m.group(0), text or "")


def _ranked(db: sqlite3.Connection, query: _Query, folded: str, stats: tuple[int, float]) -> list[tuple]:
    """The first CANDIDATES matches, best first: a label (or alternative label) equal to the text, then one
    starting with it, then the rest, each by BM25; the vocabulary (classes, properties) after the instances."""
    out = []
    for rowid, iri, label, hit_kind, *texts in db.execute(_CANDIDATES, (query.match, CANDIDATES)):
        score = _bm25(query, texts, stats)
        alternatives = texts[1]
        forms = {fold(label), *(fold(n) for n in alternatives.split("\n") if n.strip())} if alternatives else \
            {fold(label)}
        tier = 0 if folded in forms else 1 if any(f.startswith(folded) for f in forms) else 2
        vocabulary = hit_kind in _VOCABULARY_KEBAB
        out.append(((tier, vocabulary, -score, rowid), iri, label, hit_kind, score, texts))
    out.sort(key=lambda row: row[0])
    return out


def search(graph: Graph, text: str, kind: str | None = None, limit: int = 10) -> list[SearchHit]:
    """The resources of ``graph`` that ``text`` finds, best first, at most ``limit`` (see the module's text).

    ``kind`` narrows to instances of an ontology class (OptionError for an unknown one, suggesting the closest).
    Raises OptionError for an empty text or a ``limit`` outside 1 to 1,000.
    """
    if not isinstance(limit, int) or not 1 <= limit <= MAX_LIMIT:
        raise OptionError(f"{option('limit', limit)}: give a number of hits from 1 to {MAX_LIMIT}", "limit")
    words = _TOKEN.findall(fold(text))
    if not words:
        raise OptionError(f"{option('text', repr(text))}: give at least one word (letters or digits) to search for",
                          "text")
    kind_token = _kind_filter(kind)
    db = _index(graph)
    stats = _stats(db)
    folded = fold(text)
    # whole words first; when they find fewer than asked for, the last word also as the start of a longer one (as
    # typed in a find box)
    query = _query(db, words, False, kind_token)
    ranked = _ranked(db, query, folded, stats)
    if len(ranked) < limit:
        query = _query(db, words, True, kind_token)
        ranked = _ranked(db, query, folded, stats)
    hits = []
    for _, iri, label, hit_kind, score, texts in ranked[:limit]:
        marked = [_marked(query, value) for value in texts]
        field, shown = next(((name, value) for (name, _), value in zip(FIELDS, marked, strict=True)
                             if _MARK_OPEN in value), (FIELDS[0][0], marked[0]))
        hits.append(SearchHit(iri, label, hit_kind, score, field, _excerpt(shown)))
    if len(hits) < limit and len(folded) >= 3 and (len(words) == 1 or not hits):
        # substrings of labels for the rest: of a word ("urnin"), or across words when they found nothing
        found = {hit.iri for hit in hits}
        args: tuple[object, ...] = (_fts_phrase(folded), limit + len(found))
        if kind_token is None:
            extra = db.execute(_SUBSTRING, args).fetchall()
        else:
            extra = db.execute(_SUBSTRING_OF_KIND, (args[0], f"% {kind_token} %", args[1])).fetchall()
        for iri, label, hit_kind in extra:
            if iri not in found and len(hits) < limit:
                hits.append(SearchHit(iri, label, hit_kind, 0.0, "substring", _mark_substring(label, folded)))
    return hits


def _stats(db: sqlite3.Connection) -> tuple[int, float]:
    """(resources indexed, their average length in words over the searched fields), recorded at build."""
    meta = dict(db.execute("SELECT name, value FROM meta WHERE name IN ('rows', 'average_length')").fetchall())
    return int(meta.get("rows", 0)), float(meta.get("average_length", 0.0))


def _excerpt(marked: str, width: int = 160) -> str:
    """The marked text around its first match, at most about ``width`` characters, marks as « and »."""
    first = marked.find(_MARK_OPEN)
    start = max(0, first - width // 3)
    end = min(len(marked), start + width)
    shown = ("…" if start else "") + marked[start:end] + ("…" if end < len(marked) else "")
    return " ".join(shown.split()).replace(_MARK_OPEN, "«").replace(_MARK_CLOSE, "»")


def _mark_substring(label: str, folded: str) -> str:
    at = fold(label).find(folded)
    if at < 0 or len(fold(label)) != len(label):
        return label
    return label[:at] + "«" + label[at:at + len(folded)] + "»" + label[at + len(folded):]
