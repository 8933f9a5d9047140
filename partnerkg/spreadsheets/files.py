"""Reading CSV and XLSX files into sheets of cells, safely and with clear errors.

CSV: UTF-8 with or without a byte-order mark, UTF-16 with a byte-order mark (Excel's "Unicode text"),
and — when the bytes are not UTF-8 — Windows-1252 (what Excel's plain "CSV" writes in the UK), read with a
warning that says so (``encoding=`` forces an encoding). The delimiter (comma, semicolon or tab) is the one
that splits the header row into the most known column names. Quoted cells may hold delimiters, quotes and
line breaks; rows are counted as a spreadsheet shows them (the header is row 1), not as lines of text. NUL
bytes mean the file is not text at all (exit 2).

XLSX (formulas kept as formulas): the sheets named like the template's (``organisations``,
``partnerships``, ``memberships``) are read, the template's own ``guide`` and ``lists`` sheets are skipped,
any other sheet is ignored and mentioned. A formula where a value belongs and merged cells are problems of
the rows they sit in (exit 1); old ``.xls`` workbooks, ``.ods`` files and damaged archives are refused
(exit 2). A worksheet is read as a stream of its XML (openpyxl's cell parser turns each cell into a value),
one row at a time and only the cells it holds, so a sheet of a few cells far apart costs no more than those cells.

Bounds, besides the file's size (and the archive's unpacked size): :data:`MAX_COLUMNS` columns and
:data:`MAX_ROWS` rows — checked against the sheet's declared dimension before anything is read, and again
against every cell as it is read, since a declared dimension can lie — and :data:`MAX_CELLS` cells read in
one sheet. A CSV row may have at most :data:`MAX_COLUMNS` cells too. Past any of them the file is refused
(exit 2) with a message naming the file, the sheet and the limit.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import pyexpat
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from xml.etree import ElementTree as StdElementTree

from defusedxml import DefusedXmlException, ElementTree

from partnerkg.errors import InputError, InvalidDataError, option
from partnerkg.input_files import line_and_column, read_input_bytes
from partnerkg.spreadsheets.columns import MEMBERSHIPS, ORGANISATIONS, PARTNERSHIPS, TABLES, Table, table_for_sheet

__all__ = [
    "MAX_CELLS",
    "MAX_COLUMNS",
    "MAX_ROWS",
    "MAX_SPREADSHEET_BYTES",
    "CellProblem",
    "Formula",
    "Sheet",
    "SheetRead",
    "column_letter",
    "read_sheets",
]

#: Largest spreadsheet file read (and largest total size of an XLSX archive's parts, unpacked).
MAX_SPREADSHEET_BYTES = 256 * 1024**2
#: Most columns a sheet (or a CSV row) may have: IV, Excel 2003's last column; the template has at most 11.
MAX_COLUMNS = 256
#: Most rows a sheet may have: Excel's own limit.
MAX_ROWS = 1_048_576
#: Most cells (empty ones included) read from one sheet: 450,000 rows of the partnerships template.
MAX_CELLS = 5_000_000
#: Sheets of the template that hold no data.
HELPER_SHEETS = frozenset({"guide", "lists", "readme"})


@dataclass(frozen=True)
class Formula:
    """A cell that holds a formula (XLSX), kept as its text so the importer can name it."""

    text: str


@dataclass(frozen=True)
class CellProblem:
    """A problem with one cell or range found while reading (a formula, merged cells, an error value)."""

    row: int
    column: int  #: 1-based; 0 for a whole row
    problem: str
    instead: str
    value: str = ""


@dataclass
class Sheet:
    """The cells of one table: ``source`` names it in messages (``orgs.csv``, ``book.xlsx[partnerships]``)."""

    source: str
    file_name: str
    sheet: str | None
    table: Table
    header: list[str]
    rows: list[tuple[int, list[Any]]]  #: (row number, cell values); empty rows left out
    problems: list[CellProblem] = field(default_factory=list)
    ignored: list[str] = field(default_factory=list)  #: columns that are not the template's, e.g. "F (contact)"
    column_index: dict[str, int] = field(default_factory=dict)  #: template column key -> its 1-based column


@dataclass
class SheetRead:
    """What reading one file gave: its sheets, and notes and warnings for the user."""

    sheets: list[Sheet]
    notes: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def column_letter(n: int) -> str:
    """Spreadsheet column letters: 1 -> A, 27 -> AA.

    >>> column_letter(1), column_letter(26), column_letter(28)
    ('A', 'Z', 'AB')
    """
    out = ""
    while n > 0:
        n, r = divmod(n - 1, 26)
        out = chr(65 + r) + out
    return out


def _read_bytes(path: Path) -> bytes:
    data = read_input_bytes(path, limit=MAX_SPREADSHEET_BYTES, what="a .csv or .xlsx file",
                            too_big="split it into several files")
    if not data.strip():
        raise InputError(f"{path}: the file is empty — fill in a template from 'partnerkg template'")
    return data


def read_sheets(path: str | Path, encoding: str | None = None) -> SheetRead:
    """Read a ``.csv`` or ``.xlsx`` file into sheets. InputError (exit 2) when it cannot be used at all."""
    p = Path(path)
    ext = p.suffix.lower()
    if p.is_dir():
        raise InputError(f"{p}: is a directory — name a .csv or .xlsx file")
    if not p.exists():
        raise InputError(f"{p}: no such file — check the path")
    if ext in (".csv", ".tsv", ".txt"):
        return _read_csv(p, _read_bytes(p), encoding)
    if ext in (".xlsx", ".xlsm"):
        return _read_xlsx(p, _read_bytes(p))
    if ext in (".xls", ".ods", ".numbers"):
        raise InputError(f"{p}: {ext} files are not read — save the workbook as .xlsx (Excel) or as CSV UTF-8")
    raise InputError(f"{p}: unknown spreadsheet extension {ext or '(none)'!r} — use .csv or .xlsx")


# ---- CSV --------------------------------------------------------------------------------------------------


def _decode(p: Path, data: bytes, encoding: str | None) -> tuple[str, list[str]]:
    if encoding:
        try:
            return data.decode(encoding).removeprefix("\ufeff"), []
        except LookupError as err:
            raise InputError(f"{option('encoding', encoding)}: unknown encoding — use e.g. utf-8 or cp1252") from err
        except UnicodeDecodeError as err:
            line, column = line_and_column(data, err.start)
            raise InputError(f"{p}:{line}:{column}: not valid {encoding} (byte {err.start + 1}) — check "
                             f"{option('encoding')}") from err
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16"), []
        except UnicodeDecodeError as err:
            raise InputError(f"{p}: damaged UTF-16 text (byte {err.start + 1}) — save it as CSV UTF-8") from err
    if data.startswith(b"PK\x03\x04"):
        raise InputError(f"{p}: this is an XLSX workbook (or another zip file), not CSV text — name it .xlsx")
    nul = data.find(b"\x00")
    if nul >= 0:
        line, column = line_and_column(data, nul)
        raise InputError(f"{p}:{line}:{column}: holds NUL bytes (first at byte {nul + 1}), so it is not CSV text — "
                         "save the spreadsheet as 'CSV UTF-8 (comma delimited)' or as .xlsx")
    try:
        return data.decode("utf-8-sig"), []
    except UnicodeDecodeError as err:
        first = err.start
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError as err:
        line, column = line_and_column(data, err.start)
        raise InputError(f"{p}:{line}:{column}: neither UTF-8 nor Windows-1252 text (byte {err.start + 1} is "
                         f"0x{data[err.start]:02X}) — save it as 'CSV UTF-8', or pass {option('encoding')}") from err
    row = data.count(b"\n", 0, first) + 1
    start = data.rfind(b"\n", 0, first) + 1
    end = data.find(b"\n", first)
    line = data[start:end if end >= 0 else len(data)].decode("cp1252").strip()[:60]
    warning = (f"{p}: not UTF-8 (byte 0x{data[first]:02X} on line {row}); read as Windows-1252, which gives "
               f"{line!r} — if that looks wrong, save the file as 'CSV UTF-8' or pass {option('encoding')}")
    return text, [warning]


def _header_score(first_line: str, delimiter: str) -> int:
    try:
        cells = next(csv.reader(io.StringIO(first_line, newline=""), delimiter=delimiter))
    except (csv.Error, StopIteration):
        return 0
    return sum(1 for c in cells if any(t.column(c) for t in TABLES)) * 10 + len(cells) // 10


def _delimiter(text: str) -> str:
    first = next((line for line in text.splitlines() if line.strip()), "")
    scores = {d: _header_score(first, d) for d in (",", ";", "\t")}
    return max(scores, key=lambda d: (scores[d], d == ","))


def _table_for_header(p: Path, header: list[str]) -> Table:
    if any(getattr(PARTNERSHIPS.column(h), "key", None) == "partners" for h in header):
        return PARTNERSHIPS
    if any(getattr(MEMBERSHIPS.column(h), "key", None) == "member" for h in header):
        return MEMBERSHIPS
    if "membership" in p.stem.lower():
        raise InputError(f"{p}: the file name says memberships but the header has no 'member' column — "
                         f"use the header of 'partnerkg template': {', '.join(MEMBERSHIPS.headers())}")
    if "partnership" in p.stem.lower():
        raise InputError(f"{p}: the file name says partnerships but the header has no 'partners' column — "
                         f"use the header of 'partnerkg template': {', '.join(PARTNERSHIPS.headers())}")
    return ORGANISATIONS


def _read_csv(p: Path, data: bytes, encoding: str | None) -> SheetRead:
    text, warnings = _decode(p, data, encoding)
    if "\x00" in text:
        raise InputError(f"{p}: holds NUL characters, so it is not CSV text — save it as 'CSV UTF-8'")
    delimiter = "\t" if p.suffix.lower() == ".tsv" else _delimiter(text)
    reader = csv.reader(_bounded_lines(p, text, delimiter), delimiter=delimiter, strict=True)
    records: list[tuple[int, list[str]]] = []
    try:
        for number, record in enumerate(reader, start=1):
            if len(record) > MAX_COLUMNS:
                while record and not record[-1].strip():
                    record.pop()  # trailing empty cells are nothing
                if len(record) > MAX_COLUMNS:
                    raise InputError(f"{p}:{number}: {len(record)} cells in one row, over the limit of {MAX_COLUMNS} "
                                     f"columns ({column_letter(MAX_COLUMNS)}) — delete the columns to the right of "
                                     "the table")
            records.append((number, record))
    except csv.Error as err:
        raise InputError(f"{p}:{len(records) + 1}: broken CSV ({err}; near text line {reader.line_num}) — check "
                         "the quotes in that row, or save the file again from the spreadsheet program") from err
    return SheetRead([_sheet(p, str(p), p.name, None, None, records)], warnings=warnings)


def _bounded_lines(p: Path, text: str, delimiter: str) -> Iterator[str]:
    """The lines of ``text`` for the CSV reader, refusing one with absurdly many delimiters before the reader
    makes a list of millions of empty cells of it (a quoted cell may hold delimiters, so the bound is wide)."""
    most = 100 * MAX_COLUMNS
    for number, line in enumerate(io.StringIO(text, newline=""), start=1):
        if len(line) > most and line.count(delimiter) > most:
            raise InputError(f"{p}: text line {number} holds more than {most} {delimiter!r} delimiters, so far "
                             f"more than the limit of {MAX_COLUMNS} columns — delete the columns to the right of "
                             "the table")
        yield line


#: Cell values up to this long are held once however often they repeat (a large import's rows stay small).
SHARED_LENGTH = 40


def _sheet(p: Path, source: str, file_name: str, sheet: str | None, table: Table | None,
           records: list[tuple[int, list[Any]]]) -> Sheet:
    records = [(n, r) for n, r in records if any(not _blank(v) for v in r)]
    if not records:
        raise InputError(f"{source}: no header row — fill in a template from 'partnerkg template'")
    header_row, raw_header = records[0]  # rows above the header, if any, are empty: the header is found
    for i, v in enumerate(raw_header, start=1):
        if isinstance(v, Formula):
            raise InputError(f"{source}:{header_row}:{column_letter(i)}: a formula in the header — type the "
                             "column name instead")
    header = [str(v).strip() if v is not None else "" for v in raw_header]
    if table is None:
        table = _table_for_header(p, header)
    shared: dict[str, str] = {}  # a value that repeats down a column (a sector, "yes", a year) is held once
    rows = [(n, [shared.setdefault(v, v) if type(v) is str and len(v) <= SHARED_LENGTH else v for v in r])
            for n, r in records[1:]]
    return Sheet(source, file_name, sheet, table, header, rows)


def _blank(v: Any) -> bool:
    return v is None or (isinstance(v, str) and not v.strip())


# ---- XLSX -------------------------------------------------------------------------------------------------

_NS_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_CELL = re.compile(r"^([A-Z]{1,3})([0-9]+)$")


def _cell_index(ref: str) -> tuple[int, int]:
    m = _CELL.match(ref)
    if m is None:
        return 0, 0
    col = 0
    for ch in m.group(1):
        col = col * 26 + ord(ch) - 64
    return int(m.group(2)), col


def _check_archive(p: Path, data: bytes) -> zipfile.ZipFile:
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        raise InputError(f"{p}: an old Excel 97-2003 (.xls) workbook — save it as .xlsx (Excel workbook) or as "
                         "CSV UTF-8")
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile as err:
        raise InputError(f"{p}: not an XLSX workbook (not a zip archive) — save it from the spreadsheet "
                         "program as .xlsx, or as CSV UTF-8 named .csv") from err
    unpacked = sum(i.file_size for i in archive.infolist())
    if unpacked > MAX_SPREADSHEET_BYTES:
        raise InputError(f"{p}: unpacks to {unpacked} bytes, over the {MAX_SPREADSHEET_BYTES} byte limit — split "
                         "the workbook")
    if "xl/workbook.xml" not in archive.namelist():
        raise InputError(f"{p}: a zip archive but not an XLSX workbook (no xl/workbook.xml)")
    return archive


def _formula_text(value: Any) -> str:
    """The text of a formula as the spreadsheet shows it: openpyxl gives array formulas
    (``{=SUM(A1:A3*B1:B3)}``) and data tables as objects whose str() is their repr."""
    from openpyxl.worksheet.formula import ArrayFormula, DataTableFormula

    if isinstance(value, ArrayFormula):
        return "{" + (value.text or "=") + "}"
    if isinstance(value, DataTableFormula):
        inputs = ",".join(v for v in (getattr(value, "r1", None), getattr(value, "r2", None)) if v)
        return "{=TABLE(" + inputs + ")}"
    return str(value)


def _cell_value(cell: dict[str, Any], problems: list[CellProblem]) -> Any:
    """The value of a cell as openpyxl's parser read it; an error value is a problem of its row."""
    kind = cell["data_type"]
    value = cell["value"]
    if kind == "f":
        return Formula(_formula_text(value))
    if kind == "e":
        problems.append(CellProblem(cell["row"], cell["column"], f"the error value {value}", "type the value itself",
                                    str(value)))
        return None
    if isinstance(value, dt.time):
        return value.isoformat()
    return value


