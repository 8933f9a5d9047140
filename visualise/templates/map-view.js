/* partnerkg map, part 3 of 6: what is shown. Filters and the time range hide nodes and links (the rule
   of visualise/filters.py, so the counts are the counts networkx gives); focus greys everything outside
   the chosen node's neighbourhood; search finds a node and focuses it. */
const time = data.time; // {min, max}: the years partnerships and policies state; null when none does
const state = {
  filters: {},
  from: time ? time.min : null,
  to: time ? time.max : null,
  undated: true,
  depth: 1,
  group: "",
  opened: new Set(),
};
const focus = { trail: [], active: false, nodes: new Set(), edges: new Set() };
let hiddenNodes = new Set();
let hiddenEdges = new Set();
let changed = function () {}; // set by map-start.js: the URL fragment follows every change

/* ---------- time ---------- */
function timeActive() {
  return Boolean(time) && (state.from > time.min || state.to < time.max || !state.undated);
}
function overlaps(span) {
  return (span[0] === null || span[0] <= state.to) && (span[1] === null || span[1] >= state.from);
}
function nodeInTime(n) {
  if (!time) return true;
  if (n.t) return overlaps(n.t);
  if (n.u) return state.undated;
  return true;
}
function edgeInTime(e) {
  if (!time || !e.t) return true;
  return e.t.some(overlaps) || (e.u > 0 && state.undated);
}

/* ---------- filters and time together ---------- */
function matches(facets, facet, value) {
  return Object.prototype.hasOwnProperty.call(facets, facet) ? facets[facet].indexOf(value) >= 0 : null;
}
function computeVisible() {
  const active = Object.keys(state.filters);
  const status = new Map();
  for (const n of data.nodes) {
    if (!nodeInTime(n)) continue;
    let s = "in";
    for (const facet of active) {
      const ok = matches(n.f, facet, state.filters[facet]);
      if (ok === false) { s = "out"; break; }
      if (ok === null) s = "maybe";
    }
    status.set(n.id, s);
  }
  const passing = data.edges.filter(function (e) {
    const a = status.get(e.from);
    const b = status.get(e.to);
    if (a === undefined || b === undefined || a === "out" || b === "out" || !edgeInTime(e)) return false;
    return active.every(function (facet) { return matches(e.f, facet, state.filters[facet]) !== false; });
  });
  const shown = new Set();
  for (const [id, s] of status) if (s === "in") shown.add(id);
  for (const e of passing) {
    if (status.get(e.from) === "in" && status.get(e.to) === "maybe") shown.add(e.to);
    else if (status.get(e.to) === "in" && status.get(e.from) === "maybe") shown.add(e.from);
  }
  const shownEdges = new Set();
  for (const e of passing) if (shown.has(e.from) && shown.has(e.to)) shownEdges.add(e.id);
  return { nodes: shown, edges: shownEdges };
}
function applyVisibility(regroupAnyway) {
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
  const regroup = Boolean(state.group) && (regroupAnyway === true || nodeUpdates.length > 0 || edgeUpdates.length > 0);
  if (regroup) ungroupAll();
  hiddenNodes = nextHiddenNodes;
  hiddenEdges = nextHiddenEdges;
  if (nodeUpdates.length) nodes.update(nodeUpdates);
  if (edgeUpdates.length) edges.update(edgeUpdates);
  if (regroup) groupAll();
  document.getElementById("empty").hidden = visible.nodes.size > 0;
  const kept = focus.trail.filter(function (id) { return !hiddenNodes.has(id); });
  if (kept.length !== focus.trail.length) {
    setFocus(kept, false);
    if (!kept.length) hidePanel();
  } else {
    computeFocus();
  }
  updateCounts();
  requestRedraw();
  changed();
}
function updateCounts() {
  countNodes.textContent = (data.nodes.length - hiddenNodes.size).toLocaleString("en-GB");
  countEdges.textContent = (data.edges.length - hiddenEdges.size).toLocaleString("en-GB");
  const groups = drawnGroups().length;
  countGroups.textContent = groups ? "Grouped into " + plural(groups, "group", "groups") + "." : "";
  countGroups.hidden = !groups;
}

