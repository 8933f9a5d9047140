"""Reading RDF files safely: format by extension, no network, no entity expansion, clear errors.

rdflib would fetch a JSON-LD ``@context`` from the network and expand RDF/XML entities; both are refused
here before rdflib sees the file. Every error names the file, the line and column where there is one, and
what to do: a syntax error (located by Oxigraph in Turtle, N-Triples, N-Quads and TriG, whose messages are
precise), text that is not UTF-8, binary data, an invalid IRI (rdflib only logs those), a file whose content
is another format than its extension says. Those exit 2; an ill-typed literal such as "twenty"^^xsd:gYear
exits 1 (:func:`check_literals`).
"""

from __future__ import annotations

import json
import logging
import re
import sys
from collections.abc import Iterable
from enum import StrEnum
from pathlib import Path
from urllib.parse import quote

from rdflib import XSD, Dataset, Graph, Literal
from rdflib.namespace import NamespaceManager
from rdflib.term import Node

from partnerkg._compat import rdflib_jsonld
from partnerkg.errors import InputError, InvalidDataError
from partnerkg.input_files import check_utf8, decode_utf8, line_and_column, read_input_bytes
from partnerkg.namespaces import bind_prefixes

__all__ = [
    "MAX_INPUT_BYTES",
    "RDF_MEDIA_TYPES",
    "RDFFormat",
    "check_file_start",
    "check_literals",
    "format_for",
    "is_ill_typed",
    "is_ill_typed_form",
    "read_rdf",
    "read_rdf_bytes",
    "silenced_term_warnings",
]

#: Largest single input file partnerkg reads into memory (bigger stores go through ``load --store``).
MAX_INPUT_BYTES = 2 * 1024**3


class RDFFormat(StrEnum):
    """RDF serialisations partnerkg reads and writes; values are rdflib's format names."""

    TURTLE = "turtle"
    NTRIPLES = "nt"
    NQUADS = "nquads"
    TRIG = "trig"
    JSONLD = "json-ld"
    RDFXML = "xml"

    @property
    def has_graphs(self) -> bool:
        """True for formats that carry named graphs."""
        return self in (RDFFormat.NQUADS, RDFFormat.TRIG, RDFFormat.JSONLD)

    @property
    def label(self) -> str:
        """The format's usual name, for messages: Turtle, N-Triples, N-Quads, TriG, JSON-LD, RDF/XML."""
        return {"turtle": "Turtle", "nt": "N-Triples", "nquads": "N-Quads", "trig": "TriG", "json-ld": "JSON-LD",
                "xml": "RDF/XML"}[self.value]


#: RDF media types (as servers send them in Content-Type) and the format each means.
RDF_MEDIA_TYPES = {
    "application/n-triples": RDFFormat.NTRIPLES,
    "text/plain": RDFFormat.NTRIPLES,
    "text/turtle": RDFFormat.TURTLE,
    "application/x-turtle": RDFFormat.TURTLE,
    "application/rdf+xml": RDFFormat.RDFXML,
    "application/ld+json": RDFFormat.JSONLD,
    "application/n-quads": RDFFormat.NQUADS,
    "application/trig": RDFFormat.TRIG,
}


_EXTENSIONS = {
    ".ttl": RDFFormat.TURTLE,
    ".turtle": RDFFormat.TURTLE,
    ".nt": RDFFormat.NTRIPLES,
    ".ntriples": RDFFormat.NTRIPLES,
    ".nq": RDFFormat.NQUADS,
    ".nquads": RDFFormat.NQUADS,
    ".trig": RDFFormat.TRIG,
    ".jsonld": RDFFormat.JSONLD,
    ".json": RDFFormat.JSONLD,
    ".rdf": RDFFormat.RDFXML,
    ".owl": RDFFormat.RDFXML,
    ".xml": RDFFormat.RDFXML,
}


