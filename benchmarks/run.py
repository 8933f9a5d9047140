"""Benchmark at scale: plain rdflib in memory, raw pyoxigraph and partnerkg's store path, side by side.

Run: ``.venv/bin/python benchmarks/run.py --triples 1000000 [--timeout 20] [--repeat 3] [--json FILE]
[--only ENGINE …]`` (``--only pyoxigraph --only partnerkg --only pages`` leaves rdflib out, as at 10M, where it
cannot hold the data; the columnar engine against maplib runs with ``partnerkg``, maplib if installed).

It generates a synthetic country of about ``--triples`` triples (``partnerkg generate``), then measures, each
engine in its own subprocess (so peak memory is that engine's ``ru_maxrss``):

(a) rdflib — ``Dataset().parse`` of the file, every library query with rdflib's engine (partnerkg's in-memory
    path), rdflib's Turtle and N-Triples serialisers, the organisation network and its HTML map;
(b) pyoxigraph — ``Store(path).bulk_load`` of the file (the load baseline of decisions.md), every library
    query with ``Store.query``, ``Store.dump`` to Turtle and N-Triples;
(c) partnerkg — ``partnerkg.store.load.load`` (staging copy, shipped graph, swap), every library query through
    ``partnerkg.queries.run`` over ``open_graph(store=DIR)``, ``partnerkg.interop.export.serialise``, the network
    and map;
(d) pages — over partnerkg's store, for every library SELECT, each in its own process: the first page (1,000
    rows) through the API (``kg.query(name, limit=1000)``), the full dump (every row, CSV to a file) against raw
    pyoxigraph's (``Store(path).query(text)``, its CSV writer to a file), then through a real ``partnerkg serve
    --store`` the seconds to the first byte and to the first 1,000 rows of each query's streamed CSV answer.

Queries the peer cannot finish within ``--timeout`` seconds are shown as "> T"; rdflib, which runs last, gets
``--peer-factor`` times partnerkg's median for a query when that is longer, so "> T" then proves partnerkg at least
that many times faster (the scale issue asks for 10× on the five slowest). Medians over ``--repeat``
runs (a single run when the first takes over 5 s). It prints the table and the ratios against the targets of
the scale issue, and writes everything as JSON. This is not a test.
"""

from __future__ import annotations

import argparse
import contextlib
import faulthandler
import json
import os
import platform
import re
import resource
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

TRIPLES_PER_UNIT = 11.9  # measured triples per (organisation + partnership) of the generator
PARTNERSHIPS_PER_ORGANISATION = 1.2
SLOW_RUN_S = 5.0
PREFIXES = {"pk": "https://w3id.org/partnerkg/ontology#", "org": "http://www.w3.org/ns/org#",
            "prov": "http://www.w3.org/ns/prov#", "skos": "http://www.w3.org/2004/02/skos/core#",
            "dcterms": "http://purl.org/dc/terms/", "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
            "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#", "xsd": "http://www.w3.org/2001/XMLSchema#",
            "owl": "http://www.w3.org/2002/07/owl#"}


class _Timeout(BaseException):  # not an Exception: partnerkg's engine wrapper must not swallow it
    pass


def _alarm(_signum: int, _frame: object) -> None:
    raise _Timeout


def _timed(fn, timeout: float | None = None) -> float | None:
    """Seconds ``fn`` took, or None when it ran over ``timeout`` (SIGALRM interrupts pure-Python code)."""
    if timeout:
        signal.signal(signal.SIGALRM, _alarm)
        signal.setitimer(signal.ITIMER_REAL, timeout)
    started = time.perf_counter()
    try:
        fn()
    except _Timeout:
        return None
    finally:
        if timeout:
            signal.setitimer(signal.ITIMER_REAL, 0)
    return time.perf_counter() - started


def _median(fn, repeat: int, timeout: float | None = None) -> float | None:
    first = _timed(fn, timeout)
    if first is None or first > SLOW_RUN_S or repeat <= 1:
        return first
    return statistics.median([first] + [_timed(fn, timeout) or float("inf") for _ in range(repeat - 1)])


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _library():
    from partnerkg.queries.catalogue import list_queries

    return list_queries()


def _bindings(graph, query) -> dict:
    """The bindings partnerkg computes for a library query's defaults (labels resolved to IRIs)."""
    from partnerkg.queries.labels import graph_lookup
    from partnerkg.queries.params import bindings as bind
    from partnerkg.queries.safety import parse_checked

    return bind(parse_checked(query.text, query.name), query.header, {}, query.name, True, graph_lookup(graph))


# ---- workers ---------------------------------------------------------------------------------------------


