"""Benchmark: ``partnerkg serve`` under load — 50 concurrent clients × 20 library queries each, loopback only.

The script starts ``partnerkg serve`` on a free loopback port (or uses ``--url`` of one already running on
this machine), then 50 client threads, each with its own keep-alive connection, send 20 requests each: the
library's queries in turn, by GET, form POST and direct POST in turn, asking for every result format in
turn (SPARQL JSON, XML, CSV, TSV; Turtle, N-Triples, JSON-LD, RDF/XML). Every answer is checked against the
same query run locally over the same graph: byte for byte, except RDF/XML (rdflib's writer orders by hash,
so it is compared as a graph, by isomorphism). Any error or wrong answer makes the exit code 1.

Bounded: a fixed number of requests, a 120 s socket timeout per request and a global deadline after which
no new request starts; only loopback addresses are ever contacted.

Each client sends from its own loopback address (127.0.1.1, 127.0.1.2, …: all of 127.0.0.0/8 is this
machine), as separate users would; the server shares its workers and queue between addresses.

``--hostile`` measures fairness instead (issue 25): one client (127.0.0.2) floods ``--flood`` concurrent
three-way cross joins, each one killed at the time limit and sent again at once, for ``--seconds``; meanwhile
``--cheap`` clients (127.0.0.10, …) each send an ``ASK {}`` or a one-resource lookup every 0.2 s. It prints the
cheap queries' latency (p50, p95, max) and what the flood got (answers, 503s).

Run: ``.venv/bin/python benchmarks/load.py [--clients 50] [--queries 20] [--workers 2] [--json FILE]``, or
``… --hostile [--flood 10] [--cheap 4] [--seconds 60]``. It prints throughput and latency percentiles and
writes them as JSON. This is not a test.
"""

from __future__ import annotations

import argparse
import http.client
import ipaddress
import json
import os
import platform
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse
from dataclasses import asdict, dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SELECT_TYPES = [("application/sparql-results+json", "json"), ("application/sparql-results+xml", "xml"),
                ("text/csv", "csv"), ("text/tab-separated-values", "tsv")]
ASK_TYPES = SELECT_TYPES[:2]
GRAPH_TYPES = [("text/turtle", "turtle"), ("application/n-triples", "ntriples"), ("application/ld+json", "json"),
               ("application/rdf+xml", "xml")]
METHODS = ["GET", "POST-form", "POST-direct"]
#: The hostile mix: the flood's query (killed at the time limit) and the cheap queries of the other clients.
FLOOD_QUERY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
CHEAP_QUERIES = ["ASK {}", "SELECT ?label WHERE { <https://w3id.org/partnerkg/id/organisation/mind> "
                           "<http://www.w3.org/2000/01/rdf-schema#label> ?label } LIMIT 5"]


def client_address(n: int) -> str:
    """The loopback address client ``n`` (0-based) sends from: 127.0.1.1, 127.0.1.2, … (all this machine)."""
    return f"127.0.{1 + n // 250}.{1 + n % 250}"


@dataclass
class Job:
    """One request a client sends, and the answer it must get."""

    name: str
    text: str
    method: str
    accept: str
    expected: bytes
    rdfxml: bool = False


@dataclass
class Outcome:
    job: str
    method: str
    accept: str
    status: int
    seconds: float
    correct: bool
    error: str = ""


@dataclass
class Report:
    clients: int
    queries_per_client: int
    workers: int
    requests: int = 0
    completed: int = 0
    errors: int = 0
    wrong: int = 0
    seconds: float = 0.0
    throughput_per_s: float = 0.0
    serial_seconds: float = 0.0
    speedup_over_serial: float = 0.0
    latency_ms: dict[str, float] = field(default_factory=dict)
    failures: list[dict[str, object]] = field(default_factory=list)
    machine: dict[str, object] = field(default_factory=dict)


def loopback_only(url: str) -> tuple[str, int]:
    """Host and port of ``url``; SystemExit unless it is a loopback address of this machine."""
    parts = urllib.parse.urlsplit(url)
    host = parts.hostname or ""
    try:
        loopback = host == "localhost" or ipaddress.ip_address(host).is_loopback
    except ValueError:
        loopback = False
    if parts.scheme != "http" or not loopback or parts.port is None:
        raise SystemExit(f"--url must be http://127.0.0.1:PORT/ or another loopback address, not {url!r}")
    return host, parts.port


