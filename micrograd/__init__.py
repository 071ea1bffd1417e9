"""micrograd: a tiny scalar autograd engine, built lesson by lesson.

The modules are generated from the course notebooks (see README.md); this file
is hand-written and only gathers the public names in one place.
"""
from micrograd.engine import Value, weighted_sum
from micrograd.nn import MLP, Layer, Module, Neuron
from micrograd.viz import draw_dot, trace

__all__ = ["Value", "weighted_sum", "Module", "Neuron", "Layer", "MLP", "draw_dot", "trace"]
