"""micrograd.engine.Value against PyTorch (float64) and against central differences."""
import math

import pytest
import torch
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from micrograd.engine import Value, weighted_sum


# Each operation once for Value and once for torch, so one expression can be
# built with either. Domain-guarded forms keep log, division and fractional
# powers on positive numbers.
UNARY = {
    'neg': lambda a, F: -a,
    'exp': lambda a, F: F.exp(a),
    'log': lambda a, F: F.log(a * a + 0.5),
    'tanh': lambda a, F: F.tanh(a),
    'relu': lambda a, F: F.relu(a),
    'sigmoid': lambda a, F: F.sigmoid(a),
    'square': lambda a, F: a ** 2,
    'cube': lambda a, F: a ** 3,
    'sqrt': lambda a, F: (a * a + 0.5) ** 0.5,
    'inverse': lambda a, F: (a * a + 0.5) ** -1,
    'add_number': lambda a, F: a + 1.5,
    'number_add': lambda a, F: 1.5 + a,
    'number_sub': lambda a, F: 2.0 - a,
    'number_mul': lambda a, F: -3.0 * a,
    'number_div': lambda a, F: 2.0 / (a * a + 0.5),
    'div_number': lambda a, F: a / 4.0,
}
BINARY = {
    'add': lambda a, b, F: a + b,
    'sub': lambda a, b, F: a - b,
    'mul': lambda a, b, F: a * b,
    'div': lambda a, b, F: a / (b * b + 0.5),
}


class OurOps:
    exp = staticmethod(lambda v: v.exp())
    log = staticmethod(lambda v: v.log())
    tanh = staticmethod(lambda v: v.tanh())
    relu = staticmethod(lambda v: v.relu())
    sigmoid = staticmethod(lambda v: v.sigmoid())


class TorchOps:
    exp, log, tanh, relu, sigmoid = torch.exp, torch.log, torch.tanh, torch.relu, torch.sigmoid


def evaluate(tree, leaves, F):
    kind = tree[0]
    if kind == 'leaf':
        return leaves[tree[1]]
    if kind in UNARY:
        return UNARY[kind](evaluate(tree[1], leaves, F), F)
    return BINARY[kind](evaluate(tree[1], leaves, F), evaluate(tree[2], leaves, F), F)


def ours_and_torch(tree, xs):
    """Value and leaf gradients of `tree` at xs, from our engine and from PyTorch."""
    vs = [Value(x) for x in xs]
    out = evaluate(tree, vs, OurOps)
    out.backward()
    ts = [torch.tensor(x, dtype=torch.float64, requires_grad=True) for x in xs]
    t_out = evaluate(tree, ts, TorchOps)
    grads = torch.autograd.grad(t_out, ts, allow_unused=True)
    t_grads = [0.0 if g is None else g.item() for g in grads]
    return (out.data, [v.grad for v in vs]), (t_out.item(), t_grads)


def assert_close(ours, theirs, rel=1e-10, abs_=1e-12):
    (value, grads), (t_value, t_grads) = ours, theirs
    assert math.isclose(value, t_value, rel_tol=rel, abs_tol=abs_), (value, t_value)
    for g, tg in zip(grads, t_grads):
        assert math.isclose(g, tg, rel_tol=rel, abs_tol=abs_), (grads, t_grads)


# --- fixed cases against PyTorch -------------------------------------------

def test_lesson_3_neuron_matches_torch():
    leaves = [2.0, 0.0, -3.0, 1.0, 6.8813735870195432]
    x1, x2, w1, w2, b = [Value(x) for x in leaves]
    n = x1 * w1 + x2 * w2 + b
    o = n.tanh()
    o.backward()
    t = [torch.tensor(x, dtype=torch.float64, requires_grad=True) for x in leaves]
    tn = t[0] * t[2] + t[1] * t[3] + t[4]
    to = torch.tanh(tn)
    to.backward()
    assert n.data == tn.item()                  # sums and products: bit for bit
    # math.tanh and torch.tanh may round the last bit differently (here they do)
    assert math.isclose(o.data, to.item(), rel_tol=2 ** -52)
    for v, tv in zip((x1, x2, w1, w2, b), t):
        assert math.isclose(v.grad, tv.grad.item(), rel_tol=1e-15)
    assert [x1.grad, x2.grad, w1.grad, w2.grad] == pytest.approx([-1.5, 0.5, 1.0, 0.0])


