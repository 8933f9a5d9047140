"""Benchmark: ``partnerkg dump --store DIR`` of a synthetic country (the bulk hand-off kit at scale).

Run: ``.venv/bin/python benchmarks/dump.py --triples 1000000 [--split-triples 1000000] [--keep DIR] [--json FILE]``.

It generates a synthetic country of about ``--triples`` triples (``partnerkg generate``), loads it into an on-disk
store (``partnerkg load``), then times ``partnerkg dump --store`` in a fresh process (so its peak memory is the
dump's own ``ru_maxrss``) and checks the result: the parts' lines add up to the store's quads, and
``sha256sum -c SHA256SUMS`` passes. Prints one JSON object; this is not a test.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

TRIPLES_PER_UNIT = 11.9  # measured triples per (organisation + partnership) of the generator
PARTNERSHIPS_PER_ORGANISATION = 1.2

_CHILD = """
import json, resource, sys, time
import pyoxigraph as ox
from partnerkg.interop.dump import dump_store
store = ox.Store.read_only(sys.argv[1])
started = time.perf_counter()
result = dump_store(store, sys.argv[2], split_triples=int(sys.argv[3]), graph="https://w3id.org/partnerkg/graph/bench")
seconds = time.perf_counter() - started
print(json.dumps({"dump_s": round(seconds, 2), "quads": len(store), "triples": result.triples,
                  "parts": len(result.parts), "bytes": result.size,
                  "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024}))
"""


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--triples", type=int, default=1_000_000)
    parser.add_argument("--split-triples", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--keep", type=Path, default=None, help="Work in this folder and keep it.")
    parser.add_argument("--json", type=Path, default=None, help="Also write the result to this file.")
    args = parser.parse_args()
    work = args.keep or Path(tempfile.mkdtemp(prefix="partnerkg-dump-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    exe = [sys.executable, "-m", "partnerkg"]
    units = args.triples / TRIPLES_PER_UNIT
    organisations = int(units / (1 + PARTNERSHIPS_PER_ORGANISATION))
    partnerships = int(organisations * PARTNERSHIPS_PER_ORGANISATION)
    data, store, out = work / "country.nt", work / "store", work / "dump"
    timings: dict[str, object] = {"machine": f"{platform.machine()}, {os.cpu_count()} cores, Python "
                                             f"{platform.python_version()}"}
    if not data.exists():
        t = time.perf_counter()
        subprocess.run([*exe, "generate", "-n", str(organisations), "-m", str(partnerships), "-s", str(args.seed),
                        "-o", str(data)], check=True)
        timings["generate_s"] = round(time.perf_counter() - t, 1)
    if not store.exists():
        t = time.perf_counter()
        subprocess.run([*exe, "load", str(data), "--store", str(store), "-q"], check=True)
        timings["load_s"] = round(time.perf_counter() - t, 1)
    child = subprocess.run([sys.executable, "-c", _CHILD, str(store), str(out), str(args.split_triples)],
                           check=True, capture_output=True, text=True)
    timings.update(json.loads(child.stdout.strip().splitlines()[-1]))
    check = subprocess.run(["sha256sum", "-c", "--quiet", "SHA256SUMS"], cwd=out, check=False)
    timings["checksums_ok"] = check.returncode == 0
    timings["lines_match_quads"] = timings["triples"] == timings["quads"]
    timings["output_mb_per_s"] = round(timings["bytes"] / 1e6 / timings["dump_s"], 1)  # type: ignore[operator]
    timings["triples_per_s"] = int(timings["triples"] / timings["dump_s"])  # type: ignore[operator]
    timings["parent_peak_mb"] = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss // 1024
    text = json.dumps(timings, indent=1)
    print(text)
    if args.json:
        args.json.write_text(text + "\n")
    return 0 if timings["checksums_ok"] and timings["lines_match_quads"] else 1


if __name__ == "__main__":
    sys.exit(main())
