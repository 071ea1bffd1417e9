# Generated from notebooks/07_engine.ipynb by build/tangle.py: do not edit.
# Edit the cells tagged `export` in that notebook, then run `make tangle`.
# checksum f2071155bb63f5b9

# %% ../notebooks/07_engine.ipynb#cell-id=4cf56990
"""A scalar Value that remembers how it was computed and backpropagates through it.

Lesson 7's engine: a topological sort without recursion, so graphs of any depth work;
lesson 6's operations with their local derivatives stored as numbers, so that backward()
is one loop of the chain rule; one object per node; one node for a neuron's weighted sum.
How a result is made, and the checks of input from outside, come last.
"""
import math
from numbers import Real


# %% ../notebooks/07_engine.ipynb#cell-id=2578024d
def _topological_order(root):
    """Every value `root` depends on, root included, each one after its children: lesson 5's
    depth-first search, in the same order, with a stack instead of recursion, so a graph of
    any depth works. It asks each value for its children (`_prev`) only once."""
    order, visited, stack = [], {root}, []
    node, children = root, iter(root._prev)
    while True:
        for child in children:
            if child not in visited:
                visited.add(child)
                below = child._prev
                if below:                             # go down: remember where we were
                    stack.append((node, children))
                    node, children = child, iter(below)
                    break
                order.append(child)                   # a leaf is placed at once
        else:                                         # every child placed: place the node
            order.append(node)
            if not stack:
                return order
            node, children = stack.pop()


# %% ../notebooks/07_engine.ipynb#cell-id=9aa5f291
class Value:
    """A number that remembers how it was computed: an operation's result keeps its operands
    (`_prev`) and its local derivative with respect to each (`_local`), and `backward()`
    multiplies them along every path from the output back to the leaves: the chain rule."""

    # One object per node: the first two operands and their local derivatives live in the
    # node's own slots (_a, _da, _b, _db; a leaf has none), any further ones in the tuples
    # _rest and _drest. A local derivative None passes no gradient at all, where 0 would
    # pass 0 times it (NaN if it is infinite): relu where x <= 0 and x ** 0, as in PyTorch.
    __slots__ = ('data', 'grad', '_a', '_b', '_rest', '_da', '_db', '_drest', '_op', 'label')

    def __init__(self, data, _children=(), _op='', label='', _local=()):
        """A leaf holding `data`; with _children and their _local derivatives, a node."""
        self.data, children, local = _checked(data, _children, _local)
        self.grad = 0.0
        _attach(self, children, local)
        self._op = _op
        self.label = label

    @property
    def _prev(self):
        """The operands, in the order they were written: a tuple made when asked for."""
        a, b = self._a, self._b
        if b is None:
            return () if a is None else (a,)
        return (a, b) + self._rest

    @property
    def _local(self):
        """The local derivatives d(self)/d(operand), in the order of `_prev`."""
        if self._b is None:
            return () if self._a is None else (0.0 if self._da is None else self._da,)
        return (self._da, self._db) + self._drest

    def __repr__(self):
        return f"Value(data={self.data}, grad={self.grad})"

    def __add__(self, other):
        other = other if type(other) is Value else _operand(other, '+')
        return _node(self.data + other.data, '+', self, 1.0, other, 1.0)

    def __mul__(self, other):
        other = other if type(other) is Value else _operand(other, '*')
        return _node(self.data * other.data, '*', self, other.data, other, self.data)

    def __sub__(self, other):
        other = other if type(other) is Value else _operand(other, '-')
        return _node(self.data - other.data, '-', self, 1.0, other, -1.0)

    def __neg__(self):
        return _node(-self.data, 'neg', self, -1.0)

    def __truediv__(self, other):                     # a / b = a * b**-1
        return self * _reciprocal(_operand(other, '/'))

    def __pow__(self, exponent):
        x = self.data
        k = _exponent(exponent, x)                    # a float, and x ** k a real number
        try:
            y = x ** k
            # x ** 0 is a constant; below 1, a power has a vertical tangent at 0, as sqrt
            slope = None if k == 0 else math.inf if x == 0 and k < 1 else k * x ** (k - 1)
        except OverflowError:
            raise _power_overflow(x, k) from None
        return _node(y, f'**{k:g}', self, slope)

    # a number on the left, 2 + a, 2 * a, 2 - a, 2 / a: still in the graph, in that order
    def __radd__(self, other):
        return _operand(other, '+') + self

    def __rmul__(self, other):
        return _operand(other, '*') * self

    def __rsub__(self, other):
        return _operand(other, '-') - self

    def __rtruediv__(self, other):
        return _operand(other, '/') * _reciprocal(self)

    def __rpow__(self, base):                         # 2 ** a: refused, with what to write
        raise _value_exponent(base)

    def exp(self):
        e = _exp(self.data)                           # math.exp, with a clear overflow error
        return _node(e, 'exp', self, e)

    def log(self):
        x = self.data
        if x <= 0:
            raise ValueError(f"log is defined for positive numbers only, got {x}")
        return _node(math.log(x), 'log', self, 1.0 / x)

    def tanh(self):
        t = math.tanh(self.data)                      # tanh(1000.0) is 1.0: no overflow
        return _node(t, 'tanh', self, 1.0 - t * t)

    def relu(self):
        x = self.data                                 # NaN passes through, as in PyTorch
        return _node(0.0 if x < 0 else x, 'ReLU', self, None if x <= 0 else 1.0)

    def sigmoid(self):
        z = math.exp(-abs(self.data))                 # at most 1: no overflow
        s = 1.0 / (1.0 + z) if self.data >= 0 else z / (1.0 + z)
        return _node(s, 'sigmoid', self, s * (1.0 - s))

    def _backward(self):
        """Pass this value's gradient on to its operands: one step of the chain rule."""
        da = self._da
        if da is None:                                # a leaf, or no gradient passes
            return
        g = self.grad
        self._a.grad += da * g
        b = self._b
        if b is not None:
            b.grad += self._db * g
            if self._rest:                            # more than two operands
                for child, local in zip(self._rest, self._drest):
                    child.grad += local * g

    def backward(self):
        """Fill in d(self)/d(v) as v.grad for every value v this one depends on. Leaves add
        up over calls, as in PyTorch (reset them with v.grad = 0.0, or model.zero_grad());
        the other values start afresh."""
        order = _topological_order(self)
        for v in order:
            if v._a is not None:                      # a result, not a leaf
                v.grad = 0.0
        self.grad += 1.0
        for v in reversed(order):
            v._backward()


