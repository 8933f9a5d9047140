"""The bad-input matrix (issue 10): every class of bad input against every entry point that reads it.

Each row is one class of input; it runs against every command that reads that kind of input and checks the
exit code of decisions.md (1 read but invalid, 2 unusable, 0 for inputs that are valid after all), a
one-screen message naming the file (and line and column where there is one) and saying what to do, no
traceback without ``--debug``, and that a failure wrote nothing: the working folder, an existing build
output and an existing store are unchanged byte for byte.

Rows a fix outside this suite's files would make pass are ``xfail(strict=True)`` with the reason: remove
the mark when the fix lands. Inputs are made once per session; every in-process run has a deadline, so a
hang fails its row instead of the suite.
"""

from __future__ import annotations

import csv
import io
import os
import re
import shutil
import signal
import subprocess
import sys
import unicodedata
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner, Result
from rdflib import RDFS

from partnerkg.cli import cli
from partnerkg.rdf_files import read_rdf

ONE_SCREEN = 24
#: Seconds any one in-process run may take before its row fails (generous: a loaded 2-core machine).
DEADLINE = 120.0
PREFIXES = ("@prefix ex: <http://example.org/> .\n@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .\n"
            "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n")
COUNT_QUERY = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }\n"
LONG_LIST = 100_000
DEEP_LIST = 1_000


# ---- running a command ------------------------------------------------------------------------------------


class Overtime(BaseException):
    """Raised by the deadline's alarm; a BaseException, so the CLI's own error handling cannot swallow it."""


