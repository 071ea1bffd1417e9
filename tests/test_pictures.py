"""micrograd.pictures: the backward stepper's model on every engine of the course, the nudge
slider's and the training player's numbers, and the HTML a stored picture is made of."""
import base64
import json
import math
import random
import re
import subprocess
import sys
from html import unescape

import nbformat
import pytest
from conftest import ROOT_DIR

from micrograd import closure_engine, engine
from micrograd.pictures import (EXPORT, SCRIPT, accepted_range, backward_stepper, close_enough,
                                nudge_slider, record_backward, topological_order,
                                training_player)
from micrograd.viz import trace


# ---- the engines of the course, as the lessons write them ---------------------------------

class Lesson3Value:
    """Lesson 3's Value: no _backward; the stepper applies the lesson's rules itself."""

    def __init__(self, data, _children=(), _op='', label=''):
        self.data, self.grad, self._prev, self._op, self.label = data, 0.0, tuple(_children), _op, label

    def __add__(self, other):
        return Lesson3Value(self.data + other.data, (self, other), '+')

    def __mul__(self, other):
        return Lesson3Value(self.data * other.data, (self, other), '*')

    def tanh(self):
        return Lesson3Value(math.tanh(self.data), (self,), 'tanh')


class AssignValue(Lesson3Value):
    """Lesson 4's Value: each _backward assigns with =, the bug lesson 5 finds."""

    def __init__(self, data, _children=(), _op='', label=''):
        super().__init__(data, _children, _op, label)
        self._backward = lambda: None

    def __add__(self, other):
        out = AssignValue(self.data + other.data, (self, other), '+')

        def _backward():
            self.grad = 1.0 * out.grad
            other.grad = 1.0 * out.grad
        out._backward = _backward
        return out

    def __mul__(self, other):
        out = AssignValue(self.data * other.data, (self, other), '*')

        def _backward():
            self.grad = other.data * out.grad
            other.grad = self.data * out.grad
        out._backward = _backward
        return out

    def tanh(self):
        t = math.tanh(self.data)
        out = AssignValue(t, (self,), 'tanh')

        def _backward():
            self.grad = (1 - t**2) * out.grad
        out._backward = _backward
        return out

    def backward(self):                        # lesson 5's, before the fix
        order = topological_order(self)
        self.grad = 1.0
        for v in reversed(order):
            v._backward()


ENGINES = {"lesson 3 (rules)": Lesson3Value, "lesson 4 (=)": AssignValue,
           "lesson 6 (closures)": closure_engine.Value, "lesson 7 (the engine)": engine.Value}


def recursive_order(root):
    """Lesson 5's recursive depth-first sort, the order backward() walks in reverse."""
    order, visited = [], set()

    def visit(v):
        if id(v) not in visited:
            visited.add(id(v))
            for child in v._prev:
                visit(child)
            order.append(v)
    visit(root)
    return order


def backward_order(root):
    """The order in which the engine's own backward() calls _backward."""
    if isinstance(root, engine.Value):
        return list(reversed(engine._topological_order(root)))
    if isinstance(root, closure_engine.Value):
        return list(reversed(closure_engine.topological_order(root)))
    return list(reversed(recursive_order(root)))


def backward_grads(root):
    """Every value's gradient after the engine's backward() (lesson 3's values: after lesson
    6's engine on the same expression, which follows the rules lesson 3 teaches)."""
    if isinstance(root, Lesson3Value) and not isinstance(root, AssignValue):
        return backward_grads(rebuild(root, closure_engine.Value))
    root.backward()
    return [v.grad for v in topological_order(root)]


def random_expression(Value, seed):
    """A random expression of +, * and tanh over a few leaves, reusing values (some twice in
    one operation), labelled v0, v1, ... with a few left unlabelled."""
    rng = random.Random(seed)
    values = [Value(rng.uniform(-2, 2), label=f"x{i}") for i in range(rng.randint(1, 4))]
    for _ in range(rng.randint(1, 9)):
        op = rng.choice("+*t")
        a, b = rng.choice(values), rng.choice(values)
        v = a.tanh() if op == "t" else (a + b if op == "+" else a * b)
        v.label = f"v{len(values)}" if rng.random() < 0.8 else ""
        values.append(v)
    return values[-1]


