# Generated from notebooks/07_engine.ipynb by build/tangle.py: do not edit.
# Edit the cells tagged `export` in that notebook, then run `make tangle`.
# checksum 33e2e9cb47e6f320

# %% ../notebooks/07_engine.ipynb#cell-id=4cf56990
"""A scalar Value that remembers how it was computed and backpropagates through it.

Built in lesson 7 from lesson 6's closure engine: local derivatives stored as numbers,
an iterative sort, checks where input enters, operands kept in slots of the node itself
(one object per node), and one node for a weighted sum.
"""
import math
from numbers import Real


# %% ../notebooks/07_engine.ipynb#cell-id=2578024d
def _topological_order(root):
    """Every value `root` depends on, root included, each one after its children.

    Lesson 5's depth-first search with a stack instead of recursion, so a graph of any
    depth works; it lists the values in the same order as the recursive version, and asks
    each value for its children (`_prev`) only once.
    """
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


# %% ../notebooks/07_engine.ipynb#cell-id=3f278695
def _to_float(x, what):
    """A real number (int, bool, float, numpy scalar, Fraction...) as a plain float.

    Input from outside the engine passes here once; `what` names it in the error.
    """
    try:
        return float(x)
    except OverflowError:
        raise OverflowError(f"{what} is too large for a float (floats end near 1.8e308)") from None


# %% ../notebooks/07_engine.ipynb#cell-id=9aa5f291
class Value:
    """A number that remembers how it was computed, so it can compute gradients.

    Each operation returns a new Value that holds the result, the operands it came from
    and the derivative of the result with respect to each of them: `_prev` lists the
    operands in order, `_local` these local derivatives in the same order. `backward()`
    multiplies them along every path from the output back to the leaves: the chain rule.
    """

    # One object per node: the first two operands and their local derivatives live in
    # slots of the node itself (_a, _b and _da, _db; None and 0.0 where there is none),
    # any further ones (a weighted sum's, or those of a node made by hand with more than
    # two children) in the tuples _rest and _drest.
    __slots__ = ('data', 'grad', '_a', '_b', '_rest', '_da', '_db', '_drest', '_op', 'label')

    def __init__(self, data, _children=(), _op='', label='', _local=()):
        # A Value made by the user: everything is checked once, and data becomes a float.
        if type(data) is not float:
            if not isinstance(data, Real):
                raise TypeError(f"Value holds a real number (int or float), "
                                f"not {type(data).__name__}: {data!r}")
            data = _to_float(data, "Value's data")
        children = _sequence(_children, "the children", "for one child write (v,)")
        local = _sequence(_local, "_local", "for one child write _local=(slope,)")
        for c in children:
            if not isinstance(c, Value):
                raise _foreign_error(c, "a child") if _foreign(c) else \
                    TypeError("the children of a Value must be Values")
        if len(local) != len(children):
            raise ValueError(f"give one local derivative per child (children: "
                             f"{len(children)}, _local: {len(local)})")
        if not all(isinstance(d, Real) for d in local):
            raise TypeError("local derivatives must be real numbers (int or float)")
        self.data = data
        self.grad = 0.0
        _attach(self, children, [_to_float(d, "a local derivative") for d in local])
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
            return () if self._a is None else (self._da,)
        return (self._da, self._db) + self._drest

    def __repr__(self):
        return f"Value(data={self.data}, grad={self.grad})"

    # --- arithmetic: each result records its operands and local derivatives -----
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
        return _power(self, exponent)

    def __rpow__(self, base):
        if isinstance(base, Real) and base > 0:
            raise TypeError(f"the exponent must be a number (int or float), not Value; "
                            f"for {base!r} ** b write (b * math.log({base!r})).exp()")
        raise TypeError(f"the exponent must be a number (int or float), not Value; a Value "
                        f"exponent needs a positive base, and {base!r} is none")

    # a number on the left, 2 + a, 2 * a, 2 - a, 2 / a: still in the graph, in that order
    def __radd__(self, other):
        return _operand(other, '+') + self

    def __rmul__(self, other):
        return _operand(other, '*') * self

    def __rsub__(self, other):
        return _operand(other, '-') - self

    def __rtruediv__(self, other):
        return _operand(other, '/') * _reciprocal(self)

    # --- functions of one value -------------------------------------------------
    def exp(self):
        try:
            e = math.exp(self.data)
        except OverflowError:
            raise OverflowError(f"exp({self.data}) is too large for a float "
                                f"(floats end near 1.8e308)") from None
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
        return _node(0.0 if x < 0 else x, 'ReLU', self, 0.0 if x <= 0 else 1.0)

    def sigmoid(self):
        z = math.exp(-abs(self.data))                 # at most 1: no overflow
        s = 1.0 / (1.0 + z) if self.data >= 0 else z / (1.0 + z)
        return _node(s, 'sigmoid', self, s * (1.0 - s))

    # --- backpropagation ----------------------------------------------------------
    def _backward(self):
        """Pass this value's gradient on to its operands: one step of the chain rule."""
        a = self._a
        if a is None:                                 # a leaf: nothing to pass on
            return
        g = self.grad
        a.grad += self._da * g
        b = self._b
        if b is not None:
            b.grad += self._db * g
            if self._rest:                            # more than two operands
                for child, local in zip(self._rest, self._drest):
                    child.grad += local * g

    def backward(self):
        """Fill in d(self)/d(v) as v.grad for every value v this one depends on.

        Leaves (values with no operands) accumulate over calls, as in PyTorch: reset
        them with v.grad = 0.0 (or model.zero_grad()). Other values start afresh.
        """
        order = _topological_order(self)
        for v in order:
            if v._a is not None:                      # a result, not a leaf
                v.grad = 0.0
        self.grad += 1.0
        for v in reversed(order):
            v._backward()


