// What the site does in the browser, on every page (build/website.py copies this file):
// - search: the box in the header searches every section of the course, offline;
// - a link to a section inside a closed "Going deeper" aside opens the aside;
// - code, outputs and formulas wider than the page scroll sideways, and can be scrolled
//   from the keyboard (each gets a tab stop while it is wider than its box).
"use strict";

(function () {
  const RESULTS_SHOWN = 8;
  const SNIPPET = 70;   // characters of context on each side of the first match

  // ---- Search ------------------------------------------------------------------------
  // A page opened from disk may not fetch() files, but it may load scripts: the index is a
  // script (search-index.js) that sets COURSE_SEARCH, loaded with MiniSearch on first use.
  let engine = null;

  function loadScript(src) {
    return new Promise((resolve, reject) => {
      const script = document.createElement("script");
      script.src = src;
      script.onload = resolve;
      script.onerror = () => reject(new Error(`could not load ${src}`));
      document.head.append(script);
    });
  }

  function searchEngine() {
    if (!engine) {
      engine = Promise.all([loadScript("vendor/minisearch/index.js"), loadScript("search-index.js")])
        .then(() => {
          const index = new window.MiniSearch({
            fields: ["title", "lesson", "text"],
            storeFields: ["title", "lesson", "url", "text"],
            searchOptions: {boost: {title: 3}, prefix: true,
                            fuzzy: term => (term.length > 4 ? 0.2 : false)},
          });
          index.addAll(window.COURSE_SEARCH);
          return index;
        });
    }
    return engine;
  }

  // The text around the first matched word, with the matches marked, as DOM nodes.
  function snippet(text, terms) {
    const lower = text.toLowerCase();
    const first = Math.min(...terms.map(t => lower.indexOf(t)).filter(i => i >= 0), text.length);
    const start = Math.max(0, first - SNIPPET);
    let piece = text.slice(start, first + SNIPPET * 2);
    piece = (start > 0 ? "…" : "") + piece + (first + SNIPPET * 2 < text.length ? "…" : "");
    const paragraph = document.createElement("p");
    const escaped = terms.map(t => t.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")).filter(Boolean);
    const parts = escaped.length ? piece.split(new RegExp(`(${escaped.join("|")})`, "i")) : [piece];
    parts.forEach((part, i) => {
      if (i % 2) {
        const mark = document.createElement("mark");
        mark.textContent = part;
        paragraph.append(mark);
      } else {
        paragraph.append(part);
      }
    });
    return paragraph;
  }

  function showResults(box, results, query) {
    const panel = box.parentElement.querySelector(".course-search-panel");
    const status = panel.querySelector(".course-search-status");
    const list = panel.querySelector(".course-search-results");
    list.replaceChildren();
    list.dataset.query = query;   // which query these results answer (the reader may type on)
    for (const result of results.slice(0, RESULTS_SHOWN)) {
      const item = document.createElement("li");
      const link = document.createElement("a");
      link.href = result.url;
      const where = document.createElement("span");
      where.className = "course-search-lesson";
      where.textContent = result.lesson;
      const title = document.createElement("strong");
      title.textContent = result.title;
      link.append(title, where);
      item.append(link, snippet(result.text, result.terms));
      list.append(item);
    }
    const shown = Math.min(results.length, RESULTS_SHOWN);
    status.textContent = results.length
      ? `${results.length} section${results.length > 1 ? "s" : ""} found` +
        (results.length > shown ? `, the best ${shown} shown` : "") + ": ↓ and Enter to open one."
      : `Nothing found for “${query}”.`;
    panel.hidden = false;
  }

  async function runSearch(box) {
    const query = box.value.trim();
    const panel = box.parentElement.querySelector(".course-search-panel");
    if (query.length < 2) {
      panel.hidden = true;
      return;
    }
    try {
      const index = await searchEngine();
      if (box.value.trim() !== query) return;   // the reader typed on meanwhile
      let results = index.search(query, {combineWith: "AND"});
      if (!results.length) results = index.search(query, {combineWith: "OR"});
      showResults(box, results, query);
    } catch (error) {
      panel.querySelector(".course-search-status").textContent = `The search could not start: ${error.message}.`;
      panel.hidden = false;
    }
  }

  function setUpSearch(container) {
    const box = container.querySelector("input");
    const panel = container.querySelector(".course-search-panel");
    const links = () => [...panel.querySelectorAll("a")];
    let timer = null;
    box.addEventListener("input", () => {
      clearTimeout(timer);
      timer = setTimeout(() => runSearch(box), 60);
    });
    box.addEventListener("focus", () => searchEngine().catch(() => {}));   // load while the reader types
    box.addEventListener("click", () => {   // back in the box: the results again
      if (box.value.trim().length >= 2 && links().length) panel.hidden = false;
    });
    container.addEventListener("keydown", event => {
      const all = links();
      const at = all.indexOf(document.activeElement);
      if (event.key === "Escape") {
        panel.hidden = true;
        box.focus();
      } else if (event.key === "ArrowDown" && all.length) {
        panel.hidden = false;
        all[Math.min(at + 1, all.length - 1)].focus();
      } else if (event.key === "ArrowUp" && at >= 0) {
        (at === 0 ? box : all[at - 1]).focus();
      } else if (event.key === "Enter" && event.target === box && all.length) {
        all[0].click();
      } else {
        return;
      }
      event.preventDefault();
    });
    container.addEventListener("focusout", event => {
      if (!container.contains(event.relatedTarget)) panel.hidden = true;
    });
    panel.addEventListener("click", event => {
      if (event.target.closest("a")) panel.hidden = true;   // a link on this page: close
    });
    document.addEventListener("keydown", event => {   // "/" goes to the search box
      const typing = event.target.closest("input, textarea, select, [contenteditable]");
      if (event.key === "/" && !typing && !event.ctrlKey && !event.metaKey && !event.altKey) {
        event.preventDefault();
        box.focus();
      }
    });
  }

  // ---- A link into a closed aside opens it -----------------------------------------
  function revealTarget() {
    const id = decodeURIComponent(location.hash.slice(1));
    const target = id && document.getElementById(id);
    if (!target) return;
    let opened = false;
    for (let node = target; node; node = node.parentElement) {
      if (node.tagName === "DETAILS" && !node.open) {
        node.open = true;
        opened = true;
      }
    }
    if (opened) target.scrollIntoView();
  }

  // ---- What scrolls sideways can be scrolled from the keyboard -------------------------
  const SCROLLERS = ".jp-InputArea-editor pre, .jp-OutputArea-output, div.MathJax_MathML, " +
                    ".jp-RenderedMarkdown pre, .jp-RenderedMarkdown table";

  function markScrollers() {
    for (const element of document.querySelectorAll(SCROLLERS)) {
      if (element.scrollWidth > element.clientWidth + 1) {
        element.tabIndex = 0;
      } else if (element.getAttribute("tabindex") === "0") {
        element.removeAttribute("tabindex");
      }
    }
  }

  document.addEventListener("DOMContentLoaded", () => {
    document.querySelectorAll(".course-search").forEach(setUpSearch);
    revealTarget();
    markScrollers();
    if (window.MathJax && window.MathJax.Hub) {   // formulas change the layout once typeset
      window.MathJax.Hub.Queue(markScrollers, revealTarget);
    }
  });
  window.addEventListener("hashchange", revealTarget);
  window.addEventListener("resize", () => {
    clearTimeout(markScrollers.timer);
    markScrollers.timer = setTimeout(markScrollers, 200);
  });
})();
