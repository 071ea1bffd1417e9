// Draws the pictures of micrograd/pictures.py from the state that Python computed: a
// backward stepper, a nudge slider, a training player. This file only shows; every number
// comes from Python. anywidget loads it in JupyterLab and calls render(); a picture's stored
// HTML inlines it and calls showStored(), so it also runs on the course site, offline.

function make(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attributes)) {
    if (key === "text") node.textContent = value;
    else if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
    else node.setAttribute(key, value);
  }
  node.append(...children);
  return node;
}

function render({ model, el }) {
  const state = model.get("state");
  el.classList.add("mg-live");
  el.dataset.picture = state.kind;
  el.replaceChildren();
  return { stepper, nudge, player }[state.kind](state, el);
}

// A stored picture: read its state, take its images back as SVG text, and replace the
// static fallback with the live picture.
function showStored(box) {
  const state = JSON.parse(box.querySelector(".mg-state").textContent);
  const fallback = box.querySelector(".mg-fallback");
  state.svgs = Array.from(fallback.querySelectorAll("img.mg-svg"), (img) => {
    const base64 = img.getAttribute("src").split(",")[1];
    return new TextDecoder().decode(Uint8Array.from(atob(base64), (c) => c.charCodeAt(0)));
  });
  const live = document.createElement("div");
  fallback.replaceWith(live);
  render({ model: { get: (key) => (key === "state" ? state : undefined) }, el: live });
}

// An SVG of the state, inline, with a text alternative.
function figure(svgText, label, className) {
  const box = make("div", { class: className });
  box.innerHTML = svgText;
  const svg = box.querySelector("svg");
  svg.setAttribute("role", "img");
  svg.setAttribute("aria-label", label);
  return box;
}

// "Right: ..." or "Not quite: ...": the word on a coloured chip, so it reads without colour too.
function verdict(right, rest) {
  const word = make("strong", { class: right ? "mg-right" : "mg-wrong", text: right ? "Right:" : "Not quite:" });
  return [word, " " + rest];
}

// A typed number: 0.5, -1.5, .5, 1e-3, 0,5 (a decimal comma), 1/2, -3/2; null otherwise.
function parseNumber(text) {
  const number = "[-+]?(?:\\d+(?:[.,]\\d*)?|[.,]\\d+)(?:e[-+]?\\d+)?";
  const match = new RegExp(`^(${number})(?:/(${number}))?$`, "i")
    .exec(text.replace(/\u2212/g, "-").replace(/\s+/g, ""));
  if (!match) return null;
  const value = (s) => Number(s.replace(",", "."));
  const x = match[2] === undefined ? value(match[1]) : value(match[1]) / value(match[2]);
  return Number.isFinite(x) ? x : null;
}

