// The code editor (CodeMirror 6), bundled with esbuild at site build into
// assets/runner/editor.bundle.js and loaded only when a reader shows intent.
import { indentWithTab } from "@codemirror/commands";
import { python } from "@codemirror/lang-python";
import { EditorState, Prec } from "@codemirror/state";
import { EditorView, keymap } from "@codemirror/view";
import { basicSetup } from "codemirror";

export function createEditor(parent, doc, { onRun, label }) {
  const view = new EditorView({
    parent,
    state: EditorState.create({
      doc,
      extensions: [
        basicSetup,
        python(),
        // Ctrl/Cmd+Enter runs (above the default binding, which inserts a line).
        Prec.highest(keymap.of([{ key: "Mod-Enter", run: () => (onRun(), true) }])),
        // Tab indents; Escape then Tab leaves the editor, so keyboard users are never trapped.
        keymap.of([indentWithTab]),
        EditorView.contentAttributes.of({ "aria-label": label }),
        EditorView.theme({
          "&": { fontSize: "0.85em", backgroundColor: "var(--md-code-bg-color)", color: "var(--md-code-fg-color)" },
          ".cm-content": { fontFamily: "var(--md-code-font-family)", caretColor: "var(--md-code-fg-color)" },
          ".cm-gutters": { backgroundColor: "var(--md-code-bg-color)", color: "var(--md-default-fg-color--light)", border: "none" },
          ".cm-activeLine, .cm-activeLineGutter": { backgroundColor: "var(--md-default-fg-color--lightest)" },
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
