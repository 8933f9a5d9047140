/* partnerkg map, part 4 of 6: groups. Nodes fold into one node per sector, kind, region, model or
   community (which group each node is in comes from visualise/grouping.py) with vis-network's clustering
   API: a group opens on a double-click (openCluster) and closes again on a double-click on any of its
   nodes. A page whose view is above `--max-nodes` opens grouped. */
const groupings = data.groupings;
const groupSelect = document.getElementById("group-by");
const clusters = new Map(); // group node id -> {id, value, members, lines, info}
const clusteredIn = new Map(); // node id -> the id of the group node holding it

function clusterOf(id) {
  return clusteredIn.get(id) || null;
}
function drawnGroups() {
  return Array.from(clusters.values());
}
function groupInfo(id) {
  const group = clusters.get(id);
  return group ? group.info : null;
}
function groupingIndex(key) {
  return groupings.findIndex(function (g) { return g.key === key; });
}
function mostCommon(values) {
  const counts = new Map();
  let best = values[0];
  for (const v of values) {
    counts.set(v, (counts.get(v) || 0) + 1);
    if (counts.get(v) > counts.get(best)) best = v;
  }
  return best;
}

/* Fold the visible members of group value of grouping gi into one node; refresh: let vis-network
   rebuild its indices now (the last of a series). */
function foldGroup(gi, value, ids, refresh) {
  const spec = groupings[gi];
  const id = "group:" + spec.key + ":" + value;
  const members = new Set(ids);
  const colour = mostCommon(ids.map(function (m) { return nodeById.get(m).colour; }));
  const border = mostCommon(ids.map(function (m) { return nodeById.get(m).border; }));
  network.cluster({
    joinCondition: function (o) { return members.has(o.id); },
    clusterNodeProperties: {
      id: id,
      label: "", // named by map-labels.js (vis-network would write "cluster")
      shape: "dot",
      size: Math.min(60, 10 + 2.5 * Math.sqrt(ids.length)),
      borderWidth: 2.5,
      borderWidthSelected: 4,
      allowSingleNodeCluster: true,
      color: { background: colour, border: border, highlight: { background: colour, border: "#111827" },
               hover: { background: colour, border: "#111827" } },
    },
    clusterEdgeProperties: { color: { color: "#9aa3ad", highlight: "#111827", hover: "#374151", opacity: 0.55 } },
  }, refresh);
  const name = spec.values[value];
  const count = plural(ids.length, "node", "nodes");
  clusters.set(id, {
    id: id,
    value: value,
    members: ids,
    lines: spec.lines[value].concat([count]),
    info: {
      title: name,
      meta: "Group of " + count + " · " + spec.label,
      hint: "Double-click to open this group; double-click one of its nodes to close it again.",
      members: ids,
      actions: [{ label: "Open this group", run: function () { openGroup(id); } }],
    },
  });
  for (const m of ids) clusteredIn.set(m, id);
}
function groupMembers(gi) {
  const members = groupings[gi].values.map(function () { return []; });
  for (const n of byRank) if (!hiddenNodes.has(n.id)) members[n.g[gi]].push(n.id); // best connected first
  return members;
}
function groupAll() {
  if (!state.group) return;
  const gi = groupingIndex(state.group);
  if (gi < 0) {
    state.group = "";
    return;
  }
  const members = groupMembers(gi);
  const todo = [];
  members.forEach(function (ids, value) { if (ids.length && !state.opened.has(value)) todo.push(value); });
  todo.forEach(function (value, i) { foldGroup(gi, value, members[value], i === todo.length - 1); });
}
function ungroupAll() {
  const ids = Array.from(clusters.keys());
  ids.forEach(function (id, i) { network.openCluster(id, undefined, i === ids.length - 1); });
  clusters.clear();
  clusteredIn.clear();
}
function groupsChanged() {
  updateCounts();
  computeFocus();
  renderBreadcrumb();
  requestRedraw();
  changed();
}
function setGroup(key) {
  ungroupAll();
  state.group = groupingIndex(key) >= 0 ? key : "";
  state.opened = new Set();
  if (groupSelect) groupSelect.value = state.group;
  groupAll();
  groupsChanged();
}
function openGroup(id) {
  const group = clusters.get(id);
  if (!group) return;
  network.openCluster(id);
  clusters.delete(id);
  for (const m of group.members) clusteredIn.delete(m);
  state.opened.add(group.value);
  if (panelFor === id) hidePanel();
  groupsChanged();
}
function closeGroup(value) {
  const gi = groupingIndex(state.group);
  if (gi < 0 || !state.opened.has(value)) return;
  state.opened.delete(value);
  const ids = groupMembers(gi)[value];
  if (ids.length) foldGroup(gi, value, ids, true);
  groupsChanged();
}
/* What the panel of node id offers: closing the open group it is in (as a double-click on it does). */
function groupActions(id) {
  const gi = groupingIndex(state.group);
  if (gi < 0 || clusterOf(id)) return [];
  const value = nodeById.get(id).g[gi];
  if (!state.opened.has(value)) return [];
  return [{ label: "Close the group \u201c" + groupings[gi].values[value] + "\u201d", run: function () {
    closeGroup(value);
    hidePanel();
  } }];
}
function openGroupOf(id) {
  const holder = clusterOf(id);
  if (holder) openGroup(holder);
}
network.on("doubleClick", function (params) {
  const id = params.nodes[0];
  if (id === undefined) return;
  if (clusters.has(id)) {
    openGroup(id);
  } else if (state.group && nodeById.has(id)) {
    closeGroup(nodeById.get(id).g[groupingIndex(state.group)]);
  }
});
if (groupSelect) {
  groupSelect.addEventListener("change", function () { setGroup(groupSelect.value); });
}
