"""Slow and vanishing clients: a request whose head or body does not arrive within ``request_timeout`` gets
408 and its connection is closed (a slowloris client cannot hold connections open); a client that goes away
in the middle of its body costs one log line, never a traceback."""

from __future__ import annotations

import contextlib
import logging
import socket
import time

from .conftest import REQUEST_TIMEOUT, get_query

#: Longest the tests wait for the server to act: the timeout plus generous slack for a loaded machine.
PATIENCE = REQUEST_TIMEOUT + 20


def _port(server) -> int:
    return int(server.url.rsplit(":", 1)[1].strip("/"))


def _read_until_closed(sock: socket.socket) -> bytes:
    data = b""
    with contextlib.suppress(ConnectionResetError):
        while chunk := sock.recv(65536):
            data += chunk
    return data


def test_a_request_head_that_never_ends_gets_408_and_the_connection_closes(server):
    with socket.create_connection(("127.0.0.1", _port(server)), timeout=PATIENCE) as sock:
        sock.sendall(b"GET /sparql?query=ASK%7B%7D HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: */*\r\n")  # no blank line
        answer = _read_until_closed(sock)  # returns only because the server closed the connection
    head, _, body = answer.partition(b"\r\n\r\n")
    assert head.startswith(b"HTTP/1.1 408 ")
    assert b"connection: close" in head.lower()
    assert body == (f"the request's head did not arrive within {REQUEST_TIMEOUT:g} s; "
                    "the connection is closed\n").encode()


def test_a_connection_that_sends_nothing_is_closed(server):
    with socket.create_connection(("127.0.0.1", _port(server)), timeout=PATIENCE) as sock:
        assert _read_until_closed(sock).startswith(b"HTTP/1.1 408 ")


def test_a_body_that_stops_arriving_gets_408(server):
    with socket.create_connection(("127.0.0.1", _port(server)), timeout=PATIENCE) as sock:
        sock.sendall(b"POST /sparql HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/sparql-query\r\n"
                     b"Content-Length: 100\r\n\r\nASK {")
        answer = _read_until_closed(sock)
    head, _, body = answer.partition(b"\r\n\r\n")
    assert head.startswith(b"HTTP/1.1 408 ")
    assert body == (f"the request body did not arrive within {REQUEST_TIMEOUT:g} s (100 bytes announced, 5 "
                    "received); the connection is closed\n").encode()
    assert get_query(server.url, "ASK {}").status == 200  # and the server answers on


def test_a_client_that_leaves_in_the_middle_of_its_body_costs_one_log_line(server, caplog):
    caplog.set_level(logging.INFO)
    with socket.create_connection(("127.0.0.1", _port(server)), timeout=PATIENCE) as sock:
        sock.sendall(b"POST /sparql HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/sparql-query\r\n"
                     b"Content-Length: 100\r\n\r\nASK {")
        time.sleep(0.3)  # the server is reading the body now
    deadline = time.monotonic() + PATIENCE
    while time.monotonic() < deadline and not any(" POST /sparql " in r.getMessage() for r in caplog.records):
        time.sleep(0.05)
    time.sleep(0.5)  # anything else it would log comes at once
    records = [r for r in caplog.records if r.name.startswith(("partnerkg", "uvicorn"))]
    assert len(records) == 1, [r.getMessage() for r in records]
    line = records[0].getMessage()
    assert " POST /sparql - 499 " in line
    assert line.endswith(' "the client went away while sending its body (5 of 100 bytes)"')
    assert records[0].exc_info is None and "\n" not in line
