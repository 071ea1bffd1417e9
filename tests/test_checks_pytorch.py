"""The checks of lesson 8's exercises: placeholders, worked solutions, and every known wrong answer."""
import math
import re

import pytest
import torch
from conftest import verdict

from checks.pytorch import check_exercise_1, check_exercise_2, check_exercise_3
from micrograd.engine import Value

# ---------------------------------------------------------------------------------------
# Exercise 1: f built by PyTorch from float64 leaves


def leaves(a0, b0, c0, make=None):
    make = make or (lambda v: torch.tensor(v, dtype=torch.float64, requires_grad=True))
    return make(a0), make(b0), make(c0)


def f_of(a, b, c):
    return (a * b + c).tanh() * (b / c).exp() + (a ** 2 + 1).log() - (c - a).sigmoid()


def f_placeholder(a0, b0, c0):
    raise NotImplementedError("write the body")


def f_solution(a0, b0, c0):
    a, b, c = leaves(a0, b0, c0)
    f = f_of(a, b, c)
    f.backward()
    return f, a, b, c


def f_float32(a0, b0, c0):
    a, b, c = leaves(a0, b0, c0, lambda v: torch.tensor(v, requires_grad=True))
    f = f_of(a, b, c)
    f.backward()
    return f, a, b, c


def f_float32_then_double(a0, b0, c0):
    a, b, c = leaves(a0, b0, c0, lambda v: torch.tensor(v).double().requires_grad_())
    f = f_of(a, b, c)
    f.backward()
    return f, a, b, c


def f_our_engine_in_tensors(a0, b0, c0):
    """Our engine's numbers, dressed up as tensors: not computed by PyTorch."""
    va, vb, vc = Value(a0), Value(b0), Value(c0)
    vf = (va * vb + vc).tanh() * (vb / vc).exp() + (va ** 2 + 1).log() - (vc - va).sigmoid()
    vf.backward()
    a, b, c = leaves(a0, b0, c0)
    for t, v in zip((a, b, c), (va, vb, vc)):
        t.grad = torch.tensor(v.grad, dtype=torch.float64)
    return torch.tensor(vf.data, dtype=torch.float64), a, b, c


def f_from_copies(a0, b0, c0):
    """f computed from other leaves than the ones returned."""
    f, *_ = f_solution(a0, b0, c0)
    a, b, c = leaves(a0, b0, c0)
    for t in (a, b, c):
        t.grad = torch.zeros((), dtype=torch.float64)
    return f, a, b, c


def f_no_backward(a0, b0, c0):
    a, b, c = leaves(a0, b0, c0)
    return f_of(a, b, c), a, b, c


def f_no_requires_grad(a0, b0, c0):
    a, b = leaves(a0, b0, 0.0)[:2]
    c = torch.tensor(c0, dtype=torch.float64)
    f = f_of(a, b, c)
    f.backward()
    return f, a, b, c


def f_other_numbers(a0, b0, c0):
    return f_solution(0.8, -1.3, 2.1)


def variant(expression):
    def answer(a0, b0, c0):
        a, b, c = leaves(a0, b0, c0)
        f = expression(a, b, c)
        f.backward()
        return f, a, b, c
    return answer


def f_twice(a0, b0, c0):
    a, b, c = leaves(a0, b0, c0)
    f = f_of(a, b, c)
    f.backward(retain_graph=True)
    f.backward()
    return f, a, b, c


def f_detached_tanh(a0, b0, c0):
    a, b, c = leaves(a0, b0, c0)
    f = (a * b + c).tanh().detach() * (b / c).exp() + (a ** 2 + 1).log() - (c - a).sigmoid()
    f.backward()
    return f, a, b, c


def f_unpacked(a0, b0, c0):
    """a, b, c unpacked from one tensor of three numbers: views of it, not leaves."""
    a, b, c = torch.tensor([a0, b0, c0], dtype=torch.float64, requires_grad=True)
    f = f_of(a, b, c)
    f.backward()
    return f, a, b, c


def f_last(a0, b0, c0):
    f, a, b, c = f_solution(a0, b0, c0)
    return a, b, c, f


def f_list(a0, b0, c0):
    return list(f_solution(a0, b0, c0))


