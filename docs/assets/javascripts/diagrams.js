// Draws ```mermaid blocks with the self-hosted Mermaid (assets/vendor/mermaid).
// Mermaid and the code for a diagram type load only when a diagram comes near
// the viewport, so a reader who never scrolls to one never downloads it; the
// diagram's source stays readable until then. Drawn again on a palette switch.
// (Material's own Mermaid support would load the library from a CDN.)
(function () {
  "use strict";

  const base = new URL("../vendor/mermaid/", document.currentScript.src);
  let mermaidPromise = null;
  let counter = 0;

  function loadMermaid() {
    mermaidPromise ??= import(new URL("mermaid.esm.min.mjs", base).href).then((m) => m.default);
    return mermaidPromise;
  }

  function isDark() {
    return document.body.getAttribute("data-md-color-scheme") === "slate";
  }

  async function draw(block) {
    block.dataset.source ??= block.textContent;
    const mermaid = await loadMermaid();
    mermaid.initialize({
      startOnLoad: false,
      securityLevel: "strict",
      theme: isDark() ? "dark" : "default",
      // Mermaid's dark edge labels are #ccc on #585858 (4.3:1); WCAG AA wants 4.5:1.
      themeVariables: isDark() ? { edgeLabelBackground: "#333333" } : {},
    });
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

  const nearViewport = new IntersectionObserver(
    (entries) => {
      for (const entry of entries) {
        if (!entry.isIntersecting) continue;
        nearViewport.unobserve(entry.target);
        void draw(entry.target);
      }
    },
    { rootMargin: "400px 0px" },
  );

  function setUp() {
    for (const block of document.querySelectorAll("pre.mermaid-diagram, div.mermaid-diagram")) {
      nearViewport.observe(block);
    }
  }

  // Material's instant navigation swaps pages without a reload; document$ fires each time.
  if (window.document$) window.document$.subscribe(setUp);
  else document.addEventListener("DOMContentLoaded", setUp);

  new MutationObserver(() => {
    for (const block of document.querySelectorAll(".mermaid-diagram[data-rendered]")) void draw(block);
  }).observe(document.body, { attributes: true, attributeFilter: ["data-md-color-scheme"] });
})();