def format_for(path: str | Path) -> RDFFormat:
    """The RDF format of a file, from its extension; InputError for an unknown one."""
    ext = Path(path).suffix.lower()
    try:
        return _EXTENSIONS[ext]
    except KeyError:
        if ext in (".csv", ".tsv", ".xlsx", ".xlsm"):
            raise InputError(f"{path}: a spreadsheet, not an RDF file — turn it into RDF with 'partnerkg import "
                             f"{Path(path).name} --output FILE.ttl'") from None
        known = ", ".join(sorted(_EXTENSIONS))
        raise InputError(f"{path}: unknown RDF file extension {ext or '(none)'!r} — use one of {known}") from None


def _read_bytes(path: Path) -> bytes:
    return read_input_bytes(path, limit=MAX_INPUT_BYTES, what="an RDF file", too_big="use 'partnerkg load --store'")


_DOCTYPE = re.compile(rb"<!DOCTYPE|<!ENTITY", re.IGNORECASE)
_LINE = re.compile(r"(?:line|at line)\s*:?\s*(\d+)", re.IGNORECASE)
_OX_LOCATION = re.compile(r"^Parser error (?:at line (\d+) (?:between columns (\d+) and \d+|column (\d+))"
                          r"|between line (\d+) column (\d+) and line \d+ column \d+)[^:]*:\s*")
#: Leading bytes of files that are not RDF text, and what to do with them.
_MAGIC = {
    b"\x1f\x8b": "gzip-compressed — decompress it first (gunzip)",
    b"PK\x03\x04": "a zip archive (an XLSX workbook?) — spreadsheets go through 'partnerkg import'",
    b"%PDF": "a PDF document — name an RDF text file",
    b"\xd0\xcf\x11\xe0": "an old Microsoft Office document — name an RDF text file",
}
#: Text-based formats Oxigraph parses too: used to locate syntax errors by line and column.
_LOCATABLE = {RDFFormat.TURTLE: "TURTLE", RDFFormat.NTRIPLES: "N_TRIPLES", RDFFormat.NQUADS: "N_QUADS",
              RDFFormat.TRIG: "TRIG"}
_BAD_IRI = re.compile(r"^(?P<iri>.*) does not look like a valid URI, trying to serialize this will break\.$", re.DOTALL)
_BAD_IRI_CHARS = '<>" {}|\\^`'
#: How much of a file's start is checked for binary data.
_HEAD = 65536


def _sniff(data: bytes) -> RDFFormat | None:
    """The format the first bytes of ``data`` suggest, when they clearly suggest one."""
    head = data[:2048].lstrip(b"\xef\xbb\xbf \t\r\n")
    if head.startswith((b"{", b"[")):
        return RDFFormat.JSONLD
    if head.startswith((b"<?xml", b"<rdf:RDF", b"<RDF")):
        return RDFFormat.RDFXML
    if re.match(rb"(?i)(@prefix|@base|prefix\s|base\s)", head):
        return RDFFormat.TURTLE
    if re.match(rb"(<[^>\s]*>|_:\S+)\s+<[^>\s]*>\s", head):
        return RDFFormat.NTRIPLES
    return None


def _hint(data: bytes, fmt: RDFFormat, name: str) -> str:
    """What to do about a file that does not parse: fix it there, or rename it if it holds another format."""
    sniffed = _sniff(data)
    ext = Path(name).suffix.lower()
    if sniffed is not None and sniffed is not fmt and not (
            sniffed is RDFFormat.NTRIPLES and fmt in (RDFFormat.TURTLE, RDFFormat.NQUADS, RDFFormat.TRIG)) and not (
            sniffed is RDFFormat.TURTLE and fmt is RDFFormat.TRIG):
        wanted = next(e for e, f in _EXTENSIONS.items() if f is sniffed)
        return (f"the extension {ext or '(none)'} says {fmt.label}, but the file looks like {sniffed.label}: "
                f"rename it to {wanted}")
    return "correct the file there and run again"


