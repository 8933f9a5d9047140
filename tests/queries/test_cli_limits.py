"""``partnerkg query --timeout`` and ``--max-results`` (or ``--max-rows``): the endpoint's limits on the CLI.

A result over the row cap is refused (exit 1) and a query over the time limit is stopped (exit 2), in memory
and over an Oxigraph store, with one line on stderr and nothing written; 0 lifts either limit.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from partnerkg.errors import PartnerKGError, QueryTimeout, ResultTooLarge, UnknownEntityError
from partnerkg.queries.limits import within
from partnerkg.queries.runner import run_query
from partnerkg.store.graphs import open_graph
from tests.conftest import need
from tests.scale import conftest as scale

country, country_store = scale.country, scale.country_store  # session fixtures: a generated country in a store

FIXTURE = str(Path(__file__).parent / "fixture.ttl")
ALL = "SELECT ?s ?p ?o WHERE { ?s ?p ?o }"
#: Never finishes on the shipped graph (about 10^11 solutions to count).
FOREVER = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
#: Some 50 ms on the fixture graph (a cross join of its typed resources), then an answer.
SLOW = "SELECT (COUNT(*) AS ?n) WHERE { ?a a ?x . ?b a ?y }"


def _triples(path: str) -> int:
    graph = open_graph([path], shipped=False)
    return run_query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", None, graph).rows[0][0].value


def _rq(tmp_path: Path, text: str) -> str:
    path = tmp_path / "q.rq"
    path.write_text(text, encoding="utf-8")
    return str(path)


# ---- the row cap ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(("text", "unit"), [(ALL, "rows"), ("CONSTRUCT WHERE { ?s ?p ?o }", "triples")])
def test_a_result_over_the_cap_is_refused_and_nothing_is_written(invoke, tmp_path: Path, text: str,
                                                                  unit: str) -> None:
    out_file = tmp_path / "out.txt"
    out = invoke("query", _rq(tmp_path, text), "--no-shipped", "--data", FIXTURE, "--max-rows", "10",
                 "-o", str(out_file))
    assert out.exit_code == 1
    assert out.stderr == (f"error: {_triples(FIXTURE)} {unit} is over --max-results 10: add LIMIT/OFFSET to page "
                          "through it, or raise --max-results\n")
    assert out.stdout == ""
    assert not out_file.exists() and list(tmp_path.iterdir()) == [tmp_path / "q.rq"]


def test_an_old_output_file_is_left_as_it_was(invoke, tmp_path: Path) -> None:
    out_file = tmp_path / "out.tsv"
    out_file.write_bytes(b"old\n")
    out = invoke("query", _rq(tmp_path, ALL), "--no-shipped", "--data", FIXTURE, "--max-rows", "1",
                 "-f", "tsv", "-o", str(out_file))
    assert out.exit_code == 1
    assert out_file.read_bytes() == b"old\n"


def test_a_result_at_the_cap_is_written_whole(invoke, tmp_path: Path) -> None:
    n = _triples(FIXTURE)
    out_file = tmp_path / "out.tsv"
    out = invoke("query", _rq(tmp_path, ALL), "--no-shipped", "--data", FIXTURE, "--max-rows", str(n),
                 "-f", "tsv", "-o", str(out_file))
    assert out.exit_code == 0 and out.stdout == ""
    assert len(out_file.read_text(encoding="utf-8").splitlines()) == n + 1  # the header line and every row


def test_the_default_cap_is_the_endpoints_10000_and_0_lifts_it(invoke, tmp_path: Path, country_store: Path) -> None:
    # (the store is opened only in query processes: this one forks them, and RocksDB's threads do not fork)
    lifted = invoke("query", _rq(tmp_path, ALL), "--store", str(country_store), "-f", "tsv", "--max-rows", "0")
    assert lifted.exit_code == 0
    n = len(lifted.stdout.splitlines()) - 1
    count = invoke("query", "-", "--store", str(country_store), "-f", "csv",
                   input="SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
    assert count.stdout.splitlines() == ["n", str(n)] and n > 10_000
    refused = invoke("query", _rq(tmp_path, ALL), "--store", str(country_store), "-f", "tsv")
    assert refused.exit_code == 1
    assert refused.stderr == (f"error: {n} rows is over --max-results 10000: add LIMIT/OFFSET to page through it, "
                              "or raise --max-results\n")
    assert refused.stdout == ""


def test_ask_counts_as_one_row(invoke) -> None:
    out = invoke("query", "-", "--max-rows", "1", input="ASK { ?s ?p ?o }")
    assert out.exit_code == 0 and "true" in out.stdout


# ---- the time limit ------------------------------------------------------------------------------------


def test_a_query_that_runs_forever_in_memory_is_stopped(invoke, tmp_path: Path, shipped) -> None:
    start = time.monotonic()
    out = invoke("query", _rq(tmp_path, FOREVER), "--timeout", "1", "-o", str(tmp_path / "out.txt"))
    elapsed = time.monotonic() - start
    assert out.exit_code == 2
    assert out.stderr == "error: the query ran over --timeout 1 s: narrow it, add LIMIT, or raise --timeout\n"
    assert out.stdout == "" and not (tmp_path / "out.txt").exists()
    assert elapsed < 10, f"stopped only after {elapsed:.1f} s"
    assert multiprocessing.active_children() == []  # the query process was killed and reaped


def test_a_query_that_runs_forever_over_a_store_is_stopped(invoke, tmp_path: Path, country_store: Path) -> None:
    start = time.monotonic()
    out = invoke("query", _rq(tmp_path, FOREVER), "--store", str(country_store), "--timeout", "1")
    elapsed = time.monotonic() - start
    assert out.exit_code == 2
    assert out.stderr == "error: the query ran over --timeout 1 s: narrow it, add LIMIT, or raise --timeout\n"
    assert elapsed < 10, f"stopped only after {elapsed:.1f} s"
    assert multiprocessing.active_children() == []


def test_timeout_0_lifts_the_limit(invoke, tmp_path: Path) -> None:
    args = ("query", _rq(tmp_path, SLOW), "--no-shipped", "--data", FIXTURE, "-f", "csv")
    stopped = invoke(*args, "--timeout", "0.01")
    assert stopped.exit_code == 2 and "over --timeout 0.01 s" in stopped.stderr
    lifted = invoke(*args, "--timeout", "0")
    assert lifted.exit_code == 0
    typed = run_query("SELECT (COUNT(*) AS ?n) WHERE { ?a a ?x }", None, open_graph([FIXTURE], shipped=False))
    assert lifted.stdout.splitlines() == ["n", str(typed.rows[0][0].value ** 2)]


def test_errors_in_the_query_process_keep_their_message_and_exit_code(invoke) -> None:
    out = invoke("query", "ego-network", "--param", "org=No Such Organisation Anywhere")
    assert out.exit_code == 2
    assert out.stderr.startswith("error: --param org: no resource is labelled 'No Such Organisation")
    assert "Traceback" not in out.output


def test_limits_are_checked_on_the_command_line(invoke) -> None:
    for option in ("--timeout", "--max-results"):
        out = invoke("query", "stage-counts", option, "-1")
        assert out.exit_code == 2 and option in out.stderr


def test_help_documents_both_limits(invoke) -> None:
    out = invoke("query", "--help")
    assert "--timeout SECONDS" in out.stdout and "--max-results, --max-rows N" in out.stdout
    assert "default: 60" in out.stdout and "default: 10000" in out.stdout


# ---- the runner ----------------------------------------------------------------------------------------


def test_within_0_runs_here_and_otherwise_in_a_child() -> None:
    assert within(0, os.getpid) == os.getpid()
    assert within(30, os.getpid) != os.getpid()


def test_within_raises_the_childs_exception_with_its_traceback_as_a_note() -> None:
    def fail() -> None:
        raise UnknownEntityError("--param x: nothing is labelled 'y'")

    with pytest.raises(UnknownEntityError, match="nothing is labelled 'y'") as caught:
        within(30, fail)
    assert caught.value.exit_code == 2
    assert "in the query process:" in caught.value.__notes__[0] and "in fail" in caught.value.__notes__[0]


def test_within_says_when_the_child_dies_without_an_answer() -> None:
    with pytest.raises(PartnerKGError, match="exited with code 3 before it answered"):
        within(30, lambda: os._exit(3))
    with pytest.raises(PartnerKGError, match="killed by signal 9 \\(perhaps for want of memory\\)"):
        within(30, lambda: os.kill(os.getpid(), signal.SIGKILL))


def test_the_limit_errors_exit_as_documented() -> None:
    assert ResultTooLarge.exit_code == 1 and QueryTimeout.exit_code == 2


# ---- the real process ----------------------------------------------------------------------------------


def _stat(pid: int) -> list[str] | None:
    """State, parent pid, … of a process (fields 3 onwards of /proc/PID/stat); None once it is gone."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return None


