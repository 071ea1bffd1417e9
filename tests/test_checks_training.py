"""The checks of lesson 10's exercises (notebooks/checks/training.py): the placeholder is
"not attempted yet", the worked solution is "solved", every known wrong answer gets its own
hint, and no hint gives the answer away."""
import math
import random

import pytest
from conftest import verdict

from checks.training import check_exercise_1, check_exercise_2, check_exercise_3
from micrograd import MLP, Value

XS = [[2.0, 3.0, -1.0], [3.0, -1.0, 0.5], [0.5, 1.0, 1.0], [1.0, 1.0, -1.0]]
YS = [1.0, -1.0, -1.0, 1.0]


def assert_no_answer(detail, *answers):
    for answer in answers:
        for digits in (3, 4, 6):
            assert f"{answer:.{digits}f}" not in detail, (answer, detail)


# --- Exercise 1 -------------------------------------------------------------------------

EX1_PREDS = [0.9, -0.6, -0.8, 0.5]
TOTAL = sum((p - y) ** 2 for p, y in zip(EX1_PREDS, YS))
MSE = TOTAL / 4


def test_exercise_1_placeholder_and_solution():
    assert verdict(check_exercise_1, ..., ...)[0] == "not attempted yet"
    assert verdict(check_exercise_1, TOTAL, ...)[0] == "not attempted yet"
    assert verdict(check_exercise_1, 0.01 + 0.16 + 0.04 + 0.25, (0.01 + 0.16 + 0.04 + 0.25) / 4) \
        == ("solved", "")


@pytest.mark.parametrize("total, mse, hint", [
    (MSE, TOTAL, "swapped"),
    (1.2, 0.3, "absolute errors"),
    (0.0, 0.0, "cancel"),
    (11.66, 11.66 / 4, "MINUS"),
    (TOTAL, TOTAL, "divides it by the number of examples"),
    (TOTAL, TOTAL / 3, "wrong count"),
    (TOTAL, 0.2, "not its mean"),
    (MSE, MSE, "should not be divided by the count"),
    (0.5, 0.125, "not the sum of squared errors"),
    (Value(TOTAL), MSE, "is a Value"),
    ("0.46", MSE, "should be a number"),
])
def test_exercise_1_wrong_answers(total, mse, hint):
    status, detail = verdict(check_exercise_1, total, mse)
    assert status == "wrong" and hint in detail
    assert_no_answer(detail, TOTAL, MSE)


# --- Exercise 2 -------------------------------------------------------------------------

def ex2_truth():
    x, w, b, y = -1.5, 0.8, 0.2, 1.0
    n = w * x + b
    o = math.tanh(n)
    dn = 2 * (o - y) * (1 - o * o)
    return dn * x, dn, w - 0.1 * dn * x, b - 0.1 * dn, n, o


def test_exercise_2_placeholder_and_solution():
    gw, gb, w1, b1, _, _ = ex2_truth()
    assert verdict(check_exercise_2, ..., ..., ..., ...)[0] == "not attempted yet"
    assert verdict(check_exercise_2, gw, gb, w1, b1) == ("solved", "")
    # the gradients from our own engine are right too
    w, b = Value(0.8), Value(0.2)
    ((w * -1.5 + b).tanh() - 1.0).__pow__(2).backward()
    assert verdict(check_exercise_2, w.grad, b.grad, 0.8 - 0.1 * w.grad, 0.2 - 0.1 * b.grad)[0] \
        == "solved"


def ex2_cases():
    gw, gb, w1, b1, n, o = ex2_truth()
    tanh_prime = 1 - o * o
    return [
        ((-gw, -gb, w1, b1), "wrong sign"),
        ((gw / 2, gb / 2, w1, b1), "keep the 2"),
        ((gw / tanh_prime, gb / tanh_prime, w1, b1), "tanh's local derivative"),
        ((gw / tanh_prime * (1 - n * n), gb / tanh_prime * (1 - n * n), w1, b1), "1 - n**2"),
        ((gb, gb, w1, b1), "dn/dw = x"),
        ((gw, gw, w1, b1), "dn/db is 1"),
        ((gb * 0.8, gb, w1, b1), "dn/dw is the input x"),
        ((round(gw, 3), round(gb, 3), w1, b1), "close but not exact"),
        # the worked solution's o = tanh(-1) rounded to -0.76 is 0.5 % off
        ((2 * (-0.76 - 1) * (1 - 0.76**2) * -1.5, 2 * (-0.76 - 1) * (1 - 0.76**2), w1, b1),
         "keep every digit of o"),
        ((gw, gb, round(w1, 2), b1), "unrounded gradient"),
        ((gw, gb + 0.7, w1, b1), "not right"),
        ((gw, gb, 0.8 + 0.1 * gw, b1), "WITH the gradient"),
        ((gw, gb, w1, 0.2 - gb), "multiply it by the learning rate"),
        ((gw, gb, -0.1 * gw, b1), "only the step"),
        ((gw, gb, w1, 0.5), "new = old - lr * gradient"),
        ((Value(gw), gb, w1, b1), "is a Value"),
        ((gw, gb, [w1], b1), "should be a number"),
    ]


