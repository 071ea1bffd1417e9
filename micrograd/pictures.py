# Generated from notebooks/03_backprop_by_hand.ipynb by build/tangle.py: do not edit.
# Edit the cells tagged `export` in that notebook, then run `make tangle`.
# checksum 767a09a582b5d758

# %% ../notebooks/03_backprop_by_hand.ipynb#cell-id=2fd10f6e
"""Pictures that move: a backward stepper, a nudge slider and a training player.

Everything a picture shows is computed here, when its cell runs: each step of
backward() with the gradients after it, the output at each nudge, every frame of a
training run. pictures.js, beside this file, only shows it. So the same picture works
live in JupyterLab (it is an anywidget), on the course site from the stored output with
no kernel, and as its final state, images and text, in a viewer that runs no JavaScript.
"""
import base64
import html
import json
import math
import re
from importlib import resources

import anywidget
import traitlets

from micrograd.viz import draw_dot, trace

# A gradient the learner predicts counts as right by the rule the exercise checks use
# for numbers worked out by hand: math.isclose with these tolerances.
REL_TOL, ABS_TOL = 1e-3, 1e-4


def close_enough(x, y):
    """Whether x is as close to y as a number worked out by hand, or rounded, gets."""
    return math.isclose(x, y, rel_tol=REL_TOL, abs_tol=ABS_TOL)


def accepted_range(value):
    """[low, high]: the numbers x with close_enough(x, value), which form an interval, so
    that the browser only compares a prediction with two numbers. None if not finite."""
    if not math.isfinite(value):
        return None
    # isclose(x, g) asks |x - g| <= max(REL_TOL * max(|x|, |g|), ABS_TOL); solved for x,
    # for g >= 0 (a negative g mirrors it):
    g = abs(value)
    low, high = g - max(REL_TOL * g, ABS_TOL), max(g + ABS_TOL, g / (1 - REL_TOL))
    return [low, high] if value >= 0 else [-high, -low]


# %% ../notebooks/03_backprop_by_hand.ipynb#cell-id=38c1a901
# Recording backward(), one step at a time
def topological_order(root):
    """Every value root depends on, each after its children: lesson 5's depth-first
    order, kept on a stack of its own instead of recursion, so any depth works."""
    order, seen, stack = [], {id(root)}, [(root, iter(root._prev))]
    while stack:
        node, children = stack[-1]
        for child in children:
            if id(child) not in seen:
                seen.add(id(child))
                stack.append((child, iter(child._prev)))
                break
        else:
            stack.pop()
            order.append(node)
    return order


def record_backward(root):
    """backward() on the graph of root, one node at a time, watched.

    Returns (order, steps): the graph's values in topological order, and one
    (value, grads) pair per step, grads being every value's gradient after that step, in
    the order of `order`. The first step seeds root.grad = 1; then each value that has
    children, in reverse topological order, passes its gradient on. Afterwards every
    value gets back the gradient it had before.
    """
    order = topological_order(root)
    kept = [v.grad for v in order]
    try:
        for v in order:
            v.grad = 0.0
        root.grad = 1.0
        steps = [(root, [v.grad for v in order])]
        for v in reversed(order):
            if v._prev:                        # a leaf has nothing to pass on
                pass_gradient_on(v)
                steps.append((v, [w.grad for w in order]))
    finally:
        for v, grad in zip(order, kept):
            v.grad = grad
    return order, steps


def pass_gradient_on(v):
    """One step: v's own _backward, if it has one (so that a bug in it shows), else the
    chain rule with the local derivatives of v's operation (lesson 3's values)."""
    if callable(getattr(v, "_backward", None)):
        v._backward()
        return
    rules = local_rules(v, name=lambda value: "")     # the slopes only, no formulas
    if rules is None:
        raise ValueError(f"cannot step through the operation {v._op!r} of a value without "
                         "_backward: the stepper knows +, -, *, neg, tanh, exp, ReLU and **k; "
                         "give your Value class _backward closures (lesson 4)")
    for child, (slope, _) in zip(v._prev, rules):
        child.grad += slope * v.grad