function stepper(state, root) {
  const steps = state.steps;
  let pos = 0;          // steps done
  let armed = null;     // in predict mode: the step whose gradients are being asked for
  let asking = 0;       // ... and which of them
  const answers = new Map();   // "step/reveal" -> true (right), false (wrong), null (shown)

  const said = make("p", { class: "mg-said", "aria-live": "polite" });
  const status = make("p", { class: "mg-status" });
  const graph = figure(state.svgs[0], `${state.title}: the expression graph`, "mg-scroll");
  const drawing = graph.querySelector("svg");   // fit the box down to 70 % of its size, then scroll
  const natural = parseFloat(drawing.getAttribute("width")) * 4 / 3;   // Graphviz sizes in pt
  drawing.style.width = "100%";
  drawing.style.maxWidth = `${natural}px`;
  drawing.style.minWidth = `${0.7 * natural}px`;
  graph.setAttribute("tabindex", "0");
  graph.setAttribute("role", "group");   // focusable, so that a keyboard can scroll it
  graph.setAttribute("aria-label", "The graph (scrolls when it is larger than its box)");
  const groups = new Map();    // a box or arrow of the drawing, by name (n0, n0_op, n1->n0_op)
  for (const g of graph.querySelectorAll("g[data-n]")) {
    const name = g.getAttribute("data-n");
    groups.set(name, [...(groups.get(name) || []), g]);
  }
  const button = (text, keys, action) =>
    make("button", { type: "button", "aria-keyshortcuts": keys, text, onclick: action });
  const reset = button("Reset", "Home", () => go(0, { fresh: true }));
  const back = button("Back", "ArrowLeft", backward);
  const next = button("Next", "ArrowRight", forward);
  const end = button("Run to the end", "End", () => go(steps.length));
  const toggle = make("input", { type: "checkbox" });
  toggle.checked = state.predict;
  toggle.addEventListener("change", () => {
    armed = null;
    update();
    say(toggle.checked ? "Predict mode: Next asks for each gradient before showing it."
                       : "Predict mode is off: Next shows each step at once.");
  });
  const input = make("input", { type: "text", autocomplete: "off", spellcheck: "false", size: "8" });
  const question = make("span");
  const form = make("form", { class: "mg-ask" },
    make("label", {}, question, " ", input), " ",
    make("button", { type: "submit", text: "Check" }), " ",
    button("Show me", "", () => answer(null)));
  form.addEventListener("submit", (event) => { event.preventDefault(); answer(input.value); });
  input.addEventListener("keydown", (event) => {    // JupyterLab cancels a form's own Enter
    if (event.key !== "Enter") return;
    event.preventDefault();
    answer(input.value);
  });
  const log = make("ol", { class: "mg-log", "aria-label": "What each step did" });
  root.append(
    make("p", { class: "mg-title", text: state.title }),
    make("div", { class: "mg-controls" }, reset, back, next, end,
         make("label", { class: "mg-toggle" }, toggle, " Predict each gradient")),
    status, form, said, graph, log,
    make("p", { class: "mg-keys", text: "Keys: \u2192 next, \u2190 back, Home reset, End run to the end." }));

  root.addEventListener("keydown", (event) => {
    const target = event.target;
    if (event.altKey || event.ctrlKey || event.metaKey || target === graph
        || target.matches("input[type=text], input[type=range], textarea")) return;
    const action = { ArrowRight: forward, ArrowLeft: backward, Home: () => go(0, { fresh: true }),
                     End: () => go(steps.length) }[event.key];
    if (action) {
      event.preventDefault();
      event.stopPropagation();     // JupyterLab's own shortcuts stay out of it
      action();
    }
  });

  const unanswered = (k) => steps[k].reveal
    .map((reveal, i) => i)
    .filter((i) => steps[k].reveal[i].range && !answers.has(`${k}/${i}`));

  function say(...parts) {
    said.replaceChildren(...parts);
  }

  function ask(...before) {
    const reveal = steps[armed].reveal[asking];
    update();
    input.value = "";
    say(...before, `Step ${armed + 1}: ${steps[armed].ask}. What is ${reveal.name}.grad after it?`);
    input.focus();
  }

  function forward() {
    if (armed !== null) return input.focus();
    if (pos === steps.length) return say("That was the last step: every gradient is in place. Reset starts again.");
    if (toggle.checked && unanswered(pos).length) {
      armed = pos;
      asking = unanswered(pos)[0];
      return ask();
    }
    go(pos + 1);
  }

  function answer(text) {
    const reveal = steps[armed].reveal[asking];
    let told;
    if (text === null) {
      answers.set(`${armed}/${asking}`, null);
      told = [`${reveal.name}.grad is ${reveal.shown}. `];
    } else {
      const x = parseNumber(text);
      if (x === null) {
        say("Type a number, such as -1.5, 0.25 or 1/2.");
        return input.focus();
      }
      const right = reveal.range[0] <= x && x <= reveal.range[1];
      answers.set(`${armed}/${asking}`, right);
      told = verdict(right, right ? `${reveal.name}.grad is ${reveal.shown}. `
                                  : `${reveal.name}.grad is ${reveal.shown}, not ${text.trim()}. `);
    }
    const left = unanswered(armed);
    if (left.length) {
      asking = left[0];
      return ask(...told);
    }
    go(armed + 1, { told });
    next.focus();
  }

  function backward() {
    if (armed !== null) {
      armed = null;
      update();
      return say("Not asked any more: Next asks again.");
    }
    if (pos > 0) go(pos - 1);
  }

  function go(k, { fresh = false, told = [] } = {}) {
    if (fresh) answers.clear();
    armed = null;
    pos = k;
    update();
    say(...told, k === 0 ? "Before the backward pass: every gradient is 0." : `Step ${k}: ${steps[k - 1].text}`);
  }

  function mark(names, className) {
    for (const name of names) for (const g of groups.get(name) || []) g.classList.add(className);
  }

  function update() {
    const texts = new Map(state.start);
    for (const step of steps.slice(0, pos)) for (const [name, text] of step.grads) texts.set(name, text);
    if (armed !== null) {        // predict mode: the gradients of this step already answered
      const told = new Set(steps[armed].reveal.slice(0, asking).map((reveal) => reveal.node));
      for (const [name, text] of steps[armed].grads) if (told.has(name)) texts.set(name, text);
    }
    for (const [name, text] of texts) {
      const fields = (groups.get(name) || [])[0]?.querySelectorAll("text") || [];
      if (fields.length) fields[fields.length - 1].textContent = text;   // the grad field
    }
    for (const list of groups.values()) {
      for (const g of list) g.classList.remove("mg-active", "mg-edge", "mg-asked", "mg-set", "mg-add", "mg-overwrite", "mg-other");
    }
    const shown = armed !== null ? armed : pos - 1;
    if (shown >= 0) {
      mark(steps[shown].active, "mg-active");
      mark(steps[shown].edges, "mg-edge");
      steps[shown].reveal.forEach((reveal, i) => {
        if (armed === null) mark([reveal.node], `mg-${reveal.how}`);
        else if (i === asking) mark([reveal.node], "mg-asked");
      });
      // keep in sight, in a graph wider or taller than its box, the value asked about
      // (predict mode) or else the one passing its gradient on
      const focus = armed !== null ? steps[armed].reveal[asking].node : steps[shown].active[0];
      const box = (groups.get(focus) || [])[0];
      if (box) {
        const b = box.getBoundingClientRect(), view = graph.getBoundingClientRect();
        if (b.left < view.left || b.right > view.right) graph.scrollLeft += b.left - view.left - (view.width - b.width) / 2;
        if (b.top < view.top || b.bottom > view.bottom) graph.scrollTop += b.top - view.top - (view.height - b.height) / 2;
      }
    }
    const given = [...answers.values()].filter((a) => a !== null);
    status.textContent = `Step ${pos} of ${steps.length}` + (toggle.checked || given.length
      ? ` \u00b7 right predictions: ${given.filter((a) => a).length} of ${given.length}` : "");
    form.hidden = armed === null;
    if (armed !== null) question.textContent = `${steps[armed].reveal[asking].name}.grad =`;
    back.setAttribute("aria-disabled", String(pos === 0 && armed === null));
    next.setAttribute("aria-disabled", String(pos === steps.length));
    end.setAttribute("aria-disabled", String(pos === steps.length));
    log.replaceChildren(...steps.slice(0, pos).map((step, i) =>
      make("li", { class: i === pos - 1 ? "mg-now" : "", text: step.text })));
  }

  go(0);
}

