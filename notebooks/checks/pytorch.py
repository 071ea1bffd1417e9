"""Checks for lesson 8, "The same thing in PyTorch" (notebooks/08_pytorch.ipynb).

The expected answers are computed here, with our engine or with PyTorch, and never printed.
Where a task says how an answer must be produced (by PyTorch from the leaves; without
PyTorch's sigmoid; with our engine's backward, not PyTorch's), the check watches the
learner's code do it: it walks PyTorch's graph, or switches functions off while the
learner's code runs and records any call to them. Exercise 2's ctx.save_for_backward is
watched the same way: every call to it is counted while the learner's forward runs.
"""
import contextlib
import math
import random

import torch
from torch.autograd.function import FunctionCtx

from checks import Wrong, exercise, is_number, require
from micrograd.engine import Value


def _close(mine, theirs, tol=1e-12):
    """The lesson's `close`: agree to tol, relative to the size (absolute below size 1)."""
    return abs(mine - theirs) <= tol * max(1.0, abs(mine), abs(theirs))


class _Switched(BaseException):
    """Raised when the learner's code calls a function the check switched off.

    A BaseException, so that a broad `except Exception` cannot swallow it; the list of
    calls records it anyway.
    """


@contextlib.contextmanager
def _switched_off(targets, calls):
    """While active, each (owner, name) in targets raises _Switched and is recorded in calls."""
    saved = [(owner, name, getattr(owner, name)) for owner, name in targets]

    def refuse(name):
        def refused(*args, **kwargs):
            calls.append(name)
            raise _Switched(name)
        return refused

    for owner, name, _ in saved:
        setattr(owner, name, refuse(name))
    try:
        yield
    finally:
        for owner, name, original in saved:
            setattr(owner, name, original)


def _float32(x):
    """x rounded to float32, as torch.tensor(x) stores it, back as a Python float."""
    return torch.tensor(x, dtype=torch.float32).item()


# ---------------------------------------------------------------------------------------
# Exercise 1: f built by PyTorch, compared with our engine

def _f_ours(a, b, c, variant=None):
    """f and its three gradients with our engine; `variant` names a known mistake."""
    va, vb, vc = Value(a), Value(b), Value(c)
    first = (va * vb + vc).tanh() if variant != 'tanh' else (va * (vb + vc)).tanh()
    second = (vb / vc).exp() if variant != 'exp' else (vc / vb).exp()
    third = (va ** 2 + 1).log() if variant != 'log' else (va ** 2).log() + 1
    fourth = (vc - va).sigmoid() if variant != 'sigmoid' else (va - vc).sigmoid()
    f = first * second + third - fourth if variant != 'plus' else first * second + third + fourth
    f.backward()
    return f.data, va.grad, vb.grad, vc.grad


_VARIANTS = {
    'sigmoid': "the sigmoid's argument is c - a, not a - c",
    'exp': "the exponent is b / c, not c / b",
    'log': "the logarithm is log(a**2 + 1), of the whole sum, not log(a**2) + 1",
    'tanh': "tanh's argument is a*b + c, not a*(b + c)",
    'plus': "the sigmoid term is subtracted, not added",
}


def _leaves_of(f):
    """The leaf tensors PyTorch will accumulate gradients into when f.backward() runs."""
    leaves, steps, seen = [], [f.grad_fn], set()
    while steps:
        step = steps.pop()
        if step is None or id(step) in seen:
            continue
        seen.add(id(step))
        if hasattr(step, 'variable'):                  # an AccumulateGrad step: a leaf
            leaves.append(step.variable)
        steps += [child for child, _ in step.next_functions]
    return leaves


def _contains(held, numbers):
    """Whether every number appears among the held values (each value used once)."""
    rest = list(held)
    for number in numbers:
        if number not in rest:
            return False
        rest.remove(number)
    return True


