"""The Python API: open a graph, then query, map, analyse, validate, export, push or serve it.

:func:`open` gives a :class:`KnowledgeGraph` over the shipped graph (in memory, no set-up), over files added
to it or replacing it, over an on-disk Oxigraph store, or over a remote SPARQL endpoint (queries only). The
command line is a thin shell over these methods: ``partnerkg query NAME`` is ``open().query(NAME)``.

Library queries are named, SPARQL text and query files are passed as what they are, never guessed from a
string: :meth:`~KnowledgeGraph.query`, :meth:`~KnowledgeGraph.query_text`, :meth:`~KnowledgeGraph.query_file`.
Query parameters are keyword arguments (``kg.query("ego-network", org="Turning Point")``); a parameter
whose name is also an option of the method goes in ``params={...}``.

>>> import partnerkg
>>> kg = partnerkg.open()
>>> kg.query("stage-counts").vars[:3]
('study', 'studyLabel', 'position')
>>> kg.query("partnerships-by-model", model="co-location model").records()[0]["partnershipLabel"]
'Co-location of an early intervention service in south-west England with a voluntary sector organisation'
>>> kg.query_text("ASK { ?p pk:partnershipModel pk:CoLocationModel }").askAnswer
True
>>> kg.map("policies").graph.number_of_nodes() > 0
True
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rdflib import Dataset, Graph

from partnerkg.atomic import atomic_write_bytes
from partnerkg.errors import InputError, OptionError, option, suggestion
from partnerkg.interop.dump import DEFAULT_SPLIT, LICENSE, DumpResult
from partnerkg.queries.catalogue import Header, load_query, read_query_file
from partnerkg.queries.columnar import Engine
from partnerkg.queries.engine import default_graph
from partnerkg.queries.limits import check_size, within
from partnerkg.queries.result import QueryResult
from partnerkg.queries.runner import reasoned, run_query
from partnerkg.queries.safety import parse_shared
from partnerkg.queries.text import counting, sliced
from partnerkg.rdf_files import RDFFormat
from partnerkg.store.graphs import open_graph
from partnerkg.store.load import memory_store
from partnerkg.store.oxigraph import open_store, oxigraph_of, store_dataset
from partnerkg.visualise.defaults import DEFAULT_MAX_NODES, SEED

# What only some methods need is imported in them: a query need not load the maps, the measures, the
# diagnoses, SHACL and HTTP clients (``partnerkg query`` starts in a third of the time).
if TYPE_CHECKING:
    from partnerkg.diagnose.findings import Diagnosis
    from partnerkg.interop.http import Credentials
    from partnerkg.interop.push import PushResult
    from partnerkg.ontology.validation import ValidationReport
    from partnerkg.queries.fulltext import SearchHit
    from partnerkg.visualise.analysis import Analysis
    from partnerkg.visualise.maps import Map

__all__ = ["EXPORT_FORMATS", "KnowledgeGraph", "docs", "open", "serve"]

#: ``format=`` names of :meth:`KnowledgeGraph.export` and the RDF formats they stand for.
EXPORT_FORMATS: dict[str, RDFFormat] = {
    "turtle": RDFFormat.TURTLE,
    "ntriples": RDFFormat.NTRIPLES,
    "nquads": RDFFormat.NQUADS,
    "trig": RDFFormat.TRIG,
    "jsonld": RDFFormat.JSONLD,
    "rdfxml": RDFFormat.RDFXML,
}


class KnowledgeGraph:
    """A graph to query, diagnose, map, analyse, validate, export, push or serve; made by :func:`open`.

    ``graph`` is the rdflib :class:`~rdflib.Dataset` behind it (default graph = the union of all graphs),
    opened on first use; ``store`` the Oxigraph store folder, ``endpoint`` the remote endpoint's URL, when
    there is one.
    """

    def __init__(self, *, data: Sequence[str | Path] = (), shipped: bool = True, store: str | Path | None = None,
                 in_memory: bool = False, endpoint: str | None = None,
                 credentials: Credentials | None = None) -> None:
        self.data = tuple(Path(p) for p in data)
        self.shipped = shipped
        self.store = Path(store) if store is not None else None
        self.in_memory = in_memory
        self.endpoint = endpoint
        self.credentials = credentials
        self._graph: Dataset | Graph | None = None

    def __repr__(self) -> str:
        if self.endpoint is not None:
            return f"<KnowledgeGraph endpoint={self.endpoint!r}>"
        memory = " in_memory" if self.in_memory else ""
        if self.store is not None:
            return f"<KnowledgeGraph store={str(self.store)!r}{memory}>"
        files = ", ".join(repr(str(p)) for p in self.data)
        return f"<KnowledgeGraph {'shipped' if self.shipped else 'files'}{' + ' + files if files else ''}{memory}>"

    # ---- the data --------------------------------------------------------------------------------------------

    @property
    def graph(self) -> Dataset | Graph:
        """The rdflib view of the data (the shared shipped graph itself when nothing was added: don't modify it)."""
        self._local("the rdflib graph")
        if self._graph is None:
            if self.in_memory:  # an Oxigraph store in RAM: Oxigraph's engine, rows decoded without disk reads
                self._graph = store_dataset(memory_store(self.data, shipped=self.shipped, store=self.store))
            elif self.store is None and not self.data and self.shipped:
                self._graph = default_graph()
            else:
                self._graph = open_graph(self.data, shipped=self.shipped, store=self.store)
        return self._graph

    @property
    def _on_disk(self) -> Path | None:
        """The store folder queries open themselves (in their own process), when the data is read from disk."""
        return self.store if self.store is not None and not self.in_memory else None

    def __len__(self) -> int:
        """The number of triples (quads, over a store)."""
        if self._on_disk is not None:
            return len(open_store(self._on_disk))
        return len(self.graph)

    def _local(self, what: str) -> None:
        if self.endpoint is not None:
            raise InputError(f"{what} needs local data: a remote endpoint ({self.endpoint}) only answers queries")

    # ---- queries ---------------------------------------------------------------------------------------------

    def query(self, name: str, /, params: Mapping[str, Any] | None = None, *, reason: str = "none",
              timeout: float = 0, max_results: int = 0, limit: int | None = None, offset: int = 0,
              total: bool = False, engine: Engine | str = Engine.AUTO, **kwargs: Any) -> QueryResult:
        """Run the library query ``name`` (see :func:`partnerkg.queries.list_queries`) with its parameters.

        ``reason`` ("none", "rdfs", "owlrl") queries the entailment closure with the ontology; ``timeout``
        (seconds) runs the query in a separate process stopped at the deadline (QueryTimeout); ``max_results``
        refuses a bigger result whole (ResultTooLarge); 0 lifts either. ``limit`` and ``offset`` page a SELECT
        (rows ``offset`` to ``offset + limit`` of what the query returns; the engine stops early where it can);
        with ``total`` the result's ``total`` also says how many rows there are in all (counted by the engine,
        without reading them). Over a store ``engine`` picks who answers: ``auto`` (the columnar engine for
        what it answers exactly, Oxigraph for the rest), ``columnar`` or ``oxigraph``; the result's ``engine``
        says which did. Raises QueryError for an unknown query or parameter, UnknownEntityError for a label that
        names nothing.
        """
        library = load_query(name)
        return self._run(library.text, {**(params or {}), **kwargs}, origin=library.origin, header=library.header,
                         strict=True, reason=reason, timeout=timeout, max_results=max_results, limit=limit,
                         offset=offset, total=total, engine=engine)

    def query_text(self, text: str, /, params: Mapping[str, Any] | None = None, *, reason: str = "none",
                   timeout: float = 0, max_results: int = 0, limit: int | None = None, offset: int = 0,
                   total: bool = False, origin: str = "query", engine: Engine | str = Engine.AUTO,
                   **kwargs: Any) -> QueryResult:
        """Run SPARQL ``text``; parameters bind its variables (see :meth:`query` for the options).

        partnerkg's prefixes (``pk:``, ``org:``, ``prov:``, ``skos:``, ``dcterms:``, ``rdfs:``…) are declared.
        SERVICE, FROM, FROM NAMED and updates are refused (QueryError) before anything runs.
        """
        return self._run(text, {**(params or {}), **kwargs}, origin=origin, header=None, strict=False,
                         reason=reason, timeout=timeout, max_results=max_results, limit=limit, offset=offset,
                         total=total, engine=engine)

    def query_file(self, path: str | Path, /, params: Mapping[str, Any] | None = None, *, reason: str = "none",
                   timeout: float = 0, max_results: int = 0, limit: int | None = None, offset: int = 0,
                   total: bool = False, engine: Engine | str = Engine.AUTO, **kwargs: Any) -> QueryResult:
        """Run the query in file ``path`` (messages name the file); see :meth:`query_text`."""
        return self.query_text(read_query_file(path), params, reason=reason, timeout=timeout,
                               max_results=max_results, limit=limit, offset=offset, total=total, origin=str(path),
                               engine=engine, **kwargs)

    def _run(self, text: str, params: Mapping[str, Any], *, origin: str, header: Header | None, strict: bool,
             reason: str, timeout: float, max_results: int, limit: int | None, offset: int,
             total: bool, engine: Engine | str = Engine.AUTO) -> QueryResult:
        tree = parse_shared(text, origin)  # a malformed or refused query fails before any data is read
        if self.endpoint is not None and reason != "none":
            raise OptionError(f"{option('endpoint')} runs the query remotely: leave out {option('reason')}", "reason")
        counter = None
        if limit is not None or offset or total:
            if tree[1].name != "SelectQuery":
                raise OptionError(f"{option('limit')} and {option('offset')} slice SELECT results: this query is a "
                                  f"{tree[1].name.removesuffix('Query').upper()}", "limit")
            if (limit is not None and limit < 0) or offset < 0:
                raise OptionError(f"{option('limit')} and {option('offset')} are counts of rows: 0 or more", "limit")
            counter = counting(text, origin) if total else None
            text = sliced(text, limit, offset)
        graph = self.graph if self.endpoint is None and self._on_disk is None else None  # read before the fork

        def work() -> QueryResult:
            # a store is opened in the query process, never before the fork: RocksDB's threads do not survive it
            def one(query: str) -> QueryResult:
                if self.endpoint is not None:
                    from partnerkg.queries.remote import run_remote

                    return run_remote(query, params, self.endpoint, origin=origin, header=header, strict=strict,
                                      credentials=self.credentials, warn=warnings.append)
                assert target is not None  # local data: the graph read before the fork, or the store opened here
                return run_query(query, params, reasoned(target, reason), origin=origin, header=header,
                                 strict=strict, engine=engine)

            target = graph if graph is not None or self.endpoint is not None else open_graph(store=self._on_disk)
            result = one(text)
            check_size(result, max_results)
            if counter is not None:
                counted = one(counter).rows
                result = replace(result, total=int(counted[0][0]) if counted and counted[0][0] is not None else 0)
            return result

        warnings: list[str] = []
        result = within(timeout, work)
        result.warnings.extend(warnings)
        return result

    # ---- diagnostics -----------------------------------------------------------------------------------------

    def diagnose(self, partnership: str | None = None, /, *, plan: str | Path | None = None) -> Diagnosis:
        """What the evidence in the graph says about ``partnership`` (a label, ``<IRI>`` or identifier such as
        ``on-track``), or about the partnership planned in the filled-in template ``plan`` (CSV or XLSX):
        sections of findings selected by the library's ``diagnosis-*`` queries, each finding with its source,
        study (and sample size) and verbatim quote. ``.to_dataframe()`` has one row per citation;
        :func:`partnerkg.diagnose.render` writes it as HTML, Markdown or JSON.
        """
        from partnerkg.diagnose.plan import read_plan
        from partnerkg.diagnose.rules import diagnose

        if (partnership is None) == (plan is None):
            raise OptionError("name a partnership or give a plan file, one of the two", "plan")
        if plan is None:
            assert partnership is not None
            return diagnose(self.query, self.query_text, partnership)
        self._local("a plan's diagnosis")
        planned = read_plan(plan, self.graph)
        combined = Graph()
        for triple in self.graph.triples((None, None, None)):
            combined.add(triple)
        for triple in planned.graph:
            combined.add(triple)

        def run(name: str, **params: Any) -> QueryResult:
            library = load_query(name)
            return run_query(library.text, params, combined, origin=library.origin, header=library.header,
                             strict=True)

        def run_text(text: str, **params: Any) -> QueryResult:
            return run_query(text, params, combined, origin="query", header=None, strict=False)

        return diagnose(run, run_text, f"<{planned.partnership}>", planned=str(planned.path))

    # ---- full-text search ------------------------------------------------------------------------------------

    def search(self, text: str, *, kind: str | None = None, limit: int = 10) -> list[SearchHit]:
        """Resources whose labels, alternative labels, descriptions or quotes hold every word of ``text``, best
        first (:func:`partnerkg.queries.fulltext.search`; over a store its index file beside the store).

        >>> import partnerkg
        >>> [hit.label for hit in partnerkg.open().search("turning poi", kind="organisation")]
        ['Turning Point']
        """
        self._local("full-text search")
        from partnerkg.queries.fulltext import search

        return search(self.graph, text, kind=kind, limit=limit)

    # ---- networks --------------------------------------------------------------------------------------------

    def map(self, view: str = "organisations", *, filter: Mapping[str, str] | Iterable[str] = (),
            max_nodes: int = DEFAULT_MAX_NODES, aggregate: str = "community", seed: int = SEED,
            diagnose_url: str = "", reports: Mapping[str, str] | None = None) -> Map:
        """A network view ready to draw: ``.html`` (one self-contained offline page), ``.save(path)`` (HTML,
        PNG or SVG by the suffix), ``.graph`` (the networkx graph drawn).

        ``filter`` keeps what matches (``{"sector": "voluntary"}`` or ``["sector=voluntary"]``); above
        ``max_nodes`` the view is folded into groups by ``aggregate`` ("community", "kind"; "off" refuses with
        TooManyNodesError). ``diagnose_url``, the http(s) base of a ``partnerkg serve`` endpoint
        (``"http://127.0.0.1:8000/"``), makes each partnership's details panel link its diagnosis there
        (``diagnose?partnership=<IRI>&format=html``); without it the page links no endpoint. Anything but an
        http(s) address is refused with OptionError. ``reports`` (partnership IRI → the relative address of its
        offline report, e.g. ``{"…/partnership/on-track": "../diagnoses/on-track.html"}`` as ``partnerkg
        build`` writes them) links each panel to that file; only plain relative paths to .html files.
        """
        from partnerkg.visualise.maps import frozen_heap, prepare_map

        self._local("a map")
        with frozen_heap():
            return prepare_map(self.graph, view, filters=filter, max_nodes=max_nodes, aggregate_by=aggregate,
                               seed=seed, diagnose_url=diagnose_url, reports=reports)

    def analyse(self, view: str = "organisations", *, filter: Mapping[str, str] | Iterable[str] = (),
                seed: int = SEED, samples: int | None = None,
                progress: Callable[[str, int, int | None], None] | None = None) -> Analysis:
        """Network measures of a view: degree, betweenness (exact up to 1,000 nodes, else from ``samples``
        sources), statutory–voluntary brokerage, component and Louvain community of every node, and a summary.
        ``.rows`` and ``.summary`` hold them; ``.report(fmt)`` writes a table, CSV or JSON."""
        from partnerkg.visualise.analysis import analyse_view

        self._local("an analysis")
        return analyse_view(self.graph, view, filters=filter, seed=seed, samples=samples, progress=progress)

    # ---- checking and writing ------------------------------------------------------------------------------

    def validate(self, *, owl: bool = True) -> ValidationReport:
        """SHACL (and, with ``owl``, HermiT) over the data together with the ontology; every violation listed."""
        from partnerkg.ontology.validation import validate
        from partnerkg.store.validation import validate_store

        self._local("validation")
        backend = open_store(self._on_disk) if self._on_disk is not None else oxigraph_of(self.graph)
        if backend is not None:  # a store: SHACL in chunks
            return validate_store(backend, owl=owl)
        return validate(self.graph, owl=owl)

    def export(self, format: str = "turtle", path: str | Path | None = None) -> bytes:
        """The data in an RDF ``format`` (turtle, ntriples, nquads, trig, jsonld, rdfxml): the same graph always
        gives the same bytes. With ``path`` they are also written there, all or nothing."""
        self._local("an export")
        try:
            rdf_format = EXPORT_FORMATS[format]
        except KeyError:
            raise OptionError(f"{option('format', repr(format))}: not an export format — use one of "
                              f"{', '.join(EXPORT_FORMATS)}", "format") from None
        from partnerkg.interop.export import serialise

        body = serialise(self.graph, rdf_format)
        if path is not None:
            atomic_write_bytes(path, body)
        return body

    def dump(self, output: str | Path, *, split_triples: int = DEFAULT_SPLIT, graph: str | None = None,
             license: str = LICENSE, force: bool = False, progress: Callable[[int], None] | None = None) -> DumpResult:
        """Write the bulk hand-off kit into the folder ``output`` (replaced whole; files of yours kept: see
        :func:`partnerkg.atomic.atomic_directory`): gzip-compressed N-Quads parts
        of at most ``split_triples`` triples, ``void.ttl`` (VoID and DCAT: counts per class and property, parts,
        sizes, SHA-256, licence, sources), ``SHA256SUMS`` and ``LOADING.md`` (Virtuoso, QLever, Jena, GraphDB,
        Neptune). ``graph`` names the graph the default graph's triples go into; named graphs keep theirs. The
        same data gives the same bytes. A folder holding folders that are not an earlier dump's is refused
        unless ``force``."""
        self._local("a dump")
        from partnerkg.interop.dump import write_dump

        source = f"the store {self.store}" if self.store is not None else (
            "the shipped graph" + (" and " if self.data else "") if self.shipped else "") + \
            ", ".join(p.name for p in self.data)
        return write_dump(self.graph, output, split_triples=split_triples, graph=graph, license=license,
                          source=source, force=force, progress=progress)

    def docs(self, output: str | Path, *, force: bool = False) -> Path:
        """Write the HTML reference of the ontology into the folder ``output`` (replaced whole): ``index.html``
        — every class, property, identifier scheme and individual with its definition, super- and subclasses,
        domain and range and up to three examples from this graph, and the namespaces; self-contained, offline
        — and ``ontology.ttl``. Files of yours in ``output`` are kept; a folder holding folders that are not
        earlier docs' is refused unless ``force`` (:func:`partnerkg.atomic.atomic_directory`)."""
        from partnerkg.atomic import atomic_directory
        from partnerkg.ontology.reference import DOCS_MARKER, write_reference

        data = None if self.endpoint is not None else self.graph
        with atomic_directory(output, marker=DOCS_MARKER, ours=_earlier_docs, force=force,
                              what="partnerkg docs") as folder:
            write_reference(folder, data)
        return Path(output)

    def push(self, endpoint: str, *, graph: str | None = None, credentials: Credentials | None = None,
             batch_size: int = 10_000, append: bool = False, query_endpoint: str | None = None,
             progress: Callable[[int], None] | None = None) -> PushResult:
        """Upload the data to another store through the SPARQL 1.1 Graph Store Protocol and verify its count."""
        from partnerkg.interop.push import push_graph

        self._local("a push")
        return push_graph(self.graph, endpoint, graph_iri=graph, credentials=credentials, batch_size=batch_size,
                          append=append, query_endpoint=query_endpoint, progress=progress)

    def serve(self, *, host: str = "127.0.0.1", port: int = 7878, announce: Callable[[str], None] | None = None,
              **settings: Any) -> None:
        """Serve the data as a read-only SPARQL 1.1 endpoint with a query page until SIGTERM or Ctrl-C.

        ``settings`` are those of :class:`partnerkg.server.app.Settings` (``timeout``, ``max_results``,
        ``max_body``, ``workers``, ``max_memory``, ``cors_origins``…).
        """
        self._local("serving")
        from partnerkg.server.app import Settings, serve  # the web stack, only when a server is wanted

        if self.in_memory:
            raise OptionError(f"{option('in_memory', True)} is for queries in this process: serve a store "
                              f"folder ({option('store')}) or files ({option('data')}) instead", "in_memory")
        graph = None if self.store is not None else self.graph
        serve(graph, Settings(**settings), host=host, port=port, store=self.store, announce=announce)


def open(data: Sequence[str | Path] = (), *, shipped: bool = True, store: str | Path | None = None,
         in_memory: bool = False, endpoint: str | None = None, user: str | None = None,
         password: str | None = None) -> KnowledgeGraph:
    """The knowledge graph to work with.

    By default the shipped graph (ontology and the curated data) in memory. ``data`` adds RDF files to it
    (``shipped=False``: only those files; TriG and N-Quads keep their named graphs); ``store`` opens an on-disk
    Oxigraph store made by :func:`partnerkg.load` instead; ``endpoint`` queries a remote SPARQL endpoint
    (``user``/``password`` for HTTP authentication). ``in_memory`` holds the data in an in-memory Oxigraph
    store — a copy of ``store``, or the files and the shipped graph — so that Oxigraph's engine answers without
    disk reads (several times faster at hundreds of thousands of rows; the data must fit in memory; for
    reasoning and exact datatypes such as ``xsd:nonNegativeInteger`` stay with rdflib). Files are read on first
    use. Raises OptionError for a combination that cannot be met.

    >>> open(store="national/")
    <KnowledgeGraph store='national'>
    """
    if endpoint is not None and in_memory:
        raise OptionError(f"{option('endpoint')} runs the query remotely: leave out {option('in_memory', True)}",
                          "in_memory")
    if endpoint is not None and (data or not shipped or store is not None):
        raise OptionError(f"{option('endpoint')} runs the query remotely: leave out {option('data')}, "
                          f"{option('shipped', False)} and {option('store')}", "endpoint")
    if store is not None and (data or not shipped):
        raise OptionError(f"{option('store', store)} cannot be combined with {option('data')} or "
                          f"{option('shipped', False)}: add files to the store with "
                          + suggestion(f"'partnerkg load FILE --store {store}'",
                                       f"partnerkg.load([FILE], store={str(store)!r})"), "store")
    if not shipped and not data:
        raise OptionError(f"{option('shipped', False)} needs at least one {option('data')} file", "data")
    if password is not None and user is None:
        raise OptionError(f"{option('password')} needs {option('user')}", "password")
    credentials = Credentials(user, password or "") if user is not None else None
    return KnowledgeGraph(data=data, shipped=shipped, store=store, in_memory=in_memory, endpoint=endpoint,
                          credentials=credentials)


def serve(data: Sequence[str | Path] = (), *, shipped: bool = True, store: str | Path | None = None,
          host: str = "127.0.0.1", port: int = 7878, announce: Callable[[str], None] | None = None,
          **settings: Any) -> None:
    """Serve :func:`open`'s graph as a read-only SPARQL 1.1 endpoint until SIGTERM or Ctrl-C (see
    :meth:`KnowledgeGraph.serve`)."""
    open(data, shipped=shipped, store=store).serve(host=host, port=port, announce=announce, **settings)


def _earlier_docs(folder: Path) -> bool:
    return all(e.name in ("index.html", "ontology.ttl") for e in folder.iterdir())


def docs(output: str | Path, data: Sequence[str | Path] = (), *, shipped: bool = True,
         store: str | Path | None = None, force: bool = False) -> Path:
    """Write the HTML reference of the ontology, with examples from :func:`open`'s graph, into the folder
    ``output`` (see :meth:`KnowledgeGraph.docs`)."""
    return open(data, shipped=shipped, store=store).docs(output, force=force)