/* ---------- filter controls ---------- */
const selects = Array.from(document.querySelectorAll("select[data-facet]"));
function setFilter(facet, value) {
  if (value) state.filters[facet] = value;
  else delete state.filters[facet];
}
for (const select of selects) {
  select.addEventListener("change", function () {
    setFilter(select.dataset.facet, select.value);
    applyVisibility();
  });
}
function clearFilters() {
  for (const select of selects) select.value = "";
  state.filters = {};
}
const clearButton = document.getElementById("clear-filters");
if (clearButton) {
  clearButton.addEventListener("click", function () {
    clearFilters();
    applyVisibility();
  });
}
document.getElementById("fit").addEventListener("click", function () {
  network.fit({ animation: { duration: 400, easingFunction: "easeInOutQuad" } });
});

/* ---------- time controls ---------- */
const fromInput = document.getElementById("time-from");
const toInput = document.getElementById("time-to");
const undatedInput = document.getElementById("time-undated");
function showTime() {
  if (!time) return;
  fromInput.value = String(state.from);
  toInput.value = String(state.to);
  undatedInput.checked = state.undated;
  document.getElementById("time-from-value").textContent = String(state.from);
  document.getElementById("time-to-value").textContent = String(state.to);
  document.getElementById("time-span").textContent = state.from === state.to
    ? "As it stood in " + state.from : "As it stood from " + state.from + " to " + state.to;
}
function setTime(from, to, undated) {
  if (!time) return;
  state.from = Math.max(time.min, Math.min(time.max, from));
  state.to = Math.max(state.from, Math.min(time.max, to));
  state.undated = undated;
  showTime();
}
let timeTimer = null;
function timeChanged(which) {
  let from = Number(fromInput.value);
  let to = Number(toInput.value);
  if (from > to) {
    if (which === "from") to = from;
    else from = to;
  }
  setTime(from, to, undatedInput.checked);
  clearTimeout(timeTimer);
  timeTimer = setTimeout(applyVisibility, 120);
}
if (time) {
  fromInput.addEventListener("input", function () { timeChanged("from"); });
  toInput.addEventListener("input", function () { timeChanged("to"); });
  undatedInput.addEventListener("change", function () { timeChanged("undated"); });
  document.getElementById("time-all").addEventListener("click", function () {
    setTime(time.min, time.max, true);
    applyVisibility();
  });
  showTime();
}

/* ---------- focus and context ---------- */
const focusBar = document.getElementById("focus-bar");
const crumbs = document.getElementById("breadcrumb");
const depthSelect = document.getElementById("focus-depth");
function computeFocus() {
  focus.nodes = new Set();
  focus.edges = new Set();
  focus.active = focus.trail.length > 0;
  if (!focus.active) return;
  let frontier = [focus.trail[focus.trail.length - 1]];
  focus.nodes.add(frontier[0]);
  for (let step = 0; step < state.depth && frontier.length; step++) {
    const next = [];
    for (const id of frontier) {
      for (const e of incident.get(id)) {
        if (hiddenEdges.has(e.id)) continue;
        focus.edges.add(e.id);
        const other = e.from === id ? e.to : e.from;
        if (!focus.nodes.has(other)) {
          focus.nodes.add(other);
          next.push(other);
        }
      }
    }
    frontier = next;
  }
  for (const id of focus.nodes) { // links among the neighbourhood's nodes belong to it too
    for (const e of incident.get(id)) {
      if (!hiddenEdges.has(e.id) && focus.nodes.has(e.from) && focus.nodes.has(e.to)) focus.edges.add(e.id);
    }
  }
}
function renderBreadcrumb() {
  crumbs.replaceChildren();
  focusBar.hidden = !focus.active;
  if (!focus.active) return;
  const whole = el("li");
  const back = el("button", "crumb", "Whole network");
  back.type = "button";
  back.id = "crumb-whole";
  back.addEventListener("click", function () {
    setFocus([], true);
    network.unselectAll();
    hidePanel();
  });
  whole.append(back);
  crumbs.append(whole);
  focus.trail.forEach(function (id, i) {
    const li = el("li");
    const title = nodeById.get(id).info.title;
    if (i === focus.trail.length - 1) {
      const here = el("span", "crumb crumb-here", title);
      here.setAttribute("aria-current", "true");
      li.append(here);
    } else {
      const button = el("button", "crumb", title);
      button.type = "button";
      button.addEventListener("click", function () { focusOn(id, "back", true); });
      li.append(button);
    }
    li.title = title;
    crumbs.append(li);
  });
  document.getElementById("focus-count").textContent = "Neighbourhood: " + plural(focus.nodes.size, "node", "nodes")
    + ", " + plural(focus.edges.size, "link", "links") + "; the rest is greyed.";
}
function setFocus(trail, redraw) {
  focus.trail = trail.slice(-8);
  computeFocus();
  renderBreadcrumb();
  if (redraw) {
    requestRedraw();
    changed();
  }
}
/* Focus on node id: how is "new" (a fresh trail, as find does), "push" (one step further) or "back" (to
   a node already on the trail); move brings the neighbourhood into view; delay opens the panel later. */