# %% ../notebooks/07_engine.ipynb#cell-id=e099b177
_new_value = object.__new__


def _node(data, op, a=None, da=0.0, b=None, db=0.0):
    """The result `data` of the operation `op` on the Value a (and b), whose local
    derivatives are da (and db), made without __init__'s checks; with no operand, a leaf.

    Only the engine calls this, with floats computed from Values that were checked when
    they were made.
    """
    out = _new_value(Value)
    out.data = data
    out.grad = 0.0
    out._a = a
    out._b = b
    out._rest = ()
    out._da = da
    out._db = db
    out._drest = ()
    out._op = op
    out.label = ''
    return out


def _attach(node, children, local):
    """Store any number of children (a sequence of Values) and their local derivatives (as
    many floats) in node's slots, as the comment in the class says."""
    node._a, node._da = (children[0], local[0]) if len(children) > 0 else (None, 0.0)
    node._b, node._db = (children[1], local[1]) if len(children) > 1 else (None, 0.0)
    node._rest, node._drest = tuple(children[2:]), tuple(local[2:])


def _operand(x, op):
    """The operand of `op` as a Value: a Value as it is, a real number as a new leaf."""
    if isinstance(x, Value):
        return x
    if type(x) is float:
        return _node(x, '')
    if isinstance(x, Real):
        return _node(_to_float(x, f"the operand of {op}"), '')
    if _foreign(x):
        raise _foreign_error(x, f"the operand of {op}")
    raise TypeError(f"unsupported operand {type(x).__name__} for {op}: a Value combines "
                    f"with another Value or a real number (int or float)")


def _foreign(x):
    """Whether x is a value of another class: a Value of another definition of the class
    (the cell defining it run again, another engine) or any object with data, grad, _prev."""
    return not isinstance(x, Value) and (
        type(x).__name__ == 'Value' or all(hasattr(x, a) for a in ('data', 'grad', '_prev')))


def _foreign_error(x, what):
    """The TypeError for a foreign value x found as `what` (the operand of +, a child...)."""
    if type(x).__name__ == 'Value':
        return TypeError(f"{what} is a Value of another definition of the class (made before "
                         f"the cell defining Value was run again, or by another engine, such "
                         f"as micrograd's Value next to a notebook's own): rebuild it with the "
                         f"current Value")
    return TypeError(f"{what} is a {type(x).__name__}, another engine's value, not this "
                     f"engine's Value: rebuild it with Value")


def _sequence(items, what, one):
    """items (a tuple, a list or any other iterable) as a tuple; `what` names them in the
    error, and `one` says how to write a single item."""
    try:
        return tuple(items)
    except TypeError:
        raise TypeError(f"{what} must be a tuple or a list, not {type(items).__name__}: "
                        f"{one}") from None