@contextmanager
def deadline(seconds: float) -> Iterator[None]:
    """Fail the test (instead of hanging the suite) when the block runs longer than ``seconds``."""

    def fire(_signum: int, _frame: object) -> None:
        raise Overtime

    previous = signal.signal(signal.SIGALRM, fire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    except Overtime:
        pytest.fail(f"did not finish within {seconds:.0f} s")
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def invoke(args: list[str | Path], *, stdin: str | None = None, seconds: float = DEADLINE) -> Result:
    """``partnerkg ARGS`` in-process (stdout and stderr together, as a user sees them)."""
    with deadline(seconds):
        return CliRunner().invoke(cli, [str(a) for a in args], input=stdin)


def tree(folder: Path) -> dict[str, bytes | None]:
    """Every file and folder under ``folder`` with its bytes (None for folders): the 'nothing changed' check."""
    return {str(p.relative_to(folder)): (p.read_bytes() if p.is_file() else None) for p in sorted(folder.rglob("*"))}


def check_failure(result: Result, exit_code: int, message: str, path: Path | str) -> None:
    """The exit code, the message (a regex, ``{path}`` standing for the file's path), one screen, no traceback."""
    output = result.output
    assert result.exit_code == exit_code, output
    assert "Traceback" not in output, output
    assert re.search(message.replace("{path}", re.escape(str(path))), output), output
    if exit_code:
        assert len(output.strip().splitlines()) <= ONE_SCREEN, output
        assert output.lstrip().startswith(("error: ", "Usage: ")), output


# ---- inputs, made once ------------------------------------------------------------------------------------


def _names_csv(names: list[str]) -> bytes:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(["name", "sector"])
    writer.writerows([name, "private"] for name in names)
    return buf.getvalue().encode("utf-8")


#: Names in many scripts; all valid, all must come back exactly as written.
NAMES = [
    "Café Ørsted Łódź Straße",              # accents
    "مؤسسة الأمل الخيرية",                  # Arabic, right to left
    "שותפות הבריאות",                       # Hebrew, right to left
    "Mixed \u200fRTL\u200e marks",           # explicit direction marks
    "Партнёрство «Здоровье»",                # Cyrillic
    "Συνεργασία Υγείας",                     # Greek
    "健康合作伙伴",                           # Chinese
    "स्वास्थ्य साझेदारी",                       # Devanagari (combining vowel signs)
    "ความร่วมมือด้านสุขภาพ",                   # Thai
    "Partner 🤝 Trust 👩‍👩‍👧 🏴󠁧󠁢󠁳󠁣󠁴󠁿",            # emoji: ZWJ sequence, tag sequence
    unicodedata.normalize("NFC", "Crème Brûlée Ltd"),
    "Quotes \"'<b>&amp;</b> {{7*7}}",
]
NFD_NAME = unicodedata.normalize("NFD", "Crème Brûlée Ltd")
#: The same scripts, with the combining marks decomposed (NFD) instead.
NAMES_NFD = [NFD_NAME if n == unicodedata.normalize("NFC", NFD_NAME) else n for n in NAMES]


def _xlsx(path: Path, rows: list[list[object]], *, merge: str | None = None, extra: bool = False) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "organisations"
    for row in rows:
        sheet.append(row)
    if merge:
        sheet.merge_cells(merge)
    if extra:
        book.create_sheet("notes").append(["not data"])
        book.create_sheet("Sheet3")
    book.save(path)


@pytest.fixture(scope="session")
def inputs(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Every input file of the matrix, in one folder."""
    d = tmp_path_factory.mktemp("bad-inputs")
    text = {
        "empty.ttl": "",
        "latin1.ttl": PREFIXES + 'ex:a rdfs:label "Café" .\n',
        "data.txt": PREFIXES + "ex:a ex:b ex:c .\n",
        "orgs-as-rdf.csv": "name,sector\nFoo,private\n",
        "turtle.jsonld": PREFIXES + "ex:a ex:b ex:c .\n",
        "truncated.ttl": PREFIXES + "ex:a ex:b ex:c .\nex:d ex:e \"unfinished",
        "truncated.rdf": '<?xml version="1.0"?>\n<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">\n'
                         '<rdf:Description rdf:about="http://example.org/a">\n<ex',
        "truncated.jsonld": '{"@id": "http://example.org/a",\n "http://example.org/p": "x"',
        "iri.ttl": PREFIXES + "ex:a ex:b <http://example.org/a b> .\n",
        "iri.rdf": '<?xml version="1.0"?>\n<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" '
                   'xmlns:ex="http://example.org/">\n<rdf:Description rdf:about="http://example.org/a b">'
                   "<ex:p>x</ex:p></rdf:Description></rdf:RDF>\n",
        # JSON-LD readers drop a node whose IRI has a space without a word; partnerkg refuses the file
        "iri.jsonld": '{"@context": {"ex": "http://example.org/"},\n "@graph": [{"@id": "ex:ok", "ex:p": "x"},\n'
                      '  {"@id": "http://example.org/a b", "ex:p": "y"}]}\n',
        "language.ttl": PREFIXES + 'ex:a rdfs:label "x"@en_GB .\n',
        "language.nt": '<http://example.org/a> <http://www.w3.org/2000/01/rdf-schema#label> "x"@123 .\n',
        "year.ttl": PREFIXES + 'ex:a ex:year "twenty"^^xsd:gYear .\n',
        "integer.ttl": PREFIXES + 'ex:a ex:n "abc"^^xsd:integer .\n',
        "big-literal.ttl": PREFIXES + 'ex:a rdfs:comment "' + "x" * (10 * 1024 * 1024) + '" .\n',
        "long-list.ttl": PREFIXES + "ex:a ex:list (" + " ".join(map(str, range(LONG_LIST))) + ") .\n",
        "deep-list.ttl": PREFIXES + "ex:a ex:list (" + " ".join(map(str, range(DEEP_LIST))) + ") .\n",
        # queries
        "empty.rq": "",
        "truncated.rq": "SELECT * WHERE {\n  ?s ?p ?o .\n  FILTER(?o = \n",
        "too-long.rq": "SELECT * WHERE { ?s ?p ?o } #" + "x" * 210_000,
        "nested.rq": "SELECT * WHERE " + "{ " * 500 + "?s ?p ?o" + " }" * 500,
        "patterns200.rq": "SELECT * WHERE {\n" + "".join(f"?s <http://example.org/p{i}> ?o{i} .\n" for i in range(200))
                          + "}",
        "patterns.rq": "SELECT * WHERE {\n" + "".join(f"?s{i} <http://example.org/p> ?o{i} .\n" for i in range(5000))
                       + "}",
        "alternatives.rq": "SELECT * WHERE { ?s ?p ?o FILTER(" + " || ".join(f"?o = {i}" for i in range(400))
                           + ") }",
        "count.rq": COUNT_QUERY,
        # YAML sources of the graph
        "truncated.yaml": "entities:\n  - id: organisation/x\n    label: 'unclosed\n",
        "latin1.yaml": "entities:\n  - id: organisation/x\n    label: Café\n",
    }
    for name, body in text.items():
        (d / name).write_bytes(body.encode("cp1252" if name.startswith("latin1") else "utf-8"))
    binary = bytes(range(256)) * 16
    for name in ("binary.ttl", "binary.rq", "binary.yaml"):
        (d / name).write_bytes(binary)
    (d / "gzip.ttl").write_bytes(b"\x1f\x8b\x08\x00" + binary)
    (d / "latin1.rq").write_bytes('SELECT * WHERE { ?s ?p "café" }'.encode("cp1252"))
    for name in ("folder.ttl", "folder.csv", "folder.rq", "folder.yaml"):
        (d / name).mkdir()
    # spreadsheets
    sheets = {
        "bom.csv": "\ufeffname,sector\nCafé Trust,private\n".encode(),
        "cp1252.csv": "name,sector\nCafé Trust,private\n".encode("cp1252"),
        "undecodable.csv": b"name,sector\nCaf\x81 Trust,private\n",
        "semicolons.csv": "name;sector;region\nCafé Trust;private;London\n".encode(),
        "newlines.csv": 'name,sector\n"Café\nTrust",private\n'.encode(),
        "nul.csv": b"name,sector\nCaf\x00 Trust,private\n",
        "quote.csv": b'name,sector\n"Caf Trust,private\nOther,private\n',
        "control.csv": b"name,sector\nCaf\x07 Trust,private\n",
        "empty.csv": b"",
        "binary.csv": binary,
        "workbook.csv": b"PK\x03\x04" + binary,
        "orgs.ods": b"PK\x03\x04" + binary,
        "orgs.ttl": PREFIXES.encode(),
        "damaged.xlsx": b"PK\x03\x04" + binary,
        "names.csv": _names_csv(NAMES),
        "nfd.csv": _names_csv([NFD_NAME]),
        "nfc-and-nfd.csv": _names_csv([unicodedata.normalize("NFC", NFD_NAME), NFD_NAME]),
        "orgs.csv": b"name,sector\nFoo Trust,private\n",
    }
    for name, body in sheets.items():
        (d / name).write_bytes(body)
    _xlsx(d / "formula.xlsx", [["name", "sector"], ["Formula Trust", '=LOWER("PRIVATE")']])
    _xlsx(d / "merged.xlsx", [["name", "sector"], ["Merged Trust", "private"], [None, None]], merge="A2:A3")
    _xlsx(d / "merged-header.xlsx", [["name", "sector"], ["Merged Trust", "private"]], merge="A1:B1")
    _xlsx(d / "extra-sheets.xlsx", [["name", "sector"], ["Extra Trust", "private"]], extra=True)
    _xlsx(d / "names.xlsx", [["name", "sector"], *([n, "private"] for n in NAMES_NFD)])
    return d


@pytest.fixture(scope="session")
def store_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A small store made by 'partnerkg load' (without the shipped graph, to be quick)."""
    folder = tmp_path_factory.mktemp("store-template")
    (folder / "tiny.nt").write_text("<http://example.org/a> <http://example.org/b> <http://example.org/c> .\n")
    result = invoke(["load", folder / "tiny.nt", "--store", folder / "store", "--no-shipped", "--quiet"])
    assert result.exit_code == 0, result.output
    return folder / "store"


@pytest.fixture
def work(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, inputs: Path) -> Path:
    """The current folder of a run: an earlier build output and the inputs commands need besides the bad one."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "partnerkg.ttl").write_text("# an earlier build\n")
    shutil.copy(inputs / "count.rq", tmp_path / "count.rq")
    shutil.copy(inputs / "orgs.csv", tmp_path / "orgs.csv")
    return tmp_path


# ---- RDF inputs × every command that reads RDF ------------------------------------------------------------

#: Command line of each entry point for an RDF file F, run in the work folder W; the outputs it would write.
RDF_COMMANDS: dict[str, Callable[[Path, Path], list[str | Path]]] = {
    # build and export without the shipped graph: the same reader, and valid rows take seconds, not tens
    "build": lambda f, w: ["build", "--output", w / "out", "--data", f, "--no-shipped", "--no-owl", "--no-maps"],
    "validate": lambda f, w: ["validate", f, "--no-owl"],
    "query": lambda f, w: ["query", w / "count.rq", "--data", f],
    "map": lambda f, w: ["map", "--data", f, "--output", w / "map.html"],
    "analyse": lambda f, w: ["analyse", "--data", f],
    "export": lambda f, w: ["export", "--data", f, "--no-shipped", "--output", w / "export.ttl"],
    "load": lambda f, w: ["load", f, "--store", w / "store", "--quiet"],
    "import": lambda f, w: ["import", w / "orgs.csv", "--data", f, "--output", w / "imported.ttl"],
}
OUTPUTS = {"map": "map.html", "export": "export.ttl", "import": "imported.ttl"}


@dataclass(frozen=True)
class Case:
    """One row: an input file, the exit code, the message (a regex; ``{path}`` is the file's path)."""

    name: str
    file: str
    exit_code: int
    message: str
    commands: tuple[str, ...] = tuple(RDF_COMMANDS)
    #: command -> (exit code, message) where that command's reader words it differently
    overrides: dict[str, tuple[int, str]] = field(default_factory=dict)
    #: command -> reason the row fails there today (xfail, strict)
    failing: dict[str, str] = field(default_factory=dict)
    seconds: float = DEADLINE
    #: quads 'load' adds to the small store (valid rows)
    quads: int = 0


SYNTAX_HINT = "correct the file there and run again"
RDF_CASES = [
    Case("missing-file", "missing.ttl", 2, r"{path}: no such file — check the path"),
    Case("directory", "folder.ttl", 2, r"{path}: is a directory — name an RDF file",
         overrides={"load": (2, r"File '{path}' is a directory")}),
    Case("empty-file", "empty.ttl", 2, r"{path}: the file is empty \(a Turtle file was expected\) — check that you"),
    Case("binary-garbage", "binary.ttl", 2, r"{path}:1:1: binary data \(a NUL byte\), not Turtle text — name an RDF"),
    Case("compressed", "gzip.ttl", 2, r"{path}: not Turtle text but gzip-compressed — decompress it first"),
    Case("not-utf8", "latin1.ttl", 2, r"{path}:4:21: not UTF-8 text \(byte \d+ is 0xE9\) — save the file as UTF-8",
         overrides={"load": (2, r"{path}:4:\d+: syntax error: Invalid UTF-8")}),
    Case("unknown-extension", "data.txt", 2, r"{path}: unknown RDF file extension '\.txt' — use one of \.json"),
    Case("spreadsheet-as-rdf", "orgs-as-rdf.csv", 2,
         r"{path}: a spreadsheet, not an RDF file — turn it into RDF with 'partnerkg import"),
    Case("extension-mismatch", "turtle.jsonld", 2, r"{path}:1:1: JSON-LD syntax error: not valid JSON .* the "
         r"extension \.jsonld says JSON-LD, but the file looks like Turtle: rename it to \.ttl"),
    Case("truncated-turtle", "truncated.ttl", 2,
         r"{path}:5:11: Turtle syntax error: Unexpected end of file — " + SYNTAX_HINT,
         overrides={"load": (2, r"{path}:5:11: syntax error: Unexpected end of file — correct the file there and "
                                r"load again")}),
    Case("truncated-rdfxml", "truncated.rdf", 2, r"{path}:4:\d+: RDF/XML syntax error: unclosed token — "
         + SYNTAX_HINT),
    Case("truncated-jsonld", "truncated.jsonld", 2,
         r"{path}:2:\d+: JSON-LD syntax error: not valid JSON \(Expecting ',' delimiter\) — " + SYNTAX_HINT),
    Case("invalid-iri", "iri.ttl", 2, r"{path}:4:11: invalid IRI <http://example\.org/a b>: a space is not allowed "
         r"in an IRI — percent-encode it \(' ' is %20\)",
         overrides={"load": (2, r"{path}:4:11: syntax error: Invalid IRI code point ' '")}),
    Case("invalid-iri-rdfxml", "iri.rdf", 2, r"{path}:3:\d+: invalid IRI <http://example\.org/a b>: a space"),
    Case("invalid-iri-jsonld", "iri.jsonld", 2, r"{path}:3:12: invalid IRI <http://example\.org/a b>: a space"),
    Case("bad-language-tag", "language.ttl", 2,
         r"{path}:4:23: Turtle syntax error: Unexpected character 'G' — " + SYNTAX_HINT,
         overrides={"load": (2, r"{path}:4:23: syntax error: Unexpected character 'G'")}),
    Case("bad-language-tag-ntriples", "language.nt", 2,
         r"{path}:1:\d+: N-Triples syntax error: A language code should always start with a letter",
         overrides={"load": (2, r"{path}:1:\d+: syntax error: A language code should always start with a letter")}),
    Case("ill-typed-year", "year.ttl", 1, r"{path}: 1 ill-typed literal\(s\):\n  line 4: <http://example\.org/a> "
         r"<http://example\.org/year> \"twenty\"\^\^xsd:gYear: not a valid xsd:gYear — write a year such as \"2004\""),
    Case("ill-typed-integer", "integer.ttl", 1, r"{path}: 1 ill-typed literal\(s\):\n  line 4: .*\"abc\"\^\^"
         r"xsd:integer: not a valid xsd:integer — write a value of that type"),
    # valid after all: accepted, whole
    Case("10MB-literal", "big-literal.ttl", 0, "", quads=1),
    # 207,000 triples: rdflib takes 15-30 s per command to read them here (validate 65 s, query 27 s, analyse 14 s
    # measured), so the long list runs against the Oxigraph loader and one rdflib reader; DEEP_LIST below is
    # the same shape at every command.
    Case("100k-item-list", "long-list.ttl", 0, "", commands=("load", "analyse"), quads=2 * LONG_LIST + 1),
    Case("deep-list", "deep-list.ttl", 0, "", seconds=6, quads=2 * DEEP_LIST + 1),
]


def _rdf_params() -> list[object]:
    params = []
    for case in RDF_CASES:
        for command in case.commands:
            marks = [pytest.mark.xfail(strict=True, reason=case.failing[command])] if command in case.failing else []
            params.append(pytest.param(case, command, id=f"{case.name}-{command}", marks=marks))
    return params


@pytest.mark.parametrize(("case", "command"), _rdf_params())
def test_rdf_input(case: Case, command: str, inputs: Path, work: Path, store_template: Path) -> None:
    path = inputs / case.file
    if command == "load":
        shutil.copytree(store_template, work / "store")
    before = tree(work)
    result = invoke(RDF_COMMANDS[command](path, work), seconds=case.seconds)
    exit_code, message = case.overrides.get(command, (case.exit_code, case.message))
    check_failure(result, exit_code, message, path)
    if exit_code:
        assert tree(work) == before, "a failed command changed the working folder, the old output or the store"
    elif command in OUTPUTS:
        assert (work / OUTPUTS[command]).stat().st_size > 0
    elif command == "load":
        assert f"{case.quads:,} quads added" in result.output


def test_big_literal_arrives_whole(inputs: Path, work: Path) -> None:
    result = invoke(["export", "--no-shipped", "--data", inputs / "big-literal.ttl", "--format", "ntriples",
                     "--output", work / "big.nt"])
    assert result.exit_code == 0, result.output
    assert ('"' + "x" * (10 * 1024 * 1024) + '"').encode() in (work / "big.nt").read_bytes()


def test_debug_shows_the_traceback(inputs: Path, work: Path) -> None:
    result = invoke(["--debug", "query", work / "count.rq", "--data", inputs / "truncated.ttl"])
    assert result.exit_code == 2
    assert "Traceback" in result.output
    assert f"{inputs / 'truncated.ttl'}:5:11: Turtle syntax error" in result.output


def test_library_warnings_are_one_line(work: Path) -> None:
    """rdflib logs a traceback for every ill-typed literal it makes, here one a query computes; the CLI shows
    one line. (A real process: the query may run in a child process, whose output the in-process runner
    does not see.)"""
    (work / "strdt.rq").write_text('PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>\n'
                                   'SELECT ?x WHERE { BIND(STRDT("abc", xsd:integer) AS ?x) }\n')
    proc = subprocess.run([sys.executable, "-m", "partnerkg", "query", "strdt.rq", "--format", "csv"], cwd=work,
                          capture_output=True, text=True, timeout=180)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.split() == ["x", "abc"]
    assert proc.stderr.strip().splitlines() == [
        "warning: a value is not a valid <http://www.w3.org/2001/XMLSchema#integer> (an ill-typed literal); it is "
        "kept as text"]


def test_a_bad_file_among_good_ones_adds_nothing(inputs: Path, work: Path) -> None:
    (work / "good.trig").write_text("<http://example.org/g> { <http://example.org/a> <http://example.org/b> 1 . }\n")
    from rdflib import Dataset

    ds = Dataset(default_union=True)
    with pytest.raises(Exception, match="Unexpected end of file"):
        read_rdf([work / "good.trig", inputs / "truncated.ttl"], into=ds)
    assert len(ds) == 0
    assert [str(g.identifier) for g in ds.graphs()] == ["urn:x-rdflib:default"]


def test_input_files_examples() -> None:
    import doctest

    import partnerkg.input_files

    result = doctest.testmod(partnerkg.input_files)
    assert result.failed == 0 and result.attempted > 0


# ---- query texts ------------------------------------------------------------------------------------------

QUERY_OWNER = "queries/ (not this suite's file)"


@dataclass(frozen=True)
class QueryCase:
    """A query file (and, for texts, the same text on standard input), the exit code and message."""

    name: str
    file: str
    exit_code: int
    message: str
    stdin: bool = True
    failing: str | None = None
    seconds: float = DEADLINE
    options: tuple[str, ...] = ()


QUERY_CASES = [
    QueryCase("missing-file", "missing.rq", 2, r"{path}: no such query file — check the path", stdin=False),
    QueryCase("directory", "folder.rq", 2, r"{path}: is a directory, not a query file — name", stdin=False),
    QueryCase("empty-file", "empty.rq", 2, r"{path}: the query file is empty — ", stdin=False),
    QueryCase("binary-garbage", "binary.rq", 2, r"{path}:1:\d+: .*(binary|not UTF-8).* — ", stdin=False),
    QueryCase("not-utf8", "latin1.rq", 2, r"{path}:1:\d+: not UTF-8 text .* — save the file as UTF-8", stdin=False),
    QueryCase("truncated", "truncated.rq", 2, r"{path}:3:3: SPARQL syntax error: Expected SelectQuery"),
    QueryCase("too-long", "too-long.rq", 2, r"{path}: the query has 210029 characters, over the limit of 200000"
              r" — "),
    QueryCase("deeply-nested", "nested.rq", 2, r"{path}: the query is nested too deeply .* split it up"),
    QueryCase("long-run-of-patterns", "patterns.rq", 2, r"{path}: the query is nested too deeply .* split it up"),
    # valid, 7 kB: refused (a documented limit) like any group of more than 84 triple patterns or 36 nested groups
    QueryCase("200-triple-patterns", "patterns200.rq", 0, r"\(0 rows\)", stdin=False,
              failing=f"{QUERY_OWNER}: safety.parse_checked refuses it as 'nested too deeply': rdflib's grammar "
                      "recurses once per triple pattern and the default recursion limit (1000) allows 84 patterns in "
                      "a group and 36 nested groups; parse in a thread with a larger stack and recursion limit"),
    # 400 alternatives in one FILTER (5 kB): rdflib tries them one by one for every triple (~20 s; 2,000: 90 s)
    QueryCase("long-filter", "alternatives.rq", 2, r"error: the query ran over --timeout 2 s: .* raise --timeout",
              seconds=40, stdin=False, options=("--timeout", "2")),
]


def _query_params() -> list[object]:
    params = []
    for case in QUERY_CASES:
        marks = [pytest.mark.xfail(strict=True, reason=case.failing)] if case.failing else []
        for via in ("file", "stdin") if case.stdin else ("file",):
            params.append(pytest.param(case, via, id=f"{case.name}-{via}", marks=marks))
    return params


@pytest.mark.parametrize(("case", "via"), _query_params())
def test_query_text(case: QueryCase, via: str, inputs: Path, work: Path) -> None:
    path = inputs / case.file
    before = tree(work)
    if via == "file":
        result = invoke(["query", path, *case.options], seconds=case.seconds)
        check_failure(result, case.exit_code, case.message, path)
    else:
        result = invoke(["query", "-"], stdin=path.read_text(encoding="utf-8"), seconds=case.seconds)
        check_failure(result, case.exit_code, case.message, "<stdin>")
    assert tree(work) == before


# ---- spreadsheets -----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class SheetCase:
    """A spreadsheet for 'partnerkg import': the exit code, the message and, when it imports, the labels."""

    name: str
    file: str
    exit_code: int
    message: str
    labels: tuple[str, ...] = ()


SHEET_CASES = [
    SheetCase("missing-file", "missing.csv", 2, r"{path}: no such file — check the path"),
    SheetCase("directory", "folder.csv", 2, r"{path}: is a directory — name a \.csv or \.xlsx file"),
    SheetCase("empty-file", "empty.csv", 2, r"{path}: the file is empty — fill in a template"),
    SheetCase("binary-garbage", "binary.csv", 2, r"{path}:1:1: holds NUL bytes \(first at byte 1\), so it is not "
              r"CSV text — save the spreadsheet as 'CSV UTF-8"),
    SheetCase("workbook-named-csv", "workbook.csv", 2, r"{path}: this is an XLSX workbook .* — name it \.xlsx"),
    SheetCase("wrong-extension-ods", "orgs.ods", 2, r"{path}: \.ods files are not read — save the workbook as "
              r"\.xlsx"),
    SheetCase("wrong-extension-rdf", "orgs.ttl", 2, r"{path}: unknown spreadsheet extension '\.ttl' — use \.csv"),
    SheetCase("damaged-xlsx", "damaged.xlsx", 2, r"{path}: (not an XLSX workbook|a damaged).* — "),
    SheetCase("byte-order-mark", "bom.csv", 0, "imported 1 organisation", ("Café Trust",)),
    SheetCase("cp1252", "cp1252.csv", 0, r"warning: {path}: not UTF-8 \(byte 0xE9 on line 2\); read as "
              r"Windows-1252, which gives 'Café Trust,private' — if that looks wrong, save the file as 'CSV UTF-8'",
              ("Café Trust",)),
    SheetCase("not-even-cp1252", "undecodable.csv", 2, r"{path}:2:4: neither UTF-8 nor Windows-1252 text \(byte 16 "
              r"is 0x81\) — save it as 'CSV UTF-8', or pass --encoding"),
    SheetCase("semicolons", "semicolons.csv", 0, "imported 1 organisation", ("Café Trust", "London")),
    SheetCase("embedded-newline", "newlines.csv", 0, "imported 1 organisation", ("Café\nTrust",)),
    SheetCase("nul-bytes", "nul.csv", 2, r"{path}:2:4: holds NUL bytes \(first at byte 16\), so it is not CSV text"
              r" — save the spreadsheet as 'CSV UTF-8"),
    SheetCase("unclosed-quote", "quote.csv", 2, r"{path}:2: broken CSV .* — check the quotes in that row"),
    SheetCase("control-character", "control.csv", 1, r"{path}:2:A \(name\): 'Caf\\x07 Trust' — character 4 is "
              r"U\+0007 .* — delete that character"),
    SheetCase("xlsx-formula", "formula.xlsx", 1, r"{path}\[organisations\]:2:B \(sector\): '=LOWER\(\"PRIVATE\"\)'"
              r" — a formula where a value belongs — replace it with its value"),
    SheetCase("xlsx-merged-cells", "merged.xlsx", 1, r"{path}\[organisations\]:2:A \(name\): .* merged cells A2:A3 —"
              r" unmerge them"),
    SheetCase("xlsx-merged-header", "merged-header.xlsx", 1, r"{path}\[organisations\]!A1:B1: merged cells in the "
              r"header — unmerge them"),
    SheetCase("xlsx-extra-sheets", "extra-sheets.xlsx", 0, r"note: {path}: ignored sheet\(s\) 'notes', 'Sheet3'",
              ("Extra Trust",)),
    SheetCase("names-in-every-script-csv", "names.csv", 0, "imported 12 organisation", tuple(NAMES)),
    SheetCase("names-in-every-script-xlsx", "names.xlsx", 0, "imported 12 organisation", tuple(NAMES_NFD)),
    SheetCase("combining-marks-nfd", "nfd.csv", 0, "imported 1 organisation", (NFD_NAME,)),
    SheetCase("same-name-nfc-and-nfd", "nfc-and-nfd.csv", 1, r"{path}:3:A \(name\): .* — the same organisation as "
              r"{path} row 2 .* — keep one row per name"),
]


@pytest.mark.parametrize("case", [pytest.param(c, id=c.name) for c in SHEET_CASES])
def test_spreadsheet(case: SheetCase, inputs: Path, work: Path) -> None:
    path = inputs / case.file
    before = tree(work)
    result = invoke(["import", path, "--no-shipped", "--output", work / "imported.ttl"])
    check_failure(result, case.exit_code, case.message, path)
    if case.exit_code:
        assert tree(work) == before
        return
    labels = {str(o) for o in read_rdf(work / "imported.ttl").objects(None, RDFS.label)}
    assert set(case.labels) <= labels  # exactly as written: NFD stays NFD, marks and newlines stay


EXTENSIONS = {"turtle": "ttl", "ntriples": "nt", "nquads": "nq", "trig": "trig", "jsonld": "jsonld", "rdfxml": "rdf"}


@pytest.mark.parametrize("fmt", list(EXTENSIONS))
def test_names_in_every_script_round_trip(fmt: str, inputs: Path, work: Path) -> None:
    """Imported names come back byte for byte from every export format (NFC and NFD kept apart)."""
    for name in ("names.csv", "nfd.csv"):
        assert invoke(["import", inputs / name, "--no-shipped", "-o", work / f"{name}.ttl"]).exit_code == 0
    out = work / f"all.{EXTENSIONS[fmt]}"
    result = invoke(["export", "--no-shipped", "--data", work / "names.csv.ttl", "--data", work / "nfd.csv.ttl",
                     "--format", fmt, "--output", out])
    assert result.exit_code == 0, result.output
    labels = {str(o) for o in read_rdf(out).objects(None, RDFS.label)}
    assert {*NAMES, NFD_NAME} <= labels


# ---- YAML sources of the graph (python -m partnerkg.graph SEEDS FILE.yaml) ---------------------------------

YAML_CASES = [
    ("missing-file", "missing.yaml", r"{path}: no such file — check the path"),
    ("directory", "folder.yaml", r"{path}: is a directory — name a YAML source file"),
    ("binary-garbage", "binary.yaml", r"{path}:1:1: holds NUL bytes, so it is binary data, not text — name a YAML"),
    ("not-utf8", "latin1.yaml", r"{path}:3:15: not UTF-8 text \(byte \d+ is 0xE9\) — save the file as UTF-8"),
    ("truncated", "truncated.yaml", r"{path}:\d+:\d+: YAML syntax error: .* — correct the YAML there"),
]


@pytest.mark.parametrize(("file", "message"), [pytest.param(f, m, id=n) for n, f, m in YAML_CASES])
def test_yaml_source(file: str, message: str, inputs: Path, work: Path,
                     capsys: pytest.CaptureFixture[str]) -> None:
    from partnerkg.graph.__main__ import main

    path = inputs / file
    with deadline(DEADLINE):
        code = main([str(work), str(path)])
    err = capsys.readouterr().err
    assert code == 2, err
    assert re.search(message.replace("{path}", re.escape(str(path))), err), err
    assert "Traceback" not in err and len(err.strip().splitlines()) <= ONE_SCREEN


# ---- in a real process ------------------------------------------------------------------------------------

SUBPROCESS_CASES = [
    ("build-missing", ["build", "--output", "{work}/out", "--data", "{inputs}/missing.ttl"], 2,
     "{inputs}/missing.ttl: no such file"),
    ("query-truncated", ["query", "{work}/count.rq", "--data", "{inputs}/truncated.ttl"], 2,
     "{inputs}/truncated.ttl:5:11: Turtle syntax error"),
    ("import-undecodable", ["import", "{inputs}/undecodable.csv", "--output", "{work}/x.ttl"], 2,
     "neither UTF-8 nor Windows-1252"),
    ("serve-binary", ["serve", "--port", "0", "--data", "{inputs}/binary.ttl"], 2, "binary data"),
]


@pytest.mark.parametrize(("args", "exit_code", "expected"),
                         [pytest.param(a, c, e, id=n) for n, a, c, e in SUBPROCESS_CASES])
def test_in_a_real_process(args: list[str], exit_code: int, expected: str, inputs: Path, work: Path) -> None:
    fill = {"work": str(work), "inputs": str(inputs)}
    before = tree(work)
    proc = subprocess.run([sys.executable, "-m", "partnerkg", *(a.format(**fill) for a in args)], cwd=work,
                          capture_output=True, text=True, timeout=180, env={**os.environ, "COLUMNS": "120"})
    assert proc.returncode == exit_code, proc.stdout + proc.stderr
    assert expected.format(**fill) in proc.stderr
    assert "Traceback" not in proc.stdout + proc.stderr
    assert len(proc.stderr.strip().splitlines()) <= ONE_SCREEN
    assert tree(work) == before
