"""micrograd: a tiny scalar autograd engine, built lesson by lesson.

The modules are generated from the course notebooks (see README.md); this file
is hand-written and only gathers the public names in one place.

The drawing functions, `draw_dot` and `trace`, load `micrograd.viz` (and with it
graphviz and the WebAssembly Graphviz) only when they are first asked for, so
`import micrograd` and the engine and network modules never load the drawing
machinery.
"""
from micrograd.engine import Value, weighted_sum
from micrograd.nn import MLP, Layer, Module, Neuron

__all__ = ["Value", "weighted_sum", "Module", "Neuron", "Layer", "MLP", "draw_dot", "trace"]

_DRAWING = ("draw_dot", "trace")


def __getattr__(name):
    """Load micrograd.viz on first use of draw_dot or trace (PEP 562)."""
    if name in _DRAWING:
        from micrograd import viz
        return getattr(viz, name)
    raise AttributeError(f"module 'micrograd' has no attribute {name!r}")


def __dir__():
    return sorted(set(globals()) | set(_DRAWING))
