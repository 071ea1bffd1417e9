"""The checks of lesson 11's exercises (notebooks/checks/classifier.py): the placeholder is
"not attempted yet", the worked solution is "solved", every known wrong answer gets its own
hint, and no hint gives the answer away."""
import random

import numpy as np
import pytest
from conftest import verdict

from checks.classifier import check_exercise_1, check_exercise_2, check_exercise_3
from micrograd import MLP, Value

# --- Exercise 1 -------------------------------------------------------------------------

SCORES = [2.5, -0.4, 0.6, -1.0, 0.0, 0.3]
LABELS = [1, 1, 1, -1, -1, -1]
MARGINS = [s * y for s, y in zip(SCORES, LABELS)]
HINGE = [max(0.0, 1 - m) for m in MARGINS]
MEAN = sum(HINGE) / 6
PULLING = [i for i, m in enumerate(MARGINS) if m < 1]
ACC = sum(m > 0 for m in MARGINS) / 6


def test_exercise_1_placeholder_and_solution():
    assert verdict(check_exercise_1, ..., ..., ..., ...)[0] == "not attempted yet"
    assert verdict(check_exercise_1, HINGE, ..., PULLING, ACC)[0] == "not attempted yet"
    assert verdict(check_exercise_1, HINGE, MEAN, PULLING, ACC) == ("solved", "")
    # by hand, in another form: a tuple, a set of positions, 4.1 / 6
    assert verdict(check_exercise_1, (0, 1.4, 0.4, 0, 1, 1.3), 4.1 / 6, {5, 4, 2, 1}, 0.5)[0] \
        == "solved"
    # with numpy: arrays for the lists, numpy numbers for the numbers
    m = np.array(SCORES) * np.array(LABELS)
    assert verdict(check_exercise_1, np.maximum(0.0, 1 - m), np.maximum(0.0, 1 - m).mean(),
                   np.flatnonzero(m < 1), (m > 0).mean()) == ("solved", "")
    assert verdict(check_exercise_1, HINGE, np.float64(MEAN), list(np.flatnonzero(m < 1)),
                   np.float32(ACC)) == ("solved", "")


@pytest.mark.parametrize("rounded", [0.683, 0.6833, 0.68333])
def test_exercise_1_accepts_a_mean_rounded_by_hand(rounded):
    status, detail = verdict(check_exercise_1, HINGE, rounded, PULLING, ACC)
    assert status == "solved" and "rounded" in detail


def with_hinge(i, value):
    hinge = list(HINGE)
    hinge[i] = value
    return hinge


@pytest.mark.parametrize("answers, hint", [
    ((with_hinge(0, 1 - MARGINS[0]), MEAN, PULLING, ACC), "clips it at 0"),
    ((with_hinge(3, 1 - SCORES[3]), MEAN, PULLING, ACC), "not the score alone"),
    ((with_hinge(5, 0.7), MEAN, PULLING, ACC), "point 5"),
    ((HINGE[:5], MEAN, PULLING, ACC), "a list of 6 numbers"),
    ((with_hinge(2, Value(0.4)), MEAN, PULLING, ACC), "is a Value"),
    ((HINGE, sum(HINGE), PULLING, ACC), "their sum"),
    ((HINGE, 0.7, PULLING, ACC), "not their mean"),
    ((HINGE, 0.68, PULLING, ACC), "close but rounded too far"),
    ((HINGE, 0.69, PULLING, ACC), "close but rounded too far"),
    ((HINGE, MEAN, sorted(PULLING + [3]), ACC), "exactly 1"),
    ((HINGE, MEAN, [i for i, m in enumerate(MARGINS) if m <= 0], ACC), "only the misclassified"),
    ((HINGE, MEAN, [i + 1 for i in PULLING], ACC), "count positions from 0"),
    ((HINGE, MEAN, [1, 2], ACC), "margin m = y * s is below 1"),
    ((HINGE, MEAN, ["1", "2"], ACC), "whole numbers"),
    ((HINGE, MEAN, PULLING, ACC + 1 / 6), "exactly 0 has no sign"),
    ((HINGE, MEAN, PULLING, 50), "is a percentage"),
    ((HINGE, MEAN, PULLING, 3), "looks like a number of points"),
    ((HINGE, MEAN, PULLING, 2), "looks like a number of points"),
    ((HINGE, MEAN, PULLING, 33), "fraction between 0 and 1"),
    ((HINGE, MEAN, PULLING, 1 / 3), "count the points whose score has the sign"),
])
def test_exercise_1_wrong_answers(answers, hint):
    status, detail = verdict(check_exercise_1, *answers)
    assert status == "wrong" and hint in detail, detail
    assert_no_answer(detail)


