"""Re-run lessons in a fresh kernel and store their outputs (`make execute`).

    python build/execute.py                       every lesson in course.toml
    python build/execute.py notebooks/03_x.ipynb   just the ones named

Each notebook runs top to bottom in a new python3 kernel, so execution counts run
1..N, with the metadata the course's rules ask for (build/course.py: no timings,
solutions and asides collapsed, nbgrader's metadata on solutions). Then the lesson's
hygiene is checked (build/nbcheck.py), so an author sees at once what is left to fix.
"""
import sys

import nbclient
import nbformat

from course import CourseError, checked_lessons, lesson_at, normalized, notebook_client
from nbcheck import lesson_problems


def execute(lesson):
    """Run the lesson and store it; the outputs of a failed run are stored too."""
    notebook = normalized(lesson.read())
    client = notebook_client(notebook, lesson.path.parent, timeout=600, coalesce_streams=True)
    try:
        client.execute()
    finally:  # keep the outputs of a failed run: they show what went wrong
        nbformat.write(notebook, lesson.path)


def main(args):
    try:
        chosen = [lesson_at(path) for path in args] if args else checked_lessons()
        problems = []
        for lesson in chosen:
            print(f"executing {lesson.name}", flush=True)
            execute(lesson)
            problems += lesson_problems(lesson)
    except CourseError as e:
        sys.exit(f"execute: {e}")
    except nbclient.exceptions.CellExecutionError as e:
        sys.exit(f"execute: a cell failed (its output is stored in the notebook):\n{e}")
    if problems:
        sys.exit("execute: the lessons ran, but some rules are not met:\n" + "\n".join(problems))


if __name__ == "__main__":
    main(sys.argv[1:])
