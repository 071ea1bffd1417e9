# Generated from notebooks/09_nn_library.ipynb by build/tangle.py: do not edit.
# Edit the cells tagged `export` in that notebook, then run `make tangle`.
# checksum f9a63e9ea695ae9d

# %% ../notebooks/09_nn_library.ipynb#cell-id=6fb005d5
import random
from collections.abc import Iterable, Mapping, Set
from numbers import Integral, Real

from micrograd.engine import Value, weighted_sum

# Every activation the library knows, in one table:
# the name you pass -> (how a neuron's repr spells it, the Value method that applies it).
ACTIVATIONS = {
    'relu': ('ReLU', Value.relu),
    'tanh': ('Tanh', Value.tanh),
    'sigmoid': ('Sigmoid', Value.sigmoid),
    None: ('Linear', None),                       # no activation: a linear neuron
}


def _activation(name):
    """The table's row for `name`; an unknown name is an error that lists the choices."""
    try:
        return ACTIVATIONS[name]
    except (KeyError, TypeError):                 # TypeError: an unhashable name, such as a list
        choices = ", ".join(repr(key) for key in ACTIVATIONS)
        raise ValueError(f"activation must be one of {choices}; got {name!r}") from None


def _count(n, what):
    """n as an int of at least 1, or an error that says what `what` counts."""
    if isinstance(n, bool) or not isinstance(n, Integral):
        raise TypeError(f"{what} is a whole number (an int), not {type(n).__name__} {n!r}")
    if n < 1:
        raise ValueError(f"{what} must be at least 1, got {n}")
    return int(n)


# %% ../notebooks/09_nn_library.ipynb#cell-id=9b12552f
class Module:
    """The base of every model: it lists its parameters and resets their gradients."""

    def parameters(self):
        return []

    def zero_grad(self):
        for p in self.parameters():
            p.grad = 0.0

    def _name(self):
        """How error messages name this model."""
        return type(self).__name__


# %% ../notebooks/09_nn_library.ipynb#cell-id=ca20f2e1
def _inputs(x, n, model):
    """The n inputs x of `model`, checked where they enter: a list of floats and Values.

    A single number or Value counts as one input; every other number (an int,
    a numpy scalar) becomes a plain float.
    """
    if isinstance(x, (Value, Real)):
        x = (x,)
    elif isinstance(x, (str, bytes, Mapping, Set)) or not isinstance(x, Iterable):
        why = {str: ": a string's characters are not numbers",
               bytes: ": bytes are not numbers",
               Mapping: ": looping over it gives its keys, not its values",
               Set: ": a set has no order, so its numbers would meet the wrong weights"}
        reason = next((text for kind, text in why.items() if isinstance(x, kind)), "")
        raise TypeError(f"{model._name()} takes a list (or tuple) of {n} numbers or Values, "
                        f"not a {type(x).__name__}{reason}")
    inputs = []
    for v in x:
        if type(v) is float or isinstance(v, Value):
            inputs.append(v)
        elif isinstance(v, Real):
            inputs.append(float(v))
        else:
            raise TypeError(f"{model._name()}: input {len(inputs)} is a {type(v).__name__}; "
                            f"each input is a number or a Value")
    if len(inputs) != n:
        raise ValueError(f"{model._name()} takes {n} input{'s' if n != 1 else ''}, "
                         f"got {len(inputs)}")
    return inputs


