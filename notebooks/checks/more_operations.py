"""Checks for lesson 6, More operations.

The expected answers are computed here from the tasks' own numbers and formulas (the
chain rule through b**-1, c**x, ln(1 + e**x)), never written down as literals, and the
hints name the mistake without giving the answer away.
"""
import math

from checks import Wrong, exercise, is_number, require

import micrograd.closure_engine


def _close(x, y, rel=1e-9, abs_=1e-12):
    return math.isclose(x, y, rel_tol=rel, abs_tol=abs_)


def _value_class(fn):
    """The Value class the learner's function builds with: the `Value` of the notebook it was
    written in (so inputs and results are of one class), else lesson 6's exported engine."""
    cls = getattr(fn, "__globals__", {}).get("Value")
    if isinstance(cls, type) and hasattr(cls, "backward"):
        return cls
    return micrograd.closure_engine.Value


def _is_value(x):
    return all(hasattr(x, name) for name in ("data", "grad", "_prev", "_backward", "backward"))


# Exercise 1: q = a / b, built as a * r with r = b**-1, at a = 5 and b = -2.
A, B = 5.0, -2.0


@exercise(1, section="Division")
def check_exercise_1(r_grad, b_grad):
    for name, answer in [("r_grad", r_grad), ("b_grad", b_grad)]:
        require(not _is_value(answer), f"{name} is a Value: give the plain number (its .grad).")
        require(is_number(answer), f"{name} must be a plain number, not {type(answer).__name__}.")
    r_local = A                          # d(a * r)/dr: the other operand of the product
    r_expected = 1.0 * r_local           # q.grad is 1
    b_local = -1 * B ** -2               # d(b**-1)/db
    if not _close(r_grad, r_expected):
        require(not _close(r_grad, B ** -1),
                "r_grad is r's value, b**-1. The gradient is what q passes down to r.")
        require(not _close(r_grad, 1.0),
                "r is not the output: its gradient is q.grad times the local derivative of the "
                "product a * r with respect to r.")
        require(not _close(r_grad, B),
                "The local derivative of a * r with respect to r is the other operand of the "
                "product, which is not b.")
        raise Wrong("r_grad is not right. r is a factor of the product q = a * r: its local "
                    "derivative is the other factor.")
    b_expected = r_expected * b_local
    if not _close(b_grad, b_expected):
        require(not _close(b_grad, -b_expected),
                "b_grad has the wrong sign: the derivative of b**-1 is -1 * b**-2.")
        require(not _close(b_grad, b_local),
                "b_grad is only the local derivative of b**-1. The chain rule multiplies it by "
                "the gradient r received.")
        require(not _close(b_grad, r_grad * -1 * B ** -1),
                "The power rule lowers the exponent by one: the derivative of b**-1 is "
                "-1 * b**(-2), not -1 * b**(-1).")
        raise Wrong("b_grad is not right: multiply r's gradient by the local derivative of "
                    "b**-1 at b = -2.")


# Exercise 2: rpow(self, other) = other ** self inside the graph, from the engine's operations.
RPOW_CASES = [(3.0, 2.0), (-1.3, 2.0), (0.0, 0.5), (0.7, 10.0), (2.5, math.e), (-0.4, 3.0)]
# The operations of lesson 6's engine (a power's name includes its exponent: '**-1', '**2').
ENGINE_OPS = {'', '+', '*', '-', 'neg', 'exp', 'log', 'tanh', 'ReLU', 'sigmoid'}


def _ops(root):
    """The names of the operations in the graph that ends in root."""
    ops, seen, todo = set(), set(), [root]
    while todo:
        v = todo.pop()
        if id(v) not in seen:
            seen.add(id(v))
            ops.add(v._op)
            todo.extend(v._prev)
    return ops


