"""Partnership diagnostics (#23): what the evidence in the graph says about one partnership, every item cited.

The rules are the library's ``diagnosis-*`` queries (``queries/library/diagnosis-*.rq``); this package runs
them for a partnership of the graph or a planned one (:mod:`~partnerkg.diagnose.plan`), gathers their rows
into findings (:mod:`~partnerkg.diagnose.findings`: each with its source file, verbatim quote, study and
sample size where the graph has them; :mod:`~partnerkg.diagnose.rules`) and writes the report as JSON,
Markdown or offline HTML (:mod:`~partnerkg.diagnose.render`). No advice is written here: a section without
evidence says only that.
"""

from __future__ import annotations

from partnerkg.diagnose.findings import Citation, Diagnosis, Finding, Section
from partnerkg.diagnose.plan import Plan, read_plan
from partnerkg.diagnose.render import REPORT_FORMATS, render
from partnerkg.diagnose.rules import SECTIONS, diagnose

__all__ = ["REPORT_FORMATS", "SECTIONS", "Citation", "Diagnosis", "Finding", "Plan", "Section", "diagnose",
           "read_plan", "render"]
