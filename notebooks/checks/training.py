"""Checks for the exercises of lesson 10, "Training" (notebooks/10_training.ipynb).

Every expected value is computed here, from the exercise's data, with the same engine and
network library the lesson uses; none is written down, and no hint prints one.
"""
import math
import random

from checks import Wrong, exercise, is_number, require

# The lesson's data set and model (lesson 10's xs, ys and make_model()).
XS = [[2.0, 3.0, -1.0], [3.0, -1.0, 0.5], [0.5, 1.0, 1.0], [1.0, 1.0, -1.0]]
YS = [1.0, -1.0, -1.0, 1.0]
SEED = 5


def _close(got, want, rel=1e-9):
    return math.isclose(got, want, rel_tol=rel, abs_tol=1e-12)


def _number(x, name):
    """x as a float; a Value or anything else that is not a plain number is a hint."""
    if type(x).__name__ == "Value":
        raise Wrong(f"{name} is a Value: give the plain number (its .data), a float")
    require(is_number(x), f"{name} should be a number (a float), not {type(x).__name__}")
    return float(x)


# --- Exercise 1: the loss by hand -------------------------------------------------------

EX1_PREDICTIONS = [0.9, -0.6, -0.8, 0.5]


@exercise(1, section="Measuring how wrong: the loss")
def check_exercise_1(total, mse):
    total, mse = _number(total, "total_by_hand"), _number(mse, "mse_by_hand")
    errors = [p - y for p, y in zip(EX1_PREDICTIONS, YS)]
    n = len(errors)
    want_total = sum(e * e for e in errors)
    want_mse = want_total / n
    if _close(total, want_mse) and _close(mse, want_total):
        raise Wrong("the two numbers are swapped: the sum comes first, then the mean")
    if not _close(total, want_total):
        if _close(total, sum(abs(e) for e in errors)):
            raise Wrong("total_by_hand adds the absolute errors |prediction - target|: "
                        "square each error instead")
        if _close(total, sum(errors) ** 2) or _close(total, sum(errors)):
            raise Wrong("total_by_hand adds the errors with their signs, so they cancel: "
                        "square each error first, then add the squares")
        if _close(total, sum((p + y) ** 2 for p, y in zip(EX1_PREDICTIONS, YS))):
            raise Wrong("total_by_hand squares prediction + target: the error is prediction "
                        "MINUS target (mind the negative targets)")
        if _close(total, want_mse):
            raise Wrong("total_by_hand is the mean of the squares: the total is the sum, which "
                        "should not be divided by the count")
        raise Wrong("total_by_hand is not the sum of squared errors: for each example take "
                    "prediction - target, square it, and add the four squares")
    if _close(mse, want_total):
        raise Wrong("total_by_hand is right, but mse_by_hand is the same sum: the mean divides "
                    "it by the number of examples")
    if any(_close(mse, want_total / k) for k in range(2, 10) if k != n):
        raise Wrong("total_by_hand is right; mse_by_hand divides by the wrong count: one "
                    "term per example")
    require(_close(mse, want_mse), "total_by_hand is right, but mse_by_hand is not its mean "
                                   "over the examples")


# --- Exercise 2: a gradient by the chain rule -------------------------------------------

EX2 = dict(x=-1.5, w=0.8, b=0.2, y=1.0, lr=0.1)


def _ex2_gradients():
    """dL/dw and dL/db of L = (tanh(w*x + b) - y)**2, by the lesson's engine."""
    from micrograd import Value
    w, b = Value(EX2["w"]), Value(EX2["b"])
    loss = ((w * EX2["x"] + b).tanh() - EX2["y"]) ** 2
    loss.backward()
    return w.grad, b.grad


@exercise(2, section="One step of gradient descent, by hand")
def check_exercise_2(dL_dw, dL_db, w_next, b_next):
    dL_dw, dL_db = _number(dL_dw, "dL_dw"), _number(dL_db, "dL_db")
    w_next, b_next = _number(w_next, "w_next"), _number(b_next, "b_next")
    gw, gb = _ex2_gradients()
    x, w, b, y, lr = EX2["x"], EX2["w"], EX2["b"], EX2["y"], EX2["lr"]
    n = w * x + b
    o = math.tanh(n)
    for got, want, name in [(dL_db, gb, "dL_db"), (dL_dw, gw, "dL_dw")]:
        if _close(got, want):
            continue
        if _close(got, -want):
            raise Wrong(f"{name} has the wrong sign: dL/do = 2(o - y), and o is below its target")
        if _close(got, want / 2):
            raise Wrong(f"{name} is half of what it should be: the derivative of (o - y)**2 "
                        "is 2(o - y); keep the 2")
        if _close(got, want / (1 - o * o)):
            raise Wrong(f"{name} leaves out tanh's local derivative do/dn = 1 - o**2")
        if _close(got, want / (1 - o * o) * (1 - n * n)):
            raise Wrong(f"{name} uses 1 - n**2 for tanh's derivative: it is 1 - o**2, with "
                        "o = tanh(n) the output")
        if name == "dL_dw" and _close(got, gb):
            raise Wrong("dL_dw equals dL_db: the last factor differs, dn/dw = x while dn/db = 1")
        if name == "dL_db" and _close(got, gw):
            raise Wrong("dL_db equals dL_dw: dn/db is 1, not x")
        if name == "dL_dw" and _close(got, gb * w):
            raise Wrong("dL_dw multiplies by w: dn/dw is the input x, the number w multiplies")
        if _close(got, want, rel=1e-2):
            # a rounded o = tanh(n), such as -0.76 (0.5 % off), lands here
            raise Wrong(f"{name} is close but not exact: keep every digit of o = tanh(n) "
                        "(use math.tanh), do not round along the way")
        raise Wrong(f"{name} is not right: write it as dL/do * do/dn * dn/d{name[-1]} and find "
                    "each factor at n = w*x + b")
    for got, param, grad, name in [(w_next, w, gw, "w_next"), (b_next, b, gb, "b_next")]:
        if _close(got, param - lr * grad):
            continue
        if _close(got, param + lr * grad):
            raise Wrong(f"{name} moves WITH the gradient, uphill: subtract lr * gradient")
        if _close(got, param - grad):
            raise Wrong(f"{name} takes a whole gradient as the step: multiply it by the "
                        "learning rate first")
        if _close(got, -lr * grad):
            raise Wrong(f"{name} is only the step: add it to the parameter's current value")
        if _close(got, param - lr * grad, rel=1e-2):
            raise Wrong(f"{name} is close but not exact: compute it from the unrounded "
                        "gradient, new = old - lr * gradient")
        raise Wrong(f"{name} is not the parameter after one step: new = old - lr * gradient")