def _open_book(p: Path, data: bytes) -> tuple[Any, dict[str, str]]:
    """openpyxl's workbook (its shared strings, styles and date system, without its worksheets) and each
    sheet's name with the path of its part in the archive, in the workbook's order.

    ``load_workbook(read_only=True)`` would also scan every worksheet whose XML declares no dimension (as
    openpyxl's own write-only files do not) to the end, seconds for a 100,000-row sheet; the sheets are
    streamed by :func:`_worksheet_rows` instead."""
    from openpyxl.reader.excel import ExcelReader
    from openpyxl.styles.stylesheet import apply_stylesheet

    try:
        reader = ExcelReader(io.BytesIO(data), read_only=True, data_only=False)
        try:
            reader.read_manifest()
            reader.read_strings()
            reader.read_workbook()
            reader.read_theme()
            apply_stylesheet(reader.archive, reader.wb)
            parts = {sheet.name: rel.target for sheet, rel in reader.parser.find_sheets()}
        finally:
            reader.archive.close()
    except Exception as err:  # openpyxl raises many kinds for damaged workbooks
        raise InputError(f"{p}: a damaged or unsupported XLSX workbook ({type(err).__name__}: {err}) — open it "
                         "in the spreadsheet program and save it again as .xlsx") from err
    return reader.wb, parts


