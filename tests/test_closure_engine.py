"""micrograd.closure_engine (lesson 6's engine) against PyTorch (float64) and central differences.

The original micrograd README example runs on it in tests/test_engine.py."""
import math

import pytest
import torch

from micrograd.closure_engine import Value


# Each operation on one input x, written once: Value and torch tensors share the names.
# Numbers stand on both sides of every operator; log and fractional powers get x > 0.
OPERATIONS = {
    'x + 1.5': lambda x: x + 1.5, '1.5 + x': lambda x: 1.5 + x,
    'x - 2': lambda x: x - 2, '2 - x': lambda x: 2 - x,
    'x * -3': lambda x: x * -3, '-3 * x': lambda x: -3 * x,
    'x / 4': lambda x: x / 4, '4 / x': lambda x: 4 / x,
    'x ** 3': lambda x: x ** 3, 'x ** -2': lambda x: x ** -2, 'x ** 0.5': lambda x: x ** 0.5,
    '-x': lambda x: -x, 'x * x - x / x': lambda x: x * x - x / x,
    'exp': lambda x: x.exp(), 'log': lambda x: x.log(), 'tanh': lambda x: x.tanh(),
    'relu': lambda x: x.relu(), 'sigmoid': lambda x: x.sigmoid(),
}
POINTS = [-2.5, -0.3, 0.7, 1.9]


def central_difference(build, x, h=1e-6):
    return (build(Value(x + h)).data - build(Value(x - h)).data) / (2 * h)


@pytest.mark.parametrize("name", OPERATIONS)
@pytest.mark.parametrize("x", POINTS)
def test_every_operation_matches_pytorch_and_central_differences(name, x):
    if name in ('log', 'x ** 0.5') and x <= 0:
        x = -x
    build = OPERATIONS[name]
    v = Value(x)
    out = build(v)
    out.backward()
    t = torch.tensor(x, dtype=torch.float64, requires_grad=True)
    t_out = build(t)
    t_out.backward()
    assert math.isclose(out.data, t_out.item(), rel_tol=1e-12, abs_tol=1e-15)
    assert math.isclose(v.grad, t.grad.item(), rel_tol=1e-12, abs_tol=1e-15)
    assert math.isclose(v.grad, central_difference(build, x), rel_tol=1e-6, abs_tol=1e-8)


def test_two_operands_get_their_own_gradients():
    for build in [lambda a, b: a - b, lambda a, b: a / b, lambda a, b: a * b + b.exp()]:
        a, b = Value(1.5), Value(-0.75)
        build(a, b).backward()
        ta, tb = (torch.tensor(x, dtype=torch.float64, requires_grad=True) for x in (1.5, -0.75))
        build(ta, tb).backward()
        assert math.isclose(a.grad, ta.grad.item(), rel_tol=1e-12)
        assert math.isclose(b.grad, tb.grad.item(), rel_tol=1e-12)


def test_numbers_on_the_left_stay_in_the_graph_in_operand_order():
    x = Value(3.0)
    for out, op in [(2 + x, '+'), (2 * x, '*'), (2 - x, '-')]:
        assert out._op == op and out._prev[1] is x and out._prev[0].data == 2
    quotient = 2 / x                       # 2 * x**-1
    assert quotient._op == '*' and quotient._prev[0].data == 2
    assert quotient._prev[1]._op == '**-1' and quotient._prev[1]._prev == (x,)


def test_a_value_used_twice_accumulates():
    a = Value(-2.0)
    b = Value(3.0)
    f = (a * b) * (a + b)
    f.backward()
    assert (a.grad, b.grad) == (-3.0, -8.0)


def test_tanh_and_sigmoid_do_not_overflow():
    for x in [1000.0, -1000.0]:
        t, s = Value(x).tanh(), Value(x).sigmoid()
        assert t.data == math.copysign(1.0, x) and s.data == (1.0 if x > 0 else 0.0)


def test_a_value_exponent_is_a_type_error():
    with pytest.raises(TypeError):
        Value(2.0) ** Value(3.0)
    with pytest.raises(TypeError):
        2 ** Value(3.0)


def test_api_kept_for_the_later_lessons():
    leaf = Value(1.0, label='w')
    assert (leaf.data, leaf.grad, leaf._prev, leaf._op, leaf.label) == (1.0, 0.0, (), '', 'w')
    assert leaf._backward() is None
    assert repr(Value(2.0)) == "Value(data=2.0, grad=0.0)"


# Corners where a local derivative is 0 or infinite. PyTorch's answers: x ** 0 has slope 0
# everywhere (nothing passes back, even an infinite gradient); a power below 1 stands
# vertical at 0 (slope inf); relu passes or stops the gradient instead of multiplying by its
# slope, so an infinite gradient stopped by relu gives 0, not 0 * inf = nan; a product by 0,
# and tanh, sigmoid and exp where their slope has rounded to 0, do multiply, so there
# 0 * inf stays nan in both.
CORNERS = {
    "x ** 0 at 0": (lambda x: x ** 0, 0.0),
    "x ** 0 at 3": (lambda x: x ** 0, 3.0),
    "x ** 0.5 at 0": (lambda x: x ** 0.5, 0.0),
    "x ** 0.25 at 0": (lambda x: x ** 0.25, 0.0),
    "x ** 1 at 0": (lambda x: x ** 1, 0.0),
    "x ** 1.5 at 0": (lambda x: x ** 1.5, 0.0),
    "x ** 2 at 0": (lambda x: x ** 2, 0.0),
    "relu(x) ** 0.5 at -1": (lambda x: x.relu() ** 0.5, -1.0),
    "relu(x) ** 0.5 at 0": (lambda x: x.relu() ** 0.5, 0.0),
    "relu(x) ** 0.5 at 4": (lambda x: x.relu() ** 0.5, 4.0),
    "(x ** 0 - 1) ** 0.5 at 2": (lambda x: (x ** 0 - 1) ** 0.5, 2.0),
    "(x * 0) ** 0.5 at 2": (lambda x: (x * 0) ** 0.5, 2.0),
    "(tanh(x) - 1) ** 0.5 at 1000": (lambda x: (x.tanh() - 1) ** 0.5, 1000.0),
    "(sigmoid(x) - 1) ** 0.5 at 1000": (lambda x: (x.sigmoid() - 1) ** 0.5, 1000.0),
    "exp(x) ** 0.5 at -1000": (lambda x: x.exp() ** 0.5, -1000.0),
}


def same_float(a, b):
    return a == b or (math.isnan(a) and math.isnan(b))


@pytest.mark.parametrize("name", CORNERS)
def test_corners_where_a_slope_is_zero_or_infinite_match_pytorch(name):
    build, x0 = CORNERS[name]
    v = Value(x0)
    out = build(v)
    out.backward()                         # never a ZeroDivisionError
    t = torch.tensor(x0, dtype=torch.float64, requires_grad=True)
    t_out = build(t)
    t_out.backward()
    assert same_float(out.data, t_out.item())
    assert same_float(v.grad, t.grad.item()), (v.grad, t.grad.item())


def test_the_corners_the_lesson_names():
    for k, slope in [(0, 0.0), (0.5, math.inf)]:
        x = Value(0.0)
        (x ** k).backward()
        assert x.grad == slope
    x = Value(-1.0)
    (x.relu() ** 0.5).backward()
    assert x.grad == 0.0