def worker_rdflib(data: Path, work: Path, repeat: int, timeout: float, limits: dict[str, float]) -> dict:
    from rdflib import Dataset

    from partnerkg.queries.runner import run
    from partnerkg.store.graphs import shipped_triples
    from partnerkg.visualise.maps import prepare_map, render
    from partnerkg.visualise.projections import project

    out: dict = {"queries": {}, "query_limits": {}}
    ds = Dataset(default_union=True)
    out["load_s"] = _timed(lambda: ds.parse(data, format="nt"))
    ds.default_graph.addN((s, p, o, ds.default_graph) for s, p, o in shipped_triples())  # as open_graph does
    for q in _library():
        limit = out["query_limits"][q.name] = limits.get(q.name, timeout)
        out["queries"][q.name] = _median(lambda q=q: run(q.name, ds), repeat, limit)
    out["export_turtle_s"] = _timed(lambda: ds.default_graph.serialize(format="turtle", encoding="utf-8"), timeout * 6)
    out["export_nt_s"] = _timed(lambda: ds.default_graph.serialize(format="nt", encoding="utf-8"), timeout * 6)
    out["network_s"] = _timed(lambda: project(ds, "organisations"), timeout * 6)
    out["map_s"] = _timed(lambda: render(prepare_map(ds, "organisations"), "html"), timeout * 6)
    out["peak_mb"] = _peak_mb()
    return out


def _inline(text: str, bindings: dict) -> str:
    """The query text with each bound variable written as its term (raw pyoxigraph has no initBindings)."""
    for name, term in bindings.items():
        text = re.sub(rf"[?$]{re.escape(name)}\b", term.n3().replace("\\", "\\\\"), text)
    return text


def worker_pyoxigraph(data: Path, work: Path, repeat: int, timeout: float, limits: dict[str, float]) -> dict:
    import pyoxigraph as ox

    from partnerkg.store.terms import to_ox

    out: dict = {"queries": {}}
    folder = work / "raw-store"
    store = ox.Store(str(folder))
    out["load_s"] = _timed(lambda: store.bulk_load(path=str(data), format=ox.RdfFormat.N_TRIPLES))
    from partnerkg.store.graphs import shipped_triples

    store.bulk_extend(ox.Quad(to_ox(s), to_ox(p), to_ox(o)) for s, p, o in shipped_triples())  # as (a) and (c)
    store.flush()
    out["queries"], query_peak = _queries_in_subprocesses("pyoxigraph", folder, repeat, timeout)
    out["export_turtle_s"] = _timed(lambda: store.dump(format=ox.RdfFormat.TURTLE, from_graph=ox.DefaultGraph()))
    out["export_nt_s"] = _timed(lambda: store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.DefaultGraph()))
    out["peak_mb"] = max(_peak_mb(), query_peak)
    return out


def worker_partnerkg(data: Path, work: Path, repeat: int, timeout: float, limits: dict[str, float]) -> dict:
    from partnerkg.interop.export import serialise
    from partnerkg.store.graphs import open_graph
    from partnerkg.store.load import load
    from partnerkg.visualise.maps import prepare_map, render
    from partnerkg.visualise.projections import project

    out: dict = {"queries": {}}
    folder = work / "partnerkg-store"
    out["load_s"] = _timed(lambda: load([data], folder))
    out["columnar_table_s"] = columnar_table(folder)
    out["queries"], query_peak = _queries_in_subprocesses("partnerkg", folder, repeat, timeout)
    graph = open_graph(store=folder)
    # what 'partnerkg export --store' runs (Oxigraph's writers behind partnerkg.interop.export.serialise)
    out["export_turtle_s"] = _timed(lambda: serialise(graph, "turtle"))
    out["export_nt_s"] = _timed(lambda: serialise(graph, "nt"))
    out["network_s"] = _timed(lambda: project(graph, "organisations"))
    out["map_s"] = _timed(lambda: render(prepare_map(graph, "organisations"), "html"))
    out["peak_mb"] = max(_peak_mb(), query_peak)
    return out


def query_worker(engine: str, name: str, folder: Path, repeat: int) -> dict:
    """One library query over an on-disk store, in its own process (Rust cannot be interrupted: the parent
    kills this process at the timeout)."""
    import pyoxigraph as ox

    from partnerkg.queries.catalogue import load_query
    from partnerkg.queries.oxigraph import runs_exactly
    from partnerkg.queries.runner import run
    from partnerkg.queries.safety import parse_checked
    from partnerkg.store.graphs import open_graph
    from partnerkg.store.oxigraph import store_dataset
    from partnerkg.store.terms import to_ox

    q = load_query(name)
    if engine == "partnerkg":
        graph = open_graph(store=folder)
        fn = lambda: run(name, graph)  # noqa: E731
    else:
        store = ox.Store.read_only(str(folder))
        bindings = _bindings(store_dataset(store), q)
        exact = runs_exactly(parse_checked(q.text), bindings)
        text = q.text if exact else _inline(q.text, bindings)
        subs = {ox.Variable(k): to_ox(v) for k, v in bindings.items()} if exact else {}

        def fn() -> None:
            answer = store.query(text, prefixes=PREFIXES, substitutions=subs)
            if not isinstance(answer, ox.QueryBoolean):
                for _ in answer:
                    pass
    return {"median_s": _median(fn, repeat), "peak_mb": _peak_mb()}


