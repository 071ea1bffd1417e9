"""Checks for lesson 7, An engine built to last.

Every expected answer is computed here: SiLU and its slope from the formula (and a central
difference), depths by the check's own pass over a topological order, gradients by the
engine's own backward() on a copy of the same graph. Hints name the mistake, never the answer.
The learner's code for exercises 2 and 3 runs under Python's usual recursion limit, which it
cannot raise (see _usual_recursion_limit).
"""
import contextlib
import math
import sys

from checks import Wrong, exercise, require

import micrograd.engine


def _close(x, y, rel=1e-9, abs_=1e-12):
    return math.isclose(x, y, rel_tol=rel, abs_tol=abs_)


def _value_class(fn):
    """The Value class the learner's function builds with: the `Value` of the notebook it was
    written in (so inputs and results are of one class), else the package's engine."""
    cls = getattr(fn, "__globals__", {}).get("Value")
    if isinstance(cls, type) and hasattr(cls, "backward") and hasattr(cls, "_backward"):
        return cls
    return micrograd.engine.Value


def _is_value(x):
    return all(hasattr(x, name) for name in ("data", "grad", "_prev", "_local", "backward"))


# ---- Exercise 1: silu(v) = v * sigmoid(v) as one node with its local derivative

def _sigmoid(x):
    z = math.exp(-abs(x))
    return 1.0 / (1.0 + z) if x >= 0 else z / (1.0 + z)


def _silu(x):
    return x * _sigmoid(x)


def _silu_slope(x):
    s = _sigmoid(x)
    return s * (1.0 + x * (1.0 - s))


SILU_POINTS = (-6.0, -1.5, -0.25, 0.0, 0.7, 3.0, 40.0, -800.0, 800.0)


def _slope_hint(slope, x):
    """A hint for a stored local derivative that is not silu's, or None."""
    s = _sigmoid(x)
    for wrong, hint in [
        (s, "the local derivative you stored is sigmoid(x) alone: silu is a product, x times "
            "sigmoid(x), and the product rule adds a second term"),
        (s * (1 - s), "the local derivative you stored is the sigmoid's own derivative; silu is x "
                      "times sigmoid(x), so use the product rule"),
        (x * s * (1 - s), "the local derivative you stored is only x * sigmoid'(x): the product rule "
                          "also adds the sigmoid itself"),
        (x * s, "the local derivative you stored is silu's value, not its slope"),
    ]:
        if _close(slope, wrong):
            return hint
    return None


@exercise(1, section="The engine")
def check_exercise_1(silu):
    require(callable(silu), f"give the function silu itself, not {type(silu).__name__}")
    Value = _value_class(silu)
    for x0 in SILU_POINTS:
        v = Value(x0)
        try:
            out = silu(v)
        except OverflowError:
            raise Wrong(f"silu overflowed at x = {x0}: compute the sigmoid from exp(-|x|), as "
                        "the engine's sigmoid does, so that the exponential is at most 1")
        except ValueError as error:     # the engine's message when _local is left empty
            if "_local: 0" not in str(error):
                raise
            raise Wrong("Value(...) got no local derivative: pass it by name, "
                        "_local=(slope,) (the fourth argument by position is the label)") from None
        require(out is not None, "silu returns nothing: end it with return Value(...)")
        require(_is_value(out), f"silu must return a Value, not {type(out).__name__}")
        require(out is not v, "silu returned its input: make a new Value for the result")
        if tuple(out._prev) != (v,):
            raise Wrong("silu(v) must be one new node whose only child is v, "
                        "Value(result, (v,), 'silu', _local=(slope,)), not a chain of operations")
        require(out._op == 'silu', f"name the operation 'silu' (the third argument), not {out._op!r}")
        require(len(out._local) == 1, "give one local derivative, for the one child v")
        if not _close(out.data, _silu(x0)):
            require(not _close(out.data, _sigmoid(x0)),
                    "the value is sigmoid(x); silu is x times sigmoid(x)")
            raise Wrong(f"the value of silu at x = {x0} is not x * sigmoid(x)")
        slope = out._local[0]
        if not _close(slope, _silu_slope(x0)):
            raise Wrong(_slope_hint(slope, x0) or
                        f"at x = {x0} the local derivative you stored is not the slope of "
                        "x * sigmoid(x): differentiate the product")
        out.backward()
        require(_close(v.grad, _silu_slope(x0)),
                "backward() does not pass the stored local derivative to v: return the node "
                "made with Value(...), unchanged")
        if abs(x0) < 50:                    # the slope measured, not only the formula
            h = 1e-6
            measured = (_silu(x0 + h) - _silu(x0 - h)) / (2 * h)
            require(math.isclose(v.grad, measured, rel_tol=1e-6, abs_tol=1e-8),
                    f"at x = {x0} the gradient does not match the measured slope")
    return None