function nudge(state, root) {
  const plot = figure(state.svgs[0], `${state.title}: the measured change (solid) and grad times h (dashed)`, "mg-chart");
  const slider = make("input", { type: "range", min: "0", max: String(state.lines.length - 1), step: "1" });
  const value = make("output", {});
  const said = make("p", { class: "mg-said", "aria-live": "polite" });
  const dots = ["measured", "predicted"].map((key) => plot.querySelector(`[data-mg="${key}"]`));
  function show(k) {
    slider.value = String(k);
    value.textContent = state.labels[k];
    slider.setAttribute("aria-valuetext", `h = ${state.labels[k]}`);
    [state.measured[k], state.predicted[k]].forEach((point, i) => {
      const [x, y] = point.split(",");
      dots[i].setAttribute("cx", x);
      dots[i].setAttribute("cy", y);
    });
    said.textContent = state.lines[k];
  }
  slider.addEventListener("input", () => show(Number(slider.value)));
  root.append(make("p", { class: "mg-title", text: state.title }),
              make("label", { class: "mg-slider" }, `Nudge ${state.name} by h = `, value, " ", slider),
              said, plot);
  show(state.start);
}

function player(state, root) {
  const last = state.lines.length - 1;
  const plots = make("div", { class: "mg-plots" },
    ...state.svgs.map((svg, i) => figure(svg, `${state.title}, picture ${i + 1}`, "mg-chart")));
  const find = (key) => plots.querySelector(`[data-mg="${key}"]`);
  const moves = state.moves.map((move) => ({ ...move, node: find(move.key), head: find(`${move.key}-head`) }));
  const slider = make("input", { type: "range", min: "0", max: String(last), step: "1" });
  const said = make("p", { class: "mg-said", "aria-live": "polite" });
  const play = make("button", { type: "button", text: "Play" });
  let frame = 0, timer = null;
  function show(k) {
    frame = k;
    const step = state.steps[k];    // a line grows by steps, a dot moves by frames
    slider.value = String(k);
    slider.setAttribute("aria-valuetext", `step ${step}`);
    for (const move of moves) {
      const [x, y] = move.points[move.line ? step : k].split(",");
      if (move.line) move.node.setAttribute("points", move.points.slice(0, step + 1).join(" "));
      const dot = move.line ? move.head : move.node;
      if (dot) {
        dot.setAttribute("cx", x);
        dot.setAttribute("cy", y);
      }
    }
    if (state.regions) regions(find("regions"), state.regions, k);
    said.textContent = state.lines[k];
  }
  function stop() {
    clearInterval(timer);
    timer = null;
    play.textContent = "Play";
    said.setAttribute("aria-live", "polite");
  }
  play.addEventListener("click", () => {
    if (timer !== null) return stop();
    if (frame === last) show(0);
    play.textContent = "Pause";
    said.setAttribute("aria-live", "off");   // a line per frame would drown a screen reader
    timer = setInterval(() => (frame >= last ? stop() : show(frame + 1)), 120);
  });
  slider.addEventListener("input", () => { stop(); show(Number(slider.value)); });
  root.append(make("p", { class: "mg-title", text: state.title }),
              make("div", { class: "mg-controls" }, play, " ",
                   make("label", { class: "mg-slider" }, "Step ", slider)),
              said, plots);
  show(0);
  return stop;   // anywidget calls it when the view goes away
}

// A classifier's regions at frame k: a rectangle per run of cells of one sign along a row,
// as _runs in pictures.py draws them.
function regions(group, geometry, k) {
  const signs = geometry.frames[k], columns = geometry.columns, rows = signs.length / columns;
  const rects = [];
  for (let r = 0; r < rows; r++) {
    const y = geometry.top + (rows - 1 - r) * geometry.height;
    let start = 0;
    for (let c = 1; c <= columns; c++) {
      if (c === columns || signs[r * columns + c] !== signs[r * columns + start]) {
        rects.push(`<rect x="${geometry.left + start * geometry.width}" y="${y}" width="${(c - start) * geometry.width}"`
                   + ` height="${geometry.height}" fill="${geometry.colours[Number(signs[r * columns + start])]}"/>`);
        start = c;
      }
    }
  }
  group.innerHTML = rects.join("");
}

export default { render };
