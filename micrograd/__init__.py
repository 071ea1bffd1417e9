"""micrograd: a tiny scalar autograd engine, built lesson by lesson.

The modules are generated from the course notebooks (see README.md); this file
is hand-written and only gathers the public names in one place.

The drawing functions, `draw_dot` and `trace`, and the interactive pictures,
`backward_stepper`, `nudge_slider` and `training_player`, load `micrograd.viz`
(graphviz and the WebAssembly Graphviz) and `micrograd.pictures` (anywidget) only
when they are first asked for, so `import micrograd` and the engine and network
modules never load that machinery.
"""
from micrograd.engine import Value, weighted_sum
from micrograd.nn import MLP, Layer, Module, Neuron

_LAZY = {"draw_dot": "viz", "trace": "viz",
         "backward_stepper": "pictures", "nudge_slider": "pictures", "training_player": "pictures"}

__all__ = ["Value", "weighted_sum", "Module", "Neuron", "Layer", "MLP", *_LAZY]


def __getattr__(name):
    """Load micrograd.viz or micrograd.pictures on first use of one of their names (PEP 562)."""
    if name in _LAZY:
        import importlib
        return getattr(importlib.import_module(f"micrograd.{_LAZY[name]}"), name)
    raise AttributeError(f"module 'micrograd' has no attribute {name!r}")


def __dir__():
    return sorted(set(globals()) | set(_LAZY))