def test_the_original_micrograd_readme_expression():
    # Written exactly as for the original package; its published figures are
    # g = 24.7041, dg/da = 138.8338, dg/db = 645.5773.
    a = Value(-4.0)
    b = Value(2.0)
    c = a + b
    d = a * b + b**3
    c += c + 1
    c += 1 + c + (-a)
    d += d * 2 + (b + a).relu()
    d += 3 * d + (b - a).relu()
    e = c - d
    f = e**2
    g = f / 2.0
    g += 10.0 / f
    g.backward()

    ta = torch.tensor(-4.0, dtype=torch.float64, requires_grad=True)
    tb = torch.tensor(2.0, dtype=torch.float64, requires_grad=True)
    tc = ta + tb
    td = ta * tb + tb**3
    tc = tc + tc + 1
    tc = tc + 1 + tc + (-ta)
    td = td + td * 2 + (tb + ta).relu()
    td = td + 3 * td + (tb - ta).relu()
    tg = (tc - td) ** 2 / 2.0 + 10.0 / (tc - td) ** 2
    tg.backward()

    assert (round(g.data, 4), round(a.grad, 4), round(b.grad, 4)) == (24.7041, 138.8338, 645.5773)
    assert g.data == pytest.approx(tg.item(), rel=1e-14)
    assert a.grad == pytest.approx(ta.grad.item(), rel=1e-14)
    assert b.grad == pytest.approx(tb.grad.item(), rel=1e-14)


@pytest.mark.parametrize('name', sorted(UNARY))
@pytest.mark.parametrize('x', [-1.7, -0.3, 0.4, 2.2])
def test_each_unary_operation_matches_torch(name, x):
    assert_close(*ours_and_torch((name, ('leaf', 0)), [x]))


@pytest.mark.parametrize('name', sorted(BINARY))
def test_each_binary_operation_matches_torch(name):
    for x, y in [(-1.5, 0.7), (2.0, -3.0), (0.25, 0.25)]:
        assert_close(*ours_and_torch((name, ('leaf', 0), ('leaf', 1)), [x, y]))
        assert_close(*ours_and_torch((name, ('leaf', 0), ('leaf', 0)), [x]))  # one value used twice


# --- every operation's gradient against central differences ----------------

SINGLE = {
    'exp': lambda a: a.exp(), 'log': lambda a: a.log(), 'tanh': lambda a: a.tanh(),
    'relu': lambda a: a.relu(), 'sigmoid': lambda a: a.sigmoid(), 'neg': lambda a: -a,
    'pow 3': lambda a: a ** 3, 'pow -2': lambda a: a ** -2, 'pow 0.5': lambda a: a ** 0.5,
    '+ 2': lambda a: a + 2, '2 +': lambda a: 2 + a, '- 2': lambda a: a - 2, '2 -': lambda a: 2 - a,
    '* 3': lambda a: a * 3, '3 *': lambda a: 3 * a, '/ 4': lambda a: a / 4, '4 /': lambda a: 4 / a,
}
PAIR = {
    '+': lambda a, b: a + b, '-': lambda a, b: a - b,
    '*': lambda a, b: a * b, '/': lambda a, b: a / b,
    'weighted_sum': lambda a, b: weighted_sum([a, b], [b, 0.5], a),
}


def central_difference(f, xs, i, h=1e-6):
    up, down = list(xs), list(xs)
    up[i] += h
    down[i] -= h
    return (f(*up) - f(*down)) / (2 * h)


