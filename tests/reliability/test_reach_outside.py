"""No reach outside: every entry point, fed every hostile input, contacts nothing and opens nothing it was not given.

One table, ``ROWS``: entry point x hostile input. Every hostile input names a URL of its own loopback
listener, ``file:///etc/hostname`` and a secret file holding a random token. All rows but the live endpoint's
run in one fresh Python process (``audit_open.py --batch``) whose audit hook records every file opened,
connection attempted, URL requested and program started, row by row; the ``serve`` rows that need a running
endpoint query a real ``partnerkg serve`` process under the same hook (its query workers included). Each row
checks:

- the expected answer: a clear refusal naming the file (exit 2), or the documented harmless ignore
  (``owl:imports`` kept as a triple, never followed: exit 0 and the triple in the output; ``FROM`` and ``FROM
  NAMED`` of a URL or a local file select a graph the data does not hold, so an empty one: exit 0 and no row);
- the row's listener accepted no connection (this also covers pyoxigraph's Rust HTTP client, which audit
  hooks cannot see), and Python attempted no connection but to the endpoint the command was given;
- every opened path is on the short allow-list of :func:`allowed`; neither /etc/hostname nor the secret
  file was opened, and the token appears in no output, no answer and no written file;
- a refused input leaves the row's output folder empty.
"""

from __future__ import annotations

import http.client
import json
import mimetypes
import os
import signal
import subprocess
import sys
import sysconfig
import threading
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pyoxigraph as ox
import pytest
from click.testing import CliRunner

import partnerkg
import partnerkg.graph
import partnerkg.ontology
import partnerkg.queries
import partnerkg.visualise
from partnerkg.cli import cli
from partnerkg.store.load import load
from tests.interop.store_server import StoreServer
from tests.reliability.audit_open import read_log
from tests.reliability.listener import Listener
from tests.reliability.workbooks import raw_workbook

AUDIT = Path(__file__).with_name("audit_open.py")
HOSTNAME = Path("/etc/hostname")
TOKEN = f"pk-secret-{uuid.uuid4().hex}"
OWL_IMPORTS = "http://www.w3.org/2002/07/owl#imports"

# ---- the hostile inputs ------------------------------------------------------------------------------------


def _rdfxml(doctype: str, body: str) -> str:
    return ('<?xml version="1.0"?>\n' + doctype + '\n<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"'
            ' xmlns:ex="http://example.org/"><rdf:Description rdf:about="http://example.org/x">'
            f"<ex:p>{body}</ex:p></rdf:Description></rdf:RDF>\n")


def _xlsx(path: Path, url: str, secret: Path) -> None:
    """A minimal workbook whose organisations sheet declares external entities (file and network)."""
    sheet = ('<?xml version="1.0" encoding="UTF-8"?>\n'
             f'<!DOCTYPE worksheet [ <!ENTITY ext SYSTEM "file:///etc/hostname"> <!ENTITY sec SYSTEM "file://{secret}">'
             f' <!ENTITY net SYSTEM "{url}x"> ]>\n'
             '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
             '<row r="1"><c r="A1" t="inlineStr"><is><t>name</t></is></c>'
             '<c r="B1" t="inlineStr"><is><t>sector</t></is></c></row>'
             '<row r="2"><c r="A2" t="inlineStr"><is><t>&ext;&sec;&net;</t></is></c>'
             '<c r="B2" t="inlineStr"><is><t>voluntary</t></is></c></row></sheetData></worksheet>')
    raw_workbook(path, sheet)


def _entities(url: str, secret: Path) -> str:
    return (f'<!DOCTYPE rdf:RDF [ <!ENTITY ext SYSTEM "file:///etc/hostname"> <!ENTITY sec SYSTEM "file://{secret}">'
            f' <!ENTITY net SYSTEM "{url}x"> ]>')


@dataclass(frozen=True)
class Hostile:
    """A hostile data file: its name, its content for a listener URL and the secret file, and what to expect."""

    name: str
    make: Callable[[str, Path], str | bytes]
    refused: str | None  # words of the refusal; None: a harmless ignore (exit 0)