# ---- Exercise 2: depth_iterative(v), the longest path from a leaf, without recursion

def _depths(root, pick=max):
    """The check's own answer: one pass over a topological order. With pick=min, the
    shortest path instead, a mistake the hints recognise."""
    depths = {}
    for node in micrograd.engine._topological_order(root):
        depths[node] = 1 + pick(depths[c] for c in node._prev) if node._prev else 0
    return depths[root]


def _chain(length):
    V = micrograd.engine.Value
    total = V(0.0)
    for _ in range(length):
        total = total + 1.0
    return total


def _depth_graphs():
    """(name, root) of graphs the learner has not seen; their depths differ from their numbers
    of values and of operations, and from the shortest and the first-child paths."""
    V = micrograd.engine.Value
    graphs = [("a leaf", V(3.0))]
    x1, x2, w1, w2, b = V(2.0), V(0.0), V(-3.0), V(1.0), V(0.5)
    graphs.append(("a neuron", (x1 * w1 + x2 * w2 + b).tanh()))
    a = V(1.5)
    graphs.append(("a shallow first child, a deep second one", a + ((a * a).exp() - 1.0).tanh()))
    deep, shallow = _chain(12), V(2.0) * 3.0
    graphs.append(("a deep first child, a shallow second one", deep * shallow))
    p = V(0.5)
    q = p * p + p
    graphs.append(("a value used by several operations", (q * p + q * q).relu() - p))
    return graphs


class _TooManyVisits(Exception):
    pass


_first_operand = micrograd.engine.Value._a          # the slot's own descriptor


class _Counted(micrograd.engine.Value):
    """A real Value that counts how often its first operand is read: `_prev` reads it, and
    so does a test for a leaf such as `v._a is None`, so a walk that goes below a shared
    value again and again runs out of reads. Everything else is the engine's own."""
    __slots__ = ()
    budget = 0

    @property
    def _a(self):
        _Counted.budget -= 1
        if _Counted.budget < 0:
            raise _TooManyVisits
        return _first_operand.__get__(self)

    @_a.setter
    def _a(self, operand):
        _first_operand.__set__(self, operand)


def _squarings(times):
    """y = y * y repeated `times` times, from real Values that count their reads."""
    y = _Counted(1.0)
    for _ in range(times):
        y = _Counted(y.data * y.data, (y, y), '*', _local=(y.data, y.data))
    return y


def _ignore(limit):
    """Stands in for sys.setrecursionlimit while the learner's code runs."""


@contextlib.contextmanager
def _usual_recursion_limit():
    """Python's usual limit of 1000 nested calls while the learner's code runs, whatever the
    notebook set, and sys.setrecursionlimit out of that code's reach (it does nothing until
    the check ends): under a raised limit, a deep recursion whose levels pass through C code
    (max() of a generator, say) runs out of the C stack and, on Python 3.11, crashes the
    process instead of raising RecursionError. So a recursive answer gets RecursionError, and
    a hint, even if it raises the limit itself."""
    limit, set_limit = sys.getrecursionlimit(), sys.setrecursionlimit
    set_limit(1000)
    sys.setrecursionlimit = _ignore
    try:
        yield
    finally:
        sys.setrecursionlimit = set_limit
        set_limit(limit)


