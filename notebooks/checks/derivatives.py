"""Checks for the exercises of lesson 1, Derivatives, numerically.

Each check computes what it expects from the exercise's own definitions (repeated here,
so the lesson's globals cannot change them) and recognises the common mistakes, each
with its own hint. No hint contains the expected answer.
"""
import math

from checks import Wrong, exercise, is_number, require


def _close(answer, expected, rel=1e-9):
    """Equal up to the last few digits of floating-point rounding."""
    return math.isclose(answer, expected, rel_tol=rel, abs_tol=1e-12)


def _number(answer, what):
    if hasattr(answer, "data") and not isinstance(answer, (int, float)):
        raise Wrong(f"{what} should be a plain number, not a {type(answer).__name__}: use its .data")
    require(not isinstance(answer, bool) and isinstance(answer, (int, float)),
            f"{what} should be a number (a float), not a {type(answer).__name__}")
    require(is_number(answer), f"{what} is {answer}, not a finite number: check for a division by zero")


# Exercise 1: the forward difference of q(x) = x**4 - 2x at x = 2 with h = 0.001.

def _q(x):
    return x**4 - 2 * x


Q_POINT, Q_STEP = 2.0, 0.001


@exercise(1, section="The slope as a ratio of nudges")
def check_exercise_1(slope):
    _number(slope, "slope")
    x, h = Q_POINT, Q_STEP
    expected = (_q(x + h) - _q(x)) / h
    if _close(slope, expected):
        return ("The estimate overshoots the exact slope: q curves upward, so over a step to the "
                "right it rises faster than its slope at 2.")
    exact = 4 * x**3 - 2
    mistakes = [
        (exact, "That is the exact derivative q'(2), worked out by hand; the task asks for the "
                "forward-difference estimate with h = 0.001, which differs from it by the truncation error."),
        ((_q(x + 0.0001) - _q(x)) / 0.0001,
         "That is the estimate with h = 0.0001, forward_diff's default: pass h=0.001."),
        ((_q(x + h) - _q(x - h)) / (2 * h),
         "That is the central difference (a step to each side); the task asks for the forward difference."),
        ((_q(x) - _q(x - h)) / h,
         "That steps to the left of 2 (a backward difference); the forward difference steps to the right: q(2 + h)."),
        ((_q(x) - _q(x + h)) / h, "The sign is flipped: subtract q(2) from q(2 + h), not the other way round."),
        (_q(x + h) - _q(x), "That is the change in q; divide it by the step h to get a slope."),
        (_q(x), "That is the value q(2), not a slope."),
        (_q(x + h), "That is the value q(2 + h), not a slope: subtract q(2) and divide by h."),
    ]
    for value, hint in mistakes:
        if _close(slope, value):
            raise Wrong(hint)
    if _close(slope, expected, rel=1e-3):
        raise Wrong("Close, but not the forward difference with h = 0.001 computed in floating point: "
                    "compute (q(2 + h) - q(2)) / h with h = 0.001, not a rounded or hand-computed value.")
    raise Wrong("That is not the forward difference of q at x = 2: evaluate q at 2 + h and at 2 "
                "with h = 0.001, subtract, and divide by h.")


# Exercise 2: the partial derivatives of e = a*b*c + b at a = 2, b = -3, c = 10.

def _e(a, b, c):
    return a * b * c + b


E_INPUTS = (2.0, -3.0, 10.0)
E_STEP = 0.0001


