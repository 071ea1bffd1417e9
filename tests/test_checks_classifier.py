"""The checks of lesson 11's exercises (notebooks/checks/classifier.py): the placeholder is
"not attempted yet", the worked solution is "solved", every known wrong answer gets its own
hint, and no hint gives the answer away."""
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


def with_hinge(i, value):
    hinge = list(HINGE)
    hinge[i] = value
    return hinge


@pytest.mark.parametrize("answers, hint", [
    ((with_hinge(0, 1 - MARGINS[0]), MEAN, PULLING, ACC), "clips it at 0"),
    ((with_hinge(3, 1 - SCORES[3]), MEAN, PULLING, ACC), "not the score alone"),
    ((with_hinge(5, 0.5), MEAN, PULLING, ACC), "point 5"),
    ((HINGE[:5], MEAN, PULLING, ACC), "a list of 6 numbers"),
    ((with_hinge(2, Value(0.4)), MEAN, PULLING, ACC), "is a Value"),
    ((HINGE, sum(HINGE), PULLING, ACC), "their sum"),
    ((HINGE, 0.7, PULLING, ACC), "not their mean"),
    ((HINGE, MEAN, sorted(PULLING + [3]), ACC), "exactly 1"),
    ((HINGE, MEAN, [i for i, m in enumerate(MARGINS) if m <= 0], ACC), "only the misclassified"),
    ((HINGE, MEAN, [i + 1 for i in PULLING], ACC), "count positions from 0"),
    ((HINGE, MEAN, [1, 2], ACC), "margin m = y * s is below 1"),
    ((HINGE, MEAN, ["1", "2"], ACC), "whole numbers"),
    ((HINGE, MEAN, PULLING, ACC + 1 / 6), "exactly 0 has no sign"),
    ((HINGE, MEAN, PULLING, 50), "fraction between 0 and 1"),
    ((HINGE, MEAN, PULLING, 1 / 3), "count the points whose score has the sign"),
])
def test_exercise_1_wrong_answers(answers, hint):
    status, detail = verdict(check_exercise_1, *answers)
    assert status == "wrong" and hint in detail, detail
    for number in (MEAN, ACC):
        assert f"{number:.3f}" not in detail and f"{number:.2f}" not in detail
    assert str(PULLING) not in detail


# --- Exercise 2 -------------------------------------------------------------------------

def test_exercise_2_placeholder_and_solution():
    assert verdict(check_exercise_2, ..., ...)[0] == "not attempted yet"
    status, detail = verdict(check_exercise_2, 25, 100)
    assert status == "solved" and "2,500 points" in detail
    assert verdict(check_exercise_2, np.int64(50), 60)[0] == "solved"


@pytest.mark.parametrize("answers, hint", [
    ((20, 30), "classifies 92% of the 100 points"),       # the lesson's own run falls short
    ((10, 100), "not all of them"),
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


@pytest.mark.parametrize("answer, hint", [
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
