// The partnerkg query page. Talks only to its own origin; every piece of text from the server or the
// graph reaches the page through textContent or an attribute, never as markup.
"use strict";

(() => {
  const RESULTS_ACCEPT = "application/sparql-results+json, application/n-triples;q=0.9";
  const FORMATS = {
    select: [["JSON", "application/sparql-results+json", "srj"], ["XML", "application/sparql-results+xml", "srx"],
             ["CSV", "text/csv", "csv"], ["TSV", "text/tab-separated-values", "tsv"]],
    ask: [["JSON", "application/sparql-results+json", "srj"], ["XML", "application/sparql-results+xml", "srx"]],
    graph: [["Turtle", "text/turtle", "ttl"], ["N-Triples", "application/n-triples", "nt"],
            ["JSON-LD", "application/ld+json", "jsonld"], ["RDF/XML", "application/rdf+xml", "rdf"]],
  };
  const PREFIXES = [
    ["pk", "https://w3id.org/partnerkg/ontology#"], ["id", "https://w3id.org/partnerkg/id/"],
    ["org", "http://www.w3.org/ns/org#"], ["prov", "http://www.w3.org/ns/prov#"],
    ["skos", "http://www.w3.org/2004/02/skos/core#"], ["dcterms", "http://purl.org/dc/terms/"],
    ["rdfs", "http://www.w3.org/2000/01/rdf-schema#"], ["rdf", "http://www.w3.org/1999/02/22-rdf-syntax-ns#"],
    ["owl", "http://www.w3.org/2002/07/owl#"], ["xsd", "http://www.w3.org/2001/XMLSchema#"],
    ["foaf", "http://xmlns.com/foaf/0.1/"], ["sd", "http://www.w3.org/ns/sparql-service-description#"],
  ];

  const $ = (id) => document.getElementById(id);
  const el = (tag, text, cls) => {
    const node = document.createElement(tag);
    if (text !== undefined && text !== null) node.textContent = text;
    if (cls) node.className = cls;
    return node;
  };

  const state = { library: [], request: null, controller: null };

  // ---- terms ----------------------------------------------------------------------------------------------

  function compact(iri) {
    for (const [prefix, ns] of PREFIXES) {
      if (iri.startsWith(ns) && iri.length > ns.length) return prefix + ":" + iri.slice(ns.length);
    }
    return "<" + iri + ">";
  }

  function termNode(term) {
    if (!term) return el("span", "", "unbound");
    if (term.type === "uri") {
      const button = el("button", compact(term.value), "iri");
      button.type = "button";
      button.title = "Describe " + term.value;
      button.dataset.iri = term.value;
      return button;
    }
    if (term.type === "bnode") return el("span", "_:" + term.value, "bnode");
    const wrap = el("span", null, "literal");
    wrap.append(el("span", term.value, "lexical"));
    if (term["xml:lang"]) wrap.append(el("span", "@" + term["xml:lang"], "tag"));
    else if (term.datatype) wrap.append(el("span", "^^" + compact(term.datatype), "tag"));
    return wrap;
  }

  // ---- N-Triples (how the page receives CONSTRUCT and DESCRIBE results) ----------------------------------

  const ESCAPES = { t: "\t", b: "\b", n: "\n", r: "\r", f: "\f", '"': '"', "'": "'", "\\": "\\" };

  function unescape(text) {
    return text.replace(/\\(u[0-9A-Fa-f]{4}|U[0-9A-Fa-f]{8}|.)/g, (_, e) =>
      e.length > 1 ? String.fromCodePoint(parseInt(e.slice(1), 16)) : (ESCAPES[e] ?? e));
  }

  function parseNTriples(text) {
    const term = /\s*(?:<([^>]*)>|_:(\S+)|"((?:[^"\\]|\\.)*)"(?:@([A-Za-z0-9-]+)|\^\^<([^>]*)>)?)/y;
    const triples = [];
    for (const raw of text.split("\n")) {
      const line = raw.trim();
      if (!line || line.startsWith("#")) continue;
      term.lastIndex = 0;
      const triple = [];
      for (let i = 0; i < 3; i++) {
        const m = term.exec(line);
        if (!m) throw new Error("unreadable N-Triples line: " + line.slice(0, 120));
        if (m[1] !== undefined) triple.push({ type: "uri", value: unescape(m[1]) });
        else if (m[2] !== undefined) triple.push({ type: "bnode", value: m[2] });
        else {
          const lit = { type: "literal", value: unescape(m[3]) };
          if (m[4]) lit["xml:lang"] = m[4];
          else if (m[5]) lit.datatype = unescape(m[5]);
          triple.push(lit);
        }
      }
      triples.push(triple);
    }
    return triples;
  }

  // ---- showing results ------------------------------------------------------------------------------------

  function clearOutput() {
    for (const id of ["error", "answer", "results", "downloads"]) $(id).hidden = true;
    $("error").textContent = "";
    $("answer").textContent = "";
    $("results").tHead.replaceChildren();
    $("results").tBodies[0].replaceChildren();
    $("download-buttons").replaceChildren();
  }

  function showTable(vars, rows) {
    const head = document.createElement("tr");
    for (const v of vars) head.append(el("th", v, null));
    $("results").tHead.replaceChildren(head);
    const body = document.createDocumentFragment();
    for (const row of rows) {
      const tr = document.createElement("tr");
      for (const v of vars) {
        const td = document.createElement("td");
        td.append(termNode(row[v]));
        tr.append(td);
      }
      body.append(tr);
    }
    $("results").tBodies[0].replaceChildren(body);
    $("results").hidden = false;
  }

  function showDownloads(kind) {
    const buttons = $("download-buttons");
    for (const [label, type, ext] of FORMATS[kind]) {
      const button = el("button", label, "download");
      button.type = "button";
      button.dataset.type = type;
      button.dataset.ext = ext;
      buttons.append(button);
    }
    $("downloads").hidden = false;
  }

  function plural(n, word) {
    return n + " " + word + (n === 1 ? "" : "s");
  }

  async function show(response, elapsed) {
    const type = (response.headers.get("content-type") || "").split(";")[0].trim();
    const text = await response.text();
    if (!response.ok) {
      $("error").textContent = response.status + " " + response.statusText + "\n" + text;
      $("error").hidden = false;
      $("status").textContent = "failed after " + elapsed + " ms";
      return;
    }
    if (type === "application/sparql-results+json") {
      const doc = JSON.parse(text);
      if (typeof doc.boolean === "boolean") {
        $("answer").textContent = "ASK: " + String(doc.boolean);
        $("answer").hidden = false;
        $("status").textContent = "answered in " + elapsed + " ms";
        showDownloads("ask");
        return;
      }
      const rows = doc.results.bindings;
      showTable(doc.head.vars, rows);
      $("status").textContent = plural(rows.length, "row") + " in " + elapsed + " ms";
      showDownloads("select");
      return;
    }
    if (type === "application/n-triples") {
      const triples = parseNTriples(text);
      showTable(["subject", "predicate", "object"],
                triples.map(([s, p, o]) => ({ subject: s, predicate: p, object: o })));
      $("status").textContent = plural(triples.length, "triple") + " in " + elapsed + " ms";
      showDownloads("graph");
      return;
    }
    $("error").textContent = "unexpected answer of type " + type;
    $("error").hidden = false;
  }

  // ---- requests -------------------------------------------------------------------------------------------

  function fetchRequest(request, accept, signal) {
    const headers = { Accept: accept };
    if (request.kind === "library") {
      const params = new URLSearchParams();
      for (const [name, value] of Object.entries(request.params)) if (value !== "") params.append(name, value);
      const query = params.toString();
      return fetch("/queries/" + encodeURIComponent(request.name) + (query ? "?" + query : ""),
                   { headers, signal, credentials: "omit" });
    }
    headers["Content-Type"] = "application/sparql-query";
    return fetch("/sparql", { method: "POST", headers, body: request.text, signal, credentials: "omit" });
  }

  async function run(request) {
    if (state.controller) state.controller.abort();
    const controller = new AbortController();
    state.controller = controller;
    state.request = request;
    clearOutput();
    $("status").textContent = "running…";
    $("run").disabled = true;
    const started = performance.now();
    try {
      const response = await fetchRequest(request, RESULTS_ACCEPT, controller.signal);
      await show(response, Math.round(performance.now() - started));
    } catch (err) {
      if (err.name === "AbortError") return;
      $("error").textContent = String(err.message || err);
      $("error").hidden = false;
      $("status").textContent = "failed";
    } finally {
      if (state.controller === controller) {
        state.controller = null;
        $("run").disabled = false;
      }
    }
  }

  async function download(button) {
    if (!state.request) return;
    const original = button.textContent;
    button.disabled = true;
    button.textContent = original + "…";
    try {
      const response = await fetchRequest(state.request, button.dataset.type);
      if (!response.ok) throw new Error(response.status + " " + (await response.text()));
      const blob = await response.blob();
      const link = el("a", null, null);
      link.href = URL.createObjectURL(blob);
      const base = state.request.kind === "library" ? state.request.name : "results";
      link.download = base + "." + button.dataset.ext;
      document.body.append(link);
      link.click();
      link.remove();
      setTimeout(() => URL.revokeObjectURL(link.href), 10000);
    } catch (err) {
      $("error").textContent = "download failed: " + String(err.message || err);
      $("error").hidden = false;
    } finally {
      button.disabled = false;
      button.textContent = original;
    }
  }

  // ---- the library ----------------------------------------------------------------------------------------

  function selectQuery(query, values = {}) {
    for (const item of $("library-list").querySelectorAll("button.query")) {
      item.setAttribute("aria-pressed", String(item.dataset.name === query.name));
    }
    $("query-title").textContent = query.title;
    $("query-question").textContent = query.question;
    const fields = $("params-fields");
    fields.replaceChildren();
    for (const p of query.params) {
      const id = "param-" + p.name;
      const row = el("div", null, "param");
      const label = el("label", p.name + " (" + p.type + (p.optional ? ", optional" : "") + ")", null);
      label.htmlFor = id;
      const input = document.createElement("input");
      input.id = id;
      input.name = p.name;
      input.value = values[p.name] ?? p.default ?? "";
      input.placeholder = p.optional && p.default === null ? "any" : "";
      row.append(label, input, el("span", p.description, "hint"));
      fields.append(row);
    }
    $("run-library").hidden = query.params.length === 0;
    $("query-info").hidden = false;
    $("editor").value = query.text;
    runLibrary(query);
  }

  function runLibrary(query) {
    const params = {};
    for (const input of $("params-fields").querySelectorAll("input")) params[input.name] = input.value.trim();
    run({ kind: "library", name: query.name, params });
  }

  function renderLibrary() {
    const filter = $("library-filter").value.trim().toLowerCase();
    const list = $("library-list");
    list.replaceChildren();
    for (const query of state.library) {
      const haystack = (query.name + " " + query.title + " " + query.question).toLowerCase();
      if (filter && !haystack.includes(filter)) continue;
      const item = document.createElement("li");
      const button = el("button", null, "query");
      button.type = "button";
      button.dataset.name = query.name;
      button.title = query.question;
      button.setAttribute("aria-pressed", "false");
      button.append(el("span", query.title, "title"), el("span", query.name, "name"));
      item.append(button);
      list.append(item);
    }
  }

  async function loadLibrary() {
    try {
      const response = await fetch("/queries", { headers: { Accept: "application/json" }, credentials: "omit" });
      if (!response.ok) throw new Error(response.status + " " + (await response.text()));
      state.library = await response.json();
      renderLibrary();
      const n = state.library.length;
      $("library-status").textContent = n + (n === 1 ? " query" : " queries");
    } catch (err) {
      $("library-status").textContent = "the library could not be loaded: " + String(err.message || err);
    }
  }

  // ---- wiring ---------------------------------------------------------------------------------------------

  function start() {
    $("endpoint-url").textContent = new URL("/sparql", location.href).href;
    $("run").addEventListener("click", () => {
      $("query-info").hidden = true;
      for (const item of $("library-list").querySelectorAll("button.query")) item.setAttribute("aria-pressed", "false");
      run({ kind: "sparql", text: $("editor").value });
    });
    $("editor").addEventListener("keydown", (event) => {
      if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
        event.preventDefault();
        $("run").click();
      }
    });
    $("params-form").addEventListener("submit", (event) => {
      event.preventDefault();
      const name = $("library-list").querySelector("button.query[aria-pressed=true]")?.dataset.name;
      const query = state.library.find((q) => q.name === name);
      if (query) runLibrary(query);
    });
    $("library-list").addEventListener("click", (event) => {
      const button = event.target.closest("button.query");
      const query = button && state.library.find((q) => q.name === button.dataset.name);
      if (query) selectQuery(query);
    });
    $("library-filter").addEventListener("input", renderLibrary);
    $("results").addEventListener("click", (event) => {
      const button = event.target.closest("button.iri");
      if (!button) return;
      const describe = state.library.find((q) => q.name === "describe-entity");
      if (!describe) return;
      selectQuery(describe, { entity: "<" + button.dataset.iri + ">" });
    });
    $("download-buttons").addEventListener("click", (event) => {
      const button = event.target.closest("button.download");
      if (button) download(button);
    });
    loadLibrary();
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
