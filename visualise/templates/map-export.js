/* partnerkg map, part 5 of 6: "Save as PNG" and "Save as SVG" of the current view.

   Both draw the view exactly as the screen shows it (same camera, filters, focus, groups and labels) by
   having vis-network's renderer draw once more into another 2D context: for PNG an off-screen canvas at
   twice the resolution, for SVG the recorder below, which writes each path vis-network draws as an SVG
   path. (The svgcanvas library does the same through the DOM; it took 5 s for a 5,000-node view and
   logged an error for every closePath vis-network issues, so the page keeps this small recorder.) */
const PNG_SCALE = 2;

function renderInto(ctx, ratio) {
  const canvas = network.canvas;
  const saved = canvas.pixelRatio;
  canvas.pixelRatio = ratio;
  canvas.getContext = function () { return ctx; }; // an own property, shadowing vis-network's method
  try {
    network.renderer._redraw();
  } finally {
    delete canvas.getContext;
    canvas.pixelRatio = saved;
    network.redraw();
  }
}
function fileName(suffix) {
  return "partnerkg-" + (data.view || "map") + "." + suffix;
}
function download(blob, name) {
  const a = document.createElement("a");
  a.href = URL.createObjectURL(blob);
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(function () { URL.revokeObjectURL(a.href); }, 30000);
}

/* The current view as a PNG at PNG_SCALE × the size it has on screen, on white. */
function pngBlob() {
  const width = container.clientWidth;
  const height = container.clientHeight;
  const drawing = document.createElement("canvas");
  drawing.width = Math.round(width * PNG_SCALE);
  drawing.height = Math.round(height * PNG_SCALE);
  renderInto(drawing.getContext("2d"), PNG_SCALE);
  const out = document.createElement("canvas");
  out.width = drawing.width;
  out.height = drawing.height;
  const ctx = out.getContext("2d");
  ctx.fillStyle = "#ffffff";
  ctx.fillRect(0, 0, out.width, out.height);
  ctx.drawImage(drawing, 0, 0);
  return new Promise(function (resolve) { out.toBlob(resolve, "image/png"); });
}

