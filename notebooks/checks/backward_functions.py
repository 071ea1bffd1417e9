"""Checks for the exercises of lesson 4, A backward function per operation.

The expected gradients are computed here, by a small engine of the lesson's kind (closures
that set their inputs' gradients with `=`) or from the local derivatives; hints name the
mistake, never the expected numbers.
"""
import math

from checks import Wrong, exercise, is_number, require


def _close(x, y):
    return math.isclose(x, y, rel_tol=1e-9, abs_tol=1e-12)


class _Value:
    """The lesson's Value, as it stands in lesson 4 (closures assign with `=`)."""

    def __init__(self, data, _children=(), _op='', label=''):
        self.data, self.grad, self.label = data, 0.0, label
        self._prev, self._op = tuple(_children), _op
        self._backward = lambda: None

    def __add__(self, other):
        out = _Value(self.data + other.data, (self, other), '+')

        def _backward():
            self.grad = out.grad
            other.grad = out.grad
        out._backward = _backward
        return out

    def __mul__(self, other):
        out = _Value(self.data * other.data, (self, other), '*')

        def _backward():
            self.grad = other.data * out.grad
            other.grad = self.data * out.grad
        out._backward = _backward
        return out

    def tanh(self):
        t = math.tanh(self.data)
        out = _Value(t, (self,), 'tanh')

        def _backward():
            self.grad = (1 - t * t) * out.grad
        out._backward = _backward
        return out


def _looks_like_value(v):
    return all(hasattr(v, name) for name in ('data', 'grad', '_prev', '_op', '_backward'))


# Exercise 1: p = 1.5, q = -2, r = 2.5, s = p*q, t = s + r, u = tanh(t), by calling closures.

EX1 = {'p': 1.5, 'q': -2.0, 'r': 2.5}


def ex1_gradients(p, q, r):
    """The gradients of u, from the local derivatives, output first."""
    u = math.tanh(p * q + r)
    g = {'u': 1.0}
    g['t'] = (1 - u * u) * g['u']
    g['s'] = g['r'] = g['t']
    g['p'] = q * g['s']
    g['q'] = p * g['s']
    return g


def _ex1_nodes(u):
    """The learner's graph, by name, after checking its shape."""
    shape = ("build s = p * q, t = s + r, u = t.tanh() with the Value class of the lesson, "
             "and return u")
    require(_looks_like_value(u), f"return u, the Value at the end of the expression, not "
                                  f"{type(u).__name__}")
    require(u._op == 'tanh' and len(u._prev) == 1, shape)
    t = u._prev[0]
    require(t._op == '+' and len(t._prev) == 2, shape)
    products = [v for v in t._prev if v._op == '*']
    require(len(products) == 1, shape)
    s = products[0]
    r = t._prev[1] if t._prev[0] is s else t._prev[0]
    require(len(s._prev) == 2 and not r._prev, shape)
    p, q = sorted(s._prev, key=lambda v: -v.data)  # p = 1.5 is the larger factor
    require((p.data, q.data, r.data) == (EX1['p'], EX1['q'], EX1['r']) and not p._prev
            and not q._prev, "p, q and r must be leaves with data 1.5, -2.0 and 2.5")
    return {'u': u, 't': t, 's': s, 'r': r, 'p': p, 'q': q}


@exercise(1, section="The running example, backwards")
def check_exercise_1(backprop_by_closures):
    require(callable(backprop_by_closures),
            "pass the function itself: check_exercise_1(backprop_by_closures)")
    v = _ex1_nodes(backprop_by_closures())
    got = {name: v[name].grad for name in v}
    want = ex1_gradients(**EX1)
    for name, grad in got.items():
        require(is_number(grad), f"{name}.grad is {grad!r}, not a number")
    if not _close(got['u'], want['u']):
        if got['u'] == 0:
            raise Wrong("u.grad is still 0: seed it (du/du) before calling any closure")
        raise Wrong("u.grad is the seed, du/du: set it before calling u._backward()")
    if not _close(got['t'], want['t']):
        if got['t'] == 0:
            raise Wrong("t.grad is still 0: call u._backward() first, once u.grad is seeded")
        if _close(got['t'], got['u']):
            raise Wrong("t.grad skips tanh's local derivative: let u._backward() set it")
        raise Wrong("t.grad is not what u._backward() gives it: was u.grad seeded before the call?")
    if not (_close(got['s'], want['s']) and _close(got['r'], want['r'])):
        if got['s'] == 0 and got['r'] == 0:
            raise Wrong("s.grad and r.grad are still 0: t._backward() has not run after t got "
                        "its gradient")
        raise Wrong("s.grad or r.grad is not what t._backward() gives them")
    if not (_close(got['p'], want['p']) and _close(got['q'], want['q'])):
        if got['p'] == 0 and got['q'] == 0:
            raise Wrong("p.grad and q.grad are 0: s._backward() must run after s has its "
                        "gradient, that is after t._backward()")
        if _close(got['p'], -want['p']) and _close(got['q'], -want['q']):
            raise Wrong("p.grad and q.grad have the wrong sign")
        raise Wrong("p.grad or q.grad is not what s._backward() gives them")


# Exercise 2: the running example with its closures called in the order L, e, d.

EX2_LABELS = ('a', 'b', 'c', 'd', 'e', 'f')


