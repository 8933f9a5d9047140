// The query page's formatter: re-indents SPARQL text by its braces, one triple pattern (or clause) a line,
// keywords in capitals, and keeps everything else as written: comments (the # Param: header too), blank
// lines, the spelling of names, strings and IRIs, and whether operators touch their neighbours (so that
// property paths such as pk:hasPartner|^pk:partnerIn are never split). A short group of one statement
// stays on one line: OPTIONAL { ?node rdfs:label ?label }. Formatting formatted text changes nothing.
// It never evaluates anything and touches no page markup: PartnerkgPage.formatSparql(text) returns text.
"use strict";

(() => {
  const TOKEN = new RegExp([
    /(?<ws>\s+)/,
    /(?<comment>#[^\n\r]*)/,
    /(?<string>"""(?:[^"\\]|\\[\s\S]|"(?!""))*"""|'''(?:[^'\\]|\\[\s\S]|'(?!''))*'''|"(?:[^"\\\n\r]|\\.)*"|'(?:[^'\\\n\r]|\\.)*')/,
    /(?<iri><[^<>"{}|^`\\\u0000-\u0020]*>)/,
    /(?<var>[?$][A-Za-z0-9_\u00B7\u00C0-\uFFFF]+)/,
    /(?<lang>@[A-Za-z]+(?:-[A-Za-z0-9]+)*)/,
    /(?<name>[A-Za-z_\u00C0-\uFFFF][\w\-.\u00B7\u00C0-\uFFFF]*(?::[\w\-.:%\\\u00B7\u00C0-\uFFFF]*)?|:[\w\-.:%\\\u00B7\u00C0-\uFFFF]*)/,
    /(?<number>\d*\.\d+(?:[eE][+-]?\d+)?|\d+(?:\.\d*)?[eE][+-]?\d+|\d+)/,
    /(?<op>&&|\|\||!=|<=|>=|\^\^|[\s\S])/,
  ].map((r) => r.source).join("|"), "gy");

  // Clause keywords that begin a line, wherever they are (outside parentheses).
  const LINE_KEYWORDS = new Set(["PREFIX", "BASE", "SELECT", "CONSTRUCT", "DESCRIBE", "ASK", "FROM", "GROUP",
    "ORDER", "HAVING", "LIMIT", "OFFSET", "VALUES", "OPTIONAL", "FILTER", "BIND", "MINUS", "GRAPH", "SERVICE"]);
  // Keywords written in capitals (functions keep the case they were written in).
  const KEYWORDS = new Set([...LINE_KEYWORDS, "WHERE", "DISTINCT", "REDUCED", "NAMED", "BY", "ASC", "DESC",
    "UNION", "AS", "NOT", "EXISTS", "IN", "UNDEF", "SILENT"]);
  // After these a parenthesis is a list, not a call: a space before it.
  const SPACED_BEFORE_PAREN = new Set(["VALUES", "IN", "NOT", "SELECT", "DISTINCT", "REDUCED", "BY", "AS", "WHERE",
    "UNION", "HAVING", "a", "CONSTRUCT", "DESCRIBE"]);
  const STRUCTURE = new Set(["{", "}", "(", ")", "[", "]", ".", ";", ","]);
  const WIDTH = 100;
  const INDENT = "  ";

  function tokenize(text) {
    const tokens = [];
    let ws = "";
    TOKEN.lastIndex = 0;
    while (TOKEN.lastIndex < text.length) {
      const m = TOKEN.exec(text);
      const kind = Object.keys(m.groups).find((k) => m.groups[k] !== undefined);
      let value = m[0];
      if (kind === "ws") {
        ws += value;
        continue;
      }
      if (kind === "name") {
        // a name never ends with a dot: "pk:x." is pk:x and the end of a triple
        const trimmed = value.replace(/\.+$/, "");
        if (trimmed && trimmed !== value) {
          TOKEN.lastIndex -= value.length - trimmed.length;
          value = trimmed;
        }
      }
      tokens.push({ kind, value, space: ws.length > 0 || tokens.length === 0,
                    lines: (ws.match(/\n/g) || []).length, first: tokens.length === 0 });
      ws = "";
    }
    return tokens;
  }

  const upper = (t) => (t.kind === "name" ? t.value.toUpperCase() : null);

  function shown(t) {
    return t.kind === "name" && KEYWORDS.has(t.value.toUpperCase()) ? t.value.toUpperCase() : t.value;
  }

  // Whether a space separates token b from the token a before it, on one line.
  function spaced(a, b) {
    if (!a) return false;
    if (b.kind === "lang") return false;
    if (a.kind === "op" && !STRUCTURE.has(a.value)) return b.space;
    if (b.kind === "op" && !STRUCTURE.has(b.value)) return b.space;
    if (a.value === "(") return false;
    if (b.value === ")" || b.value === ",") return false;
    if (b.value === "(") {
      if (a.kind === "name") return SPACED_BEFORE_PAREN.has(KEYWORDS.has(upper(a)) ? upper(a) : a.value);
      if (a.kind === "iri") return b.space;
      return true;
    }
    if (b.value === ";") return a.kind !== "op" || a.value !== "(";
    if (a.value === "[" && b.value === "]") return false;
    return true;
  }

  function matching(tokens, i) {
    let depth = 0;
    for (let j = i; j < tokens.length; j++) {
      if (tokens[j].value === "{" && tokens[j].kind === "op") depth++;
      else if (tokens[j].value === "}" && tokens[j].kind === "op" && --depth === 0) return j;
    }
    return -1;
  }

  // The group tokens[i..j] (braces included) on one line, or null when it should be a block.
  function inline(tokens, i, j) {
    for (let k = i + 1; k < j; k++) {
      const t = tokens[k];
      if (t.kind === "comment" || (t.kind === "op" && (t.value === "{" || t.value === "}"))) return null;
      if (t.kind === "op" && t.value === "." && k !== j - 1) return null;  // one statement at most
    }
    let text = "{";
    for (let k = i + 1; k <= j; k++) {
      text += (spaced(tokens[k - 1], tokens[k]) || k === i + 1 || k === j ? " " : "") + shown(tokens[k]);
    }
    return text === "{ }" ? "{}" : text;
  }

  function formatSparql(source) {
    const tokens = tokenize(source);
    const lines = [];
    let line = "";          // the line being written, without its indentation
    let depth = 0;          // braces open
    let parens = 0;         // parentheses open
    let brackets = 0;       // square brackets open
      let continued = false;  // after ";": the predicate-object list goes on, indented twice more
    const blocks = [];      // for each open brace: { values: a VALUES data block, parens: parentheses outside }
    let prev = null;

    const indentation = () => INDENT.repeat(Math.max(0, depth) + (continued ? 2 : 0));
    const flush = () => {
      if (line) lines.push(indentation() + line);
      line = "";
    };
    const blank = () => {
      flush();
      if (lines.length && lines[lines.length - 1] !== "") lines.push("");
    };
    const startLine = (t) => {
      if (t && t.lines >= 2) blank();
      else flush();
    };
    const put = (text, t) => {
      line += (line && spaced(prev, t) ? " " : "") + text;
    };

    for (let i = 0; i < tokens.length; i++) {
      const t = tokens[i];
      const word = upper(t);
      const block = blocks[blocks.length - 1];
      if (t.kind === "comment") {
        if (t.lines > 0 || t.first) startLine(t);
        line += (line ? " " : "") + t.value;
        flush();
        prev = t;
        continue;
      }
      if (t.kind === "op" && t.value === "{") {
        const j = matching(tokens, i);
        const isValues = valuesBefore(tokens, i);
        const one = j > 0 ? inline(tokens, i, j) : null;
        if (one !== null && indentation().length + line.length + 1 + one.length <= WIDTH) {
          if (!line) startLine(t);
          line += (line ? " " : "") + one;
          prev = tokens[j];
          i = j;
          afterClose(tokens[j + 1]);
          continue;
        }
        if (!line) startLine(t);
        line += (line ? " " : "") + "{";
        flush();
        blocks.push({ values: isValues, parens, brackets, continued });
        depth++;
        parens = 0;
        brackets = 0;
        continued = false;
        prev = t;
        continue;
      }
      if (t.kind === "op" && t.value === "}") {
        flush();
        const closed = blocks.pop() || { parens: 0, brackets: 0, continued: false };
        depth = Math.max(0, depth - 1);
        parens = closed.parens;
        brackets = closed.brackets;
        continued = closed.continued;
        line = "}";
        prev = t;
        afterClose(tokens[i + 1]);
        continue;
      }
      const atTop = parens === 0 && brackets === 0;
      if (atTop && t.kind === "name" && LINE_KEYWORDS.has(word) && !(word === "VALUES" && prev && upper(prev) === "BY")) {
        startLine(t);
        continued = false;
      } else if (atTop && word === "WHERE" && prev && prev.value === "}") {
        startLine(t);
      } else if (block && block.values && atTop && t.value !== ")") {
        startLine(t);  // one row of a VALUES block a line
      } else if (t.lines >= 2 && !line) {
        blank();
      }
      if (t.kind === "op") {
        if (t.value === "(") parens++;
        else if (t.value === ")") parens = Math.max(0, parens - 1);
        else if (t.value === "[") brackets++;
        else if (t.value === "]") brackets = Math.max(0, brackets - 1);
      }
      put(shown(t), t);
      prev = t;
      if (t.kind === "op" && atTop && depth > 0 && !(block && block.values)) {
        if (t.value === ".") {
          flush();
          continued = false;
        } else if (t.value === ";") {
          flush();
          continued = true;
        }
      }
    }
    flush();

    // what follows a closing brace: "} UNION {", "} .", "})" stay on its line; anything else starts a new one
    function afterClose(next) {
      if (!next) return;
      if (next.kind === "op" && [".", ")", ",", ";", "}"].includes(next.value)) return;
      if (upper(next) === "UNION") return;
      if (next.kind === "comment" && next.lines === 0) return;
      flush();
    }

    while (lines.length && lines[lines.length - 1] === "") lines.pop();
    return lines.map((l) => l.replace(/\s+$/, "")).join("\n") + "\n";
  }

  // Whether the brace at tokens[i] opens the data block of a VALUES clause.
  function valuesBefore(tokens, i) {
    let k = i - 1;
    if (k >= 0 && tokens[k].value === ")") {
      while (k >= 0 && tokens[k].value !== "(") k--;
      k--;
    } else {
      k--;
    }
    return k >= 0 && upper(tokens[k]) === "VALUES";
  }

  globalThis.PartnerkgPage = Object.assign(globalThis.PartnerkgPage || {}, { formatSparql, tokenize });
})();
