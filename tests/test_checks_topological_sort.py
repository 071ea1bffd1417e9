"""The checks of lesson 5's exercises: placeholders, worked solutions, and every known mistake."""
import re

import pytest
from conftest import verdict

from checks.topological_sort import check_exercise_1, check_exercise_2, check_exercise_3

# ---- Exercise 1: the order topological_order(u) returns, for u = (p*q + r) * p

DFS = ['p', 'q', 's', 'r', 't', 'u']


def test_exercise_1_placeholder_and_solution():
    assert verdict(check_exercise_1, ...)[0] == "not attempted yet"
    assert verdict(check_exercise_1, DFS) == ("solved", "")
    assert verdict(check_exercise_1, tuple(DFS))[0] == "solved"


class Labelled:
    def __init__(self, label):
        self.label = label


@pytest.mark.parametrize("answer, hint", [
    (['p', 'q', 'r', 's', 't', 'u'], "a valid topological order, but not the one"),  # creation
    (['q', 'p', 's', 'r', 't', 'u'], "a valid topological order, but not the one"),
    (DFS[::-1], "the order backward() walks"),
    (['p', 'q', 't', 'r', 's', 'u'], "t uses s, so s must come before t"),
    (['p', 'q', 's', 'r', 't'], "missing: u"),
    (['p', 'q', 's', 'r', 't', 'u', 'p'], "listed twice: p"),
    (['p', 'q', 's', 'r', 't', 'v'], "not labels of the graph: v"),
    ("pqsrtu", "give a list of labels"),
    ([Labelled(x) for x in DFS], "not the Values"),
    ([1, 2, 3], "must be a label"),
])
def test_exercise_1_mistakes(answer, hint):
    status, detail = verdict(check_exercise_1, answer)
    assert status == "wrong" and hint in detail, detail
    assert str(DFS) not in detail and "p, q, s, r" not in detail


# ---- Exercise 2: is_topological_order(order, root)

def reachable_ids(root):
    seen, todo = set(), [root]
    while todo:
        v = todo.pop()
        if id(v) not in seen:
            seen.add(id(v))
            todo.extend(v._prev)
    return seen


def solution(order, root):
    position = {id(v): i for i, v in enumerate(order)}
    return (len(position) == len(order) and set(position) == reachable_ids(root)
            and all(position[id(c)] < position[id(v)] for v in order for c in v._prev))


def counts_only(order, root):
    """The gap of the old check: children before parents, and the right number of nodes."""
    position = {id(v): i for i, v in enumerate(order)}
    return (len(position) == len(order) == len(reachable_ids(root))
            and all(position[id(c)] < position[id(v)] for v in order for c in v._prev
                    if id(c) in position))


def no_duplicate_check(order, root):
    position = {id(v): i for i, v in enumerate(order)}
    return (set(position) == reachable_ids(root)
            and all(position[id(c)] < position[id(v)] for v in order for c in v._prev))


def subset_only(order, root):
    position = {id(v): i for i, v in enumerate(order)}
    return (len(position) == len(order) and set(position) <= reachable_ids(root)
            and all(position[id(c)] < position[id(v)] for v in order for c in v._prev
                    if id(c) in position))


def order_only(order, root):
    position = {id(v): i for i, v in enumerate(order)}
    return all(position[id(c)] < position[id(v)] for v in order for c in v._prev if id(c) in position)


def membership_only(order, root):
    return len(set(map(id, order))) == len(order) and set(map(id, order)) == reachable_ids(root)


def ordered(order):
    position = {id(v): i for i, v in enumerate(order)}
    return all(position[id(c)] < position[id(v)] for v in order for c in v._prev if id(c) in position)


def superset_ok(order, root):
    return set(map(id, order)) >= reachable_ids(root) and ordered(order)


def empty_ok(order, root):
    return not order or solution(order, root)


def root_and_subset(order, root):
    ids = list(map(id, order))
    return id(root) in ids and set(ids) <= reachable_ids(root) and ordered(order)


def length_and_root_last(order, root):
    return len(order) == len(reachable_ids(root)) and bool(order) and order[-1] is root \
        and ordered(order)


def length_and_subset(order, root):
    ids = list(map(id, order))
    return len(ids) == len(reachable_ids(root)) and set(ids) <= reachable_ids(root) and ordered(order)


def root_children_only(order, root):
    position = {id(v): i for i, v in enumerate(order)}
    return (membership_only(order, root)
            and all(position[id(c)] < position[id(root)] for c in root._prev))


def dfs_ids(root):
    order, seen = [], set()

    def visit(v):
        if id(v) not in seen:
            seen.add(id(v))
            for c in v._prev:
                visit(c)
            order.append(id(v))
    visit(root)
    return order


def only_depth_first(order, root):
    return list(map(id, order)) == dfs_ids(root)


def test_exercise_2_placeholder_and_solution():
    def placeholder(order, root):
        raise NotImplementedError("write the body")
    assert verdict(check_exercise_2, placeholder)[0] == "not attempted yet"
    assert verdict(check_exercise_2, solution) == ("solved", "")


