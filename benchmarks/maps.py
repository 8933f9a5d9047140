"""Benchmark: how long a 5,000-organisation map takes to write, and to become interactive in Chromium.

Targets (../shared/spec/decisions.md, "Maps"): ``partnerkg map`` writes the map of a 5,000-node,
10,000-edge organisation graph within 30 s, and headless Chromium has drawn it and stopped moving within 5 s.

The graph is synthetic and seeded, typed under the public vocabulary: organisations of several kinds and
all three sectors in 40 regions, and one two-party ``pk:Partnership`` per edge (85 % within a region, some
with a model or a stage), all derived from a ``pk:SyntheticSource``.

Run: ``.venv/bin/python benchmarks/maps.py [--organisations 5000] [--edges 10000] [--json FILE]``.
It prints the figures and their ratios to the targets and writes them as JSON. This is not a test.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

MAP_TARGET_S = 30.0
BROWSER_TARGET_S = 5.0
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]
PK = "https://w3id.org/partnerkg/ontology#"
ID = "https://w3id.org/partnerkg/id/"
KINDS = [  # (class, sector) — kinds whose sector is plain from public status, plus sector-stated ones
    ("LocalAuthority", "StatutorySector"), ("NHSTrust", "StatutorySector"), ("PrimaryCareTrust", "StatutorySector"),
    ("CriminalJusticeAgency", "StatutorySector"), ("School", "StatutorySector"),
    ("GovernmentDepartment", "StatutorySector"), ("Charity", "VoluntaryCommunitySector"),
    ("LocalVoluntaryOrganisation", "VoluntaryCommunitySector"),
    ("NationalVoluntaryOrganisation", "VoluntaryCommunitySector"), ("PrivateCompany", "PrivateSector"),
    ("ServiceTeam", "StatutorySector"), ("ResearchOrganisation", None),
]
MODELS = ["SeparateOrganisationModel", "VirtualOrganisationModel", "CoLocationModel", "SteeringGroupModel"]
STAGES = ["PrePartnershipCollaboration", "PartnershipCreationAndConsolidation", "PartnershipProgrammeDelivery",
          "PartnershipTerminationOrSuccession"]


def generate(path: Path, organisations: int = 5000, edges: int = 10000, *, seed: int = 20240611,
             regions: int = 40) -> None:
    """Write the synthetic graph as N-Triples to ``path``."""
    rng = random.Random(seed)
    source = f"<{ID}source/synthetic-maps-benchmark>"
    lines = [
        f"{source} <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <{PK}SyntheticSource> .",
        f'{source} <http://www.w3.org/2000/01/rdf-schema#label> "maps benchmark generator"@en .',
        f'{source} <{PK}seed> "{seed}"^^<http://www.w3.org/2001/XMLSchema#integer> .',
    ]
    rdf_type = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"
    label = "<http://www.w3.org/2000/01/rdf-schema#label>"
    derived = "<http://www.w3.org/ns/prov#wasDerivedFrom>"
    region_of = [rng.randrange(regions) for _ in range(organisations)]
    members: dict[int, list[int]] = {}
    for i, r in enumerate(region_of):
        members.setdefault(r, []).append(i)
    for i in range(organisations):
        kind, sector = KINDS[rng.randrange(len(KINDS))]
        org = f"<{ID}organisation/synthetic-{i:05d}>"
        lines += [f"{org} {rdf_type} <{PK}{kind}> .", f"{org} {rdf_type} <{PK}Organisation> .",
                  f'{org} {label} "Synthetic {kind} {i} in region {region_of[i]}"@en .', f"{org} {derived} {source} ."]
        if sector:
            lines.append(f"{org} <{PK}sector> <{PK}{sector}> .")
    pairs: set[tuple[int, int]] = set()
    while len(pairs) < edges:
        a = rng.randrange(organisations)
        b = rng.choice(members[region_of[a]]) if rng.random() < 0.85 else rng.randrange(organisations)
        if a != b:
            pairs.add((min(a, b), max(a, b)))
    for k, (a, b) in enumerate(sorted(pairs)):
        p = f"<{ID}partnership/synthetic-{k:05d}>"
        lines += [f"{p} {rdf_type} <{PK}Partnership> .", f'{p} {label} "Synthetic partnership {k}"@en .',
                  f"{p} <{PK}hasPartner> <{ID}organisation/synthetic-{a:05d}> .",
                  f"{p} <{PK}hasPartner> <{ID}organisation/synthetic-{b:05d}> .", f"{p} {derived} {source} ."]
        if rng.random() < 0.3:
            lines.append(f"{p} <{PK}partnershipModel> <{PK}{rng.choice(MODELS)}> .")
        if rng.random() < 0.4:
            lines.append(f"{p} <{PK}lifeCycleStage> <{PK}{rng.choice(STAGES)}> .")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def _map_command() -> list[str]:
    """``partnerkg map`` in a process of its own."""
    return [sys.executable, "-m", "partnerkg", "map"]


def time_map(data: Path, output: Path) -> float:
    """Seconds for ``partnerkg map`` (a fresh process: start-up, reading, layout, rendering, writing)."""
    command = [*_map_command(), "--no-shipped", "--data", str(data), "--view", "organisations",
               "--output", str(output)]
    start = time.perf_counter()
    subprocess.run(command, check=True)
    return time.perf_counter() - start


def time_browser(page_file: Path, screenshot: Path | None) -> dict[str, float | int | bool]:
    """Open the map from file:// in headless Chromium; time until it has drawn and stopped moving."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            context = browser.new_context(viewport={"width": 1400, "height": 900}, bypass_csp=True)
            page = context.new_page()
            requests: list[str] = []
            page.on("request", lambda r: requests.append(r.url))
            start = time.perf_counter()
            page.goto(page_file.resolve().as_uri(), wait_until="commit")
            page.wait_for_function("document.documentElement.dataset.state === 'ready'", timeout=120_000)
            wall = time.perf_counter() - start
            ready_ms = page.evaluate("window.partnerkgMap.readyAt()")
            before = page.evaluate("JSON.stringify(window.partnerkgMap.network.getPositions())")
            page.wait_for_timeout(1000)
            after = page.evaluate("JSON.stringify(window.partnerkgMap.network.getPositions())")
            counts = page.evaluate("window.partnerkgMap.counts()")
            if screenshot is not None:
                page.screenshot(path=str(screenshot))
        finally:
            browser.close()
    return {"interactive_s": round(wall, 3), "ready_after_navigation_start_s": round(ready_ms / 1000, 3),
            "still_after_1s": before == after, "nodes_drawn": counts["nodes"], "edges_drawn": counts["edges"],
            "requests_other_than_the_page": len([u for u in requests if u != page_file.resolve().as_uri()])}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--organisations", type=int, default=5000)
    parser.add_argument("--edges", type=int, default=10000)
    parser.add_argument("--seed", type=int, default=20240611)
    parser.add_argument("--json", type=Path, default=Path("maps-benchmark.json"), help="where to write the figures")
    parser.add_argument("--keep", type=Path, default=None, help="keep the data, page and screenshot in this folder")
    args = parser.parse_args(argv)

    work = Path(tempfile.mkdtemp(prefix="partnerkg-maps-bench-"))
    try:
        data, page_file = work / "synthetic.nt", work / "organisations.html"
        t0 = time.perf_counter()
        generate(data, args.organisations, args.edges, seed=args.seed)
        generated = time.perf_counter() - t0
        map_s = time_map(data, page_file)
        figures: dict = {
            "organisations": args.organisations, "edges": args.edges, "seed": args.seed,
            "data_bytes": data.stat().st_size, "generate_s": round(generated, 3),
            "map_s": round(map_s, 3), "map_target_s": MAP_TARGET_S, "map_ratio": round(map_s / MAP_TARGET_S, 3),
            "html_bytes": page_file.stat().st_size,
            "machine": {"python": platform.python_version(), "cpus": os.cpu_count(), "platform": platform.platform()},
        }
        if Path(CHROMIUM).exists():
            shot = (args.keep / "organisations.png") if args.keep else None
            if args.keep:
                args.keep.mkdir(parents=True, exist_ok=True)
            browser = time_browser(page_file, shot)
            figures.update(browser)
            figures["browser_target_s"] = BROWSER_TARGET_S
            figures["browser_ratio"] = round(browser["interactive_s"] / BROWSER_TARGET_S, 3)
        else:
            figures["browser"] = f"skipped: {CHROMIUM} is missing"
        if args.keep:
            args.keep.mkdir(parents=True, exist_ok=True)
            shutil.copy2(data, args.keep / data.name)
            shutil.copy2(page_file, args.keep / page_file.name)
    finally:
        shutil.rmtree(work, ignore_errors=True)

    print(f"map of {args.organisations:,} organisations / {args.edges:,} edges:")
    print(f"  partnerkg map:     {figures['map_s']:7.2f} s  "
          f"(target {MAP_TARGET_S:.0f} s, ratio {figures['map_ratio']:.2f})")
    if "interactive_s" in figures:
        print(f"  Chromium ready:    {figures['interactive_s']:7.2f} s  (target {BROWSER_TARGET_S:.0f} s, "
              f"ratio {figures['browser_ratio']:.2f}; still after 1 s: {figures['still_after_1s']}; "
              f"{figures['nodes_drawn']:,} nodes, {figures['edges_drawn']:,} edges drawn; "
              f"{figures['requests_other_than_the_page']} other requests)")
    else:
        print(f"  Chromium:          {figures['browser']}")
    print(f"  page size:         {figures['html_bytes'] / 1e6:7.2f} MB")
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(figures, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    print(f"  figures written to {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
