// The entry point of partnerkg/server/page/vendor/editor.js: the pieces of CodeMirror 6 the query page uses,
// with SPARQL support (codemirror-lang-sparql), exposed as one global, PartnerkgEditor. The page's own code
// (partnerkg/server/page/app.js) builds the editor from them; nothing here fetches or evaluates anything.
export { EditorState, Compartment, StateEffect, StateField } from "@codemirror/state";
export {
  EditorView, keymap, lineNumbers, highlightActiveLine, highlightActiveLineGutter, highlightSpecialChars,
  drawSelection, dropCursor, rectangularSelection, crosshairCursor, placeholder, Decoration,
} from "@codemirror/view";
export {
  syntaxHighlighting, defaultHighlightStyle, HighlightStyle, bracketMatching, indentOnInput, foldGutter,
  foldKeymap, syntaxTree, indentUnit,
} from "@codemirror/language";
export { defaultKeymap, history, historyKeymap, indentWithTab } from "@codemirror/commands";
export {
  autocompletion, completionKeymap, closeBrackets, closeBracketsKeymap, startCompletion, completionStatus,
  currentCompletions, acceptCompletion,
} from "@codemirror/autocomplete";
export { linter, lintGutter, lintKeymap, setDiagnostics, forceLinting, diagnosticCount } from "@codemirror/lint";
export { searchKeymap, highlightSelectionMatches } from "@codemirror/search";
export { tags, classHighlighter } from "@lezer/highlight";
export { sparql, SparqlLanguage } from "codemirror-lang-sparql";
