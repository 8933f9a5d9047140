// Builds ../editor.js (one minified IIFE bundle, global PartnerkgEditor) from editor-entry.js, and writes
// ../LICENSES.txt with the licence of every package the bundle contains (read from esbuild's metafile: the
// packages with bytes in the output). Run with `npm ci && node build.mjs` in this folder.
import { build } from "esbuild";
import { readFileSync, writeFileSync, readdirSync } from "node:fs";
import { join } from "node:path";

const result = await build({
  entryPoints: ["editor-entry.js"],
  bundle: true,
  format: "iife",
  globalName: "PartnerkgEditor",
  minify: true,
  legalComments: "none",
  charset: "utf8",
  target: "es2020",
  outfile: "../editor.js",
  metafile: true,
  logLevel: "warning",
});

const packages = new Map();
const output = Object.values(result.metafile.outputs)[0];
for (const [input, { bytesInOutput }] of Object.entries(output.inputs)) {
  const m = bytesInOutput > 0 && input.match(/^node_modules\/((?:@[^/]+\/)?[^/]+)\//);
  if (m) packages.set(m[1], join("node_modules", m[1]));
}
const sections = [...packages.keys()].sort().map((name) => {
  const dir = packages.get(name);
  const meta = JSON.parse(readFileSync(join(dir, "package.json"), "utf8"));
  const file = readdirSync(dir).find((f) => /^licen[cs]e/i.test(f));
  if (!file) throw new Error(`${name} ships no licence file`);
  const text = readFileSync(join(dir, file), "utf8").trim();
  return `${"=".repeat(78)}\n${name} ${meta.version} (${meta.license}), ${file}\n${"=".repeat(78)}\n\n${text}\n`;
});
writeFileSync("../LICENSES.txt",
  "The licences of the npm packages bundled into editor.js (see README.md), each as its package ships it.\n\n"
  + sections.join("\n"));
console.log(`editor.js: ${[...packages.keys()].sort().join(", ")}`);