def _queries_in_subprocesses(engine: str, folder: Path, repeat: int, timeout: float) -> tuple[dict, float]:
    results, peak = {}, 0.0
    for q in _library():
        try:
            proc = subprocess.run(
                [sys.executable, __file__, "--query-worker", engine, "--query", q.name, "--work", str(folder),
                 "--repeat", str(repeat)],
                capture_output=True, text=True, check=False, timeout=timeout + SLOW_RUN_S * repeat + 30,
            )
        except subprocess.TimeoutExpired:
            results[q.name] = None
            continue
        if proc.returncode != 0:
            results[q.name] = "error: " + proc.stderr.strip().splitlines()[-1][:200]
            continue
        got = json.loads(proc.stdout.strip().splitlines()[-1])
        results[q.name] = got["median_s"] if got["median_s"] <= timeout else None
        peak = max(peak, got["peak_mb"])
    return results, peak




# ---- first pages and full dumps (the scale issue's "big answers") -----------------------------------------

FIRST_PAGE_ROWS = 1000
#: Rounds of both dumps (partnerkg's, raw pyoxigraph's, alternating) whose medians are reported, for the
#: queries where the 1.2x target applies (raw takes 1 s or more) and a raw dump takes at most this long.
DUMP_ROUNDS, DUMP_ROUNDS_BELOW_S = 3, 10.0
#: How long one maplib query (its repeats together) may run before its worker is ended (at 1M, with the
#: defaults written in, maplib never returned from how-connected).
MAPLIB_QUERY_LIMIT_S = 180.0
FIRST_PAGE_TARGET_S = 1.0
DUMP_TARGET_RATIO = 1.2


def _raw_text(store, q) -> tuple[str, dict]:
    """What raw pyoxigraph runs for library query ``q``: its text and substitutions (as query_worker)."""
    import pyoxigraph as ox

    from partnerkg.queries.oxigraph import runs_exactly
    from partnerkg.queries.safety import parse_checked
    from partnerkg.store.oxigraph import store_dataset
    from partnerkg.store.terms import to_ox

    bindings = _bindings(store_dataset(store), q)
    exact = runs_exactly(parse_checked(q.text), bindings)
    text = q.text if exact else _inline(q.text, bindings)
    return text, ({ox.Variable(k): to_ox(v) for k, v in bindings.items()} if exact else {})


def page_worker(name: str, folder: Path, out: Path) -> dict:
    """One library query over the store in ``folder``, in its own process: partnerkg's first page through the
    API (``limit=1000``), partnerkg's full dump (every row, CSV to a file) and raw pyoxigraph's
    (``Store(path).query(text)`` then its CSV writer to a file), each timed once, the raw dump last; where the
    raw dump takes 1–10 s (the 1.2x target applies and a round is short) both dumps run three times, alternating,
    and their medians are reported (one round varies by 20% here)."""
    import pyoxigraph as ox

    import partnerkg
    from partnerkg.queries.catalogue import load_query

    q = load_query(name)
    kg = partnerkg.open(store=folder)
    kg.query("evidence")  # the label index and the process warmed up, as in a long-running session
    got: dict = {"form": None}
    try:
        started = time.perf_counter()
        page = kg.query(name, limit=FIRST_PAGE_ROWS)
        got["first_page_s"] = time.perf_counter() - started
        got["form"] = "SELECT"
    except Exception:  # a library CONSTRUCT or ASK has no pages
        page = None
    _report_so_far(got)
    del page

    def dump() -> float | None:
        started = time.perf_counter()
        result = kg.query(name)
        if result.type != "SELECT":
            return None
        (out / f"{name}.partnerkg.csv").write_bytes(result.serialize("csv"))
        got["rows"] = len(result.rows)
        return time.perf_counter() - started

    store = ox.Store.read_only(str(folder))

    def raw_dump(text: str, subs: dict) -> float:
        started = time.perf_counter()
        answer = store.query(text, prefixes=PREFIXES, substitutions=subs)
        answer.serialize(str(out / f"{name}.raw.csv"), format=ox.QueryResultsFormat.CSV)
        return time.perf_counter() - started

    mine, raw = [dump()], []
    if mine[0] is not None:
        got["dump_s"] = mine[0]
    _report_so_far(got)
    if got["form"] == "SELECT":
        text, subs = _raw_text(store, q)  # once: every round runs the same text
        raw.append(raw_dump(text, subs))
        got["raw_dump_s"] = raw[0]
        if 1 <= raw[0] <= DUMP_ROUNDS_BELOW_S:  # where the 1.2x target applies and a round is short: a median
            for _ in range(DUMP_ROUNDS - 1):
                mine.append(dump())
                raw.append(raw_dump(text, subs))
            got["dump_s"], got["raw_dump_s"] = statistics.median(mine), statistics.median(raw)
            got["dump_rounds"] = DUMP_ROUNDS
    got["peak_mb"] = _peak_mb()
    return got


def _report_so_far(got: dict) -> None:
    """Print what a page worker measured so far, so that a kill (a raw dump past the limit) keeps the stages
    before it: the parent reads the last complete line."""
    print(json.dumps({**got, "peak_mb": _peak_mb()}), flush=True)