@exercise(1, section="Tensors")
def check_exercise_1(f_in_pytorch):
    require(callable(f_in_pytorch), "f_in_pytorch should be a function: "
                                    "def f_in_pytorch(a0, b0, c0): ...")
    for numbers in [(0.8, -1.3, 2.1), (0.3, 0.7, 1.9), (-1.1, 0.4, 0.6)]:
        call = f"f_in_pytorch{numbers}"
        result = f_in_pytorch(*numbers)
        require(isinstance(result, tuple) and len(result) == 4,
                f"{call} should return the four tensors (f, a, b, c), as a tuple")
        tensors = dict(zip('fabc', result))
        for name, t in tensors.items():
            require(isinstance(t, torch.Tensor),
                    f"{call}: {name} should be a PyTorch tensor, not a {type(t).__name__}")
            require(t.dtype == torch.float64, f"{call}: {name} is {t.dtype}: create the leaves "
                                              "with dtype=torch.float64")
            require(t.numel() == 1, f"{call}: {name} should hold a single number")
        held_values = [t.item() for t in result]
        if held_values[1:] != list(numbers) and _contains(held_values, numbers):
            raise Wrong(f"{call} returns the four tensors in another order: return "
                        "(f, a, b, c) in that order, f first")
        for name, given in zip('abc', numbers):
            t = tensors[name]
            held = t.item()
            if held != given and held == _float32(given):
                raise Wrong(f"{call}: {name} holds {given} rounded to float32 (the trap of this "
                            "lesson): create it with dtype=torch.float64 from the start")
            require(held == given, f"{call}: {name} should hold the number passed in, {given}")
            require(t.requires_grad, f"{call}: {name} does not require gradients: create it "
                                     "with requires_grad=True")
            require(t.is_leaf, f"{call}: {name} is not a leaf tensor but computed from another "
                               "tensor (unpacking one tensor of three numbers gives three such "
                               f"views), so PyTorch gives {name} no .grad: make each leaf with "
                               "its own torch.tensor(number, dtype=torch.float64, "
                               "requires_grad=True)")
        f = tensors['f']
        require(f.grad_fn is not None, f"{call}: f has no grad_fn, so PyTorch did not compute "
                                       "it: build it from the leaves with tensor operations")
        leaves = _leaves_of(f)
        for name in 'abc':
            require(any(t is tensors[name] for t in leaves),
                    f"{call}: PyTorch did not compute f from {name} ({name} is not a leaf of "
                    "f's graph): use the tensors you return in the expression")
            require(tensors[name].grad is not None,
                    f"{call}: {name}.grad is None: call f.backward() before returning")
        answer = (f.item(), *(tensors[name].grad.item() for name in 'abc'))
        want = _f_ours(*numbers)
        if not _close(answer[0], want[0]):
            for variant, hint in _VARIANTS.items():
                if _close(answer[0], _f_ours(*numbers, variant)[0]):
                    raise Wrong(f"{call}: {hint}")
            raise Wrong(f"{call}: f differs from our engine's value of the same expression by "
                        "more than 1e-12: compare your expression with the task term by term")
        grads = answer[1:]
        if all(_close(g, 2 * w) for g, w in zip(grads, want[1:])) and any(w for w in want[1:]):
            raise Wrong(f"{call}: every gradient is twice our engine's: backward() ran twice "
                        "on the same leaves; call it once")
        for name, got, expected in zip('abc', grads, want[1:]):
            require(_close(got, expected),
                    f"{call}: df/d{name} differs from our engine's by more than 1e-12, while f "
                    "agrees: is part of f cut off from the graph (.item(), .detach(), .data, "
                    "or a new tensor made from a number)?")


# ---------------------------------------------------------------------------------------
# Exercise 2: a sigmoid as a torch.autograd.Function

_READY_MADE = [(torch, 'sigmoid'), (torch, 'sigmoid_'), (torch.Tensor, 'sigmoid'),
               (torch.Tensor, 'sigmoid_'), (torch.special, 'expit'),
               (torch.nn.functional, 'sigmoid')]


@contextlib.contextmanager
def _counting_saves(saves):
    """While active, every ctx.save_for_backward(...) call appends to `saves`."""
    original = FunctionCtx.save_for_backward

    def counted(self, *tensors):
        saves.append(len(tensors))
        return original(self, *tensors)

    FunctionCtx.save_for_backward = counted
    try:
        yield
    finally:
        FunctionCtx.save_for_backward = original


