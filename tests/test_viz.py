"""micrograd.viz: deterministic drawings of any object with the lesson API."""
import os
import re
import subprocess
import sys

import pytest

from micrograd.viz import draw_dot, trace


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


def count(svg, kind):
    return len(re.findall(rf'<g id="{kind}\d+" class="{kind}">', svg))


def test_the_running_example_has_a_record_per_value_and_a_node_per_operation():
    drawing = draw_dot(running_example())
    # 7 values (a b c e d f L) + 3 operations; 6 value->operation edges + 3 operation->result
    assert (count(drawing.svg, "node"), count(drawing.svg, "edge")) == (10, 9)
    assert repr(drawing) == "<expression graph: 7 values, 3 operations>"
    assert "data &#45;8.0000" in drawing.svg and "grad 0.0000" in drawing.svg  # &#45; is "-"
    assert drawing.svg.startswith("<svg")


def test_a_value_used_twice_is_drawn_once_with_two_edges():
    a = Node(3.0, label="a")
    drawing = draw_dot(a + a)
    assert (count(drawing.svg, "node"), count(drawing.svg, "edge")) == (3, 3)


def test_the_same_expression_gives_the_same_bytes():
    first, second = draw_dot(running_example()), draw_dot(running_example())
    assert first.source == second.source
    assert first.svg == second.svg


def test_nodes_are_named_by_a_counter_in_traversal_order():
    source = draw_dot(running_example()).source
    names = re.findall(r"^  (n\d+) \[shape=record", source, re.MULTILINE)
    assert names == [f"n{i}" for i in range(7)]
    assert [v.label for v in trace(running_example())[0]] == ["L", "d", "e", "a", "b", "c", "f"]


def test_labels_with_record_syntax_are_escaped():
    drawing = draw_dot(Node(1.0, label='x{1|2}<"y">'))
    assert count(drawing.svg, "node") == 1
    assert "x{1|2}&lt;&quot;y&quot;&gt;" in drawing.svg


def test_an_object_without_the_lesson_api_is_refused_clearly():
    with pytest.raises(TypeError, match=r"cannot draw a float: it has no .*draw_dot needs data, grad"):
        draw_dot(1.5)


def test_it_needs_no_system_graphviz(tmp_path):
    """Drawing works with an empty PATH, so no `dot` program can be found."""
    code = ("from micrograd import draw_dot; import shutil; assert shutil.which('dot') is None; "
            "from tests.test_viz import running_example; print(repr(draw_dot(running_example())))")
    result = subprocess.run([sys.executable, "-c", code], env={**os.environ, "PATH": str(tmp_path)},
                            cwd=os.path.dirname(os.path.dirname(__file__)), capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "<expression graph: 7 values, 3 operations>"
