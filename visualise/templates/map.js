/* partnerkg map: draws the network, and wires search, filters, tooltips and the details panel.
   All text from the data is inserted with textContent or as option/attribute values: never as HTML. */
(function () {
  "use strict";

  const data = JSON.parse(document.getElementById("map-data").textContent);
  const root = document.documentElement;
  const container = document.getElementById("network");
  const tooltip = document.getElementById("tooltip");
  const panel = document.getElementById("panel");
  const panelBody = document.getElementById("panel-body");
  const search = document.getElementById("search");
  const results = document.getElementById("search-results");
  const countNodes = document.getElementById("count-nodes");
  const countEdges = document.getElementById("count-edges");
  const FONT = 'system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "Liberation Sans", Arial, sans-serif';

  const nodeById = new Map();
  const edgeById = new Map();
  const incident = new Map();
  for (const n of data.nodes) {
    nodeById.set(n.id, n);
    incident.set(n.id, []);
  }
  data.edges.forEach(function (e, i) {
    e.id = "e" + i;
    e.dashes = e.dashes || [];
    const a = nodeById.get(e.from).info.title;
    const b = nodeById.get(e.to).info.title;
    e.info.title = e.info.verb ? a + " " + e.info.verb + " " + b : a + " — " + b;
  });
  for (const e of data.edges) {
    edgeById.set(e.id, e);
    incident.get(e.from).push(e);
    if (e.to !== e.from) incident.get(e.to).push(e);
  }

  /* ---------- elements ---------- */
  function el(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }
  function clip(text, limit) {
    const s = String(text || "");
    return s.length > limit ? s.slice(0, limit - 1).trimEnd() + "…" : s;
  }
  function safeHttpUrl(text) {
    try {
      const url = new URL(String(text));
      return url.protocol === "http:" || url.protocol === "https:" ? url.href : null;
    } catch (err) {
      return null;
    }
  }

  /* ---------- the network ---------- */
  function visNode(n) {
    return {
      id: n.id,
      label: n.label,
      x: n.x,
      y: n.y,
      shape: n.shape,
      size: n.size,
      borderWidth: n.dashed ? 1.6 : 1.2,
      borderWidthSelected: 3,
      shapeProperties: { borderDashes: n.dashed ? [4, 3] : false },
      color: {
        background: n.colour,
        border: n.border,
        highlight: { background: n.colour, border: "#111827" },
        hover: { background: n.colour, border: "#111827" },
      },
      font: { size: n.font },
    };
  }
  function visEdge(e) {
    return {
      id: e.id,
      from: e.from,
      to: e.to,
      width: e.width,
      dashes: e.dashes.length ? e.dashes : false,
      color: { color: e.colour, highlight: "#111827", hover: "#374151", opacity: data.big ? 0.45 : 0.85 },
      arrows: e.arrow ? { to: { enabled: true, scaleFactor: 0.55 } } : { to: { enabled: false } },
    };
  }

  const nodes = new vis.DataSet(data.nodes.map(visNode));
  const edges = new vis.DataSet(data.edges.map(visEdge));
  const big = data.big;
  const options = {
    autoResize: true,
    layout: { improvedLayout: false, randomSeed: 7 },
    nodes: {
      font: { face: FONT, size: 13, color: "#1f2933", strokeWidth: 3, strokeColor: "rgba(255,255,255,0.92)" },
      scaling: { label: { drawThreshold: 7 } },
    },
    edges: { smooth: false, selectionWidth: 1.5, hoverWidth: 0.5 },
    physics: data.physics
      ? {
          enabled: true,
          solver: "barnesHut",
          barnesHut: {
            gravitationalConstant: -2600, centralGravity: 0.12, springLength: 110, springConstant: 0.035,
            damping: 0.45, avoidOverlap: 0.25,
          },
          stabilization: { enabled: true, iterations: 200, updateInterval: 50, fit: true },
          minVelocity: 1.0,
          maxVelocity: 40,
        }
      : { enabled: false },
    interaction: {
      hover: true,
      hoverConnectedEdges: true,
      tooltipDelay: 150,
      hideEdgesOnDrag: big,
      hideEdgesOnZoom: big,
      multiselect: false,
      navigationButtons: false,
      keyboard: { enabled: true, bindToWindow: false },
    },
  };
  const network = new vis.Network(container, { nodes: nodes, edges: edges }, options);

  let readyAt = null;
  function markReady() {
    if (readyAt !== null) return;
    readyAt = performance.now();
    root.setAttribute("data-state", "ready");
  }
  if (data.nodes.length === 0) {
    markReady();
  } else if (data.physics) {
    network.once("stabilizationIterationsDone", function () {
      network.setOptions({ physics: { enabled: false } });
      network.once("afterDrawing", markReady);
      network.redraw();
    });
  } else {
    network.fit({ animation: false });
    network.once("afterDrawing", markReady);
  }

  /* ---------- tooltip ---------- */
  function showTooltip(item, pointer) {
    const info = item.info;
    tooltip.replaceChildren();
    tooltip.append(el("strong", null, info.title));
    if (info.meta) tooltip.append(el("div", "meta", info.meta));
    if (info.description) tooltip.append(el("div", null, clip(info.description, 220)));
    if (info.quotes && info.quotes.length) {
      tooltip.append(el("div", "quote", "“" + clip(info.quotes[0][0], 180) + "”"));
    } else if (info.rows && info.rows.length && !info.description) {
      const row = info.rows[0];
      tooltip.append(el("div", null, row[0] + ": " + clip(row[1].join("; "), 180)));
    }
    tooltip.hidden = false;
    const box = container.getBoundingClientRect();
    const width = tooltip.offsetWidth;
    const height = tooltip.offsetHeight;
    const x = Math.min(pointer.x + 14, box.width - width - 8);
    const y = pointer.y + 14 + height > box.height ? pointer.y - height - 10 : pointer.y + 14;
    tooltip.style.left = Math.max(4, x) + "px";
    tooltip.style.top = Math.max(4, y) + "px";
  }
  function hideTooltip() {
    tooltip.hidden = true;
  }
  network.on("hoverNode", function (params) {
    showTooltip(nodeById.get(params.node), params.pointer.DOM);
  });
  network.on("hoverEdge", function (params) {
    showTooltip(edgeById.get(params.edge), params.pointer.DOM);
  });
  network.on("blurNode", hideTooltip);
  network.on("blurEdge", hideTooltip);
  network.on("dragStart", hideTooltip);
  network.on("zoom", hideTooltip);

  /* ---------- details panel ---------- */
  function addRows(parent, rows) {
    if (!rows || !rows.length) return;
    const dl = el("dl");
    for (const row of rows) {
      dl.append(el("dt", null, row[0]));
      const dd = el("dd");
      if (row[1].length === 1) {
        dd.textContent = row[1][0];
      } else {
        const ul = el("ul");
        for (const value of row[1]) ul.append(el("li", null, value));
        dd.append(ul);
      }
      dl.append(dd);
    }
    parent.append(dl);
  }
  function addWebsite(parent, website) {
    if (!website) return;
    parent.append(el("h3", null, "Website"));
    const href = safeHttpUrl(website);
    const p = el("p");
    if (href) {
      const a = el("a", null, website);
      a.href = href;
      a.rel = "noopener noreferrer";
      a.target = "_blank";
      p.append(a);
    } else {
      p.textContent = website;
    }
    parent.append(p);
  }
  function showPanel(item, isNode) {
    const info = item.info;
    panelBody.replaceChildren();
    panelBody.append(el("h2", null, info.title));
    if (info.meta) panelBody.append(el("p", "meta", info.meta));
    if (info.description) panelBody.append(el("p", "description", info.description));
    addRows(panelBody, info.rows);
    addWebsite(panelBody, info.website);
    if (info.sources && info.sources.length) {
      panelBody.append(el("h3", null, info.sources.length === 1 ? "Source" : "Sources"));
      const ul = el("ul");
      for (const source of info.sources) ul.append(el("li", null, source));
      panelBody.append(ul);
    }
    if (info.quotes && info.quotes.length) {
      panelBody.append(el("h3", null, "Evidence"));
      for (const quote of info.quotes.slice(0, 4)) {
        panelBody.append(el("blockquote", null, quote[0]));
        if (quote[1]) panelBody.append(el("cite", null, quote[1]));
      }
    }
    if (isNode) {
      const links = incident.get(item.id).filter(function (e) { return !hiddenEdges.has(e.id); });
      if (links.length) {
        panelBody.append(el("h3", null, "Linked to (" + links.length + ")"));
        const ul = el("ul", "links");
        const others = links.map(function (e) {
          return { node: nodeById.get(e.from === item.id ? e.to : e.from), via: e.info.title };
        });
        others.sort(function (a, b) { return a.node.info.title.localeCompare(b.node.info.title); });
        for (const other of others.slice(0, 40)) {
          const li = el("li");
          const button = el("button", "link-button", other.node.info.title);
          button.type = "button";
          button.addEventListener("click", function () { focusNode(other.node.id); });
          li.append(button);
          ul.append(li);
        }
        panelBody.append(ul);
        if (others.length > 40) panelBody.append(el("p", "meta", "… and " + (others.length - 40) + " more"));
      }
    }
    if (info.iri) {
      panelBody.append(el("h3", null, "Identifier"));
      panelBody.append(el("code", null, info.iri));
    }
    panel.hidden = false;
    panel.scrollTop = 0;
  }
  function hidePanel() {
    panel.hidden = true;
    network.unselectAll();
  }
  document.getElementById("panel-close").addEventListener("click", hidePanel);
  network.on("click", function (params) {
    hideTooltip();
    if (params.nodes.length) showPanel(nodeById.get(params.nodes[0]), true);
    else if (params.edges.length) showPanel(edgeById.get(params.edges[0]), false);
    else hidePanel();
  });

  /* ---------- filters ---------- */
  const filters = {};
  let hiddenNodes = new Set();
  let hiddenEdges = new Set();
  function matches(facets, facet, value) {
    return Object.prototype.hasOwnProperty.call(facets, facet) ? facets[facet].indexOf(value) >= 0 : null;
  }
  function computeVisible() {
    const active = Object.keys(filters);
    const status = new Map();
    for (const n of data.nodes) {
      let state = "in";
      for (const facet of active) {
        const ok = matches(n.f, facet, filters[facet]);
        if (ok === false) { state = "out"; break; }
        if (ok === null) state = "maybe";
      }
      status.set(n.id, state);
    }
    const passing = data.edges.filter(function (e) {
      if (status.get(e.from) === "out" || status.get(e.to) === "out") return false;
      return active.every(function (facet) { return matches(e.f, facet, filters[facet]) !== false; });
    });
    const shown = new Set(data.nodes.filter(function (n) { return status.get(n.id) === "in"; }).map(function (n) {
      return n.id;
    }));
    for (const e of passing) {
      if (status.get(e.from) === "in" && status.get(e.to) === "maybe") shown.add(e.to);
      else if (status.get(e.to) === "in" && status.get(e.from) === "maybe") shown.add(e.from);
    }
    const shownEdges = new Set(passing.filter(function (e) { return shown.has(e.from) && shown.has(e.to); })
      .map(function (e) { return e.id; }));
    return { nodes: shown, edges: shownEdges };
  }
  function applyFilters() {
    const visible = computeVisible();
    const nodeUpdates = [];
    const edgeUpdates = [];
    const nextHiddenNodes = new Set();
    const nextHiddenEdges = new Set();
    for (const n of data.nodes) {
      const hide = !visible.nodes.has(n.id);
      if (hide) nextHiddenNodes.add(n.id);
      if (hide !== hiddenNodes.has(n.id)) nodeUpdates.push({ id: n.id, hidden: hide });
    }
    for (const e of data.edges) {
      const hide = !visible.edges.has(e.id);
      if (hide) nextHiddenEdges.add(e.id);
      if (hide !== hiddenEdges.has(e.id)) edgeUpdates.push({ id: e.id, hidden: hide });
    }
    hiddenNodes = nextHiddenNodes;
    hiddenEdges = nextHiddenEdges;
    if (nodeUpdates.length) nodes.update(nodeUpdates);
    if (edgeUpdates.length) edges.update(edgeUpdates);
    countNodes.textContent = visible.nodes.size.toLocaleString("en-GB");
    countEdges.textContent = visible.edges.size.toLocaleString("en-GB");
    document.getElementById("empty").hidden = visible.nodes.size > 0;
    const selected = network.getSelectedNodes();
    if (selected.length && hiddenNodes.has(selected[0])) hidePanel();
  }
  const selects = Array.from(document.querySelectorAll("select[data-facet]"));
  for (const select of selects) {
    select.addEventListener("change", function () {
      if (select.value) filters[select.dataset.facet] = select.value;
      else delete filters[select.dataset.facet];
      applyFilters();
    });
  }
  function clearFilters() {
    for (const select of selects) select.value = "";
    for (const key of Object.keys(filters)) delete filters[key];
    applyFilters();
  }
  const clearButton = document.getElementById("clear-filters");
  if (clearButton) clearButton.addEventListener("click", clearFilters);
  document.getElementById("fit").addEventListener("click", function () {
    network.fit({ animation: { duration: 400, easingFunction: "easeInOutQuad" } });
  });

  /* ---------- search ---------- */
  const haystack = data.nodes.map(function (n) { return [n.info.title.toLocaleLowerCase(), n]; });
  let found = [];
  let active = -1;
  function focusNode(id) {
    if (hiddenNodes.has(id)) clearFilters();
    network.selectNodes([id]);
    const scale = Math.max(network.getScale(), 1.1);
    network.focus(id, { scale: scale, animation: { duration: 450, easingFunction: "easeInOutQuad" } });
    showPanel(nodeById.get(id), true);
  }
  function renderResults() {
    results.replaceChildren();
    if (!search.value.trim()) {
      results.hidden = true;
      return;
    }
    if (!found.length) {
      results.append(el("li", "none", "No match"));
    }
    found.forEach(function (n, i) {
      const li = el("li");
      li.setAttribute("role", "option");
      const button = el("button", i === active ? "active" : null, n.info.title);
      button.type = "button";
      button.tabIndex = -1;
      if (n.info.meta) button.append(el("small", null, n.info.meta));
      button.addEventListener("mousedown", function (event) {
        event.preventDefault();
        choose(n);
      });
      li.append(button);
      results.append(li);
    });
    results.hidden = false;
  }
  function choose(n) {
    search.value = n.info.title;
    results.hidden = true;
    focusNode(n.id);
  }
  search.addEventListener("input", function () {
    const query = search.value.trim().toLocaleLowerCase();
    found = [];
    active = -1;
    if (query) {
      const starts = [];
      const contains = [];
      for (const pair of haystack) {
        const at = pair[0].indexOf(query);
        if (at === 0) starts.push(pair[1]);
        else if (at > 0) contains.push(pair[1]);
        if (starts.length >= 12) break;
      }
      found = starts.concat(contains).slice(0, 12);
      active = found.length ? 0 : -1;
    }
    renderResults();
  });
  search.addEventListener("keydown", function (event) {
    if (event.key === "ArrowDown" && found.length) {
      active = (active + 1) % found.length;
      renderResults();
      event.preventDefault();
    } else if (event.key === "ArrowUp" && found.length) {
      active = (active - 1 + found.length) % found.length;
      renderResults();
      event.preventDefault();
    } else if (event.key === "Enter" && active >= 0) {
      choose(found[active]);
      event.preventDefault();
    } else if (event.key === "Escape") {
      results.hidden = true;
    }
  });
  search.addEventListener("blur", function () { results.hidden = true; });

  /* ---------- a handle for scripts and tests ---------- */
  window.partnerkgMap = Object.freeze({
    network: network,
    nodes: nodes,
    edges: edges,
    readyAt: function () { return readyAt; },
    counts: function () {
      return { nodes: data.nodes.length - hiddenNodes.size, edges: data.edges.length - hiddenEdges.size };
    },
    focus: focusNode,
  });
})();
