"""CORS (any origin by default, configured origins otherwise, never credentials), the security headers on
every response, and the Host check that defeats DNS rebinding on a loopback server."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest

from partnerkg.server.app import PAGE_CSP, RunningServer, Settings, start_server

from .conftest import call, get_query

ASK = "ASK {}"
TRUSTED = "https://tool.example.org"


def preflight(base: str, origin: str, method: str = "POST", headers: str | None = "content-type"):
    request_headers = {"Origin": origin, "Access-Control-Request-Method": method}
    if headers is not None:
        request_headers["Access-Control-Request-Headers"] = headers
    return call(base, "OPTIONS", "/sparql", headers=request_headers)


def test_any_origin_may_read_results_without_credentials(server):
    answer = call(server.url, "GET", "/sparql?query=ASK%7B%7D", headers={"Origin": "https://elsewhere.example"})
    assert answer.status == 200
    assert answer.headers["Access-Control-Allow-Origin"] == "*"
    assert "Access-Control-Allow-Credentials" not in answer.headers


def test_cookies_and_credentials_are_never_reflected(server):
    answer = call(server.url, "GET", "/sparql?query=ASK%7B%7D",
                  headers={"Origin": "https://evil.example", "Cookie": "session=1", "Authorization": "Basic eDp5"})
    assert answer.headers["Access-Control-Allow-Origin"] == "*"
    assert "Access-Control-Allow-Credentials" not in answer.headers
    assert "evil.example" not in str(answer.headers)


def test_errors_carry_cors_headers_too(server):
    answer = call(server.url, "GET", "/sparql?query=SELEC", headers={"Origin": "https://elsewhere.example"})
    assert answer.status == 400
    assert answer.headers["Access-Control-Allow-Origin"] == "*"


def test_preflight_allows_get_and_post_with_plain_headers(server):
    answer = preflight(server.url, "https://elsewhere.example", "POST", "Content-Type, Accept")
    assert answer.status == 204
    assert answer.headers["Access-Control-Allow-Origin"] == "*"
    assert answer.headers["Access-Control-Allow-Methods"] == "GET, HEAD, POST"
    assert "Content-Type" in answer.headers["Access-Control-Allow-Headers"]
    assert answer.headers["Access-Control-Max-Age"] == "600"
    assert "Access-Control-Allow-Credentials" not in answer.headers
    assert preflight(server.url, "https://elsewhere.example", "GET", None).status == 204


@pytest.mark.parametrize(("method", "headers", "message"), [
    ("PUT", "content-type", "method PUT is not allowed"),
    ("DELETE", None, "method DELETE is not allowed"),
    ("POST", "authorization", "authorization are not allowed"),
    ("POST", "content-type, x-api-key", "x-api-key are not allowed"),
])
def test_preflight_refuses_other_methods_and_credentials(server, method, headers, message):
    answer = preflight(server.url, "https://elsewhere.example", method, headers)
    assert answer.status == 403
    assert message in answer.text
    assert "Access-Control-Allow-Methods" not in answer.headers
    assert "Access-Control-Allow-Credentials" not in answer.headers


def test_security_headers_on_every_response(server):
    for path in ("/sparql?query=ASK%7B%7D", "/sparql", "/queries", "/nowhere", "/assets/app.js", "/assets/editor.js",
                 "/vocabulary"):
        answer = call(server.url, "GET", path)
        assert answer.headers["X-Content-Type-Options"] == "nosniff", path
        assert answer.headers["Referrer-Policy"] == "no-referrer", path
        assert answer.headers["X-Frame-Options"] == "DENY", path
        assert answer.headers["Content-Security-Policy"].startswith("default-src 'none'"), path
    page = call(server.url, "GET", "/")
    nonce = re.search(r' nonce="([A-Za-z0-9_-]+)"', page.text).group(1)
    assert page.headers["Content-Security-Policy"] == PAGE_CSP.format(nonce=nonce)
    assert "'unsafe-inline'" not in PAGE_CSP and "'unsafe-eval'" not in PAGE_CSP


@pytest.mark.parametrize("host", ["evil.example", "evil.example:80", "192.168.1.20:7878", "127.0.0.1.evil.example"])
def test_requests_addressed_to_another_host_are_refused(server, host):
    answer = call(server.url, "GET", "/sparql?query=ASK%7B%7D", headers={"Host": host})
    assert answer.status == 421
    assert "DNS rebinding" in answer.text


@pytest.mark.parametrize("host", ["localhost", "localhost:7878", "127.0.0.1", "127.0.0.2:1", "[::1]:7878",
                                  "app.localhost"])
def test_loopback_names_are_accepted(server, host):
    assert call(server.url, "GET", "/sparql?query=ASK%7B%7D", headers={"Host": host}).status == 200


@pytest.fixture(scope="module")
def restricted(served_graph) -> Iterator[RunningServer]:
    """A second server that lets only one origin read its results."""
    with start_server(served_graph, Settings(workers=1, cors_origins=(TRUSTED,))) as running:
        yield running


def test_configured_origins_only(restricted):
    trusted = call(restricted.url, "GET", "/sparql?query=ASK%7B%7D", headers={"Origin": TRUSTED})
    assert trusted.headers["Access-Control-Allow-Origin"] == TRUSTED
    assert "Origin" in trusted.headers["Vary"]
    other = call(restricted.url, "GET", "/sparql?query=ASK%7B%7D", headers={"Origin": "https://evil.example"})
    assert other.status == 200  # same-origin and non-browser clients are unaffected
    assert "Access-Control-Allow-Origin" not in other.headers
    assert "Origin" in other.headers["Vary"]
    assert preflight(restricted.url, TRUSTED).status == 204
    refused = preflight(restricted.url, "https://evil.example")
    assert refused.status == 403
    assert "Access-Control-Allow-Origin" not in refused.headers
    assert get_query(restricted.url, ASK).status == 200


def test_settings_refuse_an_origin_that_is_not_one():
    for bad in ("tool.example.org", "https://tool.example.org/path", "javascript:alert(1)", "null"):
        with pytest.raises(ValueError, match="not '\\*' or an origin"):
            Settings(cors_origins=(bad,))
