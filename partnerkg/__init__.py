"""partnerkg: a knowledge graph of organisations, policies and partnerships in UK health, social care,
criminal justice and the voluntary and community sector.

Open the graph, then ask it things (:class:`KnowledgeGraph`)::

    import partnerkg
    kg = partnerkg.open()                                   # the shipped graph, in memory
    kg = partnerkg.open(store="national/")                  # an on-disk Oxigraph store
    kg = partnerkg.open(data=["ours.ttl"], shipped=False)   # files only
    r = kg.query("partnerships-by-model", model="co-location model")   # a library query
    r = kg.query_text("SELECT ?o WHERE { ?o a pk:Organisation }")       # SPARQL text
    r.vars, r.to_rows(), r.records(), r.serialize("csv"), r.to_dataframe()  # DataFrames: partnerkg[notebook]
    kg.map("organisations", filter={"sector": "voluntary"}).save("voluntary.html")
    kg.map("organisations").to_gexf("for-gephi.gexf"), kg.analyse("organisations").to_dataframe()
    kg.analyse("organisations").report("csv"), kg.validate(), kg.export("turtle", path="kg.ttl")

and the jobs around it: :func:`build`, :func:`docs`, :func:`import_spreadsheets`, :func:`write_templates`, :func:`load`,
:func:`generate`, :func:`serve`. Every error derives from :class:`PartnerKGError`.

>>> import partnerkg
>>> partnerkg.open().query("stage-counts").vars[:2]
('study', 'studyLabel')
"""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version
from typing import TYPE_CHECKING

from partnerkg._exports import lazy_exports

try:
    __version__ = version("partnerkg")
except PackageNotFoundError:  # running from a source tree that is not installed
    __version__ = "0.0.0"

#: Where each public name lives. They are imported on first use, so that ``import partnerkg`` (and with it
#: every ``partnerkg`` command, ``--help`` included) does not pay for rdflib, networkx and the rest up front.
_EXPORTS = {
    "Analysis": "partnerkg.visualise.analysis",
    "BuildResult": "partnerkg.builder",
    "Diagnosis": "partnerkg.diagnose.findings",
    "GeneratedCountry": "partnerkg.graph.synthetic",
    "ImportResult": "partnerkg.spreadsheets.importer",
    "InputError": "partnerkg.errors",
    "InvalidDataError": "partnerkg.errors",
    "KnowledgeGraph": "partnerkg.knowledge_graph",
    "LoadResult": "partnerkg.store.load",
    "Map": "partnerkg.visualise.maps",
    "MissingDependencyError": "partnerkg.errors",
    "OptionError": "partnerkg.errors",
    "PartnerKGError": "partnerkg.errors",
    "QueryError": "partnerkg.errors",
    "QueryResult": "partnerkg.queries.result",
    "UnknownEntityError": "partnerkg.errors",
    "ValidationReport": "partnerkg.ontology.validation",
    "build": "partnerkg.builder",
    "docs": "partnerkg.knowledge_graph",
    "generate": "partnerkg.graph.synthetic",
    "import_spreadsheets": "partnerkg.spreadsheets.importer",
    "load": "partnerkg.store.load",
    "open": "partnerkg.knowledge_graph",
    "serve": "partnerkg.knowledge_graph",
    "write_templates": "partnerkg.spreadsheets.blanks",
}

__all__ = [
    "Analysis",
    "BuildResult",
    "Diagnosis",
    "GeneratedCountry",
    "ImportResult",
    "InputError",
    "InvalidDataError",
    "KnowledgeGraph",
    "LoadResult",
    "Map",
    "MissingDependencyError",
    "OptionError",
    "PartnerKGError",
    "QueryError",
    "QueryResult",
    "UnknownEntityError",
    "ValidationReport",
    "__version__",
    "build",
    "docs",
    "generate",
    "import_spreadsheets",
    "load",
    "open",
    "serve",
    "write_templates",
]


__getattr__, __dir__ = lazy_exports(__name__, _EXPORTS)


if TYPE_CHECKING:
    from partnerkg.builder import BuildResult, build
    from partnerkg.diagnose.findings import Diagnosis
    from partnerkg.errors import (
        InputError,
        InvalidDataError,
        MissingDependencyError,
        OptionError,
        PartnerKGError,
        QueryError,
        UnknownEntityError,
    )
    from partnerkg.graph.synthetic import GeneratedCountry, generate
    from partnerkg.knowledge_graph import KnowledgeGraph, docs, open, serve
    from partnerkg.ontology.validation import ValidationReport
    from partnerkg.queries.result import QueryResult
    from partnerkg.spreadsheets.blanks import write_templates
    from partnerkg.spreadsheets.importer import ImportResult, import_spreadsheets
    from partnerkg.store.load import LoadResult, load
    from partnerkg.visualise.analysis import Analysis
    from partnerkg.visualise.maps import Map
