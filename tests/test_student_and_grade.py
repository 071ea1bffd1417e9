"""build/student.py and build/grade.py: the student edition runs, and the grader tells
solved from wrong from not attempted, and a broken notebook from a broken grader."""
import shutil

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell

from course import ROOT, lessons
from grade import grade, table
from student import build as build_student

CHECKS = '''from checks import exercise, require

@exercise(1)
def check_exercise_1(x):
    require(x == 2, "count again: one more than 1")

@exercise(2)
def check_exercise_2(f):
    require(f(3) == 9, "f(3) should be 3 squared")

@exercise(3)
def check_exercise_3(word):
    require(word == "graph", "the word for nodes and edges")
'''


def cell(source, *tags):
    return new_code_cell(source, metadata={"tags": list(tags)} if tags else {})


ANSWERS = ("x", "f", "word")  # what each exercise's attempt cell defines


def exercise(n, attempt, solution):
    check = f"from checks.a import check_exercise_{n}\ncheck_exercise_{n}({ANSWERS[n - 1]})"
    return [new_markdown_cell(f"### Exercise {n}: a task"), cell(attempt, "attempt"), cell(check, "check"),
            cell(f"### BEGIN SOLUTION\n{solution}\n### END SOLUTION\n{check}", "solution")]


def lesson_cells(attempts=("x = ...", "def f(v):\n    raise NotImplementedError", "word = ...")):
    solutions = ("x = 2", "def f(v):\n    return v * v", "word = 'graph'")
    cells = [new_markdown_cell("# 1. A lesson\n\nWhat it teaches."), cell("y = 1"), new_markdown_cell("## Exercises")]
    for n, (attempt, solution) in enumerate(zip(attempts, solutions), start=1):
        cells += exercise(n, attempt, solution)
    return cells + [new_markdown_cell("## Recap")]


@pytest.fixture
def course(make_course):
    root = make_course({"01_a.ipynb": lesson_cells()}, titles={"01_a.ipynb": "A lesson"})
    (root / "notebooks" / "checks").mkdir()
    shutil.copyfile(ROOT / "notebooks" / "checks" / "__init__.py", root / "notebooks" / "checks" / "__init__.py")
    (root / "notebooks" / "checks" / "a.py").write_text(CHECKS)
    (root / "notebooks" / "matplotlibrc").write_text("")
    return root


def learner_notebook(folder, cells):
    """A learner's copy of the lesson: the student edition's cells, with their answers."""
    folder.mkdir(exist_ok=True)
    notebook = nbformat.v4.new_notebook(cells=[c for c in cells if "solution" not in c.metadata.get("tags", [])])
    notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nbformat.write(notebook, folder / "01_a.ipynb")
    return folder


def test_the_student_edition_drops_solutions_and_clears_the_exercises(course, tmp_path):
    out = build_student(tmp_path / "student", root=course)
    notebook = nbformat.read(out / "01_a.ipynb", as_version=4)
    assert not [c for c in notebook.cells if "solution" in c.metadata.get("tags", [])]
    assert len(notebook.cells) == len(lesson_cells()) - 3
    assert (out / "checks" / "a.py").exists() and (out / "matplotlibrc").exists()


def test_grading_the_student_edition_runs_it_and_finds_nothing_attempted(course, tmp_path):
    report = grade(build_student(tmp_path / "student", root=course), root=course)
    [(lesson, grades, problems, expected)] = report
    assert problems == [] and expected == [1, 2, 3]
    assert [grades[n][0] for n in expected] == ["not attempted yet"] * 3
    assert "total: 0 of 3 exercises solved, 0 wrong, 3 not attempted" in table(report)


def test_solved_wrong_not_attempted_and_a_failure_outside_the_exercises(course, tmp_path):
    cells = lesson_cells(attempts=("x = 2", "def f(v):\n    return v + v", "word = ..."))
    cells[1] = cell("print(undefined_name)")  # outside every exercise
    folder = learner_notebook(tmp_path / "learner", cells)
    (folder / "notes.ipynb").write_text("{}")  # not a lesson: skipped, not graded
    report = grade(folder, root=course)
    [(lesson, grades, problems, expected)] = report
    assert grades[1][0] == "solved"
    assert grades[2] == ("wrong", "f(3) should be 3 squared")
    assert grades[3][0] == "not attempted yet"
    assert problems == ["cell 2 fails outside the exercises: NameError: name 'undefined_name' is not defined"]
    text = table(report)
    assert "01_a, exercise 2: f(3) should be 3 squared" in text
    assert "total: 1 of 3 exercises solved, 1 wrong, 1 not attempted" in text


def test_an_answer_cell_that_raises_makes_its_exercise_wrong(course, tmp_path):
    folder = learner_notebook(tmp_path / "learner", lesson_cells(attempts=("x = 1 / 0", "def f(v):\n    return v * v", "word = 'graph'")))
    [(_, grades, problems, _)] = grade(folder, root=course)
    assert grades[1][0] == "wrong" and "ZeroDivisionError" in grades[1][1]
    assert [grades[n][0] for n in (2, 3)] == ["solved", "solved"] and problems == []


def test_a_malformed_notebook_is_reported_not_a_crash(course, tmp_path):
    folder = tmp_path / "learner"
    folder.mkdir()
    (folder / "01_a.ipynb").write_text('{"cells": [')
    [(_, grades, problems, expected)] = grade(folder, root=course)
    assert grades == {} and expected == [1, 2, 3]
    assert "cannot be read as a notebook" in problems[0]
    assert "total: 0 of 3 exercises solved, 0 wrong, 3 not attempted" in table(grade(folder, root=course))


def test_the_course_as_stored_has_every_exercise_solved():
    """Grades the stored outputs (nbval checks elsewhere that a fresh run gives the same)."""
    report = grade(ROOT / "notebooks", execute=False)
    assert len(report) == len(lessons())
    unsolved = [f"{lesson.stem}, exercise {n}: {grades.get(n)}" for lesson, grades, problems, expected in report
                for n in expected if grades.get(n, ("",))[0] != "solved"]
    assert not unsolved, "\n".join(unsolved)
    assert all(len(expected) >= 3 for *_, expected in report)


def test_the_student_edition_of_a_real_lesson_runs_top_to_bottom(tmp_path):
    out = build_student(tmp_path / "student")
    for path in out.glob("*.ipynb"):
        if path.name != "04_backward_functions.ipynb":
            path.unlink()
    [(lesson, grades, problems, expected)] = grade(out)
    assert problems == []
    assert [grades.get(n, ("missing",))[0] for n in expected] == ["not attempted yet"] * len(expected)