def _excerpt(data: bytes, line: int, column: int | None) -> str:
    """The offending line (shortened) with a caret under the column, indented; '' when out of range."""
    start = 0
    for _ in range(line - 1):
        start = data.find(b"\n", start) + 1
        if start == 0:
            return ""
    end = data.find(b"\n", start, start + 100_000)
    text = data[start:end if end >= 0 else start + 100_000].decode("utf-8", errors="replace").rstrip("\r")
    col = max(1, column or 1)
    first = max(0, col - 60)
    shown = ("…" if first else "") + text[first:first + 100] + ("…" if len(text) > first + 100 else "")
    pad = col - first - 1 + (1 if first else 0)
    shown = "".join(c if c.isprintable() else "\ufffd" for c in shown)
    return f"\n  {shown}" + (f"\n  {' ' * pad}^" if column else "")


def _oxigraph_error(data: bytes, fmt: RDFFormat, name: str) -> tuple[int, int, str] | None:
    """(line, column, message) of the first syntax error Oxigraph finds, or None when it finds none."""
    if fmt not in _LOCATABLE:
        return None
    import pyoxigraph as ox

    try:
        for _ in ox.parse(data, format=getattr(ox.RdfFormat, _LOCATABLE[fmt]), base_iri=_base(name)):
            pass
    except SyntaxError as err:
        text = str(err.msg or err)
        m = _OX_LOCATION.match(text)
        if m is None:
            return None
        if m.group(4):  # a token over several lines (an unterminated long string): where it starts
            return int(m.group(4)), int(m.group(5)), text[m.end():]
        return int(m.group(1)), int(m.group(2) or m.group(3) or 1), text[m.end():]  # 1-based
    except (OSError, ValueError):
        return None
    return None


def _rdflib_location(err: BaseException) -> tuple[int | None, int | None, str]:
    """(line, column, message) from one of rdflib's parser exceptions (line and column when it says)."""
    from rdflib.plugins.parsers.notation3 import BadSyntax

    if isinstance(err, BadSyntax):
        # the column and reason live only in BadSyntax's private fields (rdflib has no public API for them)
        raw, offset, why = getattr(err, "_str", None), getattr(err, "_i", None), getattr(err, "_why", None)
        if isinstance(raw, bytes) and isinstance(offset, int):
            text = raw.decode("utf-8", errors="replace")
            return err.lines + 1, offset - text.rfind("\n", 0, offset), str(why)
        return err.lines + 1, None, str(why if why is not None else err)
    get_line = getattr(err, "getLineNumber", None)  # xml.sax.SAXParseException
    if callable(get_line):
        return get_line(), err.getColumnNumber() + 1, err.getMessage()  # type: ignore[attr-defined]
    lines = [line for line in str(err).strip().splitlines() if line.strip()]
    msg = lines[-1] if lines else type(err).__name__
    m = _LINE.search(str(err))
    return (int(m.group(1)) if m else None), None, msg


def _syntax_error(data: bytes, fmt: RDFFormat, name: str, err: BaseException) -> InputError:
    """One clear message for a file that does not parse: file, line and column, the problem, what to do."""
    if fmt is not RDFFormat.RDFXML:  # an XML declaration may name another encoding
        check_utf8(data, name)  # raises the not-UTF-8 message, with its line and column
    found = _oxigraph_error(data, fmt, name)
    line, column, msg = found if found is not None else _rdflib_location(err)
    msg = " ".join(msg.split())[:300]
    where = f"{name}:{line}:{column}" if line and column else f"{name}:{line}" if line else name
    excerpt = _excerpt(data, line, column) if line else ""
    return InputError(f"{where}: {fmt.label} syntax error: {msg} — {_hint(data, fmt, name)}{excerpt}")


