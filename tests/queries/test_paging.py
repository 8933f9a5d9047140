"""Pages of a SELECT: ``limit``/``offset`` (``--limit``/``--offset``) slice what the query returns, on every engine,
and a table on a terminal shows the first page with the number of rows in all."""

from __future__ import annotations

import os
import pty
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

import partnerkg
from partnerkg.cli import cli
from partnerkg.errors import OptionError, QueryError
from partnerkg.queries.text import counting, sliced

QUERY = "partnership-partners"


@pytest.mark.parametrize(("text", "limit", "offset", "expected"), [
    ("SELECT ?s WHERE { ?s ?p ?o }", 3, 0, "SELECT ?s WHERE { ?s ?p ?o } LIMIT 3"),
    ("SELECT ?s WHERE { ?s ?p ?o }", None, 4, "SELECT ?s WHERE { ?s ?p ?o } OFFSET 4"),
    ("SELECT ?s WHERE { ?s ?p ?o } LIMIT 10 OFFSET 2", 3, 4, "SELECT ?s WHERE { ?s ?p ?o } LIMIT 3 OFFSET 6"),
    ("SELECT ?s WHERE { ?s ?p ?o } LIMIT 5", 10, 3, "SELECT ?s WHERE { ?s ?p ?o } LIMIT 2 OFFSET 3"),
    ("SELECT ?s WHERE { ?s ?p ?o } LIMIT 5", 10, 9, "SELECT ?s WHERE { ?s ?p ?o } LIMIT 0 OFFSET 9"),
    ("SELECT ?s WHERE { ?s ?p ?o } # LIMIT 1\n", 2, 0, "SELECT ?s WHERE { ?s ?p ?o } LIMIT 2 # LIMIT 1\n"),
    ("SELECT ?s WHERE { { SELECT ?s WHERE { ?s ?p ?o } LIMIT 9 } }", 2, 0,
     "SELECT ?s WHERE { { SELECT ?s WHERE { ?s ?p ?o } LIMIT 9 } } LIMIT 2"),
    ("SELECT ?s WHERE { ?s ?p ?o } VALUES ?s { <urn:x:a> }", 1, 1,
     "SELECT ?s WHERE { ?s ?p ?o } LIMIT 1 OFFSET 1 VALUES ?s { <urn:x:a> }"),
])
def test_the_slice_is_written_at_the_end_of_the_query(text: str, limit: int | None, offset: int, expected: str) -> None:
    assert sliced(text, limit, offset) == expected


def test_only_select_rows_are_counted() -> None:
    with pytest.raises(QueryError, match="only the rows of a SELECT query can be counted"):
        counting("ASK { ?s ?p ?o }")


@pytest.fixture(scope="module")
def engines(tmp_path_factory: pytest.TempPathFactory) -> dict[str, partnerkg.KnowledgeGraph]:
    folder = tmp_path_factory.mktemp("paging")
    extra = folder / "extra.ttl"
    extra.write_text("<urn:x:a> <urn:x:b> <urn:x:c> .\n", encoding="utf-8")
    store = folder / "store"
    partnerkg.load([extra], store)  # with the shipped graph, as a new store has it
    return {"memory": partnerkg.open([extra]), "store": partnerkg.open(store=store)}


@pytest.mark.parametrize("engine", ["memory", "store"])
@pytest.mark.parametrize(("limit", "offset"), [(5, 0), (5, 3), (1000, 50), (0, 0), (None, 10)])
def test_a_page_is_the_slice_of_the_whole_answer(engines: dict[str, partnerkg.KnowledgeGraph], engine: str,
                                                 limit: int | None, offset: int) -> None:
    kg = engines[engine]
    whole = kg.query(QUERY).to_rows()
    page = kg.query(QUERY, limit=limit, offset=offset, total=True)
    assert page.to_rows() == whole[offset: None if limit is None else offset + limit]
    assert page.total == len(whole)


def test_a_slice_of_a_graph_result_is_refused() -> None:
    with pytest.raises(OptionError, match=r"^limit= and offset= slice SELECT results: this query is a CONSTRUCT"):
        partnerkg.open().query("ego-network", limit=2)


def test_limit_and_offset_on_the_command_line() -> None:
    whole = partnerkg.open().query(QUERY).serialize("csv").split(b"\r\n")
    result = CliRunner().invoke(cli, ["query", QUERY, "--limit", "2", "--offset", "3", "--format", "csv"])
    assert result.exit_code == 0, result.output
    assert result.stdout_bytes.split(b"\r\n") == [whole[0], *whole[4:6], b""]


def test_a_table_on_a_terminal_shows_a_page_and_says_how_many_rows_there_are(tmp_path: Path) -> None:
    data = tmp_path / "many.ttl"
    data.write_text("".join(f"<urn:x:s{i:03d}> <urn:x:p> {i} .\n" for i in range(250)), encoding="utf-8")
    rq = tmp_path / "all.rq"
    rq.write_text("SELECT ?s ?n WHERE { ?s <urn:x:p> ?n } ORDER BY ?n", encoding="utf-8")
    leader, follower = pty.openpty()
    proc = subprocess.run([sys.executable, "-m", "partnerkg", "query", str(rq), "--no-shipped", "--data", str(data)],
                          stdout=follower, stderr=subprocess.PIPE, text=True, timeout=120,
                          env={**os.environ, "COLUMNS": "100"})
    os.close(follower)
    shown = b""
    while True:
        try:
            chunk = os.read(leader, 65536)
        except OSError:
            break
        if not chunk:
            break
        shown += chunk
    os.close(leader)
    assert proc.returncode == 0, proc.stderr
    lines = shown.decode("utf-8").splitlines()
    assert sum("urn:x:s" in line for line in lines) == 100 and "urn:x:s099" in shown.decode() and \
        "urn:x:s100" not in shown.decode()
    assert proc.stderr.strip().endswith("rows 1–100 of 250: --limit 0 shows them all, --offset 100 the next page, "
                                        "--format csv -o FILE writes every row")
