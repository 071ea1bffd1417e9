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
from numbers import Integral

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


def _layers(nin, nouts):
    """(inputs, neurons) of each layer of MLP(nin, nouts)."""
    sizes = [nin, *nouts]
    return list(zip(sizes, sizes[1:]))


# Known mistakes: (the count each one gives, the hint). A hint is given only when the
# learner's answers equal that count on EVERY case, since on one network two different
# mistakes can give the same number (for (3, [4, 4, 1]), leaving out the last layer gives
# what giving every layer 3 inputs gives); test_mistakes_are_told_apart makes sure no two
# of them agree on every case.
_COUNT_MISTAKES = [
    (lambda nin, nouts: sum(a * b for a, b in _layers(nin, nouts)),
     "counts the weights only: every neuron has a bias too"),
    (lambda nin, nouts: sum(a * b + 1 for a, b in _layers(nin, nouts)),
     "counts one bias per layer: every neuron has a bias of its own"),
    (lambda nin, nouts: sum(b * (nin + 1) for b in nouts),
     "gives every layer the network's nin inputs: a layer's neurons read the outputs of the layer before, "
     "so their number of inputs is that layer's size"),
    (lambda nin, nouts: sum(b * (a + 1) for a, b in _layers(nin, nouts)[1:]),
     "leaves out the first layer, whose neurons read the network's nin inputs"),
    (lambda nin, nouts: sum(b * (a + 1) for a, b in _layers(nin, nouts)[:-1]),
     "leaves out the last layer: the output layer is the last size in nouts, and its "
     "neurons have parameters too"),
    (lambda nin, nouts: sum(a * (b + 1) for a, b in _layers(nin, nouts)),
     "swaps the roles of the sizes: a neuron has one weight per INPUT (so the size of the "
     "layer before decides how many) plus one bias"),
    (lambda nin, nouts: sum(nouts),
     "counts the neurons: each neuron has one weight per input plus a bias"),
]

_COUNT_CASES = [(3, [4, 4, 1]), (1, [1]), (5, [8, 8, 3]), (2, [1, 3]), (10, [20]),
                (4, [3, 2, 5, 1]), (7, [2, 9])]


def _kind(value):
    """How a hint names what a function returned: 'None', 'a float', 'an int64'."""
    if value is None:
        return "None"
    name = type(value).__name__
    return ("an " if name[0].lower() in "aeiou" else "a ") + name


@exercise(1, section="Counting parameters")
def check_exercise_1(count_parameters):
    require(callable(count_parameters),
            "count_parameters should be a function: def count_parameters(nin, nouts): ...")
    answers = []
    for nin, nouts in _COUNT_CASES:
        call = f"count_parameters({nin}, {nouts})"
        given = list(nouts)
        answer, built = _run_forbidding(Value, count_parameters, nin, given)
        if built:
            raise Wrong(f"{call} made a Value (building a network, a layer or a neuron makes "
                        "one per parameter): compute the count from the sizes alone")
        require(given == nouts, f"{call} changed the list it was given (now {given}): build "
                                "a new list, e.g. [nin, *nouts]")
        if isinstance(answer, (list, tuple)):
            raise Wrong(f"{call} returned {_kind(answer)}: add the layers' counts up into one "
                        "number")
        require(answer is not None, f"{call} returned None: end the function with "
                                    "return and the count")
        require(isinstance(answer, Integral) and not isinstance(answer, bool),
                f"{call} returned {_kind(answer)}: return a whole number (an int)")
        answers.append(int(answer))
    wrong = [(nin, nouts) for (nin, nouts), answer in zip(_COUNT_CASES, answers)
             if answer != _true_count(nin, nouts)]
    if not wrong:
        return
    nin, nouts = wrong[0]
    call = f"count_parameters({nin}, {nouts})"
    for mistake, hint in _COUNT_MISTAKES:
        if all(answer == mistake(*case) for case, answer in zip(_COUNT_CASES, answers)):
            raise Wrong(f"{call} {hint}")
    raise Wrong(f"{call} is not the number of parameters of MLP({nin}, {nouts}): count each "
                "layer's neurons, their weights and their biases, as the lesson's section "
                "'Counting parameters' does")


# ---------------------------------------------------------------------------------------
# Exercise 2: a neuron's output with plain floats

def _library_output(weights, bias, inputs, activation):
    neuron = Neuron(len(weights), activation=activation, rng=random.Random(0))
    for w, value in zip(neuron.w, weights):
        w.data = value
    neuron.b.data = bias
    return neuron(inputs).data


def _sigmoid(z):
    """1 / (1 + e**-z), with an exponential of at most 1: no overflow for any z."""
    e = math.exp(-abs(z))
    return 1.0 / (1.0 + e) if z >= 0 else e / (1.0 + e)


_ACTIVATION_FUNCTIONS = {                     # only to name a learner's mix-up in a hint
    'relu': lambda z: max(z, 0.0),
    'tanh': math.tanh,
    'sigmoid': _sigmoid,
    None: lambda z: z,
}


