"""Rich display in notebooks: results as paged HTML tables, maps as isolated iframes.

Jupyter front ends (JupyterLab, classic Notebook, VS Code) show the ``_repr_html_`` of the value a cell ends
with. What these functions write needs no server, no CDN and no JavaScript of the notebook's:

* :func:`paged_table` is a table in pages of ``page_rows`` rows that turn with radio buttons styled by a
  ``<style>`` scoped to the table's own id: pure HTML and CSS. Where a front end strips styles (an untrusted
  notebook), every page shows, one after the other. Every value is escaped.
* :func:`isolated_frame` puts a complete HTML page (a map) into an ``<iframe srcdoc>`` sandboxed with
  ``allow-scripts`` and no ``allow-same-origin``: the page runs its own scripts in an opaque origin, can read
  nothing of the notebook (no cookies, no DOM, no kernel) and the notebook's styles cannot reach it.

>>> print(paged_table(("a",), [(Cell("<b>1</b>"),)], caption="1 row"))  # doctest: +ELLIPSIS
<div class="pk-table" id="pk-...">...<td>&lt;b&gt;1&lt;/b&gt;</td>...
"""

from __future__ import annotations

import hashlib
import html
from collections.abc import Sequence
from dataclasses import dataclass

__all__ = ["MAX_ROWS", "PAGE_ROWS", "Cell", "isolated_frame", "paged_table"]

#: Rows per page of a table, and the most rows a table carries (the rest stay in the result, said so).
PAGE_ROWS = 25
MAX_ROWS = 1000
#: What a map's iframe allows: its own scripts, and opening a website link in a new tab (the page opens only
#: http(s) links, on a click). No allow-same-origin: the page cannot reach the notebook.
SANDBOX = "allow-scripts allow-popups allow-popups-to-escape-sandbox"


@dataclass(frozen=True)
class Cell:
    """One table cell: its text and, optionally, a tooltip (the full IRI behind a CURIE) and a CSS class."""

    text: str
    title: str = ""
    css: str = ""


_STYLE = """#{id}{{font-size:12px;line-height:1.35;max-width:100%;overflow-x:auto}}
#{id} .pk-caption{{margin:0 0 4px;color:#555}}
#{id} table{{border-collapse:collapse}}
#{id} th,#{id} td{{border-bottom:1px solid #e3e3e3;padding:2px 8px;text-align:left;vertical-align:top;
max-width:36em;white-space:pre-wrap;overflow-wrap:anywhere}}
#{id} th{{border-bottom:1px solid #999;background:#f6f6f6}}
#{id} td.pk-n,#{id} th.pk-n{{color:#888;text-align:right}}
#{id} td.pk-num{{text-align:right;font-variant-numeric:tabular-nums}}
#{id} .pk-lang{{color:#888}}
#{id}>input{{position:absolute;opacity:0;width:1px;height:1px;margin:0}}
#{id} nav{{margin:4px 0}}
#{id} nav label{{display:inline-block;min-width:1.6em;padding:0 4px;margin:0 1px;border:1px solid #ccc;
border-radius:3px;text-align:center;cursor:pointer}}
#{id} tbody.pk-page{{display:none}}
"""


def _attr(text: str) -> str:
    return html.escape(text, quote=True)


def _cell(cell: Cell) -> str:
    attrs = f' title="{_attr(cell.title)}"' if cell.title else ""
    attrs += f' class="{_attr(cell.css)}"' if cell.css else ""
    return f"<td{attrs}>{html.escape(cell.text, quote=False)}</td>"


def paged_table(header: Sequence[str], rows: Sequence[Sequence[Cell]], *, caption: str,
                page_rows: int = PAGE_ROWS, max_rows: int = MAX_ROWS) -> str:
    """An HTML table of ``rows`` under ``header``, in pages of ``page_rows``, at most ``max_rows`` of them
    (the caption says when there are more); numbered from 1. The id is derived from the content, so the
    same table always gives the same HTML."""
    shown = list(rows[:max_rows]) if max_rows else list(rows)
    if len(shown) < len(rows):
        caption = f"{caption} — the first {len(shown):,} shown"
    body_rows = [
        "<tr>" + f'<td class="pk-n">{i + 1}</td>' + "".join(_cell(c) for c in row) + "</tr>"
        for i, row in enumerate(shown)
    ]
    pages = [body_rows[i:i + page_rows] for i in range(0, len(body_rows), page_rows)] if page_rows > 0 else [body_rows]
    digest = hashlib.sha256("\x1f".join([caption, *header, *body_rows]).encode("utf-8")).hexdigest()[:12]
    ident = f"pk-{digest}"
    style = _STYLE.format(id=ident)
    head = "<thead><tr><th class=\"pk-n\">#</th>" + "".join(f"<th>{html.escape(h, quote=False)}</th>"
                                                             for h in header) + "</tr></thead>"
    parts = [f'<div class="pk-table" id="{ident}">']
    if len(pages) > 1:
        for n in range(1, len(pages) + 1):
            style += (f"#{ident}-p{n}:checked~table .pk-p{n}{{display:table-row-group}}\n"
                      f"#{ident}-p{n}:checked~nav label[for={ident}-p{n}]{{background:#333;color:#fff;"
                      "border-color:#333}\n")
    parts.append(f"<style>{style}</style>")
    parts.append(f'<p class="pk-caption">{html.escape(caption, quote=False)}</p>')
    if len(pages) > 1:
        for n in range(1, len(pages) + 1):
            checked = " checked" if n == 1 else ""
            parts.append(f'<input type="radio" name="{ident}" id="{ident}-p{n}" aria-label="page {n}"{checked}>')
        labels = "".join(f'<label for="{ident}-p{n}">{n}</label>' for n in range(1, len(pages) + 1))
        parts.append(f"<nav>Page {labels}</nav>")
    parts.append(f"<table>{head}")
    for n, page in enumerate(pages, start=1):
        css = f' class="pk-page pk-p{n}"' if len(pages) > 1 else ""
        parts.append(f"<tbody{css}>" + "".join(page) + "</tbody>")
    parts.append("</table></div>")
    return "\n".join(parts)


def isolated_frame(page: str, *, title: str, height: int = 640) -> str:
    """``page`` (a complete HTML document) in a sandboxed ``<iframe srcdoc>``: see the module docstring."""
    return (f'<iframe srcdoc="{_attr(page)}" sandbox="{SANDBOX}" title="{_attr(title)}" '
            f'referrerpolicy="no-referrer" style="width:100%;height:{int(height)}px;border:1px solid #d0d0d0">'
            "</iframe>")
