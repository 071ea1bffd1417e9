"""The checks of lesson 1's exercises (notebooks/checks/derivatives.py): the placeholder is
"not attempted yet", the worked solution is "solved", every known mistake is "wrong" with its
own hint, and no hint gives the answer away."""
import math

import pytest
from conftest import verdict

from checks.derivatives import check_exercise_1, check_exercise_2, check_exercise_3


def q(x):
    return x**4 - 2 * x


def forward(fn, x, h):
    return (fn(x + h) - fn(x)) / h


SLOPE = forward(q, 2.0, 0.001)  # the worked solution's answer to exercise 1


def assert_no_answer_in(detail, *answers):
    """A hint never contains an expected answer, in any of the usual spellings."""
    for answer in answers:
        for text in {repr(answer), str(answer), f"{answer:g}", f"{answer:.2f}", f"{answer:.3f}",
                     f"{answer:.4f}", str(round(answer))}:
            assert text not in detail, f"hint {detail!r} contains the answer {text}"


def test_exercise_1_placeholder_solution_and_type_errors():
    assert verdict(check_exercise_1, ...)[0] == "not attempted yet"
    assert verdict(check_exercise_1, SLOPE)[0] == "solved"
    assert verdict(check_exercise_1, forward(lambda x: x * x * x * x - 2 * x, 2.0, 0.001))[0] == "solved"
    status, detail = verdict(check_exercise_1, "30.02")
    assert status == "wrong" and "number" in detail
    status, detail = verdict(check_exercise_1, math.nan)
    assert status == "wrong" and "finite" in detail


@pytest.mark.parametrize("answer, hint", [
    (30.0, "exact derivative"),                                          # the gap: 0.01 from exact passed
    (4 * 2.0**3 - 2 + 0.005, "not the forward difference"),             # near the exact slope, not the estimate
    (forward(q, 2.0, 0.0001), "forward_diff's default"),
    ((q(2.001) - q(1.999)) / 0.002, "central difference"),
    ((q(2.0) - q(1.999)) / 0.001, "steps to the left"),
    ((q(2.0) - q(2.001)) / 0.001, "sign is flipped"),
    (q(2.001) - q(2.0), "divide it by the step"),
    (q(2.0), "the value q(2)"),
    (q(2.001), "the value q(2 + h)"),
    (round(SLOPE, 3), "rounded"),
    (forward(q, 1.5, 0.001), "not the forward difference"),
])
def test_exercise_1_known_mistakes(answer, hint):
    status, detail = verdict(check_exercise_1, answer)
    assert status == "wrong" and hint in detail, detail
    assert_no_answer_in(detail, SLOPE, 30.0)


def partials(h=0.0001):
    def e(a, b, c):
        return a * b * c + b
    base = e(2.0, -3.0, 10.0)
    return ((e(2.0 + h, -3.0, 10.0) - base) / h, (e(2.0, -3.0 + h, 10.0) - base) / h,
            (e(2.0, -3.0, 10.0 + h) - base) / h)


def test_exercise_2_placeholder_solution_and_type_errors():
    assert verdict(check_exercise_2, ..., ..., ...)[0] == "not attempted yet"
    assert verdict(check_exercise_2, -30.0, ..., -6.0)[0] == "not attempted yet"
    assert verdict(check_exercise_2, *partials())[0] == "solved"
    assert verdict(check_exercise_2, -30, 21, -6)[0] == "solved"  # the rules give the same numbers
    status, detail = verdict(check_exercise_2, -30.0, [21.0], -6.0)
    assert status == "wrong" and "de_db should be a number" in detail


