# Generated from notebooks/11_classifier.ipynb by build/tangle.py: do not edit.
# Edit the cells tagged `export` in that notebook, then run `make tangle`.
# checksum 6a520e6478e7f627

# %% ../notebooks/11_classifier.ipynb#cell-id=14854cf7
import numpy as np


def make_moons(n_points, noise, seed):
    """n_points points on two interleaving half circles, with labels -1 (top) and +1 (bottom)."""
    rng = np.random.default_rng(seed)
    n_top = n_points // 2
    n_bottom = n_points - n_top
    t_top = np.linspace(0.0, np.pi, n_top)          # evenly spaced angles along each moon
    t_bottom = np.linspace(0.0, np.pi, n_bottom)
    top = np.column_stack([np.cos(t_top), np.sin(t_top)])
    bottom = np.column_stack([1.0 - np.cos(t_bottom), 0.5 - np.sin(t_bottom)])
    X = np.vstack([top, bottom]) + rng.normal(0.0, noise, size=(n_points, 2))
    y = np.concatenate([-np.ones(n_top), np.ones(n_bottom)])
    return X, y


# %% ../notebooks/11_classifier.ipynb#cell-id=178edd9d
def hinge_loss(scores, labels):
    """Mean of max(0, 1 - y * score) over the points."""
    losses = [(1 - yi * si).relu() for yi, si in zip(labels, scores)]
    return sum(losses) * (1.0 / len(losses))


# %% ../notebooks/11_classifier.ipynb#cell-id=4f5ea3f9
ALPHA = 1e-4


def l2_penalty(model, alpha=ALPHA):
    return alpha * sum(p * p for p in model.parameters())


# %% ../notebooks/11_classifier.ipynb#cell-id=4821b12c
def accuracy(score_values, labels):
    """Fraction of points with sign(score) == label (a score of exactly 0 counts as wrong)."""
    right = sum((s > 0 and y > 0) or (s < 0 and y < 0) for s, y in zip(score_values, labels))
    return right / len(labels)


# %% ../notebooks/11_classifier.ipynb#cell-id=95872aac
from numbers import Integral


def loss_and_accuracy(model, xs, ys, batch_size=None, rng=None, loss_fn=hinge_loss, alpha=ALPHA):
    """(total loss as a Value, accuracy) on all points, or on a random batch of them.

    The total loss is loss_fn(scores, labels), plus the L2 penalty if alpha is not 0. A
    batch of `batch_size` distinct points is drawn with `rng`, a numpy Generator such as
    np.random.default_rng(seed), so that a run draws the same batches every time.
    """
    if batch_size is not None:
        xs, ys = _draw_batch(xs, ys, batch_size, rng)
    scores = [model(x) for x in xs]
    total = loss_fn(scores, ys)
    if alpha:
        total = total + l2_penalty(model, alpha)
    return total, accuracy([s.data for s in scores], ys)


def _draw_batch(xs, ys, batch_size, rng):
    # Check first: a bad batch size or a missing generator fails here, with a message that
    # says what to pass, rather than somewhere deep inside numpy.
    if isinstance(batch_size, bool) or not isinstance(batch_size, Integral) \
            or not 1 <= batch_size <= len(xs):
        raise ValueError(f"batch_size is a whole number from 1 to {len(xs)} (the number of "
                         f"points), or None for all of them; got {batch_size!r}")
    if not isinstance(rng, np.random.Generator):
        raise TypeError(f"a mini-batch is drawn at random: pass rng, a numpy Generator such "
                        f"as np.random.default_rng(0), not {type(rng).__name__}")
    idx = rng.choice(len(xs), size=batch_size, replace=False)
    return [xs[i] for i in idx], [ys[i] for i in idx]


# %% ../notebooks/11_classifier.ipynb#cell-id=b5bc55ba
STEPS = 100
RATE0 = 1.0


def learning_rate(k, steps=STEPS, rate0=RATE0):
    """Lesson 10's linear decay: rate0 at step 0, rate0 / 10 at step steps - 1."""
    if steps < 2:
        return rate0
    return rate0 * (1 - 0.9 * k / (steps - 1))


# %% ../notebooks/11_classifier.ipynb#cell-id=07a7f6e2
def train_step(model, xs, ys, k, steps=STEPS, batch_size=None, rng=None, loss_fn=hinge_loss,
               alpha=ALPHA):
    """One step of gradient descent (step k of steps); returns the loss and accuracy before it."""
    loss, acc = loss_and_accuracy(model, xs, ys, batch_size, rng, loss_fn, alpha)
    model.zero_grad()
    loss.backward()
    lr = learning_rate(k, steps)
    for p in model.parameters():
        p.data -= lr * p.grad
    return loss.data, acc


# %% ../notebooks/11_classifier.ipynb#cell-id=bc766ca2
def logistic_loss(scores, labels):
    """Mean of ln(1 + e^(-y * score)) over the points: the binary cross-entropy."""
    losses = []
    for yi, si in zip(labels, scores):
        m = yi * si
        if m.data >= 0:
            losses.append((1 + (-m).exp()).log())
        else:                                     # the same number, with e^m instead of e^-m
            losses.append((1 + m.exp()).log() - m)
    return sum(losses) * (1.0 / len(losses))


# %% ../notebooks/11_classifier.ipynb#cell-id=7fee93d5
# PlainMLP: the network of an MLP with plain + and *, for `make bench`
from micrograd.nn import Module


class PlainMLP(Module):
    """An MLP's network, computed with plain + and * by any engine's Value class.

    Every weight and bias of `mlp` is copied into a new leaf of `value_class` (this
    course's Value, or lesson 6's closure engine), so both networks start from the
    same numbers and then train on their own. A neuron computes b + w1*x1 + w2*x2 + ...
    one operation at a time, in the order weighted_sum adds them, then its activation.
    """

    def __init__(self, mlp, value_class):
        self.layers = [[([value_class(w.data) for w in neuron.w], value_class(neuron.b.data),
                         neuron.activation) for neuron in layer.neurons]
                       for layer in mlp.layers]

    def __call__(self, x):
        for layer in self.layers:
            outputs = []
            for weights, bias, activation in layer:
                total = bias
                for w, xi in zip(weights, x):
                    total = total + w * xi
                outputs.append(getattr(total, activation)() if activation else total)
            x = outputs
        return x[0] if len(x) == 1 else x

    def parameters(self):
        return [p for layer in self.layers for weights, bias, _ in layer for p in (*weights, bias)]