def _last_json(output: bytes | str | None) -> dict | None:
    """The last line of ``output`` that is a JSON object, or None."""
    text = output.decode("utf-8", "replace") if isinstance(output, bytes) else output or ""
    for line in reversed(text.strip().splitlines()):
        try:
            value = json.loads(line)
        except ValueError:
            continue
        if isinstance(value, dict):
            return value
    return None


def _first_page_over_http(host: str, port: int, name: str, timeout: float) -> dict:
    """Seconds to the first byte and to the first 1,000 rows of ``/queries/NAME`` as CSV, read with http.client
    (the rest is read too, untimed, so that the worker stays)."""
    import http.client

    connection = http.client.HTTPConnection(host, port, timeout=timeout + 30)
    started = time.perf_counter()
    try:
        connection.request("GET", f"/queries/{name}", headers={"Accept": "text/csv"})
        response = connection.getresponse()
        first_byte = time.perf_counter() - started
        lines = 0
        while lines <= FIRST_PAGE_ROWS:  # the header line, then 1,000 rows
            if not response.readline():
                break
            lines += 1
        page = time.perf_counter() - started
        # read to the end, so that the worker finishes its answer and stays (a cancelled one is replaced)
        with contextlib.suppress(http.client.IncompleteRead):
            response.read()
        return {"status": response.status, "first_byte_s": first_byte, "first_page_s": page,
                "rows_read": max(lines - 1, 0), "chunked": response.getheader("transfer-encoding") == "chunked"}
    except (OSError, http.client.HTTPException) as err:
        return {"error": f"{type(err).__name__}: {err}"}
    finally:
        connection.close()


def endpoint_first_pages(folder: Path, names: list[str], timeout: float) -> dict[str, dict]:
    """Each library query through a real ``partnerkg serve --store`` (one worker, row cap lifted, ``--timeout``):
    the first 1,000 rows of its streamed CSV answer, asked twice: ``cold_first_page_s`` the first time (the
    worker also runs the safety gate's parse of that text, 30–90 ms, and the label lookups), the rest the second."""
    from partnerkg.server.app import Settings, start_server

    settings = Settings(timeout=timeout, max_results=100_000_000, workers=1, max_memory=0)
    out: dict[str, dict] = {}
    with start_server(store=folder, settings=settings) as server:
        host, port = server.url.split("//", 1)[1].rstrip("/").rsplit(":", 1)
        for name in names:
            cold = _first_page_over_http(host, int(port), name, timeout)
            warm = _first_page_over_http(host, int(port), name, timeout)
            out[name] = {**warm, "cold_first_page_s": cold.get("first_page_s")}
    return out


def worker_pages(data: Path, work: Path, repeat: int, timeout: float, limits: dict[str, float]) -> dict:
    """First pages and full dumps of every library query over one store (partnerkg's, loaded if absent)."""
    from partnerkg.store.load import load

    folder = work / "partnerkg-store"
    if not folder.exists():
        load([data], folder)
    dumps = work / "dumps"
    dumps.mkdir(exist_ok=True)
    queries: dict[str, dict] = {}
    limit = 6 * timeout + 60  # a query's first page, dump and raw dump together
    for q in _library():
        try:
            proc = subprocess.run(
                [sys.executable, __file__, "--page-worker", "--query", q.name, "--work", str(folder),
                 "--data", str(dumps)],
                capture_output=True, text=True, check=False, timeout=limit)
        except subprocess.TimeoutExpired as err:  # keep the stages measured before the kill
            partial = _last_json(err.stdout)  # bytes, whatever ``text`` says
            queries[q.name] = {"error": "timeout"} if partial is None else {**partial, "killed_after_s": limit}
        else:
            if proc.returncode == 0:
                queries[q.name] = _last_json(proc.stdout) or {"error": "no report"}
            else:
                queries[q.name] = {"error": proc.stderr.strip().splitlines()[-1][:200] if proc.stderr.strip() else "?"}
        finally:
            for file in dumps.iterdir():
                file.unlink()
    selects = [n for n, v in queries.items() if v.get("form") == "SELECT"]
    for name, got in endpoint_first_pages(folder, selects, timeout).items():
        queries[name]["endpoint"] = got
    return {"queries": queries, "peak_mb": _peak_mb()}


