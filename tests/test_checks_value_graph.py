"""The checks of lesson 2's exercises (notebooks/checks/value_graph.py): the placeholder is
"not attempted yet", the worked solution is "solved", every known mistake is "wrong" with its
own hint, and no hint gives the answer away."""
import re

import pytest
from conftest import verdict

from checks.value_graph import check_exercise_1, check_exercise_2, check_exercise_3


class Value:
    """Lesson 2's final Value, as a learner has it in the notebook."""

    def __init__(self, data, _children=(), _op='', label=''):
        self.data = data
        self.grad = 0.0
        self._prev = tuple(_children)
        self._op = _op
        self.label = label

    def __repr__(self):
        return f"Value(data={self.data})"

    def __add__(self, other):
        return Value(self.data + other.data, (self, other), '+')

    def __mul__(self, other):
        return Value(self.data * other.data, (self, other), '*')


def labelled(v, label):
    v.label = label
    return v


def expression(order="sp", labels=("s", "p"), shared_x=True, sum_operands="xy", product_operands="xz",
               y_label='y'):
    """k = (x + y) * (x * z) as the exercise asks, or with one of the usual mistakes."""
    x, y, z = Value(3.0, label='x'), Value(-1.0, label=y_label), Value(4.0, label='z')
    x2 = x if shared_x else Value(3.0, label='x')
    left, right = (x, y) if sum_operands == "xy" else (y, x)
    s = labelled(left + right, labels[0])
    left, right = (x2, z) if product_operands == "xz" else (z, x2)
    p = labelled(left * right, labels[1])
    k = s * p if order == "sp" else p * s
    return labelled(k, 'k')


def no_answer_in(detail, *answers):
    """A hint never states an expected answer as a number."""
    numbers = set(re.findall(r"-?\d+(?:\.\d+)?", detail))
    return not any(str(a) in numbers for a in answers)


# Exercise 1

def test_exercise_1_placeholder_and_solution():
    assert verdict(check_exercise_1, ..., ...)[0] == "not attempted yet"
    assert verdict(check_exercise_1, expression(), ...)[0] == "not attempted yet"
    assert verdict(check_exercise_1, ..., 6)[0] == "not attempted yet"
    assert verdict(check_exercise_1, expression(), 6)[0] == "solved"


@pytest.mark.parametrize("order, sum_operands, product_operands", [
    ("sp", "yx", "xz"), ("sp", "xy", "zx"), ("sp", "yx", "zx"), ("ps", "xy", "xz"), ("ps", "yx", "zx")])
def test_exercise_1_either_operand_order_is_the_same_expression(order, sum_operands, product_operands):
    """s = y + x, p = z * x and k = p * s are the expression the task asks for."""
    k = expression(order=order, sum_operands=sum_operands, product_operands=product_operands)
    assert verdict(check_exercise_1, k, 6) == ("solved", "One x, used twice, is one value of the graph.")


@pytest.mark.parametrize("k, n_values, hint", [
    (expression(labels=("p", "s")), 6, "labels 's' and 'p' are swapped"),     # the known gap
    (expression(order="ps", labels=("p", "s")), 6, "labels 's' and 'p' are swapped"),
    (expression(labels=("+", "*")), 6, "not the operation's symbol"),
    (expression(labels=("s", "q")), 6, "Label the product x * z 'p'"),
    (expression(shared_x=False), 6, "x appears as two separate Values"),
    (expression(y_label='w'), 6, "An operand of s is labelled 'w' where 'y' belongs"),
    (expression(y_label='x'), 6, "An operand of s is labelled 'x' where 'y' belongs"),
    (labelled(expression(), ''), 6, "Label the result 'k'"),
    (expression(), 7, "counts x twice"),
    (expression(), 5, "k itself"),
    (expression(), 3, "only the leaves"),
    (expression(), 9, "operations too"),
    (expression(), 8, "count every distinct Value"),
    (expression(), 6.0, "whole number"),
    (expression(), "6", "whole number"),
    (24.0, 6, "Your k should be the Value your expression produced"),
])
def test_exercise_1_known_mistakes(k, n_values, hint):
    status, detail = verdict(check_exercise_1, k, n_values)
    assert status == "wrong" and hint in detail, detail
    assert no_answer_in(detail, 6), detail
    assert not re.match(r"[KSPXYZ]\b", detail), f"a hint starts with a capitalised variable name: {detail}"