@pytest.mark.parametrize("function, hint", [
    (counts_only, "a node from another graph takes the root's place"),   # the known gap
    (no_duplicate_check, "lists a node twice"),
    (subset_only, "without the root"),
    (order_only, "without the root"),              # never counted: the missing root first
    (membership_only, "the reversed order"),
    (superset_ok, "an extra node that is not in the graph"),
    (empty_ok, "accepts an empty order"),
    (root_and_subset, "a leaf missing"),
    (length_and_root_last, "takes a leaf's place"),
    (length_and_subset, "lists a node twice and leaves out the root"),
    (root_children_only, "some node comes before one of its children"),
    (only_depth_first, "not the depth-first one"),
    (lambda order, root: True, "without the root"),
    (lambda order, root: False, "it rejects a valid order"),
    (lambda order, root: int(solution(order, root)), "return True or False"),
])
def test_exercise_2_mistakes(function, hint):
    status, detail = verdict(check_exercise_2, function)
    assert status == "wrong" and hint in detail, detail


def positions_first(order, root):
    """Looks up every child's position before checking that the child is in the order."""
    position = {id(v): i for i, v in enumerate(order)}
    return (all(position[id(c)] < position[id(v)] for v in order for c in v._prev)
            and len(position) == len(order) and set(position) == reachable_ids(root))


def index_first(order, root):
    """list.index raises ValueError for a child that is not in the order."""
    if any(order.index(c) > i for i, v in enumerate(order) for c in v._prev):
        return False
    return len(order) == len(set(order)) and set(map(id, order)) == reachable_ids(root)


@pytest.mark.parametrize("function, error", [(positions_first, "KeyError"),
                                             (index_first, "ValueError")])
def test_exercise_2_an_error_on_a_missing_node_is_named_not_shown(function, error):
    """The error's own message was the hint: a memory address (an id, or a repr)."""
    status, detail = verdict(check_exercise_2, function)
    assert status == "wrong" and f"it raises {error} on one of the check's orders" in detail
    assert "check which nodes are there" in detail, detail
    assert not re.search(r"\d{6,}|0x[0-9a-f]+", detail), detail


def test_exercise_2_errors_and_types():
    status, detail = verdict(check_exercise_2, lambda order, root: order[0].missing)
    assert status == "wrong" and "AttributeError" in detail
    assert "pass the function itself" in verdict(check_exercise_2, [])[1]


# ---- Exercise 3: z = (x*y + x) * x at x = 3, y = 4

X_GRAD, Y_GRAD, OVERWRITE = 2 * 3 * 4 + 2 * 3, 3 * 3, 4 * 3


def test_exercise_3_placeholder_and_solution():
    assert verdict(check_exercise_3, ..., ..., ...)[0] == "not attempted yet"
    assert verdict(check_exercise_3, X_GRAD, Y_GRAD, ...)[0] == "not attempted yet"
    assert verdict(check_exercise_3, float(X_GRAD), float(Y_GRAD), float(OVERWRITE)) == ("solved", "")


@pytest.mark.parametrize("answer, hint", [
    ((OVERWRITE, Y_GRAD, OVERWRITE), "what the engine with = reports"),
    # without the direct path (3 + 12) is also the direct path alone (15): one neutral hint
    ((X_GRAD - 15, Y_GRAD, OVERWRITE), "leaves out part of x's three paths"),
    ((15, Y_GRAD, OVERWRITE), "leaves out part of x's three paths"),
    ((X_GRAD - 3, Y_GRAD, OVERWRITE), "misses one of x's three paths to z (the one through k)"),
    ((X_GRAD - 12, Y_GRAD, OVERWRITE), "misses one of x's three paths to z (the one through m)"),
    ((3, Y_GRAD, OVERWRITE), "one path's contribution"),                    # through k alone
    ((45, Y_GRAD, OVERWRITE), "the value of z"),
    ((Y_GRAD, X_GRAD, OVERWRITE), "swapped"),
    ((31, Y_GRAD, OVERWRITE), "add up the contributions"),
    ((X_GRAD, 3, OVERWRITE), "multiply every local derivative"),
    ((X_GRAD, 12, OVERWRITE), "one path to z"),
    ((X_GRAD, Y_GRAD, X_GRAD), "only one contribution survives"),
    ((X_GRAD, Y_GRAD, 15), "not the one whose closure runs last"),
    ((X_GRAD, Y_GRAD, 3), "not the one whose closure runs last"),
    ((X_GRAD, Y_GRAD, 0), "runs LAST among x's users"),
    (("30", Y_GRAD, OVERWRITE), "must be a number"),
])
def test_exercise_3_mistakes(answer, hint):
    status, detail = verdict(check_exercise_3, *answer)
    assert status == "wrong" and hint in detail, detail
    assert not any(ch.isdigit() for ch in detail.replace("'30'", "")), "no number in a hint"


def test_exercise_3_a_value_instead_of_a_number():
    class FakeValue:
        data, grad = 3.0, 30.0
    assert "is a Value" in verdict(check_exercise_3, FakeValue(), Y_GRAD, OVERWRITE)[1]
