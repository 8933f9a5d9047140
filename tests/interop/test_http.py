"""The HTTP client on its own: which scheme it picks, how Digest goes on, what it ignores, how it fails.

Against the real loopback store (store_server.py) and, for failures below HTTP, bare loopback sockets."""

from __future__ import annotations

import shutil
import socket
import ssl
import subprocess
import threading
from collections.abc import Callable, Iterator
from http.server import ThreadingHTTPServer
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef

from partnerkg.errors import EndpointError
from partnerkg.interop.http import Credentials, EndpointClient
from partnerkg.interop.push import push_graph
from tests.conftest import need

from .store_server import PASSWORD, USER, StoreServer

GRAPH = "https://example.org/partnerkg"


def _graph(n: int) -> Graph:
    g = Graph()
    for i in range(n):
        g.add((URIRef(f"urn:x:o{i}"), URIRef("urn:x:p"), Literal(i)))
    return g


def test_digest_is_preferred_when_basic_is_offered_too(store_server: Callable[..., StoreServer]) -> None:
    server = store_server(auth="both")
    push_graph(_graph(6), f"{server.url}/store", graph_iri=GRAPH, credentials=Credentials(USER, PASSWORD),
               batch_size=2)
    assert server.schemes and all(s.startswith("digest") for s in server.schemes)


@pytest.mark.parametrize("algorithm", ["MD5", "MD5-sess", "SHA-256", "SHA-256-sess", "SHA-512"])
def test_digest_algorithms(store_server: Callable[..., StoreServer], algorithm: str) -> None:
    server = store_server(auth="digest", digest_algorithm=algorithm)
    result = push_graph(_graph(4), f"{server.url}/store", graph_iri=GRAPH, credentials=Credentials(USER, PASSWORD))
    assert result.remote_triples == 4


def test_later_requests_authenticate_at_once_with_an_increasing_nonce_count(
        store_server: Callable[..., StoreServer]) -> None:
    server = store_server(auth="digest")
    push_graph(_graph(6), f"{server.url}/store", graph_iri=GRAPH, credentials=Credentials(USER, PASSWORD),
               batch_size=2)
    # one unauthenticated probe; then HEAD, three uploads and the read-back, each with the next nonce count
    assert [ok for _, _, ok in server.requests] == [False, True, True, True, True, True]
    assert server.schemes == [f"digest nc={n:08x}" for n in range(1, 6)]


def test_a_stale_nonce_is_renewed(store_server: Callable[..., StoreServer]) -> None:
    server = store_server(auth="digest", nonce_uses=2)
    result = push_graph(_graph(6), f"{server.url}/store", graph_iri=GRAPH, credentials=Credentials(USER, PASSWORD),
                        batch_size=2)
    assert result.remote_triples == 6
    assert len(server.bodies) == 3  # each batch stored once
    refused = [m for m, _, ok in server.requests[1:] if not ok]
    assert refused == ["POST", "GET"] and server.issued == 3  # each retired nonce refused once, then replaced


def test_an_unsupported_digest_algorithm_is_named(store_server: Callable[..., StoreServer]) -> None:
    server = store_server(auth="digest", digest_algorithm="SHA-512-256")
    with pytest.raises(EndpointError, match=r"HTTP 401 — the server asks for Digest authentication with "
                                            r"SHA-512-256, which partnerkg does not support"):
        push_graph(_graph(2), f"{server.url}/store", credentials=Credentials(USER, PASSWORD))
    assert server.bodies == []


def test_basic_credentials_from_the_url_leave_the_url(store_server: Callable[..., StoreServer]) -> None:
    server = store_server(auth="basic")
    host = server.url.removeprefix("http://")
    client = EndpointClient(f"http://{USER}:{PASSWORD}@{host}/store?default")
    assert client.url == f"{server.url}/store?default" and client.credentials == Credentials(USER, PASSWORD)
    assert client.request("GET", client.url).status == 200
    assert server.schemes == ["basic"]


