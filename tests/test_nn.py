"""micrograd.nn: sizes, the original micrograd API, resetting, errors, and training."""
import random

import pytest

from micrograd.engine import Value
from micrograd.nn import MLP, Layer, Module, Neuron


@pytest.mark.parametrize('model, count', [
    (lambda: Neuron(5), 6),
    (lambda: Layer(3, 4), 16),
    (lambda: MLP(3, [4, 4, 1]), 41),
    (lambda: MLP(2, [16, 16, 1]), 337),
    (lambda: MLP(2, [1, 3]), 3 + 6),
])
def test_parameter_counts(model, count):
    params = model().parameters()
    assert len(params) == count
    assert len({id(p) for p in params}) == count          # no parameter listed twice
    assert all(isinstance(p, Value) for p in params)


def test_output_shapes():
    x = [1.0, -2.0, 0.5]
    assert isinstance(Neuron(3)(x), Value)
    assert isinstance(Layer(3, 1)(x), Value)              # one neuron: a single value
    assert [type(v) for v in Layer(3, 4)(x)] == [Value] * 4
    assert isinstance(MLP(3, [4, 4, 1])(x), Value)
    assert len(MLP(3, [4, 2])(x)) == 2


def test_a_one_neuron_middle_layer_feeds_the_next_layer():
    model = MLP(2, [1, 3], rng=random.Random(0))
    out = model([1.0, 2.0])
    assert len(out) == 3
    sum(out).backward()
    assert any(p.grad != 0 for p in model.layers[0].parameters())


def test_the_original_micrograd_api_and_reprs():
    random.seed(1337)
    model = MLP(2, [16, 16, 1])
    assert str(model.layers[0].neurons[0]) == 'ReLUNeuron(2)'
    assert str(model.layers[-1]) == 'Layer of [LinearNeuron(16)]'
    assert repr(model).startswith('MLP of [Layer of [ReLUNeuron(2), ReLUNeuron(2),')
    assert str(Neuron(3, nonlin=False)) == 'LinearNeuron(3)'
    # weights come from the module-level random in order, biases start at 0
    random.seed(1337)
    expected = [random.uniform(-1, 1) for _ in range(2)]
    assert [w.data for w in model.layers[0].neurons[0].w] == expected
    assert all(n.b.data == 0 for layer in model.layers for n in layer.neurons)
    # hidden layers are ReLU, the output is linear: it can be negative and large
    out = Layer(2, 1, nonlin=False)([100.0, 100.0])
    relu_out = Layer(2, 1)([-100.0, -100.0])
    assert isinstance(out, Value) and relu_out.data >= 0


def test_activation_choices():
    rng = random.Random(3)
    x = [0.7, -1.1]
    n = Neuron(2, activation='tanh', rng=rng)
    s = sum((w * xi for w, xi in zip(n.w, x)), n.b)
    assert n(x).data == s.tanh().data
    n.activation = 'sigmoid'
    assert n(x).data == s.sigmoid().data
    assert str(Neuron(2, activation='tanh')) == 'TanhNeuron(2)'
    assert str(Neuron(2, activation=None)) == 'LinearNeuron(2)'
    model = MLP(3, [4, 1], activation='tanh', output_activation='tanh')
    assert [str(layer.neurons[0]) for layer in model.layers] == ['TanhNeuron(3)', 'TanhNeuron(4)']
    with pytest.raises(ValueError, match="activation must be one of"):
        Neuron(2, activation='softmax')


def test_zero_grad_resets_every_parameter():
    model = MLP(3, [4, 4, 1], rng=random.Random(1))
    model([1.0, 2.0, 3.0]).backward()
    assert any(p.grad != 0 for p in model.parameters())
    model.zero_grad()
    assert all(p.grad == 0.0 for p in model.parameters())
    assert isinstance(model, Module) and Module().parameters() == []


def test_initialisation_is_reproducible():
    def weights(model):
        return [p.data for p in model.parameters()]
    assert weights(MLP(3, [4, 1], rng=random.Random(7))) == weights(MLP(3, [4, 1], rng=random.Random(7)))
    assert weights(MLP(3, [4, 1], rng=random.Random(7))) != weights(MLP(3, [4, 1], rng=random.Random(8)))
    random.seed(5)
    state = random.getstate()
    MLP(3, [4, 1], rng=random.Random(7))
    assert random.getstate() == state                     # a given rng leaves the global one alone


@pytest.mark.parametrize('module, x, message', [
    (lambda: Neuron(3), [1.0, 2.0], r"ReLUNeuron\(3\) takes 3 inputs, got 2"),
    (lambda: Neuron(2), [1.0, 2.0, 3.0], r"ReLUNeuron\(2\) takes 2 inputs, got 3"),
    (lambda: Layer(3, 4), [1.0, 2.0], r"Layer\(3, 4\) takes 3 inputs, got 2"),
    (lambda: MLP(3, [4, 1]), [1.0, 2.0, 3.0, 4.0], "takes 3 inputs, got 4"),
    (lambda: Neuron(2), 1.0, "takes 2 inputs, got 1"),
])
def test_a_wrong_number_of_inputs_is_a_clear_error(module, x, message):
    with pytest.raises(ValueError, match=message):
        module()(x)


def test_a_single_number_is_one_input():
    n = Neuron(1, activation=None, rng=random.Random(0))
    assert n(2.0).data == n([2.0]).data == n([Value(2.0)]).data


def test_the_library_neuron_computes_the_plain_sum_of_products():
    n = Neuron(3, activation='tanh', rng=random.Random(2))
    x = [Value(0.5), Value(-1.5), Value(2.0)]
    out = n(x)
    out.backward()
    fused = [v.grad for v in n.parameters() + x]
    for v in n.parameters() + x:
        v.grad = 0.0
    plain = sum((w * xi for w, xi in zip(n.w, x)), n.b).tanh()
    plain.backward()
    assert out.data == plain.data
    assert fused == [v.grad for v in n.parameters() + x]


def test_a_short_training_run_reduces_the_loss():
    xs = [[2.0, 3.0, -1.0], [3.0, -1.0, 0.5], [0.5, 1.0, 1.0], [1.0, 1.0, -1.0]]
    ys = [1.0, -1.0, -1.0, 1.0]
    model = MLP(3, [4, 4, 1], activation='tanh', output_activation='tanh', rng=random.Random(42))
    losses = []
    for _ in range(60):
        loss = sum((model(x) - y) ** 2 for x, y in zip(xs, ys))
        model.zero_grad()
        loss.backward()
        for p in model.parameters():
            p.data -= 0.05 * p.grad
        losses.append(loss.data)
    assert losses[0] > 1.0
    assert losses[-1] < 0.05
    assert all(b <= a for a, b in zip(losses[10:], losses[11:]))   # steadily down after a start


def test_any_iterable_of_inputs_works():
    n = Neuron(3, rng=random.Random(0))
    x = [0.5, -1.0, 2.0]
    assert n(v for v in x).data == n(tuple(x)).data == n(x).data


def test_a_numpy_row_gives_plain_float_data():
    import numpy as np
    n = Neuron(2, activation=None, rng=random.Random(0))
    out = n(np.array([0.5, -1.5]))
    assert type(out.data) is float and out.data == n([0.5, -1.5]).data
