"""Reading CSV and XLSX files: encodings, delimiters, quoting, NUL bytes, formulas, merged cells, extra sheets."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import openpyxl
import pytest

from partnerkg.errors import InputError, InvalidDataError
from partnerkg.spreadsheets.columns import ORGANISATIONS, PARTNERSHIPS
from partnerkg.spreadsheets.files import Formula, read_sheets
from partnerkg.spreadsheets.importer import import_spreadsheets

ORGS = "name,sector\nCafé Ørsted,private\nAl-Noor Trust,voluntary\n"


def _write(path: Path, data: str | bytes) -> Path:
    path.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
    return path


def _names(path: Path, **kw: object) -> list[str]:
    sheet = read_sheets(path, **kw).sheets[0]  # type: ignore[arg-type]
    return [row[0] for _, row in sheet.rows]


def test_plain_utf8(tmp_path: Path) -> None:
    assert _names(_write(tmp_path / "o.csv", ORGS)) == ["Café Ørsted", "Al-Noor Trust"]


def test_byte_order_mark_is_dropped(tmp_path: Path) -> None:
    read = read_sheets(_write(tmp_path / "o.csv", b"\xef\xbb\xbf" + ORGS.encode()))
    assert read.sheets[0].header == ["name", "sector"]
    assert read.warnings == []


def test_utf16_with_byte_order_mark(tmp_path: Path) -> None:
    path = _write(tmp_path / "o.csv", ORGS.replace(",", "\t").encode("utf-16"))
    assert _names(path) == ["Café Ørsted", "Al-Noor Trust"]


def test_cp1252_is_read_with_a_warning(tmp_path: Path) -> None:
    path = _write(tmp_path / "o.csv", "name,sector\nSt Mungo’s,voluntary\nCafé Nero,private\n".encode("cp1252"))
    read = read_sheets(path)
    assert [r[0] for _, r in read.sheets[0].rows] == ["St Mungo’s", "Café Nero"]
    assert read.warnings == [f"{path}: not UTF-8 (byte 0x92 on line 2); read as Windows-1252, which gives "
                             "'St Mungo’s,voluntary' — if that looks wrong, save the file as 'CSV UTF-8' or pass "
                             "encoding="]  # named as the Python caller sets it; the CLI says --encoding


def test_encoding_can_be_forced(tmp_path: Path) -> None:
    path = _write(tmp_path / "o.csv", "name\nŁódź Trust\n".encode("iso-8859-2"))
    assert _names(path, encoding="iso-8859-2") == ["Łódź Trust"]
    with pytest.raises(InputError, match="unknown encoding"):
        read_sheets(path, encoding="klingon")


def test_bytes_that_are_neither_utf8_nor_cp1252(tmp_path: Path) -> None:
    path = _write(tmp_path / "o.csv", b"name\nab\x81cd\n")
    with pytest.raises(InputError, match=r"neither UTF-8 nor Windows-1252 text \(byte 8 is 0x81\)"):
        read_sheets(path)


@pytest.mark.parametrize("delimiter", [";", "\t", ","])
def test_delimiter_is_detected_from_the_header(tmp_path: Path, delimiter: str) -> None:
    text = delimiter.join(["name", "partners", "model"]) + "\n" + delimiter.join(
        ["P, one", '"A, Inc; B"', "co-location"]) + "\n"
    sheet = read_sheets(_write(tmp_path / "p.csv", text)).sheets[0]
    assert sheet.table is PARTNERSHIPS
    assert sheet.rows[0][1][0] == "P, one" if delimiter != "," else sheet.rows[0][1][0] == "P"
    if delimiter != ",":
        assert sheet.rows[0][1] == ["P, one", "A, Inc; B", "co-location"]


def test_quoted_cells_keep_newlines_quotes_and_delimiters_and_rows_count_records(tmp_path: Path) -> None:
    text = 'name,sector\n"Two\nlines, ""quoted""",private\nNext,statutory\n'
    sheet = read_sheets(_write(tmp_path / "o.csv", text)).sheets[0]
    assert sheet.rows == [(2, ["Two\nlines, \"quoted\"", "private"]), (3, ["Next", "statutory"])]


def test_windows_line_endings(tmp_path: Path) -> None:
    sheet = read_sheets(_write(tmp_path / "o.csv", 'name,sector\r\n"A\r\nB",private\r\n')).sheets[0]
    assert sheet.rows == [(2, ["A\r\nB", "private"])]  # the importer reads the CR LF inside the cell as a line feed


@pytest.mark.parametrize(("data", "message"), [
    (b"name,sector\nA\x00B,private\n", r"holds NUL bytes \(first at byte 14\), so it is not CSV text"),
    (b"PK\x03\x04rest of a zip", "this is an XLSX workbook"),
    (b"  \n\n", "the file is empty"),
    (b'name,sector\n"unclosed,private\n', "broken CSV"),
])
def test_unusable_csv(tmp_path: Path, data: bytes, message: str) -> None:
    with pytest.raises(InputError, match=message):
        read_sheets(_write(tmp_path / "o.csv", data))


