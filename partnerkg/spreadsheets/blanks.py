"""Blank spreadsheet templates: ``organisations.csv``, ``partnerships.csv``, ``partnerkg-template.xlsx`` and a
short ``guide.txt``, all generated from the table definitions (:mod:`partnerkg.spreadsheets.columns`) and the
controlled vocabularies, so the templates and the importer never disagree.

The CSV files are UTF-8 with a byte-order mark (so that Excel shows accents correctly) and hold only the
header row. The workbook has a sheet per table (with drop-down lists of the allowed values, which still
accept typed text such as several values separated by ';'), a ``guide`` sheet and a ``lists`` sheet; the
importer skips the last two. Bytes are reproducible: workbook timestamps come from ``SOURCE_DATE_EPOCH``
(default 2000-01-01).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping
from pathlib import Path

from partnerkg.atomic import atomic_write_bytes
from partnerkg.errors import InputError
from partnerkg.namespaces import PK
from partnerkg.spreadsheets.columns import TABLES, Column, Table
from partnerkg.spreadsheets.values import Vocabulary, graph_vocabulary, ontology_vocabularies
from partnerkg.store.graphs import shipped_graph
from partnerkg.workbooks import reproducible_xlsx, source_date

__all__ = ["TEMPLATE_FILES", "guide_text", "template_csv", "template_vocabularies", "template_xlsx", "write_templates"]

#: The files :func:`write_templates` writes, in order.
TEMPLATE_FILES = ("organisations.csv", "partnerships.csv", "partnerkg-template.xlsx", "guide.txt")
_ROWS = 2000  # rows of the workbook that offer the drop-down lists


def template_vocabularies() -> dict[str, Vocabulary]:
    """The lists a template offers: the ontology's (sector, kind, model, stage, working mode) and the shipped
    graph's (organisation, region, policy, barrier, facilitator)."""
    g = shipped_graph()
    out = dict(ontology_vocabularies())
    for name, cls in (("organisation", PK.Organisation), ("region", PK.Region), ("policy", PK.Policy),
                      ("barrier", PK.Barrier), ("facilitator", PK.Facilitator)):
        out[name] = graph_vocabulary(g, name, cls)
    return out


def template_csv(table: Table) -> bytes:
    """The CSV template of ``table``: UTF-8 with a byte-order mark, the header row only."""
    out = io.StringIO()
    csv.writer(out).writerow(table.headers())
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def _allowed(column: Column, vocabularies: Mapping[str, Vocabulary]) -> str:
    if column.vocabulary is None:
        return ""
    vocab = vocabularies.get(column.vocabulary)
    if vocab is None:
        return ""
    if len(vocab) <= 40:
        return "; ".join(vocab.choices())
    return f"one of the {len(vocab)} {column.vocabulary} labels of the graph (see the 'lists' sheet of the workbook)"


def guide_text(vocabularies: Mapping[str, Vocabulary] | None = None) -> str:
    """The short guide: how to fill in each table, column by column, with the allowed values."""
    vocabularies = template_vocabularies() if vocabularies is None else vocabularies
    lines = [
        "partnerkg spreadsheet templates",
        "===============================",
        "",
        "Fill in organisations.csv and partnerships.csv (or the two sheets of partnerkg-template.xlsx), one row",
        "per organisation or partnership, then run:",
        "",
        "    partnerkg import organisations.csv partnerships.csv --output mine.ttl",
        "    partnerkg build --data mine.ttl",
        "",
        "Rules: keep the header row; empty cells are fine except where a column is required; several values",
        "in one cell are separated by ';' or line breaks; controlled values ignore case and punctuation",
        "('co-location' = 'Co-location model') and also accept IRIs; names are kept exactly as written.",
        "Partners and parent organisations may be names from the organisations sheet or organisations",
        "already in the graph. Save CSV files as 'CSV UTF-8'. Type values, not formulas, and do not merge",
        "cells. Every row is checked: if one has a problem nothing is imported and each problem is listed as",
        "file:row:column: value — problem — what to write instead (--skip-invalid imports the other rows).",
        "Full documentation: docs/spreadsheets.md.",
    ]
    for table in TABLES:
        lines += ["", f"{table.name} — {table.description}", "-" * (len(table.name) + 3 + len(table.description))]
        for c in table.columns:
            flags = ", ".join(f for f, on in (("required", c.required), ("several allowed", c.multiple)) if on)
            lines.append(f"  {c.header}{f' ({flags})' if flags else ''}: {c.description}")
            if c.example:
                lines.append(f"      example: {c.example}")
            allowed = _allowed(c, vocabularies)
            if allowed:
                lines.append(f"      allowed: {allowed}")
    return "\n".join(lines) + "\n"