def rebuild(root, Value):
    """The same expression built with another engine."""
    made = {}
    for v in topological_order(root):
        xs = [made[id(c)] for c in v._prev]
        made[id(v)] = (Value(v.data) if not xs else xs[0] + xs[1] if v._op == '+'
                       else xs[0] * xs[1] if v._op == '*' else xs[0].tanh())
        made[id(v)].label = v.label
    return made[id(root)]


# ---- the stepper's model ---------------------------------------------------------------

@pytest.mark.parametrize("engine_name", ENGINES)
@pytest.mark.parametrize("seed", range(25))
def test_steps_follow_backward_and_end_with_its_gradients(engine_name, seed):
    root = random_expression(ENGINES[engine_name], seed)
    order, steps = record_backward(root)
    assert steps[0][0] is root and steps[0][1][order.index(root)] == 1.0   # the seed
    assert [v for v, _ in steps[1:]] == [v for v in backward_order(root) if v._prev]
    recorded = steps[-1][1]
    assert order == topological_order(root)
    assert recorded == backward_grads(root)     # the same numbers, to the last bit


@pytest.mark.parametrize("engine_name", ENGINES)
def test_the_stepper_leaves_the_values_gradients_as_they_were(engine_name):
    root = random_expression(ENGINES[engine_name], seed=3)
    values = topological_order(root)
    for i, v in enumerate(values):
        v.grad = 0.25 * i - 1
    before = [v.grad for v in values]
    backward_stepper(root)
    assert [v.grad for v in values] == before


def shared_inputs(Value):
    """Lesson 5's f = (a*b) * (a+b) at a = -2, b = 3: both inputs reach f by two paths."""
    a, b = Value(-2.0, label='a'), Value(3.0, label='b')
    d = a * b; d.label = 'd'  # noqa: E702
    e = a + b; e.label = 'e'  # noqa: E702
    f = d * e; f.label = 'f'  # noqa: E702
    return f


def test_an_engine_that_assigns_shows_the_overwrite():
    steps = backward_stepper(shared_inputs(AssignValue)).state["steps"]
    last = steps[-1]
    assert [r["how"] for r in last["reveal"]] == ["overwrite", "overwrite"]
    assert [r["shown"] for r in last["reveal"]] == ["3", "-2"]      # one path's share each
    assert "a.grad = b.data * d.grad = 3 * 1 = 3: it overwrites the -6 from the path through e " \
           "(+= would make it -3)" in last["text"]
    assert "b.grad = a.data * d.grad = (-2) * 1 = -2: it overwrites the -6" in last["text"]


def test_an_engine_that_adds_shows_the_paths_adding_up():
    for Value in (closure_engine.Value, engine.Value, Lesson3Value):
        last = backward_stepper(shared_inputs(Value)).state["steps"][-1]
        assert [r["how"] for r in last["reveal"]] == ["add", "add"]
        assert [r["shown"] for r in last["reveal"]] == ["-3", "-8"]
        assert "a.grad += b.data * d.grad = 3 * 1 = 3, so a.grad is now -6 + 3 = -3" in last["text"]


def test_a_value_used_twice_by_one_operation():
    for Value, how, shown in ((AssignValue, "overwrite", "1"), (closure_engine.Value, "add", "2")):
        a = Value(3.0, label='a')
        b = a + a
        b.label = 'b'
        step = backward_stepper(b).state["steps"][1]
        assert [(r["name"], r["how"], r["shown"]) for r in step["reveal"]] == [("a", how, shown)]
        assert "once for each of its 2 uses" in step["text"]
        assert ("overwrites the share of its first use (+= would make it 2)" in step["text"]) \
            == (how == "overwrite")


