"""The checks of lesson 7's exercises: placeholders, worked solutions, and every known mistake."""
import math
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import verdict

from checks.engine import check_exercise_1, check_exercise_2, check_exercise_3
from micrograd.engine import Value, _topological_order, weighted_sum


def sigmoid(x):
    z = math.exp(-abs(x))
    return 1.0 / (1.0 + z) if x >= 0 else z / (1.0 + z)


# ---- Exercise 1: silu(v) as one node with its local derivative

def silu_node(value, slope):
    """A silu whose value and stored slope are the given functions of x."""
    def silu(v):
        x = v.data
        return Value(value(x), (v,), 'silu', _local=(slope(x),))
    return silu


SOLUTION_1 = silu_node(lambda x: x * sigmoid(x),
                       lambda x: sigmoid(x) * (1 + x * (1 - sigmoid(x))))


def test_exercise_1_placeholder_and_solution():
    def placeholder(v):
        raise NotImplementedError("write the body")
    assert verdict(check_exercise_1, placeholder)[0] == "not attempted yet"
    assert verdict(check_exercise_1, ...)[0] == "not attempted yet"
    assert verdict(check_exercise_1, SOLUTION_1) == ("solved", "")


def naive_sigmoid(x):
    return 1 / (1 + math.exp(-x))


def from_pieces(v):
    return v * v.sigmoid()


def returns_float(v):
    return v.data * sigmoid(v.data)


def misnamed(v):
    x = v.data
    s = sigmoid(x)
    return Value(x * s, (v,), 'swish', _local=(s * (1 + x * (1 - s)),))


def returns_nothing(v):
    x = v.data
    Value(x * sigmoid(x), (v,), 'silu', _local=(1.0,))


def slope_as_label(v):
    """The slope given by position lands in label, so Value gets no local derivative."""
    x = v.data
    s = sigmoid(x)
    return Value(x * s, (v,), 'silu', (s * (1 + x * (1 - s)),))


@pytest.mark.parametrize("silu, hint", [
    (silu_node(lambda x: x * sigmoid(x), sigmoid), "sigmoid(x) alone"),
    (silu_node(lambda x: x * sigmoid(x), lambda x: sigmoid(x) * (1 - sigmoid(x))),
     "the sigmoid's own derivative"),
    (silu_node(lambda x: x * sigmoid(x), lambda x: x * sigmoid(x) * (1 - sigmoid(x))),
     "only x * sigmoid'(x)"),
    (silu_node(lambda x: x * sigmoid(x), lambda x: x * sigmoid(x)), "silu's value, not its slope"),
    (silu_node(lambda x: x * sigmoid(x), lambda x: 1.0), "differentiate the product"),
    (silu_node(sigmoid, lambda x: sigmoid(x) * (1 + x * (1 - sigmoid(x)))),
     "the value is sigmoid(x)"),
    (silu_node(lambda x: x * x, lambda x: 2 * x), "is not x * sigmoid(x)"),
    (silu_node(lambda x: x * naive_sigmoid(x),
               lambda x: naive_sigmoid(x) * (1 + x * (1 - naive_sigmoid(x)))),
     "compute the sigmoid from exp(-|x|)"),
    (from_pieces, "not a chain of operations"),
    (returns_float, "must return a Value, not float"),
    (returns_nothing, "returns nothing"),
    (lambda v: v, "returned its input"),
    (misnamed, "name the operation 'silu'"),
    (slope_as_label, "pass it by name, _local=(slope,)"),   # was the engine's bare ValueError
    (42, "give the function silu itself"),
])
def test_exercise_1_mistakes(silu, hint):
    status, detail = verdict(check_exercise_1, silu)
    assert status == "wrong" and hint in detail, detail


def test_exercise_1_hints_never_give_the_formula():
    for silu in (silu_node(lambda x: x * sigmoid(x), lambda x: 1.0),
                 silu_node(lambda x: x * x, lambda x: 2 * x)):
        _, detail = verdict(check_exercise_1, silu)
        assert "1 + x" not in detail and "(1 - s" not in detail


# ---- Exercise 2: depth_iterative(v)

def solution_2(v):
    depths = {}
    for node in _topological_order(v):
        depths[node] = 1 + max(depths[c] for c in node._prev) if node._prev else 0
    return depths[v]


def recursive_depth(v):
    if not v._prev:
        return 0
    return 1 + max(recursive_depth(c) for c in v._prev)


