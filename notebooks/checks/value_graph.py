"""Checks for the exercises of lesson 2, The Value object and its graph.

The checks read the learner's values through the attributes the lesson gives them (data,
_prev, _op, label), compute what they expect with their own small copy of the lesson's
Value, and recognise the common mistakes, each with its own hint. No hint contains the
expected answer.
"""
from checks import Wrong, exercise, is_number, require


class _Value:
    """The lesson's final Value, as far as the checks need it."""

    def __init__(self, data, _children=(), _op='', label=''):
        self.data, self.grad = data, 0.0
        self._prev, self._op, self.label = tuple(_children), _op, label

    def __add__(self, other):
        return _Value(self.data + other.data, (self, other), '+')

    def __mul__(self, other):
        return _Value(self.data * other.data, (self, other), '*')


def _values(root):
    """Every distinct object reachable from root through _prev (root included)."""
    found, todo = {}, [root]
    while todo:
        v = todo.pop()
        if id(v) not in found:
            found[id(v)] = v
            todo.extend(v._prev)
    return list(found.values())


def _occurrences(root):
    """How many places in the expression a value fills, counting a shared value each time."""
    return 1 + sum(_occurrences(child) for child in root._prev)


def _is_value(v):
    return all(hasattr(v, a) for a in ("data", "_prev", "_op", "label"))


def _whole_number(answer, what):
    require(isinstance(answer, int) and not isinstance(answer, bool),
            f"{what} should be a whole number (an int), not {type(answer).__name__}")


# Exercise 1: k = (x + y) * (x * z), labelled, and a prediction of how many values trace finds.

def _operands(node, name, wanted):
    """The two operands of `node`, keyed by label, in whichever order the learner wrote them
    (x + y and y + x are the same expression)."""
    require(len(node._prev) == 2, f"The value {name} should have two operands, not {len(node._prev)}")
    for v in node._prev:
        require(_is_value(v), f"The operands of {name} should be Values, not a {type(v).__name__}")
    labels = [v.label for v in node._prev]
    if sorted(labels) != sorted(wanted):
        if any(v.label == '' and not v._prev for v in node._prev):
            missing = next((w for w in wanted if w not in labels), wanted[0])
            raise Wrong(f"A leaf under {name} has no label: give each leaf its label where you "
                        f"create it, as in Value(..., label={missing!r})")
        stray = next(label for label in labels if label not in wanted) if set(labels) - set(wanted) \
            else labels[0]
        missing = next((w for w in wanted if w not in labels), wanted[0])
        raise Wrong(f"An operand of {name} is labelled {stray!r} where {missing!r} belongs: s is "
                    "x + y and p is x * z")
    return dict(zip(labels, node._prev))