def running_example(Value):
    a, b, c, f = (Value(x, label=n) for x, n in ((2.0, 'a'), (-3.0, 'b'), (10.0, 'c'), (-2.0, 'f')))
    e = a * b; e.label = 'e'  # noqa: E702
    d = e + c; d.label = 'd'  # noqa: E702
    L = d * f; L.label = 'L'  # noqa: E702
    return L


def test_each_step_says_what_it_did_in_one_line():
    picture = backward_stepper(running_example(Lesson3Value))
    texts = [step["text"] for step in picture.state["steps"]]
    assert texts == [
        "L.grad = 1: the output's gradient with respect to itself",
        "L = d * f: d.grad += f.data * L.grad = (-2) * 1 = -2; f.grad += d.data * L.grad = 4 * 1 = 4",
        "d = e + c: e.grad += d.grad = -2; c.grad += d.grad = -2",
        "e = a * b: a.grad += b.data * e.grad = (-3) * (-2) = 6; b.grad += a.data * e.grad = 2 * (-2) = -4"]
    assert repr(picture).splitlines()[1:] == [f"{i:3}. {t}" for i, t in enumerate(texts, 1)]
    assert all("\n" not in t for t in texts)


def test_a_step_names_what_its_rules_do_not_explain():
    x = closure_engine.Value(0.5, label='x')
    y = x.tanh()
    y.label = 'y'
    y._backward = lambda: setattr(x, 'grad', x.grad + 0.3 * y.grad)    # a wrong local derivative
    step = backward_stepper(y).state["steps"][1]
    assert step["reveal"][0]["how"] == "other"
    assert "yet x.grad becomes 0.3" in step["text"]


def test_unknown_operations_and_foreign_objects_are_refused_clearly():
    x = Lesson3Value(1.0, label='x')
    odd = Lesson3Value(2.0, (x,), 'sin', label='s')
    with pytest.raises(ValueError, match="operation 'sin' of a value without _backward.*lesson 4"):
        backward_stepper(odd)
    with pytest.raises(TypeError, match="needs a Value .* not a float: it has no data, grad"):
        backward_stepper(3.0)


def test_the_picture_highlights_draw_dots_own_boxes_and_arrows():
    root = shared_inputs(closure_engine.Value)
    picture = backward_stepper(root)
    svg = picture.state["svgs"][0]
    names = set(re.findall(r'data-n="([^"]+)"', unescape(svg)))
    box = {id(v): f"n{i}" for i, v in enumerate(trace(root)[0])}
    order, steps = record_backward(root)
    for k, ((v, _), step) in enumerate(zip(steps, picture.state["steps"])):
        assert step["active"][0] == box[id(v)]
        assert set(step["active"] + step["edges"]) <= names
        given = [v] if k == 0 else v._prev                 # the seed, then v's children
        assert [r["node"] for r in step["reveal"]] == list(dict.fromkeys(box[id(c)] for c in given))
    assert ' id="' not in svg and "<title>" not in svg         # several pictures share a page


# ---- predictions ---------------------------------------------------------------------

@pytest.mark.parametrize("value", [0.0, 1e-6, 5e-5, 0.5, -1.5, 1.0, 0.1, -0.0001, 123.456, -7e5])
def test_a_prediction_is_accepted_exactly_by_the_checks_rule(value):
    low, high = accepted_range(value)
    tiny = 1e-9 * max(1.0, abs(value))
    for x in (low + tiny, high - tiny, (low + high) / 2, value):
        assert close_enough(x, value)
    for x in (low - tiny, high + tiny):
        assert not close_enough(x, value)


def test_the_checks_and_the_stepper_share_one_rule():
    from checks.backprop_by_hand import _near
    rng = random.Random(1)
    for _ in range(2000):
        x, y = rng.uniform(-2, 2), rng.uniform(-2, 2) * rng.choice([1, 1e-3, 1e-5])
        x = y + rng.choice([1, -1]) * rng.choice([1e-2, 1e-3, 1e-4, 1e-5]) * rng.random()
        assert _near(x, y) == close_enough(x, y)


