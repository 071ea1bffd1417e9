"""The checks of lesson 9's exercises: placeholders, worked solutions, and every known wrong answer."""
import math
import re

import numpy as np
import pytest
from conftest import verdict

from checks.nn_library import check_exercise_1, check_exercise_2, check_exercise_3
from micrograd.engine import Value
from micrograd.nn import MLP, Module

# ---------------------------------------------------------------------------------------
# Exercise 1: count_parameters


def count_placeholder(nin, nouts):
    raise NotImplementedError("write the body")


def count_solution(nin, nouts):
    sizes = [nin, *nouts]
    return sum(n_out * (n_in + 1) for n_in, n_out in zip(sizes, sizes[1:]))


def count_by_building(nin, nouts):
    return len(MLP(nin, nouts).parameters())


def count_by_building_quietly(nin, nouts):
    try:
        return len(MLP(nin, nouts).parameters())
    except Exception:                                 # swallowing the check's signal is no escape
        return count_solution(nin, nouts)


def count_weights_only(nin, nouts):
    sizes = [nin, *nouts]
    return sum(a * b for a, b in zip(sizes, sizes[1:]))


def count_bias_per_layer(nin, nouts):
    sizes = [nin, *nouts]
    return sum(a * b + 1 for a, b in zip(sizes, sizes[1:]))


def count_nin_everywhere(nin, nouts):
    return sum(b * (nin + 1) for b in nouts)


def count_without_first_layer(nin, nouts):
    return sum(b * (a + 1) for a, b in zip(nouts, nouts[1:]))


def count_without_last_layer(nin, nouts):
    sizes = [nin, *nouts]
    return sum(b * (a + 1) for a, b in list(zip(sizes, sizes[1:]))[:-1])


def count_neurons(nin, nouts):
    return sum(nouts)


def count_numpy_int(nin, nouts):
    return np.int64(count_solution(nin, nouts))


def count_per_layer(nin, nouts):
    sizes = [nin, *nouts]
    return [n_out * (n_in + 1) for n_in, n_out in zip(sizes, sizes[1:])]


def count_no_return(nin, nouts):
    count_solution(nin, nouts)


def count_mixed_mistakes(nin, nouts):
    """Weights only on one-layer networks, every layer nin inputs on the others: no single
    known mistake explains every answer, so the hint must name none of them."""
    return count_weights_only(nin, nouts) if len(nouts) == 1 else count_nin_everywhere(nin, nouts)


def count_swapped(nin, nouts):
    sizes = [nin, *nouts]
    return sum(a * (b + 1) for a, b in zip(sizes, sizes[1:]))


def count_mutating(nin, nouts):
    nouts.insert(0, nin)
    return sum(b * (a + 1) for a, b in zip(nouts, nouts[1:]))


def count_float(nin, nouts):
    return float(count_solution(nin, nouts))


def count_first_example_only(nin, nouts):
    return 41


@pytest.mark.parametrize("answer, status, hint", [
    (count_placeholder, "not attempted yet", "NotImplementedError"),
    (count_solution, "solved", ""),
    (count_by_building, "wrong", "made a Value"),
    (count_by_building_quietly, "wrong", "made a Value"),
    (count_weights_only, "wrong", "weights only"),
    (count_bias_per_layer, "wrong", "one bias per layer"),
    (count_nin_everywhere, "wrong", "gives every layer"),
    (count_without_first_layer, "wrong", "leaves out the first layer"),
    (count_without_last_layer, "wrong", "leaves out the last layer"),
    (count_swapped, "wrong", "swaps the roles"),
    (count_neurons, "wrong", "counts the neurons"),
    (count_mutating, "wrong", "changed the list"),
    (count_float, "wrong", "returned a float: return a whole number (an int)"),
    (count_numpy_int, "solved", ""),
    (count_per_layer, "wrong", "returned a list: add the layers' counts up"),
    (count_no_return, "wrong", "returned None"),
    (count_mixed_mistakes, "wrong", "is not the number of parameters"),
    (count_first_example_only, "wrong", "is not the number of parameters"),
    (42, "wrong", "should be a function"),
])
def test_exercise_1(answer, status, hint):
    got_status, detail = verdict(check_exercise_1, answer)
    assert got_status == status, detail
    assert hint in detail


