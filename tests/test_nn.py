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
    last = model.layers[-1].neurons[0]
    hidden = [Value(float(v)) for v in range(1, 17)]
    for w in last.w:
        w.data = -abs(w.data)                            # every weight negative
    out = last(hidden)
    assert out.data == sum((w.data * h.data for w, h in zip(last.w, hidden)), last.b.data)
    assert out.data < -1.5                               # no ReLU clipped it, no tanh squashed it
    assert [str(layer.neurons[0]).split('Neuron')[0] for layer in model.layers] == \
        ['ReLU', 'ReLU', 'Linear']


def test_a_linear_output_is_the_plain_weighted_sum():
    model = MLP(2, [3, 1], rng=random.Random(4))
    x = [3.0, -2.0]
    hidden = [max(0.0, sum((w.data * xi for w, xi in zip(n.w, x)), n.b.data))
              for n in model.layers[0].neurons]
    last = model.layers[1].neurons[0]
    last.b.data = -10.0
    expected = sum((w.data * h for w, h in zip(last.w, hidden)), last.b.data)
    assert expected < -5
    assert model(x).data == expected                     # negative and large, exactly the sum


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


def test_numbers_of_any_kind_enter_as_plain_floats():
    import numpy as np
    layer = Layer(2, 2, activation=None, rng=random.Random(0))
    outs = layer([np.float32(0.5), np.float32(-1.5)])
    assert all(type(v.data) is float for v in outs)
    assert [v.data for v in outs] == [v.data for v in layer([0.5, -1.5])]
    n = Neuron(2, activation=None, rng=random.Random(0))
    assert type(n([np.int64(1), 2]).data) is float
    assert n([np.int64(1), 2]).data == n([1.0, 2.0]).data


@pytest.mark.parametrize('x, kind', [
    ('12', 'str'), (b'12', 'bytes'), ({1.0: 'a', 2.0: 'b'}, 'dict'), ({1.0, 2.0}, 'set'),
    (frozenset({1.0, 2.0}), 'frozenset'), (None, 'NoneType'),
])
def test_a_string_dict_or_set_is_refused_with_what_to_pass(x, kind):
    model = MLP(2, [3, 1], rng=random.Random(0))
    with pytest.raises(TypeError, match=rf"MLP\(2, \[3, 1\]\) takes a list \(or tuple\) of 2 numbers "
                                        rf"or Values, not a {kind}"):
        model(x)
    for module in (Layer(2, 3), Neuron(2)):             # every entry point checks
        with pytest.raises(TypeError, match="takes a list"):
            module(x)


def test_a_dict_and_a_set_say_why():
    model = MLP(2, [3, 1], rng=random.Random(0))
    with pytest.raises(TypeError, match="gives its keys"):
        model({1.0: 3.0, 2.0: 4.0})
    with pytest.raises(TypeError, match="no order"):
        model({1.0, 2.0})


def test_an_input_that_is_not_a_number_is_refused():
    with pytest.raises(TypeError, match=r"input 1 is a str; each input is a number or a Value"):
        MLP(2, [3, 1])([1.0, 'a'])
    with pytest.raises(TypeError, match=r"input 0 is a list"):
        Neuron(2)([[1.0], [2.0]])


@pytest.mark.parametrize('make, error, message', [
    (lambda: MLP(2, []), ValueError, r"nouts lists at least one layer size"),
    (lambda: MLP(2, [3, 0, 1]), ValueError, r"nouts\[1\] .* must be at least 1, got 0"),
    (lambda: MLP(2, [3, -2]), ValueError, r"nouts\[1\] .* must be at least 1, got -2"),
    (lambda: MLP(0, [3]), ValueError, r"nin .* must be at least 1, got 0"),
    (lambda: MLP(2, 3), TypeError, r"nouts lists the layer sizes in order, e.g. MLP\(2, \[16, 16, 1\]\); "
                                   r"got int 3"),
    (lambda: MLP(2, '31'), TypeError, r"nouts lists the layer sizes"),
    (lambda: MLP(2, [3.0, 1]), TypeError, r"nouts\[0\] .* is a whole number \(an int\), not float"),
    (lambda: Neuron(-1), ValueError, r"nin .* must be at least 1, got -1"),
    (lambda: Neuron(0), ValueError, r"must be at least 1, got 0"),
    (lambda: Neuron(2.5), TypeError, r"whole number \(an int\), not float 2.5"),
    (lambda: Neuron(True), TypeError, r"not bool"),
    (lambda: Layer(2, 0), ValueError, r"nout .* must be at least 1, got 0"),
    (lambda: Layer(-3, 2), ValueError, r"nin .* must be at least 1, got -3"),
    (lambda: Neuron(2, rng=None), TypeError, r"rng draws the weights"),
])
def test_sizes_that_cannot_make_a_network_are_clear_errors(make, error, message):
    with pytest.raises(error, match=message):
        make()


def test_numpy_sizes_are_whole_numbers_too():
    import numpy as np
    assert len(MLP(np.int64(2), [np.int32(3), 1]).parameters()) == 3 * 3 + 4


@pytest.mark.parametrize('make', [
    lambda: MLP(2, [3], activation='softmax'),                 # one layer: activation unused
    lambda: MLP(2, [3, 1], output_activation='softmax'),
    lambda: MLP(2, [3, 1], activation='softmax'),
    lambda: Layer(2, 3, activation='Tanh'),
    lambda: Neuron(2, activation=['tanh']),
])
def test_an_unknown_activation_is_refused_even_when_unused(make):
    with pytest.raises(ValueError, match=r"activation must be one of 'relu', 'tanh', 'sigmoid', None"):
        make()


def test_setting_an_unknown_activation_later_is_refused():
    n = Neuron(2, rng=random.Random(0))
    with pytest.raises(ValueError, match="activation must be one of"):
        n.activation = 'softmax'
    assert str(n) == 'ReLUNeuron(2)'                          # unchanged by the failed assignment


def test_a_refused_activation_draws_no_weights():
    random.seed(3)
    state = random.getstate()
    with pytest.raises(ValueError):
        MLP(2, [3, 1], output_activation='bogus')
    assert random.getstate() == state


def test_inputs_are_checked_once_where_they_enter(monkeypatch):
    import micrograd.nn as nn
    calls = []
    original = nn._inputs

    def counting(x, n, model):
        calls.append(type(model).__name__)
        return original(x, n, model)

    monkeypatch.setattr(nn, '_inputs', counting)
    model = MLP(3, [4, 4, 1], rng=random.Random(0))
    model([1.0, 2.0, 3.0])
    assert calls == ['MLP']
    calls.clear()
    model.layers[0]([1.0, 2.0, 3.0])
    assert calls == ['Layer']


def test_the_lessons_tanh_network():
    model = MLP(3, [4, 4, 1], activation='tanh', output_activation='tanh', rng=random.Random(5))
    assert [str(layer.neurons[0]) for layer in model.layers] == \
        ['TanhNeuron(3)', 'TanhNeuron(4)', 'TanhNeuron(4)']
    assert -1 < model([2.0, 3.0, -1.0]).data < 1
    assert len(model.parameters()) == 41


def test_one_table_of_activations():
    import micrograd.nn as nn
    for name, (word, method) in nn.ACTIVATIONS.items():
        n = Neuron(2, activation=name, rng=random.Random(0))
        assert str(n) == f'{word}Neuron(2)'
        s = sum((w * xi for w, xi in zip(n.w, [0.3, -0.9])), n.b)
        assert n([0.3, -0.9]).data == (method(s).data if method else s.data)
