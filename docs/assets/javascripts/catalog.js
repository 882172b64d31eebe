// Catalog behaviour on every page: copy buttons for citations, the filter on
// the home page's catalog, and keyboard shortcuts. Set up again on each
// instant-navigation page change (document$), with one global key handler.
(function () {
  "use strict";

  // The service worker (sw.js at the site root) keeps the catalog usable
  // offline once a reader has run a snippet; see that file's header.
  const siteRoot = new URL("../../", document.currentScript.src);
  if ("serviceWorker" in navigator && siteRoot.protocol.startsWith("http")) {
    navigator.serviceWorker.register(new URL("sw.js", siteRoot), { scope: siteRoot.pathname }).catch(() => {
      // Offline support is an extra; the site works without it.
    });
  }

  function announce(button, message) {
    const original = button.dataset.label ?? button.textContent;
    button.dataset.label = original;
    button.textContent = message;
    setTimeout(() => (button.textContent = original), 2000);
  }

  async function copyCitation(button) {
    try {
      await navigator.clipboard.writeText(button.dataset.cite);
      announce(button, "Copied");
    } catch {
      // No clipboard permission: show the text so it can be copied by hand.
      window.prompt("Copy this citation:", button.dataset.cite);
    }
  }

  // ------------------------------------------------------------- filter ---
  function setUpFilter() {
    const catalog = document.querySelector("[data-catalog]");
    if (!catalog || catalog.querySelector(".catalog-filter")) return;
    const form = document.createElement("form");
    form.className = "catalog-filter";
    form.setAttribute("role", "search");
    form.addEventListener("submit", (event) => event.preventDefault());
    const text = document.createElement("input");
    text.type = "search";
    text.placeholder = "Filter by ID, title or rule";
    text.setAttribute("aria-label", "Filter patterns by ID, title or rule");
    const part = document.createElement("select");
    part.setAttribute("aria-label", "Filter patterns by part");
    part.append(new Option("All parts", ""));
    for (const section of catalog.querySelectorAll("[data-part]")) {
      part.append(new Option(section.dataset.partTitle, section.dataset.part));
    }
    const count = document.createElement("output");
    count.setAttribute("aria-live", "polite");
    form.append(text, part, count);
    catalog.prepend(form);

    const apply = () => {
      const words = text.value.trim().toLowerCase().split(/\s+/).filter(Boolean);
      let shown = 0;
      for (const section of catalog.querySelectorAll("[data-part]")) {
        const partMatches = !part.value || section.dataset.part === part.value;
        let visibleRows = 0;
        for (const row of section.querySelectorAll("tbody tr")) {
          // "41" finds P041: the ID's number is searched without its zeros.
          const haystack = (row.textContent + " " + row.cells[0].textContent.replace(/^P0*/, "")).toLowerCase();
          const visible = partMatches && words.every((w) => haystack.includes(w));
          row.hidden = !visible;
          if (visible) visibleRows += 1;
        }
        section.hidden = visibleRows === 0;
        shown += visibleRows;
      }
      count.textContent = `${shown} pattern${shown === 1 ? "" : "s"}`;
    };
    text.addEventListener("input", apply);
    part.addEventListener("change", apply);
    apply();
  }

  // ---------------------------------------------------------- shortcuts ---
  function typingInto(target) {
    return target.closest("input, textarea, select, [contenteditable], .cm-editor");
  }

  document.addEventListener("keydown", (event) => {
    if (event.defaultPrevented || event.altKey || event.ctrlKey || event.metaKey) return;
    if (typingInto(event.target)) return;
    if (event.key === "/") {
      const toggle = document.querySelector("#__search");
      const input = document.querySelector(".md-search__input");
      if (!toggle || !input) return;
      event.preventDefault();
      toggle.checked = true;
      toggle.dispatchEvent(new Event("change"));
      input.focus();
    } else if ((event.key === "ArrowLeft" || event.key === "ArrowRight") && !event.shiftKey) {
      // Only on pattern pages, and to the previous or next *pattern*, skipping part pages.
      const direction = event.key === "ArrowLeft" ? "prev" : "next";
      const link = document.querySelector(`a.pattern-nav__${direction}`);
      if (link) {
        event.preventDefault();
        link.click();
      }
    }
  });

  document.addEventListener("click", (event) => {
    const button = event.target.closest("button[data-cite]");
    if (button) void copyCitation(button);
  });

  if (window.document$) window.document$.subscribe(setUpFilter);
  else document.addEventListener("DOMContentLoaded", setUpFilter);
})();