def test_missing_file_directory_and_wrong_extension(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such file"):
        read_sheets(tmp_path / "missing.csv")
    with pytest.raises(InputError, match="is a directory"):
        read_sheets(tmp_path)
    with pytest.raises(InputError, match=r"unknown spreadsheet extension '\.pdf'"):
        read_sheets(_write(tmp_path / "o.pdf", "x"))
    with pytest.raises(InputError, match=r"save the workbook as \.xlsx"):
        read_sheets(_write(tmp_path / "o.xls", b"\xd0\xcf\x11\xe0"))


# ---- XLSX -----------------------------------------------------------------------------------------------


def _workbook(path: Path, sheets: dict[str, list[list[object]]], merge: dict[str, str] | None = None) -> Path:
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for name, rows in sheets.items():
        ws = wb.create_sheet(name)
        for row in rows:
            ws.append(row)
        if merge and name in merge:
            ws.merge_cells(merge[name])
    wb.save(path)
    return path


def test_xlsx_template_sheets_and_extra_sheets(tmp_path: Path) -> None:
    path = _workbook(tmp_path / "book.xlsx", {
        "Organisations": [["name", "sector"], ["Mind Leeds", "voluntary"], [None, None], ["Leeds NHS", 2004]],
        "Partnerships": [["name", "partners"], ["P", "Mind Leeds; Leeds NHS"]],
        "guide": [["read me"]],
        "Pivot": [["x"]],
    })
    read = read_sheets(path)
    assert [(s.table, s.source) for s in read.sheets] == [(ORGANISATIONS, f"{path}[Organisations]"),
                                                          (PARTNERSHIPS, f"{path}[Partnerships]")]
    assert read.sheets[0].rows == [(2, ["Mind Leeds", "voluntary"]), (4, ["Leeds NHS", 2004])]
    assert read.notes == [f"{path}: ignored sheet(s) 'Pivot' — only 'organisations' and 'partnerships' are imported"]


def test_xlsx_formula_is_kept_as_a_formula(tmp_path: Path) -> None:
    path = _workbook(tmp_path / "book.xlsx", {"organisations": [["name", "sector"], ["=A1&\"x\"", "private"]]})
    assert read_sheets(path).sheets[0].rows[0][1][0] == Formula('=A1&"x"')


def test_xlsx_formula_is_a_row_problem_naming_the_cell(tmp_path: Path) -> None:
    path = _workbook(tmp_path / "book.xlsx", {
        "organisations": [["name", "sector"], ["Mind Leeds", "voluntary"]],
        "partnerships": [["name", "partners", "start year"], ["P", "Mind Leeds; Mind Leeds 2", "=2000+4"]],
    })
    with pytest.raises(InvalidDataError) as err:
        import_spreadsheets([path], reference=None)
    assert f"{path}[partnerships]:2:C (start year): '=2000+4' — a formula where a value belongs — replace it with " \
           "its value (copy the cells, then paste values only)" in str(err.value)


def test_xlsx_array_formula_is_named_by_its_text(tmp_path: Path) -> None:
    from openpyxl.worksheet.formula import ArrayFormula

    path = _workbook(tmp_path / "book.xlsx", {"organisations": [["name", "sector"], ["Mind Leeds", "voluntary"]]})
    wb = openpyxl.load_workbook(path)
    wb["organisations"]["B2"] = ArrayFormula("B2:B2", "=UPPER(A2:A2)")
    wb.save(path)
    with pytest.raises(InvalidDataError) as err:
        import_spreadsheets([path], reference=None)
    expected = f"{path}[organisations]:2:B (sector): '{{=UPPER(A2:A2)}}' — a formula where a value belongs"
    assert expected in str(err.value)
    assert "ArrayFormula object" not in str(err.value)


def test_xlsx_merged_cells(tmp_path: Path) -> None:
    path = _workbook(tmp_path / "book.xlsx", {"organisations": [["name", "sector"], ["A", "private"], ["B", None]]},
                     merge={"organisations": "A3:B3"})
    with pytest.raises(InvalidDataError) as err:
        import_spreadsheets([path], reference=None)
    assert f"{path}[organisations]:3:A (name): (empty) — merged cells A3:B3 — unmerge them" in str(err.value)
    header = _workbook(tmp_path / "h.xlsx", {"organisations": [["name", None], ["A", "B"]]},
                       merge={"organisations": "A1:B1"})
    with pytest.raises(InvalidDataError, match=r"h.xlsx\[organisations\]!A1:B1: merged cells in the header"):
        read_sheets(header)


def test_xlsx_without_template_sheets(tmp_path: Path) -> None:
    single = _workbook(tmp_path / "one.xlsx", {"Sheet1": [["name", "partners"], ["P", "A; B"]]})
    assert read_sheets(single).sheets[0].table is PARTNERSHIPS
    several = _workbook(tmp_path / "two.xlsx", {"Sheet1": [["name"]], "Sheet2": [["name"]]})
    with pytest.raises(InputError, match="no sheet named 'organisations' or 'partnerships'"):
        read_sheets(several)


def test_xlsx_damaged_or_not_a_workbook(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="not a zip archive"):
        read_sheets(_write(tmp_path / "a.xlsx", "name,sector\n"))
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("hello.txt", "hi")
    with pytest.raises(InputError, match=r"no xl/workbook\.xml"):
        read_sheets(_write(tmp_path / "b.xlsx", buf.getvalue()))
    good = _workbook(tmp_path / "c.xlsx", {"organisations": [["name"], ["A"]]}).read_bytes()
    with pytest.raises(InputError, match=r"not a zip archive|damaged"):
        read_sheets(_write(tmp_path / "d.xlsx", good[: len(good) // 2]))
