// Draws ```mermaid blocks with the self-hosted Mermaid (assets/vendor/mermaid),
// only on pages that have one, and again when the reader switches palette.
// Material's own Mermaid support would load the library from a CDN.
(function () {
  "use strict";

  const base = new URL("../vendor/mermaid/", document.currentScript.src);
  let mermaidPromise = null;

  function loadMermaid() {
    mermaidPromise ??= import(new URL("mermaid.esm.min.mjs", base).href).then((m) => m.default);
    return mermaidPromise;
  }

  function isDark() {
    return document.body.getAttribute("data-md-color-scheme") === "slate";
  }

  let counter = 0;

  async function draw() {
    const blocks = document.querySelectorAll("pre.mermaid-diagram, div.mermaid-diagram");
    if (blocks.length === 0) return;
    const mermaid = await loadMermaid();
    mermaid.initialize({ startOnLoad: false, theme: isDark() ? "dark" : "default", securityLevel: "strict" });
    for (const block of blocks) {
      block.dataset.source ??= block.textContent;
      try {
        const { svg } = await mermaid.render(`diagram-${++counter}`, block.dataset.source);
        block.innerHTML = svg;
        block.setAttribute("role", "img");
        block.setAttribute("aria-label", "Diagram: " + block.dataset.source.split("\n")[0]);
        block.dataset.rendered = "";
      } catch (error) {
        // Leave the source text in place: a diagram that fails to draw is still readable.
        console.warn("diagram could not be drawn", error);
      }
    }
  }

  // Material's instant navigation swaps pages without a reload; document$ fires each time.
  if (window.document$) {
    window.document$.subscribe(() => void draw());
  } else {
    document.addEventListener("DOMContentLoaded", () => void draw());
  }
  new MutationObserver(() => void draw()).observe(document.body, {
    attributes: true,
    attributeFilter: ["data-md-color-scheme"],
  });
})();
