"""Checks for the exercises of lesson 3, Backpropagation by hand.

Every expected value is computed here from the exercise's own numbers, with the rules
the lesson teaches, never written down as a literal; hints name the mistake, not the answer.
"""
import math

from checks import Wrong, exercise, is_number, require
from micrograd.pictures import close_enough

# The neuron of the lesson (its given inputs and parameters).
NEURON = {'x1': 2.0, 'x2': 0.0, 'w1': -3.0, 'w2': 1.0, 'bias': 6.8813735870195432}
NEURON_LABELS = ('x1', 'x2', 'w1', 'w2', 'bias')


def _close(x, y):
    return math.isclose(x, y, rel_tol=1e-9, abs_tol=1e-12)


def _near(x, y):
    """As close as a numerical estimate or a number rounded to a few decimals gets: the rule
    by which the lesson's backward stepper accepts a predicted gradient, kept there."""
    return close_enough(x, y)


def _numbers(answer, labels, what, verb="give"):
    """The learner's dict, checked to hold a number for every label."""
    require(isinstance(answer, dict),
            f"{verb} a dict that maps each label to its gradient, such as {{'{labels[0]}': ..., ...}}, "
            f"not a {type(answer).__name__}")
    missing = [label for label in labels if label not in answer]
    require(not missing, f"the dict has no gradient for {', '.join(map(repr, missing))}")
    extra = sorted(map(str, set(answer) - set(labels)))
    require(not extra, f"the dict has keys that are not values of {what}: {', '.join(extra)}")
    for label in labels:
        value = answer[label]
        if hasattr(value, 'grad') and hasattr(value, 'data'):
            raise Wrong(f"the gradient of {label} is a Value: give a number, its .grad")
        require(is_number(value), f"the gradient of {label} must be a number, not {value!r}")
    return answer


# Exercise 1: out = (x + y) * (z * w), backpropagated by hand.

EX1 = {'x': 3.0, 'y': -1.0, 'z': -2.0, 'w': 5.0}
EX1_LABELS = ('out', 'm', 'k', 'x', 'y', 'z', 'w')  # from the output backwards


def ex1_gradients(x, y, z, w):
    """d out / d v for every v of out = m * k, m = x + y, k = z * w: the lesson's rules."""
    m, k = x + y, z * w
    g = {'out': 1.0}
    g['m'] = g['out'] * k          # a * node gives each input the other input's value
    g['k'] = g['out'] * m
    g['x'] = g['m'] * 1.0          # a + node passes its gradient on unchanged
    g['y'] = g['m'] * 1.0
    g['z'] = g['k'] * w
    g['w'] = g['k'] * z
    return g


@exercise(1, section="One more step back: the chain rule")
def check_exercise_1(out_grads):
    given = _numbers(out_grads, EX1_LABELS, "this expression")
    want = ex1_gradients(**EX1)
    v = dict(EX1, m=EX1['x'] + EX1['y'], k=EX1['z'] * EX1['w'])
    # The mistakes a learner makes at each node, as the values they give.
    own_value = {'m': v['m'], 'k': v['k'], 'z': want['k'] * v['z'], 'w': want['k'] * v['w']}
    local_only = {'z': v['w'], 'w': v['z'], 'x': 1.0, 'y': 1.0}
    inputs = {'m': 'out', 'k': 'out', 'x': 'm', 'y': 'm', 'z': 'k', 'w': 'k'}
    wrong = [label for label in EX1_LABELS if not _close(given[label], want[label])]
    if wrong and all(_near(given[label], want[label]) for label in wrong):
        others = ", and so are others" if len(wrong) > 1 else ""
        raise Wrong(f"the gradient of {wrong[0]} is close but not exact{others}: that looks like a "
                    "numerical estimate or a rounded number. Work each gradient out by hand with the "
                    "backward rules, from out to the leaves: here they come out exact")
    for label in EX1_LABELS:  # the first wrong gradient from the output back explains the rest
        got = given[label]
        if _close(got, want[label]):
            continue
        if label == 'out':
            raise Wrong("start at the output: how much does out change when out itself moves by h?")
        node = inputs[label]
        if label in own_value and _close(got, own_value[label]):
            raise Wrong(f"the gradient of {label}: a * node gives each input the OTHER input's "
                        "value (times the gradient that arrived at the node), not the input's own")
        if label in local_only and _close(got, local_only[label]):
            raise Wrong(f"the gradient of {label} is only the local derivative of {node}: multiply it "
                        f"by the gradient that arrived at {node} (the chain rule)")
        if _close(got, -want[label]):
            raise Wrong(f"the gradient of {label} has the wrong sign")
        if label in ('x', 'y'):
            raise Wrong(f"the gradient of {label}: a + node passes the gradient that arrived at it "
                        "to each input unchanged")
        raise Wrong(f"the gradient of {label} is not right: it is the gradient of {node} times the "
                    f"local derivative of {node} with respect to {label}")


