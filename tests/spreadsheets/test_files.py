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


# ---- bounds: a wide-row bomb and its relatives ----------------------------------------------------------


def _bomb(path: Path, rows: int, column: str = "XFD", dimension: str | None = None) -> Path:
    """A real workbook (made by openpyxl) whose organisations sheet is replaced by ``rows`` rows of one cell
    each in ``column``: megabytes of XML that compress to almost nothing."""
    wb = openpyxl.Workbook()
    wb.active.title = "organisations"
    wb.active.append(["name"])
    wb.save(path)
    head = '<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    dim = f'<dimension ref="{dimension}"/>' if dimension else ""
    body = "".join(f'<row r="{r}"><c r="{column}{r}"><v>1</v></c></row>' for r in range(2, rows + 2))
    xml = (f'{head}{dim}<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>name</t></is></c></row>{body}'
           "</sheetData></worksheet>")
    return _with_sheet_xml(path, xml)


def _with_sheet_xml(path: Path, xml: str) -> Path:
    """The workbook at ``path`` with its first worksheet's XML replaced by ``xml``."""
    with zipfile.ZipFile(path) as old:
        parts = {i.filename: old.read(i.filename) for i in old.infolist()}
    parts["xl/worksheets/sheet1.xml"] = xml.encode()
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as new:
        for name, data in parts.items():
            new.writestr(name, data)
    return path


_LAUGHS = "".join(f'<!ENTITY l{i} "{f"&l{i - 1};" * 10}">' for i in range(1, 10))
@pytest.mark.parametrize(("doctype", "text"), [
    (f'<!DOCTYPE worksheet [<!ENTITY l0 "lol">{_LAUGHS}]>', "&l9;"),  # a billion laughs
    ('<!DOCTYPE worksheet [<!ENTITY secret SYSTEM "file:///etc/passwd">]>', "&secret;"),  # an external entity
], ids=["billion-laughs", "external-entity"])
def test_a_worksheet_with_entities_is_refused_as_damaged_not_expanded(tmp_path: Path, doctype: str,
                                                                      text: str) -> None:
    path = _workbook(tmp_path / "entities.xlsx", {"organisations": [["name"], ["A"]]})
    xml = (f'<?xml version="1.0" encoding="UTF-8"?>{doctype}<worksheet xmlns="http://schemas.openxmlformats.org/'
           f'spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>name</t></is></c></row>'
           f'<row r="2"><c r="A2" t="inlineStr"><is><t>{text}</t></is></c></row></sheetData></worksheet>')
    with pytest.raises(InputError, match=r"damaged"):  # openpyxl (with defusedxml) or the stream refuses it
        read_sheets(_with_sheet_xml(path, xml))
    # the worksheet stream (the standard library's C parser, not defusedxml's) refuses it by itself too
    from xml.etree.ElementTree import ParseError

    from partnerkg.spreadsheets.files import _ITERPARSE

    with pytest.raises(ParseError, match=r"amplification|undefined entity"):
        for _event in _ITERPARSE(io.BytesIO(xml.encode()), events=("end",)):
            pass


@pytest.mark.parametrize("dimension", ["A1:XFD20001", None, "A1:A2"], ids=["declared", "undeclared", "lying"])
def test_a_wide_row_bomb_is_refused_naming_file_sheet_and_limit(tmp_path: Path, dimension: str | None) -> None:
    path = _bomb(tmp_path / "bomb.xlsx", 20_000, dimension=dimension)
    with pytest.raises(InputError) as err:
        read_sheets(path)
    where = " (declared dimension A1:XFD20001)" if dimension == "A1:XFD20001" else "!XFD2"
    assert str(err.value) == (f"{path}[organisations]{where}: a cell in column XFD (16384), beyond the limit of 256 "
                              "columns (IV) — delete the columns to the right of the table (or copy the table into "
                              "a new sheet)")


def test_cells_far_apart_cost_only_themselves(tmp_path: Path) -> None:
    path = _bomb(tmp_path / "sparse.xlsx", 20_000, column="IV")  # the last column allowed
    sheet = read_sheets(path).sheets[0]
    assert len(sheet.rows) == 20_000
    assert sheet.rows[0] == (2, [None] * 255 + [1])


def test_too_many_rows_or_cells_are_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import partnerkg.spreadsheets.files as files

    path = _bomb(tmp_path / "long.xlsx", 50, column="A")
    monkeypatch.setattr(files, "MAX_CELLS", 40)
    with pytest.raises(InputError) as err:
        read_sheets(path)
    assert str(err.value) == (f"{path}[organisations]: more than 40 cells, the limit of one sheet — split the sheet "
                              "into several files")
    monkeypatch.setattr(files, "MAX_CELLS", 5_000_000)
    monkeypatch.setattr(files, "MAX_ROWS", 30)
    with pytest.raises(InputError) as err:
        read_sheets(path)
    assert str(err.value) == (f"{path}[organisations]: row 31, beyond the limit of 30 rows — split the sheet into "
                              "several files")


def test_a_csv_row_over_the_column_limit_is_refused(tmp_path: Path) -> None:
    wide = tmp_path / "wide.csv"
    wide.write_text("name,sector\nMind Leeds,voluntary" + ",x" * 300 + "\n", encoding="utf-8")
    with pytest.raises(InputError) as err:
        read_sheets(wide)
    assert str(err.value) == (f"{wide}:2: 302 cells in one row, over the limit of 256 columns (IV) — delete the "
                              "columns to the right of the table")
    trailing = tmp_path / "trailing.csv"  # empty cells at the end of a row are nothing
    trailing.write_text("name,sector\nMind Leeds,voluntary" + "," * 300 + "\n", encoding="utf-8")
    assert read_sheets(trailing).sheets[0].rows == [(2, ["Mind Leeds", "voluntary"])]
    bomb = tmp_path / "bomb.csv"
    bomb.write_text("name,sector\n" + "," * 1_000_000 + "\n", encoding="utf-8")
    with pytest.raises(InputError) as err:
        read_sheets(bomb)
    assert str(err.value) == (f"{bomb}: text line 2 holds more than 25600 ',' delimiters, so far more than the limit "
                              "of 256 columns — delete the columns to the right of the table")


def test_inline_text_reads_as_openpyxl_reads_it(tmp_path: Path) -> None:
    # the worksheet stream reads plain inline text itself (openpyxl's write-only files hold all text so);
    # anything else, such as rich text runs, still goes through openpyxl's cell parser
    path = tmp_path / "inline.xlsx"
    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet("organisations")
    values = [["name", "sector"], ["  Café 🌈 ", "voluntary"], ["two\nlines", 3], ["a <b> & c", None]]
    for row in values:
        sheet.append(row)
    book.save(path)
    assert read_sheets(path).sheets[0].rows == [(2, ["  Café 🌈 ", "voluntary"]), (3, ["two\nlines", 3]),
                                                (4, ["a <b> & c"])]
    xml = ('<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
           '<row r="1"><c r="A1" t="inlineStr"><is><t>name</t></is></c></row>'
           '<row r="2"><c r="A2" t="inlineStr"><is><r><t>Rich </t></r><r><rPr><b/></rPr><t>Trust</t></r></is></c>'
           '<c r="B2" t="inlineStr"><is><t/></is></c></row></sheetData></worksheet>')
    assert read_sheets(_with_sheet_xml(path, xml)).sheets[0].rows == [(2, ["Rich Trust"])]