def _reciprocal(v):
    """v ** -1, the building block of division, for a nonzero v."""
    if v.data == 0:
        raise ZeroDivisionError("division by zero (the divisor is 0)")
    try:
        return v ** -1                                # a / b is computed as a * b**-1
    except OverflowError:
        if math.isinf(1.0 / v.data):
            what = f"1 / {v.data}"
        else:
            what = f"the slope of 1 / b at b = {v.data}"
        raise OverflowError(f"division by {v.data}: {what} is too large for a float "
                            f"(floats end near 1.8e308)") from None


def _power(v, exponent):
    """v ** exponent for a number exponent: local derivative k * x**(k - 1)."""
    if not isinstance(exponent, Real):
        if isinstance(exponent, Value) or _foreign(exponent):
            raise TypeError(f"the exponent must be a number (int or float), not "
                            f"{type(exponent).__name__}; for a Value exponent "
                            f"write (b * a.log()).exp() for a**b")
        raise TypeError(f"the exponent must be a number (int or float), not "
                        f"{type(exponent).__name__}")
    k = _to_float(exponent, "the exponent")
    x = v.data
    if x == 0 and k < 0:
        raise ZeroDivisionError(f"0 cannot be raised to the negative power {k:g}")
    if x < 0 and not k.is_integer() and math.isfinite(k):    # inf, nan: as float ** does
        raise ValueError(f"{x} ** {k!r}: a negative number to a non-integer power is not "
                         f"a real number (Python's ** would return a complex one)")
    try:
        y = x ** k
    except OverflowError:
        raise OverflowError(f"{x} ** {k:g} is too large for a float "
                            f"(floats end near 1.8e308)") from None
    if k == 0:
        slope = 0.0                                   # x**0 is the constant 1
    elif x == 0 and k < 1:
        slope = math.inf                              # a vertical tangent, as for sqrt at 0
    else:
        try:
            slope = k * x ** (k - 1)
        except OverflowError:
            raise OverflowError(f"the slope of x ** {k:g} at x = {x} is too large for a "
                                f"float (floats end near 1.8e308)") from None
    return _node(y, f'**{k:g}', v, slope)


# %% ../notebooks/07_engine.ipynb#cell-id=50bf02a1
def weighted_sum(weights, inputs, bias):
    """bias + w1*x1 + w2*x2 + ... as one node: a neuron's weighted sum.

    The same numbers as sum((w * x for w, x in zip(weights, inputs)), bias), added in
    the same order, but one node instead of two per input. Inputs may be Values or
    real numbers; a number input is a constant, so it is no child of the node. Weights and
    inputs may come in lists, tuples or any other iterables.
    """
    if type(weights) is not list:
        weights = _sequence(weights, "weighted_sum's weights", "for one weight write [w]")
    if type(inputs) is not list:
        inputs = _sequence(inputs, "weighted_sum's inputs", "for one input write [x]")
    if len(weights) != len(inputs):
        raise ValueError(f"weighted_sum needs one input per weight "
                         f"(weights: {len(weights)}, inputs: {len(inputs)})")
    bias = bias if type(bias) is Value else _operand(bias, 'weighted_sum')
    total = bias.data
    children, local = [bias], [1.0]
    for w, x in zip(weights, inputs):
        if not isinstance(w, Value):
            if _foreign(w):
                raise _foreign_error(w, "a weight of weighted_sum")
            raise TypeError(f"weighted_sum needs Value weights, got {type(w).__name__}")
        if isinstance(x, Value):
            total += w.data * x.data
            children += (w, x)
            local += (x.data, w.data)
        else:
            if type(x) is not float:
                if not isinstance(x, Real):
                    if _foreign(x):
                        raise _foreign_error(x, "an input of weighted_sum")
                    raise TypeError(f"weighted_sum takes Values or real numbers as inputs, "
                                    f"not {type(x).__name__}")
                x = _to_float(x, "an input of weighted_sum")
            total += w.data * x
            children.append(w)
            local.append(x)
    out = _node(total, 'w·x+b')                       # a leaf until its children are attached
    _attach(out, children, local)
    return out
