"""Bounded: a slow query is cancelled (its worker process killed and replaced) while other clients are
answered; results over the cap and bodies over the limit are refused with clear plain-text errors; many
concurrent clients all get correct answers; one log line per query."""

from __future__ import annotations

import contextlib
import json
import logging
import socket
import threading
import time
import urllib.parse
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from partnerkg.queries import list_queries
from partnerkg.queries.formats import format_result

from .conftest import MAX_BODY, MAX_RESULTS, SLOW_QUERY, TIMEOUT, call, get_query, post_query

QUICK = "PREFIX pk: <https://w3id.org/partnerkg/ontology#> ASK { pk:SteeringGroupModel pk:formalityRank 1 }"


def running(pid: int) -> bool:
    """Whether process ``pid`` exists and is not a zombie waiting to be reaped."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except FileNotFoundError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] not in ("Z", "X")


def read_all(sock: socket.socket) -> str:
    """Everything the server sends until it closes the connection (it does after refusing a body; closing
    with the rest of the body unread resets the connection, after the answer)."""
    data = b""
    with contextlib.suppress(ConnectionResetError):
        while chunk := sock.recv(65536):
            data += chunk
    return data.decode("latin-1")


def wait_for(condition, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.05)
    return condition()


def test_a_slow_query_is_cancelled_while_a_quick_one_is_answered(server):
    pool = server.app.state.pool
    assert wait_for(lambda: len(pool.pids()) == 2, 30)
    before = set(pool.pids())
    slow: dict[str, object] = {}

    def run_slow() -> None:
        started = time.monotonic()
        slow["answer"] = post_query(server.url, SLOW_QUERY)
        slow["seconds"] = time.monotonic() - started

    thread = threading.Thread(target=run_slow)
    thread.start()
    time.sleep(0.5)  # the slow query is running on one worker now
    started = time.monotonic()
    quick = get_query(server.url, QUICK)
    quick_seconds = time.monotonic() - started
    thread.join(TIMEOUT + 30)

    assert quick.status == 200
    assert json.loads(quick.body)["boolean"] is True
    assert quick_seconds < TIMEOUT - 0.5, "the quick query waited for the slow one"
    answer = slow["answer"]
    assert answer.status == 503
    assert answer.type == "text/plain"
    assert f"longer than this endpoint's limit of {TIMEOUT:g} s" in answer.text
    assert "cancelled" in answer.text
    assert TIMEOUT <= slow["seconds"] < TIMEOUT + 3
    killed = before - set(pool.pids())
    assert len(killed) == 1, "exactly the slow query's worker is gone"
    pid = killed.pop()
    assert wait_for(lambda: not running(pid), 5), "the slow query's process still runs"
    assert wait_for(lambda: len(pool.pids()) == 2, 30), "a fresh worker replaced it"
    assert get_query(server.url, QUICK).status == 200


def test_a_client_that_goes_away_cancels_its_query(server):
    pool = server.app.state.pool
    assert wait_for(lambda: len(pool.pids()) == 2, 30)
    before = set(pool.pids())
    body = SLOW_QUERY.encode()
    with socket.create_connection(("127.0.0.1", int(server.url.rsplit(":", 1)[1].strip("/")))) as sock:
        sock.sendall(b"POST /sparql HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/sparql-query\r\n"
                     b"Content-Length: " + str(len(body)).encode() + b"\r\n\r\n" + body)
        time.sleep(0.5)
    # well before the time limit, the worker running the abandoned query is killed and replaced
    assert wait_for(lambda: not before <= set(pool.pids()), TIMEOUT - 1)
    assert wait_for(lambda: len(pool.pids()) == 2, 30)


def test_a_query_over_the_memory_cap_is_stopped(server):
    pool = server.app.state.pool
    assert wait_for(lambda: len(pool.pids()) == 2, 30)
    before = set(pool.pids())
    x = "x" * 2000  # each REPLACE multiplies a literal's length by 2,000: tens of megabytes in a row
    copies = ", ".join(["?mid"] * 32)  # and one CONCAT asks for more than the cap at once, on the first row
    answer = post_query(server.url, f'SELECT ?big WHERE {{ ?s ?p ?o FILTER(isLiteral(?o)) '
                                    f'BIND(REPLACE(REPLACE(STR(?o), "", "{x}"), "", "{x}") AS ?mid) '
                                    f'BIND(CONCAT({copies}) AS ?big) }} ORDER BY ?big')
    assert answer.status == 503
    assert "more memory than a query worker may use (--max-memory)" in answer.text
    assert len(before - set(pool.pids())) == 1, "the worker that ran out of memory was replaced"
    assert get_query(server.url, QUICK).status == 200
    assert wait_for(lambda: len(pool.pids()) == 2, 30)


def test_results_over_the_cap_are_refused_with_a_clear_error(server):
    answer = get_query(server.url, "SELECT * WHERE { ?s ?p ?o }")
    assert answer.status == 422
    assert answer.type == "text/plain"
    assert f"over this endpoint's limit of {MAX_RESULTS} (--max-results)" in answer.text
    assert f"add LIMIT {MAX_RESULTS}" in answer.text
    graph = post_query(server.url, "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }")
    assert graph.status == 422
    assert "triples" in graph.text
    within = get_query(server.url, f"SELECT * WHERE {{ ?s ?p ?o }} ORDER BY ?s ?p ?o LIMIT {MAX_RESULTS}")
    assert within.status == 200
    assert len(json.loads(within.body)["results"]["bindings"]) == MAX_RESULTS


def test_bodies_over_the_limit_are_413(server):
    big = ("ASK {} #" + "x" * MAX_BODY).encode()
    answer = call(server.url, "POST", "/sparql", big, {"Content-Type": "application/sparql-query"})
    assert answer.status == 413
    assert answer.type == "text/plain"
    assert f"over the limit of {MAX_BODY} bytes (--max-body)" in answer.text
    form = call(server.url, "POST", "/sparql", b"query=" + urllib.parse.quote(big).encode(),
                {"Content-Type": "application/x-www-form-urlencoded"})
    assert form.status == 413


def test_a_chunked_body_over_the_limit_is_413_without_reading_it_all(server):
    host, port = "127.0.0.1", int(server.url.rsplit(":", 1)[1].strip("/"))
    with socket.create_connection((host, port), timeout=30) as sock:
        sock.sendall(b"POST /sparql HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/sparql-query\r\n"
                     b"Transfer-Encoding: chunked\r\n\r\n")
        chunk = b"#" * 16384
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):  # the server may stop listening early
            for _ in range(MAX_BODY // len(chunk) + 2):
                sock.sendall(b"%x\r\n%s\r\n" % (len(chunk), chunk))
        head = read_all(sock)
    assert head.startswith("HTTP/1.1 413 ")


def test_a_huge_declared_length_is_refused_at_once(server):
    host, port = "127.0.0.1", int(server.url.rsplit(":", 1)[1].strip("/"))
    with socket.create_connection((host, port), timeout=10) as sock:
        sock.sendall(b"POST /sparql HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/sparql-query\r\n"
                     b"Content-Length: 10000000000\r\n\r\nASK {}")
        head = read_all(sock)
    assert head.startswith("HTTP/1.1 413 ")
    assert "10000000000 bytes, over the limit" in head


def test_error_bodies_carry_no_traceback(server):
    answers = [
        get_query(server.url, "SELECT * WHERE { ?s ?p ?o } LIMIT"),
        get_query(server.url, "SELECT * WHERE { ?s ?p ?o }"),
        post_query(server.url, "DROP ALL"),
        call(server.url, "GET", "/queries/ego-network?org=Nobody%20at%20all"),
        call(server.url, "GET", "/queries/ego-network?nonsense=1"),
        call(server.url, "GET", "/queries/no-such-query"),
        get_query(server.url, "PREFIX x: <urn:x:> SELECT * WHERE { ?s y:p ?o }"),
    ]
    assert [a.status for a in answers] == [400, 422, 403, 400, 400, 404, 400]
    for answer in answers:
        assert answer.type == "text/plain"
        assert "Traceback" not in answer.text
        assert 'File "' not in answer.text
        assert answer.text.endswith("\n") and answer.text.count("\n") <= 4


def test_concurrent_clients_all_get_correct_answers(server, served_graph):
    from partnerkg.queries.runner import run_query

    queries = [q for q in list_queries() if q.name in {"partnerships-by-model", "life-cycle", "policies-by-year",
                                                        "stage-counts", "organisations-connected", "search"}]
    expected = {q.name: format_result(run_query(q.text, None, served_graph), "json") for q in queries}

    def client(n: int) -> list[bool]:
        results = []
        for i in range(4):
            q = queries[(n + i) % len(queries)]
            answer = post_query(server.url, q.text) if (n + i) % 2 else get_query(server.url, q.text)
            results.append(answer.status == 200 and answer.body == expected[q.name])
        return results

    with ThreadPoolExecutor(max_workers=16) as executor:
        outcomes = [ok for batch in executor.map(client, range(16)) for ok in batch]
    assert len(outcomes) == 64
    assert all(outcomes)


def test_one_log_line_per_query_with_status_and_duration(server, caplog):
    caplog.set_level(logging.INFO, logger="partnerkg.server.app")
    get_query(server.url, QUICK)
    post_query(server.url, "SELECT * WHERE { ?s ?p }")
    call(server.url, "GET", "/queries/life-cycle")
    lines = [r.getMessage() for r in caplog.records if r.name == "partnerkg.server.app"]
    assert len(lines) == 3
    ask, bad, library = lines
    assert " GET /sparql ASK 200 " in ask and ask.split()[-1] != "-"
    assert " POST /sparql - 400 " in bad
    assert " GET /queries/life-cycle SELECT 200 " in library
    for line in lines:
        assert int(line.split(" ")[5].removesuffix("ms")) >= 0
        assert "\n" not in line


@pytest.mark.parametrize("name", ["life-cycle", "ego-network", "organisations-connected"])
def test_library_queries_run_by_name_with_parameters(server, served_graph, name):
    from partnerkg.queries.runner import run

    answer = call(server.url, "GET", f"/queries/{name}")
    assert answer.status == 200
    fmt = "turtle" if answer.type == "text/turtle" else "json"
    assert answer.body == format_result(run(name, served_graph), fmt)
