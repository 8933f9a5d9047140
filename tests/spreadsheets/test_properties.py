"""Property tests: any name XML can carry survives import -> export (every format) -> re-import; names XML
cannot carry are refused clearly; IRI minting follows decisions.md "Names"."""

from __future__ import annotations

import csv
import io
import tempfile
import unicodedata
from pathlib import Path

import openpyxl
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rdflib import Graph, Literal
from rdflib.compare import isomorphic
from rdflib.namespace import RDFS

from partnerkg.errors import InputError, InvalidDataError
from partnerkg.interop.export import serialise
from partnerkg.iri import clean_name, mint_iri, mint_iris, normalise_name
from partnerkg.namespaces import PK
from partnerkg.rdf_files import RDFFormat, read_rdf_bytes
from partnerkg.spreadsheets.importer import import_spreadsheets
from partnerkg.spreadsheets.values import as_iri

# XML 1.0 Char, less the carriage return (a C0 control: refused, decisions.md) and surrogates
XML_CHARS = st.characters(codec="utf-8", exclude_characters="\r",
                          exclude_categories=("Cs",)).filter(lambda c: c in "\t\n" or c >= " ")
XML_CHARS = XML_CHARS.filter(lambda c: c not in "\ufffe\uffff")
INTERESTING = st.sampled_from(['"', "'", ",", ";", "\n", "\t", "<", ">", "&", "</script>", "\u0301", "e\u0301",
                               "\u200f", "\u202e", "עברית", "مؤسسة", "🌈", "🏳️‍🌈", "ß", "İ", "ﬁ", "=", "+", "@",
                               "\u00a0", "\u2028", "\x85", "\ufeff", "_x0041_", "{{7*7}}"])
NAMES = st.lists(st.one_of(XML_CHARS, INTERESTING), min_size=1, max_size=12).map("".join).filter(
    lambda n: bool(normalise_name(clean_name(n))) and as_iri(clean_name(n)) is None)
FORBIDDEN = st.sampled_from([chr(c) for c in range(0x20) if chr(c) not in "\t\n\r"] + ["\ufffe", "\uffff"])

SETTINGS = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _write_csv(folder: Path, name: str, rows: list[list[str]]) -> Path:
    out = io.StringIO()
    csv.writer(out).writerows(rows)
    path = folder / name
    path.write_text(out.getvalue(), encoding="utf-8", newline="")
    return path


def _write_xlsx(folder: Path, sheets: dict[str, list[list[str]]]) -> Path:
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for title, rows in sheets.items():
        ws = wb.create_sheet(title)
        for r, row in enumerate(rows, start=1):
            for c, value in enumerate(row, start=1):
                cell = ws.cell(r, c)
                cell.value = value
                cell.data_type = "s"  # a name starting with '=' is text here, not a formula
    path = folder / "book.xlsx"
    wb.save(path)
    return path


def _reparse(data: bytes, fmt: RDFFormat) -> Graph:
    g = Graph()
    for t in read_rdf_bytes(data, fmt, "export").triples((None, None, None)):
        g.add(t)
    return g


@SETTINGS
@given(names=st.lists(NAMES, min_size=1, max_size=6, unique_by=lambda n: normalise_name(clean_name(n))),
       xlsx=st.booleans())
def test_any_name_xml_can_carry_survives_every_format(names: list[str], xlsx: bool) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        rows = [["name", "sector"]] + [[n, "private"] for n in names]
        path = _write_xlsx(folder, {"organisations": rows}) if xlsx else _write_csv(folder, "orgs.csv", rows)
        graph = import_spreadsheets([path], reference=None).graph
        for n in names:
            assert (mint_iri("organisation", n), RDFS.label, Literal(clean_name(n), lang="en")) in graph
        for fmt in RDFFormat:  # re-import what every format wrote
            back = _reparse(serialise(graph, fmt), fmt)
            assert isomorphic(back, graph), fmt


@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(names=st.lists(NAMES.filter(lambda n: not set(n) & {";", "\n"}), min_size=2, max_size=2,
                      unique_by=lambda n: normalise_name(clean_name(n))))
def test_partners_found_by_any_name(names: list[str]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        orgs = _write_csv(folder, "orgs.csv", [["name"]] + [[n] for n in names])
        # partners written in another case and spacing still name the same organisations
        cell = ";".join(" " + unicodedata.normalize("NFD", n).upper() + " " if n.upper().lower() == n.lower() else n
                        for n in names)
        parts = _write_csv(folder, "partnerships.csv", [["name", "partners"], ["P", cell]])
        graph = import_spreadsheets([orgs, parts], reference=None).graph
        assert set(graph.objects(mint_iri("partnership", "P"), PK.hasPartner)) == {mint_iri("organisation", n)
                                                                                for n in names}


@settings(max_examples=50, deadline=None)
@given(prefix=NAMES, bad=FORBIDDEN, suffix=st.text(alphabet=XML_CHARS, max_size=5).filter(
    lambda s: not s.startswith("\n")))
def test_names_xml_cannot_carry_are_refused(prefix: str, bad: str, suffix: str) -> None:
    name = prefix + bad + suffix
    with tempfile.TemporaryDirectory() as tmp:
        path = _write_csv(Path(tmp), "orgs.csv", [["name"], [name]])
        try:
            import_spreadsheets([path], reference=None)
        except InvalidDataError as err:
            assert f"{path}:2:A (name): " in str(err) and f"is U+{ord(bad):04X}" in str(err)
            assert "which XML (and so RDF/XML, XLSX and HTML) cannot carry" in str(err)
        except InputError as err:  # a NUL byte makes the whole file unusable as text
            assert bad == "\x00" and "NUL" in str(err)
        else:
            raise AssertionError(f"{name!r} was accepted")


def _respell(name: str, data: st.DataObject) -> str:
    """The same name after normalisation: other case, NFD, more or other whitespace."""
    out = unicodedata.normalize(data.draw(st.sampled_from(["NFC", "NFD"])), name)
    if data.draw(st.booleans()):
        out = out.casefold()
    spaces = data.draw(st.sampled_from([" ", "  ", "\t", "\n", "\u00a0"]))
    return data.draw(st.sampled_from(["", " ", "\n"])) + spaces.join(out.split()) + " "


@settings(max_examples=50, deadline=None)
@given(name=NAMES, data=st.data())
def test_the_same_name_mints_the_same_iri(name: str, data: st.DataObject) -> None:
    assert mint_iri("organisation", _respell(name, data)) == mint_iri("organisation", name)


@settings(max_examples=50, deadline=None)
@given(names=st.lists(NAMES, min_size=2, max_size=8), data=st.data())
def test_different_names_different_iris_whatever_the_order(names: list[str], data: st.DataObject) -> None:
    minted = mint_iris("organisation", names)
    keys = {normalise_name(n) for n in names}
    assert len(set(minted.values())) == len(keys)
    assert mint_iris("organisation", data.draw(st.permutations(names))) == minted


def test_regression_casefold_then_compose_gives_one_iri():
    """Found by hypothesis: "ß\u0301" folds to "ss\u0301", which NFC composes to "sś"; its upper-case and
    NFD spellings must mint the same IRI."""
    import unicodedata

    from partnerkg.iri import normalise_name

    name = "ß\u0301"
    spellings = {name, name.upper(), unicodedata.normalize("NFD", name), unicodedata.normalize("NFD", name.upper())}
    assert {normalise_name(s) for s in spellings} == {"s\u015b"}
