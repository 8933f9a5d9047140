"""``partnerkg map`` and ``partnerkg analyse``, run in-process on the partnerkg command group."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from partnerkg.cli import cli

from .conftest import FIXTURE_TTL


@pytest.fixture(scope="module")
def partnerkg() -> click.Group:
    """The partnerkg group, which lists ``map`` and ``analyse`` among its (lazily imported) commands."""
    assert {"map", "analyse"} <= set(cli.list_commands(click.Context(cli)))
    return cli


@pytest.fixture()
def data(tmp_path: Path) -> Path:
    path = tmp_path / "fixture.ttl"
    path.write_text(FIXTURE_TTL, encoding="utf-8")
    return path


def run(group: click.Group, *args: str | Path):
    return CliRunner().invoke(group, [str(a) for a in args], catch_exceptions=False)


def test_map_writes_a_self_contained_page(partnerkg: click.Group, data: Path, tmp_path: Path) -> None:
    out = tmp_path / "org.html"
    result = run(partnerkg, "map", "--no-shipped", "--data", data, "--output", out)
    assert result.exit_code == 0, result.output
    assert f"wrote {out} (8 nodes, 6 links)" in result.output
    page = out.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and "Organisations linked by shared partnerships" in page


def test_map_default_file_name_and_format_from_suffix(partnerkg: click.Group, data: Path, tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = run(partnerkg, "map", "--no-shipped", "--data", data, "--view", "policies")
    assert result.exit_code == 0, result.output
    assert (tmp_path / "partnerkg-policies.html").read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    svg = tmp_path / "policies.svg"
    assert run(partnerkg, "map", "--no-shipped", "--data", data, "-o", svg).exit_code == 0
    assert svg.read_bytes().startswith(b"<?xml")
    png = tmp_path / "map.out"
    assert run(partnerkg, "map", "--no-shipped", "--data", data, "-o", png, "--format", "png").exit_code == 0
    assert png.read_bytes().startswith(b"\x89PNG")


def test_map_to_standard_output(partnerkg: click.Group, data: Path) -> None:
    result = run(partnerkg, "map", "--no-shipped", "--data", data, "--view", "barriers", "-o", "-")
    assert result.exit_code == 0
    assert result.stdout.startswith("<!DOCTYPE html>")


def test_map_filter_narrows_the_map(partnerkg: click.Group, data: Path, tmp_path: Path) -> None:
    out = tmp_path / "vol.html"
    result = run(partnerkg, "map", "--no-shipped", "--data", data, "--filter", "sector=voluntary", "-o", out)
    assert result.exit_code == 0
    assert "(2 nodes, 0 links)" in result.output
    assert "filtered: sector = Voluntary and community" in out.read_text(encoding="utf-8")


@pytest.mark.parametrize(("args", "message"), [
    (("--filter", "sector=nowhere"), "matches none of the sector values"),
    (("--filter", "colour=red"), "FACET one of sector, model, stage, policy"),
    (("--view", "people"), "Invalid value for '--view'"),
    (("--format", "gif"), "Invalid value for '--format'"),
    (("--max-nodes", "0"), "Invalid value for '--max-nodes'"),
])
def test_map_usage_errors_exit_2(partnerkg: click.Group, data: Path, args: tuple[str, ...], message: str) -> None:
    result = run(partnerkg, "map", "--no-shipped", "--data", data, *args)
    assert result.exit_code == 2
    assert message in result.output


def test_map_without_any_input_or_with_a_missing_file_exits_2(partnerkg: click.Group, tmp_path: Path) -> None:
    result = run(partnerkg, "map", "--no-shipped")
    assert result.exit_code == 2 and "--no-shipped needs at least one --data file" in result.output
    result = run(partnerkg, "map", "--no-shipped", "--data", tmp_path / "missing.ttl")
    assert result.exit_code == 2 and "missing.ttl" in result.output
    assert not list(tmp_path.glob("partnerkg-*"))


def test_map_above_the_cap_opens_grouped_and_says_so(partnerkg: click.Group, data: Path, tmp_path: Path) -> None:
    out = tmp_path / "grouped.html"
    result = run(partnerkg, "map", "--no-shipped", "--data", data, "--max-nodes", "5", "-o", out)
    assert result.exit_code == 0, result.output
    assert ("note: This view has 8 nodes, more than the cap of 5, so it opens grouped by Louvain community "
            "(3 groups)") in result.output
    assert "(8 nodes, 6 links)" in result.output  # every node is in the page; the page folds them
    page = out.read_text(encoding="utf-8")
    data_block = json.loads(re.search(r'id="map-data">(.*?)</script>', page, re.S).group(1))
    assert data_block["group"] == "community"
    community = next(g for g in data_block["groupings"] if g["key"] == "community")
    # {a, b, c, d}, {e, f} and the two unlinked, g and gov
    assert community["values"] == ["Around Alpha Council", "Around Echo Group", "Unlinked nodes"]
    assert "double-click a group to open it" in page


def test_map_above_the_cap_without_grouping_asks_for_a_filter(partnerkg: click.Group, data: Path,
                                                             tmp_path: Path) -> None:
    out = tmp_path / "refused.html"
    result = run(partnerkg, "map", "--no-shipped", "--data", data, "--max-nodes", "5", "--aggregate", "off",
                 "-o", out)
    assert result.exit_code == 2
    assert "more than --max-nodes 5" in result.output and "--filter" in result.output
    assert not out.exists()


def test_analyse_table(partnerkg: click.Group, data: Path) -> None:
    result = run(partnerkg, "analyse", "--no-shipped", "--data", data)
    assert result.exit_code == 0
    lines = result.output.splitlines()
    assert lines[0] == "organisations: 8 nodes, 6 edges, density 0.214286"
    assert "communities (Louvain): 4, modularity 0.208333" in result.output
    first = next(line for line in lines if line.startswith("Alpha Council"))
    assert first.split() == ["Alpha", "Council", "organisation", "statutory", "3", "0.2857", "1", "0", "0"]


def test_analyse_csv_and_json_agree(partnerkg: click.Group, data: Path) -> None:
    as_csv = run(partnerkg, "analyse", "--no-shipped", "--data", data, "--format", "csv").output
    as_json = json.loads(run(partnerkg, "analyse", "--no-shipped", "--data", data, "--format", "json").output)
    rows = list(csv.DictReader(io.StringIO(as_csv)))
    assert [r["label"] for r in rows] == [n["label"] for n in as_json["nodes"]]
    assert rows[0] == {"node": "https://w3id.org/partnerkg/id/org-a", "label": "Alpha Council",
                       "type": "organisation", "sector": "statutory", "degree": "3", "betweenness": "0.285714",
                       "brokerage": "1", "component": "0", "community": "0"}
    assert as_json["summary"]["components"] == 3 and as_json["view"] == "organisations"


def test_analyse_other_views_filters_and_top(partnerkg: click.Group, data: Path) -> None:
    result = run(partnerkg, "analyse", "--no-shipped", "--data", data, "--view", "partnerships",
                 "--filter", "model=co-location", "--format", "json", "--top", "2")
    doc = json.loads(result.output)
    assert doc["filters"] == {"model": "co-location"}
    assert doc["summary"]["nodes"] == 4  # Partnership One and its three partners
    assert [n["label"] for n in doc["nodes"]] == ["Partnership One", "Alpha Council"]


def test_analyse_bad_filter_exits_2(partnerkg: click.Group, data: Path) -> None:
    result = run(partnerkg, "analyse", "--no-shipped", "--data", data, "--filter", "stage=forever")
    assert result.exit_code == 2 and "matches none of the stage values" in result.output


def test_help_of_both_commands(partnerkg: click.Group) -> None:
    assert "self-contained HTML" in run(partnerkg, "map", "--help").output
    assert "brokerage" in run(partnerkg, "analyse", "--help").output


def test_map_diagnose_url_links_the_endpoint_and_a_bad_one_is_refused(partnerkg: click.Group, data: Path,
                                                                      tmp_path: Path) -> None:
    out = tmp_path / "linked.html"
    result = run(partnerkg, "map", "--no-shipped", "--data", data, "--view", "partnerships",
                 "--diagnose-url", "http://127.0.0.1:8000/", "-o", out)
    assert result.exit_code == 0, result.output
    page = out.read_text(encoding="utf-8")
    body = re.search(r'<script type="application/json" id="map-data">(.*?)</script>', page, re.S).group(1)
    assert json.loads(body)["diagnose"] == "http://127.0.0.1:8000/"
    for bad in ("javascript:alert(1)", "file:///etc"):
        refused = tmp_path / "refused.html"
        result = run(partnerkg, "map", "--no-shipped", "--data", data, "--diagnose-url", bad, "-o", refused)
        assert result.exit_code == 2
        assert f"--diagnose-url {bad!r}: not the http(s) address of an endpoint" in result.output
        assert not refused.exists()
