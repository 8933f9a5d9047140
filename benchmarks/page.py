"""Benchmark: the query page with a 100,000-row result, in headless Chromium under the page's own CSP.

``partnerkg serve`` (in a thread, one worker, ``--max-results`` raised to the row count) answers a SELECT of
100,000 rows built from three VALUES blocks (two integer columns, one string column), and the page shows it.
Measured in the page, with the User Timing entries the page records itself:

* ``partnerkg.results``: reading the 100,000-row answer (``JSON.parse``) and showing its first page;
* ``partnerkg.table.sort`` by a number column and by a string column, ``partnerkg.table.filter`` (typing in
  the row filter), ``partnerkg.table.render`` (turning a page);
* the longest task the page ran from the click on Run until the first page showed (``longtask`` entries,
  which Chromium records for every task over 50 ms): the time the page could not answer a key or a click;
* for comparison, what the page did before it paged: all 100,000 rows built into the table at once.

The wall time from the click on Run to the first page includes the server's query and serialisation
(rdflib's engine); it is printed apart.

Run: ``.venv/bin/python benchmarks/page.py [--rows 100000] [--repeat 3] [--json FILE]``. It prints the
figures (medians over the repeats) and writes them as JSON (default ``build/benchmarks/page.json``). This is
not a test.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import sys
import time
from pathlib import Path

from rdflib import Graph

from partnerkg.server.app import Settings, start_server

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]
VIEW = "PartnerkgEditor.EditorView.findFromDOM(document.querySelector('#editor .cm-editor'))"
LONG_TASKS = ("window.__longTasks = []; new PerformanceObserver((list) => { for (const e of list.getEntries()) "
              "window.__longTasks.push([e.startTime, e.duration]); }).observe({ type: 'longtask', buffered: true });")
# What the page did before it paged: every row into the table at once (the old showTable, with its termNode).
ALL_ROWS = """(rows) => {
  const started = performance.now();
  const vars = ["a", "b", "c"];
  const body = document.createDocumentFragment();
  for (const row of window.__rows) {
    const tr = document.createElement("tr");
    for (const v of vars) { const td = document.createElement("td"); td.append(PartnerkgPage.termNode(row[v]));
                             tr.append(td); }
    body.append(tr);
  }
  const table = document.createElement("table");
  table.createTBody().replaceChildren(body);
  document.body.append(table);
  table.getBoundingClientRect();  // layout, as showing it would
  const took = performance.now() - started;
  table.remove();
  return took;
}"""


def query(rows: int) -> str:
    a = max(1, rows // 1000)
    values = [" ".join(map(str, range(a))), " ".join(map(str, range(100))), " ".join(f'"c{i}"' for i in range(10))]
    return ("SELECT ?a ?b ?c WHERE { VALUES ?a { " + values[0] + " } VALUES ?b { " + values[1] + " } VALUES ?c { "
            + values[2] + " } }")


def wait(tab, condition: str, timeout: float = 600.0) -> None:
    """Poll ``condition`` (a JavaScript expression) from here: the page's CSP refuses the evaluation that
    Playwright's wait_for_function needs."""
    deadline = time.monotonic() + timeout
    while not tab.evaluate(condition):
        if time.monotonic() > deadline:
            raise TimeoutError(condition)
        time.sleep(0.02)


def measures(tab, name: str) -> list[float]:
    return tab.evaluate(f"performance.getEntriesByName({json.dumps(name)}).map((e) => e.duration)")