# %% ../notebooks/09_nn_library.ipynb#cell-id=a25413ea
class Neuron(Module):
    """activation(b + w1*x1 + ... + wn*xn), for n = nin inputs.

    activation: 'relu' (the default), 'tanh', 'sigmoid', or None for a linear neuron
    (nonlin=False also makes it linear). Weights are drawn from rng.uniform(-1, 1),
    rng being the random module unless you pass a random.Random; the bias starts at 0.
    """

    def __init__(self, nin, nonlin=True, activation='relu', rng=random):
        nin = _count(nin, "nin (the number of inputs)")
        self.activation = activation if nonlin else None
        if not callable(getattr(rng, 'uniform', None)):
            raise TypeError(f"rng draws the weights: pass a random.Random (or the random "
                            f"module), not {type(rng).__name__}")
        self.w = [Value(rng.uniform(-1, 1)) for _ in range(nin)]
        self.b = Value(0.0)

    @property
    def activation(self):
        return self._activation

    @activation.setter
    def activation(self, name):
        self._word, self._apply = _activation(name)    # the table's row, or a clear error
        self._activation = name

    def __call__(self, x):
        return self._forward(_inputs(x, len(self.w), self))

    def _forward(self, x):
        """The neuron on inputs already checked."""
        total = weighted_sum(self.w, x, self.b)
        return self._apply(total) if self._apply else total

    def parameters(self):
        return self.w + [self.b]

    def __repr__(self):
        return f"{self._word}Neuron({len(self.w)})"

    def _name(self):
        return repr(self)


# %% ../notebooks/09_nn_library.ipynb#cell-id=131d75c6
class Layer(Module):
    """nout neurons reading the same nin inputs; keyword arguments go to every Neuron."""

    def __init__(self, nin, nout, **kwargs):
        self.nin = _count(nin, "nin (the number of inputs)")
        nout = _count(nout, "nout (the number of neurons)")
        self.neurons = [Neuron(nin, **kwargs) for _ in range(nout)]

    def __call__(self, x):
        out = self._forward(_inputs(x, self.nin, self))
        return out[0] if len(out) == 1 else out        # one neuron: its Value, not a list

    def _forward(self, x):
        """Every neuron on inputs already checked: always a list."""
        return [neuron._forward(x) for neuron in self.neurons]

    def parameters(self):
        return [p for neuron in self.neurons for p in neuron.parameters()]

    def __repr__(self):
        return f"Layer of [{', '.join(repr(neuron) for neuron in self.neurons)}]"

    def _name(self):
        return f"Layer({self.nin}, {len(self.neurons)})"


# %% ../notebooks/09_nn_library.ipynb#cell-id=41de5b9c
class MLP(Module):
    """Layers in sequence: MLP(3, [4, 4, 1]) maps 3 inputs to 1 output.

    Hidden layers use `activation` (ReLU by default), the last layer
    `output_activation` (linear by default); the lessons use 'tanh' for both.
    """

    def __init__(self, nin, nouts, activation='relu', output_activation=None, rng=random):
        if isinstance(nouts, (str, bytes, Mapping, Set)) or not isinstance(nouts, Iterable):
            raise TypeError(f"nouts lists the layer sizes in order, e.g. MLP(2, [16, 16, 1]); "
                            f"got {type(nouts).__name__} {nouts!r}")
        sizes = [_count(nin, "nin (the number of inputs)")]
        for i, n in enumerate(nouts):
            sizes.append(_count(n, f"nouts[{i}] (a layer's number of neurons)"))
        if len(sizes) == 1:
            raise ValueError("nouts lists at least one layer size, e.g. MLP(2, [1])")
        _activation(activation), _activation(output_activation)    # both checked now
        kinds = [activation] * (len(sizes) - 2) + [output_activation]
        self.layers = [Layer(n_in, n_out, activation=kind, rng=rng)
                       for n_in, n_out, kind in zip(sizes, sizes[1:], kinds)]

    def __call__(self, x):
        x = _inputs(x, self.layers[0].nin, self)         # checked once, here
        for layer in self.layers:
            x = layer._forward(x)
        return x[0] if len(x) == 1 else x

    def parameters(self):
        return [p for layer in self.layers for p in layer.parameters()]

    def __repr__(self):
        return f"MLP of [{', '.join(repr(layer) for layer in self.layers)}]"

    def _name(self):
        return f"MLP({self.layers[0].nin}, {[len(layer.neurons) for layer in self.layers]})"
