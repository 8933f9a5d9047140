"""Reading RDF files safely: format by extension, no network, no entity expansion, clear errors.

rdflib would fetch a JSON-LD ``@context`` from the network and expand RDF/XML entities; both are refused
here before rdflib sees the file. A parse error names the file and, where the parser says, the line.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from enum import StrEnum
from pathlib import Path

from rdflib import XSD, Dataset, Graph, Literal
from rdflib.exceptions import ParserError
from rdflib.namespace import NamespaceManager

from partnerkg.errors import InputError, InvalidDataError
from partnerkg.input_files import read_input_bytes
from partnerkg.namespaces import bind_prefixes

__all__ = ["MAX_INPUT_BYTES", "RDFFormat", "check_literals", "format_for", "read_rdf", "read_rdf_bytes"]

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
        known = ", ".join(sorted(_EXTENSIONS))
        raise InputError(f"{path}: unknown RDF file extension {ext or '(none)'!r} — use one of {known}") from None


def _read_bytes(path: Path) -> bytes:
    return read_input_bytes(path, limit=MAX_INPUT_BYTES, what="an RDF file", too_big="use 'partnerkg load --store'")


_DOCTYPE = re.compile(rb"<!DOCTYPE|<!ENTITY", re.IGNORECASE)
_LINE = re.compile(r"(?:line|at line)\s*:?\s*(\d+)", re.IGNORECASE)


def _check_jsonld(data: bytes, name: str) -> None:
    """Refuse remote contexts: rdflib's JSON-LD parser would fetch them."""
    try:
        doc = json.loads(data)
    except (UnicodeDecodeError, json.JSONDecodeError) as err:
        line = getattr(err, "lineno", None)
        raise InputError(f"{name}{':' + str(line) if line else ''}: not valid JSON-LD ({err})") from err

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

    walk(doc)


def read_rdf_bytes(data: bytes, fmt: RDFFormat, name: str, into: Graph | None = None) -> Graph:
    """Parse ``data`` into ``into`` (or a new Dataset); ``name`` is used in error messages."""
    if not data.strip():
        raise InputError(f"{name}: the file is empty — expected {fmt.name} RDF")
    if b"\x00" in data[:65536]:
        raise InputError(f"{name}: binary data, not {fmt.name} RDF text")
    if fmt is RDFFormat.RDFXML and _DOCTYPE.search(data):
        raise InputError(f"{name}: RDF/XML with a <!DOCTYPE> or entity declaration is refused (entity expansion "
                         "and external entities are unsafe) — remove the DOCTYPE")
    if fmt is RDFFormat.JSONLD:
        _check_jsonld(data, name)
    staging = Dataset(default_union=True)
    try:
        staging.parse(data=data, format=fmt.value, publicID=f"file:///{Path(name).name}")
    except (ParserError, SyntaxError, ValueError, KeyError, TypeError, UnicodeDecodeError) as err:
        text = str(err).strip().splitlines()
        msg = text[-1] if text else type(err).__name__
        m = _LINE.search(str(err))
        where = f"{name}:{m.group(1)}" if m else name
        raise InputError(f"{where}: {fmt.name} syntax error: {msg[:400]}") from err
    except Exception as err:  # the XML and JSON-LD parsers raise their own exception types
        raise InputError(f"{name}: cannot be parsed as {fmt.name}: {str(err)[:400]}") from err
    return _merge(staging, into)


def _merge(staged: Dataset, into: Graph | None) -> Graph:
    """Add every quad of ``staged`` to ``into`` (named graphs kept where ``into`` is a Dataset)."""
    if into is None:
        return staged
    if isinstance(into, Dataset):
        into.addN(staged.quads((None, None, None, None)))
    else:
        for t in staged:
            into.add(t)
    return into


def read_rdf(paths: str | Path | Iterable[str | Path], into: Graph | None = None) -> Graph:
    """Read one or more RDF files into ``into`` (or a new Dataset, named graphs kept) and return it.

    Raises InputError (exit 2) for a missing, unreadable, empty or malformed file, naming the file and
    line; nothing is added to ``into`` unless every file parses.
    """
    items = [paths] if isinstance(paths, (str, Path)) else list(paths)
    # every file is parsed before anything reaches ``into``, so a bad file leaves it untouched
    parsed = [read_rdf_bytes(_read_bytes(Path(p)), format_for(p), str(p)) for p in items]
    if into is None and len(parsed) == 1:
        return parsed[0]
    target = into if into is not None else Dataset(default_union=True)
    for ds in parsed:
        _merge(ds, target)
    return target


_GYEAR = re.compile(r"^-?[0-9]{4,}(Z|[+-][0-9]{2}:[0-9]{2})?$")


def _ill_typed(lit: Literal) -> bool:
    # rdflib accepts any xsd:gYear lexical form unless owlrl (imported or not) has patched its converter,
    # so the gYear check is done here, the same way whatever else is loaded.
    if lit.datatype == XSD.gYear:
        return not _GYEAR.match(str(lit))
    return bool(getattr(lit, "ill_typed", False))


def check_literals(graph: Graph, name: str = "data") -> None:
    """Raise InvalidDataError (exit 1) listing ill-typed literals, e.g. "twenty"^^xsd:integer."""
    bad = [(s, p, o) for s, p, o in graph if isinstance(o, Literal) and _ill_typed(o)]
    if bad:
        nm = NamespaceManager(Graph(), bind_namespaces="none")
        bind_prefixes(nm)
        lines = [
            f"{s.n3(nm)} {p.n3(nm)} {o.n3(nm)}: not a valid {o.datatype.n3(nm)}"
            + (' — write a year such as "2004"' if o.datatype == XSD.gYear else "")
            for s, p, o in bad[:20]
        ]
        more = f"\n  … and {len(bad) - 20} more" if len(bad) > 20 else ""
        raise InvalidDataError(f"{name}: {len(bad)} ill-typed literal(s):\n  " + "\n  ".join(lines) + more)