# %% ../notebooks/03_backprop_by_hand.ipynb#cell-id=075de914
# Describing a step in words
def local_rules(v, name):
    """[(slope, formula), ...]: for each child of v, in order, the local derivative
    d v / d child and how a step writes it (None for a slope of 1 that goes unwritten);
    None for an operation not listed here. name(value) names a value in the formulas."""
    xs, op, out = v._prev, str(v._op), name(v)
    k = _number(op[2:]) if op.startswith("**") else None
    if op == "+":
        rules = [(1.0, None)] * len(xs)
    elif op == "*" and len(xs) == 2:
        a, b = xs
        rules = [(b.data, f"{name(b)}.data"), (a.data, f"{name(a)}.data")]
    elif op == "-" and len(xs) == 2:
        rules = [(1.0, None), (-1.0, "-1")]
    elif op == "neg" and len(xs) == 1:
        rules = [(-1.0, "-1")]
    elif op == "tanh" and len(xs) == 1:
        rules = [(1 - v.data ** 2, f"(1 - {out}**2)")]
    elif op == "exp" and len(xs) == 1:
        rules = [(v.data, f"{out}.data")]
    elif op in ("ReLU", "relu") and len(xs) == 1:
        rules = [(1.0 if v.data > 0 else 0.0, f"({out}.data > 0)")]
    elif k is not None and len(xs) == 1 and (xs[0].data != 0 or k >= 1):
        rules = [(k * xs[0].data ** (k - 1), f"{k:g} * {name(xs[0])}.data**{k - 1:g}")]
    elif hasattr(v, "_local"):                # lesson 7's engine stores every slope
        rules = [(d, f"d{out}/d{name(c)}") for c, d in zip(xs, v._local)]
    else:
        return None
    if hasattr(v, "_local"):                  # where the engine has its own numbers, show them
        rules = [(d, formula) for d, (_, formula) in zip(v._local, rules)]
    return rules


def _number(text):
    try:
        return float(text)
    except ValueError:
        return None


def assigns(v):
    """Whether v's _backward sets its children's gradients (=) rather than adding to them
    (+=): it runs once onto gradients of 0 and once onto gradients of 1, and the results
    tell. The gradients are put back afterwards. False for a value without _backward
    (the rules add); None for a _backward that does neither."""
    if not callable(getattr(v, "_backward", None)):
        return False
    values = [v, *v._prev]
    kept = [w.grad for w in values]
    try:
        results = []
        for start in (0.0, 1.0):
            for child in v._prev:
                child.grad = start
            v.grad = 1.0
            v._backward()
            results.append([child.grad for child in v._prev])
    finally:
        for w, grad in zip(values, kept):
            w.grad = grad
    if all(_same(one, zero + 1) for zero, one in zip(*results)):
        return False
    if all(_same(one, zero) for zero, one in zip(*results)):
        return True
    return None


def _same(x, y):
    return math.isclose(x, y, rel_tol=1e-9, abs_tol=1e-12)


def num(x):
    """A number as the pictures write it: 6 significant digits, and 0, not -0."""
    text = f"{x:.6g}"
    return "0" if text == "-0" else text


def factor(x):
    """num(x), in parentheses if it is negative, for a product."""
    text = num(x)
    return f"({text})" if text.startswith("-") else text


def expression(v, name):
    """How v was computed, such as 'e = a * b' or 'o = tanh(n)'."""
    xs, op = [name(c) for c in v._prev], str(v._op)
    if op in ("+", "-", "*", "/") and len(xs) == 2:
        right = f"{xs[0]} {op} {xs[1]}"
    elif op == "neg" and len(xs) == 1:
        right = f"-{xs[0]}"
    elif op.startswith("**") and len(xs) == 1:
        right = f"{xs[0]}{op}"
    else:
        right = f"{op or '?'}({', '.join(xs)})"
    return f"{name(v)} = {right}"