def one_run(browser, url: str, rows: int) -> dict[str, float]:
    context = browser.new_context()
    tab = context.new_page()
    tab.add_init_script(LONG_TASKS)
    problems: list[str] = []
    tab.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    tab.goto(url)
    tab.wait_for_selector("body[data-ready=true]")
    text = query(rows)
    tab.evaluate(f"(t) => {{ const v = {VIEW}; v.dispatch({{ changes: {{ from: 0, to: v.state.doc.length, "
                 "insert: t } }); }", text)
    tab.evaluate("performance.clearMeasures(); window.__longTasks.length = 0")
    clicked = tab.evaluate("performance.now()")
    started = time.perf_counter()
    tab.click("#run")
    expected = f"rows 1–100 of {rows:,}"
    wait(tab, f"document.getElementById('page-info').textContent === {json.dumps(expected)}")
    wall = time.perf_counter() - started
    shown = measures(tab, "partnerkg.results")[-1]
    longest = tab.evaluate(f"Math.max(0, ...window.__longTasks.filter(([s]) => s >= {clicked}).map(([, d]) => d))")
    figures = {"wall_s": wall, "show_ms": shown, "longest_task_ms": longest}
    tab.click("#results th:nth-child(1) button.sort")
    figures["sort_number_ms"] = measures(tab, "partnerkg.table.sort")[-1]
    tab.click("#results th:nth-child(3) button.sort")
    figures["sort_string_ms"] = measures(tab, "partnerkg.table.sort")[-1]
    before = len(measures(tab, "partnerkg.table.filter"))
    tab.fill("#table-filter", "c7")
    wait(tab, f"performance.getEntriesByName('partnerkg.table.filter').length > {before}")
    figures["filter_ms"] = measures(tab, "partnerkg.table.filter")[-1]
    tab.click("#page-next")
    figures["page_ms"] = measures(tab, "partnerkg.table.render")[-1]
    # the old way, on the same rows: fetched again here so that the page's own copy stays private
    tab.evaluate("""async (t) => { const r = await fetch('/sparql', { method: 'POST', body: t,
        headers: { 'Content-Type': 'application/sparql-query', Accept: 'application/sparql-results+json' } });
        window.__rows = (await r.json()).results.bindings; }""", text)
    figures["all_rows_at_once_ms"] = tab.evaluate(ALL_ROWS)
    figures["csp_or_console_errors"] = len(problems)
    context.close()
    return figures


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=100_000, help="rows of the result (a multiple of 1,000)")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--json", type=Path, default=Path("build/benchmarks/page.json"))
    args = parser.parse_args(argv)
    if not os.path.exists(CHROMIUM):
        print(f"needs Debian's Chromium at {CHROMIUM}", file=sys.stderr)
        return 2
    from playwright.sync_api import sync_playwright

    runs = []
    settings = Settings(timeout=600, max_results=args.rows, workers=1, max_memory=0)
    with start_server(Graph(), settings) as server, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        version = browser.version
        try:
            for i in range(args.repeat):
                runs.append(one_run(browser, server.url, args.rows))
                print(f"run {i + 1}: " + ", ".join(f"{k} {v:.1f}" for k, v in runs[-1].items()), flush=True)
        finally:
            browser.close()
    median = {key: statistics.median(run[key] for run in runs) for key in runs[0]}
    print(f"\n{args.rows:,} rows, median of {len(runs)} runs (Chromium {version}):")
    print(f"  click on Run to first page (server included) {median['wall_s']:.2f} s")
    print(f"  reading the answer and showing its first page {median['show_ms']:.0f} ms")
    print(f"  longest task meanwhile (page unresponsive)    {median['longest_task_ms']:.0f} ms")
    print(f"  sort by a number column                       {median['sort_number_ms']:.0f} ms")
    print(f"  sort by a string column                       {median['sort_string_ms']:.0f} ms")
    print(f"  filter the rows                               {median['filter_ms']:.0f} ms")
    print(f"  turn a page                                   {median['page_ms']:.1f} ms")
    print(f"  for comparison, all rows into the table       {median['all_rows_at_once_ms']:.0f} ms")
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps({"rows": args.rows, "runs": runs, "median": median, "chromium": version,
                                     "machine": {"cpus": os.cpu_count(), "python": platform.python_version(),
                                                 "load": os.getloadavg()}}, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
