"""Text alternatives for the pictures the lessons draw, read from the stored SVG itself.

A Matplotlib plot keeps every text it draws as an XML comment next to the glyphs (the title,
the axis labels, the tick labels, the legend), inside groups named axes_N,
matplotlib.axis_N, xtick_N and legend_N; a drawing of `draw_dot` is Graphviz SVG, with one
group per value (its label, data and grad as <text>), per operation and per arrow. So a plot
is described by its title, axes and legend, and a graph by the expressions it draws.
"""
import html
import re
import xml.etree.ElementTree as ET
from collections import Counter

SVG = "{http://www.w3.org/2000/svg}"
MANY_VALUES = 12   # a bigger graph is summarised instead of spelled out


def describe(svg, fallback):
    """The alternative text for an SVG output; `fallback` is its text/plain form."""
    try:
        root = ET.fromstring(svg.encode(), parser=ET.XMLParser(target=ET.TreeBuilder(insert_comments=True)))
    except ET.ParseError:
        return fallback
    if root.find(f".//{SVG}g[@id='figure_1']") is not None:
        return describe_plot(root) or fallback
    if root.find(f".//{SVG}g[@class='graph']") is not None:
        return describe_graph(root) or fallback
    return fallback


def comments(element):
    """The texts Matplotlib drew inside `element`, cleaned of its mathtext markup."""
    texts = [html.unescape(c.text.strip()) for c in element.iter() if c.tag is ET.Comment]
    return [re.sub(r"\\mathdefault|[{}$\\]", "", t) for t in texts if t]


def children(element, prefix):
    return [child for child in element if child.get("id", "").startswith(prefix)]


def describe_axis(axis, direction):
    ticks = [t for tick in children(axis, ("xtick", "ytick")) for t in comments(tick)]
    label = [t for part in children(axis, "text") for t in comments(part)]
    words = f"{direction} axis" + (f": {label[0]}" if label else "")
    return words + (f", from {ticks[0]} to {ticks[-1]}" if len(ticks) > 1 else "")


def describe_plot(root):
    axes = [g for g in root.iter(f"{SVG}g") if re.fullmatch(r"axes_\d+", g.get("id", ""))]
    described = []
    for n, ax in enumerate(axes, start=1):
        title = [t for part in children(ax, "text") for t in comments(part)]
        parts = [title[0] if title else "untitled"]
        for axis, direction in zip(children(ax, "matplotlib.axis"), ("Horizontal", "Vertical")):
            parts.append(describe_axis(axis, direction))
        legend = [t for part in children(ax, "legend") for t in comments(part)]
        if legend:
            parts.append("Legend: " + "; ".join(legend))
        prefix = f"Plot {n} of {len(axes)}: " if len(axes) > 1 else "Plot: "
        described.append(prefix + ". ".join(parts) + ".")
    return " ".join(described)


def describe_graph(root):
    """The expressions a drawing of draw_dot shows: `L = d * f`, and each value's numbers."""
    values, ops, inputs = {}, {}, {}
    for group in root.iter(f"{SVG}g"):
        name = html.unescape(group.findtext(f"{SVG}title", ""))
        texts = [html.unescape(t.text or "").strip() for t in group.iter(f"{SVG}text")]
        if group.get("class") == "node" and name.endswith("_op"):
            ops[name.removesuffix("_op")] = texts[0] if texts else "?"
        elif group.get("class") == "node" and len(texts) == 3:
            values[name] = texts   # label, "data x", "grad y"
        elif group.get("class") == "edge" and name.endswith("_op"):   # an operand into an operation
            source, target = name.split("->")
            number = int(re.sub(r"\D", "", group.get("id", "")) or 0)   # edges are numbered in operand order
            inputs.setdefault(target.removesuffix("_op"), []).append((number, source))
    if not values:
        return ""

    def named(node):
        label, data, _ = values[node]
        label = label if " " not in label else f"({label})"
        return label or f"[{data.removeprefix('data ')}]"

    equations = [expression(named(node), ops[node], [named(i) for _, i in sorted(inputs.get(node, []))])
                 for node in values if node in ops]
    output = next(iter(values))   # draw_dot names the drawn value n0
    if len(values) > MANY_VALUES:
        counts = ", ".join(f"{op} ×{n}" for op, n in sorted(Counter(ops.values()).items()))
        return (f"Expression graph of {len(values)} values and {len(ops)} operations ({counts}); "
                f"the output is {equations[0] if output in ops else named(output)}, "
                f"{values[output][1]}, {values[output][2]}.")
    numbers = "; ".join(f"{named(node)}: {data}, {grad}" for node, (_, data, grad) in values.items())
    return (f"Expression graph: {', '.join(equations) or 'a single value'}. "
            f"Values: {numbers}.")


def expression(result, op, operands):
    if len(operands) == 2 and not op[0].isalnum():
        return f"{result} = {operands[0]} {op} {operands[1]}"
    if len(operands) == 1 and op.startswith("**"):
        return f"{result} = {operands[0]}{op}"
    return f"{result} = {op}({', '.join(operands)})"