STILL_RECURSIVE = ("it raises RecursionError on a chain of {:,} operations: it is still recursive. "
                   "Keep your own stack (or walk a topological order) instead. Raising the limit "
                   "with sys.setrecursionlimit is no fix: the check runs your code under the usual "
                   "limit (setrecursionlimit does nothing meanwhile), and a deep recursion through "
                   "max(...) or another C function can crash Python 3.11 itself")


def _first_child_path(root):
    depth = 0
    while root._prev:
        root, depth = root._prev[0], depth + 1
    return depth


@exercise(2, section="A graph too deep for recursion")
def check_exercise_2(depth_iterative):
    require(callable(depth_iterative),
            f"give the function depth_iterative itself, not {type(depth_iterative).__name__}")
    with _usual_recursion_limit():
        return _check_depths(depth_iterative)


def _check_depths(depth_iterative):
    graphs = _depth_graphs()
    got = []
    for name, root in graphs:
        depth = depth_iterative(root)
        require(isinstance(depth, int) and not isinstance(depth, bool),
                f"depth_iterative must return a whole number (an int), not {type(depth).__name__}")
        got.append(depth)
    want = [_depths(root) for _, root in graphs]
    if got != want:
        orders = [micrograd.engine._topological_order(root) for _, root in graphs]
        for pattern, hint in [
            ([len(order) for order in orders],
             "it counts the values of the graph; the depth counts the operations on the "
             "longest path from a leaf"),
            ([sum(1 for v in order if v._prev) for order in orders],
             "it counts all the operations; the depth counts only those on the longest path "
             "from a leaf"),
            ([w + 1 for w in want], "one too many everywhere: a leaf has depth 0"),
            ([max(w - 1, 0) for w in want],
             "one too few: every operation on the path counts, the last one included"),
            ([_depths(root, pick=min) for _, root in graphs],
             "that is the shortest path from a leaf: the deepest child decides, so take the "
             "largest of the children's depths"),
            ([_first_child_path(root) for _, root in graphs],
             "it follows only the first child: look at every child, not only the first, and "
             "take the largest"),
        ]:
            require(got != pattern, hint)
        name = next(name for (name, _), g, w in zip(graphs, got, want) if g != w)
        raise Wrong(f"wrong depth for {name}: the depth of a value is 1 more than the deepest of "
                    "its children (0 for a leaf)")
    try:
        got = depth_iterative(_chain(100_000))
    except RecursionError:
        raise Wrong(STILL_RECURSIVE.format(100_000))
    require(got == 100_000, "wrong depth for a chain of 100,000 additions")
    times = 40
    _Counted.budget = 50 * (times + 1)
    try:
        got = depth_iterative(_squarings(times))
    except _TooManyVisits:
        raise Wrong("on y = y * y repeated 40 times it visits the shared values again and again "
                    "(about 2**40 paths): remember the depth of every value you have finished, "
                    "and look it up instead of walking below it again")
    require(got == times, "wrong depth for y = y * y repeated 40 times")
    return None


# ---- Exercise 3: gradients(root), d(root)/d(value) for every value, leaving .grad alone

def _gradient_graphs():
    """(name, build) for graphs the learner has not seen; build() makes a new copy of the
    graph and returns its root, so the check can run backward() on a copy of its own."""
    V, weighted_sum = micrograd.engine.Value, micrograd.engine.weighted_sum

    def neuron():
        x1, x2, w1, w2, b = V(2.0), V(-1.0), V(-3.0), V(1.0), V(0.5)
        return (x1 * w1 + x2 * w2 + b).tanh()

    def reused():
        a = V(1.5)
        b = a * a + a
        return b * a - (b + 2.0).log()

    def weighted():
        w, x = V(0.8), V(-1.2)
        h = weighted_sum([w, w, x], [x, 0.5, w], x)
        return weighted_sum([h, w], [h, 3.0], 0.25).sigmoid()

    def relu_at_both_sides():
        a, b = V(0.9), V(-0.4)
        return (a * b).relu() + (a - b).relu() * a

    return [("lesson 3's neuron", neuron), ("a value used several times", reused),
            ("weighted sums that use a value more than once", weighted),
            ("relu on both sides of 0", relu_at_both_sides)]