def describe(v, before, after, name, source):
    """What v's step did to the gradient of each of its children: one line of text, and
    for each child (by id) how: "set", "add", "overwrite" (an = that loses a share) or
    "other" (a change the rules above do not explain).

    before and after map id(value) to its gradient around the step; source(child) names
    the value whose step gave child the gradient it had before."""
    rules, sign, g = local_rules(v, name), "=" if assigns(v) else "+=", before[id(v)]
    parts, how = [], {}
    for child in {id(c): c for c in v._prev}.values():   # each child once, in order
        c, old, new = name(child), before[id(child)], after[id(child)]
        uses = [i for i, x in enumerate(v._prev) if x is child]
        if rules is None:
            parts.append(f"{c}.grad goes from {num(old)} to {num(new)}")
            how[id(child)] = "other"
            continue
        shares = [rules[i][0] * g for i in uses]
        slope, formula = rules[uses[-1]]
        if formula is None:
            text = f"{c}.grad {sign} {name(v)}.grad = {num(g)}"
        else:
            text = (f"{c}.grad {sign} {formula} * {name(v)}.grad = "
                    f"{factor(slope)} * {factor(g)} = {num(shares[-1])}")
        if len(uses) > 1:
            text += f", once for each of its {len(uses)} uses"
        if _same(new, old + sum(shares)):
            how[id(child)] = "add" if old != 0 or len(uses) > 1 else "set"
            if how[id(child)] == "add":
                text += (f", so {c}.grad is now {num(old)} + {factor(sum(shares))} = {num(new)}: "
                         "the paths add up")
        elif _same(new, shares[-1]):
            how[id(child)] = "overwrite"
            lost = (f"the {num(old)} from the path through {source(child)}" if old != 0
                    else "the share of its first use")
            text += f": it overwrites {lost} (+= would make it {num(old + sum(shares))})"
        else:
            how[id(child)] = "other"
            text += f", yet {c}.grad becomes {num(new)}"
        parts.append(text)
    return f"{expression(v, name)}: " + "; ".join(parts), how


# %% ../notebooks/03_backprop_by_hand.ipynb#cell-id=744f00bc
# The backward stepper
def backward_stepper(root, predict=False, rankdir="LR"):
    """Step backward() through the graph of root one node at a time: each step lights up
    the value passing its gradient on, fills in the gradients it gives, and says what
    happened in one line. With predict=True the learner types each gradient before it is
    shown. Works with the values of every lesson's engine; root and the values behind it
    keep the gradients they have."""
    missing = [a for a in ("data", "grad", "_prev", "_op", "label") if not hasattr(root, a)]
    if missing:
        raise TypeError(f"backward_stepper needs a Value (with data, grad, _prev, _op and "
                        f"label), not a {type(root).__name__}: it has no {', '.join(missing)}")
    order, steps = record_backward(root)
    drawn = trace(root)[0]                     # draw_dot names its boxes n0, n1, ... in this order
    box = {id(v): f"n{i}" for i, v in enumerate(drawn)}
    label = {id(v): str(v.label) or f"v{i}" for i, v in enumerate(drawn)}

    def name(v):
        return label[id(v)]

    shown = _step_states(order, steps, box, name)
    final = {id(w): g for w, g in zip(order, steps[-1][1])}
    widest = {}                                # lay each box out for its longest gradient
    for _, grads in steps:
        for w, g in zip(order, grads):
            widest[id(w)] = max(widest.get(id(w), 0.0), g, key=lambda x: len(f"{x:.4f}"))
    svg = _with_grads(_graph_svg(drawn, label, widest, rankdir),
                      {box[id(w)]: f"grad {final[id(w)]:.4f}" for w in order})
    title = f"The backward pass from {name(root)}, one node at a time"
    summary = ", ".join(f"{name(w)}.grad = {num(final[id(w)])}" for w in drawn)
    items = "".join(f"<li>{html.escape(step['text'])}</li>" for step in shown)
    return Picture(
        {"kind": "stepper", "title": title, "predict": bool(predict), "steps": shown,
         "start": [[box[id(w)], f"grad {0.0:.4f}"] for w in order]},
        svgs=[svg], alts=[f"The graph of {name(root)} after the backward pass: {summary}"],
        note=("A backward stepper: run the cell (or open the course site) to step through "
              "the backward pass and predict each gradient. Where it ends:"),
        extra=f"<ol>{items}</ol>",
        text="\n".join([title + ":"] + [f"{i:3}. {s['text']}" for i, s in enumerate(shown, 1)]))