@pytest.mark.parametrize("answer, status, hint", [
    (f_placeholder, "not attempted yet", "NotImplementedError"),
    (f_solution, "solved", ""),
    (f_float32, "wrong", "is torch.float32"),
    (f_float32_then_double, "wrong", "rounded to float32"),
    (f_our_engine_in_tensors, "wrong", "f has no grad_fn"),
    (f_from_copies, "wrong", "did not compute f from a"),
    (f_no_backward, "wrong", "call f.backward()"),
    (f_no_requires_grad, "wrong", "c does not require gradients"),
    (f_other_numbers, "wrong", "should hold the number passed in"),
    (variant(lambda a, b, c: (a * b + c).tanh() * (b / c).exp() + (a ** 2 + 1).log()
             - (a - c).sigmoid()), "wrong", "the sigmoid's argument is c - a"),
    (variant(lambda a, b, c: (a * b + c).tanh() * (c / b).exp() + (a ** 2 + 1).log()
             - (c - a).sigmoid()), "wrong", "the exponent is b / c"),
    (variant(lambda a, b, c: (a * b + c).tanh() * (b / c).exp() + (a ** 2).log() + 1
             - (c - a).sigmoid()), "wrong", "of the whole sum"),
    (variant(lambda a, b, c: (a * (b + c)).tanh() * (b / c).exp() + (a ** 2 + 1).log()
             - (c - a).sigmoid()), "wrong", "tanh's argument is a*b + c"),
    (variant(lambda a, b, c: (a * b + c).tanh() * (b / c).exp() + (a ** 2 + 1).log()
             + (c - a).sigmoid()), "wrong", "subtracted, not added"),
    (variant(lambda a, b, c: (a * b + c).tanh() * (b / c).exp()), "wrong", "term by term"),
    (f_twice, "wrong", "backward() ran twice"),
    (f_detached_tanh, "wrong", "cut off from the graph"),
    (f_list, "wrong", "as a tuple"),
    (f_unpacked, "wrong", "a is not a leaf tensor"),
    (f_last, "wrong", "return (f, a, b, c) in that order"),
    ("f", "wrong", "should be a function"),
])
def test_exercise_1(answer, status, hint):
    got_status, detail = verdict(check_exercise_1, answer)
    assert got_status == status, detail
    assert hint in detail


# ---------------------------------------------------------------------------------------
# Exercise 2: Sigmoid as a torch.autograd.Function

def function(forward, backward):
    """A torch.autograd.Function with this forward (x -> (s, saved)) and backward."""
    class Sigmoid(torch.autograd.Function):
        @staticmethod
        def forward(ctx, x):
            s, saved = forward(x)
            ctx.save_for_backward(saved)
            return s

        @staticmethod
        def backward(ctx, grad_output):
            saved, = ctx.saved_tensors
            return backward(grad_output, saved)
    return Sigmoid


def own(x):
    s = 1 / (1 + torch.exp(-x))
    return s, s


class SigmoidPlaceholder(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x):
        raise NotImplementedError("write forward")

    @staticmethod
    def backward(ctx, grad_output):
        raise NotImplementedError("write backward")


def helper_that_hides_the_ready_made_one(x):
    return x.sigmoid()


def broad_except(x):
    try:
        s = torch.sigmoid(x)
    except Exception:                       # the check's signal is not an Exception
        s = 1 / (1 + torch.exp(-x))
    return s, s


def tanh_form(x):
    s = (1 + torch.tanh(x / 2)) / 2          # a formula of one's own: allowed
    return s, s


def good_backward(g, s):
    return g * s * (1 - s)


class SavedAsAttribute(torch.autograd.Function):
    """Right numbers, but s kept as ctx.s instead of with ctx.save_for_backward."""
    @staticmethod
    def forward(ctx, x):
        ctx.s = 1 / (1 + torch.exp(-x))
        return ctx.s

    @staticmethod
    def backward(ctx, grad_output):
        return grad_output * ctx.s * (1 - ctx.s)


class SavesTheInput(torch.autograd.Function):
    """Saves x with save_for_backward and recomputes s in backward: allowed."""
    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x)
        return 1 / (1 + torch.exp(-x))

    @staticmethod
    def backward(ctx, grad_output):
        x, = ctx.saved_tensors
        s = 1 / (1 + torch.exp(-x))
        return grad_output * s * (1 - s)


class MathExp(torch.autograd.Function):
    """forward with math.exp, which takes one number, on a tensor of forty."""
    @staticmethod
    def forward(ctx, x):
        s = 1 / (1 + math.exp(-x))
        ctx.save_for_backward(s)
        return s

    @staticmethod
    def backward(ctx, grad_output):
        s, = ctx.saved_tensors
        return grad_output * s * (1 - s)


