"""The checks of lesson 6's exercises: placeholders, worked solutions and known wrong answers."""
import math

import pytest
from conftest import verdict

from checks.more_operations import check_exercise_1, check_exercise_2, check_exercise_3
from micrograd.closure_engine import Value


def assert_wrong(detail, *words):
    for word in words:
        assert word in detail, detail


# Exercise 1: r = b**-1 inside q = a / b, at a = 5, b = -2.

def test_exercise_1_placeholder_and_solution():
    assert verdict(check_exercise_1, ..., ...)[0] == "not attempted yet"
    a, b = Value(5.0), Value(-2.0)
    q = a / b
    q.backward()
    r = q._prev[1]
    assert verdict(check_exercise_1, r.grad, b.grad) == ("solved", "")


@pytest.mark.parametrize("r_grad, b_grad, hint", [
    (Value(5.0), -1.25, "plain number"),
    ("5", -1.25, "plain number"),
    (-0.5, -1.25, "r's value"),
    (1.0, -1.25, "not the output"),
    (-2.0, -1.25, "not b"),
    (3.0, -1.25, "r_grad is not right"),
    (5.0, 1.25, "wrong sign"),
    (5.0, -0.25, "only the local derivative"),
    (5.0, 2.5, "lowers the exponent"),
    (5.0, -5.0, "b_grad is not right"),
])
def test_exercise_1_wrong_answers(r_grad, b_grad, hint):
    status, detail = verdict(check_exercise_1, r_grad, b_grad)
    assert status == "wrong"
    assert_wrong(detail, hint)
    assert "-1.25" not in detail


# Exercise 2: rpow(self, other) = other ** self.

def rpow_solution(self, other):
    return (self * math.log(other)).exp()


def rpow_own_node(self, other):
    """Right value and gradient, but a new node with its own closure: the task forbids it."""
    out = Value(other ** self.data, (self,), 'rpow')

    def _backward():
        self.grad += out.data * math.log(other) * out.grad
    out._backward = _backward
    return out


def test_exercise_2_placeholder_and_solution():
    def placeholder(self, other):
        raise NotImplementedError("write the body")
    assert verdict(check_exercise_2, placeholder)[0] == "not attempted yet"
    assert verdict(check_exercise_2, rpow_solution) == ("solved", "")
    # also right: a Value base, log and exp
    assert verdict(check_exercise_2, lambda self, other: (self * Value(other).log()).exp())[0] == "solved"
    # and (e ** x) ** ln c, a power with a number exponent
    assert verdict(check_exercise_2, lambda self, other: self.exp() ** math.log(other))[0] == "solved"


def test_the_power_error_does_not_give_exercise_2_away():
    """The message of ** with a Value exponent says what is wrong, not how to build c ** x."""
    with pytest.raises(TypeError) as error:
        Value(2.0) ** Value(3.0)
    assert "plain number" in str(error.value)
    assert "exp()" not in str(error.value) and "log" not in str(error.value)


@pytest.mark.parametrize("rpow, hint", [
    (lambda self, other: other ** self.data, "left the graph"),
    (lambda self, other: Value(other ** self.data), "not connected to x"),
    (lambda self, other: self ** other, "self ** other"),
    (lambda self, other: (self * other).exp(), "the base of your power is e"),
    (lambda self, other: (self + other).exp(), "is not"),
    (lambda self, other: Value(other ** self.data) + self - self.data, "differs from the slope"),
    (lambda self, other: Value(other) ** self, "takes only a plain number as the exponent"),
    (lambda self, other: other ** self, "takes only a plain number as the exponent"),
    (rpow_own_node, "a node of its own ('rpow')"),
    (lambda self, other: math.log(self) * other, "TypeError"),        # not at a power
    ("2 ** x", "must be a function"),
])
def test_exercise_2_wrong_answers(rpow, hint):
    status, detail = verdict(check_exercise_2, rpow)
    assert status == "wrong"
    assert_wrong(detail, hint)


# Exercise 3: softplus(self) as one node.

def make_softplus(local=lambda x: 1 / (1 + math.exp(-x)), accumulate=True, times_out_grad=True,
                  attach=True, op='softplus', value=lambda x: math.log(1 + math.exp(x))):
    def softplus(self):
        out = Value(value(self.data), (self,), op)

        def _backward():
            contribution = local(self.data) * (out.grad if times_out_grad else 1.0)
            if accumulate:
                self.grad += contribution
            else:
                self.grad = contribution
        if attach:
            out._backward = _backward
        return out
    return softplus


def test_exercise_3_placeholder_and_solution():
    def placeholder(self):
        raise NotImplementedError("write the body")
    assert verdict(check_exercise_3, placeholder)[0] == "not attempted yet"
    assert verdict(check_exercise_3, make_softplus()) == ("solved", "")


@pytest.mark.parametrize("softplus, hint", [
    (lambda self: math.log(1 + math.exp(self.data)), "plain number"),
    (lambda self: (1 + self.exp()).log(), "ONE new node"),
    (make_softplus(op='log'), "name the operation"),
    (make_softplus(value=lambda x: math.log(math.exp(x))), "is not ln"),
    (make_softplus(attach=False), "stays 0"),
    (make_softplus(times_out_grad=False), "out.grad"),
    (make_softplus(local=math.exp), "inside only"),
    (make_softplus(local=lambda x: 1 / (1 + math.exp(x))), "sign"),
    (make_softplus(local=lambda x: math.log(1 + math.exp(x))), "passes on the output"),
    (make_softplus(local=lambda x: 0.5), "does not match the slope"),
    (make_softplus(accumulate=False), "+="),
])
def test_exercise_3_wrong_answers(softplus, hint):
    status, detail = verdict(check_exercise_3, softplus)
    assert status == "wrong"
    assert_wrong(detail, hint)


@pytest.mark.parametrize("check", [check_exercise_1, check_exercise_2, check_exercise_3])
def test_not_attempted_yet_names_the_section_that_teaches_what_it_needs(check):
    status, detail = verdict(check, ...)
    assert status == "not attempted yet"
    assert f'The section "{check.section}" teaches what it needs.' in detail