def _children(pid: int) -> list[int]:
    return [int(e.name) for e in Path("/proc").iterdir()
            if e.name.isdigit() and (stat := _stat(int(e.name))) is not None and int(stat[1]) == pid]


def _alive(pid: int) -> bool:
    stat = _stat(pid)
    return stat is not None and stat[0] != "Z"  # a zombie has stopped; its new parent has yet to reap it


def test_the_real_command_stops_and_leaves_no_process_behind(tmp_path: Path, country_store: Path) -> None:
    need(sys.platform.startswith("linux"), "reads /proc")
    command = [sys.executable, "-m", "partnerkg", "query", _rq(tmp_path, FOREVER), "--store", str(country_store)]
    done = subprocess.run([*command, "--timeout", "1"], capture_output=True, text=True, timeout=60, check=False)
    assert done.returncode == 2
    assert done.stderr == "error: the query ran over --timeout 1 s: narrow it, add LIMIT, or raise --timeout\n"
    assert done.stdout == ""

    # the parent killed outright: the kernel kills the query process too (PR_SET_PDEATHSIG)
    proc = subprocess.Popen([*command, "--timeout", "600"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 30
        while not (children := _children(proc.pid)) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert children, "the query process did not start"
    finally:
        proc.kill()
        proc.wait()
    deadline = time.monotonic() + 10
    while any(_alive(c) for c in children) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not any(_alive(c) for c in children)