def test_exercise_1_tells_a_coincidence_from_a_cause():
    """Leaving out the last layer of (3, [4, 4, 1]) gives 36, which is also what giving every
    layer 3 inputs gives: the hint must name the mistake that explains every case."""
    assert count_without_last_layer(3, [4, 4, 1]) == count_nin_everywhere(3, [4, 4, 1])
    _, detail = verdict(check_exercise_1, count_without_last_layer)
    assert "leaves out the last layer" in detail and "every layer" not in detail, detail


def test_mistakes_are_told_apart():
    """No two known mistakes give the same counts on every case, and none is always right."""
    from checks.nn_library import _COUNT_CASES, _COUNT_MISTAKES, _true_count
    right = [_true_count(*case) for case in _COUNT_CASES]
    patterns = [[mistake(*case) for case in _COUNT_CASES] for mistake, _ in _COUNT_MISTAKES]
    assert all(pattern != right for pattern in patterns)
    assert len({tuple(pattern) for pattern in patterns}) == len(patterns)


def test_exercise_1_leaves_value_usable():
    verdict(check_exercise_1, count_by_building)
    assert Value(2.0).data == 2.0                     # the check put Value.__init__ back


# ---------------------------------------------------------------------------------------
# Exercise 2: neuron_output with plain floats

def z_of(weights, bias, inputs):
    z = bias
    for w, v in zip(weights, inputs):
        z += w * v
    return z


def stable_sigmoid(t):
    if t >= 0:
        return 1.0 / (1.0 + math.exp(-t))
    return math.exp(t) / (1.0 + math.exp(t))


ACT = {'relu': lambda t: max(t, 0.0), 'tanh': math.tanh, 'sigmoid': stable_sigmoid,
       None: lambda t: t}


def neuron_placeholder(weights, bias, inputs, activation):
    raise NotImplementedError("write the body")


def neuron_solution(weights, bias, inputs, activation):
    return ACT[activation](z_of(weights, bias, inputs))


def neuron_summed_backwards(weights, bias, inputs, activation):
    return ACT[activation](sum(w * v for w, v in zip(reversed(weights), reversed(inputs))) + bias)


def neuron_with_values(weights, bias, inputs, activation):
    total = Value(bias)
    for w, v in zip(weights, inputs):
        total = total + w * v
    return ACT[activation](total.data)


def neuron_with_values_quietly(weights, bias, inputs, activation):
    try:
        return neuron_with_values(weights, bias, inputs, activation)
    except Exception:
        return neuron_solution(weights, bias, inputs, activation)


def neuron_returning_value(weights, bias, inputs, activation):
    return str(neuron_solution(weights, bias, inputs, activation))


def neuron_without_bias(weights, bias, inputs, activation):
    return ACT[activation](z_of(weights, 0.0, inputs))


def neuron_bias_outside(weights, bias, inputs, activation):
    return ACT[activation](z_of(weights, 0.0, inputs)) + bias


def neuron_sigmoid_sign(weights, bias, inputs, activation):
    if activation == 'sigmoid':
        return 1.0 / (1.0 + math.exp(z_of(weights, bias, inputs)))
    return neuron_solution(weights, bias, inputs, activation)


def neuron_naive_sigmoid(weights, bias, inputs, activation):
    """The textbook formula, whose e**-z overflows for a sum below about -709."""
    if activation == 'sigmoid':
        return 1.0 / (1.0 + math.exp(-z_of(weights, bias, inputs)))
    return neuron_solution(weights, bias, inputs, activation)


def neuron_always_tanh(weights, bias, inputs, activation):
    return math.tanh(z_of(weights, bias, inputs))


def neuron_relu_for_none(weights, bias, inputs, activation):
    return neuron_solution(weights, bias, inputs, activation or 'relu')


def neuron_none_as_string_key(weights, bias, inputs, activation):
    apply = {'relu': ACT['relu'], 'tanh': ACT['tanh'], 'sigmoid': ACT['sigmoid'],
             'None': lambda t: t}
    return apply[activation](z_of(weights, bias, inputs))


