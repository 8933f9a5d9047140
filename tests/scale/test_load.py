"""``partnerkg load`` is all or nothing: bad lines, and a SIGKILL mid-load, leave the store as it was."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner

from partnerkg.cli import cli
from partnerkg.errors import InputError
from partnerkg.store.load import load

# The real CLI in a subprocess (with ``load`` registered, as partnerkg.cli does once the lead adds it).


def _contents(folder: Path) -> set[str]:
    store = ox.Store.read_only(str(folder))
    try:
        return {str(q) for q in store}
    finally:
        del store


def _nt(path: Path, n: int, start: int = 0) -> Path:
    path.write_text("".join(f'<urn:x:s{i}> <urn:x:p> "value {i}" .\n' for i in range(start, start + n)))
    return path


def test_a_bad_line_deep_inside_leaves_the_store_as_it_was(tmp_path: Path) -> None:
    store = tmp_path / "store"
    load([_nt(tmp_path / "first.nt", 10)], store, shipped=False)
    before = _contents(store)
    bad = tmp_path / "bad.nt"
    lines = [f'<urn:x:t{i}> <urn:x:p> "{i}" .\n' for i in range(50_000)]
    lines[40_000] = '<urn:x:t40000> <urn:x:p> "unterminated .\n'
    bad.write_text("".join(lines))
    with pytest.raises(InputError, match=r"bad\.nt:40001:\d+: syntax error.*store is unchanged"):
        load([_nt(tmp_path / "good.nt", 100, 100), bad], store)
    assert _contents(store) == before
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".store")] == []  # no staging left


def test_load_adds_to_an_existing_store_and_a_new_store_gets_the_shipped_graph(tmp_path: Path, shipped) -> None:
    store = tmp_path / "store"
    first = load([_nt(tmp_path / "a.nt", 5)], store)
    assert first.quads_before == 0
    assert first.quads_after == len(shipped) + 5
    second = load([_nt(tmp_path / "b.nt", 5, 5)], store)
    assert (second.quads_before, second.added) == (len(shipped) + 5, 5)


def test_load_refuses_what_it_cannot_use(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such file"):
        load([tmp_path / "missing.nt"], tmp_path / "store")
    with pytest.raises(InputError, match="unknown RDF file extension"):
        load([_nt(tmp_path / "x.txt", 1)], tmp_path / "store")
    (tmp_path / "notastore").mkdir()
    (tmp_path / "notastore" / "keep.txt").write_text("mine")
    with pytest.raises(InputError, match="not a partnerkg store"):
        load([_nt(tmp_path / "x.nt", 1)], tmp_path / "notastore")
    assert (tmp_path / "notastore" / "keep.txt").read_text() == "mine"


def test_load_cli_exit_codes_and_message(tmp_path: Path) -> None:
    runner = CliRunner()
    good = _nt(tmp_path / "good.nt", 3)
    ok = runner.invoke(cli, ["load", str(good), "--store", str(tmp_path / "s"), "--quiet", "--no-shipped"])
    assert ok.exit_code == 0, ok.output
    assert "3 quads added, 3 in the store" in ok.output
    bad = tmp_path / "bad.ttl"
    bad.write_text("@prefix x: <urn:x:> .\nx:a x:b x:c .\nx:a x:b y:c .\n")
    failed = runner.invoke(cli, ["load", str(bad), "--store", str(tmp_path / "s"), "--quiet"])
    assert failed.exit_code == 2
    assert "bad.ttl:3:" in failed.output and "Traceback" not in failed.output
    assert runner.invoke(cli, ["load", str(tmp_path / "nope.nt"), "--store", str(tmp_path / "s")]).exit_code == 2


def test_sigkill_in_the_middle_of_a_load_leaves_the_earlier_contents(tmp_path: Path) -> None:
    store = tmp_path / "store"
    load([_nt(tmp_path / "first.nt", 20)], store, shipped=False)
    before = _contents(store)
    from partnerkg.graph.synthetic import generate

    big = tmp_path / "big.nt"
    generate(big, 8_000, 10_000, seed=1)  # about 200,000 triples
    proc = subprocess.Popen(
        [sys.executable, "-m", "partnerkg", "load", str(big), "--store", str(store)],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 60
    while not any(p.name.startswith(".store.load-") for p in tmp_path.iterdir()):  # the load has begun
        assert proc.poll() is None, "the load finished before it could be killed"
        assert time.monotonic() < deadline
        time.sleep(0.01)
    time.sleep(0.3)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    assert proc.returncode == -signal.SIGKILL
    assert _contents(store) == before
    # the next load clears the killed load's staging folder and works
    load([_nt(tmp_path / "more.nt", 1, 500)], store)
    assert len(_contents(store)) == len(before) + 1
    assert not any(p.name.startswith(".store.load-") for p in tmp_path.iterdir())


def test_blank_nodes_stay_one_node_across_batches(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Turtle streams through one parse in batches (N-Triples: tests/scale/test_line_load.py)."""
    import partnerkg.store.load as loading

    monkeypatch.setattr(loading, "_BATCH", 7)  # 40 quads: six batches
    lines = ['_:shared <urn:x:p> "first" .\n']
    lines += [f'<urn:x:s{i}> <urn:x:p> _:b{i % 3} .\n' for i in range(38)]
    lines += ['_:shared <urn:x:p> "last" .\n']
    path = tmp_path / "blank.ttl"
    path.write_text("".join(lines))
    store = tmp_path / "store"
    load([path], store, shipped=False)
    st = ox.Store.read_only(str(store))
    assert len(st) == 40
    shared = {q.subject for q in st.quads_for_pattern(None, None, ox.Literal("first"))}
    assert shared == {q.subject for q in st.quads_for_pattern(None, None, ox.Literal("last"))}
    assert len({q.object for q in st.quads_for_pattern(None, ox.NamedNode("urn:x:p"), None)
                if isinstance(q.object, ox.BlankNode)}) == 3


def test_a_syntax_error_after_many_batches_names_its_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import partnerkg.store.load as loading

    monkeypatch.setattr(loading, "_BATCH", 10)
    path = _nt(tmp_path / "bad.ttl", 95)
    with path.open("a") as fh:
        fh.write('<urn:x:s95> <urn:x:p> "unterminated .\n')
    with pytest.raises(InputError, match=r"bad\.ttl:96:\d+: syntax error"):
        load([path], tmp_path / "store", shipped=False)
    assert not (tmp_path / "store").exists()