# %% ../notebooks/07_engine.ipynb#cell-id=50bf02a1
def weighted_sum(weights, inputs, bias):
    """bias + w1*x1 + w2*x2 + ... as one node: a neuron's weighted sum, the same numbers as
    sum((w * x for w, x in zip(weights, inputs)), bias), added in the same order. An input
    may be a Value or a number; a number is a constant, so it is no operand of the node."""
    if type(weights) is not list or type(inputs) is not list or len(weights) != len(inputs):
        weights, inputs = _weights_and_inputs(weights, inputs)
    bias = bias if type(bias) is Value else _operand(bias, 'weighted_sum')
    total, children, local = bias.data, [bias], [1.0]
    for w, x in zip(weights, inputs):
        if type(w) is not Value:
            _check_weight(w)
        if isinstance(x, Value):
            total += w.data * x.data
            children += (w, x)
            local += (x.data, w.data)
        else:
            x = x if type(x) is float else _input(x)
            total += w.data * x
            children.append(w)
            local.append(x)
    out = _node(total, 'w·x+b')                       # a leaf until its operands are attached
    _attach(out, children, local)
    return out


# %% ../notebooks/07_engine.ipynb#cell-id=e099b177
# --- How a result is made: an empty Value, its slots filled -----------------------------
_new_value = object.__new__


def _node(data, op, a=None, da=None, b=None, db=0.0):
    """The result `data` of the operation `op` on the Value a (and b), with the local
    derivative da (and db); with no operand, a leaf. The engine makes every result here,
    from floats it computed itself, so it skips __init__'s checks."""
    out = _new_value(Value)
    out.data = data
    out.grad = 0.0
    out._a = a
    out._b = b
    out._da = da
    out._db = db
    out._rest = out._drest = ()
    out._op = op
    out.label = ''
    return out


def _attach(node, children, local):
    """Spread operands and their local derivatives (lists or tuples) over node's slots."""
    node._a, node._da = (children[0], local[0]) if len(children) > 0 else (None, None)
    node._b, node._db = (children[1], local[1]) if len(children) > 1 else (None, 0.0)
    node._rest, node._drest = tuple(children[2:]), tuple(local[2:])


# %% ../notebooks/07_engine.ipynb#cell-id=3f278695
# --- Input checks -------------------------------------------------------------------------
# Input from outside the engine is checked once, where it enters, and every real number
# (int, bool, numpy scalar, Fraction...) becomes a float; what the engine computes itself
# from floats needs no check. Each error says what went wrong and what to write instead.

def _too_large(what):
    return OverflowError(f"{what} is too large for a float (floats end near 1.8e308)")


def _to_float(x, what):
    try:
        return float(x)
    except OverflowError:
        raise _too_large(what) from None


def _exp(x):
    try:
        return math.exp(x)
    except OverflowError:
        raise _too_large(f"exp({x})") from None


