"""Benchmark: how long a 5,000-organisation map takes to write, to draw, and how it answers once drawn.

Targets (../shared/spec/decisions.md, "Maps"): ``partnerkg map`` writes the map of a 5,000-node,
10,000-edge organisation graph within 30 s, and headless Chromium has drawn it and stopped moving within 5 s.
Once drawn, the benchmark measures in Chromium (from file://, software rendering, no GPU) the frame time of
a pan (a mouse drag of 400 px in 60 steps, and the frame drawn when it ends: the time each frame takes to
draw, vis-network and the page's handlers together, and the interval between animation frames), at the
whole-map view and zoomed in to scale 1, with and without a focus; a click that focuses a node; a filter
change; grouping by community, and opening a group; and Save as PNG and SVG.

The graph is synthetic and seeded, typed under the public vocabulary: organisations of several kinds and
all three sectors in 40 regions, and one two-party ``pk:Partnership`` per edge (85 % within a region, some
with a model, a stage or years), all derived from a ``pk:SyntheticSource``.

Run: ``.venv/bin/python benchmarks/maps.py [--organisations 5000] [--edges 10000] [--sizes 10000,20000]
[--json FILE]``. ``--sizes`` adds maps of that many organisations (twice as many edges), to see what the
page does above the size it draws one by one (``--max-nodes``, 5,000: it opens grouped; above
``PAGE_MAX_NODES``, 10,000: fixed groups). It prints the figures and writes them as JSON. This is not a test.
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import platform
import random
import shutil
import statistics
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
GYEAR = "<http://www.w3.org/2001/XMLSchema#gYear>"
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
             regions: int = 40, years: bool = True) -> None:
    """Write the synthetic graph as N-Triples to ``path``.

    With ``years``, organisations are placed in their region (``pk:region``) and 70 % of partnerships state
    a start year (1995-2020), half of those an end year, drawn from a second generator so the network itself
    is the same with or without them.
    """
    rng = random.Random(seed)
    when = random.Random(seed + 1)
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
        if years:
            lines.append(f"{org} <{PK}region> <{ID}region/synthetic-{region_of[i]:02d}> .")
    if years:
        for r in range(regions):
            lines += [f"<{ID}region/synthetic-{r:02d}> {rdf_type} <{PK}Region> .",
                      f'<{ID}region/synthetic-{r:02d}> {label} "Synthetic region {r}"@en .']
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
        if years and when.random() < 0.7:  # 70 % state a start year, half of those an end year too
            start = when.randint(1995, 2020)
            lines.append(f'{p} <{PK}startYear> "{start}"^^{GYEAR} .')
            if when.random() < 0.5:
                lines.append(f'{p} <{PK}endYear> "{start + when.randint(0, 8)}"^^{GYEAR} .')
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


RECORDER = """() => {
  const net = window.partnerkgMap.network;
  const rec = window.__bench = { draws: [], frames: [], recording: false };
  const renderer = net.renderer; // time each whole frame: vis-network's drawing and every page handler
  const draw = renderer._redraw.bind(renderer);
  renderer._redraw = function (hidden) {
    const began = performance.now();
    draw(hidden);
    if (rec.recording) rec.draws.push(performance.now() - began);
  };
  const tick = (t) => { if (rec.recording) { rec.frames.push(t); requestAnimationFrame(tick); } };
  rec.start = () => { rec.draws = []; rec.frames = []; rec.recording = true; requestAnimationFrame(tick); };
  rec.stop = () => { rec.recording = false; return { draws: rec.draws, frames: rec.frames }; };
}"""


def _stats(values: list[float]) -> dict[str, float]:
    if not values:
        return {"n": 0}
    ordered = sorted(values)
    return {"n": len(ordered), "median_ms": round(statistics.median(ordered), 1),
            "p95_ms": round(ordered[min(len(ordered) - 1, int(0.95 * len(ordered)))], 1),
            "max_ms": round(ordered[-1], 1)}


def _pan(page, box: dict) -> dict[str, dict[str, float]]:
    """Drag the map 400 px in 60 steps; vis-network's draw time per frame and the animation frame intervals."""
    x, y = box["x"] + box["width"] * 0.3, box["y"] + box["height"] * 0.5
    page.mouse.move(x, y)
    page.evaluate("window.__bench.start()")
    began = time.perf_counter()
    page.mouse.down()
    page.mouse.move(x + 400, y + 120, steps=60)
    page.mouse.up()
    took = time.perf_counter() - began
    page.wait_for_timeout(200)
    got = page.evaluate("window.__bench.stop()")
    frames = got["frames"]
    return {"draw": _stats(got["draws"]), "frame_interval": _stats([b - a for a, b in itertools.pairwise(frames)]),
            "drag_s": round(took, 3), "drawn_per_s": round(len(got["draws"]) / took, 1) if took else 0}


