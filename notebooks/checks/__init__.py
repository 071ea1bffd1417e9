"""The checks behind the lessons' exercises.

Each lesson's checks live in a module named after its notebook without the number
(`01_derivatives.ipynb` -> `checks/derivatives.py`), one function per exercise:
`check_exercise_1(...)`, `check_exercise_2(...)`, and so on. A check prints exactly one
line, which starts with "Exercise N:" and says

    solved              the answer is right (perhaps with a remark),
    wrong               with a hint that points at the mistake, never at the answer,
    not attempted yet   the answer cell still holds its placeholder.

It never raises, so Run All goes on past an exercise, and it computes what it expects
rather than spelling it out.

The checks live in modules rather than in the notebooks so that a learner reading a
lesson is not shown them, and so that tests can try every check against wrong answers.

Under the grader (`make grade`, build/grade.py) the printed line is for people only. The
grader starts the kernel with COURSE_VERDICTS naming a file that says where to write
verdicts and with which key; this module reads that file (and deletes it) when the grader
imports the lesson's checks, before any of the learner's code runs. Each check decorated
until the grader calls `seal()` signs its verdicts with that key and writes them there.
Everything a check relies on is bound at that moment, and after `seal()` a check reports
"wrong" if code in the notebook has since replaced a name the checks read (in this module,
the lesson's checks module, the modules they import, or Python's builtins). So reassigning
`checks.WRONG`, printing status lines or decorating checks of one's own changes no grade.
"""
import builtins
import functools
import hmac
import json
import math
import os
import re
import sys
import types

SOLVED, WRONG, NOT_ATTEMPTED = "solved", "wrong", "not attempted yet"
STATUS_LINE = re.compile(r"^Exercise (\d+): (solved|wrong|not attempted yet)\b[.:]?[ \t]*(.*)$",
                         re.MULTILINE)
CHANNEL = "COURSE_VERDICTS"  # set by the grader only: the file holding its channel's address and key
DETAIL_LIMIT = 2000          # characters of a verdict's hint sent to the grader


class Wrong(Exception):
    """Raised inside a check: the answer is wrong, and the message is the hint."""


def require(condition, hint):
    """Fail the check with `hint` unless `condition` holds."""
    if not condition:
        raise Wrong(hint)


def is_number(x):
    return isinstance(x, (int, float)) and not isinstance(x, bool) and math.isfinite(x)


def open_channel():
    """Under the grader, a function that signs a verdict and appends it to the grader's file;
    None otherwise. The file naming them is read once and deleted."""
    address = os.environ.pop(CHANNEL, None)
    if not address:
        return None
    with open(address, encoding="utf-8") as file:
        channel = json.load(file)
    os.remove(address)
    out, key = open(channel["verdicts"], "a", encoding="utf-8"), channel["key"].encode()
    dumps, sign = json.dumps, hmac.new  # bound now: replacing json.dumps later changes nothing

    def send(module, number, status, detail):
        line = dumps([module, number, status, detail[:DETAIL_LIMIT]])
        out.write(f"{sign(key, line.encode(), 'sha256').hexdigest()} {line}\n")
        out.flush()
    return send


_channel = open_channel()
_graded = []  # under the grader: the checks decorated before seal()


def snapshot(checks):
    """What `checks` read, as it is now: the globals of their modules and of this one, and the
    public functions and classes of Python's builtins and of the modules those globals name.
    Returns a function that names the first of them replaced since (or a function's code
    swapped), or returns None."""
    own = [sys.modules[name].__dict__ for name in sorted({__name__, *(c.__module__ for c in checks)})]
    bound = [(space, name, value) for space in own for name, value in space.items()
             if not (name.startswith("__") and name.endswith("__"))]
    used = [vars(builtins)] + list({id(value): vars(value) for _, _, value in bound
                                    if isinstance(value, types.ModuleType)}.values())
    bound += [(space, name, value) for space in used for name, value in space.items()
              if not name.startswith("_") and isinstance(value, (type, types.FunctionType,
                                                                  types.BuiltinFunctionType))]
    codes = []
    for _, _, value in bound:
        while isinstance(value, types.FunctionType):  # a check, and the function it wraps
            codes.append((value, value.__code__))
            value = getattr(value, "__wrapped__", None)
    names = [(space, {name for where, name, _ in bound if where is space}) for space in own]
    missing = object()

    def changed():
        for space, name, value in bound:
            if space.get(name, missing) is not value:
                return f"{space.get('__name__', '?')}.{name}"
        for function, code in codes:
            if function.__code__ is not code:
                return f"the code of {function.__module__}.{function.__qualname__}"
        for space, known in names:
            added = [name for name, value in space.items() if name not in known
                     and not name.startswith("__") and not isinstance(value, types.ModuleType)]
            if added:
                return f"{space.get('__name__', '?')}.{added[0]}"
        return None
    return changed


def _sealing():
    changed = None

    def seal():
        """Called by the grader once the lesson's checks are imported, before the learner's
        code runs: checks decorated later report nothing to it, and every check from now on
        compares what it reads with what it is now (see `snapshot`)."""
        global _channel
        nonlocal changed
        if changed is None and _channel is not None:
            _channel = None
            changed = snapshot(_graded)

    def tampered():
        return changed() if changed else None
    return seal, tampered


seal, _tampered = _sealing()


def exercise(number, section=None):
    """Make a check function print its verdict for exercise `number`.

    `section` is the title of the lesson's section (a `## ` heading) that teaches what the
    exercise needs; "not attempted yet" sends the learner there.
    The check receives the learner's answers. An answer that is still the placeholder
    `...`, or code that still raises NotImplementedError, means "not attempted yet".
    The check raises Wrong(hint) for a wrong answer and returns an optional remark
    when the answer is right; an error in the learner's own code counts as wrong,
    with the error named.
    """
    see = f' The section "{section}" teaches what it needs.' if section else ""
    send, tampered = _channel, _tampered  # as they are now: see the module's docstring
    solved, wrong, not_attempted = SOLVED, WRONG, NOT_ATTEMPTED

    def decorate(check):
        module = check.__module__

        def judge(answers, named):
            if any(a is ... for a in (*answers, *named.values())):
                return not_attempted, ("Replace the ... in the cell above with your answer, "
                                       f"then run both cells.{see}")
            try:
                remark = check(*answers, **named)
            except NotImplementedError:
                return not_attempted, ("Your code still raises NotImplementedError: "
                                       f"write it, then run both cells.{see}")
            except Wrong as hint:
                return wrong, str(hint)
            except Exception as error:
                return wrong, f"Running your answer raised {type(error).__name__}: {error}"
            return solved, remark or ""

        @functools.wraps(check)
        def run(*answers, **named):
            changed = tampered()
            status, detail = (wrong, "") if changed else judge(answers, named)
            changed = changed or tampered()  # the answer itself may have changed something
            if changed:
                status, detail = wrong, (f"Code in the notebook replaced {changed}, which the "
                                         "checks use; only the course's own checks count.")
            print(f"Exercise {number}: {status}." + (f" {detail}" if detail else ""))
            if send:
                send(module, number, status, detail)
        run.section = section
        if send:
            _graded.append(run)
        return run
    return decorate
