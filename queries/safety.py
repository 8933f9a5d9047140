"""The gate every query passes before any engine sees it: read-only, local-only, fail closed.

:func:`parse_checked` parses SPARQL text with rdflib's parser and refuses

* ``SERVICE`` anywhere (also nested in OPTIONAL, UNION, GRAPH, EXISTS or subqueries, and ``SERVICE ?var``):
  engines would make HTTP requests;
* every update (``INSERT``, ``DELETE``, ``LOAD``, ``CLEAR``, ``DROP``, ``CREATE``, ``ADD``, ``MOVE``, ``COPY``);
* ``\\u``/``\\U`` escapes outside string literals, and escapes inside them that would end the string:
  rdflib expands escapes across the whole text before parsing while pyoxigraph expands them only inside
  literals and IRIs, so ``"\\u0022" } SERVICE <…> { "\\u0022"`` looks harmless to one and runs for the other;
* anything the parser cannot read, including nesting deep enough to exhaust its recursion (SERVICE within
  SERVICE does so): the message gives line and column.

``FROM`` and ``FROM NAMED`` pass: they select among the graphs the data holds (:mod:`partnerkg.queries.dataset`);
an IRI naming none selects an empty graph, and no engine ever reads one from elsewhere.

The gate checks exactly the text the engines run: :func:`check_query` returns it (:attr:`CheckedQuery.text`).
Before parsing, line ends are normalised to LF (a lone CR ends a comment for the SPARQL grammar and Oxigraph
but not for rdflib, which would hide ``# x<CR> SERVICE <…>`` from the gate), a leading byte-order mark is
dropped, and codepoint escapes are expanded as rdflib's parser expands them, so Oxigraph and remote endpoints
receive the very characters rdflib parsed (no escape is left for them to read differently).

Behind the gate, rdflib's engine never loads graphs a query names: partnerkg's engine builds the dataset from
the held graphs itself and hands rdflib no dataset clause, and it turns rdflib's graph loading off besides
(:mod:`partnerkg._compat.rdflib_sparql`, applied by the engine before it evaluates).

>>> parse_checked("SELECT ?s WHERE { ?s ?p ?o }")[1].name
'SelectQuery'
>>> parse_checked("SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }")
Traceback (most recent call last):
...
partnerkg.errors.QueryError: query: SERVICE <http://example.org/sparql> is refused: partnerkg never contacts \
other endpoints or reads other files
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from types import MethodType

from pyparsing import ParseBaseException, ParseResults
from rdflib.plugins.sparql.parser import expandUnicodeEscapes, parseQuery, parseUpdate
from rdflib.plugins.sparql.parserutils import CompValue
from rdflib.term import Identifier

from partnerkg.errors import QueryError
from partnerkg.queries.catalogue import MAX_QUERY_CHARS
from partnerkg.queries.dataset import DatasetSelection, selection_of

__all__ = [
    "MAX_QUERY_CHARS",
    "CheckedQuery",
    "canonical_text",
    "check_escapes",
    "check_query",
    "check_shared",
    "check_tree",
    "parse_checked",
    "parse_shared",
    "query_kind",
    "syntax_error",
]


_REFUSAL = "partnerkg never contacts other endpoints or reads other files"

# Tokens that matter for finding string literals as a SPARQL lexer (and pyoxigraph) sees the raw text.
_TOKEN = re.compile(
    r'"""(?:(?:"|"")?(?:[^"\\]|\\.))*"""'
    r"|'''(?:(?:'|'')?(?:[^'\\]|\\.))*'''"
    r'|"(?:[^"\\\n\r]|\\.)*"'
    r"|'(?:[^'\\\n\r]|\\.)*'"
    r"|<[^<>\"{}|^`\\\x00-\x20]*>"
    r"|#[^\n\r]*",
    re.DOTALL,
)
# rdflib's own escape rule (``parser.expandUnicodeEscapes``): case-blind, eight hex digits if there are eight,
# else four, so ``\\U0022`` and ``\\u00000022`` are expanded too (the SPARQL grammar reads neither so)
_ESCAPE = re.compile(r"\\[uU](?:([0-9A-Fa-f]{8})|([0-9A-Fa-f]{4}))?")
_LINE_END = re.compile(r"\r\n?")
_SURROGATE = re.compile("[\ud800-\udfff]")
#: Characters that, once rdflib has expanded an escape, would end or re-escape the string holding it.
_DELIMITERS = {'"', "'", "\\", "\n", "\r"}


def _string_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of every string literal in ``text``, lexed without expanding escapes."""
    spans: list[tuple[int, int]] = []
    pos = 0
    while pos < len(text):
        m = _TOKEN.match(text, pos)
        if m is None:
            pos += 1
            continue
        if m.group(0)[0] in "\"'":
            spans.append(m.span())
        pos = m.end()
    return spans


