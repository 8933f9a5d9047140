/* partnerkg map, part 2 of 6: labels, drawn on the canvas after vis-network has drawn the network.

   Each node's label arrives wrapped on word boundaries (Python's textwrap: never cut inside a word) and
   with a rank (0 = most important, by degree and betweenness). Every frame, labels are placed in rank
   order, groups and the focused neighbourhood first; a label is drawn only where it overlaps no label
   already drawn, and only once its node is drawn big enough on screen for its importance: zooming in
   shows more labels, important nodes are named first, and dense areas stay readable. The full name is
   always in the tooltip and the panel. */
const LABEL_BUDGET = 300; // labels per frame, at most
const LABEL_CELL = 10; // px: the occupancy grid that keeps labels apart
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

/* Draw the labels on ctx (whose transform vis-network has set to canvas space), at pixelRatio device
   pixels per CSS pixel. With collect, return what would be drawn instead (for the SVG export). */
function drawLabels(ctx, pixelRatio, collect) {
  const view = network.body.view;
  const scale = view.scale;
  const tx = view.translation.x;
  const ty = view.translation.y;
  const width = container.clientWidth;
  const height = container.clientHeight;
  const body = network.body.nodes;
  const taken = new Set();
  const out = collect ? [] : null;
  let drawn = 0;
  ctx.save();
  ctx.setTransform(pixelRatio, 0, 0, pixelRatio, 0, 0);
  ctx.textAlign = "center";
  ctx.textBaseline = "top";
  ctx.lineJoin = "round";

  function place(id, lines, font, bold, always, node) {
    const x = node.x * scale + tx;
    const radius = node.options.size * scale;
    const y = node.y * scale + ty + radius + 2;
    const lineHeight = font * LABEL_LINE;
    const h = lines.length * lineHeight;
    if (x < -200 || x > width + 200 || y > height + 4 || y + h < -4) return false;
    ctx.font = (bold ? "600 " : "") + font + "px " + FONT;
    const w = labelWidth(ctx, id, lines, font) + 4;
    const left = Math.floor((x - w / 2) / LABEL_CELL);
    const right = Math.floor((x + w / 2) / LABEL_CELL);
    const top = Math.floor(y / LABEL_CELL);
    const bottom = Math.floor((y + h) / LABEL_CELL);
    if (!always) {
      for (let cx = left; cx <= right; cx++) {
        for (let cy = top; cy <= bottom; cy++) if (taken.has(cx + "," + cy)) return false;
      }
    }
    for (let cx = left; cx <= right; cx++) for (let cy = top; cy <= bottom; cy++) taken.add(cx + "," + cy);
    if (out) {
      out.push({ x: x, y: y, lines: lines, font: font, bold: bold, lineHeight: lineHeight });
    } else {
      ctx.lineWidth = 3;
      ctx.strokeStyle = "rgba(255,255,255,0.92)";
      ctx.fillStyle = "#1f2933";
      lines.forEach(function (line, i) {
        ctx.strokeText(line, x, y + i * lineHeight);
        ctx.fillText(line, x, y + i * lineHeight);
      });
    }
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
    const importance = (n.font - 12) / 4;
    if (!focus.active && node.options.size * scale < 6 - 4 * importance) continue; // too small to name yet
    place(n.id, n.lines, n.font, false, false, node);
  }
  ctx.restore();
  return out;
}