def _step_states(order, steps, box, name):
    """What the browser needs of each step of record_backward: its line of text, what to
    ask before it, the boxes and arrows to light up (box[id(value)] names draw_dot's box),
    the gradients it reveals with the range of predictions accepted for each, and the
    gradient fields it changes."""
    shown, source, previous = [], {}, [0.0] * len(order)
    for k, (v, grads) in enumerate(steps):
        before = {id(w): g for w, g in zip(order, previous)}
        after = {id(w): g for w, g in zip(order, grads)}
        if k == 0:                             # the seed: root.grad = 1
            receivers, how = [v], {id(v): "set"}
            text = f"{name(v)}.grad = 1: the output's gradient with respect to itself"
            ask, active, edges = f"The backward pass starts at the output, {name(v)}", [box[id(v)]], []
        else:                                  # v passes its gradient on to its children
            receivers = list({id(c): c for c in v._prev}.values())
            text, how = describe(v, before, after, name, lambda c: source.get(id(c)))
            ask = f"{expression(v, name)} passes its gradient on"
            op = box[id(v)] + "_op" if v._op else box[id(v)]   # draw_dot's oval for the operation
            active = [box[id(v)], op]
            edges = [f"{op}->{box[id(v)]}"] * (op != box[id(v)])
            edges += [f"{box[id(c)]}->{op}" for c in receivers]
        given = {id(w) for w in receivers}
        changed = receivers + [w for w in order
                               if id(w) not in given and after[id(w)] != before[id(w)]]
        shown.append({
            "text": text, "ask": ask, "active": active, "edges": edges,
            "reveal": [{"node": box[id(w)], "name": name(w), "shown": num(after[id(w)]),
                        "range": accepted_range(after[id(w)]), "how": how[id(w)]}
                       for w in receivers],
            "grads": [[box[id(w)], f"grad {after[id(w)]:.4f}"] for w in changed],
        })
        for w in receivers:
            source[id(w)] = name(v)
        previous = grads
    return shown


class _Shown:
    """A value as draw_dot reads it, with the label and the gradient a picture shows."""

    def __init__(self, v, label, grad):
        self.data, self.grad, self._op, self.label, self._prev = v.data, grad, v._op, label, ()


def _graph_svg(drawn, label, grads, rankdir):
    """draw_dot's picture of the values `drawn`, with these labels and gradients, ready
    for a page that shows several: no ids, and each box and arrow named by a data-n
    attribute instead of a <title> (which browsers show as a tooltip)."""
    copies = {id(v): _Shown(v, label[id(v)], grads[id(v)]) for v in drawn}
    for v in drawn:
        copies[id(v)]._prev = tuple(copies[id(c)] for c in v._prev)
    svg = draw_dot(copies[id(drawn[0])], rankdir=rankdir).svg
    svg = re.sub(r'<g id="[^"]*" class="(node|edge)">\n<title>([^<]*)</title>',
                 r'<g class="\1" data-n="\2">', svg)
    return re.sub(r' id="[^"]*"', "", svg)


# a box of draw_dot's (label | data | grad) up to the text of its last field, the gradient
RECORD = re.compile(r'(<g class="node" data-n="(n\d+)">(?:(?!</g>).)*<text[^>]*>)[^<]*(</text>\n</g>)',
                    re.DOTALL)


def _with_grads(svg, texts):
    """The svg with the gradient of each box named in `texts` written as given there."""
    def write(match):
        text = texts.get(match.group(2))
        return match.group(0) if text is None else match.group(1) + html.escape(text) + match.group(3)
    return RECORD.sub(write, svg)


# %% ../notebooks/03_backprop_by_hand.ipynb#cell-id=d5c3344c
# The nudge slider
NUDGES = (-1, -0.5, -0.2, -0.1, -0.05, -0.02, -0.01, 0, 0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1)


