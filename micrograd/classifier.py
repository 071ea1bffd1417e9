# Generated from notebooks/11_classifier.ipynb by build/tangle.py: do not edit.
# Edit the cells tagged `export` in that notebook, then run `make tangle`.
# checksum b347c7fea9c62f1c

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


# %% ../notebooks/11_classifier.ipynb#cell-id=912e34e4
def loss_and_accuracy(model, xs, ys, batch_size=None, rng=None):
    """(total loss as a Value, accuracy) on all points, or on a random batch of them."""
    if batch_size is not None:
        idx = rng.choice(len(xs), size=batch_size, replace=False)
        xs = [xs[i] for i in idx]
        ys = [ys[i] for i in idx]
    scores = [model(x) for x in xs]
    total = hinge_loss(scores, ys) + l2_penalty(model)
    return total, accuracy([s.data for s in scores], ys)


# %% ../notebooks/11_classifier.ipynb#cell-id=b5bc55ba
STEPS = 100


def learning_rate(k, steps=STEPS):
    return 1.0 - 0.9 * k / steps


# %% ../notebooks/11_classifier.ipynb#cell-id=07a7f6e2
def train_step(model, xs, ys, k, steps=STEPS, batch_size=None, rng=None):
    """One step of gradient descent (step k of steps); returns the loss and accuracy before it."""
    loss, acc = loss_and_accuracy(model, xs, ys, batch_size, rng)
    model.zero_grad()
    loss.backward()
    lr = learning_rate(k, steps)
    for p in model.parameters():
        p.data -= lr * p.grad
    return loss.data, acc
