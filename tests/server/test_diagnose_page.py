"""/diagnose (#23): the endpoint's page of partnerships, each report in every format as the API writes it,
escaped, under a strict Content-Security-Policy, and errors as plain text; the query page links to it."""

from __future__ import annotations

import json
import re
import urllib.parse
from collections.abc import Iterator

import pytest

import partnerkg
from partnerkg.server.app import RunningServer, Settings, start_server
from tests.server.conftest import call

ON_TRACK = "https://w3id.org/partnerkg/id/partnership/on-track"


@pytest.fixture(scope="module")
def diagnosing() -> Iterator[RunningServer]:
    """A server with time for a diagnosis (nine queries): the session's allows a query 2.5 s."""
    running = start_server(partnerkg.open().graph, Settings(timeout=60, workers=1))
    try:
        yield running
    finally:
        running.stop()


def test_the_page_lists_every_partnership_as_a_link(diagnosing: RunningServer) -> None:
    answer = call(diagnosing.url, "GET", "/diagnose")
    assert answer.status == 200 and answer.type == "text/html"
    assert "script-src" not in answer.headers["Content-Security-Policy"]
    rows = partnerkg.open().query_text("SELECT ?p WHERE { ?p a/rdfs:subClassOf* pk:Partnership }").rows
    links = re.findall(r'<a href="/diagnose\?partnership=([^"]+)">', answer.text)
    assert sorted(urllib.parse.unquote(link) for link in links) == sorted(f"<{r[0]}>" for r in rows)


@pytest.mark.parametrize("fmt", ["html", "markdown", "json"])
def test_a_report_is_the_api_report(diagnosing: RunningServer, fmt: str) -> None:
    qs = urllib.parse.urlencode({"partnership": f"<{ON_TRACK}>", "format": fmt})
    answer = call(diagnosing.url, "GET", f"/diagnose?{qs}")
    assert answer.status == 200, answer.text
    assert answer.text == partnerkg.open().diagnose("on-track").report(fmt)
    assert answer.headers["Content-Security-Policy"].startswith("default-src 'none'; style-src 'unsafe-inline';")
    if fmt == "json":
        assert json.loads(answer.text)["partnership"] == ON_TRACK


def test_errors_are_plain_text(diagnosing: RunningServer) -> None:
    unknown = call(diagnosing.url, "GET", "/diagnose?partnership=no-such-partnership")
    assert unknown.status == 404 and "'no-such-partnership' is neither the label" in unknown.text
    assert call(diagnosing.url, "GET", "/diagnose?partnership=on-track&format=pdf").status == 400
    assert call(diagnosing.url, "GET", "/diagnose?colour=red").status == 400


def test_the_query_page_links_to_the_diagnoses(diagnosing: RunningServer) -> None:
    assert '<a href="/diagnose">Diagnose a partnership</a>' in call(diagnosing.url, "GET", "/").text
