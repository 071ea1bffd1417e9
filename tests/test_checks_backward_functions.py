"""The checks of lesson 4's exercises: placeholders, worked solutions, and every known mistake."""
import math

import pytest
from conftest import verdict

from checks.backward_functions import (check_exercise_1, check_exercise_2,
                                       check_exercise_3)


class Value:
    """Lesson 4's Value: each operation stores a closure that sets its inputs' gradients."""

    def __init__(self, data, _children=(), _op='', label=''):
        self.data, self.grad, self.label = data, 0.0, label
        self._backward = lambda: None
        self._prev, self._op = tuple(_children), _op

    def __add__(self, other):
        out = Value(self.data + other.data, (self, other), '+')

        def _backward():
            self.grad = 1.0 * out.grad
            other.grad = 1.0 * out.grad
        out._backward = _backward
        return out

    def __mul__(self, other):
        out = Value(self.data * other.data, (self, other), '*')

        def _backward():
            self.grad = other.data * out.grad
            other.grad = self.data * out.grad
        out._backward = _backward
        return out

    def tanh(self):
        t = math.tanh(self.data)
        out = Value(t, (self,), 'tanh')

        def _backward():
            self.grad = (1 - t**2) * out.grad
        out._backward = _backward
        return out


def not_yet():
    raise NotImplementedError("write the body")


# ---- Exercise 1: call the closures yourself

def backprop(calls=('u', 't', 's'), seed=1.0, p=1.5, q=-2.0, r=2.5, swap=False, extra=None):
    def build():
        pv, qv, rv = Value(p), Value(q), Value(r)
        s = qv * pv if swap else pv * qv
        t = rv + s if swap else s + rv
        u = t.tanh()
        nodes = {'p': pv, 'q': qv, 'r': rv, 's': s, 't': t, 'u': u}
        if seed is not None:
            u.grad = seed
        for name in calls:
            nodes[name]._backward()
        if extra:
            extra(nodes)
        return u
    return build


def test_exercise_1_placeholder_and_solution():
    assert verdict(check_exercise_1, not_yet)[0] == "not attempted yet"
    assert verdict(check_exercise_1, backprop()) == ("solved", "")
    # operands in the other order, and leaf closures called too, are fine
    assert verdict(check_exercise_1, backprop(swap=True))[0] == "solved"
    assert verdict(check_exercise_1, backprop(calls=('u', 't', 's', 'p', 'q', 'r')))[0] == "solved"


def set_t_grad_to_one(nodes):
    nodes['t'].grad = 1.0
    nodes['t']._backward()
    nodes['s']._backward()


def negate_leaves(nodes):
    nodes['p'].grad, nodes['q'].grad = -nodes['p'].grad, -nodes['q'].grad


@pytest.mark.parametrize("build, hint", [
    (lambda: None, "return u"),
    (lambda: Value(1.0), "build s = p * q"),
    (backprop(p=1.0), "leaves with data 1.5, -2.0 and 2.5"),
    (backprop(seed=None), "u.grad is still 0"),
    (backprop(seed=2.0), "u.grad is the seed"),
    (backprop(calls=()), "t.grad is still 0"),
    (backprop(calls=('t', 's', 'u')), "s.grad and r.grad are still 0"),   # the forward order
    (backprop(calls=('u',)), "s.grad and r.grad are still 0"),
    (backprop(calls=('u', 's', 't')), "p.grad and q.grad are 0"),          # s before t
    (backprop(calls=(), extra=set_t_grad_to_one), "skips tanh's local derivative"),
    (backprop(extra=negate_leaves), "wrong sign"),
])
def test_exercise_1_mistakes(build, hint):
    status, detail = verdict(check_exercise_1, build)
    assert status == "wrong" and hint in detail, detail


def test_exercise_1_not_a_function():
    assert "pass the function itself" in verdict(check_exercise_1, Value(1.0))[1]


# ---- Exercise 2: the order L, e, d

def run(order):
    a, b, c, f = Value(2.0), Value(-3.0), Value(10.0), Value(-2.0)
    e = a * b
    d = e + c
    L = d * f
    nodes = {'a': a, 'b': b, 'c': c, 'd': d, 'e': e, 'f': f, 'L': L}
    L.grad = 1.0
    for name in order:
        nodes[name]._backward()
    return {k: nodes[k].grad for k in 'abcdef'}


SOLVED_2 = run('Led')


def test_exercise_2_placeholder_and_solution():
    assert verdict(check_exercise_2, ...)[0] == "not attempted yet"
    assert verdict(check_exercise_2, SOLVED_2) == ("solved", "")
    assert verdict(check_exercise_2, {**SOLVED_2, 'a': 0.0})[0] == "solved"  # -0.0 is 0


