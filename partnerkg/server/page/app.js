// The partnerkg query page. Talks only to its own origin; every piece of text from the server, the graph,
// the address bar or this browser's history reaches the page through textContent or an attribute, never as
// markup. The editor is CodeMirror 6 (vendor/editor.js, global PartnerkgEditor); format.js formats queries
// and table.js shows results (global PartnerkgPage).
"use strict";

(() => {
  const E = globalThis.PartnerkgEditor;
  const P = globalThis.PartnerkgPage;
  // The nonce this response's CSP allows for the editor's one <style> element (read while this script runs).
  const STYLE_NONCE = document.currentScript ? document.currentScript.nonce : "";
  const RESULTS_ACCEPT = "application/sparql-results+json, application/n-triples;q=0.9";
  const FORMATS = {
    select: [["JSON", "application/sparql-results+json", "srj"], ["XML", "application/sparql-results+xml", "srx"],
             ["CSV", "text/csv", "csv"], ["TSV", "text/tab-separated-values", "tsv"]],
    ask: [["JSON", "application/sparql-results+json", "srj"], ["XML", "application/sparql-results+xml", "srx"]],
    graph: [["Turtle", "text/turtle", "ttl"], ["N-Triples", "application/n-triples", "nt"],
            ["JSON-LD", "application/ld+json", "jsonld"], ["RDF/XML", "application/rdf+xml", "rdf"]],
  };
  const HISTORY_KEY = "partnerkg.history.v1";
  const HISTORY_SIZE = 50;
  const HISTORY_TEXT = 100000;  // longer queries are run but not remembered
  // SPARQL's keywords, offered by the completion
  const KEYWORDS = ("SELECT CONSTRUCT DESCRIBE ASK WHERE PREFIX BASE DISTINCT REDUCED OPTIONAL FILTER BIND VALUES " +
    "UNION MINUS GRAPH GROUP BY ORDER ASC DESC HAVING LIMIT OFFSET AS NOT EXISTS IN UNDEF COUNT SUM MIN MAX AVG " +
    "SAMPLE GROUP_CONCAT SEPARATOR STR LANG LANGMATCHES DATATYPE BOUND IRI URI BNODE RAND ABS CEIL FLOOR ROUND " +
    "CONCAT STRLEN UCASE LCASE ENCODE_FOR_URI CONTAINS STRSTARTS STRENDS STRBEFORE STRAFTER YEAR MONTH DAY HOURS " +
    "MINUTES SECONDS TIMEZONE TZ NOW UUID STRUUID MD5 SHA1 SHA256 SHA384 SHA512 COALESCE IF STRLANG STRDT " +
    "sameTerm isIRI isURI isBlank isLiteral isNumeric REGEX SUBSTR REPLACE").split(" ");

  const $ = (id) => document.getElementById(id);
  const el = (tag, text, cls) => {
    const node = document.createElement(tag);
    if (text !== undefined && text !== null) node.textContent = text;
    if (cls) node.className = cls;
    return node;
  };

  const state = { library: [], request: null, controller: null, vocabulary: null, selected: null, table: null,
                  editor: null };

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

  // ---- the editor ---------------------------------------------------------------------------------------

  // A text area stands in when the editor component is missing; both are used through these three functions.
  function editorText() {
    return state.editor ? state.editor.state.doc.toString() : $("editor-fallback").value;
  }

  function setEditorText(text) {
    if (state.editor) {
      state.editor.dispatch({ changes: { from: 0, to: state.editor.state.doc.length, insert: text },
                              selection: { anchor: 0 } });
    } else {
      $("editor-fallback").value = text;
    }
  }

  function setCheck(kind, text) {
    $("check").className = "hint check-" + kind;
    $("check").textContent = text;
  }

  // from..to of the fault the server placed at line and column (1-based; either may be null)
  function faultRange(doc, line, column) {
    const l = doc.line(Math.min(Math.max(1, line || 1), doc.lines));
    if (!line || !column) return { from: l.from, to: Math.max(l.from, l.to) };
    let from = Math.min(l.from + column - 1, l.to);
    if (from === l.to && from > l.from) from--;  // at the end of the line: mark its last character
    let to = from;
    const text = doc.sliceString(from, l.to);
    const word = /^[^\s{}();,]+/.exec(text);
    to = from + (word ? word[0].length : Math.min(1, text.length));
    return { from, to };
  }

  // the check as you type: the server's verdict (POST /sparql/check) as a diagnostic at its line and column
  async function checkSource(view) {
    const text = view.state.doc.toString();
    if (!text.trim()) {
      setCheck("none", "");
      return [];
    }
    let verdict;
    try {
      const response = await fetch("/sparql/check", {
        method: "POST", body: text, credentials: "omit",
        headers: { "Content-Type": "application/sparql-query", Accept: "application/json" },
      });
      if (!response.ok) {
        setCheck("unknown", "not checked: " + response.status + " " + (await response.text()).trim());
        return [];
      }
      verdict = await response.json();
    } catch (err) {
      setCheck("unknown", "not checked: " + String(err.message || err));
      return [];
    }
    if (view.state.doc.toString() !== text) return [];
    if (verdict.valid) {
      setCheck("ok", "✓ a " + verdict.form + " query the endpoint accepts");
      return [];
    }
    const where = verdict.line ? "line " + verdict.line + (verdict.column ? ", column " + verdict.column : "") + ": "
                               : "";
    setCheck("error", "✗ " + where + verdict.message);
    const range = faultRange(view.state.doc, verdict.line, verdict.column);
    return [{ from: range.from, to: range.to, severity: "error", message: verdict.message,
              source: verdict.status === 403 ? "read-only endpoint" : "SPARQL" }];
  }

  // ---- completion ---------------------------------------------------------------------------------------

  function infoNode(term) {
    return () => {
      const box = el("div", null, "completion-info");
      if (term.label) box.append(el("strong", term.label, null));
      if (term.description) box.append(el("p", term.description, null));
      box.append(el("code", term.iri, null));
      const facts = [term.ontology ? "in the partnerkg ontology" : "used in the data"];
      if (term.uses) facts.push(term.uses.toLocaleString("en") + (term.kind === "class" ? " instances" : " triples"));
      box.append(el("p", facts.join(" · "), "hint"));
      return box;
    };
  }

  const TYPES = { class: "class", property: "property", individual: "constant" };

  function termOptions(classContext, asIri) {
    const terms = state.vocabulary ? state.vocabulary.terms : [];
    return terms.filter((t) => asIri || t.curie).map((t) => {
      let boost = t.ontology ? 2 : 0;
      if (t.uses) boost += Math.min(8, Math.log10(1 + t.uses) * 2);
      if (classContext) boost += t.kind === "class" ? 40 : -20;
      else if (t.kind === "property") boost += 10;
      return { label: asIri ? "<" + t.iri + ">" : t.curie, type: TYPES[t.kind] || "variable",
               detail: t.label || t.kind, info: infoNode(t), boost: Math.round(Math.max(-99, Math.min(99, boost))) };
    });
  }

  function prefixOptions(declaration) {
    const prefixes = state.vocabulary ? state.vocabulary.prefixes : [];
    return prefixes.map((p) => ({
      label: p.prefix + ":", type: "namespace", detail: p.namespace,
      apply: declaration ? p.prefix + ": <" + p.namespace + ">" : p.prefix + ":",
      info: declaration ? undefined : "predeclared by this endpoint: " + p.namespace,
    }));
  }

  function variableOptions(text) {
    const names = new Set(text.match(/[?$][A-Za-z0-9_\u00B7\u00C0-\uFFFF]+/g) || []);
    return [...names].map((v) => ({ label: "?" + v.slice(1), type: "variable" }));
  }

  function completeSparql(context) {
    const node = E.syntaxTree(context.state).resolveInner(context.pos, -1);
    for (let n = node; n; n = n.parent) if (n.name === "Comment" || n.name === "String") return null;
    const before = context.state.sliceDoc(Math.max(0, context.pos - 500), context.pos);
    let m = /\bPREFIX\s+([A-Za-z][\w\-.]*)?$/i.exec(before);
    if (m) return { from: context.pos - (m[1] || "").length, options: prefixOptions(true), validFor: /^[\w\-.]*$/ };
    m = /[?$][A-Za-z0-9_\u00B7\u00C0-\uFFFF]*$/.exec(before);
    if (m) {
      const current = m[0];
      const options = variableOptions(context.state.doc.toString()).filter((o) => o.label.slice(1) !== current.slice(1));
      return { from: context.pos - current.length, options, validFor: /^[?$][\w]*$/ };
    }
    m = /<[^<>"{}|^`\\\s]*$/.exec(before);
    if (m) return { from: context.pos - m[0].length, options: termOptions(false, true), validFor: /^<[^<>"{}|^`\\\s]*$/ };
    m = /(?:[A-Za-z_\u00C0-\uFFFF][\w\-.]*)?:?[\w\-.]*$/.exec(before);
    const word = m ? m[0] : "";
    if (!word && !context.explicit) return null;
    const classContext = /(?:^|[\s;{.])(?:a|rdf:type)\s+$/.test(before.slice(0, before.length - word.length));
    const options = termOptions(classContext, false);
    if (!word.includes(":")) {
      options.push(...prefixOptions(false));
      options.push(...KEYWORDS.map((k) => ({ label: k, type: "keyword", boost: -10 })));
    }
    return { from: context.pos - word.length, options, validFor: /^[\w\-.:]*$/ };
  }

  async function loadVocabulary() {
    try {
      const response = await fetch("/vocabulary", { headers: { Accept: "application/json" }, credentials: "omit" });
      if (!response.ok) throw new Error(response.status + " " + (await response.text()));
      state.vocabulary = await response.json();
      P.setPrefixes(state.vocabulary.prefixes);
    } catch (err) {
      state.vocabulary = { prefixes: [], terms: [] };
      setCheck("unknown", "completion is unavailable: " + String(err.message || err));
    }
  }

  // ---- format -------------------------------------------------------------------------------------------

  function formatEditor() {
    const text = editorText();
    const formatted = P.formatSparql(text);
    if (formatted !== text) setEditorText(formatted);
    if (state.editor) state.editor.focus();
    return true;
  }

  function makeEditor() {
    const fallback = $("editor-fallback");
    if (!E) return;  // the text area stays
    const keys = [
      { key: "Mod-Enter", run: () => { $("run").click(); return true; } },
      { key: "Shift-Alt-f", run: formatEditor },
    ];
    state.editor = new E.EditorView({
      parent: $("editor"),
      state: E.EditorState.create({
        doc: fallback.value,
        extensions: [
          E.lineNumbers(), E.highlightActiveLineGutter(), E.highlightSpecialChars(), E.history(), E.drawSelection(),
          E.indentOnInput(), E.bracketMatching(), E.closeBrackets(), E.highlightActiveLine(),
          E.highlightSelectionMatches(), E.syntaxHighlighting(E.classHighlighter), E.sparql(),
          E.autocompletion({ override: [completeSparql], icons: false }),
          E.linter(checkSource, { delay: 350 }), E.lintGutter(),
          E.keymap.of([...keys, ...E.closeBracketsKeymap, ...E.defaultKeymap, ...E.searchKeymap,
                       ...E.historyKeymap, ...E.completionKeymap, ...E.lintKeymap]),
          E.EditorView.cspNonce.of(STYLE_NONCE),
          E.EditorView.contentAttributes.of({ "aria-labelledby": "editor-label", "aria-describedby": "editor-help" }),
        ],
      }),
    });
    fallback.remove();
    $("editor-label").removeAttribute("for");
  }

  // ---- the shareable address: #query=TEXT, #library=NAME&PARAM=VALUE… or #find=TEXT -----------------------

  function requestHash(request) {
    const params = new URLSearchParams();
    if (request.kind === "find") {
      params.set("find", request.text);
    } else if (request.kind === "library") {
      params.set("library", request.name);
      for (const [name, value] of Object.entries(request.params)) if (value !== "") params.set(name, value);
    } else {
      params.set("query", request.text);
    }
    return "#" + params.toString();
  }

  function currentRequest() {
    const query = state.selected;
    if (query && editorText() === query.text) return { kind: "library", name: query.name, params: formParams() };
    return { kind: "sparql", text: editorText() };
  }

  function restoreFromHash() {
    const params = new URLSearchParams(location.hash.slice(1));
    if (params.has("library")) {
      const query = state.library.find((q) => q.name === params.get("library"));
      if (!query) return false;
      const values = {};
      for (const p of query.params) if (params.has(p.name)) values[p.name] = params.get(p.name);
      selectQuery(query, values);
      return true;
    }
    if (params.has("find")) {
      $("find-text").value = params.get("find");
      deselect();
      run({ kind: "find", text: params.get("find") });
      return true;
    }
    if (params.has("query")) {
      deselect();
      setEditorText(params.get("query"));
      run({ kind: "sparql", text: params.get("query") });
      return true;
    }
    return false;
  }

  async function share() {
    const url = new URL(location.href);
    url.hash = requestHash(currentRequest());
    history.replaceState(null, "", url.href);
    try {
      await navigator.clipboard.writeText(url.href);
      $("status").textContent = "link copied";
    } catch {
      $("status").textContent = "the link is in the address bar";
    }
  }

  // ---- history (this browser's localStorage only) -------------------------------------------------------

  function readHistory() {
    try {
      const entries = JSON.parse(localStorage.getItem(HISTORY_KEY) || "[]");
      return Array.isArray(entries) ? entries.filter((e) => e && typeof e.text === "string") : [];
    } catch {
      return [];
    }
  }

  function remember(request) {
    if (request.kind === "find") return;  // a search is no query to edit again
    const text = request.kind === "library" ? (state.selected ? state.selected.text : "") : request.text;
    if (text.length > HISTORY_TEXT) return;
    const entry = { kind: request.kind, text, name: request.name || null, params: request.params || null,
                    at: new Date().toISOString() };
    const key = (e) => JSON.stringify([e.kind, e.kind === "library" ? e.name : e.text, e.params]);
    const entries = [entry, ...readHistory().filter((e) => key(e) !== key(entry))].slice(0, HISTORY_SIZE);
    try {
      localStorage.setItem(HISTORY_KEY, JSON.stringify(entries));
    } catch {
      // storage full or switched off: the page works without history
    }
    renderHistory();
  }

  function historyTitle(entry) {
    if (entry.kind === "library") {
      const args = Object.entries(entry.params || {}).filter(([, v]) => v !== "").map(([k, v]) => k + "=" + v);
      return entry.name + (args.length ? " (" + args.join(", ") + ")" : "");
    }
    const lines = entry.text.split("\n").map((l) => l.trim());
    const title = lines.find((l) => /^#\s*Title:/i.test(l));
    if (title) return title.replace(/^#\s*Title:\s*/i, "");
    return lines.find((l) => l && !l.startsWith("#") && !/^PREFIX\b/i.test(l)) || lines.find(Boolean) || "(empty)";
  }

  function renderHistory() {
    const entries = readHistory();
    const list = $("history-list");
    list.replaceChildren();
    entries.forEach((entry, i) => {
      const item = document.createElement("li");
      const button = el("button", null, "history");
      button.type = "button";
      button.dataset.index = String(i);
      button.title = entry.text.slice(0, 1000);
      const when = new Date(entry.at);
      button.append(el("span", historyTitle(entry).slice(0, 200), "title"),
                    el("span", Number.isNaN(when.getTime()) ? "" : when.toLocaleString(), "name"));
      item.append(button);
      list.append(item);
    });
    $("history-clear").hidden = entries.length === 0;
  }

  function restoreHistory(index) {
    const entry = readHistory()[index];
    if (!entry) return;
    const query = entry.kind === "library" && state.library.find((q) => q.name === entry.name);
    if (query) {
      showQueryInfo(query, entry.params || {});
      setEditorText(query.text);
    } else {
      deselect();
      setEditorText(entry.text);
    }
    if (state.editor) state.editor.focus();
  }

  // ---- showing results ------------------------------------------------------------------------------------

  function clearOutput() {
    for (const id of ["error", "answer", "downloads"]) $(id).hidden = true;
    $("error").textContent = "";
    $("answer").textContent = "";
    state.table.clear();
    $("download-buttons").replaceChildren();
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
    return n.toLocaleString("en") + " " + word + (n === 1 ? "" : "s");
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
    const started = performance.now();  // reading the answer and showing its first page: "partnerkg.results"
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
      state.table.show(doc.head.vars, rows);
      P.measure("partnerkg.results", started);
      $("status").textContent = plural(rows.length, "row") + " in " + elapsed + " ms";
      showDownloads("select");
      return;
    }
    if (type === "application/json" && state.request.kind === "find") {
      const doc = JSON.parse(text);
      const rows = doc.hits.map((hit) => ({
        entity: { type: "uri", value: String(hit.iri) },
        label: { type: "literal", value: String(hit.label ?? "") },
        kind: hit.kind ? { type: "literal", value: String(hit.kind) } : undefined,
        score: typeof hit.score === "number"
          ? { type: "literal", value: String(hit.score), datatype: "http://www.w3.org/2001/XMLSchema#double" }
          : undefined,
        field: { type: "literal", value: String(hit.field) },
        match: { type: "literal", value: String(hit.text ?? "") },
      }));
      state.table.show(["entity", "label", "kind", "score", "field", "match"], rows);
      P.measure("partnerkg.results", started);
      $("status").textContent = rows.length.toLocaleString("en") + (rows.length === 1 ? " match" : " matches") + " in "
        + elapsed + " ms";
      return;
    }
    if (type === "application/n-triples") {
      const triples = parseNTriples(text);
      state.table.show(["subject", "predicate", "object"],
                       triples.map(([s, p, o]) => ({ subject: s, predicate: p, object: o })));
      P.measure("partnerkg.results", started);
      $("status").textContent = plural(triples.length, "triple") + " in " + elapsed + " ms";
      showDownloads("graph");
      return;
    }
    $("error").textContent = "unexpected answer of type " + type;
    $("error").hidden = false;
  }

  // ---- requests -------------------------------------------------------------------------------------------

  // A find asks GET /search?text=TEXT&limit=N, the ranked full-text search, for JSON
  // {"text", "kind", "limit", "hits": [{"iri", "label", "kind", "score", "field", "text"}, …]} (docs/endpoint.md).
  const FIND_LIMIT = 200;

  function fetchRequest(request, accept, signal) {
    const headers = { Accept: accept };
    if (request.kind === "find") {
      headers.Accept = "application/json";
      const query = new URLSearchParams({ text: request.text, limit: String(FIND_LIMIT) });
      return fetch("/search?" + query.toString(), { headers, signal, credentials: "omit" });
    }
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
    history.replaceState(null, "", requestHash(request));
    remember(request);
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

  function deselect() {
    state.selected = null;
    $("query-info").hidden = true;
    for (const item of $("library-list").querySelectorAll("button.query")) item.setAttribute("aria-pressed", "false");
  }

  function showQueryInfo(query, values) {
    state.selected = query;
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
  }

  function selectQuery(query, values = {}) {
    showQueryInfo(query, values);
    setEditorText(query.text);
    runLibrary(query);
  }

  function formParams() {
    const params = {};
    for (const input of $("params-fields").querySelectorAll("input")) params[input.name] = input.value.trim();
    return params;
  }

  function runLibrary(query) {
    run({ kind: "library", name: query.name, params: formParams() });
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
      button.setAttribute("aria-pressed", String(state.selected !== null && state.selected.name === query.name));
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
    state.table = new P.ResultsTable({
      table: $("results"), tools: $("table-tools"), filter: $("table-filter"), pageSize: $("page-size"),
      first: $("page-first"), prev: $("page-prev"), next: $("page-next"), last: $("page-last"), info: $("page-info"),
    });
    makeEditor();
    $("run").addEventListener("click", () => {
      deselect();
      run({ kind: "sparql", text: editorText() });
    });
    $("format").addEventListener("click", formatEditor);
    $("find-form").addEventListener("submit", (event) => {
      event.preventDefault();
      const text = $("find-text").value.trim();
      if (!text) return;
      deselect();
      run({ kind: "find", text });
    });
    $("share").addEventListener("click", share);
    $("editor").addEventListener("keydown", (event) => {  // the text area's Ctrl+Enter (the editor has its own)
      if (!state.editor && event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
        event.preventDefault();
        $("run").click();
      }
    });
    $("params-form").addEventListener("submit", (event) => {
      event.preventDefault();
      if (state.selected) runLibrary(state.selected);
    });
    $("library-list").addEventListener("click", (event) => {
      const button = event.target.closest("button.query");
      const query = button && state.library.find((q) => q.name === button.dataset.name);
      if (query) selectQuery(query);
    });
    $("history-list").addEventListener("click", (event) => {
      const button = event.target.closest("button.history");
      if (button) restoreHistory(Number(button.dataset.index));
    });
    $("history-clear").addEventListener("click", () => {
      try {
        localStorage.removeItem(HISTORY_KEY);
      } catch {
        // nothing to clear
      }
      renderHistory();
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
    window.addEventListener("hashchange", restoreFromHash);
    renderHistory();
    Promise.all([loadLibrary(), loadVocabulary()]).then(() => {
      restoreFromHash();
      document.body.dataset.ready = "true";
    });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