def nudge_slider(build, name, grad, nudges=NUDGES):
    """A slider that moves one input of an expression by h and shows how much the output
    really changes next to the gradient's prediction, grad * h.

    build(h) builds the expression with the input `name` moved by h and returns its
    output (a Value or a number); grad is the output's gradient with respect to that
    input. Every position of the slider (the nudges) is computed now."""
    nudges = sorted({float(h) for h in nudges} | {0.0})

    def output(h):
        out = build(h)
        return getattr(out, "data", out)

    out = str(getattr(build(0.0), "label", "")) or "the output"
    base = output(0.0)
    changes = [output(h) - base for h in nudges]
    lines = []
    for h, change in zip(nudges, changes):
        line = (f"h = {num(h)}: {out} changes by {num(change)}; the gradient predicts "
                f"{factor(grad)} * {factor(h)} = {num(grad * h)}")
        if change != 0:
            off = abs(change - grad * h)
            line += f", off by {num(off)} ({100 * off / abs(change):.1f} % of the change)"
        lines.append(line)
    low, high = nudges[0], nudges[-1]
    curve = sorted(set(nudges) | {low + (high - low) * i / 80 for i in range(81)})
    chart = Chart(nudges, changes + [grad * low, grad * high], f"nudge h of {name}",
                  f"change of {out}")
    at = nudges.index(0.0)
    svg = chart.svg([chart.line(curve, [output(h) - base for h in curve], BLUE),
                     chart.line([low, high], [grad * low, grad * high], ORANGE, dashed=True),
                     chart.marker("predicted", 0.0, 0.0, ORANGE),
                     chart.marker("measured", 0.0, 0.0, BLUE)],
                    legend=[("measured", BLUE, False), ("grad * h", ORANGE, True)])
    title = f"Nudge {name} and watch {out}"
    rows = "".join(f"<tr><td>{num(h)}</td><td>{num(c)}</td><td>{num(grad * h)}</td></tr>"
                   for h, c in zip(nudges, changes))
    return Picture(
        {"kind": "nudge", "title": title, "name": name, "start": at, "lines": lines,
         "labels": [num(h) for h in nudges],
         "measured": [chart.point(h, c) for h, c in zip(nudges, changes)],
         "predicted": [chart.point(h, grad * h) for h in nudges]},
        svgs=[svg], alts=[f"{title}: the measured change of {out} (solid) and the gradient's "
                          "prediction grad * h (dashed), against the nudge h"],
        note=f"{title}: run the cell (or open the course site) to move the slider.",
        extra=(f"<table><tr><th>h</th><th>change of {html.escape(out)}</th>"
               f"<th>grad * h</th></tr>{rows}</table>"),
        text="\n".join([title + ":"] + lines))


# %% ../notebooks/03_backprop_by_hand.ipynb#cell-id=29bc9cc5
# The training player
def training_player(losses, every=1, accuracies=None, predictions=None, targets=None,
                    boundary=None, log=True, title="Training, step by step"):
    """Play a training run (or several side by side) step by step: the loss curve grows;
    given predictions and targets, each example's prediction moves against its target;
    given a boundary, a classifier's regions of the plane change.

    losses maps a run's name to its loss at every step ([the loss before the first
    update, after it, ...], as long for every run); accuracies, if given, likewise. The
    player shows a frame every `every` steps, from step 0 to the last. predictions maps a
    run's name to its predictions at each frame ([[one per example], ...]), and targets
    lists the examples' targets. boundary is (g1, g2, scores, points, labels): a grid's
    coordinates along x1 and along x2, one run's scores on it at each frame (a row per
    value of g2), and the data points with their labels, -1 or +1."""
    runs = list(losses)
    last = len(losses[runs[0]]) - 1
    if any(len(curve) != last + 1 for curve in losses.values()) or last % every:
        raise ValueError("give every run's losses for the same steps, a whole number of "
                         f"frames of {every} steps")
    steps, colour = list(range(0, last + 1, every)), dict(zip(runs, PALETTE))
    chart = Chart(range(last + 1), [x for r in runs for x in losses[r]], "step",
                  "loss (log scale)" if log else "loss", log=log)
    items, moves = [], []
    for i, r in enumerate(runs):
        items += [chart.line(range(last + 1), losses[r], colour[r], key=f"loss-{i}"),
                  chart.marker(f"loss-{i}-head", last, losses[r][last], colour[r])]
        moves.append({"key": f"loss-{i}", "line": True,
                      "points": [chart.point(k, x) for k, x in enumerate(losses[r])]})
    svgs = [chart.svg(items, legend=[(r, colour[r], False) for r in runs])]
    alts = [f"The loss at every step of training: {', '.join(runs)}"]
    if predictions:
        examples = range(1, len(targets) + 1)
        board = Chart([0.5, len(targets) + 0.5],
                      [p for r in runs for frame in predictions[r] for p in frame] + list(targets),
                      "example", "prediction", ticks=examples)
        items = [board.ring(e, t) for e, t in zip(examples, targets)]
        for i, r in enumerate(runs):
            shift = (i - (len(runs) - 1) / 2) * 0.2    # the runs' dots side by side
            for e in examples:
                key, at = f"prediction-{i}-{e}", [frame[e - 1] for frame in predictions[r]]
                items.append(board.marker(key, e + shift, at[-1], colour[r]))
                moves.append({"key": key, "points": [board.point(e + shift, p) for p in at]})
        svgs.append(board.svg(items, legend=[("target", GREY, False)] +
                              [(r, colour[r], False) for r in runs]))
        alts.append("Each example's prediction (dots) and its target (rings), at the last step")
    state = {"kind": "player", "title": title, "steps": steps, "moves": moves}
    if boundary:
        svg, state["regions"] = _regions(*boundary)
        svgs.append(svg)
        alts.append("The plane coloured by the sign of the model's score, with the data "
                    "points, at the last step: where the colour changes is the decision boundary")
    lines = []
    for k in steps:
        parts = []
        for r in runs:
            part = f"{r}: loss {num(losses[r][k])}"
            if accuracies:
                part += f", accuracy {accuracies[r][k]:.0%}"
            if predictions:
                part += f", predictions {' '.join(f'{p:+.2f}' for p in predictions[r][k // every])}"
            parts.append(part)
        lines.append(f"step {k}: " + "; ".join(parts))
    state["lines"] = lines
    some = sorted({round((len(steps) - 1) * i / 10) for i in range(11)})   # for viewers without it
    return Picture(
        state, svgs=svgs, alts=alts,
        note=f"{title}: run the cell (or open the course site) to play it. The last step:",
        extra="<ul>" + "".join(f"<li>{html.escape(lines[k])}</li>" for k in some) + "</ul>",
        text="\n".join([title + ":"] + [lines[k] for k in some]))


