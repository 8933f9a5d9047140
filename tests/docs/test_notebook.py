"""The worked notebook ``docs/notebook.ipynb``, executed in a real Jupyter kernel (nbclient + ipykernel), and
its map output opened in headless Chromium the way a notebook front end shows it."""

from __future__ import annotations

import base64
import html
import struct
from collections.abc import Iterator
from pathlib import Path

import nbformat
import networkx as nx
import pytest
from nbclient import NotebookClient

import partnerkg

NOTEBOOK = Path(__file__).resolve().parents[2] / "docs" / "notebook.ipynb"


@pytest.fixture(scope="module")
def executed(tmp_path_factory: pytest.TempPathFactory) -> tuple[nbformat.NotebookNode, Path]:
    """The notebook after a run in a fresh kernel, in a folder of its own, and that folder."""
    folder = tmp_path_factory.mktemp("notebook")
    nb = nbformat.read(NOTEBOOK, as_version=4)
    NotebookClient(nb, timeout=600, startup_timeout=120, kernel_name="python3",
                   resources={"metadata": {"path": str(folder)}}).execute()  # raises on any cell's error
    return nb, folder


def outputs(nb: nbformat.NotebookNode, cell_id: str) -> list[nbformat.NotebookNode]:
    return next(c for c in nb.cells if c.get("id") == cell_id).outputs


def test_the_committed_notebook_is_valid_and_carries_no_outputs() -> None:
    nb = nbformat.read(NOTEBOOK, as_version=4)
    nbformat.validate(nb)
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert len(code) == 9 and all(c.outputs == [] and c.execution_count is None for c in code)


def test_every_cell_runs_and_shows_what_it_should(executed: tuple[nbformat.NotebookNode, Path]) -> None:
    nb, _folder = executed
    shown = {c.id: [(o.output_type, sorted(o.get("data", {})) or o.get("name")) for o in c.outputs]
             for c in nb.cells if c.cell_type == "code"}
    frame = ("execute_result", ["text/html", "text/plain"])
    assert shown == {
        "cell-01": [("execute_result", ["text/plain"])],
        "cell-03": [frame], "cell-04": [frame], "cell-05": [("execute_result", ["text/plain"])],
        "cell-07": [frame],
        "cell-09": [("display_data", ["image/png", "text/plain"])],
        "cell-11": [frame], "cell-13": [frame],
        "cell-15": [("stream", "stdout")],
    }


def test_queries_arrive_as_typed_dataframes(executed: tuple[nbformat.NotebookNode, Path]) -> None:
    nb, _folder = executed
    kg = partnerkg.open()
    sectors = kg.query("organisations-by-sector").to_dataframe().groupby("sectorLabel").size()
    table = outputs(nb, "cell-03")[0].data["text/html"]
    assert 'class="dataframe"' in table
    for label, count in sectors.items():
        assert f"<th>{html.escape(label)}</th>\n      <td>{count}</td>" in table
    assert outputs(nb, "cell-05")[0].data["text/plain"] == (
        "year            Int64\npolicy         string\npolicyLabel    string\nissuer         string\n"
        "issuerLabel    string\ndtype: object")
    assert outputs(nb, "cell-07")[0].data["text/html"] == kg.query("stage-counts").to_html()
    assert 'class="dataframe"' in outputs(nb, "cell-13")[0].data["text/html"]


def test_the_plot_is_a_png(executed: tuple[nbformat.NotebookNode, Path]) -> None:
    nb, _folder = executed
    png = base64.b64decode(outputs(nb, "cell-09")[0].data["image/png"])
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", png[16:24])
    assert width > 2 * height > 300  # a wide bar chart (9 × 3 inches)


def test_the_map_is_the_offline_page_in_a_sandboxed_iframe(executed: tuple[nbformat.NotebookNode, Path]) -> None:
    nb, _folder = executed
    shown = outputs(nb, "cell-11")[0].data["text/html"]
    assert shown == partnerkg.open().map("organisations")._repr_html_()
    assert shown.startswith('<iframe srcdoc="&lt;!DOCTYPE html&gt;')
    assert 'sandbox="allow-scripts allow-popups allow-popups-to-escape-sandbox"' in shown


def test_the_gephi_and_kumu_files_are_written(executed: tuple[nbformat.NotebookNode, Path]) -> None:
    nb, folder = executed
    m = partnerkg.open().map("organisations")
    assert (folder / "organisations.gexf").read_bytes() == m.to_gexf()
    assert (folder / "organisations-kumu.xlsx").read_bytes() == m.to_kumu()
    G = nx.read_gexf(folder / "organisations.gexf", version="1.3")
    assert outputs(nb, "cell-15")[0].text == f"{G.number_of_nodes()} nodes, {G.number_of_edges()} links written " \
                                              "for Gephi\n"


@pytest.fixture()
def page(browser, tmp_path: Path) -> Iterator[tuple[object, list[str], list[str]]]:
    context = browser.new_context(viewport={"width": 1300, "height": 900})
    tab = context.new_page()
    requests: list[str] = []
    errors: list[str] = []
    tab.on("request", lambda r: requests.append(r.url))
    tab.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    tab.on("pageerror", lambda e: errors.append(str(e)))
    yield tab, requests, errors
    context.close()


def test_the_map_output_draws_offline_in_chromium_and_cannot_reach_the_notebook(
        executed: tuple[nbformat.NotebookNode, Path], page, tmp_path: Path) -> None:
    """The output cell's HTML, put in a page as a notebook front end inserts it, opened from file://."""
    nb, _folder = executed
    tab, requests, errors = page
    host = tmp_path / "notebook.html"
    host.write_text("<!DOCTYPE html><html><head><meta charset='utf-8'><title>notebook</title></head><body>"
                    "<div class='output'>" + outputs(nb, "cell-11")[0].data["text/html"] + "</div></body></html>",
                    encoding="utf-8")
    tab.goto(host.as_uri())
    frame = tab.frame_locator("iframe")
    frame.locator('html[data-state="ready"]').wait_for(state="attached", timeout=30_000)
    inner = next(f for f in tab.frames if f is not tab.main_frame)
    m = partnerkg.open().map("organisations")
    assert inner.text_content("#count-nodes").replace(",", "") == str(m.graph.number_of_nodes())
    assert inner.evaluate("() => document.querySelector('#network canvas') !== null")
    reach = inner.evaluate("() => { try { return window.parent.document.title; } catch (e) { return e.name; } }")
    assert reach == "SecurityError"  # an opaque origin: the map cannot read the notebook
    assert inner.evaluate("() => window.origin") == "null"
    assert requests == [host.as_uri()]  # nothing else: no CDN, no server
    assert errors == []