def pages_report(pages: dict) -> str:
    """The first-page and full-dump table, with the scale issue's targets: first 1,000 rows ≤ 1 s (API and
    endpoint), a full CSV dump within 1.2× of raw pyoxigraph."""
    lines = [f"{'query (SELECT)':<42} {'rows':>8} {'page API':>9} {'page HTTP':>9} {'1st byte':>9} "
             f"{'dump':>9} {'raw dump':>9} {'×raw':>6}  targets"]
    for name, got in sorted(pages["queries"].items()):
        if got.get("form") != "SELECT":
            if "error" in got:
                lines.append(f"{name:<42} error: {got['error'][:60]}")
            continue
        http = got.get("endpoint", {})
        ratio = got["dump_s"] / got["raw_dump_s"] if got.get("raw_dump_s") and "dump_s" in got else None
        misses = []
        if got["first_page_s"] > FIRST_PAGE_TARGET_S:
            misses.append("page API")
        if "first_page_s" not in http or http["first_page_s"] > FIRST_PAGE_TARGET_S:
            misses.append("page HTTP")
        if ratio is not None and ratio > DUMP_TARGET_RATIO:
            misses.append("dump")
        verdict = "ok" if not misses else "over: " + ", ".join(misses)
        if "killed_after_s" in got:  # the stages after the kill are unmeasured, not missed
            stage = "raw dump" if "dump_s" in got else "dump"
            verdict += f"; killed at {got['killed_after_s']:.0f} s in the {stage}"
        shown = "" if ratio is None else f"{ratio:.2f}×"
        nan = float("nan")
        lines.append(f"{name:<42} {got.get('rows', 0):>8,} {got['first_page_s']:>8.3f}s "
                     f"{http.get('first_page_s', nan):>8.3f}s {http.get('first_byte_s', nan):>8.3f}s "
                     f"{got.get('dump_s', nan):>8.3f}s {got.get('raw_dump_s', nan):>8.3f}s {shown:>6}  {verdict}")
    return "\n".join(lines)


def pages_targets(pages: dict) -> dict:
    selects = {n: v for n, v in pages["queries"].items() if v.get("form") == "SELECT"}
    return {
        "first_page_api_over_1s": sorted(n for n, v in selects.items() if v["first_page_s"] > FIRST_PAGE_TARGET_S),
        "first_page_endpoint_over_1s": sorted(n for n, v in selects.items()
                                              if v.get("endpoint", {}).get("first_page_s", float("inf"))
                                              > FIRST_PAGE_TARGET_S),
        "dump_over_1_2x_raw": sorted(n for n, v in selects.items()
                                     if v.get("raw_dump_s")
                                     and v.get("dump_s", float("inf")) > DUMP_TARGET_RATIO * v["raw_dump_s"]),
    }


WORKERS = {"rdflib": worker_rdflib, "pyoxigraph": worker_pyoxigraph, "partnerkg": worker_partnerkg,
           "pages": worker_pages}


# ---- the columnar engine against maplib -----------------------------------------------------------------


def columnar_table(folder: Path) -> float | None:
    """Seconds to build the columnar table beside the store in ``folder`` (before its queries are timed: the
    first query the engine answers would build it otherwise); None without DuckDB."""
    from partnerkg.queries.columnar import available, ensure_table
    from partnerkg.store.oxigraph import open_store

    if not available():
        return None
    return _timed(lambda: ensure_table(folder, open_store(folder)))


def _columnar_names(folder: Path) -> list[str]:
    """The library queries the columnar engine answers over the store in ``folder`` (their SELECT/ASK texts)."""
    from partnerkg.queries.catalogue import list_queries
    from partnerkg.queries.columnar import Engine
    from partnerkg.queries.runner import run_query
    from partnerkg.store.graphs import open_graph

    graph = open_graph(store=folder)
    names = []
    for q in list_queries():
        try:  # the columnar engine refuses at once what it cannot answer: Oxigraph never runs here
            run_query(q.text, {}, graph, origin=q.origin, header=q.header, strict=True, engine=Engine.COLUMNAR)
        except Exception:  # refused, or a default parameter naming nothing in generated data
            continue
        names.append(q.name)
    return names


def maplib_texts(folder: Path, names: list[str]) -> dict[str, str]:
    """What maplib runs for each of ``names``: the text with partnerkg's defaults written in, as raw pyoxigraph
    runs it (a default left unbound would ask maplib another question)."""
    from partnerkg.queries.catalogue import load_query
    from partnerkg.store.graphs import open_graph

    graph = open_graph(store=folder)
    return {name: _inline(q.text, _bindings(graph, q)) for name in names for q in [load_query(name)]}


def columnar_worker(engine: str, data: Path, folder: Path, names: list[str], repeat: int,
                    texts: dict[str, str] | None = None) -> dict:
    """The columnar engine's (over the store) or maplib's (over the N-Triples file, read once) median time for
    each of ``names`` with its number of rows, the read time, and this process's peak memory. maplib reads what
    the store holds, ``data`` and the shipped graph (:func:`maplib_input`), and runs ``texts``
    (:func:`maplib_texts`)."""
    out: dict = {"queries": {}, "rows": {}}
    if engine == "columnar":
        from partnerkg.queries.catalogue import load_query
        from partnerkg.queries.columnar import Engine
        from partnerkg.queries.runner import run_query
        from partnerkg.store.graphs import open_graph

        graph = open_graph(store=folder)
        for name in names:
            q = load_query(name)

            def run(q=q) -> None:
                out["rows"][q.name] = len(run_query(q.text, {}, graph, origin=q.origin, header=q.header, strict=True,
                                                    engine=Engine.COLUMNAR).rows)

            out["queries"][name] = _median(run, repeat)
    else:
        try:
            from maplib import Model
        except ImportError:
            return {"error": "maplib is not installed (pip install maplib)"}
        from partnerkg.queries.catalogue import load_query

        assert texts is not None, "maplib runs the texts maplib_texts() writes"
        model = Model()
        out["read_s"] = _timed(lambda: model.read(str(data)))
        for name in names:
            q = load_query(name)
            # a query maplib never returns from holds the interpreter (no signal handler runs): faulthandler's
            # own thread ends the process, and the line printed before each query says which ones finished
            print(json.dumps({**out, "peak_mb": _peak_mb()}), flush=True)
            faulthandler.dump_traceback_later(MAPLIB_QUERY_LIMIT_S, exit=True)

            def run(q=q) -> None:
                got = model.query(texts[q.name])  # a Polars DataFrame for a SELECT
                out["rows"][q.name] = getattr(got, "height", None)

            try:
                out["queries"][name] = _median(run, repeat)
            except Exception as err:
                out["queries"][name] = f"error: {type(err).__name__}"
            except BaseException as err:  # a Rust panic (pyo3's PanicException is a BaseException)
                if isinstance(err, KeyboardInterrupt | _Timeout):
                    raise
                out["queries"][name] = "error: panic"
                break  # measured here: after one panic every later query in the same Model panics too
            finally:
                faulthandler.cancel_dump_traceback_later()
    out["peak_mb"] = _peak_mb()
    return out


