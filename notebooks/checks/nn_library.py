"""Checks for lesson 9, "A neural-network library" (notebooks/09_nn_library.ipynb).

The expected answers are computed here, from the library itself, and never printed.
Rules a task states ("build no network", "no Value") are enforced by watching what the
learner's code does: while it runs, making a Value (every parameter of a network is one)
is recorded and stopped. The lesson defines its own copies of the library's classes (its
export cells), so the checks recognise a learner's base class by name, not by identity.
"""
import contextlib
import math
import random

from checks import Wrong, exercise, is_number, require
from micrograd.engine import Value
from micrograd.nn import MLP, Neuron


class _Forbidden(BaseException):
    """Raised inside the learner's code when it does what the task rules out.

    A BaseException, so that a broad `except Exception` in the learner's code cannot
    swallow it; the flag in `_forbid` records it anyway.
    """


@contextlib.contextmanager
def _forbid(cls, seen):
    """While active, making an instance of `cls` (or a subclass) appends to `seen` and raises."""
    original = cls.__init__

    def refuse(self, *args, **kwargs):
        seen.append(cls.__name__)
        raise _Forbidden(cls.__name__)

    cls.__init__ = refuse
    try:
        yield
    finally:
        cls.__init__ = original


def _run_forbidding(cls, function, *args):
    """(function(*args), whether it tried to make a `cls`); the attempt is stopped."""
    seen = []
    try:
        with _forbid(cls, seen):
            result = function(*args)
    except _Forbidden:
        result = None
    return result, bool(seen)


# ---------------------------------------------------------------------------------------
# Exercise 1: count_parameters(nin, nouts) by formula, without building a network

def _true_count(nin, nouts):
    return len(MLP(nin, list(nouts), rng=random.Random(0)).parameters())


@exercise(1)
def check_exercise_1(count_parameters):
    require(callable(count_parameters),
            "count_parameters should be a function: def count_parameters(nin, nouts): ...")
    cases = [(3, [4, 4, 1]), (1, [1]), (5, [8, 8, 3]), (2, [1, 3]), (10, [20]),
             (4, [3, 2, 5, 1]), (7, [2, 9])]
    for nin, nouts in cases:
        given = list(nouts)
        answer, built = _run_forbidding(Value, count_parameters, nin, given)
        if built:
            raise Wrong(f"count_parameters({nin}, {nouts}) made a Value (building a network, a "
                        "layer or a neuron makes one per parameter): compute the count from the "
                        "sizes alone")
        require(given == nouts, f"count_parameters({nin}, {nouts}) changed the list it was given "
                                f"(now {given}): build a new list, e.g. [nin, *nouts]")
        require(isinstance(answer, int) and not isinstance(answer, bool),
                f"count_parameters({nin}, {nouts}) returned a {type(answer).__name__}: "
                "return a whole number (an int)")
        expected = _true_count(nin, nouts)
        if answer == expected:
            continue
        sizes = [nin, *nouts]
        pairs = list(zip(sizes, sizes[1:]))
        if answer == sum(a * b for a, b in pairs):
            raise Wrong(f"count_parameters({nin}, {nouts}) counts the weights only: "
                        "every neuron has a bias too")
        if answer == sum(a * b + 1 for a, b in pairs):
            raise Wrong(f"count_parameters({nin}, {nouts}) counts one bias per layer: "
                        "every neuron has a bias of its own")
        if answer == sum(b * (nin + 1) for b in nouts):
            raise Wrong(f"count_parameters({nin}, {nouts}) gives every layer {nin} inputs: "
                        "a layer's neurons read the outputs of the layer before, so their "
                        "number of inputs is that layer's size")
        if answer == sum(b * (a + 1) for a, b in zip(nouts, nouts[1:])):
            raise Wrong(f"count_parameters({nin}, {nouts}) leaves out the first layer, whose "
                        f"neurons read the {nin} inputs")
        if answer == sum(a * (b + 1) for a, b in pairs):
            raise Wrong(f"count_parameters({nin}, {nouts}) swaps the roles of the sizes: a "
                        "neuron has one weight per INPUT (so the size of the layer before "
                        "decides how many) plus one bias")
        raise Wrong(f"count_parameters({nin}, {nouts}) is not the number of parameters of "
                    f"MLP({nin}, {nouts}): count each layer's neurons, their weights and their "
                    "biases, as the lesson's section 'Counting parameters' does")


# ---------------------------------------------------------------------------------------
# Exercise 2: a neuron's output with plain floats

def _library_output(weights, bias, inputs, activation):
    neuron = Neuron(len(weights), activation=activation, rng=random.Random(0))
    for w, value in zip(neuron.w, weights):
        w.data = value
    neuron.b.data = bias
    return neuron(inputs).data


_ACTIVATION_FUNCTIONS = {                     # only to name a learner's mix-up in a hint
    'relu': lambda z: max(z, 0.0),
    'tanh': math.tanh,
    'sigmoid': lambda z: 1.0 / (1.0 + math.exp(-z)),
    None: lambda z: z,
}


def _same(a, b):
    return math.isclose(a, b, rel_tol=1e-12, abs_tol=1e-12)


