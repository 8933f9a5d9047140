"""Checking that every quote is a verbatim span of the source text its derivation names.

The comparison is the one of ``shared/tools/check_quotes.py``: runs of whitespace collapse to one space,
nothing else changes, and a quote has at least 20 characters.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from rdflib import Graph
from rdflib.namespace import DCTERMS, PROV

from partnerkg.namespaces import PK

__all__ = ["MIN_QUOTE_LENGTH", "QuoteProblem", "check_quotes", "squash"]

MIN_QUOTE_LENGTH = 20


def squash(text: str) -> str:
    """Collapse every run of whitespace to one space and strip the ends."""
    return re.sub(r"\s+", " ", text).strip()


@dataclass(frozen=True)
class QuoteProblem:
    subject: str
    source: str
    quote: str
    problem: str

    def __str__(self) -> str:
        return f"{self.subject}: {self.problem}: {self.quote[:160]!r} (source {self.source})"


def check_quotes(graph: Graph, seeds_dir: str | Path) -> list[QuoteProblem]:
    """Return every quote in ``graph`` that is too short or not verbatim in its own source file."""
    texts = {p.name: squash(p.read_text(encoding="utf-8")) for p in sorted(Path(seeds_dir).glob("*.txt"))}
    problems: list[QuoteProblem] = []
    for subject, node in graph.subject_objects(PROV.qualifiedDerivation):
        for quote in graph.objects(node, PK.quote):
            q = squash(str(quote))
            files = sorted(
                str(i) for e in graph.objects(node, PROV.entity) for i in graph.objects(e, DCTERMS.identifier)
            )
            label = ", ".join(files) or "?"
            if len(q) < MIN_QUOTE_LENGTH:
                problems.append(QuoteProblem(str(subject), label, q, f"shorter than {MIN_QUOTE_LENGTH} characters"))
            elif not any(f in texts for f in files):
                problems.append(QuoteProblem(str(subject), label, q, "its source is not one of the source files"))
            elif not any(q in texts[f] for f in files if f in texts):
                problems.append(QuoteProblem(str(subject), label, q, "not verbatim in its source"))
    return sorted(problems, key=lambda p: (p.subject, p.quote))