@exercise(1, section="Drawing the graph")
def check_exercise_1(k, n_values):
    require(_is_value(k), f"Your k should be the Value your expression produced, not a {type(k).__name__}")
    require(k.label == 'k', f"Label the result 'k' (its label is {k.label!r})")
    require(k._op == '*' and len(k._prev) == 2,
            "Your k should be the product of two values: the sum x + y and the product x * z")
    require(all(_is_value(v) for v in k._prev), "The operands of k should both be Values")
    # Either order of the factors is the same expression: find the sum and the product by op.
    ops = sorted(v._op for v in k._prev)
    if ops == ['*', '+']:
        s = next(v for v in k._prev if v._op == '+')
        p = next(v for v in k._prev if v._op == '*')
        if (s.label, p.label) == ('p', 's'):
            raise Wrong("The labels 's' and 'p' are swapped: 's' names the sum x + y, 'p' the product x * z")
        if s.label in ('+', '*') or p.label in ('+', '*'):
            raise Wrong("A label is a name for a value ('s', 'p'), not the operation's symbol")
        require(s.label == 's', f"Label the sum x + y 's' (its label is {s.label!r})")
        require(p.label == 'p', f"Label the product x * z 'p' (its label is {p.label!r})")
    else:
        made = " and ".join(f"{v.label!r} by {v._op!r}" if v._op else f"{v.label!r} is a leaf"
                            for v in k._prev)
        raise Wrong(f"Your k should multiply a sum (x + y) by a product (x * z); its factors are {made}")
    sum_operands = _operands(s, 's', ('x', 'y'))
    product_operands = _operands(p, 'p', ('x', 'z'))
    for name, v in (*sum_operands.items(), *product_operands.items()):
        require(not v._prev, f"The value labelled {name!r} should be a leaf, made by Value(...)")
        given = {'x': 3, 'y': -1, 'z': 4}[name]
        require(v.data == given, f"The leaf {name} holds {v.data}; the task gives {name} = {given}")
    require(sum_operands['x'] is product_operands['x'],
            "x appears as two separate Values, one in s and one in p: create x once and "
            "use that same object in both")
    # The expression is right; now the prediction.
    _whole_number(n_values, "n_values")
    values = _values(k)
    count, leaves, occurrences = len(values), sum(1 for v in values if not v._prev), _occurrences(k)
    operations = count - leaves
    if n_values == count:
        return "One x, used twice, is one value of the graph."
    if n_values == occurrences:
        raise Wrong("Your expression is right, but the prediction counts x twice: it is used twice "
                    "and still one value, which trace lists once")
    if n_values == count - 1:
        raise Wrong("Your expression is right; the prediction leaves out one value: k itself is a value "
                    "of its graph")
    if n_values == leaves:
        raise Wrong("Your expression is right; the prediction counts only the leaves: trace also "
                    "finds the values computed from them")
    if n_values == count + operations:
        raise Wrong("Your expression is right; the prediction counts the operations too: the ovals of "
                    "a drawing are not values")
    raise Wrong("Your expression is right, but not the prediction: count every distinct Value you "
                "can reach from k through _prev, k included")


# Exercise 2: value_sub(self, other), the body of Value.__sub__.

PAIRS = [(5.0, 2.0, 'p', 'q'), (-1.5, 4.25, 'u', 'v'), (0.1, 0.3, '', ''), (2.0, 2.0, 'w', 'w2')]


def _ordered_by_hash(value_sub, Value):
    """Whether value_sub orders the children by the operands' hashes, as a set does: with
    their hashes swapped, the children come out in the other order. (A set of two Values
    holds them in an order that changes from run to run, so a fixed pair of operands would
    often pass by luck.)"""
    class Hashed(Value):
        def __hash__(self):
            return self.fixed_hash

    firsts = []
    try:
        for hashes in ((0, 1), (1, 0)):
            a, b = Hashed(5.0, label='p'), Hashed(2.0, label='q')
            a.fixed_hash, b.fixed_hash = hashes
            children = tuple(getattr(value_sub(a, b), "_prev", ()))
            firsts.append(len(children) == 2 and children[0] is a)
    except Exception:  # whatever went wrong, the checks below name it
        return False
    return firsts[0] != firsts[1]


@exercise(2, section="Remembering where a value came from")
def check_exercise_2(value_sub, Value):
    require(callable(value_sub), f"value_sub should be a function, not a {type(value_sub).__name__}")
    require(isinstance(Value, type), "Pass the lesson's Value class as the second argument")
    if _ordered_by_hash(value_sub, Value):
        raise Wrong("The order of the children in _prev changes with the operands' hashes, which "
                    "differ from run to run: a set does not keep the order its elements were "
                    "given in. Pass the children as the tuple (self, other)")
    for left, right, left_label, right_label in PAIRS:
        a, b = Value(left, label=left_label), Value(right, label=right_label)
        shown = f"value_sub(Value({left}), Value({right}))"
        out = value_sub(a, b)
        require(a.data == left and b.data == right and not a._prev and not b._prev,
                f"{shown} changed an operand: leave self and other as they are, make a new Value")
        if isinstance(out, (int, float)):
            raise Wrong(f"{shown} returned a plain number: wrap the difference in a new Value, "
                        "with its children and operation")
        require(isinstance(out, Value), f"{shown} should return a Value, not a {type(out).__name__}")
        require(out is not a and out is not b, f"{shown} returned one of its operands: make a new Value")
        if out.data == right - left and left != right:
            raise Wrong(f"{shown} computed other - self: the left operand is self, so subtract other from it")
        require(out.data == left - right,
                f"{shown} holds {out.data}: its data should be self.data - other.data")
        require(out._op == '-', f"{shown} recorded the operation as {out._op!r}: record it as '-'")
        children = tuple(out._prev)
        require(len(children) == 2, f"{shown} should remember both operands in _prev, (self, other), "
                                    f"not {len(children)}")
        if children[0] is b and children[1] is a:
            raise Wrong(f"{shown} lists the right operand first: pass the children as (self, other), "
                        "the left operand first")
        require(children[0] is a and children[1] is b,
                f"{shown} should remember the operands themselves, (self, other), not copies or other values")
        require(out.grad == 0.0, f"{shown} has grad {out.grad}: a new Value starts at 0.0")