def _read_xlsx(p: Path, data: bytes) -> SheetRead:
    archive = _check_archive(p, data)
    book, parts = _open_book(p, data)
    result = SheetRead([])
    try:
        names = list(parts)
        chosen = [(n, table_for_sheet(n)) for n in names]
        tables = [(n, t) for n, t in chosen if t is not None]
        others = [n for n, t in chosen if t is None and n.strip().casefold() not in HELPER_SHEETS]
        if not tables:
            if len(others) == 1:
                tables = [(others[0], None)]
                others = []
            else:
                raise InputError(f"{p}: no sheet named 'organisations' or 'partnerships' (the sheets are "
                                 f"{', '.join(repr(n) for n in names)}) — rename the sheets as in the template")
        seen: dict[str, str] = {}
        for name, table in tables:
            if table is not None and table.name in seen:
                raise InputError(f"{p}: the sheets {seen[table.name]!r} and {name!r} are both {table.name} — "
                                 "keep one")
            if table is not None:
                seen[table.name] = name
            result.sheets.append(_read_worksheet(p, archive, parts, book, name, table))
        if others:
            result.notes.append(f"{p}: ignored sheet(s) {', '.join(repr(n) for n in others)} — only "
                                "'organisations' and 'partnerships' are imported")
    finally:
        archive.close()
    return result