def expected_answers() -> list[tuple[str, str, float, list[tuple[str, bytes, bool]]]]:
    """Each library query with the seconds a local run takes (evaluation and JSON or Turtle), the formats it
    can be asked for and the bytes a local run gives in each."""
    from partnerkg.queries import list_queries
    from partnerkg.queries.formats import format_result
    from partnerkg.queries.runner import run_query
    from partnerkg.store.graphs import open_graph

    graph = open_graph()  # what `partnerkg serve` serves by default
    out = []
    for q in list_queries():
        began = time.perf_counter()
        result = run_query(q.text, None, graph, origin=q.origin)
        types = SELECT_TYPES if result.type == "SELECT" else ASK_TYPES if result.type == "ASK" else GRAPH_TYPES
        format_result(result, types[0][1])
        seconds = time.perf_counter() - began
        answers = [(media, format_result(result, fmt), media == "application/rdf+xml") for media, fmt in types]
        out.append((q.name, q.text, seconds, answers))
    return out


def plan(clients: int, per_client: int) -> tuple[list[list[Job]], float]:
    """The jobs of every client, and the seconds the same queries take run one after another in this process."""
    library = expected_answers()
    serial = 0.0
    jobs: list[list[Job]] = []
    for c in range(clients):
        mine = []
        for i in range(per_client):
            n = c * per_client + i
            name, text, seconds, answers = library[n % len(library)]
            serial += seconds
            media, expected, rdfxml = answers[(n // len(library)) % len(answers)]
            mine.append(Job(name, text, METHODS[n % len(METHODS)], media, expected, rdfxml))
        jobs.append(mine)
    return jobs, serial


def same_graph(body: bytes, expected: bytes) -> bool:
    from rdflib import Graph
    from rdflib.compare import isomorphic

    return isomorphic(Graph().parse(data=body, format="xml"), Graph().parse(data=expected, format="xml"))


def send(conn: http.client.HTTPConnection, job: Job) -> tuple[int, bytes]:
    headers = {"Accept": job.accept}
    if job.method == "GET":
        conn.request("GET", "/sparql?" + urllib.parse.urlencode({"query": job.text}), headers=headers)
    elif job.method == "POST-form":
        headers["Content-Type"] = "application/x-www-form-urlencoded"
        conn.request("POST", "/sparql", urllib.parse.urlencode({"query": job.text}).encode("ascii"), headers)
    else:
        headers["Content-Type"] = "application/sparql-query"
        conn.request("POST", "/sparql", job.text.encode("utf-8"), headers)
    response = conn.getresponse()
    return response.status, response.read()


def client(host: str, port: int, jobs: list[Job], start: threading.Barrier, deadline: list[float],
           outcomes: list[Outcome], source: str = "127.0.0.1") -> None:
    conn = http.client.HTTPConnection(host, port, timeout=120, source_address=(source, 0))
    start.wait()
    for job in jobs:
        if time.monotonic() > deadline[0]:
            outcomes.append(Outcome(job.name, job.method, job.accept, 0, 0.0, False, "not sent: deadline passed"))
            continue
        began = time.perf_counter()
        try:
            status, body = send(conn, job)
        except (OSError, http.client.HTTPException) as err:
            conn.close()
            conn = http.client.HTTPConnection(host, port, timeout=120, source_address=(source, 0))
            outcomes.append(Outcome(job.name, job.method, job.accept, 0, time.perf_counter() - began, False,
                                    f"{type(err).__name__}: {err}"))
            continue
        seconds = time.perf_counter() - began
        correct = status == 200 and (body == job.expected or (job.rdfxml and same_graph(body, job.expected)))
        error = "" if correct else f"status {status}: {body[:200]!r}"
        outcomes.append(Outcome(job.name, job.method, job.accept, status, seconds, correct, error))
    conn.close()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(workers: int, log: Path) -> tuple[subprocess.Popen[bytes], str]:
    """``partnerkg serve`` on a free loopback port; its log (one line per query) goes to ``log``."""
    port = free_port()
    log.parent.mkdir(parents=True, exist_ok=True)
    with log.open("wb") as sink:  # a file, not a pipe: an unread pipe would fill up and stall the server
        proc = subprocess.Popen([sys.executable, "-m", "partnerkg", "serve", "--port", str(port),
                                 "--workers", str(workers)], stdout=subprocess.DEVNULL, stderr=sink, cwd=ROOT)
    url = f"http://127.0.0.1:{port}/"
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"partnerkg serve exited: {log.read_text()}")
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            conn.request("GET", "/sparql")
            if conn.getresponse().status == 200:
                conn.close()
                return proc, url
        except OSError:
            time.sleep(0.2)
    proc.kill()
    raise SystemExit("partnerkg serve did not become ready within 120 s")


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    k = max(0, min(len(ordered) - 1, round(p / 100 * len(ordered) + 0.5) - 1))
    return ordered[k]


def _post(conn: http.client.HTTPConnection, query: str) -> int:
    conn.request("POST", "/sparql", query.encode("utf-8"), {"Content-Type": "application/sparql-query"})
    response = conn.getresponse()
    response.read()
    return response.status


def hostile_mix(host: str, port: int, flood: int, cheap: int, seconds: float) -> dict[str, object]:
    """The fairness measurement (see the module docstring): the cheap clients' latencies and the flood's statuses."""
    stop = time.monotonic() + seconds
    lock = threading.Lock()
    latencies: list[float] = []
    cheap_status: dict[int, int] = {}
    flood_status: dict[int, int] = {}

    def flooder(n: int) -> None:
        i = 0
        while time.monotonic() < stop:
            conn = http.client.HTTPConnection(host, port, timeout=120, source_address=("127.0.0.2", 0))
            try:
                status = _post(conn, f"{FLOOD_QUERY} # flood {n}.{i}")
            except (OSError, http.client.HTTPException):
                status = 0
            finally:
                conn.close()
            with lock:
                flood_status[status] = flood_status.get(status, 0) + 1
            i += 1
            if status == 503 and time.monotonic() < stop:
                time.sleep(0.05)

    def asker(n: int) -> None:
        time.sleep(2.0)  # the flood fills the queue first
        i = 0
        while time.monotonic() < stop:
            conn = http.client.HTTPConnection(host, port, timeout=120, source_address=(f"127.0.0.{10 + n}", 0))
            began = time.perf_counter()
            try:
                status = _post(conn, CHEAP_QUERIES[i % len(CHEAP_QUERIES)])
            except (OSError, http.client.HTTPException):
                status = 0
            finally:
                conn.close()
            with lock:
                latencies.append((time.perf_counter() - began) * 1000)
                cheap_status[status] = cheap_status.get(status, 0) + 1
            i += 1
            time.sleep(0.2)

    threads = [threading.Thread(target=flooder, args=(n,)) for n in range(flood)]
    threads += [threading.Thread(target=asker, args=(n,)) for n in range(cheap)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    out: dict[str, object] = {"flood_clients": flood, "cheap_clients": cheap, "seconds": seconds,
                              "cheap_status": cheap_status, "flood_status": flood_status,
                              "cheap_requests": len(latencies)}
    if latencies:
        out["cheap_latency_ms"] = {"p50": round(percentile(latencies, 50), 1),
                                   "p95": round(percentile(latencies, 95), 1), "max": round(max(latencies), 1)}
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--queries", type=int, default=20, help="requests per client")
    parser.add_argument("--workers", type=int, default=2, help="query workers of the server this script starts")
    parser.add_argument("--url", help="use this running server instead (loopback only)")
    parser.add_argument("--deadline", type=float, default=900.0, help="seconds after which no request starts")
    parser.add_argument("--json", type=Path, default=ROOT / "build" / "benchmarks" / "load.json")
    parser.add_argument("--hostile", action="store_true", help="measure fairness under a flood of slow queries")
    parser.add_argument("--flood", type=int, default=10, help="concurrent slow queries of the hostile client")
    parser.add_argument("--cheap", type=int, default=4, help="clients sending cheap queries meanwhile")
    parser.add_argument("--seconds", type=float, default=60.0, help="how long the flood lasts")
    args = parser.parse_args()

    if args.hostile:
        proc = None
        if args.url:
            host, port = loopback_only(args.url)
        else:
            proc, url = start_server(args.workers, args.json.with_name("hostile.server.log"))
            host, port = loopback_only(url)
        try:
            print(f"hostile mix: {args.flood} concurrent cross joins from 127.0.0.2, {args.cheap} cheap clients, "
                  f"{args.seconds:g} s…", file=sys.stderr)
            figures = hostile_mix(host, port, args.flood, args.cheap, args.seconds)
        finally:
            if proc is not None:
                proc.terminate()
                proc.wait(60)
        lat = figures.get("cheap_latency_ms", {})
        print(f"cheap queries: {figures['cheap_requests']} answered {figures['cheap_status']}; latency ms p50 "
              f"{lat.get('p50')}, p95 {lat.get('p95')}, max {lat.get('max')}")
        print(f"flood: {figures['flood_status']} (503: cancelled at the time limit, or over its share of the queue)")
        from partnerkg.atomic import atomic_write_text

        target = args.json.with_name("hostile.json")
        target.parent.mkdir(parents=True, exist_ok=True)
        atomic_write_text(target, json.dumps(figures, indent=2) + "\n")
        print(f"wrote {target}")
        return 0

    print("computing the expected answers of the library locally…", file=sys.stderr)
    jobs, serial = plan(args.clients, args.queries)
    proc = None
    if args.url:
        host, port = loopback_only(args.url)
    else:
        proc, url = start_server(args.workers, args.json.with_suffix(".server.log"))
        host, port = loopback_only(url)
    report = Report(args.clients, args.queries, args.workers if proc else 0)
    outcomes: list[Outcome] = []
    start = threading.Barrier(args.clients + 1)
    deadline = [float("inf")]
    threads = [threading.Thread(target=client, args=(host, port, mine, start, deadline, outcomes, client_address(n)))
               for n, mine in enumerate(jobs)]
    try:
        for t in threads:
            t.start()
        print(f"{args.clients} clients × {args.queries} queries against http://{host}:{port}/sparql…",
              file=sys.stderr)
        began = time.perf_counter()
        deadline[0] = time.monotonic() + args.deadline
        start.wait()
        for t in threads:
            t.join()
        report.seconds = time.perf_counter() - began
    finally:
        if proc is not None:
            proc.terminate()
            proc.wait(30)

    done = [o for o in outcomes if o.status]
    latencies = [o.seconds * 1000 for o in done]
    report.requests = len(outcomes)
    report.completed = len(done)
    report.errors = sum(1 for o in outcomes if o.status != 200)
    report.wrong = sum(1 for o in outcomes if o.status == 200 and not o.correct)
    report.throughput_per_s = round(len(done) / report.seconds, 2) if report.seconds else 0.0
    report.serial_seconds = round(serial, 1)
    report.speedup_over_serial = round(serial / report.seconds, 2) if report.seconds else 0.0
    if latencies:
        report.latency_ms = {"p50": round(percentile(latencies, 50), 1), "p95": round(percentile(latencies, 95), 1),
                             "p99": round(percentile(latencies, 99), 1), "max": round(max(latencies), 1),
                             "mean": round(statistics.fmean(latencies), 1)}
    report.failures = [asdict(o) for o in outcomes if not o.correct][:20]
    report.machine = {"python": platform.python_version(), "cpus": os.cpu_count(), "platform": platform.platform()}

    print(f"requests {report.requests}: {report.completed} answered, {report.errors} errors, {report.wrong} wrong")
    print(f"wall time {report.seconds:.1f} s; throughput {report.throughput_per_s} queries/s")
    print(f"the same queries one after another in this process: {report.serial_seconds} s; served "
          f"{report.speedup_over_serial}× as fast over HTTP with {report.workers or '?'} workers on "
          f"{os.cpu_count()} cores")
    if latencies:
        lat = report.latency_ms
        print(f"latency ms: p50 {lat['p50']}, p95 {lat['p95']}, p99 {lat['p99']}, max {lat['max']}, "
              f"mean {lat['mean']}")
    for failure in report.failures[:5]:
        print(f"  failed: {failure['job']} {failure['method']} {failure['accept']}: {failure['error']}")

    from partnerkg.atomic import atomic_write_text

    args.json.parent.mkdir(parents=True, exist_ok=True)
    atomic_write_text(args.json, json.dumps(asdict(report), indent=2) + "\n")
    print(f"wrote {args.json}")
    return 0 if report.errors == 0 and report.wrong == 0 and report.completed == report.requests else 1


if __name__ == "__main__":
    sys.exit(main())