@pytest.mark.parametrize("answers, hint", [
    ((21.0, -30.0, -6.0), "not in the order asked"),
    ((-30.0, 20.0, -6.0), "misses one term"),                   # forgot b's own term
    ((-30.0, 1.0, -6.0), "only b's own term"),
    ((30.0, 21.0, -6.0), "de_da has the wrong sign"),
    ((-30.0, 21.0, 6.0), "de_dc has the wrong sign"),
    ((-30.0 * 1e-4, 21.0 * 1e-4, -6.0 * 1e-4), "changes in e"),
    ((-63.0, 21.0, -6.0), "value of e itself"),
    ((-3.0, 21.0, -6.0), "de_da is off"),
    ((-30.0, 21.0, -60.0), "de_dc is off"),
])
def test_exercise_2_known_mistakes(answers, hint):
    status, detail = verdict(check_exercise_2, *answers)
    assert status == "wrong" and hint in detail, detail
    assert_no_answer_in(detail, -30.0, 21.0, -6.0)


def test_exercise_2_the_partials_of_the_lessons_d_get_their_own_hint():
    """-3, 2, 1 are the partials of d = a*b + c from the lesson, not of e."""
    status, detail = verdict(check_exercise_2, -3.0, 2.0, 1.0)
    assert status == "wrong" and "lesson's d = a*b + c" in detail, detail
    assert_no_answer_in(detail, -30.0, 21.0, -6.0)


def test_exercise_2_each_hint_names_the_input_it_is_about():
    """The hint for de_da speaks of a, not of the 'd' in its name (it did: name[3] of 'de_da')."""
    status, detail = verdict(check_exercise_2, -3.0, 21.0, 1.0)
    assert status == "wrong", detail
    assert "de_da is off: a is a factor" in detail and "de_dc is off: c is a factor" in detail
    assert "d is a factor" not in detail and "e is a factor" not in detail
    status, detail = verdict(check_exercise_2, -30.0, 2.0, -6.0)
    assert "de_db is off: b is a factor" in detail, detail


def test_exercise_2_hints_name_each_wrong_partial_only():
    status, detail = verdict(check_exercise_2, -30.0, 5.0, -7.0)
    assert status == "wrong" and "de_db" in detail and "de_dc" in detail and "de_da" not in detail


def solution(fn, inputs, h=0.0001):
    base = fn(*inputs)
    slopes = []
    for i in range(len(inputs)):
        nudged = list(inputs)
        nudged[i] = nudged[i] + h
        slopes.append((fn(*nudged) - base) / h)
    return slopes


def placeholder(fn, inputs, h=0.0001):
    raise NotImplementedError("write the body")


def in_place(fn, inputs, h=0.0001):          # nudges the caller's list and never puts it back
    base = fn(*inputs)
    slopes = []
    for i in range(len(inputs)):
        inputs[i] += h
        slopes.append((fn(*inputs) - base) / h)
    return slopes


def piled_up(fn, inputs, h=0.0001):           # one copy for all: the nudges accumulate
    base, nudged, slopes = fn(*inputs), list(inputs), []
    for i in range(len(inputs)):
        nudged[i] += h
        slopes.append((fn(*nudged) - base) / h)
    return slopes


def all_at_once(fn, inputs, h=0.0001):
    slope = (fn(*[v + h for v in inputs]) - fn(*inputs)) / h
    return [slope] * len(inputs)


def fixed_step(fn, inputs, h=0.0001):         # ignores the h it is given
    return solution(fn, inputs, 0.0001)


def central(fn, inputs, h=0.0001):
    def shifted(i, s):
        return [v + s * (j == i) for j, v in enumerate(inputs)]
    return [(fn(*shifted(i, h)) - fn(*shifted(i, -h))) / (2 * h) for i in range(len(inputs))]


def changes(fn, inputs, h=0.0001):
    return [s * h for s in solution(fn, inputs, h)]


def flipped(fn, inputs, h=0.0001):
    return [-s for s in solution(fn, inputs, h)]


def unpacked_wrong(fn, inputs, h=0.0001):     # calls fn(list) instead of fn(*list)
    return [(fn(inputs) - fn(inputs)) / h]


def generator(fn, inputs, h=0.0001):
    return (s for s in solution(fn, inputs, h))


def too_few(fn, inputs, h=0.0001):
    return solution(fn, inputs, h)[:1]