def _apply(Sigmoid, x, weights=None):
    """Sigmoid.apply(x) and backward from (y * weights).sum(), with the ready-made sigmoids
    switched off; returns (y, x.grad, names of ready-made functions called, whether forward
    called ctx.save_for_backward). A TypeError or ValueError in forward, or a TypeError in
    backward, fails the check with a hint for its most likely cause."""
    calls, saves = [], []
    try:
        with _switched_off(_READY_MADE, calls):
            with _counting_saves(saves):
                try:
                    y = Sigmoid.apply(x)
                except (TypeError, ValueError) as error:
                    raise Wrong(f"forward raised {type(error).__name__} ({error}). If it comes from "
                                "math.exp: the math module works on one number, and x is a tensor "
                                "of many, so use tensor operations such as torch.exp") from None
            if not calls:
                try:
                    (y * weights).sum().backward() if weights is not None else y.sum().backward()
                except TypeError as error:
                    raise Wrong(f"backward raised TypeError ({error}). If it comes from "
                                "ctx.saved_tensors: that is a tuple, even with one tensor in it, "
                                "so unpack it with a comma, s, = ctx.saved_tensors") from None
    except _Switched:
        return None, None, calls, bool(saves)
    except RuntimeError as error:
        if calls:                          # the autograd engine re-raised it
            return None, None, calls, bool(saves)
        raise error
    return y, x.grad, calls, bool(saves)


@exercise(2, section="A custom operation: `torch.autograd.Function`")
def check_exercise_2(Sigmoid):
    require(isinstance(Sigmoid, type) and issubclass(Sigmoid, torch.autograd.Function),
            "Sigmoid should be a class that derives from torch.autograd.Function")
    rng = random.Random(11)
    values = [rng.uniform(-6, 6) for _ in range(40)]
    weights = torch.tensor([rng.uniform(0.5, 2) for _ in values], dtype=torch.float64)
    x = torch.tensor(values, dtype=torch.float64, requires_grad=True)
    y, grad, calls, saved = _apply(Sigmoid, x, weights)
    if calls:
        raise Wrong(f"your Function calls PyTorch's own {calls[0]}: compute 1 / (1 + exp(-x)) "
                    "with tensor operations such as torch.exp")
    require(isinstance(y, torch.Tensor) and y.shape == x.shape,
            "forward should return a tensor of the same shape as x")
    s = 1 / (1 + torch.exp(-x.detach()))
    if not torch.allclose(y.detach(), s, rtol=1e-12, atol=1e-15):
        if torch.allclose(y.detach(), 1 / (1 + torch.exp(x.detach())), rtol=1e-12, atol=1e-15):
            raise Wrong("forward computes 1 / (1 + exp(x)): check the sign of the exponent")
        raise Wrong("forward does not compute 1 / (1 + exp(-x))")
    require(saved, "forward never calls ctx.save_for_backward: keep what backward needs with "
                   "ctx.save_for_backward(...) and read it back in backward from "
                   "ctx.saved_tensors, not as an attribute of ctx")
    require(grad is not None, "x.grad is None after backward: backward should return the "
                              "gradient with respect to x")
    tol = dict(rtol=1e-12, atol=1e-15)
    if not torch.allclose(grad, weights * s * (1 - s), **tol):
        if torch.allclose(grad, s * (1 - s), **tol):
            raise Wrong("backward ignores grad_output: multiply the local derivative by it "
                        "(the chain rule)")
        if torch.allclose(grad, weights * (1 - s), **tol):
            raise Wrong("backward returns grad_output * (1 - s): the derivative is s * (1 - s)")
        xd = x.detach()
        if torch.allclose(grad, weights * xd * (1 - xd), **tol):
            raise Wrong("backward uses the input x where the sigmoid's output s belongs: "
                        "save s in forward and use s * (1 - s)")
        raise Wrong("backward does not return grad_output * s * (1 - s)")
    x_small = torch.tensor(values[:5], dtype=torch.float64, requires_grad=True)
    require(torch.autograd.gradcheck(Sigmoid.apply, (x_small,), raise_exception=False),
            "gradcheck disagrees with your backward")


