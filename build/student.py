"""Write the student edition of the course (`make student`): the lessons without their worked solutions.

    python build/student.py [OUTPUT_DIR]     default: build/student

Each lesson of course.toml loses its cells tagged `solution`; its attempt and check cells
lose their stored outputs (the learner's own run fills them in); everything else stays as
in the lesson. The exercises' checks (notebooks/checks/) and notebooks/matplotlibrc are
copied alongside, so the edition runs on its own in the course's .venv (`make lab`, then
open the folder, or `make grade DIR=...` to mark it).
"""
import copy
import shutil
import sys
from pathlib import Path

import nbformat

from course import ROOT, CourseError, checked_lessons, tags

SUPPORT = ("checks", "matplotlibrc")  # what the lessons need next to them at run time


def student_edition(notebook):
    """The notebook as a learner gets it: no solutions, the exercises' outputs cleared."""
    notebook = copy.deepcopy(notebook)
    notebook.cells = [cell for cell in notebook.cells if "solution" not in tags(cell)]
    for cell in notebook.cells:
        if cell.cell_type == "code" and tags(cell) & {"attempt", "check"}:
            cell.outputs, cell.execution_count = [], None
    return notebook


def copy_support(source, out):
    """The files the lessons import or read when they run, from notebooks/ into `out`."""
    for name in SUPPORT:
        if (source / name).is_dir():
            shutil.copytree(source / name, out / name, dirs_exist_ok=True,
                            ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copyfile(source / name, out / name)


def build(out=ROOT / "build" / "student", root=ROOT):
    out = Path(out)
    course = checked_lessons(root)
    editions = [(lesson, student_edition(lesson.read())) for lesson in course]  # all read first
    out.mkdir(parents=True, exist_ok=True)
    for lesson, notebook in editions:
        nbformat.write(notebook, out / lesson.file)
    copy_support(Path(root) / "notebooks", out)
    return out


def main(args):
    try:
        out = build(*args[:1])
    except CourseError as e:
        sys.exit(f"student: {e}")
    print(f"student edition: {out.resolve()}")


if __name__ == "__main__":
    main(sys.argv[1:])