_NONE_IS_NO_STRING = ("activation=None is Python's object None, not the string 'None': "
                      "test it with `activation is None`")


def _same(a, b):
    return math.isclose(a, b, rel_tol=1e-12, abs_tol=1e-12)


def _ex2_cases():
    """(activation, weights, bias, inputs): every activation on neurons of several sizes,
    then on one whose sum is far below -709, where e**-z overflows a float."""
    rng = random.Random(90)
    for activation in ['tanh', 'relu', None, 'sigmoid']:
        for nin in [1, 2, 3, 5]:
            weights = [round(rng.uniform(-1, 1), 3) for _ in range(nin)]
            inputs = [round(rng.uniform(-3, 3), 2) for _ in range(nin)]
            bias = round(rng.uniform(-1, 1), 3)
            if activation == 'relu' and nin == 2:             # make sure a ReLU gets a negative sum
                bias = -abs(bias) - sum(abs(w * v) for w, v in zip(weights, inputs)) - 0.5
            yield activation, weights, bias, inputs
    for activation in ['sigmoid', 'tanh', 'relu', None]:
        yield activation, [0.5, -0.75], 0.25, [-900.0, 400.0]


@exercise(2, section="The neuron model")
def check_exercise_2(neuron_output):
    require(callable(neuron_output), "neuron_output should be a function: "
                                     "def neuron_output(weights, bias, inputs, activation): ...")
    for activation, weights, bias, inputs in _ex2_cases():
        case = f"neuron_output({weights}, {bias}, {inputs}, {activation!r})"
        try:
            answer, made_value = _run_forbidding(Value, neuron_output, list(weights), bias,
                                                 list(inputs), activation)
        except KeyError as error:
            if activation is None and error.args == (None,):
                raise Wrong(f"{case}: {_NONE_IS_NO_STRING} (a dict can have None "
                            "itself as a key)") from None
            raise
        except OverflowError:
            raise Wrong(f"{case} raised OverflowError: for this sum, far below -709, "
                        "an exponential in your function is too large for a float; "
                        "compute the sigmoid as the section 'The neuron model' says, "
                        "so that its exponential is at most 1") from None
        if made_value:
            raise Wrong(f"{case} made a Value: use plain floats and the math module only")
        if answer is None and activation is None:
            raise Wrong(f"{case} returned None: {_NONE_IS_NO_STRING}; with no activation "
                        "the neuron outputs its weighted sum plus bias")
        require(answer is not None, f"{case} returned None: end the function with return "
                                    "and the output")
        require(is_number(answer), f"{case} returned {_kind(answer)}: return the output "
                                   "as a float")
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


def _calls_unwritten(average, x):
    """Whether average(x) cannot run: no __call__, or the placeholder's."""
    if not callable(average):
        return True
    try:
        average(x)
    except NotImplementedError:
        return True
    return False


@exercise(3, section="The library")
def check_exercise_3(Average):
    require(isinstance(Average, type), "Average should be a class: class Average(Module): ...")
    require(any(base.__name__ == "Module" for base in Average.__mro__[1:]),
            "Average should derive from Module (class Average(Module)), so that zero_grad() "
            "comes with it")
    x = [0.5, -1.5]
    for shapes in ([(1, [3, 1]), (2, [2, 1])], [(3, [4, 1]), (4, [1]), (5, [2, 2, 1])]):
        models = _models(shapes)
        n = len(models)
        average = Average(models)          # NotImplementedError here: not attempted yet
        try:
            params = average.parameters()
        except NotImplementedError:
            raise Wrong("parameters() still raises NotImplementedError: write its body too") from None
        require(isinstance(params, list), f"parameters() returned {_kind(params)}: "
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
        writes_forward = any('forward' in vars(k) for k in Average.__mro__
                             if k.__name__ not in ("Module", "object"))
        if writes_forward and _calls_unwritten(average, x):
            raise Wrong("Average defines forward, but a micrograd module is called, and our "
                        "Module has no __call__ that would call forward for you (PyTorch's "
                        "has): write __call__(self, x)")
        require(callable(average), "an Average cannot be called: write __call__(self, x), "
                                   "which returns the average of the models' outputs")
        try:
            out = average(x)
        except NotImplementedError:
            raise Wrong("__call__ still raises NotImplementedError: write its body too") from None
        require(isinstance(out, Value), f"Average returned {_kind(out)}: return a "
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
        own_zero_grad = any('zero_grad' in vars(k) for k in Average.__mro__
                            if k.__name__ not in ("Module", "object"))
        for i, m in enumerate(models, start=1):
            if own_zero_grad:
                require(all(p.grad == 0.0 for p in m.parameters()),
                        f"after zero_grad(), model {i} still has gradients: Average defines a "
                        "zero_grad() of its own; leave it out, and Module's zero_grad() resets "
                        "everything parameters() lists")
            require(all(p.grad == 0.0 for p in m.parameters()),
                    f"after zero_grad(), model {i} still has gradients: parameters() must list "
                    "them (zero_grad() resets what parameters() lists)")