#: Worksheets, which hold nearly all of a workbook's XML, are streamed by the standard library's C parser:
#: defusedxml's is pure Python, five times slower on a 100,000-row sheet. Expat 2.4.1 and later bounds entity
#: expansion (the "billion laughs" and quadratic blow-up), and ElementTree never fetches a DTD or an external
#: entity, which is what defusedxml guards against; with an older expat, defusedxml's parser is used.
_ITERPARSE = StdElementTree.iterparse if pyexpat.version_info >= (2, 4, 1) else ElementTree.iterparse

_DIMENSION = f"{_NS_MAIN}dimension"
_SHEET_DATA = f"{_NS_MAIN}sheetData"
_ROW = f"{_NS_MAIN}row"
_C = f"{_NS_MAIN}c"
_MERGE = f"{_NS_MAIN}mergeCell"


def _too_wide(source: str, where: str, column: int) -> InputError:
    return InputError(f"{source}{where}: a cell in column {column_letter(column)} ({column}), beyond the limit of "
                      f"{MAX_COLUMNS} columns ({column_letter(MAX_COLUMNS)}) — delete the columns to the right of "
                      "the table (or copy the table into a new sheet)")


def _too_long(source: str, where: str, row: int) -> InputError:
    return InputError(f"{source}{where}: row {row}, beyond the limit of {MAX_ROWS} rows — split the sheet into "
                      "several files")