NEGATIVE, POSITIVE = "#c6dbef", "#fcbba1"      # a classifier's regions: score < 0, score > 0


def _regions(g1, g2, scores, points, labels):
    """The chart of a classifier's regions (the grid's cells coloured by the sign of the
    score, at the last frame, under the data points), and what the browser needs to
    colour them at every frame: the cells' geometry, and a row of signs per frame."""
    g1, g2 = [float(x) for x in g1], [float(x) for x in g2]       # numpy's too
    dx, dy = (g1[-1] - g1[0]) / (len(g1) - 1), (g2[-1] - g2[0]) / (len(g2) - 1)
    width = Chart.W - Chart.LEFT - Chart.RIGHT
    height = round(width * (g2[-1] - g2[0] + dy) / (g1[-1] - g1[0] + dx))
    chart = Chart([g1[0] - dx / 2, g1[-1] + dx / 2], [g2[0] - dy / 2, g2[-1] + dy / 2],
                  "x1", "x2", size=(Chart.W, height + Chart.TOP + Chart.BOTTOM), pad=False)
    geometry = {"left": chart.px(g1[0] - dx / 2), "top": chart.py(g2[-1] + dy / 2),
                "width": width / len(g1), "height": height / len(g2), "columns": len(g1),
                "colours": [NEGATIVE, POSITIVE],
                "frames": ["".join("1" if float(s) > 0 else "0" for row in frame for s in row)
                           for frame in scores]}
    # each rectangle from its rounded edges, so that neighbours share an edge (rounding
    # positions and sizes apart left hairline seams)
    cells = "".join(f'<rect x="{round(x, 1)}" y="{round(y, 1)}" width="{round(x + w, 1) - round(x, 1):.1f}" '
                    f'height="{round(y + h, 1) - round(y, 1):.1f}" fill="{c}"/>'
                    for x, y, w, h, c in _runs(geometry, geometry["frames"][-1]))
    marks = []
    for (x1, x2), label in zip(points, labels):
        x, y = chart.px(float(x1)), chart.py(float(x2))
        marks.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3.5" fill="{BLUE}" stroke="black" '
                     f'stroke-width="0.5"/>' if label < 0 else
                     f'<rect x="{x - 3:.1f}" y="{y - 3:.1f}" width="6" height="6" fill="{ORANGE}" '
                     f'stroke="black" stroke-width="0.5"/>')
    svg = chart.svg([f'<g data-mg="regions" shape-rendering="crispEdges">{cells}</g>'] + marks,
                    legend=[("predicts -1", NEGATIVE, False), ("predicts +1", POSITIVE, False),
                            ("y = -1", BLUE, False), ("y = +1", ORANGE, False)], grid=False)
    return svg, geometry


def _runs(geometry, signs):
    """(x, y, width, height, colour) of each run of cells of one sign along a row: the
    rectangles that draw one frame (pictures.js draws them the same way)."""
    columns, rows = geometry["columns"], len(signs) // geometry["columns"]
    for r in range(rows):
        row = signs[r * columns:(r + 1) * columns]
        y = geometry["top"] + (rows - 1 - r) * geometry["height"]
        start = 0
        for c in range(1, columns + 1):
            if c == columns or row[c] != row[start]:
                yield (geometry["left"] + start * geometry["width"], y,
                       (c - start) * geometry["width"], geometry["height"],
                       geometry["colours"][int(row[start])])
                start = c


