"""Library queries on an on-disk store: partnerkg's store path against raw pyoxigraph, query by query.

Run: ``.venv/bin/python benchmarks/queries.py --store DIR [--repeat 3] [--timeout 30] [--json FILE] [NAME …]``
over a store made with ``partnerkg load FILE --store DIR`` (for the scale issue's 1M triples:
``partnerkg generate --organisations 38000 --partnerships 46000 --seed 1 --output country.nt``).

For each library query (or the NAMEs given), two fresh processes each open the store and time the query
``--repeat`` times (median; one run when the first takes over 5 s), and are killed at ``--timeout`` seconds
(Rust cannot be interrupted):

* partnerkg: ``partnerkg.queries.run(name, open_graph(store=DIR))``, everything included (safety gate, label
  resolution of the default parameters, binding, Oxigraph, conversion of the results to rdflib terms);
* pyoxigraph: ``Store.query`` of the same query text with the default parameters already resolved (outside the
  timing) and written into the text as terms, iterating over every result.

It prints both medians, their ratio (partnerkg / pyoxigraph; the scale issue's target is at most 1.5×) and the
first, cold, partnerkg run (what one ``partnerkg query`` command pays), then the worst ratio and the queries
over 1 s. This is a measurement, not a test: the machine is shared, so ratios matter more than absolute times.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import time
from pathlib import Path

SLOW_RUN_S = 5.0
TARGET_S = 1.0
TARGET_RATIO = 1.5


def _median(fn, repeat: int) -> tuple[float, float]:
    """(median, first) seconds of ``fn`` over ``repeat`` runs; a single run when the first is slow."""
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        times.append(time.perf_counter() - started)
        if times[0] > SLOW_RUN_S:
            break
    return statistics.median(times), times[0]


def _raw_text(name: str, folder: Path) -> str:
    """The library query's text with its default parameters resolved by partnerkg and written in as terms."""
    from partnerkg.namespaces import PREFIXES
    from partnerkg.queries.catalogue import load_query
    from partnerkg.queries.labels import graph_lookup
    from partnerkg.queries.params import bindings
    from partnerkg.queries.safety import parse_checked
    from partnerkg.queries.text import bind_variables
    from partnerkg.store.graphs import open_graph

    q = load_query(name)
    lookup = graph_lookup(open_graph(store=folder))
    bound = bindings(parse_checked(q.text, q.origin), q.header, {}, q.origin, True, lookup)
    return bind_variables(q.text, bound, PREFIXES)


def worker(engine: str, name: str, folder: Path, repeat: int) -> dict:
    """Time one query in this process (see the module docstring)."""
    if engine == "partnerkg":
        from partnerkg.queries.runner import run
        from partnerkg.store.graphs import open_graph

        graph = open_graph(store=folder)
        median, first = _median(lambda: run(name, graph), repeat)
        return {"median_s": median, "first_s": first}
    import pyoxigraph as ox

    from partnerkg.namespaces import PREFIXES

    text = _raw_text(name, folder)
    store = ox.Store.read_only(str(folder))
    prefixes = {p: str(ns) for p, ns in PREFIXES.items()}

    def fn() -> None:
        answer = store.query(text, prefixes=prefixes)
        if not isinstance(answer, ox.QueryBoolean):
            for _ in answer:
                pass

    median, first = _median(fn, repeat)
    return {"median_s": median, "first_s": first}


def _measure(engine: str, name: str, folder: Path, repeat: int, timeout: float) -> dict | None:
    try:
        proc = subprocess.run(
            [sys.executable, __file__, "--worker", engine, "--store", str(folder), "--repeat", str(repeat), name],
            capture_output=True, text=True, check=False, timeout=timeout,
        )
    except subprocess.TimeoutExpired:
        return None
    if proc.returncode != 0:
        return {"error": (proc.stderr.strip().splitlines() or ["?"])[-1][:120]}
    return json.loads(proc.stdout.strip().splitlines()[-1])


def _show(value: dict | None, key: str, timeout: float) -> str:
    if value is None:
        return f"> {timeout:g} s"
    if "error" in value:
        return "error"
    return f"{value[key]:.3f} s"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("names", nargs="*", help="library queries to measure (default: all)")
    parser.add_argument("--store", type=Path, required=True, help="an on-disk store made by 'partnerkg load'")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--timeout", type=float, default=30.0, help="seconds before a query's process is killed")
    parser.add_argument("--json", type=Path, default=None, help="also write the figures as JSON")
    parser.add_argument("--worker", choices=["partnerkg", "pyoxigraph"], help=argparse.SUPPRESS)
    args = parser.parse_args()

    if args.worker:
        print(json.dumps(worker(args.worker, args.names[0], args.store, args.repeat)))
        return

    from partnerkg.queries.catalogue import list_queries

    names = args.names or [q.name for q in list_queries()]
    results: dict[str, dict] = {}
    print(f"{'query':<44} {'partnerkg':>10} {'pyoxigraph':>10} {'ratio':>7} {'cold':>9}")
    for name in names:
        ours = _measure("partnerkg", name, args.store, args.repeat, args.timeout)
        raw = _measure("pyoxigraph", name, args.store, args.repeat, args.timeout)
        ratio = (ours["median_s"] / max(raw["median_s"], 1e-4)
                 if ours and raw and "error" not in ours and "error" not in raw else None)
        results[name] = {"partnerkg": ours, "pyoxigraph": raw, "ratio": ratio}
        print(f"{name:<44} {_show(ours, 'median_s', args.timeout):>10} {_show(raw, 'median_s', args.timeout):>10} "
              f"{f'{ratio:.2f}×' if ratio is not None else '–':>7} {_show(ours, 'first_s', args.timeout):>9}",
              flush=True)
    ratios = {n: r["ratio"] for n, r in results.items() if r["ratio"] is not None}
    slow = [n for n, r in results.items()
            if not r["partnerkg"] or "error" in r["partnerkg"] or r["partnerkg"]["median_s"] > TARGET_S]
    if ratios:
        worst = max(ratios, key=ratios.__getitem__)
        print(f"worst ratio: {worst} {ratios[worst]:.2f}× (target ≤ {TARGET_RATIO}×); "
              f"over {TARGET_RATIO}×: {', '.join(n for n, r in ratios.items() if r > TARGET_RATIO) or 'none'}")
    slowest = max((n for n in results if results[n]["partnerkg"] and "error" not in results[n]["partnerkg"]),
                  key=lambda n: results[n]["partnerkg"]["median_s"], default=None)
    if slowest:
        print(f"slowest: {slowest} {results[slowest]['partnerkg']['median_s']:.3f} s; "
              f"over {TARGET_S:g} s (or failed): {', '.join(slow) or 'none'}")
    if args.json:
        args.json.write_text(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