def memoized_recursion(v, memo=None):
    memo = {} if memo is None else memo
    if v not in memo:
        memo[v] = 1 + max(memoized_recursion(c, memo) for c in v._prev) if v._prev else 0
    return memo[v]


def every_path_with_a_stack(v):
    """Iterative, but walks every path: exponential on shared values."""
    best, stack = 0, [(v, 0)]
    while stack:
        node, d = stack.pop()
        best = max(best, d)
        stack.extend((c, d + 1) for c in node._prev)
    return best


def counts_values(v):
    return len(_topological_order(v))


def counts_operations(v):
    return sum(1 for node in _topological_order(v) if node._prev)


def leaf_is_one(v):
    return solution_2(v) + 1


def one_too_few(v):
    return max(solution_2(v) - 1, 0)


def shortest_path(v):
    depths = {}
    for node in _topological_order(v):
        depths[node] = 1 + min(depths[c] for c in node._prev) if node._prev else 0
    return depths[v]


def first_child_only(v):
    depth = 0
    while v._prev:
        v = v._prev[0]
        depth += 1
    return depth


def returns_float(v):
    return float(solution_2(v))


def leaf_by_empty_slot(v):
    """The lesson's own test for a leaf: no first operand."""
    depths = {}
    for node in _topological_order(v):
        depths[node] = 0 if node._a is None else 1 + max(depths[c] for c in node._prev)
    return depths[v]


def leaf_by_empty_op(v):
    """A leaf has no operation: _op is ''."""
    depths = {}
    for node in _topological_order(v):
        depths[node] = 0 if node._op == '' else 1 + max(depths[c] for c in node._prev)
    return depths[v]


def own_stack_with_slots(v):
    """An explicit stack that reads the slots, not _prev: each value is finished once."""
    depths, stack = {}, [v]
    while stack:
        node = stack[-1]
        if node in depths:
            stack.pop()
            continue
        children = [] if node._a is None else [c for c in (node._a, node._b) if c is not None]
        children += list(node._rest)
        waiting = [c for c in children if c not in depths]
        if waiting:
            stack.extend(waiting)
        else:
            depths[node] = 1 + max(depths[c] for c in children) if children else 0
            stack.pop()
    return depths[v]


def every_path_through_the_slots(v):
    """Iterative, reads _a and _b directly, and walks every path."""
    best, stack = 0, [(v, 0)]
    while stack:
        node, d = stack.pop()
        best = max(best, d)
        if node._a is not None:
            stack.append((node._a, d + 1))
            if node._b is not None:
                stack.append((node._b, d + 1))
    return best


def test_exercise_2_placeholder_and_solution():
    def placeholder(v):
        raise NotImplementedError("write the body")
    assert verdict(check_exercise_2, placeholder)[0] == "not attempted yet"
    assert verdict(check_exercise_2, solution_2) == ("solved", "")


@pytest.mark.parametrize("answer", [leaf_by_empty_slot, leaf_by_empty_op, own_stack_with_slots])
def test_exercise_2_accepts_every_way_to_spot_a_leaf(answer):
    """The check's graphs are real Values, so a leaf test on _a or _op works as in the lesson."""
    assert verdict(check_exercise_2, answer) == ("solved", "")


@pytest.mark.parametrize("answer, hint", [
    (recursive_depth, "still recursive"),
    (memoized_recursion, "still recursive"),
    (every_path_with_a_stack, "visits the shared values again and again"),
    (every_path_through_the_slots, "visits the shared values again and again"),
    (counts_values, "counts the values of the graph"),
    (counts_operations, "counts all the operations"),
    (leaf_is_one, "one too many everywhere: a leaf has depth 0"),
    (one_too_few, "one too few"),
    (shortest_path, "take the largest"),
    (first_child_only, "not only the first"),
    (returns_float, "a whole number (an int), not float"),
    ("depth", "give the function depth_iterative itself"),
])
def test_exercise_2_mistakes(answer, hint):
    status, detail = verdict(check_exercise_2, answer)
    assert status == "wrong" and hint in detail, detail


def test_exercise_2_leaves_the_recursion_limit_alone():
    limit = sys.getrecursionlimit()
    verdict(check_exercise_2, recursive_depth)
    assert sys.getrecursionlimit() == limit
    sys.setrecursionlimit(5000)
    try:
        verdict(check_exercise_2, solution_2)
        assert sys.getrecursionlimit() == 5000
    finally:
        sys.setrecursionlimit(limit)


NOTEBOOKS = Path(__file__).resolve().parent.parent / "notebooks"