def _checked(data, children, local):
    """A Value's data as a float, its children as a tuple of Values, their local
    derivatives as as many floats."""
    if not isinstance(data, Real):
        raise TypeError(f"Value holds a real number (int or float), not {type(data).__name__}: "
                        f"{data!r}")
    children = _sequence(children, "the children", "for one child write (v,)")
    local = _sequence(local, "_local", "for one child write _local=(slope,)")
    for c in children:
        if not isinstance(c, Value):
            raise _foreign(c, "a child") or TypeError("the children of a Value must be Values")
    if len(local) != len(children):
        raise ValueError(f"give one local derivative per child (children: "
                         f"{len(children)}, _local: {len(local)})")
    if not all(isinstance(d, Real) for d in local):
        raise TypeError("local derivatives must be real numbers (int or float)")
    return (_to_float(data, "Value's data"), children,
            [_to_float(d, "a local derivative") for d in local])


def _operand(x, op):
    """The operand of `op` as a Value: a Value as it is, a real number as a new leaf."""
    if isinstance(x, Value):
        return x
    if type(x) is float:
        return _node(x, '')
    if isinstance(x, Real):
        return _node(_to_float(x, f"the operand of {op}"), '')
    raise _foreign(x, f"the operand of {op}") or TypeError(
        f"unsupported operand {type(x).__name__} for {op}: a Value combines with another "
        f"Value or a real number (int or float)")


def _reciprocal(v):
    """v ** -1, of which a division is made, with division's own errors."""
    if v.data == 0:
        raise ZeroDivisionError("division by zero (the divisor is 0)")
    try:
        return v ** -1
    except OverflowError:
        what = f"1 / {v.data}" if math.isinf(1 / v.data) else f"the slope of 1 / b at b = {v.data}"
        raise _too_large(f"division by {v.data}: {what}") from None


def _exponent(k, x):
    """The exponent k of x ** k as a float, once it is sure that x ** k is a real number."""
    if not isinstance(k, Real):
        hint = "; for a Value exponent write (b * a.log()).exp() for a**b" \
            if isinstance(k, Value) or _foreign(k, "") else ""
        raise TypeError(f"the exponent must be a number (int or float), "
                        f"not {type(k).__name__}{hint}")
    k = _to_float(k, "the exponent")
    if x == 0 and k < 0:
        raise ZeroDivisionError(f"0 cannot be raised to the negative power {k:g}")
    if x < 0 and not k.is_integer() and math.isfinite(k):    # inf, nan: as float ** does
        raise ValueError(f"{x} ** {k!r}: a negative number to a non-integer power is not "
                         f"a real number (Python's ** would return a complex one)")
    return k


def _power_overflow(x, k):
    try:
        x ** k
    except OverflowError:
        return _too_large(f"{x} ** {k:g}")
    return _too_large(f"the slope of x ** {k:g} at x = {x}")


def _value_exponent(base):
    hint = f"for {base!r} ** b write (b * math.log({base!r})).exp()" \
        if isinstance(base, Real) and base > 0 else \
        f"a Value exponent needs a positive base, and {base!r} is none"
    return TypeError(f"the exponent must be a number (int or float), not Value; {hint}")


def _weights_and_inputs(weights, inputs):
    weights = _sequence(weights, "weighted_sum's weights", "for one weight write [w]")
    inputs = _sequence(inputs, "weighted_sum's inputs", "for one input write [x]")
    if len(weights) != len(inputs):
        raise ValueError(f"weighted_sum needs one input per weight "
                         f"(weights: {len(weights)}, inputs: {len(inputs)})")
    return weights, inputs


def _check_weight(w):
    if not isinstance(w, Value):
        raise _foreign(w, "a weight of weighted_sum") or \
            TypeError(f"weighted_sum needs Value weights, got {type(w).__name__}")


def _input(x):
    if isinstance(x, Real):
        return _to_float(x, "an input of weighted_sum")
    raise _foreign(x, "an input of weighted_sum") or \
        TypeError(f"weighted_sum takes Values or real numbers as inputs, not {type(x).__name__}")


def _sequence(items, what, one):
    """items, any iterable, as a tuple; `what` names them, `one` says how to write one."""
    try:
        return tuple(items)
    except TypeError:
        raise TypeError(f"{what} must be a tuple or a list, not {type(items).__name__}: "
                        f"{one}") from None


def _foreign(x, what):
    """The TypeError for x found as `what` (the operand of +, a child...) if x is another
    class's value: a Value of another definition of the class (the cell defining it run
    again, another engine) or any object with data, grad and _prev; else None."""
    if type(x).__name__ == 'Value':
        return TypeError(f"{what} is a Value of another definition of the class (made before "
                         f"the cell defining Value was run again, or by another engine, such "
                         f"as micrograd's Value next to a notebook's own): rebuild it with the "
                         f"current Value")
    if all(hasattr(x, a) for a in ('data', 'grad', '_prev')):
        return TypeError(f"{what} is a {type(x).__name__}, another engine's value, not this "
                         f"engine's Value: rebuild it with Value")
    return None