function focusOn(id, how, move, delay) {
  if (!nodeById.has(id)) return;
  if (hiddenNodes.has(id)) {
    clearFilters();
    if (time) setTime(time.min, time.max, true);
    applyVisibility();
  }
  if (clusterOf(id)) openGroupOf(id);
  let trail;
  const at = focus.trail.indexOf(id);
  if (how === "new") trail = [id];
  else if (at >= 0) trail = focus.trail.slice(0, at + 1);
  else trail = focus.trail.concat([id]);
  setFocus(trail, false);
  network.selectNodes([id]);
  if (move) {
    network.fit({ nodes: Array.from(focus.nodes), maxZoomLevel: 1.6,
                  animation: { duration: 450, easingFunction: "easeInOutQuad" } });
  }
  if (delay) later(function () { showPanel(nodeById.get(id).info, id); });
  else showPanel(nodeById.get(id).info, id);
  requestRedraw();
  changed();
}
depthSelect.addEventListener("change", function () {
  state.depth = Number(depthSelect.value);
  setFocus(focus.trail, true);
});
document.addEventListener("keydown", function (event) {
  if (event.key === "Escape" && focus.active && document.activeElement !== search) {
    if (focus.trail.length > 1) focusOn(focus.trail[focus.trail.length - 2], "back", false);
    else { setFocus([], true); network.unselectAll(); hidePanel(); }
  }
});
/* A click focuses at once; the panel opens a moment later, unless the click was half of a double-click
   (which opens or closes a group): a panel sliding in under the pointer would take the second click. */
const PANEL_DELAY = 260;
let panelTimer = null;
function later(show) {
  clearTimeout(panelTimer);
  panelTimer = setTimeout(show, PANEL_DELAY);
}
network.on("click", function (params) {
  hideTooltip();
  if (params.nodes.length) {
    const id = params.nodes[0];
    if (nodeById.has(id)) focusOn(id, "push", false, true);
    else later(function () { showPanel(groupInfo(id), id); });
  } else if (params.edges.length && edgeById.has(params.edges[0])) {
    const id = params.edges[0];
    later(function () { showPanel(edgeById.get(id).info, id); });
  } else {
    clearTimeout(panelTimer);
    hidePanel();
  }
});
network.on("doubleClick", function () { clearTimeout(panelTimer); });

/* The grey veil of focus: after vis-network has drawn everything, veil it and draw the neighbourhood
   again on top (vis-network's own Node.draw and Edge.draw, so it looks exactly as before). */
function drawFocus(ctx, pixelRatio) {
  if (!focus.active) return;
  ctx.save();
  ctx.setTransform(pixelRatio, 0, 0, pixelRatio, 0, 0);
  ctx.fillStyle = "rgba(255,255,255,0.84)";
  ctx.fillRect(0, 0, container.clientWidth, container.clientHeight);
  ctx.restore();
  const bodyEdges = network.body.edges;
  const bodyNodes = network.body.nodes;
  for (const id of focus.edges) {
    const edge = bodyEdges[id];
    if (edge && edge.connected && !edge.options.hidden && !clusterOf(edge.fromId) && !clusterOf(edge.toId)) {
      edge.draw(ctx);
      edge.drawArrows(ctx);
    }
  }
  for (const group of drawnGroups()) {
    if (group.members.some(function (m) { return focus.nodes.has(m); }) && bodyNodes[group.id]) bodyNodes[group.id].draw(ctx);
  }
  for (const id of focus.nodes) {
    const node = bodyNodes[id];
    if (node && !node.options.hidden && !clusterOf(id)) node.draw(ctx);
  }
}
/* Panning a big map: vis-network would draw every node again on every frame (5,000 shapes take tens of
   milliseconds without a GPU). While the view is dragged, the page instead moves a picture of the last
   frame and draws nothing else; when the drag ends, the map is drawn afresh (what was off screen appears
   then). */
