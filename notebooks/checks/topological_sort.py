"""Checks for the exercises of lesson 5, Topological order and backward().

The checks build their own graphs and run their own depth-first sort and engines (one that
assigns gradients with `=`, one that accumulates with `+=`), so every expected answer is
computed here; hints name the mistake, never the expected answer.
"""
import math
import random

from checks import Wrong, exercise, is_number, require


class _Value:
    """A value of the lesson's kind; `accumulate` picks `+=` (fixed) or `=` (the bug)."""

    def __init__(self, data, _children=(), _op='', label='', accumulate=True):
        self.data, self.grad, self.label = data, 0.0, label
        self._prev, self._op, self._acc = tuple(_children), _op, accumulate
        self._backward = lambda: None

    def __repr__(self):          # a learner who prints an order sees labels, not addresses
        return f"Value(data={self.data}, label={self.label!r})"

    def _give(self, v, amount):
        v.grad = v.grad + amount if self._acc else amount

    def __add__(self, other):
        out = _Value(self.data + other.data, (self, other), '+', accumulate=self._acc)

        def _backward():
            out._give(self, out.grad)
            out._give(other, out.grad)
        out._backward = _backward
        return out

    def __mul__(self, other):
        out = _Value(self.data * other.data, (self, other), '*', accumulate=self._acc)

        def _backward():
            out._give(self, other.data * out.grad)
            out._give(other, self.data * out.grad)
        out._backward = _backward
        return out

    def backward(self):
        order = _dfs_order(self)
        self.grad = 1.0
        for v in reversed(order):
            v._backward()


def _dfs_order(root):
    """The lesson's depth-first topological sort: children first, in the order of _prev."""
    order, visited = [], set()

    def visit(v):
        if id(v) not in visited:
            visited.add(id(v))
            for child in v._prev:
                visit(child)
            order.append(v)
    visit(root)
    return order


def _leaf(data, label):
    return _Value(data, label=label)


def _named(v, label):
    v.label = label
    return v


# Exercise 1: the order topological_order(u) returns, predicted.

def ex1_graph():
    """p = 2, q = -1, r = 3, s = p*q, t = s + r, u = t*p, as the lesson builds it."""
    p, q, r = _leaf(2.0, 'p'), _leaf(-1.0, 'q'), _leaf(3.0, 'r')
    s = _named(p * q, 's')
    t = _named(s + r, 't')
    return _named(t * p, 'u')


@exercise(1, section="Sorting by depth-first search")
def check_exercise_1(dfs_order):
    require(isinstance(dfs_order, (list, tuple)),
            f"give a list of labels, such as ['p', ...], not a {type(dfs_order).__name__}")
    if any(hasattr(x, 'label') for x in dfs_order):
        raise Wrong("give the labels (strings such as 'p'), not the Values: use v.label")
    require(all(isinstance(x, str) for x in dfs_order), "every item must be a label, a string")
    root = ex1_graph()
    want = [v.label for v in _dfs_order(root)]
    given = list(dfs_order)
    if given == want:
        return None
    nodes = {v.label: v for v in _dfs_order(root)}
    foreign = sorted(set(given) - set(nodes))
    require(not foreign, f"these are not labels of the graph: {', '.join(foreign)}")
    twice = sorted({x for x in given if given.count(x) > 1})
    require(not twice, f"each value appears once in the order; listed twice: {', '.join(twice)}")
    missing = sorted(set(nodes) - set(given))
    require(not missing, f"the order must hold every value of the graph; missing: {', '.join(missing)}")
    if given == want[::-1]:
        raise Wrong("that is the order backward() walks, the reverse of what topological_order "
                    "returns: children come first")
    for i, label in enumerate(given):
        for child in nodes[label]._prev:
            require(given.index(child.label) < i,
                    f"{label} uses {child.label}, so {child.label} must come before {label}")
    raise Wrong("that is a valid topological order, but not the one topological_order(u) "
                "returns: follow visit() call by call, children in the order they are stored "
                "in _prev, and append a node only after all its children are placed")