# Exercise 3: five predictions about r = p * q + p.

def _running_r():
    p, q = _Value(1.5, label='p'), _Value(4.0, label='q')
    r = p * q + p
    r.label = 'r'
    return r


@exercise(3, section="Names for values: `label`")
def check_exercise_3(data, op, child_labels, first_child_op, count):
    r = _running_r()
    p, q = 1.5, 4.0
    hints = []
    if hasattr(data, "data"):
        hints.append("data should be a plain number, not a Value: the number inside, its .data.")
    elif not is_number(data):
        hints.append(f"data should be a number, not {type(data).__name__}.")
    elif data != r.data:
        if data == p * (q + p):
            hints.append("data: multiplication binds tighter than addition, so p * q + p is (p * q) + p.")
        else:
            hints.append("data: compute p * q first, then add p.")
    if op != r._op:
        if op in ('add', '__add__', 'mul', '__mul__', 'plus', 'times'):
            hints.append("op: _op holds the one-character symbol that __add__ or __mul__ records.")
        elif op == r._prev[0]._op:
            hints.append("op: r._op names the operation that made r, the last one carried out; "
                         "p * q is computed first.")
        else:
            hints.append("op: r._op is the symbol recorded by the method that made r.")
    expected_labels = [child.label for child in r._prev]
    if not isinstance(child_labels, (list, tuple)) or not all(isinstance(x, str) for x in child_labels):
        hints.append("child_labels should be a list of strings, one label per child.")
    elif list(child_labels) != expected_labels:
        if len(child_labels) != 2:
            hints.append(f"child_labels: r has two children, and your list has {len(child_labels)}.")
        elif list(child_labels) == ['p', 'q']:
            hints.append("child_labels: p and q are the children of the product, not of r.")
        elif list(child_labels) == expected_labels[::-1]:
            hints.append("child_labels: the order is reversed; the first child is the left operand "
                         "of the last operation.")
        elif child_labels[1] == expected_labels[1]:
            hints.append("child_labels: the product p * q was made inside __mul__ and never given a "
                         "label, so it has the default label of __init__.")
        else:
            hints.append("child_labels: list the labels of r's two operands, in order.")
    if first_child_op != r._prev[0]._op:
        if first_child_op == r._op:
            hints.append("first_child_op: that is r's own operation; r._prev[0] is r's left operand.")
        elif first_child_op == '':
            hints.append("first_child_op: r's first child is not a leaf; which operation made it?")
        else:
            hints.append("first_child_op: r._prev[0] is the left operand of r's operation; "
                         "which operation made it?")
    values = _values(r)
    if isinstance(count, bool) or not isinstance(count, int):
        hints.append(f"count should be a whole number (an int), not {type(count).__name__}.")
    elif count != len(values):
        leaves = sum(1 for v in values if not v._prev)
        if count == _occurrences(r):
            hints.append("count: p is used twice but is one value, which trace lists once.")
        elif count == leaves:
            hints.append("count: trace finds the computed values too, not only the leaves.")
        elif count == leaves + 1:
            hints.append("count: the unlabelled product is a value of the graph too.")
        elif count == len(values) + (len(values) - leaves):
            hints.append("count: the operations are not values; count the Values only.")
        else:
            hints.append("count: count every distinct Value reachable from r, r included.")
    if hints:
        right = 5 - len(hints)
        raise Wrong(f"{right} of 5 right. " + " ".join(hints))