RAISED_BEFORE = """
import sys
sys.setrecursionlimit(300_000)
from checks.engine import check_exercise_2

def depth(v, memo={}):
    if v not in memo:
        memo[v] = 1 + max(depth(child) for child in v._prev) if v._prev else 0
    return memo[v]

check_exercise_2(depth)
print("limit afterwards:", sys.getrecursionlimit())
"""

RAISED_INSIDE = """
import sys
from checks.engine import check_exercise_{number}

set_limit = sys.setrecursionlimit

def answer(v, memo={{}}):
    sys.setrecursionlimit(1_000_000)
    {body}

check_exercise_{number}(answer)
print("limit afterwards:", sys.getrecursionlimit())
print("setrecursionlimit restored:", sys.setrecursionlimit is set_limit)
"""

DEPTH_BODY = """if v not in memo:
        memo[v] = 1 + max(answer(child) for child in v._prev) if v._prev else 0
    return memo[v]"""

GRADIENTS_BODY = """order, seen = [], set()
    def visit(node):
        if node not in seen:
            seen.add(node)
            for child in node._prev:
                visit(child)
            order.append(node)
    visit(v)
    grads = dict.fromkeys(order, 0.0)
    grads[v] = 1.0
    for node in reversed(order):
        for child, local in zip(node._prev, node._local):
            grads[child] += local * grads[node]
    return grads"""