# Exercise 2: is_topological_order(order, root), tried on many orders of several graphs.

def _graphs():
    """Graphs built here (the learner never saw them), each as (root, a valid order of its
    nodes that differs from the depth-first one wherever the graph allows)."""
    x, y = _leaf(1.0, 'x'), _leaf(2.0, 'y')
    z = _named(x * y, 'z')
    w = _named(z + x, 'w')
    small = (w, [y, x, z, w])

    a, b = _leaf(-2.0, 'a'), _leaf(3.0, 'b')
    d = _named(a * b, 'd')
    e = _named(a + b, 'e')
    f = _named(d * e, 'f')
    g = _named(f + d, 'g')
    diamond = (g, [b, a, e, d, f, g])

    k = _leaf(1.0, 'k0')
    chain = [k]
    for i in range(1, 5):
        k = _named(k + k, f'k{i}')
        chain.append(k)
    lonely = _leaf(4.0, 'leaf')
    return [small, diamond, (chain[-1], chain), (lonely, [lonely])]


def _valid(order, root):
    """The check's own answer."""
    reachable = {id(v) for v in _dfs_order(root)}
    position = {id(v): i for i, v in enumerate(order)}
    return (len(position) == len(order) and set(position) == reachable
            and all(position[id(c)] < position[id(v)] for v in order for c in v._prev))


def _cases():
    """(order, root, what it is, hint if the learner's function gets it wrong)."""
    stranger = _leaf(5.0, 'stranger')
    cases = []
    for root, nodes in _graphs():
        dfs = _dfs_order(root)
        leaf = next(v for v in nodes if not v._prev)
        cases += [
            (nodes, root, "another valid order", "it rejects a valid order (not the depth-first "
                                                 "one, but children still come first)"),
            (dfs, root, "the depth-first order", "it rejects a valid order (the one "
                                                 "topological_order returns)"),
            (dfs[:-1], root, "the root missing", "it accepts an order without the root"),
            (dfs[:-1] + [stranger], root, "a foreign node in the root's place",
             "it accepts an order of the right length in which a node from another graph takes "
             "the root's place: compare which nodes are there, not only how many"),
            (dfs + [stranger], root, "an extra foreign node",
             "it accepts an order with an extra node that is not in the graph"),
            ([], root, "an empty order", "it accepts an empty order"),
        ]
        if len(dfs) > 1:
            inner = next(v for v in dfs if v._prev)  # the first node with children
            cases += [
                (dfs[::-1], root, "the reversed order",
                 "it accepts the reversed order, in which parents come before their children"),
                ([v for v in dfs if v is not leaf], root, "a leaf missing",
                 "it accepts an order with a leaf missing"),
                ([stranger if v is leaf else v for v in dfs], root,
                 "a foreign node in a leaf's place",
                 "it accepts an order of the right length in which a node from another graph "
                 "takes a leaf's place"),
                (dfs + [dfs[0]], root, "a leaf listed twice, last",
                 "it accepts an order that lists a node twice"),
                ([dfs[0]] + dfs, root, "a leaf listed twice, first",
                 "it accepts an order that lists a node twice"),
                (dfs + [root], root, "the root listed twice",
                 "it accepts an order that lists a node twice"),
                (dfs[:1] + dfs[:-1], root, "a node twice, the root missing (same length)",
                 "it accepts an order of the right length that lists a node twice and leaves "
                 "out the root"),
                ([inner] + [v for v in dfs if v is not inner], root, "a parent before its children",
                 "it accepts an order in which some node comes before one of its children"),
            ]
    rng = random.Random(5)
    for root, nodes in _graphs()[:3]:
        for _ in range(20):
            shuffled = rng.sample(nodes, len(nodes))
            kind = "valid" if _valid(shuffled, root) else "invalid"
            hint = ("it rejects a valid order (a shuffled one)" if kind == "valid" else
                    "it accepts an order in which some node comes before one of its children")
            cases.append((shuffled, root, f"a shuffled {kind} order", hint))
    return cases