@exercise(2)
def check_exercise_2(neuron_output):
    require(callable(neuron_output), "neuron_output should be a function: "
                                     "def neuron_output(weights, bias, inputs, activation): ...")
    rng = random.Random(90)
    for activation in ['tanh', 'relu', None, 'sigmoid']:
        for nin in [1, 2, 3, 5]:
            weights = [round(rng.uniform(-1, 1), 3) for _ in range(nin)]
            inputs = [round(rng.uniform(-3, 3), 2) for _ in range(nin)]
            bias = round(rng.uniform(-1, 1), 3)
            if activation == 'relu' and nin == 2:             # make sure a ReLU gets a negative sum
                bias = -abs(bias) - sum(abs(w * v) for w, v in zip(weights, inputs)) - 0.5
            case = f"neuron_output({weights}, {bias}, {inputs}, {activation!r})"
            answer, made_value = _run_forbidding(Value, neuron_output, list(weights), bias,
                                                 list(inputs), activation)
            if made_value:
                raise Wrong(f"{case} made a Value: use plain floats and the math module only")
            require(is_number(answer), f"{case} returned a {type(answer).__name__}: "
                                       "return the output as a float")
            expected = _library_output(weights, bias, inputs, activation)
            if _same(answer, expected):
                continue
            z = bias + sum(w * v for w, v in zip(weights, inputs))
            without_bias = z - bias
            act = _ACTIVATION_FUNCTIONS[activation]
            if _same(answer, act(without_bias)):
                raise Wrong(f"{case}: the bias is missing; add it to the weighted sum before "
                            "the activation")
            if _same(answer, act(without_bias) + bias) and bias != 0:
                raise Wrong(f"{case}: the bias goes inside the activation, "
                            "activation(b + sum of w*x), not after it")
            if activation == 'sigmoid' and _same(answer, 1.0 / (1.0 + math.exp(z))):
                raise Wrong(f"{case}: check the sign in the sigmoid, 1 / (1 + e^(-z))")
            for other, function in _ACTIVATION_FUNCTIONS.items():
                if other != activation and _same(answer, function(z)):
                    raise Wrong(f"{case}: for activation={activation!r} your function applies "
                                f"what {other!r} means; pick the function by the name passed in "
                                "(None: no activation at all)")
            raise Wrong(f"{case} is not what the library's Neuron outputs: compute "
                        "b + w1*x1 + ... + wn*xn, then apply the activation")


# ---------------------------------------------------------------------------------------
# Exercise 3: Average(Module)

def _models(shapes):
    return [MLP(2, nouts, activation='tanh', rng=random.Random(seed)) for seed, nouts in shapes]


@exercise(3)
def check_exercise_3(Average):
    require(isinstance(Average, type), "Average should be a class: class Average(Module): ...")
    require(any(base.__name__ == "Module" for base in Average.__mro__[1:]),
            "Average should derive from Module (class Average(Module)), so that zero_grad() "
            "comes with it")
    x = [0.5, -1.5]
    for shapes in ([(1, [3, 1]), (2, [2, 1])], [(3, [4, 1]), (4, [1]), (5, [2, 2, 1])]):
        models = _models(shapes)
        n = len(models)
        average = Average(models)
        params = average.parameters()
        require(isinstance(params, list), f"parameters() returned a {type(params).__name__}: "
                                          "return one list of Values")
        require(all(isinstance(p, Value) for p in params),
                "parameters() should return one flat list of Values, not lists of lists")
        ids = [id(p) for p in params]
        require(len(set(ids)) == len(ids), "parameters() lists some parameters twice")
        for i, m in enumerate(models, start=1):
            require(all(id(p) in set(ids) for p in m.parameters()),
                    f"with {n} models, parameters() leaves out the parameters of model {i}")
        require(len(ids) == sum(len(m.parameters()) for m in models),
                "parameters() lists Values that belong to none of the models")
        out = average(x)
        require(isinstance(out, Value), f"Average returned a {type(out).__name__}: return a "
                                        "Value, so that backward() can reach the models")
        outputs = [m(x).data for m in models]
        expected = sum(outputs) / n
        if not math.isclose(out.data, expected, rel_tol=1e-12, abs_tol=1e-12):
            if math.isclose(out.data, sum(outputs), rel_tol=1e-12, abs_tol=1e-12):
                raise Wrong("Average returns the sum of the outputs: divide by the number of models")
            if math.isclose(out.data, sum(outputs) / 2, rel_tol=1e-12, abs_tol=1e-12):
                raise Wrong(f"with {n} models Average divides by 2: divide by len(models)")
            raise Wrong(f"with {n} models, Average's output is not the mean of the models' outputs")
        out.backward()
        for i, m in enumerate(models, start=1):
            require(any(p.grad != 0.0 for p in m.parameters()),
                    f"after backward(), model {i}'s gradients are all zero: is its output part "
                    "of the average?")
        average.zero_grad()
        for i, m in enumerate(models, start=1):
            require(all(p.grad == 0.0 for p in m.parameters()),
                    f"after zero_grad(), model {i} still has gradients: parameters() must list "
                    "them (zero_grad() resets what parameters() lists)")
