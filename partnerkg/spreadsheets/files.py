"""Reading CSV and XLSX files into sheets of cells, safely and with clear errors.

CSV: UTF-8 with or without a byte-order mark, UTF-16 with a byte-order mark (Excel's "Unicode text"),
and — when the bytes are not UTF-8 — Windows-1252 (what Excel's plain "CSV" writes in the UK), read with a
warning that says so (``encoding=`` forces an encoding). The delimiter (comma, semicolon or tab) is the one
that splits the header row into the most known column names. Quoted cells may hold delimiters, quotes and
line breaks; rows are counted as a spreadsheet shows them (the header is row 1), not as lines of text. NUL
bytes mean the file is not text at all (exit 2).

XLSX (openpyxl, read-only, formulas kept as formulas): the sheets named like the template's
(``organisations``, ``partnerships``) are read, the template's own ``guide`` and ``lists`` sheets are skipped,
any other sheet is ignored and mentioned. A formula where a value belongs and merged cells are problems of
the rows they sit in (exit 1); old ``.xls`` workbooks, ``.ods`` files and damaged archives are refused
(exit 2).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

from defusedxml import DefusedXmlException, ElementTree

from partnerkg.errors import InputError, InvalidDataError, option
from partnerkg.input_files import line_and_column, read_input_bytes
from partnerkg.spreadsheets.columns import ORGANISATIONS, PARTNERSHIPS, TABLES, Table, table_for_sheet

__all__ = [
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
    if "partnership" in p.stem.lower():
        raise InputError(f"{p}: the file name says partnerships but the header has no 'partners' column — "
                         f"use the header of 'partnerkg template': {', '.join(PARTNERSHIPS.headers())}")
    return ORGANISATIONS


def _read_csv(p: Path, data: bytes, encoding: str | None) -> SheetRead:
    text, warnings = _decode(p, data, encoding)
    if "\x00" in text:
        raise InputError(f"{p}: holds NUL characters, so it is not CSV text — save it as 'CSV UTF-8'")
    delimiter = "\t" if p.suffix.lower() == ".tsv" else _delimiter(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    records: list[tuple[int, list[str]]] = []
    try:
        for number, record in enumerate(reader, start=1):
            records.append((number, record))
    except csv.Error as err:
        raise InputError(f"{p}:{len(records) + 1}: broken CSV ({err}; near text line {reader.line_num}) — check "
                         "the quotes in that row, or save the file again from the spreadsheet program") from err
    return SheetRead([_sheet(p, str(p), p.name, None, None, records)], warnings=warnings)


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
    return Sheet(source, file_name, sheet, table, header, [(n, list(r)) for n, r in records[1:]])


def _blank(v: Any) -> bool:
    return v is None or (isinstance(v, str) and not v.strip())


# ---- XLSX -------------------------------------------------------------------------------------------------

_NS_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_NS_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_NS_PKG_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_CELL = re.compile(r"^([A-Z]{1,3})([0-9]+)$")


def _cell_index(ref: str) -> tuple[int, int]:
    m = _CELL.match(ref)
    if m is None:
        return 0, 0
    col = 0
    for ch in m.group(1):
        col = col * 26 + ord(ch) - 64
    return int(m.group(2)), col


def _sheet_parts(archive: zipfile.ZipFile) -> dict[str, str]:
    """Sheet name -> path of its part inside the archive (from workbook.xml and its relationships)."""
    try:
        book = ElementTree.fromstring(archive.read("xl/workbook.xml"))
        rels = ElementTree.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
    except (KeyError, ElementTree.ParseError, DefusedXmlException):
        return {}
    targets = {r.get("Id"): r.get("Target", "") for r in rels.iter(f"{_NS_PKG_REL}Relationship")}
    out: dict[str, str] = {}
    for s in book.iter(f"{_NS_MAIN}sheet"):
        target = targets.get(s.get(f"{_NS_REL}id"), "")
        path = target.lstrip("/") if target.startswith("/") else str(PurePosixPath("xl") / target)
        out[s.get("name", "")] = path
    return out


def _merged_ranges(archive: zipfile.ZipFile, part: str) -> list[str]:
    """The merged ranges (``A5:B5``) a worksheet part declares, read by streaming its XML."""
    try:
        handle = archive.open(part)
    except KeyError:
        return []
    out: list[str] = []
    with handle:
        try:
            for _event, elem in ElementTree.iterparse(handle, events=("end",)):
                if elem.tag == f"{_NS_MAIN}mergeCell":
                    out.append(elem.get("ref", ""))
                elif elem.tag == f"{_NS_MAIN}row":
                    elem.clear()
        except (ElementTree.ParseError, DefusedXmlException) as err:
            raise InputError(f"{part}: damaged worksheet XML ({err})") from err
    return out


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


def _cell_value(cell: Any, row: int, col: int, problems: list[CellProblem]) -> Any:
    kind = getattr(cell, "data_type", "n")
    value = cell.value
    if kind == "f":
        return Formula(_formula_text(value))
    if kind == "e":
        problems.append(CellProblem(row, col, f"the error value {value}", "type the value itself", str(value)))
        return None
    if isinstance(value, dt.time):
        return value.isoformat()
    return value


def _read_xlsx(p: Path, data: bytes) -> SheetRead:
    import openpyxl

    archive = _check_archive(p, data)
    parts = _sheet_parts(archive)
    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except Exception as err:  # openpyxl raises many kinds for damaged workbooks
        raise InputError(f"{p}: a damaged or unsupported XLSX workbook ({type(err).__name__}: {err}) — open it "
                         "in the spreadsheet program and save it again as .xlsx") from err
    result = SheetRead([])
    try:
        names = list(book.sheetnames)
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
            result.sheets.append(_read_worksheet(p, archive, parts, book[name], name, table))
        if others:
            result.notes.append(f"{p}: ignored sheet(s) {', '.join(repr(n) for n in others)} — only "
                                "'organisations' and 'partnerships' are imported")
    finally:
        book.close()
    return result


def _read_worksheet(p: Path, archive: zipfile.ZipFile, parts: dict[str, str], ws: Any, name: str,
                    table: Table | None) -> Sheet:
    source = f"{p}[{name}]"
    problems: list[CellProblem] = []
    ws.reset_dimensions()
    records: list[tuple[int, list[Any]]] = []
    for number, cells in enumerate(ws.iter_rows(min_row=1), start=1):
        values = [_cell_value(c, number, i, problems) for i, c in enumerate(cells, start=1)]
        while values and _blank(values[-1]):
            values.pop()
        records.append((number, values))
    if not any(any(not _blank(v) for v in r) for _, r in records):
        raise InputError(f"{source}: the sheet is empty — fill in the template's header and rows")
    sheet = _sheet(p, source, p.name, name, table, records)
    sheet.problems.extend(problems)
    header_row = next(n for n, r in records if any(not _blank(v) for v in r))
    for ref in _merged_ranges(archive, parts.get(name, "")):
        top, left = _cell_index(ref.split(":")[0])
        if top <= header_row:
            raise InvalidDataError(f"{source}!{ref}: merged cells in the header — unmerge them so that every "
                                   "column has its own header")
        sheet.problems.append(CellProblem(top, left, f"merged cells {ref}", "unmerge them and type the value into "
                                          "every cell it belongs to"))
    return sheet
