// The code editor (CodeMirror 6), bundled with esbuild at site build into
// assets/runner/editor.bundle.js and loaded only when a reader shows intent.
import { indentWithTab } from "@codemirror/commands";
import { HighlightStyle, syntaxHighlighting } from "@codemirror/language";
import { python } from "@codemirror/lang-python";
import { EditorState, Prec } from "@codemirror/state";
import { EditorView, keymap } from "@codemirror/view";
import { tags } from "@lezer/highlight";
import { basicSetup } from "codemirror";

// The same colours as the highlighted blocks around it, taken from Material's
// variables, so the editor follows the light and dark schemes. CodeMirror's
// default style has fixed colours that fail contrast on the dark scheme.
const hl = (name) => `var(--md-code-hl-${name}-color)`;
const materialHighlight = HighlightStyle.define([
  { tag: [tags.keyword, tags.controlKeyword, tags.definitionKeyword, tags.moduleKeyword], color: hl("keyword") },
  { tag: [tags.string, tags.special(tags.string)], color: hl("string") },
  { tag: [tags.number, tags.bool, tags.null], color: hl("number") },
  { tag: tags.comment, color: hl("comment"), fontStyle: "italic" },
  { tag: [tags.function(tags.variableName), tags.function(tags.propertyName)], color: hl("function") },
  { tag: [tags.definition(tags.variableName), tags.className], color: hl("constant") },
  { tag: [tags.operator, tags.operatorKeyword], color: hl("operator") },
  { tag: [tags.punctuation, tags.bracket], color: hl("punctuation") },
  { tag: tags.meta, color: hl("special") },
]);

export function createEditor(parent, doc, { onRun, label }) {
  const view = new EditorView({
    parent,
    state: EditorState.create({
      doc,
      extensions: [
        basicSetup,
        python(),
        syntaxHighlighting(materialHighlight),
        // Long lines wrap instead of scrolling sideways: nothing is hidden on a
        // phone, and the editor holds no scroll region a keyboard cannot reach.
        EditorView.lineWrapping,
        // Ctrl/Cmd+Enter runs (above the default binding, which inserts a line).
        Prec.highest(keymap.of([{ key: "Mod-Enter", run: () => (onRun(), true) }])),
        // Tab indents; Escape then Tab leaves the editor, so keyboard users are never trapped.
        keymap.of([indentWithTab]),
        EditorView.contentAttributes.of({ "aria-label": label }),
        EditorView.theme({
          "&": { fontSize: "0.85em", backgroundColor: "var(--md-code-bg-color)", color: "var(--md-code-fg-color)" },
          ".cm-content": { fontFamily: "var(--md-code-font-family)", caretColor: "var(--md-code-fg-color)" },
          ".cm-gutters": { backgroundColor: "var(--md-code-bg-color)", color: hl("comment"), border: "none" },
          // The current line is marked in the gutter only: a tinted line would
          // take the code colours below 4.5:1 contrast.
          ".cm-activeLine, .cm-activeLineGutter": { backgroundColor: "transparent" },
          ".cm-activeLineGutter": { color: "var(--md-code-fg-color)", fontWeight: "bold" },
          "&.cm-focused .cm-selectionBackground, .cm-selectionBackground": { backgroundColor: "var(--md-accent-fg-color--transparent)" },
        }),
      ],
    }),
  });
  return {
    getText: () => view.state.doc.toString(),
    setText: (text) => view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: text } }),
    focus: () => view.focus(),
  };
}
