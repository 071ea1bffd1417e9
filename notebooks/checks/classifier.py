"""Checks for the exercises of lesson 11, "A real classifier" (notebooks/11_classifier.ipynb).

Every expected value is computed here, with the lesson's own functions from
micrograd.classifier and our engine; none is written down, and no hint prints one.
"""
import math
import random

import numpy as np

from checks import Wrong, exercise, is_number, require

SEED = 0  # the lesson's seed, for the data, the weights and the batches


def _close(got, want, rel=1e-9):
    return math.isclose(got, want, rel_tol=rel, abs_tol=1e-12)


def _number(x, name):
    if isinstance(x, (np.integer, np.floating)):      # a number computed with numpy
        x = x.item()
    if type(x).__name__ == "Value":
        raise Wrong(f"{name} is a Value: give the plain number (its .data)")
    require(is_number(x), f"{name} should be a number, not {type(x).__name__}")
    return float(x)


# --- Exercise 1: margins, hinge and accuracy by hand ------------------------------------

EX1_SCORES = [2.5, -0.4, 0.6, -1.0, 0.0, 0.3]
EX1_LABELS = [1, 1, 1, -1, -1, -1]


def _ex1_truth():
    """Each point's hinge and whether it pulls, by our engine; the accuracy by the lesson's."""
    from micrograd import Value
    from micrograd.classifier import accuracy
    hinge, pulling = [], []
    for i, (s, y) in enumerate(zip(EX1_SCORES, EX1_LABELS)):
        score = Value(s)
        loss = (1 - y * score).relu()
        loss.backward()
        hinge.append(loss.data)
        if score.grad != 0:
            pulling.append(i)
    return hinge, pulling, accuracy(EX1_SCORES, EX1_LABELS)


@exercise(1, section="The max-margin (hinge) loss")
def check_exercise_1(hinge, mean_hinge, pulling, acc):
    want_hinge, want_pulling, want_acc = _ex1_truth()
    margins = [s * y for s, y in zip(EX1_SCORES, EX1_LABELS)]
    n = len(EX1_SCORES)
    if isinstance(hinge, np.ndarray) and hinge.ndim == 1:
        hinge = hinge.tolist()
    require(isinstance(hinge, (list, tuple)) and len(hinge) == n,
            f"hinge_by_hand is a list of {n} numbers, one hinge loss per point")
    hinge = [_number(h, f"hinge_by_hand[{i}]") for i, h in enumerate(hinge)]
    for i, (got, want) in enumerate(zip(hinge, want_hinge)):
        if _close(got, want):
            continue
        if _close(got, 1 - margins[i]):
            raise Wrong(f"point {i}: 1 - m is negative there, and the hinge clips it at 0")
        if _close(got, max(0.0, 1 - EX1_SCORES[i])) or _close(got, 1 - EX1_SCORES[i]):
            raise Wrong(f"point {i}: the hinge takes the margin m = y * s, the score times its "
                        "label, not the score alone")
        raise Wrong(f"point {i}: {got} is not max(0, 1 - y*s) for this point")
    mean_hinge = _number(mean_hinge, "mean_hinge_by_hand")
    want_mean = sum(want_hinge) / n
    remark = ""
    if not _close(mean_hinge, want_mean):
        if _close(mean_hinge, sum(want_hinge)):
            raise Wrong("the hinge losses are right; mean_hinge_by_hand is their sum, not "
                        "their mean")
        # worked out by hand the mean has endless decimals: a rounded one is fine
        if abs(mean_hinge - want_mean) <= 1e-3:
            remark = "(mean_hinge_by_hand is rounded, close enough.)"
        elif _close(mean_hinge, want_mean, rel=1e-2):
            raise Wrong("the hinge losses are right, and mean_hinge_by_hand is close but "
                        "rounded too far: write it exactly, e.g. as a fraction, the sum "
                        "divided by the count")
        else:
            raise Wrong("the hinge losses are right, but mean_hinge_by_hand is not their mean")
    if isinstance(pulling, np.ndarray) and pulling.ndim == 1:
        pulling = pulling.tolist()
    if isinstance(pulling, (list, tuple, set)):
        pulling = [int(i) if isinstance(i, np.integer) else i for i in pulling]
    require(isinstance(pulling, (list, tuple, set, range))
            and all(isinstance(i, int) and not isinstance(i, bool) for i in pulling),
            "pulling_by_hand is a list of positions, whole numbers from 0 to 5")
    pulling = sorted(pulling)
    if pulling != want_pulling:
        with_corner = sorted(want_pulling + [i for i, m in enumerate(margins) if m == 1])
        if pulling == with_corner:
            raise Wrong("pulling_by_hand includes a point whose margin is exactly 1: at the "
                        "corner our relu's derivative is 0, so it does not pull")
        if pulling == [i for i, m in enumerate(margins) if m <= 0]:
            raise Wrong("pulling_by_hand lists only the misclassified points: a point that is "
                        "right but with a margin below 1 pulls too")
        if pulling == [i + 1 for i in want_pulling] or any(not 0 <= i < n for i in pulling):
            raise Wrong("count positions from 0: the first point is position 0")
        raise Wrong("pulling_by_hand is not the set of pulling points: a point pulls while its "
                    "margin m = y * s is below 1")
    acc = _number(acc, "accuracy_by_hand")
    if not _close(acc, want_acc):
        if acc > 1 and _close(acc, 100 * want_acc):
            raise Wrong("accuracy_by_hand is a percentage: give it as a fraction between 0 "
                        "and 1 (write 75 % as 0.75)")
        if acc > 1 and acc == int(acc) and acc <= n:
            raise Wrong("accuracy_by_hand looks like a number of points: the accuracy is the "
                        "number of right points divided by the number of points, a fraction "
                        "between 0 and 1")
        if acc > 1:
            raise Wrong("accuracy_by_hand is a fraction between 0 and 1 (write 75 % as 0.75)")
        if _close(acc, want_acc + 1 / n):
            raise Wrong("one point too many counted as right: a score of exactly 0 has no "
                        "sign, so it is not a right prediction")
        raise Wrong("accuracy_by_hand is not right: count the points whose score has the "
                    "sign of their label, and divide by the number of points")
    return remark