def _check_dimension(source: str, ref: str) -> None:
    """Refuse a sheet whose declared dimension (``<dimension ref="A1:XFD200000"/>``) is beyond the bounds."""
    last = ref.split(":")[-1]
    m = re.match(r"^\$?([A-Za-z]{1,7})\$?([0-9]{1,10})$", last)
    if m is None:
        return  # no usable dimension: the cells are bounded as they are read
    row, column = int(m.group(2)), 0
    for ch in m.group(1).upper():
        column = column * 26 + ord(ch) - 64
    where = f" (declared dimension {ref[:40]})"
    if column > MAX_COLUMNS:
        raise _too_wide(source, where, column)
    if row > MAX_ROWS:
        raise _too_long(source, where, row)


_IS, _T = f"{_NS_MAIN}is", f"{_NS_MAIN}t"


def _inline_text_cell(elem: Any) -> dict[str, Any] | None:
    """A cell holding plain inline text (``<c r="A2" t="inlineStr"><is><t>…</t></is></c>``, as openpyxl and
    other libraries write text) read directly, as openpyxl reads it; None for any other cell. openpyxl's
    reader builds an object tree per such cell, most of the time of reading a generated workbook."""
    if elem.get("t") != "inlineStr" or len(elem) != 1 or elem[0].tag != _IS or len(elem[0]) != 1:
        return None
    text = elem[0][0]
    row, column = _cell_index(elem.get("r") or "")
    if text.tag != _T or len(text) or not column:
        return None
    return {"row": row, "column": column, "value": text.text or "", "data_type": "s"}