# Exercise 2: predict, then measure, the neuron's change under two nudges.

NUDGE_W1, NUDGE_BIAS = 0.02, -0.01


def neuron_output(x1, x2, w1, w2, bias):
    return math.tanh(x1 * w1 + x2 * w2 + bias)


def neuron_gradients(x1, x2, w1, w2, bias):
    """do/dv for the five leaves of o = tanh(x1*w1 + x2*w2 + bias), by the backward rules."""
    o = neuron_output(x1, x2, w1, w2, bias)
    dn = 1.0 - o * o               # tanh's local derivative, written with its output
    return {'x1': w1 * dn, 'x2': w2 * dn, 'w1': x1 * dn, 'w2': x2 * dn, 'bias': dn}


def _measured(w1_nudge, bias_nudge):
    p = dict(NEURON)
    before = neuron_output(**p)
    p['w1'] += w1_nudge
    p['bias'] += bias_nudge
    return neuron_output(**p) - before


@exercise(2, section="Using the gradients: one step uphill")
def check_exercise_2(predicted_change, measured_change):
    for name, value in (('predicted_change', predicted_change), ('measured_change', measured_change)):
        if hasattr(value, 'data'):
            raise Wrong(f"{name} is a Value: give a number (use .data or .grad)")
        require(is_number(value), f"{name} must be a number, not {value!r}")
    g = neuron_gradients(**NEURON)
    predicted = g['w1'] * NUDGE_W1 + g['bias'] * NUDGE_BIAS
    measured = _measured(NUDGE_W1, NUDGE_BIAS)
    p = predicted_change
    if not _close(p, predicted):
        if _close(p, measured):
            raise Wrong("predicted_change is the measured change: the prediction uses only the "
                        "gradients (each nudge times that value's gradient), no rebuilt neuron")
        if _close(p, g['w1'] * NUDGE_W1):
            raise Wrong("predicted_change leaves out the bias's share: both nudges move o")
        if _close(p, g['bias'] * NUDGE_BIAS):
            raise Wrong("predicted_change leaves out w1's share: both nudges move o")
        if _close(p, g['w1'] * NUDGE_W1 - g['bias'] * NUDGE_BIAS):
            raise Wrong("the bias goes DOWN by 0.01: its nudge is negative")
        if _close(p, NUDGE_W1 + NUDGE_BIAS):
            raise Wrong("multiply each nudge by the gradient of the value it nudges")
        if _close(p, g['x1'] * NUDGE_W1 + g['bias'] * NUDGE_BIAS):
            raise Wrong("that uses x1's gradient: the nudge is to the weight w1, so use w1.grad")
        raise Wrong("predicted_change is not (gradient of w1) x (w1's nudge) + "
                    "(gradient of the bias) x (the bias's nudge)")
    m = measured_change
    if not _close(m, measured):
        if _close(m, predicted):
            raise Wrong("measured_change equals your prediction: measure it by building the neuron "
                        "again with the nudged numbers and subtracting the old output")
        if _close(m, -measured):
            raise Wrong("measured_change has the wrong sign: the new output minus the old one")
        if _close(m, _measured(NUDGE_W1, 0.0)) or _close(m, _measured(0.0, NUDGE_BIAS)):
            raise Wrong("measured_change applies only one of the nudges: build one neuron with both")
        if _close(m, _measured(NUDGE_W1, -NUDGE_BIAS)):
            raise Wrong("in measured_change the bias went up: it goes DOWN by 0.01")
        if _near(m, measured):
            raise Wrong("measured_change is close, but not the number a rebuilt neuron gives: don't "
                        "round it or type in a printed number, compute it (the new output minus "
                        "the old one) and store the result")
        raise Wrong("measured_change is not the new output minus the old one, with w1 up by 0.02 "
                    "and the bias down by 0.01")
    bends = "larger" if predicted > measured else "smaller"
    return f"The prediction is a little {bends} than the change: tanh bends."