def _running_example(order):
    a, b, c, f = _Value(2.0), _Value(-3.0), _Value(10.0), _Value(-2.0)
    e = a * b
    d = e + c
    L = d * f
    nodes = {'a': a, 'b': b, 'c': c, 'd': d, 'e': e, 'f': f, 'L': L}
    L.grad = 1.0
    for label in order:
        nodes[label]._backward()
    return {label: nodes[label].grad for label in EX2_LABELS}


@exercise(2, section="The order is doing real work")
def check_exercise_2(bad_order_grads):
    given = bad_order_grads
    require(isinstance(given, dict), "give a dict that maps each label to its gradient, such as "
                                     f"{{'a': ..., 'b': ...}}, not a {type(given).__name__}")
    missing = [label for label in EX2_LABELS if label not in given]
    require(not missing, f"the dict has no gradient for {', '.join(map(repr, missing))}")
    unfilled = [label for label in EX2_LABELS if given[label] is ...]
    require(not unfilled, "replace every ... in the dict with a number; still ... for "
                          f"{', '.join(map(repr, unfilled))}")
    for label in EX2_LABELS:
        value = given[label]
        if hasattr(value, 'data'):
            raise Wrong(f"the gradient of {label} is a Value: give a number")
        require(is_number(value), f"the gradient of {label} must be a number, not {value!r}")
    want = _running_example(['L', 'e', 'd'])
    if all(_close(given[k], want[k]) for k in EX2_LABELS):
        return None
    if all(_close(given[k], v) for k, v in _running_example(['L', 'd', 'e']).items()):
        raise Wrong("those are the gradients of the good order. Here e's closure runs second: "
                    "what is e.grad at that moment?")
    if not (_close(given['d'], want['d']) and _close(given['f'], want['f'])):
        raise Wrong("L's closure runs first, right after the seed: it gives d and f the same "
                    "gradients as in the good order")
    if not (_close(given['a'], want['a']) and _close(given['b'], want['b'])):
        raise Wrong("look at a and b: e's closure pushes the gradient e holds at the moment it "
                    "runs, and e gets its gradient only later")
    raise Wrong("look at c and e: d's closure runs last, after L's closure has set d.grad")


# Exercise 3: sigmoid(v), a new operation with its own backward closure.

class _Leaf:
    """An input for the learner's sigmoid: the attributes a leaf Value has."""

    def __init__(self, data):
        self.data, self.grad, self.label = data, 0.0, ''
        self._prev, self._op = (), ''
        self._backward = lambda: None


def _sigmoid(x):
    return 1.0 / (1.0 + math.exp(-x))


@exercise(3, section="Working out a new local derivative")
def check_exercise_3(sigmoid):
    require(callable(sigmoid), "pass the function itself: check_exercise_3(sigmoid)")
    for x, arriving in ((0.5, 1.0), (-2.0, 2.0), (0.0, -0.5), (3.0, 1.5), (-7.5, 1.0)):
        v = _Leaf(x)
        out = sigmoid(v)
        require(_looks_like_value(out),
                f"sigmoid must return a new Value (built with the lesson's class), not "
                f"{type(out).__name__}")
        s = _sigmoid(x)
        require(is_number(out.data), f"the output's data must be a number, not {out.data!r}")
        if not _close(out.data, s):
            if _close(out.data, 1.0 / (1.0 + math.exp(x))):
                raise Wrong(f"at v.data = {x} the output is off: check the sign of the exponent")
            raise Wrong(f"at v.data = {x} the output's data is not the sigmoid of v.data")
        require(tuple(out._prev) == (v,) and len(out._prev) == 1 and out._prev[0] is v,
                "the output's children must be (v,): it keeps the graph connected")
        require(out._op == 'sigmoid', f"the output's operation must be 'sigmoid', not {out._op!r}")
        require(v.grad == 0.0, "building the output already changed v.grad: the backward step "
                               "belongs in the closure, which runs only when called")
        require(callable(out._backward) and out._backward is not v._backward,
                "store the closure on the output: out._backward = _backward")
        out.grad = arriving          # a gradient that arrives from further up, after the forward
        out._backward()
        local = s * (1 - s)
        got = v.grad
        require(is_number(got), f"after out._backward(), v.grad is {got!r}, not a number")
        if _close(got, local * arriving):
            continue
        if got == 0.0:
            raise Wrong("out._backward() left v.grad at 0: store the closure as out._backward, and "
                        "let it read out.grad when it runs (not when the output is built)")
        if _close(got, local):
            raise Wrong("v.grad is the local derivative alone: multiply it by out.grad")
        if _close(got, (1 - s * s) * arriving):
            raise Wrong("that is tanh's local derivative written with the output, not the sigmoid's")
        if _close(got, s * arriving) or _close(got, (1 - s) * arriving):
            raise Wrong("the local derivative is missing a factor: derive it from "
                        "(1 + exp(-x)) ** -1 with the chain rule, then write exp(-x) with s")
        if _close(got, -local * arriving):
            raise Wrong("v.grad has the wrong sign")
        if _close(got, -s * s * arriving):
            raise Wrong("that is the derivative of the outer power alone, -(1 + exp(-x)) ** -2: the "
                        "chain rule multiplies it by the derivative of the inside, 1 + exp(-x)")
        if _close(got, math.exp(-x) * arriving):
            raise Wrong("the derivative of exp(-x) is only part of it: (1 + exp(-x)) ** -1 is a "
                        "chain of two functions")
        raise Wrong(f"at v.data = {x}, v.grad is not the local derivative times out.grad")