# ---------------------------------------------------------------------------------------
# Exercise 3: a layer's gradients with our engine, not PyTorch's

_TORCH_GRADIENTS = [(torch.Tensor, 'backward'), (torch.autograd, 'backward'),
                    (torch.autograd, 'grad')]


def _torch_layer_gradients(W, x):
    Wt = torch.tensor(W, dtype=torch.float64, requires_grad=True)
    (Wt @ torch.tensor(x, dtype=torch.float64)).tanh().sum().backward()
    return Wt.grad.tolist()


@contextlib.contextmanager
def _counting_backward(count):
    original = Value.backward

    def counted(self, *args, **kwargs):
        count.append(1)
        return original(self, *args, **kwargs)

    Value.backward = counted
    try:
        yield
    finally:
        Value.backward = original


def _run_ours(layer_gradients, W, x):
    """(result, PyTorch gradient functions called, number of our backward() calls)."""
    torch_calls, ours = [], []
    try:
        with _switched_off(_TORCH_GRADIENTS, torch_calls), _counting_backward(ours):
            result = layer_gradients([list(row) for row in W], list(x))
    except _Switched:
        result = None
    return result, torch_calls, len(ours)


@exercise(3, section="Lesson 3's neuron, in both engines")
def check_exercise_3(layer_gradients):
    require(callable(layer_gradients), "layer_gradients should be a function: "
                                       "def layer_gradients(W, x): ...")
    rng = random.Random(3)
    given = ([[0.5, -1.0, 0.25], [1.5, 0.75, -0.5]], [1.0, -2.0, 0.5])
    cases = [given, given]                     # twice: a second call must not see the first
    for rows, cols in [(3, 2), (1, 4), (4, 1), (2, 3)]:
        cases.append(([[round(rng.uniform(-1.5, 1.5), 2) for _ in range(cols)] for _ in range(rows)],
                      [round(rng.uniform(-2, 2), 2) for _ in range(cols)]))
    for W, x in cases:
        call = f"layer_gradients({W}, {x})"
        result, torch_calls, our_backwards = _run_ours(layer_gradients, W, x)
        if torch_calls:
            raise Wrong(f"{call} asked PyTorch for gradients ({torch_calls[0]}): this exercise "
                        "wants our engine's, so build L from Values and call L.backward()")
        require(our_backwards > 0, f"{call}: our engine's backward() never ran: build L from "
                                   "Values and call L.backward()")
        require(isinstance(result, (list, tuple)) and len(result) == len(W)
                and all(isinstance(row, (list, tuple)) and len(row) == len(x) for row in result),
                f"{call} should return {len(W)} lists of {len(x)} numbers, shaped like W")
        flat = [g for row in result for g in row]
        if any(isinstance(g, Value) for g in flat):
            raise Wrong(f"{call}: give the gradients as floats (each weight's .grad), not Values")
        require(all(is_number(g) for g in flat), f"{call}: every gradient should be a number")
        want = [w for row in _torch_layer_gradients(W, x) for w in row]
        if all(_close(g, w) for g, w in zip(flat, want)):
            continue
        if all(_close(g, w) for g, w in zip(flat, [w for row in W for w in row])):
            raise Wrong(f"{call} returns the weights themselves (.data): return each weight's .grad")
        if all(_close(g, xj) for row in result for g, xj in zip(row, x)):
            raise Wrong(f"{call}: these are the gradients without tanh; L adds up tanh of each "
                        "row's weighted sum")
        if all(_close(g, 2 * w) for g, w in zip(flat, want)):
            raise Wrong(f"{call}: on a second call the gradients are twice as large, so they pile "
                        "up from call to call: make fresh Values inside the function every time")
        raise Wrong(f"{call}: some gradients differ from dL/dW by more than 1e-12: L is the sum "
                    "over the rows i of tanh(sum over j of W[i][j] * x[j])")