# Exercise 3: the neuron's gradients as a function of its inputs.

EX3_POINTS = [
    NEURON,
    {'x1': 1.5, 'x2': -0.5, 'w1': 0.8, 'w2': -2.0, 'bias': 0.3},
    {'x1': -1.0, 'x2': 2.0, 'w1': 0.5, 'w2': 0.25, 'bias': -0.7},
    {'x1': 0.0, 'x2': 3.0, 'w1': 2.0, 'w2': -0.4, 'bias': 0.1},
]


def _mistakes(x1, x2, w1, w2, bias):
    """Gradients as the common mistakes compute them, with the hint for each."""
    n = x1 * w1 + x2 * w2 + bias
    o = math.tanh(n)

    def grads(dn, own=False):
        if own:
            return {'x1': x1 * dn, 'x2': x2 * dn, 'w1': w1 * dn, 'w2': w2 * dn, 'bias': dn}
        return {'x1': w1 * dn, 'x2': w2 * dn, 'w1': x1 * dn, 'w2': x2 * dn, 'bias': dn}

    right = grads(1 - o * o)
    return [
        (grads(1.0), "the gradients leave out tanh: everything reaches the leaves through "
                     "o = tanh(n), so multiply by tanh's local derivative"),
        (grads(1 - n * n), "tanh's local derivative is written with its OUTPUT o, not its input n"),
        (grads(1 - o), "tanh's local derivative squares the output"),
        (grads(1 - o * o, own=True), "a * node gives each input the OTHER input's value: "
                                     "x1 gets w1's, w1 gets x1's"),
        ({k: -v for k, v in right.items()}, "every gradient has the wrong sign"),
    ]


@exercise(3, section="Backpropagating through the neuron")
def check_exercise_3(neuron_grads):
    require(callable(neuron_grads), "pass the function itself: check_exercise_3(neuron_grads)")
    for point in EX3_POINTS:
        # by position, in the task's order, so the learner may name the parameters as they like
        got = neuron_grads(*(point[label] for label in NEURON_LABELS))
        at = ", ".join(f"{k}={v}" for k, v in point.items())
        got = _numbers(got, NEURON_LABELS, "the neuron", verb="neuron_grads must return")
        want = neuron_gradients(**point)
        wrong = [k for k in NEURON_LABELS
                 if not math.isclose(got[k], want[k], rel_tol=1e-12, abs_tol=1e-15)]
        if not wrong:
            continue
        for values, hint in _mistakes(**point):
            if all(_close(got[k], values[k]) for k in NEURON_LABELS):
                raise Wrong(f"at ({at}): {hint}")
        if all(math.isclose(got[k], want[k], rel_tol=1e-5, abs_tol=1e-7) for k in NEURON_LABELS):
            raise Wrong(f"at ({at}) the gradients are close but not exact: that looks like a "
                        "numerical estimate. Compute them with the local derivatives, as the lesson does")
        if point is not NEURON and all(
                _close(got[k], v) for k, v in neuron_gradients(**NEURON).items()):
            raise Wrong(f"at ({at}) you return the lesson's neuron's gradients: compute them from "
                        "the arguments")
        raise Wrong(f"at ({at}) the gradient of {wrong[0]} is not right "
                    f"({len(wrong)} of 5 differ): backpropagate o -> n -> the products -> the leaves")