DATA: dict[str, Hostile] = {
    "jsonld-remote-context": Hostile(
        "doc.jsonld", lambda url, _: json.dumps({"@context": f"{url}ctx", "@id": "http://example.org/x",
                                                  "name": "x"}), "remote JSON-LD context"),
    "turtle-owl-imports": Hostile(
        "imports.ttl", lambda url, _: f"<http://example.org/onto> a <http://www.w3.org/2002/07/owl#Ontology> ;\n"
                                      f"    <{OWL_IMPORTS}> <{url}onto> .\n", None),
    "rdfxml-entity-http": Hostile(
        "net.rdf", lambda url, _: _rdfxml(f'<!DOCTYPE rdf:RDF [ <!ENTITY net SYSTEM "{url}x"> ]>', "&net;"),
        "DOCTYPE"),
    "rdfxml-entity-file": Hostile(
        "file.rdf", lambda url, secret: _rdfxml(_entities(url, secret), "&ext;&sec;"), "DOCTYPE"),
    # UTF-16 hides "<!DOCTYPE" from a byte search; expat would still expand the entities
    "rdfxml-utf16-entities": Hostile(
        "utf16.rdf", lambda url, secret: _rdfxml(_entities(url, secret), "&ext;&sec;&net;").replace(
            '<?xml version="1.0"?>', '<?xml version="1.0" encoding="UTF-16"?>').encode("utf-16"), ""),
    # extra rows, on one entry point each (the same reader serves every entry point)
    "jsonld-nested-remote-context": Hostile(
        "nested.jsonld", lambda url, _: json.dumps({"@context": {"ex": "http://example.org/"},
                                                    "@graph": [{"@context": [f"{url}c"], "@id": "ex:y"}]}),
        "remote JSON-LD context"),
    "rdfxml-internal-entities": Hostile(
        "laughs.rdf", lambda url, _: _rdfxml('<!DOCTYPE r [ <!ENTITY a "aaaaaaaaaa"> '
                                             '<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;"> ]>', "&b;"), "DOCTYPE"),
}
MAIN_DATA = ("jsonld-remote-context", "turtle-owl-imports", "rdfxml-entity-http", "rdfxml-entity-file",
             "rdfxml-utf16-entities")

#: Hostile queries: the text for a listener URL and the secret file, and the words of the refusal (None: the query
#: selects graphs the data does not hold, and must answer with no row, having read nothing).
QUERIES: dict[str, tuple[str, str | None]] = {
    "from-file": ("SELECT ?o FROM <file:///etc/hostname> FROM <file://{secret}> WHERE {{ ?s ?p ?o }}", None),
    "from-named-file": ("SELECT ?o FROM NAMED <file:///etc/hostname> FROM NAMED <file://{secret}> "
                        "WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }}", None),
    "from-named-http": ("SELECT * FROM NAMED <{url}> WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }}", None),
    "from-http-and-named": ("SELECT * FROM <{url}> FROM NAMED <{url}g> WHERE {{ {{ ?s ?p ?o }} UNION "
                            "{{ GRAPH ?g {{ ?s ?p ?o }} }} }}", None),
    "service-http": ("SELECT * WHERE {{ SERVICE <{url}> {{ ?s ?p ?o }} }}", "SERVICE <{url}> is refused"),
    "load-http": ("LOAD <{url}>", "LOAD"),
    # texts that rdflib's parser (the gate) and Oxigraph or a remote engine would read differently: a lone CR
    # ends a comment for the grammar but not for rdflib; rdflib reads \u with eight hex digits, the grammar four
    # (rdflib saw one long string where Oxigraph ran the SERVICE)
    "service-after-lone-cr": ("SELECT * WHERE {{ ?s ?p ?o # x\r SERVICE <{url}> {{ ?s ?p ?o }} \n }} LIMIT 1",
                              "SERVICE <{url}> is refused"),
    "from-after-lone-cr": ("SELECT * # x\r FROM <{url}> \n WHERE {{ ?s ?p ?o }}", None),
    "service-in-an-eight-digit-escape": (
        'SELECT * WHERE {{ ?s ?p "\\u00000022" . SERVICE <{url}> {{ ?s ?p ?o }} ?s ?p "\\u00000022" }}',
        "read differently"),
}

DATA_ENTRIES = ("build", "validate", "query", "import", "export", "map", "analyse", "load", "serve", "push")
QUERY_ENTRIES = ("query", "query-stdin", "query --store", "query --endpoint", "serve", "serve --store")