# --- Scores with arrays: exercise 2 judges with them, exercise 3 asks for them ---------

def _arrays(model):
    W = [np.array([[w.data for w in n.w] for n in layer.neurons]) for layer in model.layers]
    b = [np.array([n.b.data for n in layer.neurons]) for layer in model.layers]
    return W, b


def _array_scores(model, X, *, bias=True, relu_last=False):
    """The scores of `model` (ReLU hidden layers, one linear output) for the rows of X,
    one matrix product per layer: our engine's scores up to the last bits, at a tiny part of
    its cost. bias=False or relu_last=True computes one of exercise 3's mistakes instead."""
    W, b = _arrays(model)
    h = X
    for i in range(len(W)):
        h = h @ W[i].T + (b[i] if bias else 0.0)
        if i < len(W) - 1 or relu_last:
            h = np.maximum(h, 0.0)
    return h[:, 0]


# --- Exercise 2: 99 % on the test set, with a third of the work ------------------------

EX2_BUDGET, EX2_MAX_BATCH, EX2_TARGET = 3000, 50, 0.99


def _whole(x, name):
    require(isinstance(x, (int, np.integer)) and not isinstance(x, bool),
            f"{name} is a whole number (an int), not {type(x).__name__}")
    return int(x)


def train_with(batch_size, steps):
    """The lesson's `train` with these settings, from the lesson's fresh weights, on its 100
    training points; returns the accuracy on its 1000 test points."""
    from micrograd import MLP
    from micrograd.classifier import accuracy, make_moons, train_step
    X, y = make_moons(100, noise=0.1, seed=SEED)
    xs, ys = X.tolist(), y.tolist()
    model = MLP(2, [16, 16, 1], rng=random.Random(SEED))
    rng = np.random.default_rng(SEED)
    for k in range(steps):
        train_step(model, xs, ys, k, steps, batch_size, rng)
    X_test, y_test = make_moons(1000, noise=0.1, seed=SEED + 1)
    return accuracy(_array_scores(model, X_test).tolist(), y_test.tolist())


@exercise(2, section="Mini-batches")
def check_exercise_2(batch_size, steps):
    batch_size, steps = _whole(batch_size, "ex2_batch_size"), _whole(steps, "ex2_steps")
    require(1 <= batch_size <= 100, "ex2_batch_size is a number of points: from 1 to the "
                                    "100 points of the data set")
    require(batch_size <= EX2_MAX_BATCH, f"batches of {batch_size} points are not mini-batches "
                                         f"here: use at most {EX2_MAX_BATCH} points a step")
    require(steps >= 2, "take at least 2 steps (the learning rate decays over the run)")
    require(batch_size * steps <= EX2_BUDGET,
            f"{batch_size} points a step for {steps} steps is {batch_size * steps} points, "
            f"over the budget of {EX2_BUDGET:,}")
    acc = train_with(batch_size, steps)
    require(acc >= EX2_TARGET, f"with these settings the trained model classifies {acc:.1%} of "
                               f"the 1000 test points correctly, below {EX2_TARGET:.0%}: try "
                               "more steps, or larger batches (a less noisy gradient), within "
                               "the budget")
    return (f"{acc:.1%} of the test points right after looking at {batch_size * steps:,} "
            f"training points, {batch_size * steps / 10_000:.0%} of the full-batch run's work.")


# --- Exercise 3: a forward pass with arrays ---------------------------------------------

# (inputs, layer sizes, seed): the lesson's shape first, then shapes the task did not show
EX3_SHAPES = [(2, [16, 16, 1], 1), (3, [5, 1], 2), (4, [6, 5, 4, 1], 3)]


