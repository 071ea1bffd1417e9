"""The checks of lesson 7's exercises: placeholders, worked solutions, and every known mistake."""
import gc
import math
import sys
import time

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


def test_exercise_2_placeholder_and_solution():
    def placeholder(v):
        raise NotImplementedError("write the body")
    assert verdict(check_exercise_2, placeholder)[0] == "not attempted yet"
    assert verdict(check_exercise_2, solution_2) == ("solved", "")


@pytest.mark.parametrize("answer, hint", [
    (recursive_depth, "still recursive"),
    (memoized_recursion, "still recursive"),
    (every_path_with_a_stack, "visits the shared values again and again"),
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


# ---- Exercise 3: objects the collector tracks for sigmoid_by_hand, both engines

def measured(Value_class):
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
    finally:
        sys.setswitchinterval(interval)
        gc.enable()
    return made, left


def values_in(root):
    return len(_topological_order(root))


@pytest.fixture(scope="module")
def counts():
    return (*measured(micrograd.closure_engine.Value), *measured(Value))


def test_exercise_3_placeholder_and_solution(counts):
    assert verdict(check_exercise_3, ..., ..., ..., ...)[0] == "not attempted yet"
    assert verdict(check_exercise_3, counts[0], ..., counts[2], counts[3])[0] == "not attempted yet"
    assert verdict(check_exercise_3, *counts) == ("solved", "")


def test_exercise_3_the_expected_counts_follow_from_the_engines(counts):
    closure_made, closure_left, ours_made, ours_left = counts
    assert closure_left == closure_made > ours_made > 0 == ours_left
    assert ours_made == values_in(sigmoid_by_hand(Value))          # one object per value


def test_exercise_3_mistakes(counts):
    closure_made, closure_left, ours_made, ours_left = counts
    closure_values = values_in(sigmoid_by_hand(micrograd.closure_engine.Value))
    ours_operations = sum(1 for v in _topological_order(sigmoid_by_hand(Value)) if v._prev)
    cases = [
        ((ours_made, ours_left, closure_made, closure_left), "swapped"),
        ((closure_values, closure_left, ours_made, ours_left), "counts the Values of the graph"),
        ((closure_made + 3, closure_left, ours_made, ours_left), "closure_made is not"),
        ((closure_made, 0, ours_made, ours_left), "closure_left is 0"),
        ((closure_made, closure_left - 1, ours_made, ours_left), "closure_left is not"),
        ((closure_made, closure_left, ours_operations, ours_left), "the leaves are objects too"),
        ((closure_made, closure_left, ours_made - 1, ours_left), "ours_made is not"),
        ((closure_made, closure_left, ours_made + 5, ours_left), "ours_made is not"),
        ((closure_made, closure_left, ours_made, ours_made), "freed the moment the result is dropped"),
        ((closure_made, closure_left, ours_made, 2), "ours_left is not"),
        ((closure_made, closure_left, ours_made, 0.0), "a whole number of objects (an int), not float"),
        ((closure_made, closure_left, (ours_made, 0, 0), ours_left), "is a tuple"),
        ((True, closure_left, ours_made, ours_left), "not bool"),
    ]
    for answers, hint in cases:
        status, detail = verdict(check_exercise_3, *answers)
        assert status == "wrong" and hint in detail, (answers, detail)
        for number in set(counts) - {0}:
            assert f" {number} " not in f" {detail} ", detail