def _position(text: str, offset: int) -> tuple[int, int]:
    """1-based (line, column) of a character offset."""
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1


def check_escapes(text: str, origin: str = "query") -> None:
    """Refuse ``\\u``/``\\U`` escapes outside string literals and escapes that would end a string.

    An escape is read as rdflib reads it (eight hex digits when eight follow, else four, ``\\u`` or ``\\U``);
    one that the SPARQL grammar reads otherwise (``\\u`` with eight digits, ``\\U`` with four) is refused too,
    since engines would disagree on the characters it stands for.

    >>> check_escapes('SELECT * WHERE { ?s ?p "caf\\\\u00e9" }')
    >>> check_escapes('SELECT * WHERE { ?s ?p "\\\\u0022" }')
    Traceback (most recent call last):
    ...
    partnerkg.errors.QueryError: query:1:25: the escape \\u0022 stands for a quote or backslash inside a string; \
write the character itself
    """
    spans = _string_spans(text)
    for m in _ESCAPE.finditer(text):
        line, col = _position(text, m.start())
        if not any(start < m.start() < end for start, end in spans):
            raise QueryError(
                f"{origin}:{line}:{col}: {m.group(0)} escapes are allowed only inside string literals; write the "
                "character itself (engines disagree on escapes elsewhere, which could hide part of a query)"
            )
        eight, four = m.group(1), m.group(2)
        if (eight is not None and m.group(0)[1] == "u") or (four is not None and m.group(0)[1] == "U"):
            raise QueryError(
                f"{origin}:{line}:{col}: the escape {m.group(0)} is read differently by different SPARQL engines "
                "(\\u takes four hex digits, \\U eight); write the character itself"
            )
        code = int(eight or four, 16) if (eight or four) else None
        if code is not None and code > 0x10FFFF:
            raise QueryError(f"{origin}:{line}:{col}: the escape {m.group(0)} names no Unicode character")
        if code is not None and 0xD800 <= code <= 0xDFFF:
            raise QueryError(
                f"{origin}:{line}:{col}: the escape {m.group(0)} names a surrogate (U+{code:04X}), not a character, "
                "and no result format can carry it; write the character itself (a character beyond U+FFFF is one "
                "\\U escape of eight digits, such as \\U0001F600, not a pair of \\u escapes)"
            )
        if code is not None and chr(code) in _DELIMITERS:
            raise QueryError(
                f"{origin}:{line}:{col}: the escape {m.group(0)} stands for a quote or backslash inside a string; "
                "write the character itself"
            )