@pytest.mark.parametrize('name', sorted(SINGLE))
@pytest.mark.parametrize('x', [0.3, 1.7])
def test_single_operand_gradient_matches_central_difference(name, x):
    a = Value(x)
    SINGLE[name](a).backward()
    numeric = central_difference(lambda t: SINGLE[name](Value(t)).data, [x], 0)
    assert a.grad == pytest.approx(numeric, rel=1e-6, abs=1e-8)


@pytest.mark.parametrize('name', sorted(PAIR))
def test_two_operand_gradients_match_central_differences(name):
    xs = [1.3, -0.6]
    a, b = Value(xs[0]), Value(xs[1])
    PAIR[name](a, b).backward()
    f = lambda x, y: PAIR[name](Value(x), Value(y)).data
    assert a.grad == pytest.approx(central_difference(f, xs, 0), rel=1e-6)
    assert b.grad == pytest.approx(central_difference(f, xs, 1), rel=1e-6)


# --- random expression graphs -----------------------------------------------

def expressions():
    leaf = st.integers(0, 2).map(lambda i: ('leaf', i))
    return st.recursive(
        leaf,
        lambda sub: st.one_of(
            st.tuples(st.sampled_from(sorted(UNARY)), sub),
            st.tuples(st.sampled_from(sorted(BINARY)), sub, sub),
        ),
        max_leaves=8,
    )


@settings(max_examples=300, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.filter_too_much])
@given(tree=expressions(),
       xs=st.lists(st.floats(-3, 3, allow_nan=False), min_size=3, max_size=3))
def test_random_expressions_match_torch(tree, xs):
    try:
        ours, theirs = ours_and_torch(tree, xs)
    except OverflowError:
        assume(False)               # exp of a huge intermediate: nothing to compare
    assume(all(math.isfinite(v) and abs(v) < 1e8 for v in [ours[0], *ours[1]]))
    assert_close(ours, theirs, rel=1e-9, abs_=1e-10)


# --- structure and semantics ------------------------------------------------

def test_a_100000_operation_chain_backpropagates():
    x = Value(1.0)
    y = x
    for _ in range(100_000):
        y = y * 1.0 + 0.0
    y.backward()
    assert x.grad == 1.0


def test_children_are_kept_in_order_and_reflected_forms_stay_in_the_graph():
    a = Value(3.0)
    for out, op in [(2 - a, '-'), (2 / a, '*'), (2 + a, '+'), (2 * a, '*')]:
        assert out._op == op and isinstance(out._prev, tuple)
        assert any(child is a or a in child._prev for child in out._prev)
    c = 2 - a
    assert c._prev[1] is a and c._prev[0].data == 2
    c.backward()
    assert a.grad == -1.0
    a.grad = 0.0
    (10 / a).backward()
    assert a.grad == pytest.approx(-10 / 9)


def test_backward_twice_accumulates_in_leaves_like_torch():
    x = Value(3.0)
    y = x * x
    z = y * 2
    z.backward()
    assert (x.grad, y.grad) == (12.0, 2.0)
    z.backward()
    assert (x.grad, y.grad) == (24.0, 2.0)    # leaf accumulates; intermediate starts afresh
    t = torch.tensor(3.0, dtype=torch.float64, requires_grad=True)
    tz = t * t * 2
    tz.backward(retain_graph=True)
    tz.backward()
    assert t.grad.item() == x.grad
    x.grad = 0.0
    z.backward()
    assert x.grad == 12.0


def test_tanh_and_sigmoid_are_safe_for_large_inputs():
    for x, t, s in [(1000.0, 1.0, 1.0), (-1000.0, -1.0, 0.0)]:
        a = Value(x)
        assert a.tanh().data == t and a.sigmoid().data == s
        a.tanh().backward()
        a.sigmoid().backward()
        assert a.grad == 0.0