def _worksheet_rows(source: str, handle: Any, parser: Any, problems: list[CellProblem],
                    merged: list[str]) -> Iterator[tuple[int, list[Any]]]:
    """(row number, cell values) of each row of a worksheet's XML, read as a stream: only the cells present,
    each checked against :data:`MAX_COLUMNS`, :data:`MAX_ROWS` and :data:`MAX_CELLS` as it is read."""
    cells_read = 0
    row_number = 0
    values: list[Any] = []
    container: Any = None
    for event, elem in _ITERPARSE(handle, events=("start", "end")):
        tag = elem.tag
        if event == "start":
            if tag == _ROW:
                r = elem.get("r")
                row_number = int(r) if r and r.isdigit() else row_number + 1
                if row_number > MAX_ROWS:
                    raise _too_long(source, "", row_number)
                parser.row_counter, parser.col_counter = row_number, 0
                values = []
            elif tag == _SHEET_DATA:
                container = elem
            elif tag == _DIMENSION:
                _check_dimension(source, elem.get("ref", ""))
            continue
        if tag == _C:
            cells_read += 1
            if cells_read > MAX_CELLS:
                raise InputError(f"{source}: more than {MAX_CELLS} cells, the limit of one sheet — split the sheet "
                                 "into several files")
            try:
                cell = _inline_text_cell(elem) or parser.parse_cell(elem)
            except (ValueError, KeyError, IndexError) as err:
                raise InputError(f"{source}: damaged cell {elem.get('r', '?')[:20]!r} ({err}) — open the workbook "
                                 "in the spreadsheet program and save it again") from err
            column = cell["column"]
            if column > MAX_COLUMNS:
                raise _too_wide(source, f"!{(elem.get('r') or column_letter(column))[:20]}", column)
            elem.clear()
            value = _cell_value(cell, problems)
            if value is not None:
                if len(values) < column:
                    values.extend([None] * (column - len(values)))
                values[column - 1] = value
        elif tag == _ROW:
            elem.clear()
            if container is not None:
                container.remove(elem)  # keep memory flat: the stream never holds more than one row
            while values and _blank(values[-1]):
                values.pop()
            yield row_number, values
        elif tag == _MERGE:
            merged.append(elem.get("ref", ""))


def _read_worksheet(p: Path, archive: zipfile.ZipFile, parts: dict[str, str], book: Any, name: str,
                    table: Table | None) -> Sheet:
    from openpyxl.worksheet._reader import WorkSheetParser

    source = f"{p}[{name}]"
    problems: list[CellProblem] = []
    merged: list[str] = []
    part = parts.get(name)
    if part is None:
        raise InputError(f"{source}: the workbook lists a sheet it has no part for — open it in the spreadsheet "
                         "program and save it again as .xlsx")
    parser = WorkSheetParser(None, book.shared_strings, data_only=False, epoch=book.epoch,
                             date_formats=book._date_formats, timedelta_formats=book._timedelta_formats)
    try:
        with archive.open(part) as handle:
            records = [(n, v) for n, v in _worksheet_rows(source, handle, parser, problems, merged)
                       if any(not _blank(x) for x in v)]
    except KeyError as err:
        raise InputError(f"{source}: the workbook names a worksheet part it does not hold ({part})") from err
    except (ElementTree.ParseError, DefusedXmlException) as err:
        raise InputError(f"{source}: damaged worksheet XML ({err}) — open the workbook in the spreadsheet program "
                         "and save it again") from err
    if not records:
        raise InputError(f"{source}: the sheet is empty — fill in the template's header and rows")
    sheet = _sheet(p, source, p.name, name, table, records)
    sheet.problems.extend(problems)
    header_row = records[0][0]
    for ref in merged:
        top, left = _cell_index(ref.split(":")[0])
        if top <= header_row:
            raise InvalidDataError(f"{source}!{ref}: merged cells in the header — unmerge them so that every "
                                   "column has its own header")
        sheet.problems.append(CellProblem(top, left, f"merged cells {ref}", "unmerge them and type the value into "
                                          "every cell it belongs to"))
    return sheet
