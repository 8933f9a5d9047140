"""The query library: ``queries/library/NAME.rq`` files found with importlib.resources, and their headers.

Every library file opens with a comment header; a field may continue on following lines indented by at
least two spaces after the ``#``::

    # Title: Partnerships by model
    # Question: Which partnerships follow each of the Audit Commission's four models,
    #   from the least to the most formal?
    # Param: model (entity, optional) — restrict to one model, by label or <IRI>
    # Param: org (entity) = Turning Point — the organisation at the centre
    # Row: one partnership with its model and the model's formality rank

``Param`` lines read ``NAME (TYPE[, optional]) [= DEFAULT] — DESCRIPTION``; TYPE is one of
:class:`ParamType`. A parameter is a SPARQL variable of the query, bound before evaluation. Every library
parameter either has a default or is optional (left unbound, it matches anything), so each query runs as is.
User query files may carry the same header; it is read when present.

How the library is written (so it answers on user data that was not compiled from YAML and not reasoned
over): class membership is ``?x a/rdfs:subClassOf* pk:C`` (it degrades to ``a pk:C`` when the ontology is
absent); partnership membership is ``pk:hasPartner|^pk:partnerIn``; an organisation's sector is
``pk:sector`` or the sector class it is typed with. Every SELECT has a total ORDER BY. A parameter
variable always sits in a required pattern or a FILTER, never only in an OPTIONAL or as the target of a
BIND, where binding it would not restrict the answer.

>>> q = load_query("partnerships-by-model")
>>> q.title
'Partnerships by model'
>>> [p.name for p in q.params]
['model']
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from enum import StrEnum
from functools import cache, lru_cache
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path

from partnerkg.errors import InputError, QueryError, suggestion
from partnerkg.input_files import read_input_text

#: Longest query text accepted (characters); the parser is pure Python and slows down on huge texts.
MAX_QUERY_CHARS = 200_000

_LIST_CLI = "'partnerkg query --list'"

__all__ = ["MAX_QUERY_CHARS", "Header", "LibraryQuery", "Param", "ParamType", "list_queries", "load_query",
           "parse_header", "read_query_file", "suggest"]

_NAME = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_FIELD = re.compile(r"^#\s?(Title|Question|Param|Row):\s*(.*)$")
_CONTINUATION = re.compile(r"^#\s{2,}(\S.*)$")
_PARAM = re.compile(
    r"^(?P<name>[A-Za-z_][A-Za-z0-9_]*)\s*\((?P<type>[a-z]+)(?P<optional>,\s*optional)?\)"
    r"(?:\s*=\s*(?P<default>.+?))?\s+[—–-]\s+(?P<description>.+)$"
)


class ParamType(StrEnum):
    """How a parameter value given as text becomes an RDF term."""

    ENTITY = "entity"  #: a label (rdfs:label or skos:altLabel) or an <IRI>
    STRING = "string"  #: a plain literal
    INTEGER = "integer"  #: an xsd:integer literal
    YEAR = "year"  #: an xsd:gYear literal such as 2004
    BOOLEAN = "boolean"  #: an xsd:boolean literal: true or false


@dataclass(frozen=True)
class Param:
    """A declared query parameter: its variable name, type, default (as text) and meaning."""

    name: str
    type: ParamType = ParamType.ENTITY
    default: str | None = None
    optional: bool = False
    description: str = ""


@dataclass(frozen=True)
class Header:
    """The comment header of a query file; fields are empty when absent."""

    title: str = ""
    question: str = ""
    params: tuple[Param, ...] = ()
    row: str = ""


@dataclass(frozen=True)
class LibraryQuery:
    """A named query of the library with its header and SPARQL text."""

    name: str
    header: Header
    text: str

    @property
    def title(self) -> str:
        return self.header.title

    @property
    def question(self) -> str:
        return self.header.question

    @property
    def row(self) -> str:
        return self.header.row

    @property
    def params(self) -> tuple[Param, ...]:
        return self.header.params

    @property
    def origin(self) -> str:
        """Where the query comes from, for messages: ``queries/library/NAME.rq``."""
        return f"queries/library/{self.name}.rq"


def _param(text: str, where: str) -> Param:
    m = _PARAM.match(text)
    if m is None:
        raise QueryError(f"{where}: a Param line reads 'NAME (TYPE[, optional]) [= DEFAULT] — DESCRIPTION', "
                         f"got {text!r}")
    try:
        kind = ParamType(m.group("type"))
    except ValueError:
        kinds = ", ".join(t.value for t in ParamType)
        raise QueryError(f"{where}: unknown parameter type {m.group('type')!r} — use one of {kinds}") from None
    return Param(m.group("name"), kind, m.group("default"), bool(m.group("optional")), m.group("description"))


def parse_header(text: str, origin: str = "query") -> Header:
    """Read the leading comment header of a query text (fields Title, Question, Param, Row).

    >>> parse_header("# Title: All\\n# Param: x (year) = 2004 — the year\\nSELECT * {}").params[0].default
    '2004'
    """
    fields: list[tuple[str, str, int]] = []
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.rstrip()
        if not line.startswith("#"):
            break
        if m := _FIELD.match(line):
            fields.append((m.group(1), m.group(2).strip(), number))
        elif (m := _CONTINUATION.match(line)) and fields:
            key, value, first = fields[-1]
            fields[-1] = (key, f"{value} {m.group(1).strip()}", first)
    values: dict[str, str] = {}
    params: list[Param] = []
    for key, value, number in fields:
        if key == "Param":
            param = _param(value, f"{origin}:{number}")
            if any(p.name == param.name for p in params):
                raise QueryError(f"{origin}:{number}: parameter {param.name!r} is declared twice")
            params.append(param)
        else:
            values[key] = value
    return Header(values.get("Title", ""), values.get("Question", ""), tuple(params), values.get("Row", ""))


def _library_dir() -> Traversable:
    return resources.files("partnerkg.queries").joinpath("library")


@lru_cache(maxsize=1)
def _names() -> tuple[str, ...]:
    names = [p.name[:-3] for p in _library_dir().iterdir() if p.name.endswith(".rq")]
    return tuple(sorted(n for n in names if _NAME.match(n)))


def suggest(name: str, candidates: list[str] | tuple[str, ...], n: int = 3) -> list[str]:
    """Up to ``n`` candidates closest to ``name``: close spellings first, then names containing it.

    >>> suggest("partnership-by-model", ["partnerships-by-model", "life-cycle"])
    ['partnerships-by-model']
    """
    close = difflib.get_close_matches(name, candidates, n=n, cutoff=0.6)
    within = [c for c in candidates if name and name in c and c not in close]
    return (close + within)[:n]


@cache
def load_query(name: str) -> LibraryQuery:
    """The library query ``name``; QueryError (exit 2) suggesting the closest names when there is none.

    Raises QueryError too when the file's header is malformed or lacks a Title, Question or Row.
    """
    if name not in _names():
        hint = suggest(name, _names())
        raise QueryError(
            f"unknown query {name!r}"
            + (f" — did you mean {', '.join(hint)}?" if hint else "")
            + f" ({suggestion(_LIST_CLI, 'partnerkg.queries.list_queries()', 'GET /queries')} shows them all)"
        )
    text = _library_dir().joinpath(f"{name}.rq").read_text(encoding="utf-8")
    origin = f"queries/library/{name}.rq"
    header = parse_header(text, origin)
    missing = [f for f, v in (("Title", header.title), ("Question", header.question), ("Row", header.row)) if not v]
    if missing:
        raise QueryError(f"{origin}: the header lacks {', '.join(missing)}")
    for p in header.params:
        if p.default is None and not p.optional:
            raise QueryError(f"{origin}: parameter {p.name!r} needs a default or ', optional'")
    return LibraryQuery(name, header, text)


def list_queries() -> list[LibraryQuery]:
    """Every library query, sorted by name."""
    return [load_query(n) for n in _names()]


def read_query_file(path: str | Path) -> str:
    """The text of a query file; InputError (exit 2) naming the file, and line and column where it matters,
    when it cannot be used (missing, a folder, empty, binary, not UTF-8, too big)."""
    p = Path(path)
    if not p.exists():
        raise InputError(f"{p}: no such query file — check the path")
    if p.is_dir():
        raise InputError(f"{p}: is a directory, not a query file — name a .rq file")
    text = read_input_text(p, limit=4 * MAX_QUERY_CHARS, what="a SPARQL query file",
                           too_big="shorten the query or split it into several")
    if not text.strip():
        raise InputError(f"{p}: the query file is empty — write a SPARQL query in it")
    return text