def test_powers_at_zero_follow_torch():
    for exponent, value, slope in [(0, 1.0, 0.0), (0.5, 0.0, math.inf), (2, 0.0, 0.0), (1, 0.0, 1.0)]:
        a = Value(0.0)
        out = a ** exponent
        out.backward()
        t = torch.tensor(0.0, dtype=torch.float64, requires_grad=True)
        (t ** exponent).backward()
        assert (out.data, a.grad) == (value, slope) == ((t ** exponent).item(), t.grad.item())


def test_weighted_sum_takes_a_number_as_bias():
    w = Value(2.0)
    assert weighted_sum([w], [3.0], 1.0).data == 7.0


def test_weighted_sum_is_the_sum_of_products_in_one_node():
    ws = [Value(w) for w in (0.5, -1.25, 2.0)]
    b = Value(0.1)
    x_value = Value(-0.7)
    inputs = [1.5, x_value, 3.0]
    one = weighted_sum(ws, inputs, b)
    one.backward()
    fused = [v.grad for v in ws + [b, x_value]]
    for v in ws + [b, x_value]:
        v.grad = 0.0
    chain = sum((w * x for w, x in zip(ws, inputs)), b)
    chain.backward()
    assert one.data == chain.data
    assert fused == [v.grad for v in ws + [b, x_value]]
    assert len(one._prev) == 5                 # b, three weights, and the one Value input


# --- bad input ----------------------------------------------------------------

@pytest.mark.parametrize('make, error, message', [
    (lambda: Value('3'), TypeError, r"real number \(int or float\), not str"),
    (lambda: Value([1.0]), TypeError, "not list"),
    (lambda: Value(1j), TypeError, "not complex"),
    (lambda: Value(1.0) + 'a', TypeError, r"unsupported operand str for \+"),
    (lambda: 'a' * Value(1.0), TypeError, r"unsupported operand str for \*"),
    (lambda: Value(1.0) - None, TypeError, "NoneType for -: a Value combines with another Value or a real number"),
    (lambda: Value(2.0) ** Value(3.0), TypeError, "exponent must be a number.*not Value"),
    (lambda: 2 ** Value(3.0), TypeError, r"not Value; for 2 \*\* b write"),
    (lambda: Value(1.0) / 0, ZeroDivisionError, r"division by zero \(the divisor is 0\)"),
    (lambda: 1 / Value(0.0), ZeroDivisionError, r"division by zero \(the divisor is 0\)"),
    (lambda: Value(0.0) ** -1, ZeroDivisionError, "negative power"),
    (lambda: Value(-8.0) ** (1 / 3), ValueError, "negative number to a non-integer power"),
    (lambda: Value(1.0, (Value(2.0),), "f"), ValueError, r"one local derivative per child \(children: 1, _local: 0\)"),
    (lambda: Value(0.0).log(), ValueError, "positive numbers only, got 0.0"),
    (lambda: Value(-1.0).log(), ValueError, "positive numbers only, got -1.0"),
    (lambda: Value(1000.0).exp(), OverflowError, r"exp\(1000.0\) is too large"),
    (lambda: weighted_sum([Value(1.0)], [1.0, 2.0], Value(0.0)), ValueError, r"one input per weight \(weights: 1, inputs: 2\)"),
    (lambda: weighted_sum([Value(1.0)], ['x'], Value(0.0)), TypeError, "Values or real numbers as inputs, not str"),
    (lambda: weighted_sum([1.0], [1.0], Value(0.0)), TypeError, "needs Value weights, got float"),
])
def test_bad_input_fails_at_once_with_a_clear_message(make, error, message):
    with pytest.raises(error, match=message):
        make()


def test_numbers_of_other_real_types_are_accepted():
    import numpy as np
    for x in (2, True, np.float64(2.5), np.int64(3), np.float32(0.5)):
        assert (Value(x) * 2).data == x * 2