def test_every_revealed_gradient_carries_its_accepted_range():
    root = running_example(Lesson3Value)
    picture = backward_stepper(root, predict=True)
    assert picture.state["predict"] is True
    order, steps = record_backward(root)
    final = dict(zip(map(id, order), steps[-1][1]))
    labels = {v.label: final[id(v)] for v in order}
    reveals = [r for step in picture.state["steps"] for r in step["reveal"]]
    assert [r["name"] for r in reveals] == ["L", "d", "f", "e", "c", "a", "b"]
    for r in reveals:
        assert r["range"] == accepted_range(labels[r["name"]])
    assert accepted_range(math.inf) is None and accepted_range(math.nan) is None


# ---- the nudge slider ---------------------------------------------------------------------

def written(x):
    """A number as the pictures write it: 6 significant digits, 0 rather than -0."""
    return format(x, ".6g").replace("-0", "0") if x == 0 else format(x, ".6g")


def test_the_slider_shows_the_real_change_and_the_gradients_prediction():
    def build(h):                                 # o = tanh(x * w) with x nudged by h
        x, w = closure_engine.Value(0.5 + h, label='x'), closure_engine.Value(-1.2, label='w')
        o = (x * w).tanh()
        o.label = 'o'
        return o
    grad = -1.2 * (1 - math.tanh(-0.6) ** 2)
    nudges = (-0.5, -0.01, 0.001, 0.3)
    state = nudge_slider(build, 'x', grad, nudges=nudges).state
    hs = sorted(nudges + (0.0,))
    assert state["labels"] == ["-0.5", "-0.01", "0", "0.001", "0.3"] and state["start"] == 2
    assert len(state["measured"]) == len(state["predicted"]) == len(state["lines"]) == len(hs)
    offs = []
    for h, line in zip(hs, state["lines"]):
        change = build(h).data - build(0.0).data
        assert f"o changes by {written(change)};" in line
        assert f"the gradient predicts ({written(grad)}) * " in line
        assert line.split(" = ")[2].split(",")[0] == written(grad * h)
        if h:
            offs.append(abs(change - grad * h) / abs(change))
    assert offs[1] < 0.01 and offs[2] < 0.001 < offs[0] and offs[0] > 0.1   # close near 0 only
    # the markers move over the chart: x grows with h, the predicted line is straight
    xs = [float(p.split(",")[0]) for p in state["predicted"]]
    assert xs == sorted(xs)
    ys = [float(p.split(",")[1]) for p in state["predicted"]]
    slopes = {round((ys[i + 1] - ys[i]) / (xs[i + 1] - xs[i]), 1) for i in range(len(xs) - 1)}
    assert len(slopes) == 1


# ---- the training player ----------------------------------------------------------------

def test_the_player_has_one_frame_per_step():
    losses = {"good": [4.0 / (k + 1) for k in range(21)], "bad": [4.0 + math.sin(k) for k in range(21)]}
    predictions = {run: [[math.tanh(k / 5) * t for t in (1, -1, 1)] for k in range(21)] for run in losses}
    picture = training_player(losses, predictions=predictions, targets=[1, -1, 1])
    state = picture.state
    assert len(state["lines"]) == 21
    assert state["lines"][7] == (f"step 7: good: loss 0.5, predictions "
                                 f"{math.tanh(7 / 5):+.2f} {-math.tanh(7 / 5):+.2f} {math.tanh(7 / 5):+.2f}; "
                                 f"bad: loss {4.0 + math.sin(7):.6g}, predictions "
                                 f"{math.tanh(7 / 5):+.2f} {-math.tanh(7 / 5):+.2f} {math.tanh(7 / 5):+.2f}")
    assert [m["key"] for m in state["moves"]][:2] == ["loss-0", "loss-1"]
    assert len(state["moves"]) == 2 + 2 * 3 and all(len(m["points"]) == 21 for m in state["moves"])
    good = state["moves"][0]["points"]
    heights = [float(p.split(",")[1]) for p in good]
    assert heights == sorted(heights)            # a falling loss climbs down the chart (SVG y grows down)
    assert f'points="{" ".join(good)}"' in state["svgs"][0]     # drawn whole, at the last step
    with pytest.raises(ValueError, match="the same steps"):
        training_player({"a": [1.0, 2.0], "b": [1.0]})
    with pytest.raises(ValueError, match="whole number of frames of 2 steps"):
        training_player({"a": [1.0, 2.0]}, every=2)


