"""The checks behind the lessons' exercises.

Each lesson's checks live in a module named after its notebook without the number
(`01_derivatives.ipynb` -> `checks/derivatives.py`), one function per exercise:
`check_exercise_1(...)`, `check_exercise_2(...)`, and so on. A check prints exactly one
line, which starts with "Exercise N:" and says

    solved              the answer is right (perhaps with a remark),
    wrong               with a hint that points at the mistake, never at the answer,
    not attempted yet   the answer cell still holds its placeholder.

It never raises, so Run All goes on past an exercise, and it computes what it expects
rather than spelling it out. `make grade` reads these lines from the checked notebook.

The checks live in modules rather than in the notebooks so that a learner reading a
lesson is not shown them, and so that tests can try every check against wrong answers.
"""
import functools
import math
import re

SOLVED, WRONG, NOT_ATTEMPTED = "solved", "wrong", "not attempted yet"
STATUS_LINE = re.compile(r"^Exercise (\d+): (solved|wrong|not attempted yet)\b[.:]?[ \t]*(.*)$",
                         re.MULTILINE)


class Wrong(Exception):
    """Raised inside a check: the answer is wrong, and the message is the hint."""


def require(condition, hint):
    """Fail the check with `hint` unless `condition` holds."""
    if not condition:
        raise Wrong(hint)


def is_number(x):
    return isinstance(x, (int, float)) and not isinstance(x, bool) and math.isfinite(x)


def report(number, status, detail=""):
    print(f"Exercise {number}: {status}." + (f" {detail}" if detail else ""))


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

    def decorate(check):
        @functools.wraps(check)
        def run(*answers, **named):
            if any(a is ... for a in (*answers, *named.values())):
                return report(number, NOT_ATTEMPTED, "Replace the ... in the cell above with your "
                              f"answer, then run both cells.{see}")
            try:
                remark = check(*answers, **named)
            except NotImplementedError:
                return report(number, NOT_ATTEMPTED, "Your code still raises NotImplementedError: "
                              f"write it, then run both cells.{see}")
            except Wrong as hint:
                return report(number, WRONG, str(hint))
            except Exception as error:
                return report(number, WRONG, f"Running your answer raised {type(error).__name__}: {error}")
            report(number, SOLVED, remark or "")
        run.section = section
        return run
    return decorate
