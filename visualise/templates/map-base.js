/* partnerkg map, part 1 of 6: the data, the network, tooltips and the details panel.

   The page's script is this file and map-labels.js, map-view.js, map-groups.js, map-export.js and
   map-start.js, joined in that order inside one function (visualise/html.py does it; the CSP allows the
   joined text by its hash). All text from the data is inserted with textContent, as option values or as
   canvas text: never as HTML. */
const data = JSON.parse(document.getElementById("map-data").textContent);
const root = document.documentElement;
const container = document.getElementById("network");
const tooltip = document.getElementById("tooltip");
const panel = document.getElementById("panel");
const panelBody = document.getElementById("panel-body");
const countNodes = document.getElementById("count-nodes");
const countEdges = document.getElementById("count-edges");
const countGroups = document.getElementById("count-groups");
const FONT = 'system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "Liberation Sans", Arial, sans-serif';

const nodeById = new Map();
const edgeById = new Map();
const incident = new Map();
const byReference = new Map(); // an IRI or page id, as links name nodes, to the page id
for (const n of data.nodes) {
  nodeById.set(n.id, n);
  incident.set(n.id, []);
  byReference.set(n.id, n.id);
  if (n.info.iri) byReference.set(n.info.iri, n.id);
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
function reference(id) {
  const n = nodeById.get(id);
  return n && n.info.iri ? n.info.iri : id;
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
  if (s.length <= limit) return s;
  const cut = s.slice(0, limit - 1);
  const space = cut.lastIndexOf(" ");
  return (space > limit / 2 ? cut.slice(0, space) : cut).trimEnd() + "…";
}
function safeHttpUrl(text) {
  try {
    const url = new URL(String(text));
    return url.protocol === "http:" || url.protocol === "https:" ? url.href : null;
  } catch (err) {
    return null;
  }
}
function plural(count, one, many) {
  return count.toLocaleString("en-GB") + " " + (count === 1 ? one : many);
}

/* ---------- the network ---------- */
function visNode(n) {
  return {
    id: n.id,
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
  nodes: { font: { face: FONT, size: 13 } }, // labels are drawn by map-labels.js, not by vis-network
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
/* Ask vis-network to draw on its next animation frame: changes made together draw once. */
function requestRedraw() {
  network.body.emitter.emit("_requestRedraw");
}

/* ---------- tooltip ---------- */
function infoOf(id) {
  const n = nodeById.get(id);
  if (n) return n.info;
  const e = edgeById.get(id);
  if (e) return e.info;
  return groupInfo(id); // a group (map-groups.js), or null
}
function showTooltip(info, pointer) {
  if (!info) return;
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
  if (info.hint) tooltip.append(el("div", "meta", info.hint));
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
  showTooltip(infoOf(params.node), params.pointer.DOM);
});
network.on("hoverEdge", function (params) {
  showTooltip(infoOf(params.edge), params.pointer.DOM);
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
/* A plain relative address of an HTML file, as Python checked it (report_links): no scheme, query or fragment. */
const REPORT_HREF = /^(?:\.\.\/)?(?:[A-Za-z0-9_-]+\/)*[A-Za-z0-9_-]+(?:\.[A-Za-z0-9_-]+)*\.html$/;
function addReport(parent, info) {
  /* A partnership's offline report beside the map (info.report, e.g. a build's ../diagnoses/on-track.html):
     a relative link, followed only when clicked, so it works from the build folder without a server. */
  if (typeof info.report !== "string" || !REPORT_HREF.test(info.report)) return;
  const p = el("p", "diagnosis");
  const a = el("a", null, "What the evidence says about this partnership (offline report)");
  a.setAttribute("href", info.report);
  a.rel = "noopener noreferrer";
  a.target = "_blank";
  p.append(a);
  parent.append(p);
}
function addDiagnosis(parent, info) {
  /* A partnership's report on the endpoint the map was made for (data.diagnose: its http(s) base, only there
     with --diagnose-url): a link, followed only when clicked. */
  addReport(parent, info);
  if (!data.diagnose || !info.diagnose || !info.iri) return;
  let url;
  try {
    url = new URL("diagnose", data.diagnose);
  } catch (err) {
    return;
  }
  url.search = new URLSearchParams({ partnership: "<" + info.iri + ">", format: "html" }).toString();
  const href = safeHttpUrl(url.href);
  if (!href) return;
  const p = el("p", "diagnosis");
  const a = el("a", null, "What the evidence says about this partnership");
  a.href = href;
  a.rel = "noopener noreferrer";
  a.target = "_blank";
  p.append(a);
  parent.append(p);
}
function linkList(parent, heading, ids, onChoose) {
  if (!ids.length) return;
  parent.append(el("h3", null, heading + " (" + ids.length.toLocaleString("en-GB") + ")"));
  const ul = el("ul", "links");
  for (const id of ids.slice(0, 40)) {
    const li = el("li");
    const button = el("button", "link-button", nodeById.get(id).info.title);
    button.type = "button";
    button.addEventListener("click", function () { onChoose(id); });
    li.append(button);
    ul.append(li);
  }
  parent.append(ul);
  if (ids.length > 40) parent.append(el("p", "meta", "… and " + (ids.length - 40).toLocaleString("en-GB") + " more"));
}
let panelFor = null; // the id of the node, link or group the panel describes
function showPanel(info, id) {
  if (!info) return;
  panelFor = id;
  panelBody.replaceChildren();
  panelBody.append(el("h2", null, info.title));
  if (info.meta) panelBody.append(el("p", "meta", info.meta));
  if (info.description) panelBody.append(el("p", "description", info.description));
  addRows(panelBody, info.rows);
  addWebsite(panelBody, info.website);
  addDiagnosis(panelBody, info);
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
  if (nodeById.has(id)) {
    const others = incident.get(id).filter(function (e) { return !hiddenEdges.has(e.id); }).map(function (e) {
      return e.from === id ? e.to : e.from;
    });
    others.sort(function (a, b) { return nodeById.get(a).info.title.localeCompare(nodeById.get(b).info.title); });
    linkList(panelBody, "Linked to", others, function (other) { focusOn(other, "push"); });
  }
  const actions = (info.actions || []).concat(nodeById.has(id) ? groupActions(id) : []);
  if (actions.length) {
    for (const action of actions) {
      const button = el("button", "button-quiet", action.label);
      button.type = "button";
      button.addEventListener("click", action.run);
      panelBody.append(button);
    }
  }
  if (info.members) linkList(panelBody, "Members, best connected first", info.members, function (m) { focusOn(m, "new"); });
  if (info.iri) {
    panelBody.append(el("h3", null, "Identifier"));
    panelBody.append(el("code", null, info.iri));
  }
  panel.hidden = false;
  panel.scrollTop = 0;
}
function hidePanel() {
  panel.hidden = true;
  panelFor = null;
}
document.getElementById("panel-close").addEventListener("click", function () {
  hidePanel();
  network.unselectAll();
});