def assert_no_answer(detail):
    """No form of an expected answer appears in a hint."""
    forms = [f"{MEAN:.{d}f}" for d in (2, 3, 4)] + ["4.1", "41/60", "4.1 / 6", "4.1/6"]
    forms += [str(ACC), f"{ACC:.2f}", "50 %", "50%", "3/6", "3 / 6", "1/2", "1 / 2", "half"]
    forms += [str(PULLING), ", ".join(map(str, PULLING)), str(HINGE)]
    for form in forms:
        assert form not in detail, (form, detail)


def test_exercise_1_hints_never_contain_the_answer():
    """Every hint the check can give, whatever the wrong answer, passes assert_no_answer;
    here for a spread of wrong accuracies and means, the numbers a learner is likeliest to
    try (a count, a percentage, a rounded or mistaken fraction)."""
    for acc in [0, 1, 2, 3, 4, 5, 6, 50, 60, 66.7, 83, 100, 1 / 6, 2 / 6, 4 / 6, 5 / 6, 1.0]:
        status, detail = verdict(check_exercise_1, HINGE, MEAN, PULLING, acc)
        assert status == "wrong"
        assert_no_answer(detail)
    for mean in [0, 0.6, 0.68, 0.69, 0.7, 4.1, 4.1 / 5, 4.1 / 7, 1]:
        status, detail = verdict(check_exercise_1, HINGE, mean, PULLING, ACC)
        assert status == "wrong"
        assert_no_answer(detail)


# --- Exercise 2 -------------------------------------------------------------------------

def test_exercise_2_placeholder_and_solution():
    assert verdict(check_exercise_2, ..., ...)[0] == "not attempted yet"
    status, detail = verdict(check_exercise_2, 25, 100)
    assert status == "solved" and "2,500 training points" in detail
    assert verdict(check_exercise_2, np.int64(50), 60)[0] == "solved"


@pytest.mark.parametrize("answers, hint", [
    ((20, 30), "classifies 92.1% of the 1000 test points"),   # the lesson's own run falls short
    ((10, 100), "below 99%"),
    ((40, 100), "over the budget"),
    ((100, 20), "not mini-batches"),
    ((60, 40), "at most 50 points"),
    ((0, 100), "from 1 to the 100 points"),
    ((25, 1), "at least 2 steps"),
    ((25.0, 100), "whole number"),
    ((25, "100"), "whole number"),
    ((True, 100), "whole number"),
])
def test_exercise_2_wrong_answers(answers, hint):
    status, detail = verdict(check_exercise_2, *answers)
    assert status == "wrong" and hint in detail, detail


def test_exercise_2_scores_the_test_points_as_the_engine_does():
    """The check scores its 1000 test points with arrays, not the engine: the same scores up
    to the last bits, so the same signs and the accuracy the learner measures with accuracy_on."""
    from checks.classifier import _array_scores
    from micrograd.classifier import make_moons, train_step
    X, y = make_moons(100, noise=0.1, seed=0)
    model = MLP(2, [16, 16, 1], rng=random.Random(0))
    rng = np.random.default_rng(0)
    for k in range(10):
        train_step(model, X.tolist(), y.tolist(), k, 10, 20, rng)
    X_test, _ = make_moons(1000, noise=0.1, seed=1)
    ours = np.array([model(x).data for x in X_test.tolist()])
    arrays = _array_scores(model, X_test)
    assert np.allclose(arrays, ours, rtol=1e-12, atol=1e-12)
    assert np.array_equal(arrays > 0, ours > 0) and np.array_equal(arrays < 0, ours < 0)


# --- Exercise 3 -------------------------------------------------------------------------

def solution(model, X):
    h = np.asarray(X, dtype=float)
    for i, layer in enumerate(model.layers):
        W = np.array([[w.data for w in n.w] for n in layer.neurons])
        b = np.array([n.b.data for n in layer.neurons])
        h = h @ W.T + b
        if i < len(model.layers) - 1:
            h = np.maximum(h, 0.0)
    return h[:, 0]