@exercise(2, section="Several inputs")
def check_exercise_2(de_da, de_db, de_dc):
    answers = {"de_da": de_da, "de_db": de_db, "de_dc": de_dc}
    for name, value in answers.items():
        _number(value, name)
    a, b, c = E_INPUTS
    h = E_STEP
    base = _e(a, b, c)
    # e is linear in each input on its own, so a forward difference equals the exact partial
    # derivative up to rounding: about 1e-11 here. The tolerance 1e-6 admits any h up to 1e-4
    # and every order of evaluation, and rejects each mistake below by orders of magnitude.
    expected = {"de_da": (_e(a + h, b, c) - base) / h,
                "de_db": (_e(a, b + h, c) - base) / h,
                "de_dc": (_e(a, b, c + h) - base) / h}

    def close(x, y):
        return math.isclose(x, y, rel_tol=0, abs_tol=1e-6)

    if all(close(answers[n], expected[n]) for n in answers):
        return "Each slope is the product of the other factors, plus 1 for b's own term."
    given, wanted = sorted(answers.values()), sorted(expected.values())
    if all(close(x, y) for x, y in zip(given, wanted)):
        raise Wrong("The three numbers are right but not in the order asked: "
                    "de_da (nudge a), de_db (nudge b), de_dc (nudge c).")
    if all(close(answers[n], expected[n] * h) for n in answers):
        raise Wrong("These are the changes in e; divide each by the step h to get slopes.")
    if all(close(answers[n], v) for n, v in zip(answers, (b, a, 1.0))):
        raise Wrong("These are the partial derivatives of the lesson's d = a*b + c, not of this "
                    "exercise's e = a*b*c + b: here c is a third factor of the product, and b is "
                    "also added on its own.")
    if any(close(value, base) for value in answers.values()):
        raise Wrong("One answer is the value of e itself, not a slope: nudge an input, "
                    "subtract e, divide by h.")
    hints = []
    for name, other in (("de_da", "b and c"), ("de_db", "a and c"), ("de_dc", "a and b")):
        if close(answers[name], expected[name]):
            continue
        if close(answers[name], -expected[name]):
            hints.append(f"{name} has the wrong sign: subtract e at the old inputs from e at the nudged ones.")
        elif name == "de_db" and close(de_db, a * c):
            hints.append("de_db misses one term: b appears twice in e, in the product and added on its "
                         "own, and each appearance contributes to the slope.")
        elif name == "de_db" and close(de_db, 1.0):
            hints.append("de_db counts only b's own term: b is also a factor of the product a*b*c.")
        else:
            hints.append(f"{name} is off: {name[-1]} is a factor of the product a*b*c, so nudging it by h "
                         f"changes the product by h times the other factors, {other}.")
    raise Wrong(" ".join(hints))


# Exercise 3: nudge_each(fn, inputs, h), the forward difference for every input.

def _nudge_each(fn, inputs, h):
    base = fn(*inputs)
    slopes = []
    for i in range(len(inputs)):
        nudged = list(inputs)
        nudged[i] = nudged[i] + h
        slopes.append((fn(*nudged) - base) / h)
    return slopes


def _cases():
    """(function, inputs, h, description) pairs, including ones the task did not show."""
    return [
        (lambda a, b, c: a * b + c, [2.0, -3.0, 10.0], 0.0001, "a*b + c at (2, -3, 10)"),
        (lambda a, b, c: a * b * c + b, [2.0, -3.0, 10.0], 0.0001, "a*b*c + b at (2, -3, 10)"),
        (lambda x, y: x**2 * y - 3 * y, [1.5, -2.0], 0.001, "x**2*y - 3y at (1.5, -2) with h = 0.001"),
        (lambda x: math.sin(x), [0.5], 1e-5, "sin(x) at 0.5 with h = 1e-5"),
        (lambda p, q, r, s: p * q - r * s + p**3, [1.0, 2.0, 3.0, 4.0], 0.01,
         "p*q - r*s + p**3 at (1, 2, 3, 4) with h = 0.01"),
    ]