def test_exercise_1_unlabelled_leaves_are_told_to_get_their_labels():
    """Leaves made without label= gave 'labelled '' where 'x' belongs', as if swapped."""
    x, y, z = Value(3.0), Value(-1.0), Value(4.0)
    k = labelled(labelled(x + y, 's') * labelled(x * z, 'p'), 'k')
    status, detail = verdict(check_exercise_1, k, 6)
    assert status == "wrong" and "A leaf under s has no label" in detail, detail
    assert "label='x'" in detail and "where 'x' belongs" not in detail


def test_exercise_1_wrong_numbers_and_operations():
    x, y, z = Value(3.0, label='x'), Value(1.0, label='y'), Value(4.0, label='z')
    k = labelled(labelled(x + y, 's') * labelled(x * z, 'p'), 'k')
    status, detail = verdict(check_exercise_1, k, 6)
    assert status == "wrong" and "the task gives y = -1" in detail
    x, y, z = Value(3.0, label='x'), Value(-1.0, label='y'), Value(4.0, label='z')
    k = labelled(labelled(x + y, 's') + labelled(x * z, 'p'), 'k')
    status, detail = verdict(check_exercise_1, k, 6)
    assert status == "wrong" and "Your k should be the product of two values" in detail
    k = labelled(labelled(x * y, 's') * labelled(x * z, 'p'), 'k')
    status, detail = verdict(check_exercise_1, k, 6)
    assert status == "wrong" and "its factors are 's' by '*' and 'p' by '*'" in detail, detail
    k = labelled(labelled(x + y, 's') * labelled(x * (y + z), 'p'), 'k')
    status, detail = verdict(check_exercise_1, k, 6)
    assert status == "wrong" and "An operand of p is labelled ''" in detail, detail
    s = labelled(x + y, 's')
    k = labelled(s * labelled(x * z, 'p'), 'k')
    s._prev = (x, labelled(y + z, 'y'))                 # a computed value where a leaf belongs
    status, detail = verdict(check_exercise_1, k, 6)
    assert status == "wrong" and "labelled 'y' should be a leaf" in detail, detail


# Exercise 2

def solution(self, other):
    return Value(self.data - other.data, (self, other), '-')


def placeholder(self, other):
    raise NotImplementedError("write the body")


def test_exercise_2_placeholder_and_solution():
    assert verdict(check_exercise_2, placeholder, Value)[0] == "not attempted yet"
    assert verdict(check_exercise_2, solution, Value)[0] == "solved"


@pytest.mark.parametrize("sub, hint", [
    (lambda a, b: a.data - b.data, "returned a plain number"),
    (lambda a, b: Value(b.data - a.data, (a, b), '-'), "computed other - self"),
    (lambda a, b: Value(a.data + b.data, (a, b), '-'), "its data should be self.data - other.data"),
    (lambda a, b: Value(a.data - b.data, (b, a), '-'), "lists the right operand first"),
    (lambda a, b: Value(a.data - b.data, (a,), '-'), "not 1"),
    (lambda a, b: Value(a.data - b.data, (), '-'), "not 0"),
    (lambda a, b: Value(a.data - b.data, (a, b), '+'), "recorded the operation as '+'"),
    (lambda a, b: Value(a.data - b.data, (a, b), 'sub'), "recorded the operation as 'sub'"),
    (lambda a, b: Value(a.data - b.data, (Value(a.data), Value(b.data)), '-'), "not copies"),
    (lambda a, b: setattr(a, "data", a.data - b.data) or a, "changed an operand"),
    (lambda a, b: a, "returned one of its operands"),
    (lambda a, b: (a.data - b.data, (a, b), '-'), "should return a Value, not a tuple"),
])
def test_exercise_2_known_mistakes(sub, hint):
    status, detail = verdict(check_exercise_2, sub, Value)
    assert status == "wrong" and hint in detail, detail