def canonical_text(text: str, origin: str = "query") -> str:
    """The text that the gate parses and every engine runs: LF line ends, no leading byte-order mark, escapes
    expanded as rdflib expands them (after :func:`check_escapes` has approved them).

    >>> canonical_text('SELECT * WHERE { ?s ?p "caf\\\\u00e9" } # x\\r SERVICE <urn:x> {}')
    'SELECT * WHERE { ?s ?p "café" } # x\\n SERVICE <urn:x> {}'
    """
    text = _LINE_END.sub("\n", text.removeprefix("\ufeff"))
    lone = _SURROGATE.search(text)
    if lone is not None:  # only Python strings can hold one: files and HTTP bodies are strict UTF-8
        line, col = _position(text, lone.start())
        raise QueryError(f"{origin}:{line}:{col}: the text holds a lone surrogate (U+{ord(lone.group(0)):04X}), "
                         "which is not a character and which no result format can carry; remove it")
    check_escapes(text, origin)
    expanded = expandUnicodeEscapes(text)
    if expandUnicodeEscapes(expanded) != expanded:  # rdflib's parser expands once more: it must change nothing
        raise QueryError(f"{origin}: escapes that spell out other escapes are refused; write the characters "
                         "themselves")
    return expanded


def syntax_error(text: str, err: ParseBaseException, origin: str = "query") -> QueryError:
    """A QueryError quoting the parser's message with line, column and the offending line."""
    message = re.sub(r"\s*\(at char \d+\), \(line:\d+, col:\d+\)\s*$", "", str(err)) or err.msg
    line_text = err.line if len(err.line) <= 200 else err.line[:200] + "…"
    caret = " " * (min(err.col, 201) - 1) + "^"
    return QueryError(f"{origin}:{err.lineno}:{err.col}: SPARQL syntax error: {message}\n  {line_text}\n  {caret}")


def _walk(node: object) -> Iterator[CompValue]:
    if isinstance(node, CompValue):
        yield node
        for value in node.values():
            yield from _walk(value)
    elif isinstance(node, (ParseResults, list, tuple)):
        for item in node:
            yield from _walk(item)
    elif isinstance(node, dict):
        for value in node.values():
            yield from _walk(value)


def _show(term: object) -> str:
    """An IRI, variable or prefixed name of the parse tree as written."""
    if isinstance(term, Identifier):
        return term.n3()
    if isinstance(term, CompValue) and term.name == "pname":
        return f"{term.get('prefix') or ''}:{term.get('localname') or ''}"
    return str(term)


def check_tree(tree: ParseResults, origin: str = "query") -> None:
    """Refuse a parse tree holding SERVICE anywhere (QueryError)."""
    for node in _walk(tree):
        if node.name == "ServiceGraphPattern":
            raise QueryError(f"{origin}: SERVICE {_show(node['term'])} is refused: {_REFUSAL}")


def _update_name(text: str) -> str | None:
    """The first operation's keyword when ``text`` parses as a SPARQL update, else None."""
    try:
        request = parseUpdate(text).get("request")
    except Exception:
        return None
    for op in request or []:
        if isinstance(op, CompValue):
            return re.sub(r"(?<=[a-z])(?=[A-Z])", " ", op.name).upper().replace("MODIFY", "DELETE/INSERT")
    return "update"


@dataclass(frozen=True)
class CheckedQuery:
    """A query that passed the gate: ``text`` is what every engine runs, ``tree`` rdflib's parse of it,
    ``dataset`` the graphs its ``FROM`` and ``FROM NAMED`` select (None without them)."""

    text: str
    tree: ParseResults
    dataset: DatasetSelection | None = None

    @property
    def form(self) -> str:
        """``SelectQuery``, ``AskQuery``, ``ConstructQuery`` or ``DescribeQuery``."""
        return str(self.tree[1].name)

    @property
    def kind(self) -> str:
        """``SELECT``, ``ASK``, ``CONSTRUCT`` or ``DESCRIBE``."""
        return self.form.removesuffix("Query").upper()


