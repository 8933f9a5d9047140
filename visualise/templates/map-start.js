/* partnerkg map, part 6 of 6: the view in the URL fragment, and the start.

   The fragment holds the filters (policies by IRI), the time range, the focus trail (nodes by IRI),
   its depth, the grouping and its open groups, and the camera once it has moved, as URL parameters:
   #sector=voluntary&from=2004&to=2006&focus=https%3A%2F%2F…&depth=2&view=12.5,-40,0.8
   A saved link reopens the same view. Every value read from a fragment is checked against what the page
   holds (an unknown filter value, node or group is ignored); nothing in it is ever inserted as markup. */
let cameraMoved = false;
let fragmentTimer = null;
let readyAt = null;
const policyCodes = new Map(Object.keys(data.policies).map(function (code) { return [data.policies[code], code]; }));

function fragmentOf() {
  const p = new URLSearchParams();
  for (const select of selects) {
    const facet = select.dataset.facet;
    const value = state.filters[facet];
    if (value) p.set(facet, facet === "policy" ? data.policies[value] || value : value);
  }
  if (timeActive()) {
    p.set("from", String(state.from));
    p.set("to", String(state.to));
    if (!state.undated) p.set("undated", "hide");
  }
  if (focus.active) {
    for (const id of focus.trail) p.append("focus", reference(id));
    if (state.depth !== 1) p.set("depth", String(state.depth));
  }
  if (state.group !== data.group) p.set("group", state.group || "none");
  if (state.group && state.opened.size) {
    p.set("open", Array.from(state.opened).sort(function (a, b) { return a - b; }).join(","));
  }
  if (cameraMoved) {
    const at = network.getViewPosition();
    p.set("view", [Math.round(at.x * 10) / 10, Math.round(at.y * 10) / 10,
                   Math.round(network.getScale() * 10000) / 10000].join(","));
  }
  return p.toString().replace(/%2C/g, ","); // commas need no escape in a fragment, and read better
}
function writeFragment() {
  const text = fragmentOf();
  const url = location.href.split("#")[0] + (text ? "#" + text : "");
  if (url !== location.href) history.replaceState(null, "", url);
}
changed = function () {
  clearTimeout(fragmentTimer);
  fragmentTimer = setTimeout(writeFragment, 150);
};

function readFragment(text) {
  const p = new URLSearchParams(text);
  const wanted = { filters: {}, from: null, to: null, undated: true, focus: [], depth: 1, group: data.group,
                   opened: [], view: null };
  for (const select of selects) {
    const facet = select.dataset.facet;
    let value = p.get(facet);
    if (!value) continue;
    if (facet === "policy") value = policyCodes.get(value) || "";
    if (value && Array.from(select.options).some(function (o) { return o.value === value; })) wanted.filters[facet] = value;
  }
  if (time) {
    const from = parseInt(p.get("from"), 10);
    const to = parseInt(p.get("to"), 10);
    wanted.from = Number.isFinite(from) ? from : time.min;
    wanted.to = Number.isFinite(to) ? to : time.max;
    wanted.undated = p.get("undated") !== "hide";
  }
  wanted.focus = p.getAll("focus").map(function (ref) { return byReference.get(ref); }).filter(Boolean);
  const depth = parseInt(p.get("depth"), 10);
  if (depth >= 1 && depth <= 3) wanted.depth = depth;
  const group = p.get("group");
  if (group === "none") wanted.group = "";
  else if (group && groupingIndex(group) >= 0) wanted.group = group;
  if (wanted.group) {
    const count = groupings[groupingIndex(wanted.group)].values.length;
    wanted.opened = (p.get("open") || "").split(",").filter(function (v) { return /^\d+$/.test(v); })
      .map(Number).filter(function (v) { return v < count; });
  }
  const view = (p.get("view") || "").split(",").map(Number);
  if (view.length === 3 && view.every(Number.isFinite) && view[2] > 0.001 && view[2] < 100) {
    wanted.view = { position: { x: view[0], y: view[1] }, scale: view[2] };
  }
  return wanted;
}
function applyWanted(wanted) {
  clearFilters();
  for (const select of selects) {
    const value = wanted.filters[select.dataset.facet];
    if (value) {
      select.value = value;
      setFilter(select.dataset.facet, value);
    }
  }
  if (time) setTime(wanted.from, wanted.to, wanted.undated);
  state.depth = wanted.depth;
  depthSelect.value = String(wanted.depth);
  ungroupAll();
  state.group = wanted.group;
  state.opened = new Set(wanted.opened);
  if (groupSelect) groupSelect.value = state.group;
  applyVisibility(true);
  const trail = wanted.focus.filter(function (id) { return !hiddenNodes.has(id); });
  for (const id of trail) openGroupOf(id);
  setFocus(trail, false);
  if (trail.length) {
    const current = trail[trail.length - 1];
    network.selectNodes([current]);
    showPanel(nodeById.get(current).info, current);
  } else {
    network.unselectAll();
    hidePanel();
  }
  if (wanted.view) {
    network.moveTo({ position: wanted.view.position, scale: wanted.view.scale });
    cameraMoved = true;
  } else if (trail.length) {
    network.fit({ nodes: Array.from(focus.nodes), maxZoomLevel: 1.6 });
  } else {
    network.fit();
  }
  requestRedraw();
  changed();
}

function markReady() {
  if (readyAt !== null) return;
  readyAt = performance.now();
  root.setAttribute("data-state", "ready");
}
function start() {
  applyWanted(readFragment(location.hash.slice(1)));
  network.once("afterDrawing", markReady);
  network.redraw();
}
network.on("dragEnd", function (params) {
  if (!params.nodes.length) {
    cameraMoved = true;
    changed();
  }
});
network.on("zoom", function () {
  cameraMoved = true;
  changed();
});
network.on("animationFinished", function () {
  cameraMoved = true;
  changed();
});
window.addEventListener("hashchange", function () {
  applyWanted(readFragment(location.hash.slice(1)));
});
if (data.nodes.length === 0) {
  markReady();
} else if (data.physics) {
  network.once("stabilizationIterationsDone", function () {
    network.setOptions({ physics: { enabled: false } });
    start();
  });
} else {
  start();
}

/* ---------- a handle for scripts and tests ---------- */
window.partnerkgMap = Object.freeze({
  network: network,
  nodes: nodes,
  edges: edges,
  readyAt: function () { return readyAt; },
  counts: function () {
    return { nodes: data.nodes.length - hiddenNodes.size, edges: data.edges.length - hiddenEdges.size,
             groups: clusters.size };
  },
  focus: function (id) { focusOn(id, "new", true); },
  focused: function () { return { trail: focus.trail.slice(), nodes: Array.from(focus.nodes).sort(), edges: Array.from(focus.edges).sort() }; },
  fragment: fragmentOf,
  svg: svgText,
  labels: function () { // the labels drawn for the view as it is: id, lines, box (x centre, y top, w, h), CSS px
    const probe = document.createElement("canvas").getContext("2d");
    probe.setTransform(1, 0, 0, 1, 0, 0);
    return drawLabels(probe, 1, true);
  },
});
