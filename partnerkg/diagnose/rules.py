"""The rules of a diagnosis: which library query fills which section, and how its rows become findings.

Every section is one named query of the library (``queries/library/diagnosis-*.rq``) run with the
partnership as its ``partnership`` parameter; the sample sizes of the studies cited come from
``diagnosis-samples``. Adding evidence to the graph changes the findings, not this module.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from rdflib import Literal, URIRef

from partnerkg.diagnose.findings import Citation, Diagnosis, Finding, Section
from partnerkg.errors import UnknownEntityError
from partnerkg.namespaces import ID
from partnerkg.queries.result import QueryResult

__all__ = ["SECTIONS", "SectionRule", "diagnose", "resolve"]

Run = Callable[..., QueryResult]


@dataclass(frozen=True)
class SectionRule:
    """A section of the report: its key, heading, query, and the columns of the query's rows that name the
    item, its label, the reason it applies (a column or a fixed word), what the reason goes through and its
    rank."""

    key: str
    heading: str
    query: str
    item: str
    label: str
    reason: str
    via: str | None = None
    rank: str | None = None


#: The sections of a report, in order.
SECTIONS: tuple[SectionRule, ...] = (
    SectionRule("partnership", "The partnership", "diagnosis-partnership", "value", "valueLabel", "aspect"),
    SectionRule("model", "Its partnership model: advantages and disadvantages", "diagnosis-model", "item",
                "itemLabel", "aspect", via="model"),
    SectionRule("stage", "Its life-cycle stage and the next", "diagnosis-stage", "item", "itemLabel", "aspect",
                via="stage", rank="stageNumber"),
    SectionRule("barriers", "Barriers research found for partnerships like it", "diagnosis-barriers", "barrier",
                "barrierLabel", "reason", via="via", rank="rank"),
    SectionRule("facilitators", "Facilitators it lacks", "diagnosis-facilitators", "facilitator",
                "facilitatorLabel", "reason", via="via", rank="rank"),
    SectionRule("policies", "Policies that require, encourage or fund it", "diagnosis-policies", "policy",
                "policyLabel", "relationLabel", via="target"),
    SectionRule("similar", "The most similar partnerships, and what happened to them", "diagnosis-similar",
                "other", "otherLabel", "aspect", via="item", rank="shared"),
)


def _records(result: QueryResult) -> list[dict[str, Any]]:
    """The rows as dicts of their bound RDF terms."""
    return [{v: t for v, t in zip(result.vars, row, strict=True) if t is not None} for row in result.rows]


def _text(value: Any) -> str | None:
    return None if value is None else str(value)


def _sample_sizes(run: Run) -> dict[str, tuple[str, ...]]:
    """The sample-size labels of every study and study phase, by IRI (a study's own and its phases')."""
    out: dict[str, list[str]] = {}
    for r in _records(run("diagnosis-samples")):
        for key in {str(r["study"]), str(r["of"])}:
            label = str(r["sampleLabel"]) if r["sampleLabel"] is not None else f"{r['value']} {r['unit']}"
            if label not in out.setdefault(key, []):
                out[key].append(label)
    return {k: tuple(v) for k, v in out.items()}


def _label(record: dict[str, Any], rule: SectionRule) -> str:
    if record.get(rule.label) is not None:
        return str(record[rule.label])
    value = record.get(rule.item)
    if rule.key == "partnership" and isinstance(value, Literal):
        return str(value)  # the sector mix, a boolean: the value is its own label
    return _text(value) or ""


def _reason(record: dict[str, Any], rule: SectionRule) -> str:
    reason = _text(record.get(rule.reason)) or ""
    if rule.key == "similar":
        return reason or "partnership"
    if rule.key == "stage":
        return f"{record['position']}: {reason}"
    return reason


def _via(record: dict[str, Any], rule: SectionRule) -> str | None:
    if rule.via is None:
        return None
    for column in (f"{rule.via}Label", "stageLabel" if rule.key == "stage" else "", "modelLabel"
                   if rule.key == "model" else "", "targetLabel" if rule.key == "policies" else "",
                   "itemLabel" if rule.key == "similar" else "", rule.via):
        if column and record.get(column) is not None:
            return str(record[column])
    return None


def _section(rule: SectionRule, records: list[dict[str, Any]], samples: dict[str, tuple[str, ...]]) -> Section:
    section = Section(rule.key, rule.heading, rule.query)
    by_key: dict[tuple[Any, ...], Finding] = {}
    for r in records:
        if rule.key == "partnership" and str(r["aspect"]) in ("quote", "spreadsheet row"):
            key: tuple[Any, ...] = ("about", None, None)
            if key not in by_key:
                by_key[key] = Finding(rule.key, None, "", "described in its sources")
                section.findings.append(by_key[key])
        else:
            item = _text(r.get(rule.item))
            reason, via = _reason(r, rule), _via(r, rule)
            key = (item, reason, via)
            if key not in by_key:
                rank = r.get(rule.rank) if rule.rank else None
                by_key[key] = Finding(rule.key, item if isinstance(r.get(rule.item), URIRef) else None,
                                      _label(r, rule), reason, via, int(rank) if rank is not None else None)
                section.findings.append(by_key[key])
        finding = by_key[key]
        citation = None
        if r.get("quote") is not None:
            citation = Citation(source=str(r["fileName"]), quote=str(r["quote"]))
            # the quote of a fact about a partnership is cited with the study that observed it (?study)
            if r.get("study") is not None:
                study = Citation(study=str(r["study"]), study_label=_text(r.get("studyLabel")),
                                 sample_sizes=samples.get(str(r["study"]), ()))
                if citation not in finding.citations:
                    finding.citations.append(citation)
                citation = study
        elif r.get("evidence") is not None:
            evidence = str(r["evidence"])
            citation = Citation(study=evidence, study_label=_text(r.get("evidenceLabel")),
                                sample_sizes=samples.get(evidence, ()))
        elif rule.key == "partnership" and str(r["aspect"]) == "observed in":
            citation = Citation(study=str(r["value"]), study_label=_text(r.get("valueLabel")),
                                sample_sizes=samples.get(str(r["value"]), ()))
        elif r.get("row") is not None:
            citation = Citation(source=f"{r['fileName']}, row {r['row']}")
        if citation is not None and citation not in finding.citations:
            finding.citations.append(citation)
    return section


PARTNERSHIP = """SELECT ?partnership ?label WHERE {
  ?partnership a/rdfs:subClassOf* pk:Partnership . OPTIONAL { ?partnership rdfs:label ?label }
} ORDER BY ?label"""


def resolve(run_text: Run, partnership: str) -> tuple[URIRef, str]:
    """The IRI and label of the partnership that ``partnership`` names: a label, an ``<IRI>`` or the
    identifier at the end of its IRI (``on-track`` for ``…/id/partnership/on-track``)."""
    try:
        rows = run_text(PARTNERSHIP, partnership=partnership).rows
    except UnknownEntityError as err:
        rows = []
        if re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", partnership):
            try:
                rows = run_text(PARTNERSHIP, partnership=f"<{ID['partnership/' + partnership]}>").rows
            except UnknownEntityError:
                rows = []
        if not rows:
            raise UnknownEntityError(f"{partnership!r} is neither the label, the IRI nor the identifier of a "
                                     "partnership in the graph ('partnerkg query partnerships-by-model' lists "
                                     "them)") from err
    if not rows:
        raise UnknownEntityError(f"{partnership!r} names something that is not a pk:Partnership")
    iri, label = rows[0]
    assert isinstance(iri, URIRef)
    return iri, str(label) if label is not None else str(iri)


def diagnose(run: Run, run_text: Run, partnership: str, *, planned: str | None = None) -> Diagnosis:
    """The diagnosis of ``partnership`` (a label, ``<IRI>`` or identifier), with ``run(name, **params)``
    running library queries and ``run_text(text, **params)`` SPARQL text on the graph (``KnowledgeGraph.query``
    and ``query_text``); ``planned`` names the plan file the partnership comes from."""
    iri, label = resolve(run_text, partnership)
    samples = _sample_sizes(run)
    sections = [_section(rule, _records(run(rule.query, partnership=f"<{iri}>")), samples) for rule in SECTIONS]
    return Diagnosis(str(iri), label, sections, planned)
