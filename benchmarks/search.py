"""Benchmark of full-text search (:mod:`partnerkg.queries.fulltext`) against today's ``search`` library query
(``CONTAINS(LCASE(…))``), over an on-disk store of a synthetic country.

Run: ``.venv/bin/python benchmarks/search.py --triples 1000000 [--store DIR] [--repeat 30] [--json FILE]``.

It generates about ``--triples`` triples (``partnerkg generate``) and loads them with ``partnerkg.store.load.load``
(which builds the search index in the staging copy), or reuses the store in ``--store DIR`` when it holds one
(``--store`` with a new folder keeps the store for the next run). It then measures:

* ``load_s``: the whole load, index included; ``index_s``: building the index again on its own (what the index adds
  to a load), its size on disk and the rows it holds;
* for each search text (words and prefixes taken from the generated labels, two-word texts, a substring inside a
  word, a kind filter): ``search(graph, text, limit=10)`` ``--repeat`` times after one warm-up, median and p95 in
  milliseconds, and the hits; the first search of a fresh process (opening the index) separately;
* the ``search`` library query with the same text over the same store (``--contains-repeat`` times: it takes
  seconds), median and p95, and how many rows it returns (unranked, every match).

The goal of issue 19 is a search within 50 ms at 10M triples. This is not a test.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

TRIPLES_PER_UNIT = 11.9  # measured triples per (organisation + partnership) of the generator (benchmarks/run.py)
PARTNERSHIPS_PER_ORGANISATION = 1.2
GOAL_MS = 50.0


def _percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(fraction * (len(ordered) - 1))))]


def _times(fn, repeat: int) -> list[float]:
    out = []
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        out.append(time.perf_counter() - started)
    return out


def _store(args: argparse.Namespace, work: Path) -> tuple[Path, dict]:
    """The store to measure, and what making it cost."""
    from partnerkg.graph.synthetic import generate
    from partnerkg.store.load import load
    from partnerkg.store.oxigraph import is_store

    if args.store is not None and is_store(args.store):
        return args.store, {"reused": True}
    target = args.store or work / "store"
    units = args.triples / TRIPLES_PER_UNIT
    organisations = int(units / (1 + PARTNERSHIPS_PER_ORGANISATION))
    partnerships = int(organisations * PARTNERSHIPS_PER_ORGANISATION)
    data = work / "country.nt"
    started = time.perf_counter()
    country = generate(data, organisations, partnerships, seed=args.seed)
    generated = time.perf_counter() - started
    print(f"generated {country.triples:,} triples in {generated:.0f} s", file=sys.stderr)
    started = time.perf_counter()
    load([data], target)
    loaded = time.perf_counter() - started
    print(f"loaded in {loaded:.0f} s", file=sys.stderr)
    data.unlink()
    return target, {"reused": False, "generated_triples": country.triples, "organisations": organisations,
                    "partnerships": partnerships, "generate_s": generated, "load_s": loaded}


def _texts(store_path: Path, seed: int) -> list[tuple[str, str | None]]:
    """Search texts drawn from the store's own labels: (text, kind)."""
    import pyoxigraph as ox

    store = ox.Store.read_only(str(store_path))
    label = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label")
    labels = sorted({q.object.value for q in store.quads_for_pattern(None, label, None)})
    rng = random.Random(seed)
    picked = rng.sample(labels, 6)
    texts: list[tuple[str, str | None]] = [("mental health", None), ("trust", None), ("turning poi", None),
                                           ("partnership", "partnership")]
    for text in picked:
        words = [w for w in text.split() if w.isalpha() and len(w) > 3]
        if not words:
            continue
        texts.append((text, None))  # a whole label
        texts.append((words[0][:4].lower(), None))  # a prefix
        if len(words[0]) > 6:
            texts.append((words[0][1:6].lower(), None))  # a substring inside a word
        texts.append((words[-1], "organisation"))
    return list(dict.fromkeys(texts))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--triples", type=int, default=1_000_000)
    parser.add_argument("--store", type=Path, default=None, help="reuse this store, or keep the new one here")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument("--contains-repeat", type=int, default=5)
    parser.add_argument("--contains-texts", type=int, default=6, help="how many texts also run the CONTAINS query")
    parser.add_argument("--reuse-index", action="store_true",
                        help="keep a current index instead of timing a rebuild (index_s is then not measured)")
    parser.add_argument("--json", type=Path, default=None)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="partnerkg-search-bench-") as tmp:
        store_path, made = _store(args, Path(tmp))
        from partnerkg.queries.fulltext import FILE_NAME, build_search_index, ensure_search_index, search
        from partnerkg.queries.label_index import fingerprint
        from partnerkg.queries.runner import run
        from partnerkg.store.graphs import open_graph

        graph = open_graph(store=store_path)
        import pyoxigraph as ox

        triples = len(ox.Store.read_only(str(store_path)))
        index_s = None
        if not (args.reuse_index and not ensure_search_index(store_path, graph)):
            started = time.perf_counter()
            assert build_search_index(store_path, graph) is not None
            index_s = time.perf_counter() - started
        index = store_path / FILE_NAME
        import sqlite3

        with sqlite3.connect(f"{index.as_uri()}?mode=ro", uri=True) as db:
            rows = db.execute("SELECT count(*) FROM resources").fetchone()[0]
            assert db.execute("SELECT value FROM meta WHERE name='fingerprint'").fetchone()[0] == fingerprint(
                store_path)
        texts = _texts(store_path, args.seed)
        started = time.perf_counter()
        search(graph, texts[0][0])
        first_ms = (time.perf_counter() - started) * 1000
        results = []
        for n, (text, kind) in enumerate(texts):
            hits = search(graph, text, kind=kind)
            times = _times(lambda text=text, kind=kind: search(graph, text, kind=kind), args.repeat)
            entry = {"text": text, "kind": kind, "hits": len(hits), "top": [h.label for h in hits[:3]],
                     "fields": sorted({h.field for h in hits}),
                     "median_ms": statistics.median(times) * 1000, "p95_ms": _percentile(times, 0.95) * 1000}
            if n < args.contains_texts and kind is None:
                contains = _times(lambda text=text: run("search", graph, text=text), args.contains_repeat)
                entry["contains_rows"] = len(run("search", graph, text=text).rows)
                entry["contains_median_ms"] = statistics.median(contains) * 1000
                entry["contains_p95_ms"] = _percentile(contains, 0.95) * 1000
            results.append(entry)
            print(f"{text!r:40} {kind or '':12} {entry['median_ms']:8.2f} ms  p95 {entry['p95_ms']:8.2f} ms  "
                  f"{len(hits):2} hits" + (f"   CONTAINS {entry['contains_median_ms']:9.0f} ms"
                                           if "contains_median_ms" in entry else ""), file=sys.stderr)
        medians = [r["median_ms"] for r in results]
        p95s = [r["p95_ms"] for r in results]
        summary = {
            "triples": triples, **made, "index_s": index_s, "index_mb": index.stat().st_size / 2**20,
            "index_rows": rows, "first_search_ms": first_ms, "repeat": args.repeat,
            "search_median_ms": statistics.median(medians), "search_worst_median_ms": max(medians),
            "search_worst_p95_ms": max(p95s),
            "contains_median_ms": statistics.median([r["contains_median_ms"] for r in results
                                                     if "contains_median_ms" in r] or [float("nan")]),
            "load_average": os.getloadavg(),
            "goal_ms": GOAL_MS, "within_goal": max(p95s) <= GOAL_MS, "peak_mb": resource.getrusage(
                resource.RUSAGE_SELF).ru_maxrss / 1024,
            "machine": {"cpus": os.cpu_count(), "python": platform.python_version()}, "texts": results}
        print(json.dumps({k: v for k, v in summary.items() if k != "texts"}, indent=2, default=str))
        if args.json:
            args.json.parent.mkdir(parents=True, exist_ok=True)
            args.json.write_text(json.dumps(summary, indent=2, default=str))


if __name__ == "__main__":
    main()
