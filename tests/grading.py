"""A tiny course for the grader's tests (tests/test_grade_*.py), and learners' notebooks.

Lesson 01_a has three exercises (x is 2; f squares; the word "graph"), lesson 02_b one (y is
"yes"). Its checks module uses `math`, so a test can patch what the checks read; its
micrograd package is one small module. A learner's notebook is made from the course's own
student edition, with answers put in by exercise number, and then changed as a test needs.
"""
import json
import shutil
from pathlib import Path

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell

from course import ROOT
from student import student_edition

CHECKS_A = '''import math

from checks import exercise, require


@exercise(1, section="Counting")
def check_exercise_1(x):
    require(isinstance(x, (int, float)) and math.isclose(x, 2), "count again: one more than 1")


@exercise(2)
def check_exercise_2(f):
    require(f(3) == 9, "f(3) should be 3 squared")


@exercise(3)
def check_exercise_3(word):
    require(word == "graph", "the word for nodes and edges")
'''
CHECKS_B = '''from checks import exercise, require


@exercise(1)
def check_exercise_1(y):
    require(y == "yes", "say yes")
'''
PLACEHOLDERS = {1: "x = ...", 2: "def f(v):\n    raise NotImplementedError", 3: "word = ..."}
RIGHT = {1: "x = 2", 2: "def f(v):\n    return v * v", 3: "word = 'graph'"}
NAMES = {1: "x", 2: "f", 3: "word"}


def cell(source, *tags):
    return new_code_cell(source, metadata={"tags": list(tags)} if tags else {})


def exercise_cells(module, number, placeholder, solution, name):
    check = f"from checks.{module} import check_exercise_{number}\ncheck_exercise_{number}({name})"
    return [new_markdown_cell(f"### Exercise {number}: a task"), cell(placeholder, "attempt"),
            cell(check, "check"),
            cell(f"### BEGIN SOLUTION\n{solution}\n### END SOLUTION\n{check}", "solution")]


def lesson_a():
    cells = [new_markdown_cell("# 1. A lesson\n\nWhat it teaches."), new_markdown_cell("## Counting"),
             cell("import micrograd\nsetup = micrograd.VALUE"), new_markdown_cell("## Exercises")]
    for number in (1, 2, 3):
        cells += exercise_cells("a", number, PLACEHOLDERS[number], RIGHT[number], NAMES[number])
    return cells + [new_markdown_cell("## Recap"), cell("done = setup + 1")]


def lesson_b():
    return ([new_markdown_cell("# 2. Another\n\nMore."), new_markdown_cell("## Exercises")]
            + exercise_cells("b", 1, "y = ...", "y = 'yes'", "y") + [new_markdown_cell("## Recap")])


def make_course(root):
    """Write the tiny course under `root`; returns root."""
    root = Path(root)
    (root / "notebooks" / "checks").mkdir(parents=True)
    (root / "micrograd").mkdir()
    manifest = ""
    for file, title, cells in (("01_a.ipynb", "A lesson", lesson_a()), ("02_b.ipynb", "Another", lesson_b())):
        notebook = nbformat.v4.new_notebook(cells=cells)
        notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
        nbformat.write(notebook, root / "notebooks" / file)
        manifest += f'[[lesson]]\nfile = "{file}"\ntitle = "{title}"\n\n'
    (root / "notebooks" / "course.toml").write_text(manifest)
    shutil.copyfile(ROOT / "notebooks" / "checks" / "__init__.py", root / "notebooks" / "checks" / "__init__.py")
    (root / "notebooks" / "checks" / "a.py").write_text(CHECKS_A)
    (root / "notebooks" / "checks" / "b.py").write_text(CHECKS_B)
    (root / "notebooks" / "matplotlibrc").write_text("")
    (root / "micrograd" / "__init__.py").write_text("VALUE = 1\n")
    (root / "requirements.txt").write_text("nbformat\n")
    return root


def learner(folder, course, answers=None, change=None, file="01_a.ipynb"):
    """Write a learner's copy of a lesson of `course` into `folder`: the student edition with
    `answers` ({exercise number: source}) in the answer cells, then `change(notebook)` applied."""
    notebook = student_edition(nbformat.read(Path(course) / "notebooks" / file, as_version=4))
    number = 0
    for cell_ in notebook.cells:
        if "attempt" in cell_.metadata.get("tags", []):
            number += 1
            cell_.source = (answers or {}).get(number, cell_.source)
    if change:
        change(notebook)
    Path(folder).mkdir(parents=True, exist_ok=True)
    (Path(folder) / file).write_text(json.dumps(notebook, indent=1))  # as changed: nbformat would check it
    return Path(folder)


def cells_tagged(notebook, tag):
    return [c for c in notebook.cells if tag in c.metadata.get("tags", [])]