class TupleNotUnpacked(torch.autograd.Function):
    """s = ctx.saved_tensors without the comma: s is a tuple of one tensor."""
    @staticmethod
    def forward(ctx, x):
        s = 1 / (1 + torch.exp(-x))
        ctx.save_for_backward(s)
        return s

    @staticmethod
    def backward(ctx, grad_output):
        s = ctx.saved_tensors
        return grad_output * s * (1 - s)


@pytest.mark.parametrize("answer, status, hint", [
    (SigmoidPlaceholder, "not attempted yet", "NotImplementedError"),
    (MathExp, "wrong", "forward raised ValueError"),
    (MathExp, "wrong", "use tensor operations such as torch.exp"),
    (TupleNotUnpacked, "wrong", "backward raised TypeError"),
    (TupleNotUnpacked, "wrong", "unpack it with a comma, s, = ctx.saved_tensors"),
    (function(own, good_backward), "solved", ""),
    (function(tanh_form, good_backward), "solved", ""),
    (function(lambda x: (torch.sigmoid(x),) * 2, good_backward), "wrong", "PyTorch's own sigmoid"),
    (function(lambda x: (helper_that_hides_the_ready_made_one(x),) * 2, good_backward),
     "wrong", "PyTorch's own sigmoid"),
    (function(lambda x: (torch.special.expit(x),) * 2, good_backward), "wrong", "expit"),
    (function(lambda x: (torch.nn.functional.sigmoid(x),) * 2, good_backward), "wrong",
     "PyTorch's own sigmoid"),
    (function(broad_except, good_backward), "wrong", "PyTorch's own sigmoid"),
    (function(lambda x: own(-x), good_backward), "wrong", "sign of the exponent"),
    (function(lambda x: (torch.tanh(x),) * 2, good_backward), "wrong", "does not compute"),
    (function(own, lambda g, s: s * (1 - s)), "wrong", "ignores grad_output"),
    (function(own, lambda g, s: g * (1 - s)), "wrong", "the derivative is s * (1 - s)"),
    (function(lambda x: (own(x)[0], x), lambda g, x: g * x * (1 - x)), "wrong",
     "uses the input x"),
    (function(own, lambda g, s: g * s), "wrong", "does not return grad_output * s * (1 - s)"),
    (torch.sigmoid, "wrong", "derives from torch.autograd.Function"),
    (SavedAsAttribute, "wrong", "never calls ctx.save_for_backward"),
    (SavesTheInput, "solved", ""),
])
def test_exercise_2(answer, status, hint):
    got_status, detail = verdict(check_exercise_2, answer)
    assert got_status == status, detail
    assert hint in detail


def test_exercise_2_puts_save_for_backward_back():
    from torch.autograd.function import FunctionCtx
    original = FunctionCtx.save_for_backward
    verdict(check_exercise_2, function(own, good_backward))
    assert FunctionCtx.save_for_backward is original


def test_exercise_2_puts_the_sigmoids_back():
    verdict(check_exercise_2, function(lambda x: (torch.sigmoid(x),) * 2, good_backward))
    x = torch.tensor([0.0, 1.0], dtype=torch.float64)
    assert torch.sigmoid(x)[0].item() == 0.5 and x.sigmoid()[0].item() == 0.5
    assert torch.special.expit(x)[0].item() == 0.5


# ---------------------------------------------------------------------------------------
# Exercise 3: the layer's gradients with our engine

def grads_placeholder(W, x):
    raise NotImplementedError("write the body")


def grads_solution(W, x):
    weights = [[Value(w) for w in row] for row in W]
    L = sum(sum(w * xj for w, xj in zip(row, x)).tanh() for row in weights)
    L.backward()
    return [[w.grad for w in row] for row in weights]


def grads_from_pytorch(W, x):
    Wt = torch.tensor(W, dtype=torch.float64, requires_grad=True)
    (Wt @ torch.tensor(x, dtype=torch.float64)).tanh().sum().backward()
    return Wt.grad.tolist()


def grads_from_autograd_grad(W, x):
    Wt = torch.tensor(W, dtype=torch.float64, requires_grad=True)
    L = (Wt @ torch.tensor(x, dtype=torch.float64)).tanh().sum()
    return torch.autograd.grad(L, Wt)[0].tolist()


def grads_from_pytorch_quietly(W, x):
    try:
        return grads_from_pytorch(W, x)
    except Exception:
        return grads_solution(W, x)


