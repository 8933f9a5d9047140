/* partnerkg map, part 2 of 6: labels, drawn on the canvas after vis-network has drawn the network.

   Each node's label arrives wrapped on word boundaries (Python's textwrap: never cut inside a word) and
   with a rank (0 = most important, by degree and betweenness). Every frame, labels are placed in rank
   order, groups and the focused neighbourhood first; a label goes below its node, else above, right or
   left of it, only where it overlaps no label already drawn, and only once its node is drawn big enough
   on screen for its importance (a radius of 6 px for the least important, half a pixel for the most): zooming
   in shows more labels, important nodes are named first, and dense areas stay readable. The full name is
   always in the tooltip and the panel. */
const LABEL_BUDGET = 300; // labels per frame, at most
const LABEL_CELL = 8; // px: the occupancy grid that keeps labels apart
const LABEL_GAP = 4; // px kept free around each label
const LABEL_LINE = 1.2; // line height, in font sizes
const byRank = data.nodes.slice().sort(function (a, b) { return a.rank - b.rank; });
const labelWidths = new Map(); // node or group id -> [font, widest line in px]

function labelWidth(ctx, id, lines, font) {
  const cached = labelWidths.get(id);
  if (cached && cached[0] === font && cached[2] === lines) return cached[1];
  let widest = 0;
  for (const line of lines) widest = Math.max(widest, ctx.measureText(line).width);
  labelWidths.set(id, [font, widest, lines]);
  return widest;
}

let labelCache = null; // the last placement: {scale, tx, ty, ops}; reused, shifted, while the view is dragged
let panning = false;
network.on("dragStart", function (params) { panning = params.nodes.length === 0; });
network.on("dragEnd", function () {
  if (!panning) return;
  panning = false;
  labelCache = null;
  requestRedraw(); // place the labels afresh where the drag left the view
});

function paintLabels(ctx, pixelRatio, ops, dx, dy) {
  ctx.save();
  ctx.setTransform(pixelRatio, 0, 0, pixelRatio, 0, 0);
  ctx.textAlign = "center";
  ctx.textBaseline = "top";
  ctx.lineJoin = "round";
  ctx.lineWidth = 3;
  ctx.strokeStyle = "rgba(255,255,255,0.92)";
  ctx.fillStyle = "#1f2933";
  for (const op of ops) {
    ctx.font = (op.bold ? "600 " : "") + op.font + "px " + FONT;
    op.lines.forEach(function (line, i) {
      ctx.strokeText(line, op.x + dx, op.y + dy + i * op.lineHeight);
      ctx.fillText(line, op.x + dx, op.y + dy + i * op.lineHeight);
    });
  }
  ctx.restore();
}

/* Draw the labels on ctx (whose transform vis-network has set to canvas space), at pixelRatio device
   pixels per CSS pixel. With collect, return what would be drawn instead (for the SVG export). While the
   view is dragged (not zoomed), the last placement is drawn again, shifted: a pan costs no placing. */
function drawLabels(ctx, pixelRatio, collect) {
  const view = network.body.view;
  if (!collect && panning && labelCache && labelCache.scale === view.scale) {
    paintLabels(ctx, pixelRatio, labelCache.ops, view.translation.x - labelCache.tx, view.translation.y - labelCache.ty);
    return null;
  }
  const scale = view.scale;
  const tx = view.translation.x;
  const ty = view.translation.y;
  const width = container.clientWidth;
  const height = container.clientHeight;
  const body = network.body.nodes;
  const taken = new Set();
  const out = [];
  let drawn = 0;
  ctx.save();

  function free(left, top, w, h) {
    for (let cx = Math.floor(left / LABEL_CELL); cx <= Math.floor((left + w) / LABEL_CELL); cx++) {
      for (let cy = Math.floor(top / LABEL_CELL); cy <= Math.floor((top + h) / LABEL_CELL); cy++) {
        if (taken.has(cx + "," + cy)) return false;
      }
    }
    return true;
  }
  function take(left, top, w, h) {
    for (let cx = Math.floor(left / LABEL_CELL); cx <= Math.floor((left + w) / LABEL_CELL); cx++) {
      for (let cy = Math.floor(top / LABEL_CELL); cy <= Math.floor((top + h) / LABEL_CELL); cy++) taken.add(cx + "," + cy);
    }
  }
  /* Name a node below it, else above, right or left of it, wherever no label is yet (always: below, regardless). */
  function place(id, lines, font, bold, always, node) {
    const px = node.x * scale + tx;
    const py = node.y * scale + ty;
    const radius = node.options.size * scale;
    const lineHeight = font * LABEL_LINE;
    const h = lines.length * lineHeight + LABEL_GAP;
    if (px < -300 || px > width + 300 || py < -300 || py > height + 300) return false;
    ctx.font = (bold ? "600 " : "") + font + "px " + FONT;
    const w = labelWidth(ctx, id, lines, font) + 2 * LABEL_GAP;
    const spots = [[px, py + radius + 2], [px, py - radius - 2 - h], [px + radius + 4 + w / 2, py - h / 2],
                   [px - radius - 4 - w / 2, py - h / 2]];
    let spot = null;
    for (const [x, y] of always ? spots.slice(0, 1) : spots) {
      if (x + w / 2 < 0 || x - w / 2 > width || y + h < 0 || y > height) continue; // off screen
      if (always || free(x - w / 2, y, w, h)) {
        spot = [x, y];
        break;
      }
    }
    if (!spot) return false;
    const [x, y] = spot;
    take(x - w / 2, y, w, h);
    out.push({ id: id, x: x, y: y, w: w, h: h, lines: lines, font: font, bold: bold, lineHeight: lineHeight });
    drawn++;
    return true;
  }
  function drawable(id) {
    const node = body[id];
    return node && !node.options.hidden && !clusterOf(id) ? node : null;
  }
  for (const group of drawnGroups()) { // groups first, always named
    const node = body[group.id];
    if (node) place(group.id, group.lines, 13, true, true, node);
  }
  if (focus.active) {
    const current = focus.trail[focus.trail.length - 1];
    const node = drawable(current);
    if (node) place(current, nodeById.get(current).lines, 15, true, true, node);
  }
  for (const n of byRank) {
    if (drawn >= LABEL_BUDGET) break;
    if (focus.active && !focus.nodes.has(n.id)) continue; // greyed: unnamed
    if (focus.active && n.id === focus.trail[focus.trail.length - 1]) continue;
    const node = drawable(n.id);
    if (!node) continue;
    const importance = byRank.length > 1 ? 1 - n.rank / (byRank.length - 1) : 1;
    if (!focus.active && node.options.size * scale < 6 - 5.5 * importance) continue; // too small to name yet
    place(n.id, n.lines, n.font, false, false, node);
  }
  ctx.restore();
  if (collect) return out;
  labelCache = { scale: scale, tx: tx, ty: ty, ops: out };
  paintLabels(ctx, pixelRatio, out, 0, 0);
  return null;
}
