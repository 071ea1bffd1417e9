# Generated from notebooks/09_nn_library.ipynb by build/tangle.py: do not edit.
# Edit the cells tagged `export` in that notebook, then run `make tangle`.
# checksum a4cda65c4eec4a21

# %% ../notebooks/09_nn_library.ipynb#cell-id=447d6994
import random
from numbers import Real

from micrograd.engine import Value, weighted_sum


class Module:
    """Anything with parameters: it can list them and reset their gradients."""

    def parameters(self):
        return []

    def zero_grad(self):
        for p in self.parameters():
            p.grad = 0.0


# %% ../notebooks/09_nn_library.ipynb#cell-id=242612c4
def _inputs(x, nin, who):
    """x as a list of nin inputs; a single number or Value counts as one input."""
    if isinstance(x, (Value, Real)):
        x = [x]
    elif not isinstance(x, (list, tuple)):            # a generator, a numpy row, ...
        x = [v if isinstance(v, Value) else float(v) for v in x]
    if len(x) != nin:
        raise ValueError(f"{who} takes {nin} input{'s' if nin != 1 else ''}, got {len(x)}")
    return x


class Neuron(Module):
    """activation(b + sum of w_i * x_i), with weights drawn uniformly from [-1, 1].

    `activation` is 'relu' (the default, as in the original micrograd), 'tanh'
    (the lessons' choice), 'sigmoid', or None for a linear neuron (`nonlin=False`
    also makes it linear, as in the original micrograd).
    Pass `rng` (a random.Random) to draw the weights from your own generator.
    """

    ACTIVATIONS = (None, 'relu', 'tanh', 'sigmoid')

    def __init__(self, nin, nonlin=True, activation='relu', rng=random):
        if activation not in self.ACTIVATIONS:
            raise ValueError(f"activation must be one of {self.ACTIVATIONS}, got {activation!r}")
        self.w = [Value(rng.uniform(-1, 1)) for _ in range(nin)]
        self.b = Value(0.0)
        self.activation = activation if nonlin else None

    def __call__(self, x):
        x = _inputs(x, len(self.w), self)    # named only if the check fails
        act = weighted_sum(self.w, x, self.b)
        return getattr(act, self.activation)() if self.activation else act

    def parameters(self):
        return self.w + [self.b]

    def __repr__(self):
        kind = {'relu': 'ReLU', 'tanh': 'Tanh', 'sigmoid': 'Sigmoid', None: 'Linear'}
        return f"{kind[self.activation]}Neuron({len(self.w)})"


class Layer(Module):
    """nout neurons that all read the same inputs."""

    def __init__(self, nin, nout, **kwargs):
        self.nin = nin
        self.neurons = [Neuron(nin, **kwargs) for _ in range(nout)]

    def __call__(self, x):
        x = _inputs(x, self.nin, f"Layer({self.nin}, {len(self.neurons)})")
        out = [n(x) for n in self.neurons]
        return out[0] if len(out) == 1 else out

    def parameters(self):
        return [p for n in self.neurons for p in n.parameters()]

    def __repr__(self):
        return f"Layer of [{', '.join(str(n) for n in self.neurons)}]"


class MLP(Module):
    """Layers in sequence: MLP(3, [4, 4, 1]) maps 3 inputs to 1 output.

    Hidden layers use `activation`; the last layer is linear unless
    `output_activation` names one (the lessons use 'tanh' for both).
    """

    def __init__(self, nin, nouts, activation='relu', output_activation=None, rng=random):
        sizes = [nin] + list(nouts)
        activations = [activation] * (len(nouts) - 1) + [output_activation]
        self.layers = [Layer(sizes[i], sizes[i + 1], activation=activations[i], rng=rng)
                       for i in range(len(nouts))]

    def __call__(self, x):
        for layer in self.layers:
            x = layer(x)
        return x

    def parameters(self):
        return [p for layer in self.layers for p in layer.parameters()]

    def __repr__(self):
        return f"MLP of [{', '.join(str(layer) for layer in self.layers)}]"
