"""Checks for lesson 7, An engine built to last.

Every expected answer is computed here: SiLU and its slope from the formula (and a central
difference), depths by the check's own pass over a topological order, object counts by
measuring lesson 6's engine and this lesson's with the collector switched off (and the
predicted count from the closures' variables). Hints name the mistake, never the answer.
"""
import contextlib
import functools
import gc
import math
import sys
import time

from checks import Wrong, exercise, require

import micrograd.closure_engine
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


@exercise(1)
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


@contextlib.contextmanager
def _usual_recursion_limit():
    """Python's usual limit of 1000 nested calls while the learner's code runs, whatever
    the notebook set: under a raised limit, a deep recursion whose levels pass through C code
    (max() of a generator, say) runs out of the C stack and, on Python 3.11, crashes the
    process instead of raising RecursionError."""
    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(1000)
    try:
        yield
    finally:
        sys.setrecursionlimit(limit)


def _first_child_path(root):
    depth = 0
    while root._prev:
        root, depth = root._prev[0], depth + 1
    return depth


@exercise(2)
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
        raise Wrong("it raises RecursionError on a chain of 100,000 operations: it is still "
                    "recursive. Keep your own stack (or walk a topological order) instead; "
                    "raising the limit with sys.setrecursionlimit is no fix (the check runs "
                    "your code under the usual limit): a recursion through max(...) or another "
                    "C function still fails, on Python 3.11 by crashing Python itself")
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


# ---- Exercise 3: objects the collector tracks for sigmoid_by_hand, both engines

_kept = []                               # the lesson's `kept`: it holds on to every x


def sigmoid_by_hand(Value):
    """The exercise's expression, as the lesson defines it: x is kept after the result is
    dropped, as a model keeps its weights."""
    x = Value(0.5)
    _kept.append(x)
    return 1 / (1 + (-x).exp())


def _tracked(build):
    """(objects added, left after del, freed by a collection then), counted with the
    collector switched off and no other thread running (Jupyter's threads would otherwise
    add and free objects)."""
    build()                              # once first: caches Python fills on first use
    gc.collect()
    enabled = gc.isenabled()
    gc.disable()
    switch_interval = sys.getswitchinterval()
    sys.setswitchinterval(1000)
    time.sleep(0.05)                     # let them finish first (e.g. sending printed output)
    try:
        before = len(gc.get_objects())
        result = build()
        made = len(gc.get_objects()) - before
        del result
        left = len(gc.get_objects()) - before
        freed = gc.collect()
    finally:
        sys.setswitchinterval(switch_interval)
        if enabled:
            gc.enable()
    return made, left, freed


@functools.cache
def _counts():
    """The engines' measured numbers, once per session (each measurement collects garbage
    twice and waits for other threads, which takes a moment in a big process)."""
    return (_tracked(lambda: sigmoid_by_hand(micrograd.closure_engine.Value)),
            _tracked(lambda: sigmoid_by_hand(micrograd.engine.Value)))


def _values(root):
    """Every value of the graph of root, with either engine (only _prev is read)."""
    seen, todo = {id(root): root}, [root]
    while todo:
        for child in todo.pop()._prev:
            if id(child) not in seen:
                seen[id(child)] = child
                todo.append(child)
    return list(seen.values())


def _predicted(cells):
    """Problem 2's rule for lesson 6's engine: a leaf is 2 objects (the Value, its lambda),
    an operation 4 (the Value, its closure, the closure's tuple of cells, _prev) plus its
    cells, `cells(v)` of them."""
    values = _values(sigmoid_by_hand(micrograd.closure_engine.Value))
    return sum(4 + cells(v) if v._prev else 2 for v in values)


NEG_HINT = ("a closure keeps one cell per variable it uses, and not every closure uses three: "
            "neg's uses two (self and out)")


@exercise(3)
def check_exercise_3(closure_predicted, closure_made, closure_left, ours_made, ours_left):
    answers = {"closure_predicted": closure_predicted, "closure_made": closure_made,
               "closure_left": closure_left, "ours_made": ours_made, "ours_left": ours_left}
    for name, answer in answers.items():
        require(not isinstance(answer, tuple),
                f"{name} is a tuple: give one number per variable (tracked_objects returns "
                "three, made, left and freed)")
        require(isinstance(answer, int) and not isinstance(answer, bool),
                f"{name} must be a whole number of objects (an int), not {type(answer).__name__}")
    (c_made, c_left, c_freed), (o_made, o_left, o_freed) = _counts()
    predicted = _predicted(lambda v: len(v._backward.__code__.co_freevars))
    measured = (closure_made, closure_left, ours_made, ours_left)
    if closure_predicted == predicted and measured == (c_made, c_left, o_made, o_left):
        return None
    if measured == (o_made, o_left, c_made, c_left):
        raise Wrong("the two engines' numbers are swapped: lesson 6's engine is the one with "
                    "closures")
    three_cells = _predicted(lambda v: 3)
    closure_values = len(_values(sigmoid_by_hand(micrograd.closure_engine.Value)))
    if closure_predicted != predicted:
        require(closure_predicted != three_cells, f"closure_predicted gives every operation "
                f"three cells: {NEG_HINT}; list each one's with _backward.__code__.co_freevars")
        require(closure_predicted != closure_values,
                "closure_predicted counts the Values of the graph; predict the objects: a leaf "
                "is two (the Value and its lambda), an operation four (the Value, its closure, "
                "the closure's tuple of cells, _prev) plus its cells")
        raise Wrong("closure_predicted does not follow Problem 2's rule: a leaf is two objects, "
                    "an operation four plus one cell per variable its closure uses (read the "
                    "closures in lesson 6, or list _backward.__code__.co_freevars of each value)")
    if closure_made != c_made:
        require(closure_made != three_cells, f"closure_made is not what tracked_objects "
                f"measures, but the rule with three cells for every closure: {NEG_HINT}")
        require(closure_made != closure_values,
                "closure_made counts the Values of the graph; count every object the collector "
                "tracks (the closures, their cells, the tuples): len(gc.get_objects()) before "
                "and after")
        raise Wrong("closure_made is not the number of objects that building "
                    "sigmoid_by_hand(ClosureValue) adds: measure with the collector switched off "
                    "(gc.disable()), as tracked_objects does")
    if closure_left != c_left:
        require(closure_left != 0,
                "closure_left is 0: lesson 6's objects are in cycles, so they stay after del "
                "until the collector runs; count them before any gc.collect()")
        require(closure_left != c_freed,
                "closure_left is what the collector frees (tracked_objects' third number): "
                "count every object still there after del, before any collection, x's own "
                "included (kept still holds x)")
        raise Wrong("closure_left is not the number of objects left after del: count again "
                    "right after dropping the result")
    if ours_made != o_made:
        operations = sum(1 for v in _values(sigmoid_by_hand(micrograd.engine.Value)) if v._prev)
        require(ours_made != operations,
                "ours_made counts only the results of operations: the leaves are objects too "
                "(x, and every number next to a Value, which becomes a leaf)")
        raise Wrong("ours_made is not the number of objects that building "
                    "sigmoid_by_hand(Value) adds: measure it as tracked_objects does, with the "
                    "collector switched off")
    if ours_left != o_left:
        require(ours_left != ours_made,
                "ours_left equals ours_made: this engine's objects are freed the moment the "
                "result is dropped (all but the ones still referred to); count after del")
        require(ours_left != 0,
                "ours_left is 0, but the list kept still holds x: count the objects still "
                "there after del")
        raise Wrong("ours_left is not the number of objects left after del")
    raise Wrong("some of the numbers are not right")