def neuron_none_as_string_test(weights, bias, inputs, activation):
    z = z_of(weights, bias, inputs)
    if activation == 'None':
        return z
    if activation in ('relu', 'tanh', 'sigmoid'):
        return ACT[activation](z)


def neuron_no_return(weights, bias, inputs, activation):
    neuron_solution(weights, bias, inputs, activation)


def neuron_half(weights, bias, inputs, activation):
    return neuron_solution(weights, bias, inputs, activation) / 2


@pytest.mark.parametrize("answer, status, hint", [
    (neuron_placeholder, "not attempted yet", "NotImplementedError"),
    (neuron_solution, "solved", ""),
    (neuron_summed_backwards, "solved", ""),
    (neuron_with_values, "wrong", "made a Value"),
    (neuron_with_values_quietly, "wrong", "made a Value"),
    (neuron_returning_value, "wrong", "as a float"),
    (neuron_without_bias, "wrong", "the bias is missing"),
    (neuron_bias_outside, "wrong", "inside the activation"),
    (neuron_sigmoid_sign, "wrong", "sign in the sigmoid"),
    (neuron_naive_sigmoid, "wrong", "raised OverflowError: for this sum, far below -709"),
    (neuron_always_tanh, "wrong", "applies what 'tanh' means"),
    (neuron_relu_for_none, "wrong", "applies what 'relu' means"),
    (neuron_half, "wrong", "is not what the library's Neuron outputs"),
    (neuron_none_as_string_key, "wrong", "None is Python's object None, not the string 'None'"),
    (neuron_none_as_string_test, "wrong", "None is Python's object None, not the string 'None'"),
    (neuron_no_return, "wrong", "returned None: end the function with return"),
])
def test_exercise_2(answer, status, hint):
    got_status, detail = verdict(check_exercise_2, answer)
    assert got_status == status, detail
    assert hint in detail


# ---------------------------------------------------------------------------------------
# Exercise 3: Average(Module)

class AveragePlaceholder(Module):                # as the lesson's attempt cell has it
    def __init__(self, models):
        raise NotImplementedError("write the body")

    def __call__(self, x):
        raise NotImplementedError("write the body")

    def parameters(self):
        raise NotImplementedError("write the body")


class InitOnly(AveragePlaceholder):
    def __init__(self, models):
        self.models = list(models)


class CallStub(AveragePlaceholder):
    def __init__(self, models):
        self.models = list(models)

    def parameters(self):
        return [p for m in self.models for p in m.parameters()]


class ForwardBesideTheStub(CallStub):            # PyTorch's habit, the stub left in place
    def forward(self, x):
        return sum(m(x) for m in self.models) / len(self.models)


class ForwardOnly(Module):                       # the stub deleted, forward written instead
    def __init__(self, models):
        self.models = list(models)

    def forward(self, x):
        return sum(m(x) for m in self.models) / len(self.models)

    def parameters(self):
        return [p for m in self.models for p in m.parameters()]


class NoCall(Module):
    def __init__(self, models):
        self.models = list(models)

    def parameters(self):
        return [p for m in self.models for p in m.parameters()]


class ForwardAndCall(ForwardOnly):               # __call__ that calls forward: fine
    def __call__(self, x):
        return self.forward(x)


class AverageSolution(Module):
    def __init__(self, models):
        self.models = list(models)

    def __call__(self, x):
        return sum(m(x) for m in self.models) / len(self.models)

    def parameters(self):
        return [p for m in self.models for p in m.parameters()]


class NotAModule:
    def __init__(self, models):
        self.models = models


class FirstModelOnly(AverageSolution):
    def parameters(self):
        return self.models[0].parameters()


class NestedParameters(AverageSolution):
    def parameters(self):
        return [m.parameters() for m in self.models]


class Duplicates(AverageSolution):
    def parameters(self):
        return super().parameters() + self.models[0].parameters()[:1]


class Generator(AverageSolution):
    def parameters(self):
        return (p for m in self.models for p in m.parameters())


class Foreign(AverageSolution):
    def parameters(self):
        return super().parameters() + [Value(1.0)]


class ReturnsFloat(AverageSolution):
    def __call__(self, x):
        return super().__call__(x).data