def maplib_input(data: Path, work: Path) -> Path:
    """An N-Triples file of what partnerkg's store and raw pyoxigraph's hold: ``data`` and the shipped graph
    (ontology and compiled data), whose blank nodes get labels of their own. Without the ontology maplib would
    answer the queries that read it (subclasses of organisation, the life-cycle's stages) with no rows, fast."""
    import pyoxigraph as ox

    from partnerkg.store.graphs import shipped_triples
    from partnerkg.store.terms import to_ox

    def own(term: object) -> object:
        made = to_ox(term)
        return ox.BlankNode(f"shipped{made.value}") if isinstance(made, ox.BlankNode) else made

    target = work / "maplib-input.nt"
    shutil.copyfile(data, target)
    with target.open("ab") as out:
        ox.serialize((ox.Triple(own(s), own(p), own(o)) for s, p, o in shipped_triples()), out,
                     format=ox.RdfFormat.N_TRIPLES)
    return target


def columnar_against_maplib(data: Path, work: Path, repeat: int, timeout: float) -> dict:
    """For every library query the columnar engine answers over partnerkg's store, its time against maplib's
    (a Polars-backed engine reading the same file into memory), each engine in its own process."""
    folder = work / "partnerkg-store"
    names = _columnar_names(folder)
    out: dict = {"names": names}
    complete = maplib_input(data, work)
    texts = work / "maplib-queries.json"
    texts.write_text(json.dumps(maplib_texts(folder, names)))
    for engine in ("columnar", "maplib"):
        left, merged = list(names), None
        while left:  # a maplib panic ends its worker; a fresh one (the file read again) takes the queries after it
            try:
                proc = subprocess.run(
                    [sys.executable, __file__, "--columnar-worker", engine, "--data", str(complete), "--work",
                     str(folder), "--repeat", str(repeat), "--limits", json.dumps(left), "--texts", str(texts)],
                    capture_output=True, text=True, check=False, timeout=timeout * len(left) + 600,
                )
            except subprocess.TimeoutExpired:
                got = {"error": "timed out"}
            else:
                reported = _last_json(proc.stdout)
                if proc.returncode == 0 and reported is not None:
                    got = reported
                elif engine == "maplib" and "Timeout" in proc.stderr and reported is not None:
                    got = reported  # the queries before the one that never returned
                    got["queries"][left[len(got["queries"])]] = f"no answer in {MAPLIB_QUERY_LIMIT_S:.0f} s"
                else:
                    got = {"error": (proc.stderr.strip().splitlines() or ["failed"])[-1][:200]}
            if "error" in got:
                merged = merged or got
                break
            if merged is None:
                merged = got
            else:
                merged["queries"].update(got["queries"])
                merged["rows"].update(got["rows"])
                merged["peak_mb"] = max(merged["peak_mb"], got["peak_mb"])
                merged["restarts"] = merged.get("restarts", 0) + 1
            left = left[len(got["queries"]):]
        out[engine] = merged or {"error": "no queries"}
    return out


def columnar_report(results: dict, timeout: float) -> str:
    """The columnar engine against maplib, query by query, with the ratio (columnar / maplib)."""
    col, mpl = results.get("columnar", {}), results.get("maplib", {})
    lines = [f"{'columnar engine vs maplib':<44} {'columnar':>12} {'maplib':>12} {'×maplib':>9}"]
    if "error" in col or "error" in mpl:
        lines.append(f"  not measured: {col.get('error') or mpl.get('error')}")
        return "\n".join(lines)
    for name in results["names"]:
        a, b = col["queries"].get(name), mpl["queries"].get(name)
        ours, theirs = col.get("rows", {}).get(name), mpl.get("rows", {}).get(name)
        differ = f"  rows: {ours} here, {theirs} from maplib" if theirs is not None and ours != theirs else ""
        lines.append(f"{'query ' + name:<44} {_fmt(a, timeout):>12} {_fmt(b, timeout):>12} "
                     f"{_ratio(a, b, timeout):>9}{differ}")
    lines.append(f"{'read (maplib: the file into memory)':<44} {'':>12} {_fmt(mpl.get('read_s'), timeout):>12}")
    if mpl.get("restarts"):
        lines.append(f"{'maplib restarted after a panic (times)':<44} {'':>12} {mpl['restarts']:>12}")
    lines.append(f"{'peak memory (MB)':<44} {col['peak_mb']:>12.0f} {mpl['peak_mb']:>12.0f} "
                 f"{col['peak_mb'] / mpl['peak_mb']:>8.2f}×")
    return "\n".join(lines)


