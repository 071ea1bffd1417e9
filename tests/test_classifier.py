"""micrograd.classifier, the module lesson 11 exports: the data, the two losses, the training
step, the batch errors, and PlainMLP in both engines."""
import math
import random

import numpy as np
import pytest

from micrograd import MLP, Value, closure_engine, engine
from micrograd.classifier import (ALPHA, STEPS, PlainMLP, accuracy, hinge_loss, l2_penalty,
                                  learning_rate, logistic_loss, loss_and_accuracy, make_moons,
                                  train_step)


# --- make_moons --------------------------------------------------------------------------

def test_make_moons_shapes_and_labels():
    X, y = make_moons(101, noise=0.1, seed=0)
    assert X.shape == (101, 2) and y.shape == (101,)
    assert X.dtype == np.float64
    assert (y[:50] == -1).all() and (y[50:] == 1).all()      # 50 top, 51 bottom


def test_make_moons_without_noise_lies_on_the_two_half_circles():
    X, y = make_moons(40, noise=0.0, seed=0)
    top, bottom = X[y == -1], X[y == 1]
    assert np.allclose(np.hypot(top[:, 0], top[:, 1]), 1.0) and (top[:, 1] >= -1e-12).all()
    assert np.allclose(np.hypot(bottom[:, 0] - 1, bottom[:, 1] - 0.5), 1.0)
    assert (bottom[:, 1] <= 0.5 + 1e-12).all()
    assert np.allclose(top[0], [1.0, 0.0]) and np.allclose(bottom[0], [0.0, 0.5])


def test_make_moons_is_seeded():
    a, _ = make_moons(30, noise=0.2, seed=7)
    b, _ = make_moons(30, noise=0.2, seed=7)
    c, _ = make_moons(30, noise=0.2, seed=8)
    assert np.array_equal(a, b) and not np.array_equal(a, c)


# --- hinge loss, L2, accuracy --------------------------------------------------------------

def test_hinge_loss_and_its_gradient_by_hand():
    # margins y*s: 2*1 = 2 (outside, no pull), 0.5 (inside), -1 (wrong), 1 (the corner)
    scores = [Value(2.0), Value(0.5), Value(1.0), Value(-1.0)]
    labels = [1.0, 1.0, -1.0, -1.0]
    loss = hinge_loss(scores, labels)
    assert math.isclose(loss.data, (0 + 0.5 + 2 + 0) / 4, rel_tol=1e-15)
    loss.backward()
    # d/ds of max(0, 1 - y s) / 4 is -y/4 inside the margin, 0 outside and at the corner
    assert [s.grad for s in scores] == [0.0, -0.25, 0.25, 0.0]


def test_logistic_loss_and_its_gradient_by_hand():
    # margins y*s: 2, -1 (wrong), 0 (a coin toss)
    scores = [Value(2.0), Value(-1.0), Value(0.0)]
    labels = [1.0, 1.0, -1.0]
    loss = logistic_loss(scores, labels)
    want = (math.log1p(math.exp(-2.0)) + math.log1p(math.exp(1.0)) + math.log(2.0)) / 3
    assert math.isclose(loss.data, want, rel_tol=1e-15)
    loss.backward()
    # d/ds of ln(1 + e^(-y s)) / 3 is -y * sigmoid(-y s) / 3: never zero
    sigmoid = lambda t: 1 / (1 + math.exp(-t))
    want_grads = [-y * sigmoid(-y * s.data) / 3 for s, y in zip(scores, labels)]
    assert [s.grad for s in scores] == pytest.approx(want_grads, rel=1e-12)


def test_logistic_loss_does_not_overflow_at_huge_margins():
    scores = [Value(-1000.0), Value(1000.0)]
    loss = logistic_loss(scores, [1.0, 1.0])          # margins -1000 (wrong) and 1000
    assert math.isclose(loss.data, 1000.0 / 2, rel_tol=1e-15)
    loss.backward()
    assert [s.grad for s in scores] == [-0.5, 0.0]


def test_the_loss_and_the_penalty_are_chosen():
    X, y = make_moons(20, noise=0.1, seed=0)
    xs, ys = X.tolist(), y.tolist()
    model = MLP(2, [4, 1], rng=random.Random(0))
    scores = [model(x) for x in xs]
    default, _ = loss_and_accuracy(model, xs, ys)
    assert default.data == (hinge_loss(scores, ys) + l2_penalty(model)).data
    bare, _ = loss_and_accuracy(model, xs, ys, loss_fn=logistic_loss, alpha=0)
    assert bare.data == logistic_loss(scores, ys).data            # no penalty at all
    strong, _ = loss_and_accuracy(model, xs, ys, loss_fn=logistic_loss, alpha=0.5)
    assert strong.data == (logistic_loss(scores, ys) + l2_penalty(model, alpha=0.5)).data


def test_l2_penalty_by_hand():
    model = MLP(2, [1], rng=random.Random(0))
    model.layers[0].neurons[0].w[0].data, model.layers[0].neurons[0].w[1].data = 3.0, -4.0
    model.layers[0].neurons[0].b.data = 1.0
    penalty = l2_penalty(model)
    assert math.isclose(penalty.data, ALPHA * 26, rel_tol=1e-15)
    penalty.backward()
    assert [p.grad for p in model.parameters()] == pytest.approx([ALPHA * 6, ALPHA * -8, ALPHA * 2])
    assert math.isclose(l2_penalty(model, alpha=0.5).data, 13.0)


def test_accuracy_counts_signs_and_a_zero_score_as_wrong():
    assert accuracy([2.0, -1.0, 0.5, -0.5], [1, -1, -1, 1]) == 0.5
    assert accuracy([0.0, 0.0], [1, -1]) == 0.0
    assert accuracy([-0.0, 1e-300], [-1, 1]) == 0.5