def _check_start(head: bytes, fmt: RDFFormat, name: str, *, whole: bool) -> None:
    """Refuse an empty file (when ``head`` is the ``whole`` file) and binary data, from the first bytes."""
    if whole and not head.strip():
        raise InputError(f"{name}: the file is empty (a {fmt.label} file was expected) — check that you named the "
                         "right file")
    for magic, what in _MAGIC.items():
        if head.startswith(magic):
            raise InputError(f"{name}: not {fmt.label} text but {what}")
    nul = head.find(b"\x00", 0, _HEAD)
    if nul >= 0:
        line, column = line_and_column(head, nul)
        raise InputError(f"{name}:{line}:{column}: binary data (a NUL byte), not {fmt.label} text — name an RDF "
                         "text file (.ttl .nt .nq .trig .jsonld .rdf)")


def check_file_start(path: Path, fmt: RDFFormat) -> None:
    """InputError (exit 2) when ``path`` is empty, compressed, a zip or PDF, or binary, judged from its first
    64 KB; for readers that stream a file to a parser that would only report a confusing syntax error."""
    with path.open("rb") as fh:
        head = fh.read(_HEAD + 1)
    _check_start(head[:_HEAD], fmt, str(path), whole=len(head) <= _HEAD)


def _check_text(data: bytes, fmt: RDFFormat, name: str) -> None:
    """Refuse what is not worth parsing: an empty file, binary data, DOCTYPEs, remote JSON-LD contexts."""
    _check_start(data, fmt, name, whole=True)
    if fmt is RDFFormat.RDFXML and (m := _DOCTYPE.search(data)):
        line, column = line_and_column(data, m.start())
        raise InputError(f"{name}:{line}:{column}: RDF/XML with a <!DOCTYPE> or entity declaration is refused "
                         "(entity expansion and external entities are unsafe) — remove the DOCTYPE")
    if fmt is RDFFormat.JSONLD:
        _check_jsonld(data, name)


#: An escape naming a surrogate code point in Turtle, N-Triples, N-Quads or TriG text.
_SURROGATE_ESCAPE = re.compile(rb"\\(?:u[dD][89a-fA-F][0-9a-fA-F]{2}|U0000[dD][89a-fA-F][0-9a-fA-F]{2})")
#: A JSON escape of a high surrogate not followed by a low one, or of a low one not after a high one.
_JSON_LONE_SURROGATE = re.compile(rb"\\u[dD][89abAB][0-9a-fA-F]{2}(?!\\u[dD][c-fC-F][0-9a-fA-F]{2})"
                                  rb"|(?<![0-9a-fA-F]{2})\\u[dD][c-fC-F][0-9a-fA-F]{2}")
_SURROGATE = re.compile("[\ud800-\udfff]")
#: A JSON number longer than Python converts to an integer (``sys.get_int_max_str_digits``, 4300 by default).
_LONG_NUMBER = re.compile(rb"(?<![\w.\"])-?\d{%d,}" % (max(sys.get_int_max_str_digits(), 640) + 1))