def _variant(root, reverse=True, accumulate=True):
    order = micrograd.engine._topological_order(root)
    grads = dict.fromkeys(order, 0.0)
    grads[root] = 1.0
    for v in (reversed(order) if reverse else order):
        for child, local in zip(v._prev, v._local):
            grads[child] = (grads[child] if accumulate else 0.0) + local * grads[v]
    return [grads[v] for v in order]


def _close_lists(xs, ys):
    return all(math.isclose(x, y, rel_tol=1e-9, abs_tol=1e-12) for x, y in zip(xs, ys))


def _learners_gradients(gradients, root, order):
    """The learner's answer for root as a list in the order of `order`, after making sure it is
    a dict of every value of the graph and that it left every .grad alone (each is set to NaN
    first, so an answer that reads .grad shows NaN)."""
    for v in order:
        v.grad = math.nan
    result = gradients(root)
    require(result is not None, "gradients returns nothing: end it with return and the dict")
    require(isinstance(result, dict),
            f"gradients must return a dict, {{value: gradient}}, not {type(result).__name__}")
    require(all(math.isnan(v.grad) for v in order),
            "it changed the .grad of values of the graph (did it call backward()?): keep the "
            "gradients in your dict only, and leave every .grad as it was")
    if root not in result and result and all(isinstance(k, (int, str)) for k in result):
        raise Wrong("key the dict by the values themselves, {value: gradient}, not by id(value) "
                    "or a label: a Value can be a dict key (it hashes by identity)")
    require(root in result, "the root itself belongs in the dict: its gradient with respect to "
                            "itself is where the chain rule starts")
    require(all(v in result for v in order if not v._prev),
            "the leaves are missing: every value of the graph belongs in the dict, leaves "
            "included (theirs are the gradients training needs)")
    require(all(v in result for v in order), "some values of the graph are missing from the "
                                             "dict: give every value of root's graph a gradient")
    require(len(result) == len(order), "the dict has keys that are not values of root's graph: "
                                       "key it by the values themselves")
    got = [result[v] for v in order]
    require(all(isinstance(g, (int, float)) and not isinstance(g, bool) for g in got),
            "the dict's gradients must be numbers (floats)")
    require(not any(math.isnan(g) for g in got),
            "some gradients are NaN: your answer reads .grad (the check set every .grad to NaN "
            "first); start each value's gradient in your own dict instead")
    return got


@exercise(3, section="Local derivatives stored as numbers")
def check_exercise_3(gradients):
    require(callable(gradients), f"give the function gradients itself, not {type(gradients).__name__}")
    with _usual_recursion_limit():
        return _check_gradients(gradients)


def _check_gradients(gradients):
    for name, build in _gradient_graphs():
        root = build()
        order = micrograd.engine._topological_order(root)
        got = _learners_gradients(gradients, root, order)
        reference = build()
        reference.backward()
        want = [v.grad for v in micrograd.engine._topological_order(reference)]
        if _close_lists(got, want):
            continue
        require(any(g != 0 for g in got),
                "every gradient is 0: the root's gradient with respect to itself is 1, and the "
                "pass starts from there")
        require(not _close_lists(got, _variant(root, reverse=False)),
                "it goes through the values leaves first: a value's gradient is complete only "
                "once every value that uses it has passed its share on, so go through the "
                "topological order in reverse")
        require(not _close_lists(got, _variant(root, accumulate=False)),
                "a value that is a child more than once gets only its last share: add each "
                "share to what it has (+=), do not replace it")
        raise Wrong(f"wrong gradients for {name}: each value passes its gradient times the local "
                    "derivative to each child, adding to what the child has")
    try:
        got = gradients(_chain(10_000))
    except RecursionError:
        raise Wrong(STILL_RECURSIVE.format(10_000))
    require(isinstance(got, dict) and len(got) == 20_001 and all(g == 1.0 for g in got.values()),
            "wrong gradients for a chain of 10,000 additions: each should be 1")
    return None
