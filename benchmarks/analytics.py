"""Benchmark: network analytics over the organisation network of a generated country, in memory and from a store.

Target (issue 7): degree, approximate betweenness with k samples and communities over the organisation
network of 100,000 organisations finish in under a minute (2 cores). Measured here per path, each in its own
process (peak memory is that path's):

- memory: ``open_graph([FILE])`` (rdflib parses the file; shown as "open"), then the analytics;
- store: ``partnerkg load FILE --store DIR`` (shown as "open"), then ``open_graph(store=DIR)`` and the analytics.

"read" is what ``partnerkg analyse`` (organisations view, no filter) spends reading the network:
:func:`partnerkg.visualise.network.organisation_network`. Then :func:`partnerkg.visualise.analytics.analyse`,
timed phase by phase from its progress calls: degree (with reading the graph into arrays once), betweenness
(k sampled sources), cross-sector brokerage, components, Louvain communities, and "rest" (summary,
modularity, the rows). "total" is read plus the measures — what ``partnerkg analyse`` spends after opening the
data — and is compared with the 60 s target. ``--full-view`` also times the whole organisations view that
``map`` draws (``read_knowledge`` + ``organisation_graph``, every attribute), shown as "view".

Run: ``.venv/bin/python benchmarks/analytics.py [--organisations 100000] [--samples 200] [--paths memory,store]
[--data FILE] [--store DIR] [--repeat N] [--json FILE]``. ``--data`` reuses a generated file, ``--store`` a
store already loaded from it (then "open" is only opening it). It prints a table and writes the figures as
JSON. This is not a test.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import platform
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

TARGET_S = 60.0
MEASURES = ("degree", "betweenness", "brokerage", "components", "communities")
PHASES = ("read", *MEASURES, "rest")


def _worker(path_kind: str, data: Path, store: Path, samples: int, seed: int, load_store: bool,
            full_view: bool) -> dict:
    """Measure one path in this process; returns the figures."""
    from partnerkg.store.graphs import open_graph
    from partnerkg.visualise.analytics import analyse
    from partnerkg.visualise.network import organisation_network

    figures: dict = {"path": path_kind}
    started = time.perf_counter()
    if path_kind == "memory":
        graph = open_graph([data])
    else:
        if load_store:
            from partnerkg.store.load import load

            load([data], store)
        graph = open_graph(store=store)
    figures["open_s"] = time.perf_counter() - started
    gc.freeze()  # as the commands do (partnerkg.visualise.maps.frozen_heap)

    def say(name: str) -> None:
        print(f"  {path_kind:<6} {name:<12} {figures[f'{name}_s']:8.2f} s", file=sys.stderr, flush=True)

    t0 = time.perf_counter()
    G = organisation_network(graph)
    figures["read_s"] = time.perf_counter() - t0
    say("read")
    figures["organisations"] = G.number_of_nodes()
    figures["edges"] = G.number_of_edges()

    ends: dict[str, float] = {}

    def progress(phase: str, done: int, total: int | None) -> None:
        ends[phase] = time.perf_counter()

    t0 = time.perf_counter()
    _rows, summary = analyse(G, k=samples, seed=seed, progress=progress)
    finished = time.perf_counter()
    last = t0
    for phase in MEASURES:
        figures[f"{phase}_s"] = ends[phase] - last
        last = ends[phase]
        say(phase)
    figures["rest_s"] = finished - last
    say("rest")
    figures["communities"] = summary.communities
    figures["total_s"] = sum(figures[f"{p}_s"] for p in PHASES)
    if full_view:
        from partnerkg.visualise.entities import read_knowledge
        from partnerkg.visualise.projections import organisation_graph

        t0 = time.perf_counter()
        organisation_graph(read_knowledge(graph))
        figures["view_s"] = time.perf_counter() - t0
        say("view")
    figures["peak_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return figures


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--organisations", type=int, default=100_000)
    parser.add_argument("--partnerships", type=int, default=None, help="default: 1.2 per organisation")
    parser.add_argument("--samples", type=int, default=200, help="betweenness sources (k)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--paths", default="memory,store", help="comma-separated: memory, store")
    parser.add_argument("--data", type=Path, default=None, help="use this generated file instead of generating")
    parser.add_argument("--store", type=Path, default=None, help="use this store, loaded from --data, as it is")
    parser.add_argument("--repeat", type=int, default=1, help="run each path this many times")
    parser.add_argument("--full-view", action="store_true", help="also time the full organisations view (map)")
    parser.add_argument("--json", type=Path, default=Path("analytics-benchmark.json"))
    parser.add_argument("--worker", nargs=4, metavar=("PATH", "DATA", "STORE", "LOAD"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    if args.worker:
        kind, data, store, load_store = args.worker
        print(json.dumps(_worker(kind, Path(data), Path(store), args.samples, args.seed, load_store == "load",
                                 args.full_view)))
        return 0
    if args.store is not None and args.data is None:
        parser.error("--store needs --data (the file it was loaded from)")

    partnerships = args.partnerships if args.partnerships is not None else int(args.organisations * 1.2)
    with tempfile.TemporaryDirectory(prefix="partnerkg-analytics-bench-") as work:
        data = args.data
        generated_s = 0.0
        if data is None:
            from partnerkg.graph.synthetic import generate

            data = Path(work) / "country.nt"
            t0 = time.perf_counter()
            generate(data, args.organisations, partnerships, seed=args.seed)
            generated_s = time.perf_counter() - t0
        results = []
        for _run in range(args.repeat):
            for kind in [p.strip() for p in args.paths.split(",") if p.strip()]:
                store = args.store if args.store is not None else Path(work) / f"store-{kind}-{_run}"
                command = [sys.executable, __file__, "--samples", str(args.samples), "--seed", str(args.seed),
                           *(["--full-view"] if args.full_view else []),
                           "--worker", kind, str(data), str(store), "reuse" if args.store else "load"]
                done = subprocess.run(command, check=True, stdout=subprocess.PIPE, text=True)
                figures = json.loads(done.stdout.strip().splitlines()[-1])
                figures["load_average"] = os.getloadavg()
                results.append(figures)

    print(f"organisation network analytics, generated country of {args.organisations:,} organisations "
          f"({partnerships:,} partnerships, seed {args.seed}); betweenness from k = {args.samples} sources")
    header = (f"{'path':<7}{'orgs':>9}{'edges':>10}{'open':>9}{'read':>9}{'degree':>8}{'betw.':>8}{'brok.':>8}"
              f"{'comp.':>8}{'comm.':>8}{'rest':>8}{'total':>9}{'/60 s':>7}{'peak MB':>9}{'view':>9}{'load':>6}")
    print(header)
    for r in results:
        view = f"{r['view_s']:>8.1f}s" if "view_s" in r else f"{'-':>9}"
        print(f"{r['path']:<7}{r['organisations']:>9,}{r['edges']:>10,}{r['open_s']:>8.1f}s{r['read_s']:>8.1f}s"
              f"{r['degree_s']:>7.1f}s{r['betweenness_s']:>7.1f}s{r['brokerage_s']:>7.1f}s"
              f"{r['components_s']:>7.1f}s{r['communities_s']:>7.1f}s{r['rest_s']:>7.1f}s{r['total_s']:>8.1f}s"
              f"{r['total_s'] / TARGET_S:>7.2f}{r['peak_mb']:>9,.0f}{view}{r['load_average'][0]:>6.1f}")
    for r in results:
        verdict = "meets" if r["total_s"] <= TARGET_S else "misses"
        print(f"{r['path']}: total {r['total_s']:.1f} s {verdict} the {TARGET_S:.0f} s target "
              f"({r['communities']:,} communities)")
    figures = {"organisations": args.organisations, "partnerships": partnerships, "samples": args.samples,
               "seed": args.seed, "generate_s": round(generated_s, 3), "target_s": TARGET_S, "results": results,
               "load_average": os.getloadavg(),
               "machine": {"python": platform.python_version(), "cpus": os.cpu_count(),
                           "platform": platform.platform()}}
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(figures, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    print(f"figures written to {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