def _timed(page, script: str) -> float:
    """Milliseconds a synchronous piece of page script takes (it runs the page's own handlers)."""
    return round(page.evaluate(f"() => {{ const t = performance.now(); {script}; return performance.now() - t; }}"), 1)


def time_browser(page_file: Path, screenshot: Path | None) -> dict:
    """Open the map from file:// in headless Chromium; time its first draw, pans, focus, filters, groups, saving."""
    from playwright.sync_api import sync_playwright

    out: dict = {}
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            context = browser.new_context(viewport={"width": 1400, "height": 900}, bypass_csp=True,
                                          accept_downloads=True)
            page = context.new_page()
            requests: list[str] = []
            errors: list[str] = []
            page.on("request", lambda r: requests.append(r.url))
            page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
            page.on("pageerror", lambda e: errors.append(str(e)))
            start = time.perf_counter()
            page.goto(page_file.resolve().as_uri(), wait_until="commit")
            page.wait_for_function("document.documentElement.dataset.state === 'ready'", timeout=300_000)
            wall = time.perf_counter() - start
            ready_ms = page.evaluate("window.partnerkgMap.readyAt()")
            before = page.evaluate("JSON.stringify(window.partnerkgMap.network.getPositions())")
            page.wait_for_timeout(1000)
            after = page.evaluate("JSON.stringify(window.partnerkgMap.network.getPositions())")
            counts = page.evaluate("window.partnerkgMap.counts()")
            out.update({"interactive_s": round(wall, 3), "ready_after_navigation_start_s": round(ready_ms / 1000, 3),
                        "still_after_1s": before == after, "nodes": counts["nodes"], "edges": counts["edges"],
                        "opened_in_groups": counts["groups"],
                        "drawn_on_canvas": page.evaluate("window.partnerkgMap.network.body.nodeIndices.length")})
            if screenshot is not None:
                page.screenshot(path=str(screenshot))
            page.evaluate(RECORDER)
            box = page.evaluate("document.getElementById('network').getBoundingClientRect().toJSON()")
            out["labels_at_whole_view"] = len(page.evaluate("window.partnerkgMap.labels()"))
            out["pan_whole_view"] = _pan(page, box)
            top = page.evaluate("""() => JSON.parse(document.getElementById('map-data').textContent)
                                     .nodes.reduce((a, b) => (a.rank < b.rank ? a : b)).id""")
            page.evaluate("""(id) => { const net = window.partnerkgMap.network;
                               const shown = net.clustering.findNode(id)[0]; // the node, or the group holding it
                               net.moveTo({ position: net.getPositions([shown])[shown], scale: 1 }); }""", top)
            page.wait_for_timeout(300)
            out["labels_at_scale_1"] = len(page.evaluate("window.partnerkgMap.labels()"))
            out["pan_scale_1"] = _pan(page, box)
            page.evaluate("window.partnerkgMap.network.fit()")
            for kind in ("png", "svg"):
                began = time.perf_counter()
                with page.expect_download() as download:
                    page.click(f"#save-{kind}")
                saved = download.value.path()
                out[f"save_{kind}_ms"] = round((time.perf_counter() - began) * 1000, 1)
                out[f"save_{kind}_bytes"] = Path(saved).stat().st_size
            if not counts["groups"]:
                out["focus_script_ms"] = _timed(page, f"window.partnerkgMap.focus({json.dumps(top)})")
                page.keyboard.press("Escape")
                page.evaluate("window.partnerkgMap.network.fit()")
                point = page.evaluate("""(id) => { const net = window.partnerkgMap.network;
                    const p = net.canvasToDOM(net.getPositions([id])[id]);
                    const box = document.getElementById('network').getBoundingClientRect();
                    return [p.x + box.left, p.y + box.top]; }""", top)
                began = time.perf_counter()
                page.mouse.click(*point)
                page.wait_for_selector("#focus-bar:not([hidden])")
                page.evaluate("() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)))")
                out["focus_click_ms"] = round((time.perf_counter() - began) * 1000, 1)
                out["focus_neighbourhood"] = len(page.evaluate("window.partnerkgMap.focused()")["nodes"])
                out["pan_whole_view_focused"] = _pan(page, box)
                page.keyboard.press("Escape")
            if counts["groups"]:  # a page that opened grouped: open its biggest group with a double-click
                biggest = page.evaluate("""() => window.partnerkgMap.network.body.nodeIndices
                                              .filter((id) => id.startsWith('group:')).sort()[0]""")
                point = page.evaluate("""(id) => { const net = window.partnerkgMap.network;
                    const p = net.canvasToDOM(net.getPositions([id])[id]);
                    const box = document.getElementById('network').getBoundingClientRect();
                    return [p.x + box.left, p.y + box.top]; }""", biggest)
                before_open = page.evaluate("window.partnerkgMap.counts().groups")
                began = time.perf_counter()
                page.mouse.dblclick(*point)
                page.wait_for_function(f"window.partnerkgMap.counts().groups < {before_open}", timeout=120_000)
                page.evaluate("() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)))")
                out["open_group_ms"] = round((time.perf_counter() - began) * 1000, 1)
                out["open_group_nodes"] = page.evaluate("window.partnerkgMap.network.body.nodeIndices.length")
                out["pan_group_open"] = _pan(page, box)
            if page.query_selector("#filter-sector"):
                out["filter_change_ms"] = _timed(page, "const s = document.getElementById('filter-sector'); "
                                                       "s.value = 'private'; s.dispatchEvent(new Event('change'))")
                out["filter_clear_ms"] = _timed(page, "document.getElementById('clear-filters').click()")
            if page.query_selector("#group-by option[value='community']"):
                choose = ("const s = document.getElementById('group-by'); s.value = '{}'; "
                          "s.dispatchEvent(new Event('change'))")
                if counts["groups"]:
                    out["ungroup_ms"] = _timed(page, choose.format(""))
                out["group_by_community_ms"] = _timed(page, choose.format("community"))
                out["groups"] = page.evaluate("window.partnerkgMap.counts()")["groups"]
                out["pan_grouped"] = _pan(page, box)
            out["requests_other_than_the_page"] = len([u for u in requests if u != page_file.resolve().as_uri()])
            out["console_errors"] = errors[:5]
        finally:
            browser.close()
    return out