def grads_by_formula(W, x):
    """Right numbers, but worked out by hand: our engine's backward never runs."""
    out = []
    for row in W:
        t = math.tanh(sum(w * xj for w, xj in zip(row, x)))
        out.append([(1 - t * t) * xj for xj in x])
    return out


def grads_as_values(W, x):
    weights = [[Value(w) for w in row] for row in W]
    L = sum(sum(w * xj for w, xj in zip(row, x)).tanh() for row in weights)
    L.backward()
    return weights


def grads_data(W, x):
    grads_solution(W, x)
    return [list(row) for row in W]


def grads_without_tanh(W, x):
    weights = [[Value(w) for w in row] for row in W]
    L = sum(sum(w * xj for w, xj in zip(row, x)) for row in weights)
    L.backward()
    return [[w.grad for w in row] for row in weights]


def grads_transposed(W, x):
    g = grads_solution(W, x)
    return [list(col) for col in zip(*g)]


_pile = {}


def grads_piling_up(W, x):
    """Keeps one Value per weight across calls and never resets the gradients."""
    key = repr((W, x))
    if key not in _pile:
        _pile[key] = [[Value(w) for w in row] for row in W]
    weights = _pile[key]
    L = sum(sum(w * xj for w, xj in zip(row, x)).tanh() for row in weights)
    L.backward()
    return [[w.grad for w in row] for row in weights]


def grads_only_given_example(W, x):
    return grads_solution([[0.5, -1.0, 0.25], [1.5, 0.75, -0.5]], [1.0, -2.0, 0.5])


def grads_tuple_rows(W, x):
    return [tuple(row) for row in grads_solution(W, x)]


@pytest.mark.parametrize("answer, status, hint", [
    (grads_placeholder, "not attempted yet", "NotImplementedError"),
    (grads_solution, "solved", ""),
    (grads_tuple_rows, "solved", ""),
    (grads_from_pytorch, "wrong", "asked PyTorch for gradients"),
    (grads_from_autograd_grad, "wrong", "asked PyTorch for gradients (grad)"),
    (grads_from_pytorch_quietly, "wrong", "asked PyTorch for gradients"),
    (grads_by_formula, "wrong", "backward() never ran"),
    (grads_as_values, "wrong", "not Values"),
    (grads_data, "wrong", "the weights themselves"),
    (grads_without_tanh, "wrong", "without tanh"),
    (grads_transposed, "wrong", "shaped like W"),
    (grads_piling_up, "wrong", "pile up"),
    (grads_only_given_example, "wrong", "shaped like W"),
    (None, "wrong", "should be a function"),
])
def test_exercise_3(answer, status, hint):
    _pile.clear()
    got_status, detail = verdict(check_exercise_3, answer)
    assert got_status == status, detail
    assert hint in detail


def test_exercise_3_puts_pytorch_and_value_back():
    verdict(check_exercise_3, grads_from_pytorch)
    t = torch.tensor(2.0, requires_grad=True)
    (t * t).backward()
    assert t.grad.item() == 4.0
    v = Value(3.0)
    (v * v).backward()
    assert v.grad == 6.0 and Value.backward.__name__ == "backward"


def test_our_gradients_and_pytorchs_are_told_apart_even_when_equal():
    """The known gap: PyTorch's gradients passed. They may equal ours bit for bit, so the
    check must look at how they were produced, not only at the numbers."""
    W, x = [[0.5, -1.0, 0.25], [1.5, 0.75, -0.5]], [1.0, -2.0, 0.5]
    theirs, ours = grads_from_pytorch(W, x), grads_solution(W, x)
    assert all(g == pytest.approx(h, rel=1e-12) for a, b in zip(theirs, ours) for g, h in zip(a, b))
    assert verdict(check_exercise_3, grads_from_pytorch)[0] == "wrong"


# ---------------------------------------------------------------------------------------
# No hint spells out an expected number

def _numbers(text):
    return [float(n) for n in re.findall(r"-?\d+\.\d{4,}", text)]


@pytest.mark.parametrize("check, wrong", [
    (check_exercise_1, f_twice), (check_exercise_1, f_detached_tanh),
    (check_exercise_1, variant(lambda a, b, c: (a * b + c).tanh() * (b / c).exp())),
    (check_exercise_3, grads_without_tanh), (check_exercise_3, grads_by_formula),
    (check_exercise_3, grads_piling_up), (check_exercise_3, grads_only_given_example),
])
def test_hints_hold_no_long_decimals(check, wrong):
    _pile.clear()
    _, detail = verdict(check, wrong)
    assert _numbers(detail) == [], detail      # the given inputs have at most 2 decimals