def _check_jsonld(data: bytes, name: str) -> None:
    """Refuse remote contexts (rdflib's JSON-LD parser would fetch them), JSON nested too deeply for the
    parsers, and numbers too long to convert."""
    try:
        doc = json.loads(data)
    except UnicodeDecodeError:
        decode_utf8(data, name)
        raise
    except json.JSONDecodeError as err:
        raise InputError(f"{name}:{err.lineno}:{err.colno}: JSON-LD syntax error: not valid JSON ({err.msg}) — "
                         f"{_hint(data, RDFFormat.JSONLD, name)}{_excerpt(data, err.lineno, err.colno)}") from err
    except RecursionError as err:
        raise InputError(f"{name}: JSON-LD nested too deeply for the parser — flatten the nesting (for example, "
                         "list nodes side by side in @graph and refer to them by @id)") from err
    except ValueError as err:  # "Exceeds the limit (4300 digits) for integer string conversion"
        m = _LONG_NUMBER.search(data)
        where, excerpt, size = name, "", "number"
        if m is not None:
            line, column = line_and_column(data, m.start())
            where, excerpt = f"{name}:{line}:{column}", _excerpt(data, line, column)
            size = f"number of {len(m.group(0).lstrip(b'-'))} digits"
        raise InputError(f"{where}: a JSON-LD {size} is too long to read (the limit is {sys.get_int_max_str_digits()} "
                         'digits) — write it as a string with a datatype, such as {"@value": "123…", "@type": '
                         f'"xsd:integer"}}{excerpt}') from err

    def walk(node: object) -> None:
        if isinstance(node, dict):
            for key, value in node.items():
                if key in ("@context", "@import"):
                    for ctx in value if isinstance(value, list) else [value]:
                        if isinstance(ctx, str):
                            raise InputError(
                                f"{name}: refers to a remote JSON-LD context {ctx!r}; partnerkg never fetches "
                                "anything — inline the context object instead"
                            )
                        walk(ctx)
                else:
                    walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    try:
        walk(doc)
        lone = _JSON_LONE_SURROGATE.search(data)
        if lone is not None and _holds_surrogate(doc):
            line, column = line_and_column(data, lone.start())
            raise InputError(f"{name}:{line}:{column}: JSON-LD syntax error: the escape {lone.group(0).decode()} is a "
                             "lone surrogate, not a character — write the character itself, or both halves of its "
                             f"surrogate pair{_excerpt(data, line, column)}")
    except RecursionError as err:
        raise InputError(f"{name}: JSON-LD nested too deeply for the parser — flatten the nesting (for example, "
                         "list nodes side by side in @graph and refer to them by @id)") from err


def _holds_surrogate(node: object) -> bool:
    """Whether a string (key or value) anywhere in a parsed JSON document holds a lone surrogate."""
    if isinstance(node, str):
        return _SURROGATE.search(node) is not None
    if isinstance(node, dict):
        return any(_holds_surrogate(k) or _holds_surrogate(v) for k, v in node.items())
    if isinstance(node, list):
        return any(_holds_surrogate(item) for item in node)
    return False


class _TermWarnings(logging.Filter):
    """Collects (and silences) rdflib's warnings about invalid IRIs and ill-typed literals while a file parses.

    rdflib only logs these — an IRI with a space, "abc"^^xsd:integer, the latter with a traceback — and goes on;
    partnerkg turns them into clear errors instead.
    """

    def __init__(self) -> None:
        super().__init__()
        self.bad_iris: list[str] = []

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        m = _BAD_IRI.match(message)
        if m is not None:
            if len(self.bad_iris) < 5:
                self.bad_iris.append(m.group("iri"))
            return False
        return not message.startswith("Failed to convert Literal lexical form to value")

    def __enter__(self) -> _TermWarnings:
        logging.getLogger("rdflib.term").addFilter(self)
        return self

    def __exit__(self, *exc: object) -> None:
        logging.getLogger("rdflib.term").removeFilter(self)


def _invalid_iri_error(data: bytes, fmt: RDFFormat, name: str, iris: list[str]) -> InputError:
    iri = iris[0]
    bad = next((c for c in iri if c in _BAD_IRI_CHARS), " ")
    found = _oxigraph_error(data, fmt, name)
    if found is not None and "IRI" in found[2]:
        line, column, _msg = found
    else:
        offset = data.find(iri.encode("utf-8"))
        line, column = line_and_column(data, offset) if offset >= 0 else (0, 0)
    where = f"{name}:{line}:{column}" if line else name
    char = "a space" if bad == " " else repr(bad)
    more = f" (and {len(iris) - 1} more)" if len(iris) > 1 else ""
    excerpt = _excerpt(data, line, column) if line else ""
    return InputError(f"{where}: invalid IRI <{iri}>{more}: {char} is not allowed in an IRI — percent-encode it "
                      f"({bad!r} is %{ord(bad):02X}) or correct the IRI{excerpt}")