let snapshot = null; // {image, x, y}: the last frame and the translation it was drawn at
network.on("dragStart", function (params) {
  if (!big || params.nodes.length) return;
  const canvas = container.querySelector("canvas");
  const image = document.createElement("canvas");
  image.width = canvas.width;
  image.height = canvas.height;
  image.getContext("2d").drawImage(canvas, 0, 0);
  const view = network.body.view;
  snapshot = { image: image, x: view.translation.x, y: view.translation.y };
  network.renderer.options.hideNodesOnDrag = true;
});
network.on("dragEnd", function () {
  if (!snapshot) return;
  snapshot = null;
  network.renderer.options.hideNodesOnDrag = false;
  requestRedraw();
});
network.on("beforeDrawing", function (ctx) {
  if (!snapshot || ctx.collectLabels || !network.renderer.dragging) return;
  const ratio = network.canvas.pixelRatio;
  const view = network.body.view;
  ctx.save();
  ctx.setTransform(1, 0, 0, 1, 0, 0);
  ctx.drawImage(snapshot.image, (view.translation.x - snapshot.x) * ratio, (view.translation.y - snapshot.y) * ratio);
  ctx.restore();
});
network.on("afterDrawing", function (ctx) {
  if (snapshot && network.renderer.dragging && !ctx.collectLabels) return; // the picture holds them
  const ratio = network.canvas.pixelRatio;
  drawFocus(ctx, ratio);
  if (ctx.collectLabels) ctx.labels = drawLabels(ctx, ratio, true); // the SVG recorder (map-export.js)
  else drawLabels(ctx, ratio, false);
});

/* ---------- search ---------- */
const search = document.getElementById("search");
const results = document.getElementById("search-results");
/* The find box ranks as partnerkg's full-text search does (partnerkg.queries.fulltext): case and accents do not
   count; a label equal to the text comes first, then one starting with it, then labels holding every word of the
   text (the last one may be the start of a longer word, as typed), then labels holding the text anywhere; shorter
   labels first within each. */
function fold(text) {
  return text.normalize("NFKD").replace(/\p{M}/gu, "").toLowerCase().replace(/\s+/g, " ").trim();
}
function words(folded) {
  return folded.match(/[\p{L}\p{N}]+/gu) || [];
}
const haystack = data.nodes.map(function (n) {
  const folded = fold(n.info.title);
  return { folded: folded, words: words(folded), node: n };
}).sort(function (a, b) { return a.folded.length - b.folded.length; });
const FOUND_MAX = 12;
function tierOf(entry, text, wanted) {
  if (entry.folded === text) return 0;
  if (entry.folded.startsWith(text)) return 1;
  if (wanted.length && wanted.every(function (w, i) {
    return entry.words.some(function (x) { return x === w || (i === wanted.length - 1 && x.startsWith(w)); });
  })) return 2;
  return entry.folded.includes(text) ? 3 : -1;
}
let found = [];
let activeResult = -1;
function renderResults() {
  results.replaceChildren();
  if (!search.value.trim()) {
    results.hidden = true;
    return;
  }
  if (!found.length) results.append(el("li", "none", "No match"));
  found.forEach(function (n, i) {
    const li = el("li");
    li.setAttribute("role", "option");
    const button = el("button", i === activeResult ? "active" : null, n.info.title);
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
  focusOn(n.id, "new", true);
}
search.addEventListener("input", function () {
  const text = fold(search.value);
  found = [];
  activeResult = -1;
  if (text) {
    const wanted = words(text);
    const tiers = [[], [], [], []];
    for (const entry of haystack) {  // shortest labels first, so each tier is in order as it fills
      const tier = tierOf(entry, text, wanted);
      if (tier >= 0 && tiers[tier].length < FOUND_MAX) tiers[tier].push(entry.node);
      if (tiers[0].length + tiers[1].length >= FOUND_MAX) break;
    }
    found = tiers[0].concat(tiers[1], tiers[2], tiers[3]).slice(0, FOUND_MAX);
    activeResult = found.length ? 0 : -1;
  }
  renderResults();
});
search.addEventListener("keydown", function (event) {
  if (event.key === "ArrowDown" && found.length) {
    activeResult = (activeResult + 1) % found.length;
    renderResults();
    event.preventDefault();
  } else if (event.key === "ArrowUp" && found.length) {
    activeResult = (activeResult - 1 + found.length) % found.length;
    renderResults();
    event.preventDefault();
  } else if (event.key === "Enter" && activeResult >= 0) {
    choose(found[activeResult]);
    event.preventDefault();
  } else if (event.key === "Escape") {
    results.hidden = true;
  }
});
search.addEventListener("blur", function () { results.hidden = true; });