@exercise(3, section="Several inputs")
def check_exercise_3(nudge_each):
    require(callable(nudge_each), f"nudge_each should be a function, not a {type(nudge_each).__name__}")
    for fn, inputs, h, described in _cases():
        given = list(inputs)
        count = "one input" if len(inputs) == 1 else f"{len(inputs)} inputs"
        called = f"nudge_each on {described}, with {count}, {inputs},"
        try:
            result = nudge_each(fn, given, h)
        except NotImplementedError:
            raise
        except TypeError as error:
            raise Wrong(f"Calling {called} raised TypeError ({error}). Call fn with the inputs as "
                        "separate arguments, fn(*inputs), and return a list.") from None
        except Exception as error:
            more = (" Your function must work for any number of inputs: loop over range(len(inputs))."
                    if isinstance(error, (ValueError, IndexError)) else "")
            raise Wrong(f"Calling {called} raised {type(error).__name__} ({error}).{more}") from None
        if given != inputs:
            restored = len(given) == len(inputs) and all(
                is_number(g) and abs(g - v) < h / 2 for g, v in zip(given, inputs))
            why = (" Adding h and subtracting it again does not always give back the same float "
                   "(4.0 + 1e-4 - 1e-4 is 3.9999999999999996)." if restored else "")
            raise Wrong(f"Your function changed the list of inputs it was given: for {described}, "
                        f"{inputs} came back as {given}.{why} Nudge a copy, list(inputs), and leave "
                        "the caller's list alone.")
        require(result is not None, f"For {described} nudge_each returned None: end it with "
                                    "return and the list of estimates (printing them is not returning them).")
        require(isinstance(result, (list, tuple)),
                f"nudge_each should return a list of numbers, not a {type(result).__name__}")
        require(len(result) == len(inputs), f"For {described} nudge_each returned {len(result)} "
                                            f"estimates for {len(inputs)} inputs: give one per input.")
        for r in result:
            _number(r, "every estimate")
        expected = _nudge_each(fn, inputs, h)
        if all(_close(r, e, rel=1e-7) for r, e in zip(result, expected)):
            continue
        base = fn(*inputs)
        central = [(fn(*[v + h * (j == i) for j, v in enumerate(inputs)])
                    - fn(*[v - h * (j == i) for j, v in enumerate(inputs)])) / (2 * h)
                   for i in range(len(inputs))]
        all_at_once = (fn(*[v + h for v in inputs]) - base) / h
        default_step = _nudge_each(fn, inputs, 0.0001)
        if all(_close(r, e * h, rel=1e-7) for r, e in zip(result, expected)):
            raise Wrong(f"For {described} you returned the changes in fn: divide each by h.")
        if all(_close(r, -e, rel=1e-7) for r, e in zip(result, expected)):
            raise Wrong("The signs are flipped: subtract fn at the inputs from fn at the nudged inputs.")
        if len(inputs) > 1 and all(_close(r, all_at_once, rel=1e-7) for r in result):
            raise Wrong(f"For {described} every estimate is the same: you nudged all inputs at once. "
                        "Nudge one input at a time, the others keeping their values.")
        if h != 0.0001 and all(_close(r, e, rel=1e-7) for r, e in zip(result, default_step)):
            raise Wrong(f"For {described} your estimates use a step of 0.0001, not the h passed in: "
                        "use the argument h.")
        if all(_close(r, e, rel=1e-7) for r, e in zip(result, central)):
            raise Wrong("These are central differences; the task asks for forward differences: "
                        "(fn at the nudged inputs - fn at the inputs) / h.")
        piled_up = [(fn(*[v + h * (j <= i) for j, v in enumerate(inputs)]) - base) / h
                    for i in range(len(inputs))]
        if len(inputs) > 1 and all(_close(r, e, rel=1e-7) for r, e in zip(result, piled_up)):
            raise Wrong(f"For {described} the nudges pile up: each input stays nudged while the next "
                        "one is nudged. Start every estimate from a fresh copy of the inputs.")
        wrong_at = next(i for i, (r, e) in enumerate(zip(result, expected)) if not _close(r, e, rel=1e-7))
        raise Wrong(f"For {described} the estimate for input {wrong_at + 1} is not the forward "
                    "difference: nudge that input alone by h, evaluate fn, subtract fn at the "
                    "original inputs, and divide by h.")