def _base(name: str) -> str:
    return f"file:///{quote(Path(name).name)}"


def _parse_into(data: bytes, fmt: RDFFormat, name: str, target: Dataset) -> None:
    """Parse ``data`` into ``target``; InputError naming file, line and column when it cannot be used."""
    _check_text(data, fmt, name)
    if fmt is RDFFormat.JSONLD:
        rdflib_jsonld.install()  # JSON-LD drops invalid IRIs silently: collect them to refuse the file
    with _TermWarnings() as warned, rdflib_jsonld.collecting_dropped_iris() as dropped:
        try:
            target.parse(data=data, format=fmt.value, publicID=_base(name))
        except RecursionError as err:
            raise InputError(f"{name}: {fmt.label} nested too deeply for the parser — flatten the nesting (for "
                             "example, give nested blank nodes labels)") from err
        except MemoryError:
            raise
        except Exception as err:  # the Turtle, XML and JSON-LD parsers raise many types, AssertionError included
            raise _syntax_error(data, fmt, name, err) from err
    if warned.bad_iris or dropped:
        raise _invalid_iri_error(data, fmt, name, warned.bad_iris + dropped)
    if fmt in _LOCATABLE and _SURROGATE_ESCAPE.search(data):
        # rdflib reads \uD800 as a lone surrogate, which no writer can encode; Oxigraph (and the grammar) refuse it
        found = _oxigraph_error(data, fmt, name)
        if found is not None:
            line, column, msg = found
            raise InputError(f"{name}:{line}:{column}: {fmt.label} syntax error: {msg} — write the character itself "
                             "(a character beyond U+FFFF is one \\U escape of eight digits, such as \\U0001F600, "
                             f"not a pair of \\u escapes){_excerpt(data, line, column)}")


def read_rdf_bytes(data: bytes, fmt: RDFFormat, name: str, into: Graph | None = None) -> Graph:
    """Parse ``data`` into ``into`` (or a new Dataset); ``name`` is used in error messages.

    InputError (exit 2), naming ``name``, line and column and saying what to do, for an empty or binary
    input, a syntax error, an invalid IRI, text that is not UTF-8, a DOCTYPE (RDF/XML) or a remote context
    (JSON-LD); ``into`` is untouched then. Literal values are not checked here (see :func:`read_rdf`).
    """
    staging = Dataset(default_union=True)
    _parse_into(data, fmt, name, staging)
    return _merge(staging, into)


def _merge(staged: Dataset, into: Graph | None) -> Graph:
    """Add every quad of ``staged`` to ``into`` (named graphs kept where ``into`` is a Dataset)."""
    if into is None:
        return staged
    if isinstance(into, Dataset):
        into.addN(staged.quads((None, None, None, None)))
    else:
        for t in staged.triples((None, None, None)):
            into.add(t)
    return into


def _is_empty(ds: Dataset) -> bool:
    return not any(True for _ in ds.quads((None, None, None, None)))


def _clear(ds: Dataset, graphs_before: set[Node]) -> None:
    """Remove every quad of ``ds``, and the named graphs it did not have before."""
    ds.remove((None, None, None, None))
    for g in list(ds.graphs()):
        if g.identifier not in graphs_before:
            ds.remove_graph(g)


