"""Static PNG and SVG maps for reports."""

from __future__ import annotations

import re

import pytest
from rdflib import Graph

from partnerkg.visualise.maps import prepare_map, render
from partnerkg.visualise.projections import View

from .conftest import IMG


@pytest.mark.parametrize("view", list(View))
def test_png_of_every_view_is_a_deterministic_picture(fixture_graph: Graph, view: View) -> None:
    prepared = prepare_map(fixture_graph, view)
    png = render(prepared, "png")
    assert png.startswith(b"\x89PNG\r\n\x1a\n")
    assert len(png) > 20_000  # a drawing, not an empty canvas
    assert render(prepared, "png") == png
    assert b"Software" not in png[:400]  # no tool version in the metadata


def test_svg_carries_title_labels_and_legend_as_text(fixture_graph: Graph) -> None:
    svg = render(prepare_map(fixture_graph, View.ORGANISATIONS), "svg").decode("utf-8")
    assert svg.startswith("<?xml")
    for text in ("Organisations linked by shared partnerships", "Alpha Council", "Sector (colour)",
                 "Voluntary and community", "Partnership model (line pattern)"):
        assert text in svg, text
    assert "<dc:date>" not in svg
    assert render(prepare_map(fixture_graph, View.ORGANISATIONS), "svg").decode("utf-8") == svg


def test_svg_escapes_hostile_labels(hostile_graph: Graph) -> None:
    svg = render(prepare_map(hostile_graph, View.ORGANISATIONS), "svg").decode("utf-8")
    assert IMG not in svg
    assert ">&lt;img src=x</text>" in svg and ">onerror=alert(1)&gt;</text>" in svg  # wrapped at its space
    assert not re.search(r"<(img|script)\b", svg)


def test_unknown_static_format_is_refused(fixture_graph: Graph) -> None:
    from partnerkg.visualise.static import render_static

    prepared = prepare_map(fixture_graph, View.ORGANISATIONS)
    with pytest.raises(ValueError, match="png or svg"):
        render_static(prepared.graph, prepared.positions, title="t", summary="s", fmt="gif")