def test_exercise_3_placeholder_and_solution():
    def placeholder(model, X):
        raise NotImplementedError("write the body")
    assert verdict(check_exercise_3, placeholder)[0] == "not attempted yet"
    assert verdict(check_exercise_3, solution) == ("solved", "")
    assert verdict(check_exercise_3, lambda m, X: list(solution(m, X)))[0] == "solved"


def arrays(model):
    W = [np.array([[w.data for w in n.w] for n in layer.neurons]) for layer in model.layers]
    b = [np.array([n.b.data for n in layer.neurons]) for layer in model.layers]
    return W, b


def relu_everywhere(model, X):
    h = X
    for W, b in zip(*arrays(model)):
        h = np.maximum(h @ W.T + b, 0.0)
    return h[:, 0]


def no_bias(model, X):
    h = X
    W, _ = arrays(model)
    for i, w in enumerate(W):
        h = h @ w.T
        if i < len(W) - 1:
            h = np.maximum(h, 0.0)
    return h[:, 0]


def three_layers_only(model, X):
    W, b = arrays(model)
    h = np.maximum(X @ W[0].T + b[0], 0.0)
    h = np.maximum(h @ W[1].T + b[1], 0.0)
    return (h @ W[2].T + b[2])[:, 0]


def calls_the_model(model, X):
    return np.array([model(row.tolist()).data for row in X])


def calls_the_neurons(model, X):
    return np.array([model.layers[0].neurons[0](row.tolist()).data for row in X])


def lesson_arrays():
    """The arrays W and b of a network the learner has at hand (the lesson's globals)."""
    return arrays(MLP(2, [16, 16, 1], rng=random.Random(0)))


def uses_the_lessons_arrays(model, X):
    W, b = lesson_arrays()
    h = np.maximum(X @ W[0].T + b[0], 0.0)
    h = np.maximum(h @ W[1].T + b[1], 0.0)
    return (h @ W[2].T + b[2])[:, 0]


def forward_numpy_of_the_lesson(model, X):
    """forward_numpy(X) as the lesson defines it: it reads the globals W and b."""
    return uses_the_lessons_arrays(None, X)


def computes_with_values(model, X):
    """Arrays of the model's Value objects: numpy's object arithmetic runs our engine."""
    h = np.asarray(X, dtype=float)
    for i, layer in enumerate(model.layers):
        W = np.array([[w for w in n.w] for n in layer.neurons], dtype=object)
        b = np.array([n.b for n in layer.neurons], dtype=object)
        h = h @ W.T + b
        if i < len(model.layers) - 1:
            h = np.array([[v.relu() for v in row] for row in h], dtype=object)
    return np.array([v.data for v in h[:, 0]])


def forgets_the_data_of_the_biases(model, X):
    h = np.asarray(X, dtype=float)
    for i, layer in enumerate(model.layers):
        W = np.array([[w.data for w in n.w] for n in layer.neurons])
        b = np.array([n.b for n in layer.neurons], dtype=object)
        h = h @ W.T + b
        if i < len(model.layers) - 1:
            h = np.maximum(h, 0.0)
    return h[:, 0]


@pytest.mark.parametrize("answer, hint", [
    (uses_the_lessons_arrays, "read the weights from `model`, not the lesson's W and b"),
    (forward_numpy_of_the_lesson, "read the weights from `model`"),
    (computes_with_values, "hold the model's Value objects"),
    (forgets_the_data_of_the_biases, "hold the model's Value objects"),
    (relu_everywhere, "never negative"),
    (no_bias, "biases are missing"),
    (three_layers_only, "loop over model.layers"),
    (calls_the_model, "calls the model"),
    (calls_the_neurons, "calls the model"),
    (lambda m, X: solution(m, X)[:, None], "shape (n, 1)"),
    (lambda m, X: solution(m, X)[:3], "1-D array"),
    (lambda m, X: None, "returns nothing"),
    (lambda m, X: solution(m, X) + 1e-6, "differ from our engine's"),
    (lambda m, X: [["a"]], "array of numbers"),
    (lambda m, X: np.ones(3) @ np.ones(4), "ValueError"),
])
def test_exercise_3_wrong_answers(answer, hint):
    status, detail = verdict(check_exercise_3, answer)
    assert status == "wrong" and hint in detail, detail


def test_exercise_3_leaves_the_learners_model_alone():
    model = MLP(2, [3, 1])
    verdict(check_exercise_3, solution)
    assert model([1.0, 2.0]).data == model([1.0, 2.0]).data     # still callable
