"""An import's triples: streamed writes in every format, and the spill to disk past the in-memory bounds."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from rdflib import Graph
from rdflib.compare import isomorphic

from partnerkg.rdf_files import RDFFormat
from partnerkg.spreadsheets import importer
from partnerkg.spreadsheets.importer import ImportResult, import_spreadsheets

FIXTURES = Path(__file__).parent / "fixtures"
FILES = [FIXTURES / "organisations.csv", FIXTURES / "partnerships.csv"]


@pytest.fixture(scope="module")
def imported() -> ImportResult:
    return import_spreadsheets(FILES)


@pytest.mark.parametrize("fmt", list(RDFFormat))
def test_every_format_writes_the_same_triples(imported: ImportResult, fmt: RDFFormat, tmp_path: Path) -> None:
    target = tmp_path / f"out.{fmt.value}"
    imported.triples.write(target, fmt)
    back = Graph()
    back.parse(target, format=fmt.value)  # names with newlines, quotes, NFD accents and emoji survive the writer
    assert len(back) == imported.triples.count == len(imported.graph)
    assert isomorphic(back, imported.graph)


def test_a_stream_gets_the_same_bytes_as_a_file(imported: ImportResult, tmp_path: Path) -> None:
    imported.triples.write(tmp_path / "out.nt", RDFFormat.NTRIPLES)
    stream = io.BytesIO()
    imported.triples.write(stream, "nt")
    assert stream.getvalue() == (tmp_path / "out.nt").read_bytes()


def test_past_the_memory_bounds_the_triples_are_read_back_from_disk(imported: ImportResult,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(importer, "KEEP_IN_MEMORY", 10)
    monkeypatch.setattr(importer, "SPOOL_BYTES", 1000)
    spilled = import_spreadsheets(FILES)
    assert spilled.triples._kept is None  # no rdflib terms kept ...
    assert spilled.triples._file._rolled  # type: ignore[attr-defined]  # ... and the N-Triples moved to a file
    assert spilled.triples.count == imported.triples.count
    assert isomorphic(spilled.graph, imported.graph)