class Sums(AverageSolution):
    def __call__(self, x):
        return sum(m(x) for m in self.models)


class HalvesAlways(AverageSolution):
    def __call__(self, x):
        return sum(m(x) for m in self.models) / 2


class FirstOutputOnly(AverageSolution):
    def __call__(self, x):
        outs = [m(x) for m in self.models]
        return outs[0] * 0.5 + sum(o.data for o in outs[1:]) / len(outs)   # others cut off


class ZeroGradOnFirst(AverageSolution):
    def zero_grad(self):
        for p in self.models[0].parameters():
            p.grad = 0.0


class LibraryModuleSubclass(AverageSolution):   # the notebook's own Module is another class
    pass


@pytest.mark.parametrize("answer, status, hint", [
    (AveragePlaceholder, "not attempted yet", "NotImplementedError"),
    (AverageSolution, "solved", ""),
    (NotAModule, "wrong", "derive from Module"),
    (FirstModelOnly, "wrong", "leaves out the parameters of model 2"),
    (NestedParameters, "wrong", "one flat list"),
    (Duplicates, "wrong", "twice"),
    (Generator, "wrong", "return one list"),
    (Foreign, "wrong", "belong to none of the models"),
    (ReturnsFloat, "wrong", "return a Value"),
    (Sums, "wrong", "the sum of the outputs"),
    (HalvesAlways, "wrong", "divides by 2"),
    (FirstOutputOnly, "wrong", "model 2's gradients are all zero"),
    (ZeroGradOnFirst, "wrong", "model 2 still has gradients: Average defines a zero_grad() of its own"),
    ("Average", "wrong", "should be a class"),
    (InitOnly, "wrong", "parameters() still raises NotImplementedError"),
    (CallStub, "wrong", "__call__ still raises NotImplementedError"),
    (ForwardBesideTheStub, "wrong", "defines forward, but a micrograd module is called"),
    (ForwardOnly, "wrong", "defines forward, but a micrograd module is called"),
    (NoCall, "wrong", "cannot be called: write __call__"),
    (ForwardAndCall, "solved", ""),
])
def test_exercise_3(answer, status, hint):
    got_status, detail = verdict(check_exercise_3, answer)
    assert got_status == status, detail
    assert hint in detail


def test_a_module_named_module_elsewhere_counts():
    class Module:                                    # as the lesson's export cell defines it
        def zero_grad(self):
            for p in self.parameters():
                p.grad = 0.0

    class Average(Module):
        def __init__(self, models):
            self.models = models

        def __call__(self, x):
            return sum(m(x) for m in self.models) / len(self.models)

        def parameters(self):
            return [p for m in self.models for p in m.parameters()]

    assert verdict(check_exercise_3, Average)[0] == "solved"


def test_hints_never_contain_the_expected_counts():
    for wrong in [count_weights_only, count_bias_per_layer, count_nin_everywhere,
                  count_without_first_layer, count_without_last_layer, count_swapped,
                  count_neurons, count_first_example_only, count_mutating, count_float,
                  count_per_layer, count_no_return, count_mixed_mistakes]:
        _, detail = verdict(check_exercise_1, wrong)
        call = re.search(r"count_parameters\((\d+), (\[[\d, ]*\])\)", detail)
        nin, nouts = int(call.group(1)), eval(call.group(2))
        rest = detail.replace(call.group(0), "").replace(f"MLP({nin}, {nouts})", "")
        assert str(count_solution(nin, nouts)) not in re.findall(r"\d+", rest), detail


def test_exercise_2_hints_never_contain_the_expected_output():
    for wrong in [neuron_without_bias, neuron_bias_outside, neuron_sigmoid_sign,
                  neuron_naive_sigmoid, neuron_always_tanh, neuron_relu_for_none, neuron_half,
                  neuron_none_as_string_key, neuron_none_as_string_test]:
        _, detail = verdict(check_exercise_2, wrong)
        numbers = re.findall(r"-?\d+\.\d+", detail)
        # the only decimals in a hint are the case's own weights, bias and inputs
        assert all(len(n.split(".")[1]) <= 3 for n in numbers), detail
