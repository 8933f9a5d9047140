"""The offline diagnosis reports a build writes beside its maps: one HTML page per partnership and an index.

``partnerkg build`` writes them into ``diagnoses/`` so that a policy team opening the build's maps without a
server can follow a partnership's details panel to its report (:func:`write_reports` returns the file of each
partnership, which the maps link as ``../diagnoses/FILE``). Each report is the page ``partnerkg diagnose``
writes: offline, no script, nothing loaded.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import pyoxigraph as ox
from rdflib import Graph, URIRef

from partnerkg.atomic import atomic_write_bytes
from partnerkg.diagnose.render import partnerships_page
from partnerkg.diagnose.rules import PARTNERSHIP, diagnose
from partnerkg.errors import QueryError
from partnerkg.namespaces import PREFIXES
from partnerkg.queries.catalogue import load_query
from partnerkg.queries.order import ordered_rows, plan_for_text
from partnerkg.queries.result import QueryResult
from partnerkg.queries.runner import run_query
from partnerkg.queries.text import bind_variables
from partnerkg.store.terms import term_converter, to_ox

__all__ = ["DIAGNOSES_MAX", "REPORTS_FOLDER", "report_files", "write_reports"]

#: The folder of a build that holds the reports, beside ``maps/``.
REPORTS_FOLDER = "diagnoses"
#: A build writes reports only for a graph of at most this many partnerships: each takes about half a second
#: here (the shipped graph's 24 in 12 s, up to 55 s when the shared 2-core machine is loaded) and grows with the
#: graph (the similar partnerships compare every partnership), so a national store's thousands would take
#: hours. Above it the build writes none and says so; ``partnerkg serve`` answers ``/diagnose`` for any.
DIAGNOSES_MAX = 100

_SAFE_NAME = re.compile(r"^[a-z0-9](?:[a-z0-9-]{0,78}[a-z0-9])?$")


def report_files(iris: list[str]) -> dict[str, str]:
    """A file name for each partnership IRI: the IRI's last segment where it is a plain slug (``on-track`` →
    ``on-track.html``), else ``partnership-`` and a hash of the IRI; never two alike, never a path.

    >>> report_files(["https://w3id.org/partnerkg/id/partnership/on-track", "urn:x:Odd Name/../"])
    {'https://w3id.org/partnerkg/id/partnership/on-track': 'on-track.html', \
'urn:x:Odd Name/../': 'partnership-4603d1a73733.html'}
    """
    out: dict[str, str] = {}
    taken: set[str] = {"index"}
    for iri in sorted(iris):
        stem = re.split(r"[/#:]", iri.rstrip("/#"))[-1]
        if not _SAFE_NAME.match(stem) or stem in taken:
            stem = "partnership-" + hashlib.sha256(iri.encode("utf-8")).hexdigest()[:12]
        taken.add(stem)
        out[iri] = f"{stem}.html"
    return out


class _Store:
    """The library queries over an in-memory Oxigraph copy of a graph, each partnership's IRI written into the
    text (:func:`partnerkg.queries.text.bind_variables`, as the engine inlines a binding) and the rows put in
    rdflib's order (:mod:`partnerkg.queries.order`), so a report is the one ``partnerkg diagnose`` writes.

    Why not :func:`partnerkg.queries.runner.run_query`: it parses each inlined text again (the safety gate,
    about 1 s a query on the build machine) and rdflib's engine takes 1–2 s for the barriers, facilitators
    and similar partnerships of one partnership; here only the library text is parsed, once (measured on the
    shipped graph: 24 reports in 3 min through run_query, 12 s here).
    """

    def __init__(self, graph: Graph) -> None:
        self.store = ox.Store()
        self.store.bulk_extend(ox.Quad(to_ox(s), to_ox(p), to_ox(o)) for s, p, o in graph.triples((None, None, None)))
        self.prefixes = {prefix: str(ns) for prefix, ns in PREFIXES.items()}

    def run_text(self, text: str, **params: Any) -> QueryResult:
        """Run trusted SPARQL ``text`` with each parameter an ``<IRI>``."""
        bindings: dict[str, URIRef] = {}
        for name, value in params.items():
            if not (isinstance(value, str) and value.startswith("<") and value.endswith(">")):
                raise QueryError(f"{name}={value!r}: a build's reports bind IRIs only, written <IRI>")
            bindings[name] = URIRef(value[1:-1])
        plan = plan_for_text(text)  # parsed once per text; the plan's text has no ORDER BY
        answer = self.store.query(bind_variables(plan.text if plan else text, bindings, self.prefixes),
                                  prefixes=self.prefixes)
        assert isinstance(answer, ox.QuerySolutions)
        names = tuple(v.value for v in answer.variables)
        convert = term_converter()
        if plan is not None:
            rows = ordered_rows(list(answer), names, plan.conditions, plan.offset, plan.limit, convert)
        else:
            rows = [tuple(convert(term) for term in solution) for solution in answer]
        return QueryResult("SELECT", names, rows)

    def run(self, name: str, **params: Any) -> QueryResult:
        """Run the library query ``name``."""
        return self.run_text(load_query(name).text, **params)


def write_reports(graph: Graph, folder: str | Path, *, limit: int = DIAGNOSES_MAX,
                  step: Callable[[str], None] | None = None) -> dict[str, str]:
    """Diagnose every partnership of ``graph`` and write each report as HTML into ``folder``, with an
    ``index.html`` listing them; return the file written for each partnership IRI (relative to ``folder``).

    Writes nothing and returns ``{}`` when ``graph`` holds more than ``limit`` partnerships (``step``, when
    given, is told why). Every file goes through an atomic write.
    """
    # counted on the graph itself (a store's own engine), before any copy: a national store is refused at once
    rows = [(iri, label) for iri, label in run_query(PARTNERSHIP, {}, graph).rows if isinstance(iri, URIRef)]
    labels: Mapping[str, Any] = {str(iri): label for iri, label in rows}
    if len(labels) > limit:
        if step is not None:
            step(f"{len(labels):,} partnerships, more than {limit:,}: no diagnosis reports written "
                 "('partnerkg serve' answers /diagnose for each; --diagnose-url links the maps to it)")
        return {}
    kb = _Store(graph)
    files = report_files(list(labels))
    out = Path(folder)
    for iri, name in files.items():
        report = diagnose(kb.run, kb.run_text, f"<{iri}>").report("html")
        atomic_write_bytes(out / name, report.encode("utf-8"))
    index = partnerships_page([(iri, labels[iri]) for iri in sorted(files, key=lambda i: (str(labels[i]), i))],
                              hrefs=files, home=("../maps/index.html", "Maps"))
    atomic_write_bytes(out / "index.html", index.encode("utf-8"))
    return files
