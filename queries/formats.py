"""Writing query results: the W3C SPARQL 1.1 result formats, a table for people, and RDF.

* JSON (SPARQL 1.1 Query Results JSON Format), XML (SPARQL Query Results XML Format) and TSV (SPARQL 1.1
  Query Results CSV and TSV Formats) keep every RDF term exactly: IRIs, blank nodes, literals with their
  language tag or datatype (an explicit ``xsd:string`` included).
* CSV (same specification) writes IRIs, literals' lexical forms and ``_:label`` blank nodes, quoting per
  RFC 4180, lines ending CRLF; by design it drops datatypes and language tags. A literal that a spreadsheet
  program would run as a formula (it starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return and is
  not a plain number) is written with a leading apostrophe (:func:`partnerkg.interop.cells.neutralise`;
  :func:`~partnerkg.interop.cells.restore` reads it back), and a cell holding ``;`` is quoted too, for
  programs that split CSV at semicolons.
* CSV and TSV carry SELECT results only, as their specification says; ASK goes to JSON, XML or the table.
* CONSTRUCT and DESCRIBE results are RDF: Turtle, N-Triples, JSON-LD (``json``) or RDF/XML (``xml``),
  written by :func:`partnerkg.interop.export.serialise` (deterministic, canonical blank nodes); the table lists
  their triples.
"""

from __future__ import annotations

import io
import json
import re
from collections.abc import Iterable, Iterator, Sequence
from enum import StrEnum
from typing import TYPE_CHECKING

from rdflib import BNode, Literal, URIRef
from rdflib.term import Identifier
from rich import box
from rich.console import Console
from rich.table import Table
from rich.text import Text

from partnerkg.errors import OutputError, QueryError
from partnerkg.interop.cells import neutralise
from partnerkg.interop.export import canonical, serialise
from partnerkg.namespaces import PREFIXES
from partnerkg.rdf_files import RDFFormat

if TYPE_CHECKING:  # the result imports these writers for QueryResult.serialize
    from partnerkg.queries.result import QueryResult

__all__ = ["ResultFormat", "compact", "format_result", "iter_csv", "iter_json", "iter_rows", "iter_tsv", "iter_xml",
           "to_csv", "to_json", "to_table", "to_tsv", "to_xml"]

SPARQL_RESULTS_NS = "http://www.w3.org/2005/sparql-results#"


class ResultFormat(StrEnum):
    """Output formats of ``partnerkg query``."""

    TABLE = "table"
    CSV = "csv"
    TSV = "tsv"
    JSON = "json"
    XML = "xml"
    TURTLE = "turtle"
    NTRIPLES = "ntriples"


def _label(node: BNode, labels: dict[BNode, str]) -> str:
    """A blank-node label valid in every format and unique within one result (kept when it is valid)."""
    if node not in labels:
        taken = set(labels.values())
        text = str(node)
        if not re.fullmatch(r"[A-Za-z][A-Za-z0-9]*", text) or text in taken:
            n = len(labels)
            while f"b{n}" in taken:
                n += 1
            text = f"b{n}"
        labels[node] = text
    return labels[node]


def _require_select(result: QueryResult, fmt: str) -> None:
    if result.type != "SELECT":
        raise QueryError(f"{fmt} carries SELECT results only (SPARQL 1.1 CSV and TSV formats); "
                         f"write this {result.type} result as table, json or xml"
                         + (", turtle or ntriples" if result.graph is not None else ""))


# ---- JSON ---------------------------------------------------------------------------------------------


def _json_term(term: Identifier, labels: dict[BNode, str]) -> dict[str, str]:
    kind = type(term)  # the exact types first: isinstance on rdflib's classes costs 0.5 µs
    if kind is URIRef or (kind is not Literal and isinstance(term, URIRef)):
        return {"type": "uri", "value": str(term)}
    if kind is not Literal and isinstance(term, BNode):
        return {"type": "bnode", "value": _label(term, labels)}
    assert isinstance(term, Literal)
    out = {"type": "literal", "value": str(term)}
    language = term.language
    if language:
        out["xml:lang"] = language
    else:
        datatype = term.datatype
        if datatype is not None:
            out["datatype"] = str(datatype)
    return out


