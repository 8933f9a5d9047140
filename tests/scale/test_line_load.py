"""N-Triples and N-Quads load on both cores in blocks of lines: blank nodes, errors and literals stay exact."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest

import partnerkg.store.line_load as line_load
from partnerkg.errors import InputError, InvalidDataError
from partnerkg.store.line_load import Interleaved, load_lines
from partnerkg.store.load import load

_XSD = "http://www.w3.org/2001/XMLSchema#"


@pytest.fixture
def small_blocks(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(line_load, "_BLOCK", 200)  # about five lines a block


def _store(folder: Path) -> ox.Store:
    return ox.Store.read_only(str(folder))


def _subjects_of(store: ox.Store, value: str) -> set:
    return {q.subject for q in store.quads_for_pattern(None, None, ox.Literal(value))}


def test_blocks_tied_by_a_label_load_together_and_labels_stay_nodes(tmp_path: Path, small_blocks: None) -> None:
    lines = []
    for i in range(30):  # each blank node's two triples a few lines apart, often across a block boundary
        lines.append(f'_:n{i} <urn:x:p> "a{i}" .\n')
        if i >= 2:
            lines.append(f'_:n{i - 2} <urn:x:q> "b{i - 2}" .\n')
    lines += [f'_:n{i} <urn:x:q> "b{i}" .\n' for i in (28, 29)]
    path = tmp_path / "local.nt"
    path.write_text("".join(lines))
    store = ox.Store(str(tmp_path / "store"))
    assert load_lines(store, path, ox.RdfFormat.N_TRIPLES, base_iri=path.as_uri(), checked=()) == []
    assert len(store) == 60
    for i in range(30):
        assert _subjects_of(store, f"a{i}") == _subjects_of(store, f"b{i}")
    assert len({q.subject for q in store}) == 30


def test_a_label_far_apart_stops_the_parallel_path(tmp_path: Path, small_blocks: None) -> None:
    lines = ['_:far <urn:x:p> "first" .\n'] + [f'<urn:x:s{i}> <urn:x:p> "v{i}" .\n' for i in range(40)]
    lines.append('_:far <urn:x:p> "last" .\n')
    path = tmp_path / "far.nt"
    path.write_text("".join(lines))
    with pytest.raises(Interleaved):
        load_lines(ox.Store(), path, ox.RdfFormat.N_TRIPLES, base_iri=path.as_uri(), checked=())
    load([path], tmp_path / "store", shipped=False)  # loads again in one stream: one node
    store = _store(tmp_path / "store")
    assert len(store) == 42
    assert _subjects_of(store, "first") == _subjects_of(store, "last")


@pytest.mark.parametrize("suffix", ["nt", "ttl"])
def test_the_same_label_in_two_files_or_two_loads_is_two_nodes(tmp_path: Path, suffix: str) -> None:
    first, second = tmp_path / f"one.{suffix}", tmp_path / f"two.{suffix}"
    first.write_text('_:b1 <urn:x:p> "one" .\n')
    second.write_text('_:b1 <urn:x:p> "two" .\n')
    load([first, second], tmp_path / "store", shipped=False)
    load([first], tmp_path / "store")
    store = _store(tmp_path / "store")
    assert len({q.subject for q in store}) == 3  # as rdflib reads them: a parse's labels are its own


def test_a_syntax_error_in_a_late_block_names_its_line_in_the_file(tmp_path: Path, small_blocks: None) -> None:
    lines = [f'<urn:x:s{i}> <urn:x:p> "v{i}" .\n' for i in range(200)]
    lines[57] = '<urn:x:s57> <urn:x:p> <no-scheme> .\n'
    lines[143] = '<urn:x:s143> <urn:x:p> "unterminated .\n'
    path = tmp_path / "bad.nt"
    path.write_text("".join(lines))
    with pytest.raises(InputError, match=r"bad\.nt:58:\d+: syntax error"):  # the earliest of the two
        load([path], tmp_path / "store", shipped=False)
    assert not (tmp_path / "store").exists()


def test_literals_are_checked_exactly_wherever_they_are(tmp_path: Path, small_blocks: None) -> None:
    good = [f'<urn:x:s{i}> <urn:x:year> "{1990 + i}"^^<{_XSD}gYear> .\n' for i in range(60)]
    good.append(f'<urn:x:e> <urn:x:year> "\\u00320\\u00320"^^<{_XSD}gYear> .\n')  # "2020", escaped
    good.append(f'<urn:x:c> <urn:x:p> "v" . # not a literal: "twenty"^^<{_XSD}integer>\n')
    path = tmp_path / "good.nt"
    path.write_text("".join(good))
    load([path], tmp_path / "store", shipped=False)
    assert ox.Literal("2020", datatype=ox.NamedNode(_XSD + "gYear")) in {q.object for q in _store(tmp_path / "store")}

    bad = [*good[:45], f'<urn:x:bad> <urn:x:year> "twenty"^^<{_XSD}gYear> .\n', *good[45:]]
    path = tmp_path / "bad.nt"
    path.write_text("".join(bad))
    with pytest.raises(InvalidDataError, match=r"(?s)bad\.nt.*line 46: .*twenty"):
        load([path], tmp_path / "other", shipped=False)
    assert not (tmp_path / "other").exists()


def test_nquads_keep_their_graphs_across_blocks(tmp_path: Path, small_blocks: None) -> None:
    path = tmp_path / "graphs.nq"
    path.write_text("".join(f'<urn:x:s{i}> <urn:x:p> "v{i}" <urn:x:g{i % 3}> .\n' for i in range(40)))
    load([path], tmp_path / "store", shipped=False)
    store = _store(tmp_path / "store")
    assert len(store) == 40
    assert sorted(g.value for g in store.named_graphs()) == ["urn:x:g0", "urn:x:g1", "urn:x:g2"]