# ---- the report ------------------------------------------------------------------------------------------


def _fmt(value: object, timeout: float) -> str:
    if value is None:
        return f"> {timeout:.3g} s"
    if isinstance(value, str):
        return value[:20]
    if isinstance(value, float):
        return f"{value:.3f} s" if value < 10 else f"{value:.1f} s"
    return str(value)


def _ratio(a: object, b: object, timeout: float) -> str:
    if isinstance(b, float) and b > 0:
        if a is None:
            return f"> {timeout / b:.1f}×"
        if isinstance(a, float):
            return f"{a / b:.1f}×"
    return "–"


def report(results: dict, timeout: float) -> str:
    """The side-by-side table; without an rdflib run (at 10M it cannot hold the data) its column says so."""
    a, b, c = results.get("rdflib"), results["pyoxigraph"], results["partnerkg"]
    lines = [f"{'measure':<44} {'rdflib':>12} {'pyoxigraph':>12} {'partnerkg':>12} {'×rdflib':>9} {'×oxigraph':>9}"]

    def row(name: str, key: str | None = None, va=None, vb=None, vc=None, peer_limit: float = timeout) -> None:
        vb = b.get(key, "n/a") if key else vb
        vc = c.get(key) if key else vc
        if a is None:
            shown, ratio = "not run", "–"
        else:
            va = a.get(key) if key else va
            shown, ratio = _fmt(va, peer_limit), _ratio(va, vc, peer_limit)
        lines.append(f"{name:<44} {shown:>12} {_fmt(vb, timeout):>12} {_fmt(vc, timeout):>12} "
                     f"{ratio:>9} {_ratio(vc, vb, timeout) if isinstance(vb, float) else '–':>9}")

    row("load", "load_s")
    limits = a.get("query_limits", {}) if a is not None else {}
    for name in sorted(c["queries"]):
        row(f"query {name}", va=a["queries"].get(name) if a is not None else None, vb=b["queries"].get(name),
            vc=c["queries"].get(name), peer_limit=limits.get(name, timeout))
    row("export Turtle", "export_turtle_s")
    row("export N-Triples", "export_nt_s")
    row("organisation network", "network_s")
    row("organisation map (HTML)", "map_s")
    if a is None:
        lines.append(f"{'peak memory (MB)':<44} {'not run':>12} {b['peak_mb']:>12.0f} {c['peak_mb']:>12.0f} "
                     f"{'–':>9} {c['peak_mb'] / b['peak_mb']:>8.2f}×")
    else:
        lines.append(f"{'peak memory (MB)':<44} {a['peak_mb']:>12.0f} {b['peak_mb']:>12.0f} {c['peak_mb']:>12.0f} "
                     f"{a['peak_mb'] / c['peak_mb']:>8.1f}× {c['peak_mb'] / b['peak_mb']:>8.2f}×")
    return "\n".join(lines)


#: The load target of the scale issue at 10M triples (on these 2 cores).
LOAD_10M_TARGET_S = 100.0


