"""What a diagnosis holds: sections of findings, each finding with the citations it rests on."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from partnerkg.diagnose.render import render
from partnerkg.extras import import_extra

__all__ = ["Citation", "Diagnosis", "Finding", "Section"]


@dataclass(frozen=True)
class Citation:
    """One piece of evidence for a finding: a verbatim ``quote`` of the source file ``source``, or a ``study``
    (or cited work or document) it rests on, with the study's sample sizes as the graph states them."""

    source: str | None = None
    quote: str | None = None
    study: str | None = None
    study_label: str | None = None
    sample_sizes: tuple[str, ...] = ()

    def as_dict(self) -> dict[str, Any]:
        return {"source": self.source, "quote": self.quote, "study": self.study, "study_label": self.study_label,
                "sample_sizes": list(self.sample_sizes)}


@dataclass
class Finding:
    """One item of a section: what (``item``, ``label``), why it applies (``reason``, through ``via``), its
    ``rank`` where the rule ranks (1 the most direct evidence), and its citations."""

    section: str
    item: str | None
    label: str
    reason: str
    via: str | None = None
    rank: int | None = None
    citations: list[Citation] = field(default_factory=list)

    @property
    def cited(self) -> bool:
        """Whether the graph holds a citation of this very finding (a report says so where it holds none)."""
        return bool(self.citations)

    def as_dict(self) -> dict[str, Any]:
        return {"section": self.section, "item": self.item, "label": self.label, "reason": self.reason,
                "via": self.via, "rank": self.rank, "cited": self.cited,
                "citations": [c.as_dict() for c in self.citations]}


@dataclass
class Section:
    """One part of the report: its ``key``, ``heading``, the library query that selects it and its findings."""

    key: str
    heading: str
    query: str
    findings: list[Finding] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {"key": self.key, "heading": self.heading, "query": self.query,
                "findings": [f.as_dict() for f in self.findings]}


@dataclass
class Diagnosis:
    """The diagnosis of one partnership (``iri``, ``label``; ``planned`` when it comes from a plan file)."""

    iri: str
    label: str
    sections: list[Section]
    planned: str | None = None

    @property
    def findings(self) -> list[Finding]:
        return [f for s in self.sections for f in s.findings]

    def section(self, key: str) -> Section:
        return next(s for s in self.sections if s.key == key)

    def quotes(self) -> list[tuple[str, str]]:
        """Every (source file, quote) the report cites, in report order."""
        return [(c.source, c.quote) for f in self.findings for c in f.citations
                if c.source is not None and c.quote is not None]

    def as_dict(self) -> dict[str, Any]:
        return {"partnership": self.iri, "label": self.label, "planned": self.planned,
                "sections": [s.as_dict() for s in self.sections]}

    def report(self, fmt: str = "html") -> str:
        """The report: "html" (one offline, printable page), "markdown" or "json"."""
        return render(self, fmt)

    def to_dataframe(self) -> Any:
        """One row per citation of every finding (a finding without one has a row of its own), in report order:
        section, item, label, reason, via, rank, source, quote, study, study_label, sample_sizes (joined by
        '; ')."""
        pd = import_extra("pandas", extra="notebook", purpose="DataFrames")
        columns = ["section", "item", "label", "reason", "via", "rank", "source", "quote", "study", "study_label",
                   "sample_sizes"]
        rows = []
        for f in self.findings:
            for c in f.citations or [Citation()]:
                rows.append([f.section, f.item, f.label, f.reason, f.via, f.rank, c.source, c.quote, c.study,
                             c.study_label, "; ".join(c.sample_sizes) or None])
        frame = pd.DataFrame(rows, columns=columns)
        frame = frame.astype({c: "string" for c in columns if c != "rank"})
        frame["rank"] = frame["rank"].astype("Int64")
        return frame
