"""Benchmark: spreadsheet import, export and push — measured figures, not a test.

1. Import: generates ``--organisations`` organisation rows and ``--partnerships`` partnership rows (three
   partners each, one of them a shipped organisation) as CSV in a temporary folder and imports them against
   the shipped graph in a process of its own, writing N-Triples as ``partnerkg import`` does: seconds from
   start-up to the written file, rows per second, the time of each stage, peak memory, and the ratios to the
   target for 100,000 rows (30 s, 500 MB).
2. Export: the shipped graph in every format (bytes and seconds), twice, checking the bytes are identical.
3. Push (only with ``--virtuoso URL``, e.g. http://127.0.0.1:8890, credentials dba/dba): the shipped graph
   through the Graph Store Protocol with several batch sizes (triples per second).

Run: ``.venv/bin/python benchmarks/spreadsheets.py [--organisations 2000] [--partnerships 1000] [--ascii-names]
[--xlsx] [--virtuoso URL]``; ``--xlsx`` imports the same rows as one workbook of two sheets. Only loopback
endpoints are contacted.
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit


def _generate(folder: Path, organisations: int, partnerships: int, ascii_names: bool = False) -> list[Path]:
    rng = random.Random(1)
    suffix = "" if ascii_names else " — “Café” مؤسسة 🌈"  # accents, Arabic and an emoji in every name by default
    orgs, parts = folder / "organisations.csv", folder / "partnerships.csv"
    with orgs.open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["name", "sector", "kind", "region", "website"])
        for i in range(organisations):
            w.writerow([f"Organisation {i}{suffix}", rng.choice(["statutory", "voluntary", "private", ""]),
                        rng.choice(["", "Service team", "Consortium"]) if i % 3 else "",
                        rng.choice(["Leeds", "England; London", ""]), f"https://example.org/{i}" if i % 2 else ""])
    with parts.open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["name", "partners", "model", "stage", "formal", "working mode", "start year"])
        for i in range(partnerships):
            a, b = rng.sample(range(organisations), 2)
            w.writerow([f"Partnership {i}", f"Organisation {a}{suffix}; Organisation {b}{suffix}; Mind",
                        rng.choice(["co-location", "steering group", ""]), rng.choice(["delivery", ""]),
                        rng.choice(["yes", "no", ""]), rng.choice(["multi-agency", ""]), rng.choice(["2004", ""])])
    return [orgs, parts]


def _workbook(files: list[Path], path: Path) -> list[Path]:
    """The CSV ``files`` as the sheets of one workbook (named after them), written as Excel writes one."""
    import openpyxl

    book = openpyxl.Workbook(write_only=True)
    for f in files:
        sheet = book.create_sheet(f.stem)
        with f.open(newline="", encoding="utf-8") as rows:
            for row in csv.reader(rows):
                sheet.append(row)
    book.save(path)
    return [path]


#: The targets of the hardening issue (#25, item 6) for 100,000 rows.
TARGET_SECONDS, TARGET_MB = 30.0, 500.0

_CHILD = """
import json, resource, sys, time
start = time.perf_counter()
from partnerkg.spreadsheets.importer import import_spreadsheets
stages = {}
last = [time.perf_counter(), None]
def progress(stage, done, total):
    now = time.perf_counter()
    if last[1] is not None:
        stages[last[1]] = stages.get(last[1], 0.0) + now - last[0]
    last[0], last[1] = now, stage
result = import_spreadsheets(sys.argv[2:], progress=progress)
progress(None, 0, 0)
result.triples.write(sys.argv[1], "nt")
print(json.dumps({"seconds": time.perf_counter() - start, "triples": result.triples.count, "stages": stages,
                  "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def _import_in_child(files: list[Path], output: Path) -> dict:
    """The import as ``partnerkg import FILES --output OUT.nt`` runs it, in its own process (so the peak memory
    is the import's): seconds from start-up to the written file, triples, seconds per stage, peak MB."""
    done = subprocess.run([sys.executable, "-c", _CHILD, str(output), *map(str, files)], check=True,
                          capture_output=True, text=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--organisations", type=int, default=2000)
    parser.add_argument("--partnerships", type=int, default=1000)
    parser.add_argument("--ascii-names", action="store_true", help="plain ASCII names instead of names in "
                        "several scripts with an emoji (which Python stores at four bytes a character)")
    parser.add_argument("--xlsx", action="store_true", help="import the rows as one .xlsx workbook")
    parser.add_argument("--virtuoso", default=None, help="base URL of a loopback Virtuoso to push to")
    args = parser.parse_args(argv)

    from partnerkg.interop.export import serialise
    from partnerkg.rdf_files import RDFFormat
    from partnerkg.store.graphs import shipped_graph

    shipped = shipped_graph()
    with tempfile.TemporaryDirectory() as tmp:
        files = _generate(Path(tmp), args.organisations, args.partnerships, args.ascii_names)
        if args.xlsx:
            files = _workbook(files, Path(tmp) / "partners.xlsx")
        measured = _import_in_child(files, Path(tmp) / "out.nt")
    rows = args.organisations + args.partnerships
    seconds, peak = measured["seconds"], measured["peak_mb"]
    print(f"import ({'XLSX' if args.xlsx else 'CSV'}): {rows:,} rows -> {measured['triples']:,} triples written in "
          f"{seconds:.1f} s = {rows / seconds:,.0f} rows/s, peak {peak:,.0f} MB")
    print("  stages: " + ", ".join(f"{stage} {t:.1f} s" for stage, t in measured["stages"].items()))
    scale = 100_000 / rows
    print(f"  against the target for 100,000 rows ({TARGET_SECONDS:.0f} s, {TARGET_MB:.0f} MB): "
          f"{seconds / TARGET_SECONDS * scale:.2f}x the time (scaled linearly from {rows:,} rows), "
          f"{peak / TARGET_MB:.2f}x the memory (measured at {rows:,} rows)")

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