def last_wrong(fn, inputs, h=0.0001):
    result = solution(fn, inputs, h)
    result[-1] += 1
    return result


def nudged_and_restored(fn, inputs, h=0.0001):  # in place, then h subtracted again
    base = fn(*inputs)
    slopes = []
    for i in range(len(inputs)):
        inputs[i] += h
        slopes.append((fn(*inputs) - base) / h)
        inputs[i] -= h
    return slopes


def three_inputs_only(fn, inputs, h=0.0001):   # hard-wired to a, b, c
    a, b, c = inputs
    base = fn(a, b, c)
    return [(fn(a + h, b, c) - base) / h, (fn(a, b + h, c) - base) / h, (fn(a, b, c + h) - base) / h]


def by_index(fn, inputs, h=0.0001):            # reads inputs[0], [1] and [2] whatever their number
    x, y, z = inputs[0], inputs[1], inputs[2]
    base = fn(x, y, z)
    return [(fn(x + h, y, z) - base) / h, (fn(x, y + h, z) - base) / h, (fn(x, y, z + h) - base) / h]


def broken(fn, inputs, h=0.0001):
    return [1 / 0]


def no_return(fn, inputs, h=0.0001):           # computes the estimates and forgets to return them
    solution(fn, inputs, h)


def test_exercise_3_restoring_the_list_by_subtracting_h_is_explained():
    status, detail = verdict(check_exercise_3, nudged_and_restored)
    assert status == "wrong" and "changed the list of inputs" in detail, detail
    assert "[0.5] came back as [0.49999999999999994]" in detail                    # which list, how
    assert "4.0 + 1e-4 - 1e-4 is 3.9999999999999996" in detail                     # why
    status, detail = verdict(check_exercise_3, in_place)         # never restored: no float lesson
    assert status == "wrong" and "came back as" in detail and "subtracting" not in detail, detail


@pytest.mark.parametrize("answer, error", [(three_inputs_only, "ValueError"), (by_index, "IndexError")])
def test_exercise_3_code_for_three_inputs_only_is_told_which_inputs_it_was_given(answer, error):
    status, detail = verdict(check_exercise_3, answer)
    assert status == "wrong" and f"raised {error}" in detail, detail
    assert "with 2 inputs, [1.5, -2.0]" in detail and "any number of inputs" in detail


def test_exercise_3_another_error_names_the_case_and_the_error():
    status, detail = verdict(check_exercise_3, broken)
    assert status == "wrong" and "raised ZeroDivisionError" in detail, detail
    assert "with 3 inputs, [2.0, -3.0, 10.0]" in detail and "any number" not in detail


def test_exercise_3_placeholder_and_solution():
    assert verdict(check_exercise_3, placeholder)[0] == "not attempted yet"
    assert verdict(check_exercise_3, solution)[0] == "solved"
    status, detail = verdict(check_exercise_3, ...)
    assert status == "not attempted yet"
    status, detail = verdict(check_exercise_3, 3.0)
    assert status == "wrong" and "should be a function" in detail


@pytest.mark.parametrize("answer, hint", [
    (in_place, "changed the list of inputs"),
    (piled_up, "pile up"),
    (all_at_once, "nudged all inputs at once"),
    (fixed_step, "not the h passed in"),
    (central, "central differences"),
    (changes, "divide each by h"),
    (flipped, "signs are flipped"),
    (unpacked_wrong, "fn(*inputs)"),
    (generator, "return a list"),
    (no_return, "returned None: end it with return"),
    (too_few, "give one per input"),
    (last_wrong, "estimate for input 3"),
])
def test_exercise_3_known_mistakes(answer, hint):
    status, detail = verdict(check_exercise_3, answer)
    assert status == "wrong" and hint in detail, detail


@pytest.mark.parametrize("check", [check_exercise_1, check_exercise_2, check_exercise_3])
def test_not_attempted_yet_names_the_section_that_teaches_what_it_needs(check):
    status, detail = verdict(check, ...)
    assert status == "not attempted yet"
    assert f'The section "{check.section}" teaches what it needs.' in detail
