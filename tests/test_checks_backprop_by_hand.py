"""The checks of lesson 3's exercises: placeholders, worked solutions, and every known mistake."""
import math
import re

import pytest
from conftest import verdict

from checks.backprop_by_hand import (NEURON, check_exercise_1, check_exercise_2,
                                     check_exercise_3)

# ---- Exercise 1: out = (x + y) * (z * w) at x = 3, y = -1, z = -2, w = 5

SOLVED_1 = {'out': 1.0, 'm': -10.0, 'k': 2.0, 'x': -10.0, 'y': -10.0, 'z': 10.0, 'w': -4.0}


def with_(answer, **changes):
    return {**answer, **changes}


def test_exercise_1_placeholder_and_solution():
    assert verdict(check_exercise_1, ...)[0] == "not attempted yet"
    assert verdict(check_exercise_1, SOLVED_1) == ("solved", "")


@pytest.mark.parametrize("answer, hint", [
    ([1.0, -10.0], "give a dict"),
    ({'out': 1.0}, "no gradient for 'm'"),
    (with_(SOLVED_1, v=0.0), "not values of this expression"),
    (with_(SOLVED_1, x='-10'), "must be a number"),
    (with_(SOLVED_1, out=0.0), "start at the output"),
    (with_(SOLVED_1, m=2.0, k=-10.0), "OTHER input's value"),      # swapped: own values
    (with_(SOLVED_1, z=-4.0, w=10.0), "OTHER input's value"),
    (with_(SOLVED_1, z=5.0, w=-2.0), "only the local derivative of k"),  # chain rule forgotten
    (with_(SOLVED_1, x=1.0, y=1.0), "only the local derivative of m"),
    (with_(SOLVED_1, z=-10.0), "wrong sign"),
    (with_(SOLVED_1, x=-5.0, y=-5.0), "a + node passes the gradient"),  # split between inputs
    (with_(SOLVED_1, w=3.0), "gradient of k times the local derivative"),
])
def test_exercise_1_mistakes(answer, hint):
    status, detail = verdict(check_exercise_1, answer)
    assert status == "wrong" and hint in detail, detail
    if hint != "must be a number":              # that hint repeats the learner's own value
        assert not re.search(r"\d", detail), "a hint never shows a gradient"


@pytest.mark.parametrize("answer, first", [
    (with_(SOLVED_1, out=1.0000001), "out"),                          # was: "start at the output"
    ({k: v * (1 + 1e-7) for k, v in SOLVED_1.items()}, "out"),        # every one a nudge estimate
    (with_(SOLVED_1, z=10.00001, w=-3.99998), "z"),
])
def test_exercise_1_a_numerical_estimate_gets_the_numerical_hint(answer, first):
    status, detail = verdict(check_exercise_1, answer)
    assert status == "wrong" and f"gradient of {first} is close but not exact" in detail, detail
    assert "numerical estimate" in detail and "start at the output" not in detail
    assert not re.search(r"\d", detail), "a hint never shows a gradient"


def test_exercise_1_a_value_instead_of_a_number():
    class FakeValue:
        data, grad = -10.0, -10.0
    status, detail = verdict(check_exercise_1, with_(SOLVED_1, x=FakeValue()))
    assert status == "wrong" and "its .grad" in detail


# ---- Exercise 2: w1 up by 0.02, bias down by 0.01

def neuron_o(**changes):
    p = {**NEURON, **changes}
    return math.tanh(p['x1'] * p['w1'] + p['x2'] * p['w2'] + p['bias'])


O = neuron_o()
GRAD_N = 1 - O * O
PREDICTED = 2.0 * GRAD_N * 0.02 + GRAD_N * -0.01     # w1.grad = x1 * grad_n, bias.grad = grad_n
MEASURED = neuron_o(w1=-3.0 + 0.02, bias=NEURON['bias'] - 0.01) - O


def test_exercise_2_placeholder_and_solution():
    assert verdict(check_exercise_2, ..., ...)[0] == "not attempted yet"
    assert verdict(check_exercise_2, PREDICTED, ...)[0] == "not attempted yet"
    status, detail = verdict(check_exercise_2, PREDICTED, MEASURED)
    assert status == "solved"
    # the lesson's own gradients, rounded in the last digits, are accepted
    assert verdict(check_exercise_2, 0.9999999999999996 * 0.02 + 0.4999999999999998 * -0.01,
                   MEASURED)[0] == "solved"


@pytest.mark.parametrize("predicted, measured, hint", [
    (MEASURED, MEASURED, "predicted_change is the measured change"),
    (2 * GRAD_N * 0.02, MEASURED, "leaves out the bias's share"),
    (GRAD_N * -0.01, MEASURED, "leaves out w1's share"),
    (2 * GRAD_N * 0.02 + GRAD_N * 0.01, MEASURED, "goes DOWN"),
    (0.02 - 0.01, MEASURED, "multiply each nudge by the gradient"),
    (-3.0 * GRAD_N * 0.02 + GRAD_N * -0.01, MEASURED, "x1's gradient"),
    (0.0123, MEASURED, "is not (gradient of w1)"),
    (PREDICTED, PREDICTED, "measured_change equals your prediction"),
    (PREDICTED, -MEASURED, "wrong sign"),
    (PREDICTED, neuron_o(w1=-3.0 + 0.02) - O, "only one of the nudges"),
    (PREDICTED, neuron_o(bias=NEURON['bias'] - 0.01) - O, "only one of the nudges"),
    (PREDICTED, neuron_o(w1=-3.0 + 0.02, bias=NEURON['bias'] + 0.01) - O, "the bias went up"),
    (PREDICTED, 0.0123, "is not the new output minus the old one"),
])
def test_exercise_2_mistakes(predicted, measured, hint):
    status, detail = verdict(check_exercise_2, predicted, measured)
    assert status == "wrong" and hint in detail, detail
    for number in (PREDICTED, MEASURED):
        assert f"{number:.3f}" not in detail and f"{number:.4g}" not in detail