/* ---------- SVG ---------- */
function escapeXml(text) {
  return String(text).replace(/[&<>"']/g, function (c) {
    return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c];
  });
}
function paint(style, alpha) {
  // [colour, opacity] of a canvas colour; rgba() is split, since SVG 1.1 readers want opacity apart
  if (typeof style !== "string") return null;
  const rgba = /^rgba\(\s*([\d.]+)\s*,\s*([\d.]+)\s*,\s*([\d.]+)\s*,\s*([\d.]+)\s*\)$/.exec(style);
  if (rgba) return ["rgb(" + rgba[1] + "," + rgba[2] + "," + rgba[3] + ")", Number(rgba[4]) * alpha];
  return [style, alpha];
}
function num(v) {
  return String(Math.round(v * 100) / 100);
}
class SvgRecorder {
  constructor(width, height) {
    this.width = width;
    this.height = height;
    this.parts = [];
    this.collectLabels = true; // map-view.js hands the labels over instead of drawing them
    this.labels = [];
    this.m = [1, 0, 0, 1, 0, 0];
    this.stack = [];
    this.d = [];
    this.box = null;
    this.open = false; // the path has a current point
    this.fillStyle = "#000000";
    this.strokeStyle = "#000000";
    this.lineWidth = 1;
    this.globalAlpha = 1;
    this.lineCap = "butt";
    this.lineJoin = "miter";
    this.dash = [];
    this.font = "10px sans-serif";
    this.textAlign = "start";
    this.textBaseline = "alphabetic";
    this.measurer = document.createElement("canvas").getContext("2d");
  }
  save() {
    this.stack.push([this.m.slice(), this.fillStyle, this.strokeStyle, this.lineWidth, this.globalAlpha,
                     this.lineCap, this.lineJoin, this.dash.slice(), this.font, this.textAlign, this.textBaseline]);
  }
  restore() {
    const s = this.stack.pop();
    if (!s) return;
    [this.m, this.fillStyle, this.strokeStyle, this.lineWidth, this.globalAlpha, this.lineCap, this.lineJoin,
     this.dash, this.font, this.textAlign, this.textBaseline] = s;
  }
  setTransform(a, b, c, d, e, f) {
    this.m = typeof a === "object" ? [a.a, a.b, a.c, a.d, a.e, a.f] : [a, b, c, d, e, f];
  }
  resetTransform() { this.m = [1, 0, 0, 1, 0, 0]; }
  transform(a, b, c, d, e, f) {
    const m = this.m;
    this.m = [m[0] * a + m[2] * b, m[1] * a + m[3] * b, m[0] * c + m[2] * d, m[1] * c + m[3] * d,
              m[0] * e + m[2] * f + m[4], m[1] * e + m[3] * f + m[5]];
  }
  translate(x, y) { this.transform(1, 0, 0, 1, x, y); }
  scale(x, y) { this.transform(x, 0, 0, y, 0, 0); }
  rotate(angle) { this.transform(Math.cos(angle), Math.sin(angle), -Math.sin(angle), Math.cos(angle), 0, 0); }
  setLineDash(pattern) { this.dash = Array.isArray(pattern) ? pattern.slice() : []; }
  getLineDash() { return this.dash.slice(); }
  k() { return Math.sqrt(Math.abs(this.m[0] * this.m[3] - this.m[1] * this.m[2])); }
  pt(x, y) {
    const m = this.m;
    const p = [m[0] * x + m[2] * y + m[4], m[1] * x + m[3] * y + m[5]];
    const b = this.box;
    if (!b) this.box = [p[0], p[1], p[0], p[1]];
    else { b[0] = Math.min(b[0], p[0]); b[1] = Math.min(b[1], p[1]); b[2] = Math.max(b[2], p[0]); b[3] = Math.max(b[3], p[1]); }
    return num(p[0]) + " " + num(p[1]);
  }
  beginPath() { this.d = []; this.box = null; this.open = false; }
  moveTo(x, y) { this.d.push("M" + this.pt(x, y)); this.open = true; }
  lineTo(x, y) { this.d.push((this.open ? "L" : "M") + this.pt(x, y)); this.open = true; }
  closePath() { if (this.d.length) this.d.push("Z"); }
  quadraticCurveTo(cx, cy, x, y) { this.d.push("Q" + this.pt(cx, cy) + " " + this.pt(x, y)); this.open = true; }
  bezierCurveTo(a, b, c, d, x, y) { this.d.push("C" + this.pt(a, b) + " " + this.pt(c, d) + " " + this.pt(x, y)); this.open = true; }
  rect(x, y, w, h) {
    this.d.push("M" + this.pt(x, y), "L" + this.pt(x + w, y), "L" + this.pt(x + w, y + h), "L" + this.pt(x, y + h), "Z");
    this.open = true;
  }
  ellipse(x, y, rx, ry, rotation, start, end, ccw) { this.arcPath(x, y, rx, ry, start, end, ccw); }
  arc(x, y, r, start, end, ccw) { this.arcPath(x, y, r, r, start, end, ccw); }
  arcPath(x, y, rx, ry, start, end, ccw) {
    const k = this.k();
    const full = Math.abs(end - start) >= 2 * Math.PI - 1e-9;
    const at = function (a) { return [x + rx * Math.cos(a), y + ry * Math.sin(a)]; };
    const first = at(start);
    this.d.push((this.open ? "L" : "M") + this.pt(first[0], first[1]));
    const radii = num(rx * k) + " " + num(ry * k);
    const sweep = ccw ? 0 : 1;
    if (full) {
      const half = at(start + (ccw ? -Math.PI : Math.PI));
      this.d.push("A" + radii + " 0 1 " + sweep + " " + this.pt(half[0], half[1]));
      this.d.push("A" + radii + " 0 1 " + sweep + " " + this.pt(first[0], first[1]));
    } else {
      let delta = ccw ? start - end : end - start;
      delta = ((delta % (2 * Math.PI)) + 2 * Math.PI) % (2 * Math.PI);
      const last = at(end);
      this.d.push("A" + radii + " 0 " + (delta > Math.PI ? 1 : 0) + " " + sweep + " " + this.pt(last[0], last[1]));
    }
    this.open = true;
  }
  visible() {
    const b = this.box;
    return this.d.length > 0 && b && b[2] >= -20 && b[3] >= -20 && b[0] <= this.width + 20 && b[1] <= this.height + 20;
  }
  fill() {
    const p = paint(this.fillStyle, this.globalAlpha);
    if (!p || !this.visible()) return;
    this.parts.push('<path d="' + this.d.join(" ") + '" fill="' + escapeXml(p[0]) + '"'
      + (p[1] < 1 ? ' fill-opacity="' + num(p[1]) + '"' : "") + "/>");
  }
  stroke() {
    const p = paint(this.strokeStyle, this.globalAlpha);
    if (!p || !this.visible()) return;
    const k = this.k();
    const dash = this.dash.length ? ' stroke-dasharray="' + this.dash.map(function (v) { return num(v * k); }).join(" ") + '"' : "";
    this.parts.push('<path d="' + this.d.join(" ") + '" fill="none" stroke="' + escapeXml(p[0]) + '"'
      + (p[1] < 1 ? ' stroke-opacity="' + num(p[1]) + '"' : "") + ' stroke-width="' + num(this.lineWidth * k) + '"'
      + ' stroke-linecap="' + escapeXml(this.lineCap) + '" stroke-linejoin="' + escapeXml(this.lineJoin) + '"' + dash + "/>");
  }
  fillRect(x, y, w, h) { const d = this.d; const box = this.box; this.beginPath(); this.rect(x, y, w, h); this.fill(); this.d = d; this.box = box; }
  strokeRect(x, y, w, h) { const d = this.d; const box = this.box; this.beginPath(); this.rect(x, y, w, h); this.stroke(); this.d = d; this.box = box; }
  clearRect() {}
  clip() {}
  fillText() {}
  strokeText() {}
  drawImage() {}
  isPointInPath() { return false; }
  measureText(text) { this.measurer.font = this.font; return this.measurer.measureText(text); }
  createLinearGradient() { return { addColorStop: function () {} }; }
  createRadialGradient() { return { addColorStop: function () {} }; }