def test_the_player_colours_a_classifiers_regions_frame_by_frame():
    g1, g2 = [0.0, 1.0, 2.0], [0.0, 1.0]               # a grid of 3 x 2 cells
    frames = [[[1.0, 1.0, 1.0], [1.0, 1.0, 1.0]],     # step 0: all positive
              [[-1.0, -1.0, 1.0], [1.0, -1.0, 1.0]]]  # step 2
    picture = training_player({"run": [3.0, 2.0, 1.0]}, every=2,
                              accuracies={"run": [0.5, 0.75, 1.0]},
                              boundary=(g1, g2, frames, [[0.0, 0.0], [2.0, 1.0]], [-1, 1]))
    state = picture.state
    assert state["steps"] == [0, 2]
    assert state["lines"] == ["step 0: run: loss 3, accuracy 50%", "step 2: run: loss 1, accuracy 100%"]
    regions = state["regions"]
    assert regions["frames"] == ["111111", "001101"] and regions["columns"] == 3
    svg = state["svgs"][-1]
    drawn = re.search(r'<g data-mg="regions"[^>]*>(.*?)</g>', svg).group(1)
    # the last frame, a rectangle per run of one sign along a row: row 0 (the bottom one) is
    # negative, negative, positive; row 1 positive, negative, positive
    fills = re.findall(r'fill="([^"]+)"', drawn)
    negative, positive = regions["colours"]
    assert fills == [negative, positive, positive, negative, positive]
    heights = {float(h) for h in re.findall(r'height="([^"]+)"', drawn)}
    assert heights == {round(regions["height"], 1)}
    assert svg.count("<circle") == 1 and svg.count('width="6"') == 1      # a -1 point and a +1 point


# ---- the stored picture -------------------------------------------------------------

def pictures():
    neuron = running_example(closure_engine.Value)
    return [backward_stepper(neuron, predict=True),
            nudge_slider(lambda h: running_example(closure_engine.Value).data + h * h, 'h', 0.0),
            training_player({"run": [3.0, 2.0, 1.0]})]


def test_the_bundle_is_a_widget_with_an_html_twin_and_a_text_trace():
    for picture in pictures():
        data, _ = picture._repr_mimebundle_()
        assert set(data) == {"application/vnd.jupyter.widget-view+json", "text/html", "text/plain"}
        assert data["text/plain"] == repr(picture) and " at 0x" not in data["text/plain"]
        assert data["text/html"] == picture.html()


def test_the_html_twin_carries_a_fallback_the_state_and_the_script():
    for picture in pictures():
        page = picture.html()
        fallback = re.search(r'<div class="mg-fallback">(.*?)</div><script', page, re.DOTALL).group(1)
        images = re.findall(r'<img class="mg-svg" alt="([^"]+)" src="data:image/svg\+xml;base64,([^"]+)">',
                            fallback)
        assert [base64.b64decode(b).decode() for _, b in images] == picture.state["svgs"]
        assert all(alt.strip() for alt, _ in images)
        data = re.search(r'<script type="application/json" class="mg-state">(.*?)</script>', page).group(1)
        assert "</" not in data
        state = json.loads(data)
        assert state == {k: v for k, v in picture.state.items() if k != "svgs"}
        script = re.search(r"<script>(.*?)</script></div>$", page, re.DOTALL).group(1)
        assert EXPORT in SCRIPT and "export " not in script   # a classic script, not a module
        assert "showStored(document.currentScript.parentElement)" in script
        assert "http://" not in page.replace('xmlns="http://www.w3.org/2000/svg"', "") \
            .replace('xmlns:xlink="http://www.w3.org/1999/xlink"', "")
        assert "https://" not in page


