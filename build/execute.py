"""Re-run lessons in a fresh kernel and store their outputs (`make execute`).

    python build/execute.py                       every lesson in course.toml
    python build/execute.py notebooks/03_x.ipynb   just the ones named

Each notebook runs top to bottom in a new python3 kernel, so execution counts run
1..N, with the metadata the course's rules ask for (build/course.py: no timings,
solutions and asides collapsed, nbgrader's metadata on solutions, no widget views). Then the lesson's
hygiene is checked (build/nbcheck.py), so an author sees at once what is left to fix.
"""
import sys
import tempfile

import nbclient

from course import (CourseError, checked_lessons, lesson_at, normalized, notebook_client, run_tool,
                    write_notebook)
from nbcheck import lesson_problems


def execute(lesson):
    """Run the lesson and store it. A failed run is stored too (its outputs show what went
    wrong); an interrupted one (Ctrl-C) is not: the lesson file stays as it was."""
    notebook = normalized(lesson.read())
    client = notebook_client(notebook, lesson.path.parent, timeout=600, coalesce_streams=True)
    # The kernel's own log goes to a file, shown only if the kernel dies: stopped by
    # Ctrl-C it would print tracebacks about its closed sockets.
    with tempfile.TemporaryFile("w+") as kernel_log:
        try:
            client.execute(stderr=kernel_log)
        except nbclient.exceptions.CellExecutionError:
            write_notebook(normalized(notebook), lesson.path)
            raise
        except BaseException as error:
            # nbclient answers SIGINT (and SIGTERM) by stopping the kernel, so an
            # interrupted run ends in some other error: that handler's mark tells them apart.
            if isinstance(error, KeyboardInterrupt) or getattr(client, "_async_cleanup_kernel_future", None):
                raise KeyboardInterrupt(f"{lesson.name} is left as it was") from None
            kernel_log.seek(0)
            raise CourseError(f"{lesson.name} did not run to the end ({type(error).__name__}: "
                              f"{error}); the kernel's log:\n{kernel_log.read()[-3000:]}") from None
    write_notebook(normalized(notebook), lesson.path)


def main(args):
    chosen = [lesson_at(path) for path in args] if args else checked_lessons()
    problems = []
    for lesson in chosen:
        print(f"executing {lesson.name}", flush=True)
        try:
            execute(lesson)
        except nbclient.exceptions.CellExecutionError as e:
            raise CourseError(f"a cell of {lesson.name} failed (its output is stored in the "
                              f"notebook):\n{e}") from None
        problems += lesson_problems(lesson)
    if problems:
        raise CourseError("the lessons ran, but some rules are not met:\n" + "\n".join(problems))


if __name__ == "__main__":
    run_tool("execute", main, sys.argv[1:])