  text(labels) {
    const out = [];
    for (const label of labels) {
      const attrs = ' font-family="' + escapeXml(FONT) + '" font-size="' + num(label.font) + '"'
        + (label.bold ? ' font-weight="600"' : "")
        + ' text-anchor="middle" fill="#1f2933" stroke="#ffffff" stroke-opacity="0.92" stroke-width="3"'
        + ' stroke-linejoin="round" paint-order="stroke"';
      label.lines.forEach(function (line, i) {
        const y = label.y + i * label.lineHeight + label.font * 0.8; // canvas "top" to the SVG baseline
        out.push('<text x="' + num(label.x) + '" y="' + num(y) + '"' + attrs + ">" + escapeXml(line) + "</text>");
      });
    }
    return out;
  }
  svg(title, description) {
    return '<?xml version="1.0" encoding="UTF-8"?>\n'
      + '<svg xmlns="http://www.w3.org/2000/svg" version="1.1" width="' + this.width + '" height="' + this.height
      + '" viewBox="0 0 ' + this.width + " " + this.height + '">\n'
      + "<title>" + escapeXml(title) + "</title>\n<desc>" + escapeXml(description) + "</desc>\n"
      + '<rect x="0" y="0" width="' + this.width + '" height="' + this.height + '" fill="#ffffff"/>\n'
      + this.parts.join("\n") + "\n" + this.text(this.labels).join("\n") + "\n</svg>\n";
  }
}
function svgText() {
  const recorder = new SvgRecorder(container.clientWidth, container.clientHeight);
  renderInto(recorder, 1);
  const title = document.getElementById("map-title").textContent;
  return recorder.svg(title, viewDescription());
}
/* What the saved picture shows, in words: its summary, filters, time range, focus and groups. */
function viewDescription() {
  const parts = [document.getElementById("map-summary").textContent.replace(/\.$/, "")];
  for (const select of selects) {
    if (select.value) parts.push(select.labels[0].firstChild.textContent.trim() + ": " + select.selectedOptions[0].text);
  }
  if (timeActive()) parts.push(document.getElementById("time-span").textContent + (state.undated ? "" : ", years not stated left out"));
  if (focus.active) parts.push("Focus: " + nodeById.get(focus.trail[focus.trail.length - 1]).info.title + " (depth " + state.depth + ")");
  if (state.group) parts.push("Grouped by " + groupings[groupingIndex(state.group)].label.toLowerCase());
  return parts.join(" · ");
}

document.getElementById("save-png").addEventListener("click", function () {
  pngBlob().then(function (blob) { download(blob, fileName("png")); });
});
document.getElementById("save-svg").addEventListener("click", function () {
  download(new Blob([svgText()], { type: "image/svg+xml" }), fileName("svg"));
});