# --- Exercise 3: a training loop of your own --------------------------------------------

# (targets, steps, learning rate): the first call is the task's, the second one it did not show.
EX3_RUNS = [([1.0, 1.0, -1.0, -1.0], 100, 0.1), ([-1.0, 1.0, 1.0, -1.0], 30, 0.05)]


def _fresh_model():
    from micrograd import MLP
    return MLP(3, [4, 4, 1], activation='tanh', output_activation='tanh',
               rng=random.Random(SEED))


def _reference(targets, steps, lr, *, zero=True, sign=1.0, mean=False, xs=XS):
    """The parameters after training make_model() the lesson's way, or a known wrong way."""
    model = _fresh_model()
    for _ in range(steps):
        loss = sum((model(x) - y) ** 2 for x, y in zip(xs, targets))
        if mean:
            loss = loss * (1.0 / len(targets))
        if zero:
            model.zero_grad()
        loss.backward()
        for p in model.parameters():
            p.data -= sign * lr * p.grad
    return [p.data for p in model.parameters()]


def _parameters_of(model):
    require(hasattr(model, "parameters"), "train_on should return the trained model "
                                          f"(an MLP), not {type(model).__name__}")
    params = model.parameters()
    require(len(params) == 41, f"train_on returned a model with {len(params)} parameters: "
                               "train make_model()'s MLP(3, [4, 4, 1])")
    return [p.data if type(p).__name__ == "Value" else p for p in params]


def _same(a, b):
    return all(math.isclose(p, q, rel_tol=1e-6, abs_tol=1e-9) for p, q in zip(a, b))


@exercise(3, section="Gradient descent in a loop")
def check_exercise_3(train_on):
    require(callable(train_on) and not hasattr(train_on, "parameters"),
            "pass the function itself, not a model: check_exercise_3(train_on)")
    trained = []
    for number, (targets, steps, lr) in enumerate(EX3_RUNS):
        trained.append(train_on(list(targets), steps, lr))
        got = _parameters_of(trained[-1])
        if _same(got, _reference(targets, steps, lr)):
            continue
        if _same(got, [p.data for p in _fresh_model().parameters()]):
            if all(getattr(p, "grad", None) == 0 for p in trained[-1].parameters()):
                # zero_grad() between backward() and the update (or no backward() at all)
                raise Wrong("the model comes back with its initial weights because every "
                            "gradient is 0 when the update runs: the gradients were zeroed "
                            "between backward() and the update (or backward() never ran). "
                            "The order is zero_grad(), backward(), then the update")
            raise Wrong("the model comes back with its initial weights: after backward(), "
                        "update every parameter, p.data -= lr * p.grad, at each step")
        if _same(got, _reference(YS, steps, lr)):
            raise Wrong("your loop trains on the lesson's ys: use the targets argument")
        if _same(got, _reference(targets, steps, lr, zero=False)):
            raise Wrong("the gradients are never reset: call model.zero_grad() before "
                        "loss.backward() at every step")
        if _same(got, _reference(targets, steps, lr, sign=-1.0)):
            raise Wrong("the update adds lr * grad: move against the gradient (subtract)")
        if _same(got, _reference(targets, steps, lr, mean=True)):
            raise Wrong("your loss is the mean squared error: this exercise trains on the sum")
        for other in (steps - 1, steps + 1):
            if _same(got, _reference(targets, other, lr)):
                raise Wrong(f"your loop takes {other} steps when asked for {steps}: "
                            "use range(steps)")
        again = _parameters_of(train_on(list(targets), steps, lr))
        if not _same(got, again):
            raise Wrong("two calls with the same arguments return different models: start "
                        "every call from a fresh make_model()")
        where = "the task's call" if number == 0 else "a call with other targets, steps and rate"
        raise Wrong(f"for {where}, the trained weights differ from gradient descent done the "
                    "lesson's way: forward (sum of squared errors over xs), zero_grad(), "
                    "backward(), then p.data -= lr * p.grad for every parameter")
    # the outcome: the task's run fits its targets
    loss = sum((trained[0](x).data - y) ** 2 for x, y in zip(XS, EX3_RUNS[0][0]))
    return f"100 steps on the new targets bring the loss down to {loss:.6f}."