def template_xlsx(vocabularies: Mapping[str, Vocabulary] | None = None) -> bytes:
    """The XLSX template: a sheet per table with drop-down lists, a 'guide' and a 'lists' sheet."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    vocabularies = template_vocabularies() if vocabularies is None else vocabularies
    wb = Workbook()
    wb.properties.creator = "partnerkg"
    wb.properties.created = wb.properties.modified = source_date()
    sheets = [wb.active] + [wb.create_sheet() for _ in TABLES[1:]]
    lists = wb.create_sheet("lists")
    guide = wb.create_sheet("guide")
    used = sorted({c.vocabulary for t in TABLES for c in t.columns if c.vocabulary and c.vocabulary in vocabularies})
    ranges: dict[str, str] = {}
    for i, name in enumerate(used, start=1):
        letter = get_column_letter(i)
        lists.cell(1, i, name).font = Font(bold=True)
        choices = vocabularies[name].choices()
        for r, choice in enumerate(choices, start=2):
            lists.cell(r, i, choice).data_type = "s"  # text, never a formula, whatever a label starts with
        ranges[name] = f"lists!${letter}$2:${letter}${len(choices) + 1}"
        lists.column_dimensions[letter].width = 40
    for ws, table in zip(sheets, TABLES, strict=True):
        ws.title = table.name
        ws.append(table.headers())
        ws.freeze_panes = "A2"
        for i, c in enumerate(table.columns, start=1):
            cell = ws.cell(1, i)
            cell.font = Font(bold=True)
            ws.column_dimensions[get_column_letter(i)].width = max(14, min(45, len(c.example) + 4))
            if c.vocabulary in ranges:
                dv = DataValidation(type="list", formula1=f"={ranges[c.vocabulary]}", allow_blank=True,
                                    showErrorMessage=False, showInputMessage=True,
                                    promptTitle=c.header[:32], prompt=c.description[:255])
                dv.add(f"{get_column_letter(i)}2:{get_column_letter(i)}{_ROWS}")
                ws.add_data_validation(dv)
    guide.column_dimensions["A"].width = 110
    for r, line in enumerate(guide_text(vocabularies).splitlines(), start=1):
        cell = guide.cell(r, 1, line)
        cell.data_type = "s"
        cell.alignment = Alignment(wrap_text=False)
    out = io.BytesIO()
    wb.save(out)
    return reproducible_xlsx(out.getvalue())


def write_templates(folder: str | Path, *, force: bool = False) -> list[Path]:
    """Write the template files into ``folder`` (created if need be) and return their paths.

    Refuses (InputError) to overwrite an existing file — a filled-in template — unless ``force``.
    """
    target = Path(folder)
    if target.exists() and not target.is_dir():
        raise InputError(f"{target}: exists and is not a folder — name a folder for the templates")
    paths = [target / name for name in TEMPLATE_FILES]
    existing = [p.name for p in paths if p.exists()]
    if existing and not force:
        raise InputError(f"{target}: already holds {', '.join(existing)} — choose another folder, or pass --force "
                         "to overwrite (a filled-in template would be lost)")
    vocabularies = template_vocabularies()
    contents = [template_csv(TABLES[0]), template_csv(TABLES[1]), template_xlsx(vocabularies),
                guide_text(vocabularies).encode("utf-8")]
    for path, data in zip(paths, contents, strict=True):
        atomic_write_bytes(path, data)
    return paths