def to_json(result: QueryResult) -> bytes:
    """SPARQL 1.1 Query Results JSON (SELECT or ASK), UTF-8."""
    if result.type == "ASK":
        doc: dict[str, object] = {"head": {}, "boolean": bool(result.askAnswer)}
        return (json.dumps(doc, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
    return "".join(iter_json(result.vars, result.rows)).encode("utf-8")


_JSON_STRING = json.encoder.encode_basestring  # what json.dumps(ensure_ascii=False) writes a string with
_JSON_ROW, _JSON_TERM = " " * 6, " " * 10


def _json_row(names: tuple[str, ...], row: Sequence[Identifier | None], labels: dict[BNode, str]) -> str:
    """One binding of the bindings list, exactly as ``json.dumps(..., indent=2)`` lays it out in the document."""
    parts = []
    for name, term in zip(names, row, strict=True):
        if term is None:
            continue
        fields = [f'{_JSON_TERM}"{k}": {_JSON_STRING(v)}' for k, v in _json_term(term, labels).items()]
        parts.append(f"        {name}: {{\n" + ",\n".join(fields) + "\n        }")
    if not parts:
        return _JSON_ROW + "{}"
    return _JSON_ROW + "{\n" + ",\n".join(parts) + "\n" + _JSON_ROW + "}"


def iter_json(variables: Sequence[str], rows: Iterable[Sequence[Identifier | None]]) -> Iterator[str]:
    """SPARQL 1.1 Query Results JSON of a SELECT, piece by piece as ``rows`` come: the same text as
    :func:`to_json` (two-space indentation), whose pieces these are."""
    head = json.dumps({"head": {"vars": list(variables)}, "results": {"bindings": []}}, ensure_ascii=False,
                      indent=2) + "\n"
    before, _, after = head.partition('"bindings": []')
    yield before + '"bindings": ['
    names = tuple(_JSON_STRING(v) for v in variables)
    labels: dict[BNode, str] = {}
    first = True
    for row in rows:
        yield ("\n" if first else ",\n") + _json_row(names, row, labels)
        first = False
    yield ("]" if first else "\n    ]") + after


# ---- XML ----------------------------------------------------------------------------------------------

_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def _xml_escape(text: str, attribute: bool = False) -> str:
    """Escape for XML 1.0 content or a double-quoted attribute; CR (and TAB, LF in attributes) as
    character references so that parsers' line-end and attribute normalisation keep them."""
    bad = _NOT_XML.search(text)
    if bad and 0xD800 <= ord(bad.group(0)) <= 0xDFFF:
        raise QueryError(f"the result holds a lone surrogate (U+{ord(bad.group(0)):04X}), which is not a character "
                         "and which no result format can carry")
    if bad:
        raise QueryError(f"the value {text[:40]!r} holds U+{ord(bad.group(0)):04X}, which XML cannot carry; "
                         "write the result as json or tsv")
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\r", "&#13;")
    if attribute:
        text = text.replace('"', "&quot;").replace("\t", "&#9;").replace("\n", "&#10;")
    return text


def _xml_term(term: Identifier, labels: dict[BNode, str]) -> str:
    if type(term) is URIRef or isinstance(term, URIRef):
        return f"<uri>{_xml_escape(str(term))}</uri>"
    if isinstance(term, BNode):
        return f"<bnode>{_xml_escape(_label(term, labels))}</bnode>"
    assert isinstance(term, Literal)
    if term.language:
        attr = f' xml:lang="{_xml_escape(term.language, True)}"'
    elif term.datatype is not None:
        attr = f' datatype="{_xml_escape(str(term.datatype), True)}"'
    else:
        attr = ""
    return f"<literal{attr}>{_xml_escape(str(term))}</literal>"


def to_xml(result: QueryResult) -> bytes:
    """SPARQL Query Results XML Format (SELECT or ASK), UTF-8."""
    if result.type == "ASK":
        lines = [_XML_DECLARATION, f'<sparql xmlns="{SPARQL_RESULTS_NS}">', "  <head/>",
                 f"  <boolean>{'true' if result.askAnswer else 'false'}</boolean>", "</sparql>"]
        return ("\n".join(lines) + "\n").encode("utf-8")
    return "".join(iter_xml(result.vars, result.rows)).encode("utf-8")


_XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>'


def iter_xml(variables: Sequence[str], rows: Iterable[Sequence[Identifier | None]]) -> Iterator[str]:
    """SPARQL Query Results XML of a SELECT, piece by piece as ``rows`` come (the pieces of :func:`to_xml`)."""
    lines = [_XML_DECLARATION, f'<sparql xmlns="{SPARQL_RESULTS_NS}">', "  <head>"]
    lines += [f'    <variable name="{_xml_escape(v, True)}"/>' for v in variables]
    lines += ["  </head>", "  <results>"]
    yield "\n".join(lines) + "\n"
    names = [_xml_escape(v, True) for v in variables]
    labels: dict[BNode, str] = {}
    for row in rows:
        cells = [f'      <binding name="{n}">{_xml_term(t, labels)}</binding>\n'
                 for n, t in zip(names, row, strict=True) if t is not None]
        yield "    <result>\n" + "".join(cells) + "    </result>\n"
    yield "  </results>\n</sparql>\n"


# ---- CSV and TSV --------------------------------------------------------------------------------------


_CSV_QUOTED = re.compile('[",;\r\n]')


def _csv_field(text: str) -> str:
    return '"' + text.replace('"', '""') + '"' if _CSV_QUOTED.search(text) else text


def _csv_value(term: Identifier | None, labels: dict[BNode, str]) -> str:
    if term is None:
        return ""
    kind = type(term)  # the exact types first: a row of 150,000 goes through here for every cell
    if kind is URIRef:
        return str(term)
    if kind is Literal:
        return neutralise(str(term))
    if isinstance(term, BNode):
        return "_:" + _label(term, labels)
    if isinstance(term, Literal):
        return neutralise(str(term))  # no formula runs when a spreadsheet program opens the file
    return str(term)


def to_csv(result: QueryResult) -> bytes:
    """SPARQL 1.1 Query Results CSV (SELECT only): header of variable names, CRLF line ends."""
    _require_select(result, "csv")
    return "".join(iter_csv(result.vars, result.rows)).encode("utf-8")


def iter_csv(variables: Sequence[str], rows: Iterable[Sequence[Identifier | None]]) -> Iterator[str]:
    """SPARQL 1.1 Query Results CSV, one line at a time as ``rows`` come (the lines of :func:`to_csv`)."""
    labels: dict[BNode, str] = {}
    yield ",".join(_csv_field(v) for v in variables) + "\r\n"
    for row in rows:
        yield ",".join(_csv_field(_csv_value(t, labels)) for t in row) + "\r\n"


_TSV_STRING = str.maketrans({"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t"})
_IRI_UNSAFE = re.compile(r'[\x00-\x20<>"{}|^`\\]')


def _tsv_term(term: Identifier | None, labels: dict[BNode, str]) -> str:
    if term is None:
        return ""
    kind = type(term)
    if kind is URIRef or (kind is not Literal and isinstance(term, URIRef)):
        return "<" + _IRI_UNSAFE.sub(_iri_escape, str(term)) + ">"
    if kind is not Literal and isinstance(term, BNode):
        return "_:" + _label(term, labels)
    assert isinstance(term, Literal)
    text = '"' + str(term).translate(_TSV_STRING) + '"'
    language = term.language
    if language:
        return f"{text}@{language}"
    datatype = term.datatype
    if datatype is not None:
        return f"{text}^^{_tsv_term(datatype, labels)}"
    return text


def _iri_escape(m: re.Match[str]) -> str:
    return f"\\u{ord(m.group(0)):04X}"


def to_tsv(result: QueryResult) -> bytes:
    """SPARQL 1.1 Query Results TSV (SELECT only): ``?var`` header, terms in SPARQL/Turtle syntax."""
    _require_select(result, "tsv")
    return "".join(iter_tsv(result.vars, result.rows)).encode("utf-8")


def iter_tsv(variables: Sequence[str], rows: Iterable[Sequence[Identifier | None]]) -> Iterator[str]:
    """SPARQL 1.1 Query Results TSV, one line at a time as ``rows`` come (the lines of :func:`to_tsv`)."""
    labels: dict[BNode, str] = {}
    yield "\t".join(f"?{v}" for v in variables) + "\n"
    for row in rows:
        yield "\t".join(_tsv_term(t, labels) for t in row) + "\n"


# ---- for people ---------------------------------------------------------------------------------------


_NAMESPACES = [(prefix, str(ns)) for prefix, ns in PREFIXES.items()]


def compact(term: Identifier | None) -> str:
    """A short readable form: a prefixed name where a partnerkg prefix applies, a literal's text.

    >>> compact(URIRef("https://w3id.org/partnerkg/ontology#Organisation"))
    'pk:Organisation'
    >>> compact(Literal("Turning Point", lang="en"))
    'Turning Point'
    """
    if term is None:
        return ""
    if isinstance(term, BNode):
        return f"_:{term}"
    if isinstance(term, URIRef):
        for prefix, ns in _NAMESPACES:
            if term.startswith(ns) and len(term) > len(ns):
                return f"{prefix}:{term[len(ns):]}"
        return f"<{term}>"
    return str(term)


_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def _printable(text: str) -> str:
    """Text safe to print on a terminal: line ends kept, tabs as spaces, other controls shown as \\xNN."""
    text = text.replace("\r\n", "\n").replace("\t", "    ")
    return _CONTROL.sub(lambda m: f"\\x{ord(m.group(0)):02x}", text)


def to_table(result: QueryResult, width: int | None = None) -> str:
    """A plain-text table; cells wrap to ``width`` columns (None: no wrapping, one line per row)."""
    if result.type == "ASK":
        return ("true" if result.askAnswer else "false") + "\n"
    if result.graph is not None:
        graph = canonical(result.graph)
        header: tuple[str, ...] = ("subject", "predicate", "object")
        rows = sorted(tuple(_printable(compact(t)) for t in triple) for triple in graph)
        count = f"{len(rows)} triple{'' if len(rows) == 1 else 's'}"
    else:
        header = result.vars
        rows = [tuple(_printable(compact(t)) for t in row) for row in result.rows]
        count = f"{len(rows)} row{'' if len(rows) == 1 else 's'}"
    table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False, highlight=False)
    for name in header:
        table.add_column(Text(_printable(name)), overflow="fold")
    for row in rows:
        table.add_row(*(Text(cell) for cell in row))
    natural = sum(max([len(h), *(len(r[i]) for r in rows)]) + 3 for i, h in enumerate(header)) + 4
    buffer = io.StringIO()
    console = Console(file=buffer, width=width or max(natural, 20), color_system=None, force_terminal=False,
                      highlight=False, markup=False, emoji=False, soft_wrap=False)
    console.print(table)
    lines = [line.rstrip() for line in buffer.getvalue().splitlines()]
    return "\n".join(lines).rstrip("\n") + f"\n({count})\n"


# ---- dispatch -----------------------------------------------------------------------------------------

_RDF = {ResultFormat.TURTLE: RDFFormat.TURTLE, ResultFormat.NTRIPLES: RDFFormat.NTRIPLES,
        ResultFormat.JSON: RDFFormat.JSONLD, ResultFormat.XML: RDFFormat.RDFXML}


def format_result(result: QueryResult, fmt: ResultFormat | str | None = None, width: int | None = None) -> bytes:
    """Serialise ``result`` in ``fmt``; by default a table for SELECT and ASK, Turtle for graphs.

    Raises QueryError when the format cannot carry the result (CSV/TSV of ASK or of a graph, Turtle of a
    table).
    """
    if fmt is None:
        fmt = ResultFormat.TURTLE if result.graph is not None else ResultFormat.TABLE
    fmt = ResultFormat(fmt)
    try:
        return _format(result, fmt, width)
    except OutputError as err:  # what the RDF format cannot carry (a character RDF/XML forbids, say)
        raise QueryError(str(err)) from err
    except UnicodeEncodeError as err:  # a lone surrogate a caller's binding brought in (the gate refuses them)
        code = ord(err.object[err.start])
        raise QueryError(f"the result holds a lone surrogate (U+{code:04X}), which is not a character and which no "
                         "result format can carry") from err


def _format(result: QueryResult, fmt: ResultFormat, width: int | None) -> bytes:
    if fmt is ResultFormat.TABLE:
        return to_table(result, width).encode("utf-8")
    if result.graph is not None:
        if fmt not in _RDF:
            raise QueryError(f"a {result.type} result is RDF: write it as turtle, ntriples, json (JSON-LD), "
                             "xml (RDF/XML) or table")
        return serialise(result.graph, _RDF[fmt])
    if fmt is ResultFormat.JSON:
        return to_json(result)
    if fmt is ResultFormat.XML:
        return to_xml(result)
    if fmt is ResultFormat.CSV:
        return to_csv(result)
    if fmt is ResultFormat.TSV:
        return to_tsv(result)
    raise QueryError(f"a {result.type} result is a table of solutions: write it as table, csv, tsv, json or xml, "
                     f"not {fmt.value}")


_ROW_WRITERS = {ResultFormat.JSON: iter_json, ResultFormat.XML: iter_xml, ResultFormat.CSV: iter_csv,
                ResultFormat.TSV: iter_tsv}


def iter_rows(variables: Sequence[str], rows: Iterable[Sequence[Identifier | None]],
              fmt: ResultFormat | str) -> Iterator[str]:
    """A SELECT result in a W3C format (``json``, ``xml``, ``csv``, ``tsv``) piece by piece, as ``rows`` come:
    joined, exactly the text :func:`format_result` writes. Raises QueryError for another format, and, as
    the rows come, for a value the format cannot carry."""
    fmt = ResultFormat(fmt)
    if fmt not in _ROW_WRITERS:
        raise QueryError(f"{fmt.value} is not a format a SELECT result is streamed in: use json, xml, csv or tsv")
    return _ROW_WRITERS[fmt](tuple(variables), rows)