def test_the_stepper_fallback_shows_the_final_gradients_and_every_line():
    root = running_example(Lesson3Value)
    picture = backward_stepper(root)
    page = picture.html()
    svg = picture.state["svgs"][0]
    grads = re.findall(r">grad ([^<]*)</text>", unescape(svg))
    assert sorted(grads) == sorted(["1.0000", "-2.0000", "4.0000", "-2.0000", "-2.0000", "6.0000", "-4.0000"])
    items = re.findall(r"<li>(.*?)</li>", page)
    assert [unescape(i) for i in items] == [s["text"] for s in picture.state["steps"]]


SCRIPT_TEXT = """
import sys
sys.path.insert(0, "tests")
from test_pictures import pictures
print("".join(p.html() for p in pictures()))
"""


def test_the_html_is_the_same_bytes_every_time_and_under_any_hash_seed():
    once = "".join(p.html() for p in pictures())
    assert once == "".join(p.html() for p in pictures())
    runs = [subprocess.run([sys.executable, "-c", SCRIPT_TEXT], capture_output=True, text=True,
                           env={"PYTHONHASHSEED": seed, "PATH": ""}, cwd=str(ROOT_DIR))
            for seed in ("1", "2")]
    assert all(r.returncode == 0 for r in runs), runs[0].stderr
    assert runs[0].stdout == runs[1].stdout == once + "\n"


def test_importing_micrograd_loads_no_widget_machinery():
    code = ("import sys, micrograd; from micrograd.engine import Value; "
            "print(sorted(m for m in ('anywidget', 'ipywidgets', 'micrograd.pictures') if m in sys.modules)); "
            "from micrograd import backward_stepper; print('micrograd.pictures' in sys.modules)")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split("\n")[:2] == ["[]", "True"]


# ---- the stored-output rule: a lesson keeps a picture's twin, never a widget's view -------

def widget_output(picture):
    data, _ = picture._repr_mimebundle_()
    return nbformat.v4.new_output("display_data", data=data)


def test_make_execute_stores_a_picture_without_its_widget_view_or_state():
    from course import WIDGET_VIEW, normalized
    cell = nbformat.v4.new_code_cell("backward_stepper(L)", execution_count=1,
                                     outputs=[widget_output(pictures()[0])])
    notebook = nbformat.v4.new_notebook(cells=[cell])
    notebook.metadata["widgets"] = {"application/vnd.jupyter.widget-state+json": {"state": {}}}
    stored = normalized(notebook)
    assert "widgets" not in stored.metadata
    assert set(stored.cells[0].outputs[0].data) == {"text/html", "text/plain"}
    assert WIDGET_VIEW in cell.outputs[0].data          # the run itself is left alone


def test_nbcheck_rejects_a_lesson_that_stores_a_widget_view(make_course):
    from nbcheck import course_problems
    title = nbformat.v4.new_markdown_cell("# 1. A lesson\n\nAbout it.")
    cell = nbformat.v4.new_code_cell("backward_stepper(L)", execution_count=1,
                                     outputs=[widget_output(pictures()[0])])
    root = make_course({"01_a.ipynb": [title, cell]}, titles={"01_a.ipynb": "A lesson"})
    path = root / "notebooks" / "01_a.ipynb"
    notebook = nbformat.read(path, as_version=4)
    notebook.metadata["widgets"] = {"application/vnd.jupyter.widget-state+json": {"state": {}}}
    nbformat.write(notebook, path)
    problems = course_problems(root)
    assert any("cell 2 stores a widget's view" in p and "make execute NB=notebooks/01_a.ipynb" in p
               for p in problems), problems
    assert any("metadata left by jupytext or a widget (widgets)" in p for p in problems), problems
