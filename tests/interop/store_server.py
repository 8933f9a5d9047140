"""A small real triple store over HTTP for the tests: pyoxigraph behind the SPARQL 1.1 Graph Store Protocol
(``/store``) and the SPARQL 1.1 Protocol (``/query``), on a free loopback port.

Authentication is off, Basic, Digest (RFC 7616, qop=auth, checked properly; MD5 unless ``digest_algorithm``
names another; ``nonce_uses`` retires a nonce after that many requests and answers its next use with a
``stale=true`` challenge) or both (Basic and Digest offered, either accepted); ``fail_with`` makes the
store answer every request with that status and an HTML error page; ``drop`` makes uploads silently lose
that many triples (to exercise verification); ``max_rows`` truncates GET answers and sets Virtuoso's
``X-SPARQL-MaxRows`` header; ``results`` names the SPARQL results format of ``/query`` answers (JSON, XML, TSV or
CSV).
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

import pyoxigraph as ox

USER, PASSWORD, REALM = "alice", "s3cret", "partnerkg-test"


@dataclass
class StoreServer:
    auth: str = "none"  # none | basic | digest | both
    digest_algorithm: str = "MD5"
    nonce_uses: int | None = None
    fail_with: int | None = None
    drop: int = 0
    max_rows: int | None = None
    results: str = "JSON"
    store: ox.Store = field(default_factory=ox.Store)
    requests: list[tuple[str, str, bool]] = field(default_factory=list)  # (method, path, authorised)
    bodies: list[bytes] = field(default_factory=list)
    nonces: set[str] = field(default_factory=set)
    used: dict[str, int] = field(default_factory=dict)
    stale: bool = False
    issued: int = 0
    schemes: list[str] = field(default_factory=list)  # the scheme of every authorised request

    def __post_init__(self) -> None:
        server = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: object) -> None:
                pass

            def do_GET(self) -> None:
                server.handle(self, "GET")

            def do_HEAD(self) -> None:
                server.handle(self, "HEAD")

            def do_PUT(self) -> None:
                server.handle(self, "PUT")

            def do_POST(self) -> None:
                server.handle(self, "POST")

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.httpd.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.httpd.server_address[1]}"

    def start(self) -> StoreServer:
        self.thread.start()
        return self

    def stop(self) -> None:
        if self.thread.is_alive():
            self.httpd.shutdown()
            self.httpd.server_close()

    # ---- authentication -------------------------------------------------------------------------------
    def authorised(self, h: BaseHTTPRequestHandler, method: str) -> bool:
        ok, scheme = self._check(h, method)
        if ok and scheme:
            self.schemes.append(scheme)
        return ok

    def _check(self, h: BaseHTTPRequestHandler, method: str) -> tuple[bool, str]:
        header = h.headers.get("Authorization", "")
        self.stale = False
        if self.auth == "none":
            return True, ""
        if self.auth in ("basic", "both") and header.startswith("Basic "):
            expected = base64.b64encode(f"{USER}:{PASSWORD}".encode()).decode()
            return header == f"Basic {expected}", "basic"
        if self.auth == "basic" or not header.startswith("Digest "):
            return False, ""
        p = {m.group(1): m.group(2) if m.group(2) is not None else m.group(3)
             for m in re.finditer(r'(\w+)=(?:"([^"]*)"|([^\s,]+))', header[7:])}
        if p.get("nonce") not in self.nonces or p.get("username") != USER or p.get("realm") != REALM:
            return False, ""
        if p.get("algorithm", "MD5").upper() != self.digest_algorithm.upper():
            return False, ""
        name = self.digest_algorithm.upper().removesuffix("-SESS").replace("-", "").lower()

        def h_(text: str) -> str:
            return hashlib.new(name, text.encode()).hexdigest()

        ha1 = h_(f"{USER}:{REALM}:{PASSWORD}")
        if self.digest_algorithm.upper().endswith("-SESS"):
            ha1 = h_(f"{ha1}:{p['nonce']}:{p.get('cnonce', '')}")
        ha2 = h_(f"{method}:{p.get('uri', '')}")
        expected = h_(f"{ha1}:{p['nonce']}:{p.get('nc', '')}:{p.get('cnonce', '')}:auth:{ha2}")
        if p.get("uri") != h.path or p.get("response") != expected:
            return False, ""
        self.used[p["nonce"]] = self.used.get(p["nonce"], 0) + 1
        if self.nonce_uses is not None and self.used[p["nonce"]] > self.nonce_uses:
            self.nonces.discard(p["nonce"])
            self.stale = True  # right credentials, retired nonce
            return False, ""
        return True, f"digest nc={p.get('nc')}"

    def challenge(self, h: BaseHTTPRequestHandler) -> None:
        if self.auth in ("basic", "both"):
            h.send_header("WWW-Authenticate", f'Basic realm="{REALM}"')
        if self.auth != "basic":
            self.issued += 1
            nonce = hashlib.sha256(str(self.issued).encode()).hexdigest()[:32]
            self.nonces.add(nonce)
            stale = ", stale=true" if self.stale else ""
            h.send_header("WWW-Authenticate", f'Digest realm="{REALM}", nonce="{nonce}", qop="auth", '
                                              f'algorithm={self.digest_algorithm}, opaque="xyz"{stale}')

    # ---- the protocol ---------------------------------------------------------------------------------
    def reply(self, h: BaseHTTPRequestHandler, status: int, body: bytes = b"", content_type: str = "text/plain",
              headers: dict[str, str] | None = None) -> None:
        h.send_response(status)
        if status == 401:
            self.challenge(h)
        h.send_header("Content-Type", content_type)
        h.send_header("Content-Length", str(len(body)))
        for k, v in (headers or {}).items():
            h.send_header(k, v)
        h.end_headers()
        if h.command != "HEAD":
            h.wfile.write(body)

    def handle(self, h: BaseHTTPRequestHandler, method: str) -> None:
        length = int(h.headers.get("Content-Length", "0") or 0)
        body = h.rfile.read(length) if length else b""
        ok = self.authorised(h, method)
        self.requests.append((method, h.path, ok))
        if not ok:
            self.reply(h, 401, b"<html><body><h1>401</h1>Authentication required</body></html>", "text/html")
            return
        if self.fail_with is not None:
            page = (b"<html><head><style>h1{}</style></head><body><h1>Request Failed</h1><p>Error 42: the store is "
                    b"read-only &amp; full</p></body></html>")
            self.reply(h, self.fail_with, page, "text/html")
            return
        parts = urlsplit(h.path)
        query = parse_qs(parts.query, keep_blank_values=True)
        if parts.path == "/store":
            self.graph_store(h, method, query, body)
        elif parts.path == "/moved":
            self.reply(h, 301, b"moved", headers={"Location": f"{self.url}/store"})
        elif parts.path == "/query" and method in ("GET", "POST"):
            form = parse_qs(body.decode()) if method == "POST" else query
            self.sparql(h, form.get("query", [""])[0])
        else:
            self.reply(h, 404, b"no such endpoint")

    def graph_store(self, h: BaseHTTPRequestHandler, method: str, query: dict[str, list[str]], body: bytes) -> None:
        graph: ox.NamedNode | ox.DefaultGraph = ox.NamedNode(query["graph"][0]) if "graph" in query \
            else ox.DefaultGraph()
        if method in ("PUT", "POST"):
            self.bodies.append(body)
            if method == "PUT":
                self.store.clear_graph(graph)
            triples = list(ox.parse(body, ox.RdfFormat.N_TRIPLES))
            keep = triples[: max(0, len(triples) - self.drop)]
            self.store.extend(ox.Quad(t.subject, t.predicate, t.object, graph) for t in keep)
            self.reply(h, 201 if method == "PUT" else 204)
            return
        quads = list(self.store.quads_for_pattern(None, None, None, graph))
        headers = {}
        if self.max_rows is not None and len(quads) > self.max_rows:
            quads = quads[: self.max_rows]
            headers["X-SPARQL-MaxRows"] = str(self.max_rows)
        data = ox.serialize([ox.Triple(q.subject, q.predicate, q.object) for q in quads], format=ox.RdfFormat.N_TRIPLES)
        self.reply(h, 200, data or b"", "application/n-triples", headers)

    def sparql(self, h: BaseHTTPRequestHandler, text: str) -> None:
        try:
            result = self.store.query(text, use_default_graph_as_union=True)
        except (SyntaxError, ValueError, OSError) as err:
            self.reply(h, 400, f"Parse error: {err}".encode())
            return
        if isinstance(result, ox.QueryTriples):
            self.reply(h, 200, result.serialize(format=ox.RdfFormat.N_TRIPLES) or b"", "application/n-triples")
        elif isinstance(result, ox.QuerySolutions) and self.max_rows is not None:
            names = [v.value for v in result.variables]
            rows = [dict(zip(names, solution, strict=True)) for solution in list(result)[: self.max_rows]]
            doc = {"head": {"vars": names},
                   "results": {"bindings": [{k: _json_term(v) for k, v in r.items() if v is not None} for r in rows]}}
            self.reply(h, 200, json.dumps(doc).encode(), "application/sparql-results+json",
                       {"X-SPARQL-MaxRows": str(self.max_rows)})
        else:
            fmt = getattr(ox.QueryResultsFormat, self.results)
            self.reply(h, 200, result.serialize(format=fmt), fmt.media_type)


def _json_term(term: object) -> dict[str, str]:
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    assert isinstance(term, ox.Literal)
    out = {"type": "literal", "value": term.value}
    if term.language:
        out["xml:lang"] = term.language
    elif term.datatype.value != "http://www.w3.org/2001/XMLSchema#string":
        out["datatype"] = term.datatype.value
    return out