@pytest.mark.parametrize("answer, hint", [
    (run('Lde'), "those are the gradients of the good order"),
    (run('edL'), "look at c and e"),                              # the old exercise's order
    ({**SOLVED_2, 'a': 6.0}, "look at a and b"),
    ({**SOLVED_2, 'c': 0.0, 'e': 0.0}, "look at c and e"),
    ({**SOLVED_2, 'f': -2.0}, "L's closure runs first"),
    (list(SOLVED_2.values()), "give a dict"),
    ({k: v for k, v in SOLVED_2.items() if k != 'f'}, "no gradient for 'f'"),
    ({**SOLVED_2, 'c': None}, "must be a number"),
    ({**SOLVED_2, 'c': ..., 'e': ...}, "replace every ... in the dict with a number; still ... "
                                       "for 'c', 'e'"),
    ({k: ... for k in SOLVED_2}, "replace every ..."),
    ({**SOLVED_2, 'c': Value(-2.0)}, "is a Value"),
])
def test_exercise_2_mistakes(answer, hint):
    status, detail = verdict(check_exercise_2, answer)
    assert status == "wrong" and hint in detail, detail
    assert not any(ch.isdigit() for ch in detail.replace("None", "")), "no number in a hint"


# ---- Exercise 3: sigmoid

def make_sigmoid(local=lambda s, x: s * (1 - s), times_grad=True, forward=None, op='sigmoid',
                 children=None, store=True, eager=False, capture=False):
    def sigmoid(v):
        s = forward(v.data) if forward else 1 / (1 + math.exp(-v.data))
        out = Value(s, children(v) if children else (v,), op)
        arriving = out.grad

        def _backward():
            g = arriving if capture else out.grad
            v.grad = local(s, v.data) * (g if times_grad else 1.0)
        if store:
            out._backward = _backward
        if eager:
            out.grad = 1.0
            _backward()
            out.grad = 0.0
        return out
    return sigmoid


def test_exercise_3_placeholder_and_solution():
    def placeholder(v):
        raise NotImplementedError("write the body")
    assert verdict(check_exercise_3, placeholder)[0] == "not attempted yet"
    assert verdict(check_exercise_3, make_sigmoid()) == ("solved", "")
    # the derivative in terms of x is the same number
    in_x = make_sigmoid(local=lambda s, x: math.exp(-x) / (1 + math.exp(-x)) ** 2)
    assert verdict(check_exercise_3, in_x)[0] == "solved"


@pytest.mark.parametrize("sigmoid, hint", [
    (lambda v: 1 / (1 + math.exp(-v.data)), "must return a new Value"),
    (make_sigmoid(forward=lambda x: 1 / (1 + math.exp(x))), "sign of the exponent"),
    (make_sigmoid(forward=math.tanh), "is not the sigmoid of v.data"),
    (make_sigmoid(children=lambda v: ()), "children must be (v,)"),
    (make_sigmoid(children=lambda v: (v, v)), "children must be (v,)"),
    (make_sigmoid(op='sig'), "operation must be 'sigmoid'"),
    (make_sigmoid(eager=True), "already changed v.grad"),
    (make_sigmoid(store=False), "left v.grad at 0"),
    (make_sigmoid(capture=True), "left v.grad at 0"),
    (make_sigmoid(times_grad=False), "multiply it by out.grad"),
    (make_sigmoid(local=lambda s, x: 1 - s * s), "tanh's local derivative"),
    (make_sigmoid(local=lambda s, x: s), "missing a factor"),
    (make_sigmoid(local=lambda s, x: 1 - s), "missing a factor"),
    (make_sigmoid(local=lambda s, x: -s * (1 - s)), "wrong sign"),
    (make_sigmoid(local=lambda s, x: math.exp(-x)), "chain of two functions"),
    (make_sigmoid(local=lambda s, x: -s * s), "derivative of the outer power alone"),
    (make_sigmoid(local=lambda s, x: s * s), "is not the local derivative times out.grad"),
])
def test_exercise_3_mistakes(sigmoid, hint):
    status, detail = verdict(check_exercise_3, sigmoid)
    assert status == "wrong" and hint in detail, detail
    assert "1 - s" not in detail and "s * (1" not in detail and "(1 - s" not in detail


def test_exercise_3_hints_never_show_the_derivative():
    """The old check_sigmoid showed the sigmoid's formula in the lesson: the module's hints say
    what is wrong, never the local derivative itself."""
    import checks.backward_functions as module
    source = open(module.__file__).read()
    hints = [line for line in source.splitlines() if "raise Wrong" in line or "require(" in line]
    assert hints and not any("s * (1 - s)" in line or "s(1 - s)" in line for line in hints)


@pytest.mark.parametrize("check", [check_exercise_1, check_exercise_2, check_exercise_3])
def test_not_attempted_yet_names_the_section_that_teaches_what_it_needs(check):
    status, detail = verdict(check, ...)
    assert status == "not attempted yet"
    assert f'The section "{check.section}" teaches what it needs.' in detail
