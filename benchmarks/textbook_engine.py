"""A baseline for `make bench` and lesson 10: the engine as it is usually first written.

One closure per node for `_backward`, a recursive topological sort and plain
attributes, as in lessons 4 and 5; children in a set, as the usual textbook
version keeps them (our lessons use a tuple from the start); subtraction built
from negation and addition; and a neuron that sums its products with Python's
`sum`. It computes the same numbers as micrograd (up to the order in which a set
happens to list children); lesson 10 explains, measure by measure, why the
exported engine is faster.
"""


class Value:
    def __init__(self, data, _children=(), _op=''):
        self.data = data
        self.grad = 0.0
        self._backward = lambda: None
        self._prev = set(_children)
        self._op = _op

    def __add__(self, other):
        other = other if isinstance(other, Value) else Value(other)
        out = Value(self.data + other.data, (self, other), '+')

        def _backward():
            self.grad += out.grad
            other.grad += out.grad
        out._backward = _backward
        return out

    def __mul__(self, other):
        other = other if isinstance(other, Value) else Value(other)
        out = Value(self.data * other.data, (self, other), '*')

        def _backward():
            self.grad += other.data * out.grad
            other.grad += self.data * out.grad
        out._backward = _backward
        return out

    def __pow__(self, n):
        out = Value(self.data ** n, (self,), f'**{n}')

        def _backward():
            self.grad += n * self.data ** (n - 1) * out.grad
        out._backward = _backward
        return out

    def relu(self):
        out = Value(self.data if self.data > 0 else 0.0, (self,), 'ReLU')

        def _backward():
            self.grad += (1.0 if out.data > 0 else 0.0) * out.grad
        out._backward = _backward
        return out

    def __neg__(self):
        return self * -1

    def __sub__(self, other):
        return self + (-other)

    def __rsub__(self, other):
        return other + (-self)

    def __truediv__(self, other):
        return self * other ** -1

    def __radd__(self, other):
        return self + other

    def __rmul__(self, other):
        return self * other

    def backward(self):
        order, visited = [], set()

        def visit(v):
            if v not in visited:
                visited.add(v)
                for child in v._prev:
                    visit(child)
                order.append(v)
        visit(self)
        self.grad = 1.0
        for v in reversed(order):
            v._backward()


class MLP:
    """ReLU hidden layers and a linear output, weights given as nested lists."""

    def __init__(self, weights):
        # weights[layer][neuron] = [w1, ..., wn, b]
        self.layers = [[[Value(p) for p in neuron] for neuron in layer] for layer in weights]

    @classmethod
    def copy_of(cls, model):
        """The same network as a micrograd.nn.MLP, with its current weights."""
        return cls([[[w.data for w in n.w] + [n.b.data] for n in layer.neurons]
                    for layer in model.layers])

    def __call__(self, x):
        for i, layer in enumerate(self.layers):
            sums = [sum((w * xi for w, xi in zip(neuron[:-1], x)), neuron[-1]) for neuron in layer]
            x = [s.relu() for s in sums] if i < len(self.layers) - 1 else sums
        return x[0]

    def parameters(self):
        return [p for layer in self.layers for neuron in layer for p in neuron]

    def zero_grad(self):
        for p in self.parameters():
            p.grad = 0.0