def read_rdf(paths: str | Path | Iterable[str | Path], into: Graph | None = None) -> Graph:
    """Read one or more RDF files into ``into`` (or a new Dataset, named graphs kept) and return it.

    Raises InputError (exit 2) for a missing, unreadable, empty or malformed file (naming the file, line and
    column) and InvalidDataError (exit 1) for an ill-typed literal such as ``"twenty"^^xsd:gYear``; nothing is
    added to ``into`` unless every file is read. Every path is checked (exists, known extension) before any
    is parsed. An empty Dataset ``into`` is parsed into directly (emptied again on failure), which halves
    the time of big files.
    """
    items = [Path(p) for p in ([paths] if isinstance(paths, (str, Path)) else paths)]
    formats = [format_for(p) for p in items]
    for p in items:
        if not p.exists():
            raise InputError(f"{p}: no such file — check the path")
    direct = into is None or (isinstance(into, Dataset) and _is_empty(into))
    target = into if direct and into is not None else Dataset(default_union=True)
    assert isinstance(target, Dataset)
    graphs_before = {g.identifier for g in target.graphs()}
    try:
        for p, fmt in zip(items, formats, strict=True):
            data = _read_bytes(p)
            _parse_into(data, fmt, str(p), target)
            check_literals(target, str(p), data)  # earlier files passed already: a finding is this file's
    except BaseException:
        if direct and into is not None:
            _clear(target, graphs_before)
        raise
    return target if direct else _merge(target, into)


_GYEAR = re.compile(r"^-?[0-9]{4,}(Z|[+-][0-9]{2}:[0-9]{2})?$")


_XSD_NS = str(XSD)
# lexical forms that are certainly valid, for a fast verdict without building an rdflib Literal
_SURELY_VALID = {
    _XSD_NS + "boolean": re.compile(r"^(true|false|1|0)$"),
    _XSD_NS + "integer": re.compile(r"^[+-]?[0-9]+$"),
    _XSD_NS + "decimal": re.compile(r"^[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)$"),
}


def is_ill_typed_form(value: str, datatype: str) -> bool:
    """:func:`is_ill_typed` for a lexical form and a datatype IRI, fast for the common datatypes."""
    if datatype == _XSD_NS + "gYear":
        return not _GYEAR.match(value)
    surely = _SURELY_VALID.get(datatype)
    if surely is not None and surely.match(value):
        return False
    with _TermWarnings():
        return is_ill_typed(Literal(value, datatype=datatype))


def silenced_term_warnings() -> _TermWarnings:
    """A context in which rdflib's log lines about ill-typed literals and invalid IRIs are not printed (for
    code that reports them itself)."""
    return _TermWarnings()


def is_ill_typed(lit: Literal) -> bool:
    """Whether ``lit``'s lexical form is not valid for its datatype (``"twenty"^^xsd:gYear``)."""
    # rdflib accepts any xsd:gYear lexical form unless owlrl (imported or not) has patched its converter,
    # so the gYear check is done here, the same way whatever else is loaded.
    if lit.datatype == XSD.gYear:
        return not _GYEAR.match(str(lit))
    return bool(getattr(lit, "ill_typed", False))


def check_literals(graph: Graph, name: str = "data", data: bytes | None = None) -> None:
    """Raise InvalidDataError (exit 1) listing ill-typed literals, e.g. "twenty"^^xsd:integer.

    ``name`` starts the message; with the file's ``data`` each literal is given the line where its lexical
    form first appears.
    """
    bad = [(s, p, o) for s, p, o in graph.triples((None, None, None)) if isinstance(o, Literal) and is_ill_typed(o)]
    if bad:
        nm = NamespaceManager(Graph(), bind_namespaces="none")
        bind_prefixes(nm)

        def where(o: Literal) -> str:
            if data is None:
                return ""
            offset = data.find(json.dumps(str(o), ensure_ascii=False).encode("utf-8"))
            return f"line {line_and_column(data, offset)[0]}: " if offset >= 0 else ""

        lines = [
            f"{where(o)}{s.n3(nm)} {p.n3(nm)} {o.n3(nm)}: not a valid {o.datatype.n3(nm)}"
            + (' — write a year such as "2004"' if o.datatype == XSD.gYear else " — write a value of that type, "
               "or leave the datatype off")
            for s, p, o in bad[:20]
        ]
        more = f"\n  … and {len(bad) - 20} more" if len(bad) > 20 else ""
        raise InvalidDataError(f"{name}: {len(bad)} ill-typed literal(s):\n  " + "\n  ".join(lines) + more)
