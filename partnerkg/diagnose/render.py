"""A diagnosis as a report: JSON (the findings as data), Markdown, or one offline printable HTML page.

Every value is escaped (Markdown's special characters, HTML through Jinja2's autoescape); quotes are
written as the graph holds them. The page needs no network: no script, its stylesheet inline.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from enum import StrEnum
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from jinja2 import Environment, PackageLoader, StrictUndefined

from partnerkg.errors import OptionError, option

if TYPE_CHECKING:  # findings.py imports this module for Diagnosis.report
    from partnerkg.diagnose.findings import Citation, Diagnosis, Finding

__all__ = ["NO_EVIDENCE", "REPORT_FORMATS", "UNCITED", "ReportFormat", "partnerships_page", "render"]

#: What a section without findings says.
NO_EVIDENCE = "The graph holds no evidence for this section."
#: What a finding without a citation of its own says (no other quote is borrowed for it).
UNCITED = "Uncited: the graph holds no quote, study or spreadsheet row that states this."


class ReportFormat(StrEnum):
    """The formats of a report."""

    HTML = "html"
    MARKDOWN = "markdown"
    JSON = "json"


REPORT_FORMATS = tuple(f.value for f in ReportFormat)

_environment = Environment(loader=PackageLoader("partnerkg.diagnose", "templates"), autoescape=True,
                           undefined=StrictUndefined, keep_trailing_newline=True)


def _md(text: str | None) -> str:
    """``text`` with Markdown's special characters escaped and its line breaks as spaces."""
    if text is None:
        return ""
    return re.sub(r"([\\`*_\[\]<>#|~&])", r"\\\1", re.sub(r"\s+", " ", text))


def _citation_md(c: Citation) -> str:
    parts = []
    if c.quote is not None:
        parts.append(f"“{_md(c.quote)}” ({_md(c.source)})")
    elif c.source is not None:
        parts.append(_md(c.source))
    if c.study is not None:
        parts.append(f"study: {_md(c.study_label or c.study)}")
        if c.sample_sizes:
            parts.append("sample: " + "; ".join(_md(s) for s in c.sample_sizes))
    return " — ".join(parts)


def _finding_md(f: Finding) -> list[str]:
    head = f"- **{_md(f.label)}** — {_md(f.reason)}" if f.label else f"- {_md(f.reason)}"
    if f.via:
        head += f" ({_md(f.via)})"
    if f.rank is not None:
        head += f" \\[rank {f.rank}\\]"
    lines = [head]
    lines += [f"  - {_citation_md(c)}" for c in f.citations] or [f"  - {UNCITED}"]
    return lines


def markdown(d: Diagnosis) -> str:
    """The report in Markdown."""
    lines = [f"# Diagnosis: {_md(d.label)}", "", f"<{d.iri}>" if not d.planned else f"Planned: {_md(d.planned)}", ""]
    for s in d.sections:
        lines += [f"## {_md(s.heading)}", "", f"Query: `{s.query}`", ""]
        if not s.findings:
            lines += [NO_EVIDENCE, ""]
            continue
        for f in s.findings:
            lines += _finding_md(f)
        lines.append("")
    return "\n".join(lines)


def html(d: Diagnosis) -> str:
    """The report as one offline, printable HTML page."""
    return _environment.get_template("report.html").render(d=d, no_evidence=NO_EVIDENCE, uncited=UNCITED)


def partnerships_page(rows: list[tuple[Any, ...]], *, hrefs: Mapping[str, str] | None = None,
                      home: tuple[str, str] = ("/", "Query page")) -> str:
    """A page of partnerships to diagnose: (IRI, label) rows, each a link to its report — the endpoint's
    ``/diagnose`` page, or with ``hrefs`` (IRI → relative file) a build's offline reports — and a link
    ``home`` (address, text) back."""
    links = [(hrefs[str(iri)] if hrefs is not None else
              f"/diagnose?partnership={quote('<' + str(iri) + '>', safe='')}", str(label) if label else str(iri))
             for iri, label in rows]
    return _environment.get_template("partnerships.html").render(links=links, home=home)


def render(d: Diagnosis, fmt: str = "html") -> str:
    """The report of ``d`` in ``fmt`` ("html", "markdown" or "json")."""
    try:
        kind = ReportFormat(fmt)
    except ValueError:
        raise OptionError(f"{option('format', repr(fmt))}: not a report format — use one of "
                          f"{', '.join(REPORT_FORMATS)}", "format") from None
    if kind is ReportFormat.JSON:
        return json.dumps(d.as_dict(), ensure_ascii=False, indent=2) + "\n"
    if kind is ReportFormat.MARKDOWN:
        return markdown(d)
    return html(d)