@exercise(2, section="Topological order")
def check_exercise_2(is_topological_order):
    require(callable(is_topological_order),
            "pass the function itself: check_exercise_2(is_topological_order)")
    for order, root, what, hint in _cases():
        expected = _valid(order, root)
        try:
            answer = is_topological_order(list(order), root)
        except (KeyError, ValueError, IndexError) as error:
            raise Wrong(f"it raises {type(error).__name__} on one of the check's orders ({what}): "
                        "a node missing from the order (or one that does not belong) makes it "
                        "return False, so check which nodes are there before looking up their "
                        "positions") from None
        require(isinstance(answer, bool), f"return True or False, not {answer!r} (for {what})")
        require(answer == expected, f"{hint}.")
    return None


# Exercise 3: z = (x*y + x) * x at x = 3, y = 4: a value used three times.

EX3 = {'x': 3.0, 'y': 4.0}


def _ex3(accumulate):
    x = _Value(EX3['x'], label='x', accumulate=accumulate)
    y = _Value(EX3['y'], label='y', accumulate=accumulate)
    m = _named(x * y, 'm')
    k = _named(m + x, 'k')
    z = _named(k * x, 'z')
    z.backward()
    return {'x': x.grad, 'y': y.grad, 'm': m.data, 'k': k.data, 'z': z.data}


def _close(a, b):
    return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-12)


@exercise(3, section="The multivariable chain rule")
def check_exercise_3(x_grad, y_grad, x_grad_with_overwrite):
    for name, value in (('x_grad', x_grad), ('y_grad', y_grad),
                        ('x_grad_with_overwrite', x_grad_with_overwrite)):
        if hasattr(value, 'data'):
            raise Wrong(f"{name} is a Value: give a number (its .grad)")
        require(is_number(value), f"{name} must be a number, not {value!r}")
    right, overwrite = _ex3(True), _ex3(False)
    x, y, m, k = EX3['x'], EX3['y'], overwrite['m'], overwrite['k']
    # x reaches z along three paths: z = k*x directly, through k = m + x, through m = x*y
    paths = {'the direct one': k, 'the one through k': x, 'the one through m': x * y}
    if not _close(x_grad, right['x']):
        if _close(x_grad, right['y']) and _close(y_grad, right['x']):
            raise Wrong("x_grad and y_grad are swapped")
        if _close(x_grad, overwrite['x']):
            raise Wrong("x_grad is what the engine with = reports: the contributions of all "
                        "three of x's paths add up")
        one_path = any(_close(x_grad, share) for share in paths.values())
        misses = [name for name, share in paths.items() if _close(x_grad, right['x'] - share)]
        if one_path and misses:       # one path's share equals the sum of the other two
            raise Wrong("x_grad leaves out part of x's three paths to z: follow each path from "
                        "z back to x and add up all three contributions")
        if one_path:
            raise Wrong("x_grad is one path's contribution: x reaches z along three paths")
        if misses:
            raise Wrong(f"x_grad misses one of x's three paths to z ({misses[0]})")
        if _close(x_grad, right['z']):
            raise Wrong("x_grad is the value of z, not its gradient")
        raise Wrong("x_grad is not right: add up the contributions of x's three paths to z")
    if not _close(y_grad, right['y']):
        if _close(y_grad, x):
            raise Wrong("y_grad: y reaches z through m and then k; multiply every local "
                        "derivative along that path")
        raise Wrong("y_grad is not right: y has one path to z, through m and k")
    if not _close(x_grad_with_overwrite, overwrite['x']):
        if _close(x_grad_with_overwrite, right['x']):
            raise Wrong("x_grad_with_overwrite: with = each closure replaces x's gradient, so only "
                        "one contribution survives, not the sum")
        if any(_close(x_grad_with_overwrite, share) for share in paths.values()):
            raise Wrong("x_grad_with_overwrite is one path's share, but not the one whose closure "
                        "runs last: walk the topological order in reverse")
        raise Wrong("x_grad_with_overwrite: with = the closure that runs LAST among x's users "
                    "decides x.grad")
    return None