@dataclass(frozen=True)
class Row:
    entry: str
    hostile: str

    @property
    def id(self) -> str:
        return f"{self.entry}|{self.hostile}".replace(" ", "")

    @property
    def live(self) -> bool:
        """Whether the row needs a running endpoint (a refused --data file stops serve before it starts)."""
        return self.entry.startswith("serve") and (self.hostile in QUERIES or DATA[self.hostile].refused is None)


ROWS: list[Row] = [
    *(Row(entry, hostile) for entry in DATA_ENTRIES for hostile in MAIN_DATA),
    Row("build", "jsonld-nested-remote-context"),
    Row("validate", "rdfxml-internal-entities"),
    Row("import", "xlsx-external-entity"),
    *(Row(entry, query) for entry in QUERY_ENTRIES for query in QUERIES),
    Row("push", "endpoint-redirects"),
    Row("query --endpoint", "endpoint-redirects"),
]

# ---- what a process may open -------------------------------------------------------------------------------


def _package_dirs() -> list[Path]:
    return [Path(m.__file__).resolve().parent
            for m in (partnerkg, partnerkg.ontology, partnerkg.graph, partnerkg.queries, partnerkg.visualise)]


def allowed(named: list[Path], writable: list[Path]) -> Callable[[str], bool]:
    """The allow-list: the files named on the command line; the folders the command writes into (outputs, their
    temporary siblings, stores, the audit log); partnerkg's own package folders (code and package data);
    the installed libraries and the standard library (imports and their data, e.g. matplotlib's fonts; the
    interpreter probes the ``pythonXY.zip`` on its path); the standard library's MIME tables
    (``mimetypes.knownfiles``: openpyxl guesses part types when it opens any workbook); and /dev/null
    (subprocess plumbing of the endpoint's workers); and the marker an editable install puts on the path of
    namespace packages (it names no file). Nothing else: no other /etc file, no home folder."""
    exact = {os.path.realpath(p) for p in (*named, *mimetypes.knownfiles, "/dev/null")}
    exact |= {os.path.realpath(p) for p in sys.path if p.endswith(".zip")}
    paths = sysconfig.get_paths()
    roots = [os.path.realpath(p) for p in (*_package_dirs(), *writable, paths["purelib"], paths["platlib"],
                                           paths["stdlib"], paths["platstdlib"])]

    def ok(path: str) -> bool:
        real = os.path.realpath(path)
        if os.path.basename(real).endswith(".__path_hook__") and not os.path.exists(real):
            return True  # an editable install's finder marker on a namespace package's path: a name, not a file
        return real in exact or any(real == r or real.startswith(r + os.sep) for r in roots)

    return ok


# ---- running the table -------------------------------------------------------------------------------------


@dataclass
class Record:
    """What one row did: exit code (or HTTP answers), outputs and the audit events of its process."""

    exit_code: int | None
    stdout: str = ""
    stderr: str = ""
    crash: str | None = None
    events: list[dict[str, Any]] = field(default_factory=list)
    answers: dict[str, tuple[int, str]] = field(default_factory=dict)

    def of(self, event: str) -> list[Any]:
        return [e["arg"] for e in self.events if e["event"] == event]


