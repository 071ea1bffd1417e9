"""The checks of lesson 7's exercises: placeholders, worked solutions, and every known mistake."""
import gc
import math
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import verdict

import micrograd.closure_engine
from checks.engine import (check_exercise_1, check_exercise_2, check_exercise_3,
                           sigmoid_by_hand)
from micrograd.engine import Value, _topological_order


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


RAISED_LIMIT = """
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


def test_exercise_2_a_recursive_answer_under_a_raised_limit_fails_cleanly():
    """With the limit raised, the memoised recursion on the 100,000 chain (through max() of a
    generator) used to run out of the C stack and, on Python 3.11, crash the kernel; the
    check runs it under the usual limit instead."""
    notebooks = Path(__file__).resolve().parent.parent / "notebooks"
    result = subprocess.run([sys.executable, "-c", RAISED_LIMIT], cwd=notebooks,
                            env={**os.environ, "PYTHONPATH": str(notebooks)},
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, (result.returncode, result.stderr[-2000:])
    status, limit = result.stdout.splitlines()
    assert status.startswith("Exercise 2: wrong.") and "still recursive" in status, status
    assert "setrecursionlimit is no fix" in status
    assert limit == "limit afterwards: 300000"


# ---- Exercise 3: predict, then measure, the objects sigmoid_by_hand makes, both engines

def measured(Value_class):
    """(made, left after del, freed by a collection), as tracked_objects measures them."""
    sigmoid_by_hand(Value_class)
    gc.collect()
    gc.disable()
    interval = sys.getswitchinterval()
    sys.setswitchinterval(1000)
    time.sleep(0.05)
    try:
        before = len(gc.get_objects())
        result = sigmoid_by_hand(Value_class)
        made = len(gc.get_objects()) - before
        del result
        left = len(gc.get_objects()) - before
        freed = gc.collect()
    finally:
        sys.setswitchinterval(interval)
        gc.enable()
    return made, left, freed


def graph_of(Value_class):
    return _topological_order(sigmoid_by_hand(Value_class))


def by_the_rule(cells):
    """Problem 2's rule for lesson 6's engine, with `cells(v)` cells for the operation v."""
    return sum(4 + cells(v) if v._prev else 2 for v in graph_of(micrograd.closure_engine.Value))


@pytest.fixture(scope="module")
def counts():
    """closure_predicted, closure_made, closure_left, ours_made, ours_left; then the
    numbers the collector frees, which the task does not ask for."""
    (c_made, c_left, c_freed), (o_made, o_left, o_freed) = (
        measured(micrograd.closure_engine.Value), measured(Value))
    predicted = by_the_rule(lambda v: len(v._backward.__closure__))
    return (predicted, c_made, c_left, o_made, o_left), (c_freed, o_freed)


def test_exercise_3_placeholder_and_solution(counts):
    answers, _ = counts
    assert verdict(check_exercise_3, ..., ..., ..., ..., ...)[0] == "not attempted yet"
    assert verdict(check_exercise_3, *answers[:2], ..., *answers[3:])[0] == "not attempted yet"
    assert verdict(check_exercise_3, *answers) == ("solved", "")


def test_exercise_3_the_expected_counts_follow_from_the_engines(counts):
    (predicted, closure_made, closure_left, ours_made, ours_left), (c_freed, o_freed) = counts
    assert predicted == closure_made                      # the rule predicts the measurement
    # neg's closure uses two variables, every other operation's three
    cells = {v._op: len(v._backward.__code__.co_freevars)
             for v in graph_of(micrograd.closure_engine.Value) if v._prev}
    assert cells.pop('neg') == 2 and set(cells.values()) == {3}
    assert by_the_rule(lambda v: 3) == predicted + 1
    # x is kept, so "left" and "freed" differ for both engines: a check can tell them apart
    assert closure_left == closure_made > c_freed and ours_left == 1 > o_freed == 0
    assert ours_made == len(graph_of(Value))             # one object per value


def test_exercise_3_mistakes(counts):
    answers, (c_freed, o_freed) = counts
    predicted, closure_made, closure_left, ours_made, ours_left = answers
    closure_values = len(graph_of(micrograd.closure_engine.Value))
    ours_operations = sum(1 for v in graph_of(Value) if v._prev)
    three_cells = by_the_rule(lambda v: 3)
    cases = [
        ((predicted, ours_made, ours_left, closure_made, closure_left), "swapped"),
        ((three_cells, closure_made, closure_left, ours_made, ours_left),
         "neg's uses two (self and out)"),
        ((closure_values, closure_made, closure_left, ours_made, ours_left),
         "closure_predicted counts the Values"),
        ((predicted + 2, closure_made, closure_left, ours_made, ours_left),
         "does not follow Problem 2's rule"),
        ((predicted, three_cells, closure_left, ours_made, ours_left),
         "neg's uses two (self and out)"),
        ((predicted, closure_values, closure_left, ours_made, ours_left),
         "counts the Values of the graph"),
        ((predicted, closure_made + 3, closure_left, ours_made, ours_left), "closure_made is not"),
        ((predicted, closure_made, 0, ours_made, ours_left), "closure_left is 0"),
        ((predicted, closure_made, c_freed, ours_made, ours_left), "what the collector frees"),
        ((predicted, closure_made, closure_left - 1, ours_made, ours_left), "closure_left is not"),
        ((predicted, closure_made, closure_left, ours_operations, ours_left),
         "the leaves are objects too"),
        ((predicted, closure_made, closure_left, ours_made - 1, ours_left), "ours_made is not"),
        ((predicted, closure_made, closure_left, ours_made + 5, ours_left), "ours_made is not"),
        ((predicted, closure_made, closure_left, ours_made, ours_made),
         "freed the moment the result is dropped"),
        ((predicted, closure_made, closure_left, ours_made, o_freed), "kept still holds x"),
        ((predicted, closure_made, closure_left, ours_made, 2), "ours_left is not"),
        ((predicted, closure_made, closure_left, ours_made, 0.0),
         "a whole number of objects (an int), not float"),
        ((predicted, closure_made, closure_left, (ours_made, 0, 0), ours_left), "is a tuple"),
        ((True, closure_made, closure_left, ours_made, ours_left), "not bool"),
    ]
    for given, hint in cases:
        status, detail = verdict(check_exercise_3, *given)
        assert status == "wrong" and hint in detail, (given, detail)
        for number in set(answers) | {c_freed}:
            assert f" {number} " not in f" {detail} " and f"{number})" not in detail, detail
