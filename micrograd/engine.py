# Generated from notebooks/07_engine.ipynb by build/tangle.py: do not edit.
# Edit the cells tagged `export` in that notebook, then run `make tangle`.
# checksum 31f0eaa4f1b66ece

# %% ../notebooks/07_engine.ipynb#cell-id=64497c3c
import math
from numbers import Real


def _is_number(x):
    return type(x) is float or isinstance(x, Real)   # the shortcut skips a slow check


class Value:
    """A scalar that remembers how it was computed, so it can compute gradients.

    Every operation returns a new Value holding the result, the operands it came
    from (`_prev`, in order) and the local derivative of the result with respect
    to each operand (`_local`). `backward()` applies the chain rule through
    these, from the output back to the leaves.
    """

    __slots__ = ('data', 'grad', '_prev', '_local', '_op', 'label')

    def __init__(self, data, _children=(), _op='', label='', _local=()):
        if not _is_number(data):
            raise TypeError(f"Value holds a real number (int or float), "
                            f"not {type(data).__name__}: {data!r}")
        self.data = data
        self.grad = 0.0
        self._prev = tuple(_children)
        if len(_local) != len(self._prev):
            raise ValueError(f"give one local derivative per child (children: "
                             f"{len(self._prev)}, _local: {len(_local)})")
        self._local = _local
        self._op = _op
        self.label = label

    def __repr__(self):
        return f"Value(data={self.data}, grad={self.grad})"

    # --- arithmetic: each result records its local derivatives -------------

    def __add__(self, other):
        other = _as_value(other, '+')
        return Value(self.data + other.data, (self, other), '+', _local=(1.0, 1.0))

    def __mul__(self, other):
        other = _as_value(other, '*')
        return Value(self.data * other.data, (self, other), '*',
                     _local=(other.data, self.data))

    def __pow__(self, exponent):
        if not _is_number(exponent):
            raise TypeError(f"the exponent must be a number (int or float), not "
                            f"{type(exponent).__name__}; for a Value exponent "
                            f"write (b * a.log()).exp() for a**b")
        x = self.data
        if x == 0 and exponent < 0:
            raise ZeroDivisionError(f"0 cannot be raised to the negative power {exponent}")
        if x < 0 and not float(exponent).is_integer():
            raise ValueError(f"{x} ** {exponent}: a negative number to a non-integer power "
                             f"is not a real number here (Python's ** would return a complex one)")
        if exponent == 0:
            slope = 0.0                    # x**0 is the constant 1
        elif x == 0 and exponent < 1:
            slope = math.inf               # a vertical tangent, as for sqrt at 0
        else:
            slope = exponent * x ** (exponent - 1)
        return Value(x ** exponent, (self,), f'**{exponent}', _local=(slope,))

    def __rpow__(self, base):
        raise TypeError(f"the exponent must be a number (int or float), not Value; "
                        f"for {base!r} ** b write (b * math.log({base!r})).exp()")

    def __neg__(self):
        return Value(-self.data, (self,), 'neg', _local=(-1.0,))

    def __sub__(self, other):
        other = _as_value(other, '-')
        return Value(self.data - other.data, (self, other), '-', _local=(1.0, -1.0))

    def __truediv__(self, other):
        return self * _reciprocal(_as_value(other, '/'))

    # reflected forms: `2 + a`, `2 * a`, `2 - a`, `2 / a` (numbers on the left)
    def __radd__(self, other):
        return _as_value(other, '+') + self

    def __rmul__(self, other):
        return _as_value(other, '*') * self

    def __rsub__(self, other):
        return _as_value(other, '-') - self

    def __rtruediv__(self, other):
        return _as_value(other, '/') * _reciprocal(self)

    # --- functions of one value ---------------------------------------------

    def exp(self):
        try:
            e = math.exp(self.data)
        except OverflowError:
            raise OverflowError(f"exp({self.data}) is too large for a float") from None
        return Value(e, (self,), 'exp', _local=(e,))

    def log(self):
        x = self.data
        if x <= 0:
            raise ValueError(f"log is defined for positive numbers only, got {x}")
        return Value(math.log(x), (self,), 'log', _local=(1.0 / x,))

    def tanh(self):
        t = math.tanh(self.data)           # math.tanh(1000.0) is 1.0, no overflow
        return Value(t, (self,), 'tanh', _local=(1.0 - t * t,))

    def relu(self):
        x = self.data
        return Value(x if x > 0 else 0.0, (self,), 'ReLU', _local=(1.0 if x > 0 else 0.0,))

    def sigmoid(self):
        x = self.data
        if x >= 0:
            s = 1.0 / (1.0 + math.exp(-x))
        else:
            e = math.exp(x)
            s = e / (1.0 + e)
        return Value(s, (self,), 'sigmoid', _local=(s * (1.0 - s),))

    # --- backpropagation ----------------------------------------------------

    def _backward(self):
        """Pass this node's gradient to its operands (one step of the chain rule)."""
        g = self.grad
        for child, local in zip(self._prev, self._local):
            child.grad += local * g

    def backward(self):
        """Fill in d(self)/d(v) as `v.grad` for every value v this one depends on.

        Gradients of leaves (values made directly with Value(...)) accumulate:
        calling backward() twice adds the gradients twice, as in PyTorch. Reset
        them with `v.grad = 0.0` (or `model.zero_grad()`) before a fresh pass.
        """
        order = _topological_order(self)
        for v in order:
            if v._prev:                    # intermediate results start afresh
                v.grad = 0.0
        self.grad += 1.0
        for v in reversed(order):
            v._backward()