def run_alone(code):
    """The status lines a script prints, run in a fresh Python: a crash shows as its exit code."""
    result = subprocess.run([sys.executable, "-c", code], cwd=NOTEBOOKS,
                            env={**os.environ, "PYTHONPATH": str(NOTEBOOKS)},
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, (result.returncode, result.stderr[-2000:])
    return result.stdout.splitlines()


def test_exercise_2_a_recursive_answer_under_a_raised_limit_fails_cleanly():
    """With the limit raised, the memoised recursion on the 100,000 chain (through max() of a
    generator) runs out of the C stack and, on Python 3.11, crashes the kernel; the check runs
    it under the usual limit instead."""
    status, limit = run_alone(RAISED_BEFORE)
    assert status.startswith("Exercise 2: wrong.") and "still recursive" in status, status
    assert "setrecursionlimit is no fix" in status
    assert limit == "limit afterwards: 300000"


@pytest.mark.parametrize("number, body", [(2, DEPTH_BODY), (3, GRADIENTS_BODY)])
def test_a_recursive_answer_that_raises_the_limit_itself_fails_cleanly(number, body):
    """An answer that calls sys.setrecursionlimit(1_000_000) itself crashed the kernel (exit
    139 on Python 3.11) before the check took setrecursionlimit out of its reach."""
    status, limit, restored = run_alone(RAISED_INSIDE.format(number=number, body=body))
    assert status.startswith(f"Exercise {number}: wrong.") and "still recursive" in status, status
    assert "setrecursionlimit does nothing" in status
    assert limit == "limit afterwards: 1000" and restored == "setrecursionlimit restored: True"


# ---- Exercise 3: gradients(root), a dict of d(root)/d(value), leaving .grad alone

def solution_3(root):
    order = _topological_order(root)
    grads = dict.fromkeys(order, 0.0)
    grads[root] = 1.0
    for v in reversed(order):
        for child, local in zip(v._prev, v._local):
            grads[child] += local * grads[v]
    return grads


def by_parents(root):
    """Another right answer: each value sums what its parents pass it, in reverse order."""
    order = _topological_order(root)
    parents = {v: [] for v in order}
    for v in order:
        for child, local in zip(v._prev, v._local):
            parents[child].append((v, local))
    grads = {}
    for v in reversed(order):
        grads[v] = 1.0 if v is root else sum(grads[p] * local for p, local in parents[v])
    return grads


def leaves_first(root):
    order = _topological_order(root)
    grads = dict.fromkeys(order, 0.0)
    grads[root] = 1.0
    for v in order:
        for child, local in zip(v._prev, v._local):
            grads[child] += local * grads[v]
    return grads


def overwrites(root):
    order = _topological_order(root)
    grads = dict.fromkeys(order, 0.0)
    grads[root] = 1.0
    for v in reversed(order):
        for child, local in zip(v._prev, v._local):
            grads[child] = local * grads[v]
    return grads


def no_seed(root):
    order = _topological_order(root)
    grads = dict.fromkeys(order, 0.0)
    for v in reversed(order):
        for child, local in zip(v._prev, v._local):
            grads[child] += local * grads[v]
    return grads


def calls_backward(root):
    root.backward()
    return {v: v.grad for v in _topological_order(root)}


def starts_from_grad(root):
    order = _topological_order(root)
    grads = {v: v.grad for v in order}
    grads[root] = 1.0
    for v in reversed(order):
        for child, local in zip(v._prev, v._local):
            grads[child] += local * grads[v]
    return grads


def only_results(root):
    return {v: g for v, g in solution_3(root).items() if v._prev}


def without_root(root):
    return {v: g for v, g in solution_3(root).items() if v is not root}


def keyed_by_id(root):
    return {id(v): g for v, g in solution_3(root).items()}


def keyed_by_label(root):
    return {v.label: g for v, g in solution_3(root).items()}


def as_list(root):
    return list(solution_3(root).values())


def returns_nothing(root):
    solution_3(root)


def not_multiplied(root):
    order = _topological_order(root)
    grads = dict.fromkeys(order, 0.0)
    grads[root] = 1.0
    for v in reversed(order):
        for child in v._prev:
            grads[child] += grads[v]
    return grads


def recursive(root):
    """Right on small graphs, but lesson 5's recursive sort underneath."""
    order, seen = [], set()

    def visit(v):
        if v not in seen:
            seen.add(v)
            for child in v._prev:
                visit(child)
            order.append(v)
    visit(root)
    grads = dict.fromkeys(order, 0.0)
    grads[root] = 1.0
    for v in reversed(order):
        for child, local in zip(v._prev, v._local):
            grads[child] += local * grads[v]
    return grads


def every_path(root):
    """Pushes each value's gradient down every path as soon as it has one: wrong where a
    value is reached before all its parents have passed their share on."""
    grads = {root: 1.0}

    def down(node):
        for child, local in zip(node._prev, node._local):
            grads[child] = grads.get(child, 0.0) + local * grads[node]
            down(child)
    down(root)
    return grads


def test_exercise_3_placeholder_and_solution():
    def placeholder(root):
        raise NotImplementedError("write the body")
    assert verdict(check_exercise_3, placeholder)[0] == "not attempted yet"
    assert verdict(check_exercise_3, ...)[0] == "not attempted yet"
    assert verdict(check_exercise_3, solution_3) == ("solved", "")
    assert verdict(check_exercise_3, by_parents) == ("solved", "")


def test_exercise_3_the_solution_is_backward_without_grad():
    """On a graph with every kind of node, solution_3 gives backward()'s numbers, bit for bit,
    and leaves .grad alone."""
    def build():
        a, b = Value(0.8), Value(-1.3)
        h = weighted_sum([a, b, a], [b, 2.0, a], 0.5)
        return (h.tanh() * a - b / (a * a + 1.0)).relu() + (h - 3.0).relu() + b.exp()

    root = build()
    got = solution_3(root)
    assert all(v.grad == 0.0 for v in got)
    reference = build()
    reference.backward()
    assert [got[v] for v in _topological_order(root)] == \
        [v.grad for v in _topological_order(reference)]


@pytest.mark.parametrize("answer, hint", [
    (leaves_first, "go through the topological order in reverse"),
    (overwrites, "add each share to what it has (+=)"),
    (no_seed, "every gradient is 0"),
    (calls_backward, "it changed the .grad"),
    (starts_from_grad, "your answer reads .grad"),
    (only_results, "the leaves are missing"),
    (without_root, "the root itself belongs in the dict"),
    (keyed_by_id, "not by id(value)"),        # was: "the root itself belongs", which it is
    (keyed_by_label, "not by id(value) or a label"),
    (as_list, "must return a dict"),
    (returns_nothing, "returns nothing"),
    (not_multiplied, "times the local derivative"),
    (recursive, "still recursive"),
    (every_path, "times the local derivative"),
    ("gradients", "give the function gradients itself"),
])
def test_exercise_3_mistakes(answer, hint):
    status, detail = verdict(check_exercise_3, answer)
    assert status == "wrong" and hint in detail, detail


def test_exercise_3_hints_never_give_a_gradient():
    """No hint prints a number but 0 and 1 (no gradient, and the root's own: the lesson says
    both), so none gives away a gradient the check computed; "lesson 3's neuron" names a graph."""
    for answer in (leaves_first, overwrites, not_multiplied, no_seed, every_path, starts_from_grad):
        _, detail = verdict(check_exercise_3, answer)
        numbers = re.findall(r"\d+(?:\.\d+)?", detail.replace("lesson 3's neuron", ""))
        assert set(numbers) <= {"0", "1"}, detail