def test_the_environment_is_ignored(store_server: Callable[..., StoreServer], monkeypatch: pytest.MonkeyPatch,
                                    tmp_path: Path) -> None:
    """Proxy variables and a .netrc change nothing: the request goes to the endpoint, without credentials."""
    server = store_server()
    for name in ("HTTP_PROXY", "http_proxy", "HTTPS_PROXY", "ALL_PROXY", "all_proxy"):
        monkeypatch.setenv(name, "http://127.0.0.1:9")
    monkeypatch.delenv("NO_PROXY", raising=False)
    monkeypatch.delenv("no_proxy", raising=False)
    (tmp_path / ".netrc").write_text(f"machine 127.0.0.1 login {USER} password {PASSWORD}\n", encoding="utf-8")
    monkeypatch.setenv("NETRC", str(tmp_path / ".netrc"))
    monkeypatch.setenv("HOME", str(tmp_path))
    client = EndpointClient(f"{server.url}/store?default")
    assert client.request("GET", client.url).status == 200
    assert server.requests == [("GET", "/store?default", True)]


@pytest.fixture
def silent_port() -> Iterator[tuple[int, socket.socket]]:
    """A loopback port that accepts connections and never answers."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        s.listen()
        yield s.getsockname()[1], s


def test_a_silent_endpoint_times_out(silent_port: tuple[int, socket.socket]) -> None:
    port, _ = silent_port
    client = EndpointClient(f"http://127.0.0.1:{port}/sparql", timeout=0.3)
    with pytest.raises(EndpointError, match=rf"^http://127.0.0.1:{port}/sparql: no answer within 0.3 s"):
        client.request("GET", client.url)


def test_a_server_that_hangs_up_is_reported() -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        s.listen()

        def hang_up() -> None:
            conn, _ = s.accept()
            conn.recv(65536)
            conn.close()

        threading.Thread(target=hang_up, daemon=True).start()
        client = EndpointClient(f"http://127.0.0.1:{s.getsockname()[1]}/sparql", timeout=5)
        with pytest.raises(EndpointError, match="the server closed the connection during the GET request"):
            client.request("GET", client.url)


@pytest.fixture
def tls_server(store_server: Callable[..., StoreServer], tmp_path: Path) -> Iterator[tuple[StoreServer, Path]]:
    """The store behind TLS with a fresh self-signed certificate for 127.0.0.1; yields (server, certificate)."""
    need(shutil.which("openssl") is not None, "the TLS tests make their certificate with openssl")
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=127.0.0.1",
                    "-addext", "subjectAltName=IP:127.0.0.1", "-keyout", str(key), "-out", str(cert)],
                   check=True, capture_output=True)
    server = StoreServer()
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    httpd: ThreadingHTTPServer = server.httpd
    httpd.socket = context.wrap_socket(httpd.socket, server_side=True)
    server.start()
    yield server, cert
    server.stop()


def test_tls_verifies_against_the_system_trust_store(tls_server: tuple[StoreServer, Path],
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    server, cert = tls_server
    url = server.url.replace("http://", "https://") + "/store?default"
    with pytest.raises(EndpointError, match=r"TLS failed \(CERTIFICATE_VERIFY_FAILED\)"):
        EndpointClient(url).request("GET", url)
    # OpenSSL's own variable adds the certificate to the system store, which the client then trusts
    monkeypatch.setenv("SSL_CERT_FILE", str(cert))
    assert EndpointClient(url).request("GET", url).status == 200


def test_tls_to_a_plain_http_server_fails_clearly(store_server: Callable[..., StoreServer]) -> None:
    server = store_server()
    url = server.url.replace("http://", "https://") + "/store"
    with pytest.raises(EndpointError, match=r"TLS failed \("):
        EndpointClient(url, timeout=5).request("GET", url)