def check_query(text: str, origin: str = "query") -> CheckedQuery:
    """Parse a SPARQL query and refuse anything that could reach outside or change data.

    Returns the text engines must run (:func:`canonical_text`) with rdflib's parse tree of it. Raises
    QueryError (exit code 2) naming ``origin`` and, for syntax errors, the line and column.

    >>> check_query("ASK { ?s ?p ?o } # no line feed\\r").text
    'ASK { ?s ?p ?o } # no line feed\\n'
    """
    if len(text) > MAX_QUERY_CHARS:
        raise QueryError(f"{origin}: the query has {len(text)} characters, over the limit of {MAX_QUERY_CHARS} — "
                         "shorten it or split it into several queries")
    text = canonical_text(text, origin)
    try:
        tree = parseQuery(text)
    except ParseBaseException as err:
        op = _update_name(text)
        if op is not None:
            raise QueryError(f"{origin}: {op} is refused: queries are read-only (SPARQL updates are not run)") from err
        raise syntax_error(text, err, origin) from err
    except RecursionError as err:
        raise QueryError(
            f"{origin}: the query is nested too deeply for the SPARQL parser (so are very long runs of triple "
            "patterns, and SERVICE within SERVICE); split it up"
        ) from err
    except Exception as err:
        raise QueryError(f"{origin}: the query cannot be parsed ({type(err).__name__}: {err})") from err
    check_tree(tree, origin)
    return CheckedQuery(text, tree, selection_of(tree, origin))


def query_kind(text: str, origin: str = "query") -> str:
    """``SELECT``, ``ASK``, ``CONSTRUCT`` or ``DESCRIBE``, for a query that passes the gate (QueryError else).

    >>> query_kind("PREFIX x: <urn:x#> CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }")
    'CONSTRUCT'
    """
    return check_query(text, origin).kind


def parse_checked(text: str, origin: str = "query") -> ParseResults:
    """rdflib's parse tree of a query that passed the gate (:func:`check_query`), a copy of its own for a reader
    that rewrites it (rdflib's compiler and engine do); QueryError otherwise.

    The text is parsed once (:func:`check_shared`) and each caller gets a copy: copying takes milliseconds,
    where parsing a long query again takes a few hundred (the diagnosis queries: 0.3 s).

    >>> first, second = parse_checked("ASK { ?s ?p ?o }"), parse_checked("ASK { ?s ?p ?o }")
    >>> first[1] is not second[1] and repr(first) == repr(second)
    True
    """
    try:
        return _copied(check_shared(text, origin).tree)  # type: ignore[return-value]
    except _NamedResults:
        return check_query(text, origin).tree


class _NamedResults(Exception):
    """A parse tree with named results, which :func:`_copied` does not copy (rdflib's grammar names none)."""


def _copied(node: object) -> object:
    """A copy of a parse tree: its CompValues (of their own class: an ``Expr`` stays one, its ``_evalfn`` bound
    to the copy) and lists new, its terms and strings (immutable) shared."""
    if isinstance(node, CompValue):
        copy = type(node)(node.name)
        for name, attribute in vars(node).items():
            if isinstance(attribute, MethodType) and attribute.__self__ is node:
                attribute = MethodType(attribute.__func__, copy)
            copy.__dict__[name] = attribute
        for key, value in dict.items(node):
            copy[key] = _copied(value)
        return copy
    if isinstance(node, ParseResults):
        if node.haskeys():
            raise _NamedResults
        return ParseResults([_copied(child) for child in node])
    if isinstance(node, list):
        return [_copied(child) for child in node]
    return node


@lru_cache(maxsize=256)
def check_shared(text: str, origin: str = "query") -> CheckedQuery:
    """:func:`check_query` once per text, for readers that never modify the tree (the gate costs 30–90 ms;
    rdflib's engine rewrites the trees it evaluates, so it gets a fresh one). A refusal is not remembered."""
    return check_query(text, origin)


def parse_shared(text: str, origin: str = "query") -> ParseResults:
    """:func:`parse_checked` once per text (:func:`check_shared`), for readers that never modify the tree."""
    return check_shared(text, origin).tree