@exercise(2, section="Exponential and logarithm")
def check_exercise_2(rpow):
    require(callable(rpow), "rpow must be a function rpow(self, other).")
    Value = _value_class(rpow)
    for x0, c in RPOW_CASES:
        x = Value(x0)
        try:
            out = rpow(x, c)
        except TypeError as error:
            if "**" not in str(error):
                raise
            raise Wrong("rpow raised a TypeError at a power: the engine's ** takes only a plain "
                        "number as the exponent, so c ** x cannot be one power node. Which other "
                        "operation of the engine puts its input into an exponent?") from None
        require(not is_number(out),
                f"rpow(x, {c:g}) returned a plain number: the result left the graph, so no "
                "gradient can reach x. Build it from Value operations.")
        require(_is_value(out), f"rpow must return a Value, not {type(out).__name__}.")
        foreign = sorted(op for op in _ops(out) if op not in ENGINE_OPS and not op.startswith('**'))
        require(not foreign, f"your graph has a node of its own ({', '.join(map(repr, foreign))}): "
                             "build c ** x only from operations the engine already has.")
        want = c ** x0
        if not _close(out.data, want):
            require(not _close(out.data, x0 ** c) if x0 > 0 else True,
                    "You computed self ** other: here the number is the base and the Value is "
                    "the exponent.")
            require(not _close(out.data, math.exp(c * x0)),
                    "That is e ** (c * x): the base of your power is e, not c. How can c be "
                    "written as a power of e?")
            raise Wrong(f"rpow(x, {c:g}) at x = {x0:g} gives {out.data!r}, which is not "
                        f"{c:g} ** {x0:g}.")
        out.backward()
        slope = want * math.log(c)
        if not _close(x.grad, slope, rel=1e-9):
            require(x.grad != 0,
                    f"the value is right but x.grad is 0 at x = {x0:g}: the result is not "
                    "connected to x (a new leaf made from x.data?). Build it from x with Value "
                    "operations.")
            raise Wrong(f"at x = {x0:g}, c = {c:g} the gradient {x.grad!r} differs from the slope "
                        "of c ** x. Which operations does your graph go through?")


# Exercise 3: softplus(self) = ln(1 + e**self) as one node with its own closure.
SOFTPLUS_POINTS = [-4.0, -1.0, 0.0, 0.5, 2.0, 5.0]


def _softplus(x):
    return math.log(1 + math.exp(x))


def _slope(f, x, h=1e-6):
    return (f(x + h) - f(x - h)) / (2 * h)


@exercise(3, section="Two activation functions: relu and sigmoid")
def check_exercise_3(softplus):
    require(callable(softplus), "softplus must be a function softplus(self).")
    Value = _value_class(softplus)
    for x0 in SOFTPLUS_POINTS:
        v = Value(x0)
        out = softplus(v)
        require(not is_number(out), "softplus returned a plain number: return the new Value `out`.")
        require(_is_value(out), f"softplus must return a Value, not {type(out).__name__}.")
        require(tuple(out._prev) == (v,),
                "softplus(v) must be ONE new node whose only child is v; yours is built from "
                "several operations (or has other children).")
        require(out._op == 'softplus', f"name the operation 'softplus', not {out._op!r}.")
        require(_close(out.data, _softplus(x0), rel=1e-12),
                f"softplus({x0:g}) gives {out.data!r}, which is not ln(1 + e**{x0:g}).")
        # Seed 3: the closure must multiply by out.grad, not assume it is 1.
        out.grad = 3.0
        out._backward()
        slope = _slope(_softplus, x0)
        if not _close(v.grad, 3 * slope, rel=1e-6, abs_=1e-9):
            require(v.grad != 0, "v.grad stays 0: did you attach the closure with "
                                 "out._backward = _backward, and does it add to self.grad?")
            require(not _close(v.grad, slope, rel=1e-6, abs_=1e-9),
                    "The closure must multiply the local derivative by out.grad (the chain rule).")
            require(not _close(v.grad, 3 * math.exp(x0), rel=1e-6),
                    "e**x is the derivative of the inside only: the derivative of ln(u) also "
                    "divides by u.")
            require(not _close(v.grad, 3 / (1 + math.exp(x0)), rel=1e-6),
                    "Check the sign of the exponent in your derivative: differentiate "
                    "ln(1 + e**x) again, carefully.")
            require(not _close(v.grad, 3 * out.data, rel=1e-6),
                    "The closure passes on the output, not the local derivative.")
            raise Wrong(f"at x = {x0:g} the gradient your closure passes on does not match the "
                        "slope of softplus (measured by a central difference).")
    # v used twice: y = softplus(v) * v. With = instead of += one contribution is lost.
    x0 = 0.5
    v = Value(x0)
    y = softplus(v) * v
    y.backward()
    want = _slope(lambda t: _softplus(t) * t, x0)
    require(_close(v.grad, want, rel=1e-6),
            "Right on its own, wrong when v is used by another node too (softplus(v) * v): "
            "the closure must add to self.grad with +=, not assign with =.")