# %% ../notebooks/07_engine.ipynb#cell-id=5acb6864
def _as_value(x, op):
    if isinstance(x, Value):
        return x
    if _is_number(x):
        return Value(x)
    raise TypeError(f"unsupported operand {type(x).__name__} for {op}: a Value combines "
                    f"with another Value or a real number (int or float)")


def _reciprocal(v):
    """v ** -1, which is how division is built: a / b = a * b**-1."""
    if v.data == 0:
        raise ZeroDivisionError("division by zero (the divisor is 0)")
    return v ** -1


def _topological_order(root):
    """Every value `root` depends on, each listed after all of its operands.

    An explicit stack replaces the recursion of lesson 5, so graphs of any depth work.
    """
    order, visited = [], {root}
    stack = [(root, iter(root._prev))]
    while stack:
        node, children = stack[-1]
        for child in children:
            if child not in visited:
                visited.add(child)
                stack.append((child, iter(child._prev)))
                break
        else:
            stack.pop()
            order.append(node)
    return order


# %% ../notebooks/07_engine.ipynb#cell-id=6e8388af
def weighted_sum(weights, inputs, bias):
    """bias + w1*x1 + w2*x2 + ... as a single node: a neuron's weighted sum.

    The same numbers as `sum((w * x for w, x in zip(weights, inputs)), bias)`,
    added in the same order, but one node instead of two per input (lesson 10
    measures what that saves). Inputs may be Values or plain numbers.
    """
    if len(weights) != len(inputs):
        raise ValueError(f"weighted_sum needs one input per weight "
                         f"(weights: {len(weights)}, inputs: {len(inputs)})")
    bias = _as_value(bias, 'weighted_sum')
    total = bias.data
    children, local = [bias], [1.0]
    for w, x in zip(weights, inputs):
        if not isinstance(w, Value):
            raise TypeError(f"weighted_sum needs Value weights, got {type(w).__name__}")
        if isinstance(x, Value):
            total += w.data * x.data
            children += (w, x)
            local += (x.data, w.data)
        elif _is_number(x):
            total += w.data * x
            children.append(w)
            local.append(x)
        else:
            raise TypeError(f"weighted_sum takes Values or real numbers as inputs, "
                            f"not {type(x).__name__}")
    return Value(total, children, 'w·x+b', _local=tuple(local))