def _refuse(self, *args, **kwargs):
    raise Wrong("your function calls the model (or a layer or neuron): read the weights into "
                "arrays and compute with them instead")


def _forbid_calls(obj):
    """Make calling obj raise Wrong, keeping everything else about it (class name, repr)."""
    cls = type(obj)
    obj.__class__ = type(cls.__name__, (cls,), {"__call__": _refuse, "__slots__": ()})


def _refuse_arithmetic(self, *args, **kwargs):
    raise Wrong("your arrays hold the model's Value objects and compute with them, which is "
                "our engine again: put their numbers (w.data, neuron.b.data) into float arrays")


_ARITHMETIC = ["__add__", "__radd__", "__sub__", "__rsub__", "__mul__", "__rmul__",
               "__truediv__", "__rtruediv__", "__neg__", "__pow__", "relu", "tanh", "exp"]


def _forbid_arithmetic(value):
    """Make arithmetic on a parameter raise Wrong; its .data stays readable."""
    cls = type(value)
    methods = {name: _refuse_arithmetic for name in _ARITHMETIC}
    value.__class__ = type(cls.__name__, (cls,), {**methods, "__slots__": ()})


def _locked(model):
    """model, with its calls and its parameters' arithmetic forbidden: only .data is left."""
    for obj in [model, *model.layers, *(n for layer in model.layers for n in layer.neurons)]:
        _forbid_calls(obj)
    for p in model.parameters():
        _forbid_arithmetic(p)
    return model


def _ignores_model(forward_arrays, nin, sizes, seed, X, got):
    """Whether forward_arrays gives the same scores for another network of the same shape."""
    other = _locked(_ex3_case(nin, sizes, seed + 100)[0])
    try:
        again = np.asarray(forward_arrays(other, X.copy()), dtype=float)
    except Exception:
        return False
    return again.shape == got.shape and np.allclose(again, got, rtol=1e-9, atol=1e-12)


def _ex3_case(nin, sizes, seed):
    """A seeded MLP with nonzero biases, an input array, and our engine's scores for it."""
    from micrograd import MLP
    model = MLP(nin, sizes, rng=random.Random(seed))
    rng = np.random.default_rng(seed)
    for layer in model.layers:
        for neuron in layer.neurons:
            neuron.b.data = float(rng.uniform(-1, 1))
    X = rng.normal(0.0, 1.5, size=(7, nin))
    want = np.array([model(row.tolist()).data for row in X])
    return model, X, want


@exercise(3, section="Why real libraries use tensors")
def check_exercise_3(forward_arrays):
    require(callable(forward_arrays), "pass the function itself: check_exercise_3(forward_arrays)")
    for number, (nin, sizes, seed) in enumerate(EX3_SHAPES):
        model, X, want = _ex3_case(nin, sizes, seed)
        _locked(model)
        shape = f"MLP({nin}, {sizes})"
        try:
            got = forward_arrays(model, X.copy())
        except Wrong:
            raise
        except Exception as error:
            if number == 0:
                raise
            raise Wrong(f"right for the lesson's network, but for {shape} your function raised "
                        f"{type(error).__name__}: loop over model.layers instead of assuming "
                        "two hidden layers of 16") from None
        require(got is not None, "forward_arrays returns nothing: return the array of scores")
        try:
            got = np.asarray(got, dtype=float)
        except (TypeError, ValueError):
            raise Wrong("forward_arrays should return a numpy array of numbers") from None
        if got.shape == (len(X), 1):
            raise Wrong("you return a column, shape (n, 1): return a 1-D array of the n scores "
                        "(take column 0 of the last layer's output)")
        require(got.shape == want.shape, f"for {len(X)} points forward_arrays returns shape "
                                         f"{got.shape}: give one score per row of X, a 1-D array")
        if np.allclose(got, want, rtol=1e-9, atol=1e-12):
            continue
        if _ignores_model(forward_arrays, nin, sizes, seed, X, got):
            raise Wrong("your scores stay the same when the network changes: the check passes "
                        "its own networks, so read the weights from `model`, not the lesson's "
                        "W and b (and do not call forward_numpy)")
        if np.allclose(got, _array_scores(model, X, relu_last=True), rtol=1e-9, atol=1e-12):
            raise Wrong("your scores are never negative: the output layer is linear, so apply "
                        "ReLU to the hidden layers only")
        if np.allclose(got, _array_scores(model, X, bias=False), rtol=1e-9, atol=1e-12):
            raise Wrong("the biases are missing: every layer adds its neurons' biases "
                        "(neuron.b) after the matrix product")
        if number > 0:
            raise Wrong(f"right for the lesson's network, but not for {shape}: loop over "
                        "model.layers instead of assuming two hidden layers of 16")
        raise Wrong(f"the scores for {shape} differ from our engine's: each layer computes "
                    "h @ W.T + b, with W's rows the neurons' weights, then ReLU if it is hidden")