class _Redirect(BaseHTTPRequestHandler):
    """Answers every request with a redirect to the URL in the server's ``target``."""

    def _go(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        if length:
            self.rfile.read(length)
        self.send_response(307)
        self.send_header("Location", self.server.target)  # type: ignore[attr-defined]
        self.send_header("Content-Length", "0")
        self.end_headers()

    do_GET = do_POST = do_PUT = do_HEAD = _go

    def log_message(self, *args: object) -> None:
        pass


class Table:
    """The prepared table: a listener and a folder per row, the hostile files, the servers the rows use."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.secret = root / "secret" / "secret.txt"
        self.secret.parent.mkdir()
        self.secret.write_text(TOKEN, encoding="utf-8")
        self.audit = root / "audit"
        self.audit.mkdir()
        self.cwd = root / "cwd"  # the processes' working folder: nothing may be opened there
        self.cwd.mkdir()
        self.listeners = {row.id: Listener() for row in ROWS}
        self.base_listener = Listener()
        self.base = root / "base" / "base.ttl"  # the data of query rows: it names the base listener
        self.base.parent.mkdir()
        self.base.write_text(f'<http://example.org/onto> a <http://www.w3.org/2002/07/owl#Ontology> ;\n'
                             f'    <{OWL_IMPORTS}> <{self.base_listener.url}onto> ;\n'
                             f'    <http://www.w3.org/2000/01/rdf-schema#label> "base" .\n', encoding="utf-8")
        self.store = root / "base" / "store"
        load([self.base], self.store, shipped=False)
        self.gsp = StoreServer().start()
        self.gsp.store.add(ox.Quad(ox.NamedNode("urn:x:s"), ox.NamedNode("urn:x:p"), ox.NamedNode("urn:x:o")))
        self.redirects: dict[str, ThreadingHTTPServer] = {}
        self.records: dict[str, Record] = {}
        self.startup: list[dict[str, Any]] = []

    def close(self) -> None:
        for listener in [*self.listeners.values(), self.base_listener]:
            listener.close()
        self.gsp.stop()
        for server in self.redirects.values():
            server.shutdown()
            server.server_close()

    def folder(self, row: Row) -> tuple[Path, Path]:
        inputs, out = self.root / "rows" / row.id / "in", self.root / "rows" / row.id / "out"
        inputs.mkdir(parents=True, exist_ok=True)
        out.mkdir(parents=True, exist_ok=True)
        return inputs, out

    def redirect(self, row: Row) -> str:
        server = ThreadingHTTPServer(("127.0.0.1", 0), _Redirect)
        server.target = self.listeners[row.id].url  # type: ignore[attr-defined]
        threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
        self.redirects[row.id] = server
        return f"http://127.0.0.1:{server.server_address[1]}"

    def query_text(self, row: Row) -> str:
        return QUERIES[row.hostile][0].format(url=self.listeners[row.id].url, secret=self.secret)

    def hostile_file(self, row: Row) -> Path:
        inputs, _ = self.folder(row)
        spec = DATA[row.hostile]
        content = spec.make(self.listeners[row.id].url, self.secret)
        path = inputs / spec.name
        path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
        return path

    def invocation(self, row: Row) -> tuple[list[str], str | None, list[Path]]:
        """The command line of a batch row, its standard input and the files it names."""
        inputs, out = self.folder(row)
        if row.hostile == "endpoint-redirects":
            url = self.redirect(row)
            if row.entry == "push":
                return ["push", "--endpoint", f"{url}/store", "--no-shipped", "--data", str(self.base)], None, \
                    [self.base]
            return ["query", "--endpoint", f"{url}/sparql", "stage-counts"], None, []
        if row.hostile == "xlsx-external-entity":
            book = inputs / "organisations.xlsx"
            _xlsx(book, self.listeners[row.id].url, self.secret)
            return ["import", str(book), "-o", str(out / "imported.ttl"), "--no-shipped"], None, [book]
        if row.hostile in QUERIES:
            text = self.query_text(row)
            if row.entry == "query-stdin":
                return ["query", "-", "--no-shipped", "--data", str(self.base)], text, [self.base]
            rq = inputs / "hostile.rq"
            rq.write_text(text, encoding="utf-8")
            if row.entry == "query --store":
                return ["query", str(rq), "--store", str(self.store)], None, [rq]
            if row.entry == "query --endpoint":  # a real Oxigraph behind the Protocol: it would run a SERVICE
                return ["query", str(rq), "--endpoint", f"{self.gsp.url}/query"], None, [rq]
            return ["query", str(rq), "--no-shipped", "--data", str(self.base)], None, [rq, self.base]
        f = self.hostile_file(row)
        commands = {
            "build": ["build", "--output", str(out / "build"), "--data", str(f), "--no-shipped", "--no-owl",
                      "--no-maps"],
            "validate": ["validate", str(f), "--no-owl"],
            "query": ["query", "--data", str(f), "--no-shipped", "-f", "json", "stage-counts"],
            "export": ["export", "--data", str(f), "--no-shipped", "-o", str(out / "export.ttl")],
            "map": ["map", "--data", str(f), "--no-shipped", "-o", str(out / "map.html")],
            "analyse": ["analyse", "--data", str(f), "--no-shipped"],
            "load": ["load", str(f), "--store", str(out / "store"), "--no-shipped", "--quiet"],
            "serve": ["serve", "--port", "0", "--data", str(f), "--no-shipped", "--workers", "1"],
            "push": ["push", "--endpoint", f"{self.gsp.url}/store", "--graph", f"urn:x:{row.entry}-{row.hostile}",
                     "--data", str(f), "--no-shipped"],
        }
        if row.entry == "import":
            csv = inputs / "organisations.csv"
            csv.write_text("name,sector\nGood Org,voluntary\n", encoding="utf-8")
            return ["import", str(csv), "-o", str(out / "imported.ttl"), "--data", str(f), "--no-shipped"], None, \
                [f, csv]
        return commands[row.entry], None, [f]

    def environment(self) -> dict[str, str]:
        return {**os.environ, "MPLCONFIGDIR": str(self.audit / "matplotlib")}

    def run_batch(self, rows: list[Row]) -> dict[str, list[Path]]:
        named: dict[str, list[Path]] = {}
        runs = []
        for row in rows:
            args, stdin, files = self.invocation(row)
            named[row.id] = files
            runs.append({"case": row.id, "args": args, "stdin": stdin})
        spec = self.audit / "runs.json"
        spec.write_text(json.dumps(runs), encoding="utf-8")
        log = self.audit / "batch.jsonl"
        done = subprocess.run([sys.executable, str(AUDIT), str(log), "--batch", str(spec)], cwd=self.cwd,
                              env=self.environment(), capture_output=True, text=True, timeout=600, check=False)
        assert done.returncode == 0, done.stderr[-3000:]
        current: list[dict[str, Any]] | None = None
        for event in read_log(log):
            if event["event"] == "begin":
                current = []
            elif event["event"] == "result":
                arg = event["arg"]
                self.records[arg["case"]] = Record(arg["exit_code"], arg["stdout"], arg["stderr"], arg["crash"],
                                                   current or [])
                current = None
            elif current is None:
                self.startup.append(event)
            else:
                current.append(event)
        return named

    def run_live(self, args: list[str], rows: list[Row], name: str) -> None:
        """Start ``partnerkg serve ARGS`` under the audit hook, send each row's request, stop it with SIGTERM."""
        log = self.audit / f"{name}.jsonl"
        proc = subprocess.Popen([sys.executable, str(AUDIT), str(log), "partnerkg", "serve", "--port", "0",
                                 "--workers", "1", *args], cwd=self.cwd, env=self.environment(),
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        lines: list[str] = []
        ready = threading.Event()

        def read() -> None:
            assert proc.stderr is not None
            for line in proc.stderr:
                lines.append(line)
                if "partnerkg serve: http://" in line:
                    ready.set()

        reader = threading.Thread(target=read, daemon=True)
        reader.start()
        answers: dict[str, tuple[int, str]] = {}
        try:
            assert ready.wait(120), "".join(lines)[-3000:]
            port = int(next(ln for ln in lines if "partnerkg serve: http://" in ln).split("127.0.0.1:")[1]
                       .split("/")[0])
            for row in rows:
                text = self.query_text(row) if row.hostile in QUERIES else \
                    f"SELECT ?o WHERE {{ ?s <{OWL_IMPORTS}> ?o }}"
                answers[row.id] = _post(port, text)
        finally:
            proc.send_signal(signal.SIGTERM)
            try:
                proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
            reader.join(5)
        stdout = proc.stdout.read() if proc.stdout else ""
        events = read_log(log)
        for row in rows:
            self.records[row.id] = Record(proc.returncode, stdout, "".join(lines), None, events,
                                          {row.id: answers[row.id]})


def _post(port: int, query: str) -> tuple[int, str]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    try:
        conn.request("POST", "/sparql", query.encode("utf-8"),
                     {"Content-Type": "application/sparql-query", "Accept": "application/sparql-results+json"})
        answer = conn.getresponse()
        return answer.status, answer.read().decode("utf-8", "replace")
    finally:
        conn.close()


@pytest.fixture(scope="module")
def table(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Table, dict[str, list[Path]]]]:
    """Run the whole table once: the batch rows in one audited process, then the two live endpoints."""
    t = Table(tmp_path_factory.mktemp("reach"))
    try:
        named = t.run_batch([row for row in ROWS if not row.live])
        imports = Row("serve", "turtle-owl-imports")
        served = t.hostile_file(imports)
        named_live = [served]
        t.run_live(["--no-shipped", "--data", str(served)],
                   [row for row in ROWS if row.live and row.entry == "serve"], "serve-memory")
        t.run_live(["--store", str(t.store)], [row for row in ROWS if row.live and row.entry == "serve --store"],
                   "serve-store")
        for row in ROWS:
            if row.live:
                named[row.id] = named_live if row.entry == "serve" else []
        yield t, named
    finally:
        t.close()


# ---- the checks --------------------------------------------------------------------------------------------


def _written(folder: Path) -> str:
    return "\n".join(p.read_bytes().decode("utf-8", "replace") for p in folder.rglob("*") if p.is_file())


def _expected_refusal(t: Table, row: Row) -> str | None:
    """The words of the expected refusal, '' for a refusal with any words, None for a harmless ignore."""
    if row.hostile in QUERIES:
        words = QUERIES[row.hostile][1]
        return None if words is None else words.format(url=t.listeners[row.id].url)
    if row.hostile == "endpoint-redirects":
        return f"redirects to {t.listeners[row.id].url}"
    if row.hostile == "xlsx-external-entity":
        return ""
    return DATA[row.hostile].refused


@pytest.mark.parametrize("row", ROWS, ids=[row.id for row in ROWS])
def test_no_entry_point_reaches_outside(table, row: Row) -> None:
    t, named = table
    record = t.records[row.id]
    _, out = t.folder(row)
    refusal = _expected_refusal(t, row)

    # 1. the answer: a clear refusal, or the harmless ignore
    if row.live:
        status, body = record.answers[row.id]
        assert record.exit_code == 0, record.stderr[-2000:]  # SIGTERM stops the endpoint cleanly
        if refusal is None and row.hostile in QUERIES:  # graphs the data does not hold: empty, nothing read
            assert status == 200, body
            assert json.loads(body)["results"]["bindings"] == []
        elif refusal is None:
            assert status == 200, body
            values = [b["o"]["value"] for b in json.loads(body)["results"]["bindings"]]
            assert values == [f"{t.listeners[row.id].url}onto"]
        else:
            assert status == (403 if row.hostile == "load-http" else 400), body
            assert refusal in body
            assert "Traceback" not in body
    else:
        assert record.crash is None, record.crash
        message = record.stdout + record.stderr
        assert "Traceback" not in message
        if refusal is None:
            assert record.exit_code == 0, message
            # the data has triples; the graphs the query names are not held: no row (a remote endpoint applies
            # FROM as its own policy says: the test server's Oxigraph answers over its union graph instead)
            if row.hostile in QUERIES and row.entry != "query --endpoint":
                assert record.stdout.endswith("(0 rows)\n"), message
        else:
            assert record.exit_code == 2, message
            assert refusal in record.stderr
            if row.hostile != "endpoint-redirects":  # the message names the file (or standard input)
                assert ("<stdin>" if row.entry == "query-stdin" else named[row.id][0].name) in record.stderr
            assert not any(out.iterdir()), f"a refused input left {sorted(out.iterdir())}"

    # 2. no connection: the listener saw none, and Python tried none but to the endpoint it was given
    assert not t.listeners[row.id].connected(), "the listener was contacted"
    assert not t.base_listener.connected(), "the base data's owl:imports was followed"
    given: set[int] = set()
    if (row.entry == "push" and row.hostile == "turtle-owl-imports") or (row.entry == "query --endpoint"
                                                                          and refusal is None):
        given = {int(t.gsp.url.rsplit(":", 1)[1])}  # the endpoint the command was given, and only it
    elif row.hostile == "endpoint-redirects":
        given = {t.redirects[row.id].server_address[1]}
    contacted = {tuple(address)[1] for address in record.of("socket.connect") if isinstance(address, list)}
    assert contacted <= given, f"connections to ports {contacted - given}"
    assert not [u for u in record.of("urllib.Request") if not any(f":{p}/" in u for p in given)]
    if row.live:  # the endpoint starts its query workers (Python) and they look up libc (ldconfig)
        programs = {os.path.basename(p[0]) for p in record.of("subprocess.Popen")}
        assert programs <= {Path(sys.executable).name, "ldconfig"}, programs
    else:
        assert record.of("subprocess.Popen") == []

    # 3. nothing opened but what the allow-list names; the secrets neither opened nor shown
    writable = [out, t.audit] + ([t.store] if row.entry in ("query --store", "serve --store") else [])
    ok = allowed(named[row.id], writable)
    opened = [os.path.join(t.cwd, p) for p in record.of("open")]
    assert [p for p in opened if not ok(p)] == []
    assert str(HOSTNAME) not in {os.path.realpath(p) for p in opened}
    assert str(t.secret) not in {os.path.realpath(p) for p in opened}
    shown = record.stdout + record.stderr + "".join(body for _, body in record.answers.values()) + _written(out)
    assert TOKEN not in shown
    hostname = HOSTNAME.read_text(encoding="utf-8").strip() if HOSTNAME.is_file() else ""
    if len(hostname) >= 8:  # a short host name ("vm") could occur anywhere by chance: the token proves it then
        assert hostname not in shown


def test_the_harmless_ignore_keeps_owl_imports_as_a_triple(table) -> None:
    """owl:imports is data: export, build, load and push keep the triple; nothing follows it."""
    t, _ = table
    url = t.listeners[Row("export", "turtle-owl-imports").id].url
    assert f"<{url}onto>" in (t.folder(Row("export", "turtle-owl-imports"))[1] / "export.ttl").read_text()
    built = t.folder(Row("build", "turtle-owl-imports"))[1] / "build"
    assert t.listeners[Row("build", "turtle-owl-imports").id].url in _written(built)
    store = ox.Store.read_only(str(t.folder(Row("load", "turtle-owl-imports"))[1] / "store"))
    assert [str(q.object.value) for q in store.quads_for_pattern(None, ox.NamedNode(OWL_IMPORTS), None)] == \
        [f"{t.listeners[Row('load', 'turtle-owl-imports').id].url}onto"]
    del store
    pushed = t.gsp.store.quads_for_pattern(None, ox.NamedNode(OWL_IMPORTS), None,
                                           ox.NamedNode("urn:x:push-turtle-owl-imports"))
    assert [q.object.value for q in pushed] == [f"{t.listeners[Row('push', 'turtle-owl-imports').id].url}onto"]


def test_the_process_start_opens_only_python_and_partnerkg(table) -> None:
    """Before the first row: imports only (the standard library, installed libraries, partnerkg)."""
    t, _ = table
    ok = allowed([], [t.audit])
    opened = [p for p in (e["arg"] for e in t.startup if e["event"] == "open")]
    assert opened, "the audit hook recorded nothing: the wrapper is broken"
    assert [p for p in opened if not ok(p)] == []
    assert [e for e in t.startup if e["event"] != "open"] == []


def test_the_audit_wrapper_sees_an_open_and_a_connection(tmp_path: Path) -> None:
    """Control: the wrapper does record a file read and a connection attempt, so silence means something."""
    log, secret = tmp_path / "log.jsonl", tmp_path / "secret.txt"
    secret.write_text(TOKEN)
    script = ("import socket, sys; sys.path.insert(0, sys.argv[3]); from audit_open import install; "
              "install(sys.argv[1]); open(sys.argv[2]).read(); s = socket.socket(); "
              "s.connect(('127.0.0.1', int(sys.argv[4]))); s.close()")
    with Listener() as listener:
        subprocess.run([sys.executable, "-c", script, str(log), str(secret), str(AUDIT.parent), str(listener.port)],
                       check=True, timeout=60)
        assert listener.connected()
    events = read_log(log)
    assert {"pid": events[0]["pid"], "event": "open", "arg": str(secret)} in events
    assert ["127.0.0.1", listener.port] in [e["arg"] for e in events if e["event"] == "socket.connect"]


def test_owl_imports_are_not_followed_by_hermit(tmp_path, java):
    """The HermiT check (a Java process, outside the audit hook) gets the graph without owl:imports."""
    data = tmp_path / "imports.ttl"
    with Listener() as listener:
        data.write_text(
            "@prefix owl: <http://www.w3.org/2002/07/owl#> .\n"
            f"<http://example.org/onto> a owl:Ontology ; owl:imports <{listener.url}onto.owl> .\n",
            encoding="utf-8")
        result = CliRunner().invoke(cli, ["validate", str(data)])
        assert result.exit_code == 0, result.output
        assert "HermiT: consistent" in result.output
        assert not listener.connected()


def test_the_listener_notices_a_connection() -> None:
    """Control: a listener does see a client, so 'no connection' above means something."""
    import socket

    with Listener() as listener:
        assert not listener.connected()
        with socket.create_connection(("127.0.0.1", listener.port), timeout=2):
            pass
        assert listener.connected()
        assert listener.connections == 1
