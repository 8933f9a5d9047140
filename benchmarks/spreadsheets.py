"""Benchmark: spreadsheet import, export and push — measured figures, not a test.

1. Import: generates ``--organisations`` organisation rows and ``--partnerships`` partnership rows (three
   partners each, one of them a shipped organisation) as CSV in a temporary folder and imports them against
   the shipped graph: rows per second, and the share of the time SHACL takes.
2. Export: the shipped graph in every format (bytes and seconds), twice, checking the bytes are identical.
3. Push (only with ``--virtuoso URL``, e.g. http://127.0.0.1:8890, credentials dba/dba): the shipped graph
   through the Graph Store Protocol with several batch sizes (triples per second).

Run: ``.venv/bin/python benchmarks/spreadsheets.py [--organisations 2000] [--partnerships 1000]
[--virtuoso URL]``. Only loopback endpoints are contacted.
"""

from __future__ import annotations

import argparse
import csv
import random
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit


def _generate(folder: Path, organisations: int, partnerships: int) -> list[Path]:
    rng = random.Random(1)
    orgs, parts = folder / "organisations.csv", folder / "partnerships.csv"
    with orgs.open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["name", "sector", "kind", "region", "website"])
        for i in range(organisations):
            w.writerow([f"Organisation {i} — “Café” مؤسسة 🌈", rng.choice(["statutory", "voluntary", "private", ""]),
                        rng.choice(["", "Service team", "Consortium"]) if i % 3 else "",
                        rng.choice(["Leeds", "England; London", ""]), f"https://example.org/{i}" if i % 2 else ""])
    with parts.open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["name", "partners", "model", "stage", "formal", "working mode", "start year"])
        for i in range(partnerships):
            a, b = rng.sample(range(organisations), 2)
            w.writerow([f"Partnership {i}", f"Organisation {a} — “Café” مؤسسة 🌈; Organisation {b} — “Café” مؤسسة 🌈; "
                        "Mind", rng.choice(["co-location", "steering group", ""]), rng.choice(["delivery", ""]),
                        rng.choice(["yes", "no", ""]), rng.choice(["multi-agency", ""]), rng.choice(["2004", ""])])
    return [orgs, parts]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--organisations", type=int, default=2000)
    parser.add_argument("--partnerships", type=int, default=1000)
    parser.add_argument("--virtuoso", default=None, help="base URL of a loopback Virtuoso to push to")
    args = parser.parse_args(argv)

    import partnerkg.spreadsheets.graph as validation  # the import calls the validate it imported
    from partnerkg.interop.export import serialise
    from partnerkg.rdf_files import RDFFormat
    from partnerkg.spreadsheets.importer import import_spreadsheets
    from partnerkg.store.graphs import shipped_graph

    shipped = shipped_graph()
    shacl = [0.0]
    real_validate = validation.validate

    def timed_validate(*a: object, **k: object) -> object:
        start = time.perf_counter()
        try:
            return real_validate(*a, **k)  # type: ignore[arg-type]
        finally:
            shacl[0] += time.perf_counter() - start

    validation.validate = timed_validate  # type: ignore[assignment]
    with tempfile.TemporaryDirectory() as tmp:
        files = _generate(Path(tmp), args.organisations, args.partnerships)
        start = time.perf_counter()
        result = import_spreadsheets(files)
        seconds = time.perf_counter() - start
    validation.validate = real_validate
    rows = args.organisations + args.partnerships
    print(f"import: {rows} rows -> {len(result.graph):,} triples in {seconds:.2f} s = {rows / seconds:,.0f} rows/s "
          f"(SHACL {shacl[0]:.2f} s, {100 * shacl[0] / seconds:.0f}%)")

    for fmt in RDFFormat:
        start = time.perf_counter()
        first = serialise(shipped, fmt)
        seconds = time.perf_counter() - start
        same = serialise(shipped, fmt) == first
        print(f"export {fmt.name:9}: {len(first):>9,} bytes in {seconds:.2f} s; same bytes twice: {same}")
        if not same:
            return 1

    if args.virtuoso:
        host = urlsplit(args.virtuoso).hostname or ""
        if host not in ("127.0.0.1", "localhost", "::1"):
            print("--virtuoso must be a loopback URL", file=sys.stderr)
            return 2
        from partnerkg.interop.http import Credentials
        from partnerkg.interop.push import push_graph

        for batch in (500, 2_500, 10_000):
            r = push_graph(shipped, f"{args.virtuoso}/sparql-graph-crud-auth", graph_iri="https://example.org/bench",
                           credentials=Credentials("dba", "dba"), batch_size=batch)
            print(f"push batch {batch:>6}: {r.triples:,} triples in {r.batches} request(s), {r.seconds:.2f} s = "
                  f"{r.triples / r.seconds:,.0f} triples/s; read back {r.remote_triples:,}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
