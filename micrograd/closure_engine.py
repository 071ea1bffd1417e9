# Generated from notebooks/06_more_operations.ipynb by build/tangle.py: do not edit.
# Edit the cells tagged `export` in that notebook, then run `make tangle`.
# checksum 100091a6dddefcd0

# %% ../notebooks/06_more_operations.ipynb#cell-id=2380ce01
import math


def topological_order(root):
    """Every value that root depends on, root included, each one after its children.

    Lesson 5's depth-first search: to place a value, place its children first.
    """
    order, visited = [], set()

    def visit(v):
        if id(v) in visited:
            return
        visited.add(id(v))
        for child in v._prev:
            visit(child)
        order.append(v)

    visit(root)
    return order


class Value:
    """A number that remembers how it was computed.

    Every operation makes a new Value that keeps its operands in `_prev` (in the order
    they were written), the operation's name in `_op`, and a closure `_backward` that
    adds the result's gradient, times a local derivative, to each operand's `grad`.
    """

    def __init__(self, data, _children=(), _op='', label=''):
        self.data = data
        self.grad = 0.0
        self._backward = lambda: None      # a leaf has nothing to pass on
        self._prev = tuple(_children)
        self._op = _op
        self.label = label

    def __repr__(self):
        return f"Value(data={self.data}, grad={self.grad})"

    def __add__(self, other):
        other = as_value(other)
        out = Value(self.data + other.data, (self, other), '+')

        def _backward():
            self.grad += 1.0 * out.grad
            other.grad += 1.0 * out.grad
        out._backward = _backward
        return out

    def __mul__(self, other):
        other = as_value(other)
        out = Value(self.data * other.data, (self, other), '*')

        def _backward():
            self.grad += other.data * out.grad
            other.grad += self.data * out.grad
        out._backward = _backward
        return out

    def __radd__(self, other):              # other + self, other a plain number
        return as_value(other) + self

    def __rmul__(self, other):              # other * self
        return as_value(other) * self

    def tanh(self):
        t = math.tanh(self.data)
        out = Value(t, (self,), 'tanh')

        def _backward():
            self.grad += (1 - t**2) * out.grad
        out._backward = _backward
        return out

    def backward(self):
        order = topological_order(self)
        self.grad = 1.0
        for v in reversed(order):
            v._backward()


def as_value(x):
    """x itself if it is a Value; a plain number wrapped as a new Value (a constant leaf)."""
    return x if isinstance(x, Value) else Value(x)


# %% ../notebooks/06_more_operations.ipynb#cell-id=69184fbe
def _pow(self, k):
    """self ** k, for a plain number k: local derivative k * self**(k - 1)."""
    if not isinstance(k, (int, float)):
        raise TypeError(f"the exponent of ** must be a plain number, not {type(k).__name__}")
    out = Value(self.data ** k, (self,), f'**{k}')

    def _backward():
        if k == 0:                             # x**0 is the constant 1: nothing to pass back
            return
        slope = math.inf if self.data == 0 and k < 1 else k * self.data ** (k - 1)
        self.grad += slope * out.grad
    out._backward = _backward
    return out


Value.__pow__ = _pow


# %% ../notebooks/06_more_operations.ipynb#cell-id=f2cd6104
def _neg(self):
    """-self: local derivative -1."""
    out = Value(-self.data, (self,), 'neg')

    def _backward():
        self.grad += -1.0 * out.grad
    out._backward = _backward
    return out


def _sub(self, other):
    """self - other: local derivatives 1 and -1."""
    other = as_value(other)
    out = Value(self.data - other.data, (self, other), '-')

    def _backward():
        self.grad += 1.0 * out.grad
        other.grad += -1.0 * out.grad
    out._backward = _backward
    return out


Value.__neg__ = _neg
Value.__sub__ = _sub


# %% ../notebooks/06_more_operations.ipynb#cell-id=44e96dc4
def _truediv(self, other):
    """self / other, built as self * other**-1: no new derivative to work out."""
    return self * as_value(other) ** -1


Value.__truediv__ = _truediv


# %% ../notebooks/06_more_operations.ipynb#cell-id=e87f50b3
def _rsub(self, other):                 # other - self, other a plain number
    return as_value(other) - self


def _rtruediv(self, other):             # other / self
    return as_value(other) / self


Value.__rsub__ = _rsub
Value.__rtruediv__ = _rtruediv


# %% ../notebooks/06_more_operations.ipynb#cell-id=8444622f
def _exp(self):
    """e ** self: its own derivative, so the local derivative is the output."""
    e = math.exp(self.data)
    out = Value(e, (self,), 'exp')

    def _backward():
        self.grad += e * out.grad
    out._backward = _backward
    return out


Value.exp = _exp


# %% ../notebooks/06_more_operations.ipynb#cell-id=58756345
def _log(self):
    """The natural logarithm, for self > 0: local derivative 1 / self."""
    out = Value(math.log(self.data), (self,), 'log')

    def _backward():
        self.grad += (1 / self.data) * out.grad
    out._backward = _backward
    return out


Value.log = _log


# %% ../notebooks/06_more_operations.ipynb#cell-id=860145dc
def _relu(self):
    """max(0, self): the gradient passes where self > 0 and stops elsewhere."""
    out = Value(0.0 if self.data < 0 else self.data, (self,), 'ReLU')

    def _backward():
        if self.data > 0:                      # slope 1; elsewhere 0, so nothing to add
            self.grad += out.grad
    out._backward = _backward
    return out


def _sigmoid(self):
    """1 / (1 + e**-self): local derivative s * (1 - s), where s is the output."""
    z = math.exp(-abs(self.data))          # at most 1, so it cannot overflow
    s = 1 / (1 + z) if self.data >= 0 else z / (1 + z)
    out = Value(s, (self,), 'sigmoid')

    def _backward():
        self.grad += s * (1 - s) * out.grad
    out._backward = _backward
    return out


Value.relu = _relu
Value.sigmoid = _sigmoid
