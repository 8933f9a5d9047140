// The query page's results table: sorts (click a column's heading), filters (rows whose text holds the
// filter's words) and pages large results, so 100,000 rows cost the page one page of rows in the DOM.
// Every term reaches the page through textContent or an attribute, never as markup.
"use strict";

(() => {
  const NUMERIC = new Set(["integer", "decimal", "double", "float", "long", "int", "short", "byte",
    "nonNegativeInteger", "positiveInteger", "negativeInteger", "nonPositiveInteger", "unsignedLong",
    "unsignedInt", "unsignedShort", "unsignedByte"].map((t) => "http://www.w3.org/2001/XMLSchema#" + t));
  const collator = new Intl.Collator(undefined, { numeric: true, sensitivity: "base" });

  const el = (tag, text, cls) => {
    const node = document.createElement(tag);
    if (text !== undefined && text !== null) node.textContent = text;
    if (cls) node.className = cls;
    return node;
  };

  // IRIs shown with the prefixes the server lists (GET /vocabulary), longest namespace first; for reading only
  // (id:organisation/x is shorter to read than the IRI, though a query would have to write <…>)
  let prefixes = [];
  function setPrefixes(list) {
    prefixes = list.map((p) => [p.prefix, p.namespace]).sort((a, b) => b[1].length - a[1].length);
  }

  function compact(iri) {
    for (const [prefix, ns] of prefixes) {
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

  // the text a term shows, for filtering
  function termText(term) {
    if (!term) return "";
    if (term.type === "uri") return compact(term.value) + " " + term.value;
    return term.value + (term["xml:lang"] ? " @" + term["xml:lang"] : "");
  }

  // Timings anyone may read with performance.getEntriesByName (benchmarks/page.py does)
  function measure(name, start) {
    try {
      performance.measure(name, { start, end: performance.now() });
    } catch {
      // an old browser without User Timing Level 3: no figure
    }
  }

  class ResultsTable {
    // parts: the table and the controls by element: filter, pageSize, first, prev, next, last, info, tools
    constructor(parts) {
      this.parts = parts;
      this.vars = [];
      this.rows = [];
      this.sorted = null;   // row indices in the chosen order (null: as answered)
      this.order = [];      // the rows shown across pages: sorted, then filtered
      this.sort = null;     // { column, descending }
      this.texts = null;    // each row's lower-case text, made on the first filter
      this.page = 0;
      this.timer = null;
      parts.filter.addEventListener("input", () => {
        clearTimeout(this.timer);
        this.timer = setTimeout(() => this.refilter(), 120);
      });
      parts.pageSize.addEventListener("change", () => { this.page = 0; this.render(); });
      parts.first.addEventListener("click", () => this.go(0));
      parts.prev.addEventListener("click", () => this.go(this.page - 1));
      parts.next.addEventListener("click", () => this.go(this.page + 1));
      parts.last.addEventListener("click", () => this.go(Infinity));
      parts.table.tHead.addEventListener("click", (event) => {
        const button = event.target.closest("button.sort");
        if (button) this.sortBy(Number(button.dataset.column));
      });
    }

    get size() {
      return Math.max(1, Number(this.parts.pageSize.value) || 100);
    }

    get pages() {
      return Math.max(1, Math.ceil(this.order.length / this.size));
    }

    clear() {
      this.vars = [];
      this.rows = [];
      this.order = [];
      this.sorted = null;
      this.texts = null;
      this.parts.table.tHead.replaceChildren();
      this.parts.table.tBodies[0].replaceChildren();
      this.parts.table.hidden = true;
      this.parts.tools.hidden = true;
    }

    // vars: column names; rows: objects from column name to SPARQL JSON term (or undefined)
    show(vars, rows) {
      this.vars = vars;
      this.rows = rows;
      this.sort = null;
      this.sorted = null;
      this.texts = null;
      this.page = 0;
      this.parts.filter.value = "";
      this.order = rows.map((_, i) => i);
      const head = document.createElement("tr");
      vars.forEach((v, i) => {
        const th = el("th", null, null);
        th.setAttribute("aria-sort", "none");
        const button = el("button", v, "sort");
        button.type = "button";
        button.dataset.column = String(i);
        button.title = "Sort by " + v;
        th.append(button);
        head.append(th);
      });
      this.parts.table.tHead.replaceChildren(head);
      this.parts.table.hidden = false;
      this.parts.tools.hidden = false;
      this.render();
    }

    sortBy(column) {
      const started = performance.now();
      const descending = this.sort && this.sort.column === column ? !this.sort.descending : false;
      this.sort = { column, descending };
      const name = this.vars[column];
      const n = this.rows.length;
      const numbers = new Float64Array(n);
      const texts = new Array(n);
      const ranks = new Uint8Array(n);  // unbound last, then numbers, then the rest
      for (let i = 0; i < n; i++) {
        const term = this.rows[i][name];
        if (!term) {
          ranks[i] = 2;
          texts[i] = "";
        } else if (term.type === "literal" && NUMERIC.has(term.datatype) && !Number.isNaN(Number(term.value))) {
          ranks[i] = 0;
          numbers[i] = Number(term.value);
        } else {
          ranks[i] = 1;
          texts[i] = term.type === "uri" ? compact(term.value) : term.value;
        }
      }
      const sign = descending ? -1 : 1;
      const indices = this.rows.map((_, i) => i);
      indices.sort((a, b) => {
        if (ranks[a] !== ranks[b]) return ranks[a] - ranks[b];
        let c = 0;
        if (ranks[a] === 0) c = numbers[a] - numbers[b];
        else if (ranks[a] === 1) c = collator.compare(texts[a], texts[b]);
        return c !== 0 ? sign * c : a - b;  // stable: equal keys keep the answer's order
      });
      this.sorted = indices;
      for (const th of this.parts.table.tHead.querySelectorAll("th")) th.setAttribute("aria-sort", "none");
      this.parts.table.tHead.querySelectorAll("th")[column].setAttribute("aria-sort",
                                                                          descending ? "descending" : "ascending");
      this.refilter();
      measure("partnerkg.table.sort", started);
    }

    refilter() {
      const started = performance.now();
      const words = this.parts.filter.value.toLowerCase().split(/\s+/).filter(Boolean);
      const base = this.sorted || this.rows.map((_, i) => i);
      if (!words.length) {
        this.order = base;
      } else {
        if (!this.texts) {
          this.texts = this.rows.map((row) => this.vars.map((v) => termText(row[v])).join("\u0000").toLowerCase());
        }
        const texts = this.texts;
        this.order = base.filter((i) => words.every((w) => texts[i].includes(w)));
      }
      this.page = 0;
      this.render();
      measure("partnerkg.table.filter", started);
    }

    go(page) {
      this.page = Math.min(Math.max(0, page), this.pages - 1);
      this.render();
    }

    render() {
      const started = performance.now();
      const size = this.size;
      this.page = Math.min(this.page, this.pages - 1);
      const start = this.page * size;
      const end = Math.min(this.order.length, start + size);
      const body = document.createDocumentFragment();
      for (let k = start; k < end; k++) {
        const row = this.rows[this.order[k]];
        const tr = document.createElement("tr");
        for (const v of this.vars) {
          const td = document.createElement("td");
          td.append(termNode(row[v]));
          tr.append(td);
        }
        body.append(tr);
      }
      this.parts.table.tBodies[0].replaceChildren(body);
      const total = this.rows.length;
      const shown = this.order.length;
      const fmt = (n) => n.toLocaleString("en");
      let info = shown ? "rows " + fmt(start + 1) + "–" + fmt(end) + " of " + fmt(shown) : "no rows";
      if (shown !== total) info += " (filtered from " + fmt(total) + ")";
      this.parts.info.textContent = info;
      this.parts.first.disabled = this.parts.prev.disabled = this.page === 0;
      this.parts.next.disabled = this.parts.last.disabled = this.page >= this.pages - 1;
      measure("partnerkg.table.render", started);
    }
  }

  globalThis.PartnerkgPage = Object.assign(globalThis.PartnerkgPage || {},
                                           { ResultsTable, termNode, compact, setPrefixes, measure });
})();