# --- learning rate, a step -------------------------------------------------------------

def test_learning_rate_decays_linearly_to_a_tenth():
    assert learning_rate(0) == 1.0
    assert math.isclose(learning_rate(STEPS - 1), 0.1)
    assert math.isclose(learning_rate(9, steps=10, rate0=0.3), 0.03)
    rates = [learning_rate(k) for k in range(STEPS)]
    steps = np.diff(rates)
    assert np.allclose(steps, steps[0]) and steps[0] < 0
    assert learning_rate(0, steps=1) == 1.0          # a one-step run: no division by zero


def moons(n=40):
    X, y = make_moons(n, noise=0.1, seed=0)
    return X.tolist(), y.tolist()


def test_a_short_full_batch_run_lowers_the_loss():
    xs, ys = moons()
    model = MLP(2, [8, 8, 1], rng=random.Random(0))
    first, _ = loss_and_accuracy(model, xs, ys)
    history = [train_step(model, xs, ys, k, steps=10) for k in range(10)]
    last, _ = loss_and_accuracy(model, xs, ys)
    assert history[0][0] == first.data
    assert last.data < 0.5 * first.data
    assert all(isinstance(loss, float) and 0 <= acc <= 1 for loss, acc in history)


def test_a_short_run_with_the_logistic_loss_lowers_it():
    xs, ys = moons()
    model = MLP(2, [8, 8, 1], rng=random.Random(0))
    history = [train_step(model, xs, ys, k, steps=10, loss_fn=logistic_loss, alpha=0)
               for k in range(10)]
    last, _ = loss_and_accuracy(model, xs, ys, loss_fn=logistic_loss, alpha=0)
    assert last.data < 0.6 * history[0][0]


def test_a_mini_batch_step_uses_the_batch_and_is_seeded():
    xs, ys = moons()
    runs = []
    for _ in range(2):
        model = MLP(2, [8, 1], rng=random.Random(1))
        rng = np.random.default_rng(3)
        runs.append([train_step(model, xs, ys, k, steps=5, batch_size=10, rng=rng)
                     for k in range(5)])
    assert runs[0] == runs[1]
    assert all(round(acc * 10) == acc * 10 for _, acc in runs[0])   # accuracy over 10 points
    loss, _ = loss_and_accuracy(MLP(2, [8, 1], rng=random.Random(1)), xs, ys,
                                batch_size=np.int64(len(xs)), rng=np.random.default_rng(0))
    assert loss.data > 0                            # a numpy integer batch size is fine


@pytest.mark.parametrize("batch_size", [0, -3, 41, 2.5, "10", True])
def test_a_bad_batch_size_is_refused(batch_size):
    xs, ys = moons()
    with pytest.raises(ValueError, match="batch_size is a whole number from 1 to 40"):
        loss_and_accuracy(MLP(2, [1]), xs, ys, batch_size=batch_size,
                          rng=np.random.default_rng(0))


@pytest.mark.parametrize("rng", [None, random.Random(0), 0])
def test_a_batch_without_a_numpy_generator_is_refused(rng):
    xs, ys = moons()
    with pytest.raises(TypeError, match="pass rng, a numpy Generator"):
        loss_and_accuracy(MLP(2, [1]), xs, ys, batch_size=4, rng=rng)
    with pytest.raises(TypeError, match="pass rng"):
        train_step(MLP(2, [1]), xs, ys, 0, batch_size=4)


# --- PlainMLP ----------------------------------------------------------------------------

@pytest.mark.parametrize("value_class", [engine.Value, closure_engine.Value])
def test_plain_mlp_copies_the_weights_into_new_leaves(value_class):
    mlp = MLP(3, [4, 2], rng=random.Random(2))
    plain = PlainMLP(mlp, value_class)
    ours, theirs = mlp.parameters(), plain.parameters()
    assert len(theirs) == len(ours) == 4 * 4 + 2 * 5
    assert all(type(p) is value_class for p in theirs)
    assert [p.data for p in theirs] == [p.data for p in ours]     # same order, same numbers
    assert not any(p is q for p, q in zip(ours, theirs))


@pytest.mark.parametrize("value_class", [engine.Value, closure_engine.Value])
@pytest.mark.parametrize("activations", [('relu', None), ('tanh', 'tanh'), ('sigmoid', 'relu')])
def test_plain_mlp_computes_the_same_network(value_class, activations):
    hidden, output = activations
    mlp = MLP(3, [5, 4, 2], activation=hidden, output_activation=output, rng=random.Random(4))
    for p in mlp.parameters():                 # nonzero biases too
        p.data += 0.1
    plain = PlainMLP(mlp, value_class)
    for x in ([0.5, -1.0, 2.0], [1.5, 0.0, -0.3]):
        want, got = mlp(x), plain(x)
        assert [v.data for v in got] == [v.data for v in want]   # same order: same bits


@pytest.mark.parametrize("value_class", [engine.Value, closure_engine.Value])
def test_plain_mlp_trains_like_the_mlp(value_class):
    xs, ys = moons(20)
    mlp = MLP(2, [6, 6, 1], rng=random.Random(5))
    plain = PlainMLP(mlp, value_class)
    for k in range(3):
        a = train_step(mlp, xs, ys, k, steps=3)
        b = train_step(plain, xs, ys, k, steps=3)
        assert math.isclose(a[0], b[0], rel_tol=1e-12) and a[1] == b[1]
    for p, q in zip(mlp.parameters(), plain.parameters()):
        assert math.isclose(p.data, q.data, rel_tol=1e-12, abs_tol=1e-15)
    plain.zero_grad()
    assert all(p.grad == 0.0 for p in plain.parameters())