@pytest.mark.parametrize("typed", [round(MEASURED, 6), round(MEASURED, 5), round(MEASURED, 4)])
def test_exercise_2_a_printed_rounded_measurement_is_told_to_compute_it(typed):
    """The worked solution prints the change to 6 decimals; typing that in is not measuring."""
    status, detail = verdict(check_exercise_2, PREDICTED, typed)
    assert status == "wrong" and "don't round it" in detail and "compute it" in detail, detail
    assert f"{MEASURED:.6f}" not in detail


def test_exercise_2_the_old_tolerance_gap_is_closed():
    """The old check accepted anything within 1e-3 of the change, 10 % of the answer."""
    assert verdict(check_exercise_2, PREDICTED + 5e-4, MEASURED)[0] == "wrong"
    assert verdict(check_exercise_2, PREDICTED, MEASURED - 5e-4)[0] == "wrong"


def test_exercise_2_types():
    class FakeValue:
        data = grad = 0.0
    assert "is a Value" in verdict(check_exercise_2, FakeValue(), MEASURED)[1]
    assert "must be a number" in verdict(check_exercise_2, PREDICTED, "0.0147")[1]


# ---- Exercise 3: neuron_grads(x1, x2, w1, w2, bias)

def solution(x1, x2, w1, w2, bias):
    o = math.tanh(x1 * w1 + x2 * w2 + bias)
    g = 1 - o ** 2
    return {'x1': w1 * g, 'w1': x1 * g, 'x2': w2 * g, 'w2': x2 * g, 'bias': g}


def test_exercise_3_placeholder_and_solution():
    def placeholder(x1, x2, w1, w2, bias):
        raise NotImplementedError("write the body")
    assert verdict(check_exercise_3, placeholder)[0] == "not attempted yet"
    assert verdict(check_exercise_3, solution) == ("solved", "")


def test_exercise_3_a_solution_built_with_values_is_accepted():
    """Backpropagating with Value objects gives the same numbers as plain floats."""
    def with_values(x1, x2, w1, w2, bias):
        n = x1 * w1 + x2 * w2 + bias
        o = math.tanh(n)
        grad_n = 1.0 * (1 - o ** 2)
        s_grad = grad_n
        return {'x1': w1 * s_grad, 'w1': x1 * s_grad, 'x2': w2 * s_grad, 'w2': x2 * s_grad,
                'bias': grad_n}
    assert verdict(check_exercise_3, with_values)[0] == "solved"


def mistake(kind):
    def grads(x1, x2, w1, w2, bias):
        n = x1 * w1 + x2 * w2 + bias
        o = math.tanh(n)
        g = {'no tanh': 1.0, 'input': 1 - n * n, 'unsquared': 1 - o}.get(kind, 1 - o * o)
        if kind == 'own':
            return {'x1': x1 * g, 'w1': w1 * g, 'x2': x2 * g, 'w2': w2 * g, 'bias': g}
        right = {'x1': w1 * g, 'w1': x1 * g, 'x2': w2 * g, 'w2': x2 * g, 'bias': g}
        if kind == 'sign':
            return {k: -v for k, v in right.items()}
        if kind == 'numerical':
            h = 1e-7
            base = math.tanh(n)
            return {k: (math.tanh(sum([x1 * w1, x2 * w2, bias])
                                  + h * {'x1': w1, 'w1': x1, 'x2': w2, 'w2': x2, 'bias': 1}[k]) - base) / h
                    for k in right}
        if kind == 'lesson':
            return solution(**NEURON)
        if kind == 'bias':
            return {**right, 'bias': 1.0}
        if kind == 'list':
            return list(right.values())
        if kind == 'keys':
            return {k if k != 'bias' else 'b': v for k, v in right.items()}
        return right
    return grads


@pytest.mark.parametrize("kind, hint", [
    ('no tanh', "leave out tanh"),
    ('input', "with its OUTPUT o, not its input n"),
    ('unsquared', "squares the output"),
    ('own', "OTHER input's value"),
    ('sign', "wrong sign"),
    ('numerical', "looks like a numerical estimate"),
    ('lesson', "you return the lesson's neuron's gradients"),
    ('bias', "the gradient of bias is not right"),
    ('list', "neuron_grads must return a dict"),
    ('keys', "no gradient for 'bias'"),
])
def test_exercise_3_mistakes(kind, hint):
    status, detail = verdict(check_exercise_3, mistake(kind))
    assert status == "wrong" and hint in detail, detail


def test_exercise_3_the_parameters_may_have_other_names():
    """The check calls neuron_grads by position: naming the bias b (or anything) is fine."""
    def renamed(x_1, x_2, weight_1, weight_2, b):
        return solution(x_1, x_2, weight_1, weight_2, b)
    assert verdict(check_exercise_3, renamed) == ("solved", "")


def test_exercise_3_an_error_in_the_learners_code_is_a_wrong_answer():
    def broken(x1, x2, w1, w2, bias):
        return {'x1': w1 / x2}
    status, detail = verdict(check_exercise_3, broken)
    assert status == "wrong" and "ZeroDivisionError" in detail
    assert verdict(check_exercise_3, "neuron_grads")[1].startswith("pass the function")