@pytest.mark.parametrize("answers, hint", ex2_cases())
def test_exercise_2_wrong_answers(answers, hint):
    status, detail = verdict(check_exercise_2, *answers)
    assert status == "wrong" and hint in detail, detail
    gw, gb, w1, b1, _, _ = ex2_truth()
    assert_no_answer(detail, gw, gb, w1, b1)


# --- Exercise 3 -------------------------------------------------------------------------

def make_model():
    return MLP(3, [4, 4, 1], activation='tanh', output_activation='tanh', rng=random.Random(5))


def loop(targets, steps, lr, *, zero=True, sign=1.0, mean=False, offset=0, model=None,
         targets_used=None, update=True, zero_after_backward=False, backward=True):
    model = model or make_model()
    used = targets_used or targets
    for _ in range(steps + offset):
        loss = sum((model(x) - y) ** 2 for x, y in zip(XS, used))
        if mean:
            loss = loss / len(used)
        if zero and not zero_after_backward:
            model.zero_grad()
        if backward:
            loss.backward()
        if zero_after_backward:
            model.zero_grad()                 # the mistake: the update then sees zeros
        if update:
            for p in model.parameters():
                p.data -= sign * lr * p.grad
    return model


def stale():
    """A train_on that keeps training one model across calls instead of starting afresh."""
    shared = make_model()
    return lambda t, s, lr: loop(t, s, lr, model=shared)


def solution(targets, steps, lr):
    return loop(targets, steps, lr)


def test_exercise_3_placeholder_and_solution():
    def placeholder(targets, steps, lr):
        raise NotImplementedError("write the body")
    assert verdict(check_exercise_3, placeholder)[0] == "not attempted yet"
    status, detail = verdict(check_exercise_3, solution)
    assert status == "solved" and "loss" in detail


def test_exercise_3_accepts_a_loop_written_another_way():
    def other(targets, steps, lr):
        model = make_model()
        for _ in range(steps):
            preds = [model(x) for x in XS]
            loss = sum(((y - p) ** 2 for p, y in zip(preds, targets)), Value(0.0))
            for p in model.parameters():
                p.grad = 0.0
            loss.backward()
            for p in model.parameters():
                p.data = p.data - lr * p.grad
        return model
    assert verdict(check_exercise_3, other)[0] == "solved"


@pytest.mark.parametrize("answer, hint", [
    (lambda t, s, lr: loop(t, s, lr, update=False), "after backward(), update every parameter"),
    (lambda t, s, lr: loop(t, s, lr, zero_after_backward=True),
     "zeroed between backward() and the update"),
    (lambda t, s, lr: loop(t, s, lr, backward=False), "backward() never ran"),
    (lambda t, s, lr: loop(t, s, lr, targets_used=YS), "lesson's ys"),
    (lambda t, s, lr: loop(t, s, lr, zero=False), "never reset"),
    (lambda t, s, lr: loop(t, s, lr, sign=-1.0), "subtract"),
    (lambda t, s, lr: loop(t, s, lr, mean=True), "mean squared error"),
    (lambda t, s, lr: loop(t, s, lr, offset=-1), "use range(steps)"),
    (lambda t, s, lr: loop(t, s, lr, offset=1), "use range(steps)"),
    (stale(), "fresh make_model()"),
    (lambda t, s, lr: loop(t, s, 0.1), "other targets, steps and rate"),
    (lambda t, s, lr: loop(t, s, lr * 0.9), "the task's call"),
    (lambda t, s, lr: MLP(3, [4, 1]), "parameters"),
    (lambda t, s, lr: [1.0, 2.0], "return the trained model"),
    (lambda t, s, lr: 1 / 0, "ZeroDivisionError"),
])
def test_exercise_3_wrong_answers(answer, hint):
    status, detail = verdict(check_exercise_3, answer)
    assert status == "wrong" and hint in detail, detail


def test_exercise_3_needs_a_function():
    status, detail = verdict(check_exercise_3, make_model())
    assert status == "wrong" and "the function itself" in detail