# %% ../notebooks/03_backprop_by_hand.ipynb#cell-id=fffc77eb
# Charts: from numbers to pixels
BLUE, ORANGE, GREY = "#1f6fb2", "#c2410c", "#6b7280"
PALETTE = (BLUE, ORANGE, "#2f855a", "#7c3aed")


def _ticks(low, high):
    """About five round numbers from low to high."""
    raw = (high - low) / 4 or 1.0
    step = 10 ** math.floor(math.log10(raw))
    step *= next(m for m in (1, 2, 5, 10) if step * m >= raw)
    return [k * step for k in range(math.ceil(low / step - 1e-9), math.floor(high / step + 1e-9) + 1)]


class Chart:
    """A plot's frame, W x H pixels: maps numbers to pixels, and writes axes, lines and
    markers as SVG with presentation attributes only, so it looks the same as an image."""
    W, H, LEFT, RIGHT, TOP, BOTTOM = 440, 280, 64, 14, 14, 66

    def __init__(self, xs, ys, xlabel, ylabel, log=False, ticks=None, size=None, pad=True):
        """A frame for xs and ys (pad: with room around them, and 0 among the ys)."""
        self.xlabel, self.ylabel, self.log = xlabel, ylabel, log
        self.W, self.H = size or (self.W, self.H)
        ys = [y for y in ys if math.isfinite(y) and (y > 0 or not log)] or [1.0]
        ys = [math.log10(y) for y in ys] if log else ys + [0.0] * pad
        self.x0, self.x1 = min(xs), max(xs)
        if self.x1 == self.x0:
            self.x0, self.x1 = self.x0 - 1, self.x1 + 1
        margin = ((max(ys) - min(ys)) * 0.05 or 1.0) if pad else 0.0
        self.y0, self.y1 = min(ys) - margin, max(ys) + margin
        if log:
            self.yticks = [10.0 ** e for e in range(math.ceil(self.y0), math.floor(self.y1) + 1)]
        else:
            self.yticks = _ticks(self.y0, self.y1)
        self.xticks = list(ticks) if ticks else _ticks(self.x0, self.x1)

    def px(self, x):
        return self.LEFT + (x - self.x0) / (self.x1 - self.x0) * (self.W - self.LEFT - self.RIGHT)

    def py(self, y):
        if self.log:
            y = math.log10(max(y, 10.0 ** self.y0))
        y = min(max(y, self.y0), self.y1)
        return self.H - self.BOTTOM - (y - self.y0) / (self.y1 - self.y0) * (self.H - self.TOP - self.BOTTOM)

    def point(self, x, y):
        return f"{self.px(x):.1f},{self.py(y):.1f}"

    def line(self, xs, ys, colour, dashed=False, key=None):
        points = " ".join(self.point(x, y) for x, y in zip(xs, ys))
        data = f' data-mg="{key}"' if key else ""
        dash = ' stroke-dasharray="6 4"' if dashed else ""
        return f'<polyline{data} points="{points}" fill="none" stroke="{colour}" stroke-width="2"{dash}/>'

    def marker(self, key, x, y, colour):
        return (f'<circle data-mg="{key}" cx="{self.px(x):.1f}" cy="{self.py(y):.1f}" r="5" '
                f'fill="{colour}" stroke="white" stroke-width="1.5"/>')

    def ring(self, x, y):
        return (f'<circle cx="{self.px(x):.1f}" cy="{self.py(y):.1f}" r="8" fill="none" '
                f'stroke="{GREY}" stroke-width="2"/>')

    def svg(self, items, legend=(), grid=True):
        """The plot: grid lines (or none) and tick labels, the items, the axes' labels, and
        the legend's (label, colour, dashed) entries in a row under the plot."""
        left, right, top, bottom = self.LEFT, self.W - self.RIGHT, self.TOP, self.H - self.BOTTOM
        font = 'font-family="Helvetica,Arial,sans-serif" font-size="12" fill="#222"'
        rule = 'stroke="#e5e7eb"' if grid else 'stroke="none"'
        parts = [f'<rect width="{self.W}" height="{self.H}" fill="white"/>']
        for t in self.xticks:
            x = self.px(t)
            parts.append(f'<line x1="{x:.1f}" y1="{top}" x2="{x:.1f}" y2="{bottom}" {rule}/>'
                         f'<text x="{x:.1f}" y="{bottom + 16}" text-anchor="middle" {font}>{num(t)}</text>')
        for t in self.yticks:
            y = self.py(t)
            parts.append(f'<line x1="{left}" y1="{y:.1f}" x2="{right}" y2="{y:.1f}" {rule}/>'
                         f'<text x="{left - 6}" y="{y + 4:.1f}" text-anchor="end" {font}>{num(t)}</text>')
        if grid and not self.log and self.y0 < 0 < self.y1:
            parts.append(f'<line x1="{left}" y1="{self.py(0):.1f}" x2="{right}" y2="{self.py(0):.1f}" '
                         'stroke="#9ca3af"/>')
        parts.append(f'<rect x="{left}" y="{top}" width="{right - left}" height="{bottom - top}" '
                     'fill="none" stroke="#9ca3af"/>'
                     f'<text x="{(left + right) / 2:.1f}" y="{bottom + 34}" text-anchor="middle" '
                     f'{font}>{html.escape(self.xlabel)}</text>'
                     f'<text transform="translate(14 {(top + bottom) / 2:.1f}) rotate(-90)" '
                     f'text-anchor="middle" {font}>{html.escape(self.ylabel)}</text>')
        parts += items
        x, y = 14, bottom + 54                   # the legend, in a row under the plot
        for label, colour, dashed in legend:
            dash = ' stroke-dasharray="6 4"' if dashed else ""
            parts.append(f'<line x1="{x}" y1="{y - 4}" x2="{x + 18}" y2="{y - 4}" stroke="{colour}" '
                         f'stroke-width="5"{dash}/><text x="{x + 23}" y="{y}" {font}>{html.escape(label)}</text>')
            x += 36 + 7 * len(label)
        return (f'<svg xmlns="http://www.w3.org/2000/svg" width="{self.W}" height="{self.H}" '
                f'viewBox="0 0 {self.W} {self.H}">' + "".join(parts) + "</svg>")