def targets(results: dict, timeout: float, triples: int = 0) -> dict:
    """The scale issues' targets as measured: load against raw bulk_load (and, at 10M, the 100 s bound),
    queries against raw pyoxigraph, and, when rdflib ran, the ratios against it (information only)."""
    a, b, c = results.get("rdflib"), results["pyoxigraph"], results["partnerkg"]
    ours = [v for v in c["queries"].values() if isinstance(v, float)]
    raw = {n: v for n, v in b["queries"].items() if isinstance(v, float)}
    out = {
        "load_vs_pyoxigraph": c["load_s"] / b["load_s"],
        "load_s": c["load_s"],
        "max_query_median_s": max(ours) if ours else None,
        "queries_over_1s": sorted(n for n, v in c["queries"].items() if not isinstance(v, float) or v > 1),
        "queries_over_1_5x_pyoxigraph": sorted(n for n, v in c["queries"].items()
                                               if isinstance(v, float) and n in raw and v > 1.5 * raw[n]),
    }
    if triples >= 9_000_000:
        out["load_under_100s_at_10M"] = c["load_s"] < LOAD_10M_TARGET_S
    if a is None:
        return out
    limits = a.get("query_limits", {})

    def peer(name: str) -> float:
        """rdflib's time for query ``name``, or its limit when it did not finish (a lower bound)."""
        value = a["queries"].get(name)
        return limits.get(name, timeout) if value is None else value if isinstance(value, float) else 0.0

    five = sorted(c["queries"], key=lambda n: (a["queries"].get(n) is not None, -peer(n)))[:5]
    out.update({
        "load_vs_rdflib": a["load_s"] / c["load_s"],
        "five_slowest_for_rdflib": {n: {"rdflib": a["queries"].get(n), "rdflib_limit": limits.get(n, timeout),
                                        "partnerkg": c["queries"][n], "ratio_at_least": peer(n) / c["queries"][n]}
                                    for n in five if isinstance(c["queries"][n], float)},
        "memory_vs_rdflib": c["peak_mb"] / a["peak_mb"],
    })
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--triples", type=int, default=1_000_000)
    parser.add_argument("--timeout", type=float, default=20.0, help="per-query timeout (s)")
    parser.add_argument("--peer-factor", type=float, default=10.0,
                        help="rdflib's per-query timeout is at least this many times partnerkg's median")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--json", type=Path, default=None)
    parser.add_argument("--only", choices=sorted(WORKERS), action="append", default=None)
    parser.add_argument("--worker", choices=sorted(WORKERS), help=argparse.SUPPRESS)
    parser.add_argument("--data", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--query-worker", choices=["pyoxigraph", "partnerkg"], help=argparse.SUPPRESS)
    parser.add_argument("--page-worker", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--query", help=argparse.SUPPRESS)
    parser.add_argument("--columnar-worker", choices=["columnar", "maplib"], help=argparse.SUPPRESS)
    parser.add_argument("--work", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--limits", help=argparse.SUPPRESS)
    parser.add_argument("--texts", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()

    if args.query_worker:
        print(json.dumps(query_worker(args.query_worker, args.query, args.work, args.repeat)))
        return
    if args.page_worker:
        print(json.dumps(page_worker(args.query, args.work, args.data)))
        return
    if args.columnar_worker:
        names = json.loads(args.limits)
        texts = json.loads(args.texts.read_text()) if args.texts else None
        print(json.dumps(columnar_worker(args.columnar_worker, args.data, args.work, names, args.repeat, texts)))
        return
    if args.worker:
        result = WORKERS[args.worker](args.data, args.work, args.repeat, args.timeout, json.loads(args.limits or "{}"))
        print(json.dumps(result))
        return

    from partnerkg.graph.synthetic import generate

    with tempfile.TemporaryDirectory(prefix="partnerkg-bench-") as tmp:
        work = Path(tmp)
        units = args.triples / TRIPLES_PER_UNIT
        organisations = int(units / (1 + PARTNERSHIPS_PER_ORGANISATION))
        partnerships = int(organisations * PARTNERSHIPS_PER_ORGANISATION)
        data = work / "country.nt"
        started = time.perf_counter()
        country = generate(data, organisations, partnerships, seed=args.seed)
        generated_s = time.perf_counter() - started
        print(f"generated {country.triples:,} triples ({organisations:,} organisations, {partnerships:,} "
              f"partnerships) in {generated_s:.1f} s", file=sys.stderr)
        results: dict = {}
        for name in args.only or ["pyoxigraph", "partnerkg", "pages", "rdflib"]:
            started = time.perf_counter()
            ours = results.get("partnerkg", {}).get("queries", {})
            limits = {n: max(args.timeout, args.peer_factor * v) for n, v in ours.items() if isinstance(v, float)}
            proc = subprocess.run(
                [sys.executable, __file__, "--worker", name, "--data", str(data), "--work", str(work),
                 "--repeat", str(args.repeat), "--timeout", str(args.timeout), "--limits", json.dumps(limits)],
                capture_output=True, text=True, check=False,
            )
            if proc.returncode != 0:
                sys.exit(f"{name} worker failed:\n{proc.stderr[-3000:]}")
            results[name] = json.loads(proc.stdout.strip().splitlines()[-1])
            print(f"{name}: done in {time.perf_counter() - started:.0f} s", file=sys.stderr)
            if name == "partnerkg":  # while its store is there
                results["columnar"] = columnar_against_maplib(data, work, args.repeat, args.timeout)
    summary = {"triples": country.triples, "organisations": organisations, "partnerships": partnerships,
               "generate_s": generated_s, "timeout_s": args.timeout, "peer_factor": args.peer_factor,
               "repeat": args.repeat,
               "machine": {"cpus": os.cpu_count(), "python": platform.python_version()}, "results": results}
    if {"pyoxigraph", "partnerkg"} <= results.keys():
        print(report(results, args.timeout))
        summary["targets"] = targets(results, args.timeout, country.triples)
        print(json.dumps(summary["targets"], indent=2, default=str))
    if "pages" in results:
        print(pages_report(results["pages"]))
        summary["page_targets"] = pages_targets(results["pages"])
        print(json.dumps(summary["page_targets"], indent=2))
    if "columnar" in results:
        print(columnar_report(results["columnar"], args.timeout))
    if args.json:
        args.json.write_text(json.dumps(summary, indent=2, default=str))


if __name__ == "__main__":
    main()