def test_exercise_2_children_in_a_set_are_wrong_on_every_run():
    """A set orders two Values by their hashes, which come from memory addresses: the check
    passed such an answer about one run in seven. It now fails it every time, naming the set."""
    def in_a_set(a, b):
        return Value(a.data - b.data, {a, b}, '-')
    for _ in range(30):
        status, detail = verdict(check_exercise_2, in_a_set, Value)
        assert status == "wrong" and "a set does not keep the order" in detail, detail


def test_exercise_2_a_new_value_starts_with_grad_zero():
    def sub(a, b):
        out = Value(a.data - b.data, (a, b), '-')
        out.grad = 1.0
        return out
    status, detail = verdict(check_exercise_2, sub, Value)
    assert status == "wrong" and "starts at 0.0" in detail


def test_exercise_2_an_error_in_the_learners_code_is_a_wrong_answer_that_names_it():
    status, detail = verdict(check_exercise_2, lambda a, b: a.value - b.value, Value)
    assert status == "wrong" and "AttributeError" in detail


# Exercise 3

RIGHT = dict(data=7.5, op='+', child_labels=['', 'p'], first_child_op='*', count=4)


def predictions(**changes):
    return {**RIGHT, **changes}


def test_exercise_3_placeholder_and_solution():
    assert verdict(check_exercise_3, ..., ..., ..., ..., ...)[0] == "not attempted yet"
    assert verdict(check_exercise_3, **predictions(count=...))[0] == "not attempted yet"
    assert verdict(check_exercise_3, **RIGHT)[0] == "solved"
    assert verdict(check_exercise_3, **predictions(child_labels=('', 'p')))[0] == "solved"


@pytest.mark.parametrize("changes, hint", [
    (dict(data=8.25), "multiplication binds tighter"),
    (dict(data=6.0), "compute p * q first, then add p"),
    (dict(data=Value(7.5)), "not a Value"),
    (dict(data="7.5"), "data should be a number"),
    (dict(op='*'), "p * q is computed first"),
    (dict(op='add'), "one-character symbol"),
    (dict(op='-'), "the symbol recorded by the method that made r"),
    (dict(child_labels=['p', 'q']), "children of the product, not of r"),
    (dict(child_labels=['p', '']), "order is reversed"),
    (dict(child_labels=[None, 'p']), "list of strings"),
    (dict(child_labels=['pq', 'p']), "never given a label"),
    (dict(child_labels=['p*q', 'p']), "never given a label"),
    (dict(child_labels=['', 'p', 'q']), "r has two children"),
    (dict(child_labels='p'), "list of strings"),
    (dict(first_child_op='+'), "r's own operation"),
    (dict(first_child_op=''), "not a leaf"),
    (dict(count=5), "p is used twice but is one value"),
    (dict(count=2), "not only the leaves"),
    (dict(count=3), "unlabelled product is a value"),
    (dict(count=6), "operations are not values"),
    (dict(count=10), "every distinct Value"),
    (dict(count=4.0), "whole number"),
])
def test_exercise_3_known_mistakes(changes, hint):
    status, detail = verdict(check_exercise_3, **predictions(**changes))
    assert status == "wrong" and hint in detail, detail
    assert detail.startswith("4 of 5 right.")
    for answer in RIGHT.values():
        if isinstance(answer, (int, float)):
            assert no_answer_in(detail.removeprefix("4 of 5 right."), answer), detail
    assert "'+'" not in detail and "'*'" not in detail


def test_exercise_3_names_every_wrong_prediction():
    status, detail = verdict(check_exercise_3, 8.25, '*', ['p', 'q'], '+', 5)
    assert status == "wrong" and detail.startswith("0 of 5 right.")
    for key in ("data", "op:", "child_labels", "first_child_op", "count"):
        assert key in detail


@pytest.mark.parametrize("check", [check_exercise_1, check_exercise_2, check_exercise_3])
def test_not_attempted_yet_names_the_section_that_teaches_what_it_needs(check):
    status, detail = verdict(check, ...)
    assert status == "not attempted yet"
    assert f'The section "{check.section}" teaches what it needs.' in detail