def measure(organisations: int, edges: int, seed: int, keep: Path | None) -> dict:
    """Generate, map and open one synthetic graph; its figures."""
    work = Path(tempfile.mkdtemp(prefix="partnerkg-maps-bench-"))
    try:
        data, page_file = work / "synthetic.nt", work / "organisations.html"
        t0 = time.perf_counter()
        generate(data, organisations, edges, seed=seed)
        generated = time.perf_counter() - t0
        map_s = time_map(data, page_file)
        figures: dict = {
            "organisations": organisations, "edges": edges, "seed": seed,
            "data_bytes": data.stat().st_size, "generate_s": round(generated, 3),
            "map_s": round(map_s, 3), "map_target_s": MAP_TARGET_S, "map_ratio": round(map_s / MAP_TARGET_S, 3),
            "html_bytes": page_file.stat().st_size,
        }
        if Path(CHROMIUM).exists():
            shot = (keep / f"organisations-{organisations}.png") if keep else None
            if keep:
                keep.mkdir(parents=True, exist_ok=True)
            figures.update(time_browser(page_file, shot))
            figures["browser_target_s"] = BROWSER_TARGET_S
            figures["browser_ratio"] = round(figures["interactive_s"] / BROWSER_TARGET_S, 3)
        else:
            figures["browser"] = f"skipped: {CHROMIUM} is missing"
        if keep:
            keep.mkdir(parents=True, exist_ok=True)
            shutil.copy2(data, keep / f"synthetic-{organisations}.nt")
            shutil.copy2(page_file, keep / f"organisations-{organisations}.html")
        return figures
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _pan_text(pan: dict | None) -> str:
    if not pan or not pan["draw"].get("n"):
        return "no frame drawn"
    d, f = pan["draw"], pan["frame_interval"]
    return (f"draw median {d['median_ms']:.1f} ms, p95 {d['p95_ms']:.1f}, max {d['max_ms']:.1f}; {d['n']} frames in "
            f"{pan['drag_s']:.2f} s ({pan['drawn_per_s']:.0f}/s); frame interval median "
            f"{f.get('median_ms', 0):.1f} ms, p95 {f.get('p95_ms', 0):.1f}")