# %% ../notebooks/03_backprop_by_hand.ipynb#cell-id=615920c9
# The widget, and its twin for places without a kernel
def _asset(name):
    return resources.files("micrograd").joinpath(name).read_text(encoding="utf-8")


SCRIPT, STYLE = _asset("pictures.js"), _asset("pictures.css")
EXPORT = "export default { render };"      # how pictures.js ends: it is an ES module


class Picture(anywidget.AnyWidget):
    """A picture: `state` holds everything it shows, computed in Python, and pictures.js
    draws it. JupyterLab shows it live; html() is its twin for everywhere else."""
    _esm = SCRIPT
    _css = STYLE
    state = traitlets.Dict().tag(sync=True)

    def __init__(self, state, svgs, alts, note, extra, text):
        super().__init__(state={**state, "svgs": svgs})
        self._svgs, self._alts, self._note, self._extra, self._text = svgs, alts, note, extra, text

    def __repr__(self):
        return self._text                        # anywidget's repr shows a memory address

    def _repr_mimebundle_(self, **kwargs):
        data, metadata = super()._repr_mimebundle_(**kwargs)
        data.update({"text/plain": self._text, "text/html": self.html()})
        return data, metadata

    def html(self):
        """The picture as one self-contained piece of HTML. First its final state, images
        and text: all that a viewer without JavaScript shows (such as JupyterLab, for a
        notebook that has not been run). Then the state and pictures.js, which replace
        that with the live picture where scripts run (the course site), offline."""
        images = "".join(f'<img class="mg-svg" alt="{html.escape(alt)}" src="data:image/svg+xml;'
                         f'base64,{base64.b64encode(svg.encode()).decode()}">'
                         for svg, alt in zip(self._svgs, self._alts))
        state = {key: value for key, value in self.state.items() if key != "svgs"}  # the images
        data = json.dumps(state, ensure_ascii=False, separators=(",", ":")).replace("<", "\\u003c")
        return (f'<div class="mg-picture">'
                f'<div class="mg-fallback"><p>{html.escape(self._note)}</p>{images}{self._extra}</div>'
                f'<script type="application/json" class="mg-state">{data}</script>'
                f"<style>{STYLE}</style>"
                f"<script>(function () {{\n{SCRIPT.replace(EXPORT, '')}\n"
                f"showStored(document.currentScript.parentElement);\n}})();</script></div>")