def report(figures: dict) -> None:
    print(f"map of {figures['organisations']:,} organisations / {figures['edges']:,} edges:")
    print(f"  partnerkg map:      {figures['map_s']:7.2f} s  (target {MAP_TARGET_S:.0f} s, "
          f"ratio {figures['map_ratio']:.2f}); page {figures['html_bytes'] / 1e6:.2f} MB")
    if "interactive_s" not in figures:
        print(f"  Chromium:           {figures.get('browser')}")
        return
    grouped = f", opened in {figures['opened_in_groups']:,} groups" if figures["opened_in_groups"] else ""
    print(f"  first draw:         {figures['interactive_s']:7.2f} s  (target {BROWSER_TARGET_S:.0f} s, ratio "
          f"{figures['browser_ratio']:.2f}; still after 1 s: {figures['still_after_1s']}; "
          f"{figures['drawn_on_canvas']:,} nodes on the canvas{grouped})")
    print(f"  pan, whole view:    {_pan_text(figures.get('pan_whole_view'))}; "
          f"{figures['labels_at_whole_view']} labels")
    print(f"  pan, scale 1:       {_pan_text(figures.get('pan_scale_1'))}; {figures['labels_at_scale_1']} labels")
    if "focus_click_ms" in figures:
        print(f"  focus (a click):    {figures['focus_click_ms']:7.1f} ms to the greyed frame; the page's "
              f"script {figures['focus_script_ms']:.1f} ms "
              f"({figures['focus_neighbourhood']} nodes in the neighbourhood); pan: "
              f"{_pan_text(figures.get('pan_whole_view_focused'))}")
    if "open_group_ms" in figures:
        print(f"  open a group:       {figures['open_group_ms']:7.1f} ms (a double-click; then "
              f"{figures['open_group_nodes']:,} nodes on the canvas); pan: {_pan_text(figures.get('pan_group_open'))}")
    if "filter_change_ms" in figures:
        print(f"  filter change:      {figures['filter_change_ms']:7.1f} ms "
              f"(clear: {figures['filter_clear_ms']:.1f} ms)")
    if "group_by_community_ms" in figures:
        ungroup = f"; ungrouping first {figures['ungroup_ms']:.1f} ms" if "ungroup_ms" in figures else ""
        print(f"  group by community: {figures['group_by_community_ms']:7.1f} ms ({figures['groups']} groups"
              f"{ungroup}); pan: {_pan_text(figures.get('pan_grouped'))}")
    print(f"  save as PNG:        {figures['save_png_ms']:7.1f} ms ({figures['save_png_bytes'] / 1e6:.2f} MB); "
          f"SVG {figures['save_svg_ms']:.1f} ms ({figures['save_svg_bytes'] / 1e6:.2f} MB)")
    print(f"  other requests:     {figures['requests_other_than_the_page']}; console errors: "
          f"{figures['console_errors'] or 'none'}; load average {figures.get('load_average')}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--organisations", type=int, default=5000)
    parser.add_argument("--edges", type=int, default=10000)
    parser.add_argument("--sizes", default="", help="more maps: comma-separated organisation counts (edges: 2x)")
    parser.add_argument("--seed", type=int, default=20240611)
    parser.add_argument("--json", type=Path, default=Path("maps-benchmark.json"), help="where to write the figures")
    parser.add_argument("--keep", type=Path, default=None, help="keep the data, pages and screenshots in this folder")
    args = parser.parse_args(argv)

    runs = [(args.organisations, args.edges)] + [(int(n), 2 * int(n)) for n in args.sizes.split(",") if n.strip()]
    results = []
    for organisations, edges in runs:
        figures = measure(organisations, edges, args.seed, args.keep)
        figures["load_average"] = [round(v, 2) for v in os.getloadavg()]  # the machine is shared: read figures with it
        report(figures)
        results.append(figures)
    doc = {"runs": results,
           "machine": {"python": platform.python_version(), "cpus": os.cpu_count(), "platform": platform.platform(),
                       "load_average_at_end": [round(v, 2) for v in os.getloadavg()]}}
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(doc, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    print(f"figures written to {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
