"""build/nbcheck.py, the lessons' hygiene: the course as committed, and each rule's failure."""
import re

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_output

from course import CODE_BUDGET, PROSE_BUDGET, lessons, normalized
from nbcheck import course_problems, lesson_problems, manifest_problems


@pytest.mark.parametrize("lesson", lessons(), ids=lambda lesson: lesson.file)
def test_lesson_is_clean(lesson):
    problems = lesson_problems(lesson)
    assert not problems, "\n".join(problems)


def test_every_notebook_is_listed_and_every_listed_lesson_exists():
    problems = manifest_problems()
    assert not problems, "\n".join(problems)


def ran(source, count, outputs=(), tags=()):
    return new_code_cell(source, execution_count=count, outputs=list(outputs),
                         metadata={"tags": list(tags)} if tags else {})


def title():
    return new_markdown_cell("# 1. A lesson\n\nWhat it teaches.")


def problems_of(make_course, cells, checks=None, **notebook_metadata):
    """The problems of a one-lesson course; `checks` is the text of its checks module."""
    root = make_course({"01_a.ipynb": cells}, titles={"01_a.ipynb": "A lesson"})
    path = root / "notebooks" / "01_a.ipynb"
    notebook = nbformat.read(path, as_version=4)
    notebook = normalized(notebook)  # as `make execute` leaves it
    notebook.metadata.update(notebook_metadata)
    nbformat.write(notebook, path)
    if checks is not None:
        (root / "notebooks" / "checks").mkdir()
        (root / "notebooks" / "checks" / "a.py").write_text(checks)
    return course_problems(root)


def test_a_clean_notebook_has_no_problems(make_course):
    assert problems_of(make_course, [title(), ran("x = 1", 1), ran("x", 2)]) == []


ERROR = new_output("error", ename="ZeroDivisionError", evalue="division by zero", traceback=[])


@pytest.mark.parametrize("cells, expected", [
    ([title(), ran("x = 1", 2), ran("x", 1)], r"execution counts are \[2, 1\], not 1..2"),
    ([title(), ran("x = 1", None)], r"execution counts are \[None\]"),
    ([title(), ran("x", 1, tags=["nbval-skip"])], r"tags \['nbval-skip'\] are not allowed"),
    ([title(), ran("1/0", 1, outputs=[ERROR])], "cell 2 fails with ZeroDivisionError"),
    ([title(), ran("1", 1, tags=["raises-exception"])], "tagged raises-exception but raises nothing"),
    ([new_markdown_cell("# Some other title"), ran("x = 1", 1)], "must be markdown starting with '# 1. A lesson'"),
    ([title(), new_markdown_cell("word " * (PROSE_BUDGET + 1))], "words of core prose, over the budget"),
    ([title(), ran("x = 1\n" * (CODE_BUDGET + 1), 1)], f"{CODE_BUDGET + 1} lines of core code, over the budget"),
    ([title(), new_markdown_cell("Deep thoughts.", metadata={"tags": ["aside"]})], "an aside starts with a markdown heading"),
    ([title(), ran("x = ...", 1, tags=["attempt"])], r"tagged \['attempt'\] outside an exercise"),
    ([title(), ran("plot()", 1, outputs=[new_output("display_data", data={"image/png": "iVBO", "text/plain": "<Figure>"})])],
     "stores a PNG or JPEG picture, which nbval does not compare"),
], ids=["counts-out-of-order", "not-executed", "nbval-skip", "unexpected-error",
        "dishonest-raises-exception", "title", "prose-budget", "code-budget", "aside-without-heading",
        "attempt-outside-an-exercise", "png-plot"])
def test_each_rule_catches_its_problem(make_course, cells, expected):
    problems = problems_of(make_course, cells)
    assert len(problems) == 1 and re.search(expected, problems[0]), problems


def test_asides_and_solutions_do_not_count_toward_the_budget(make_course):
    long = "word " * PROSE_BUDGET
    cells = [title(), new_markdown_cell("#### Going deeper: more\n\n" + long, metadata={"tags": ["aside"]})]
    assert problems_of(make_course, cells) == []


def test_asides_and_solutions_do_not_count_toward_the_code_budget(make_course):
    long = "x = 1\n" * CODE_BUDGET
    aside = [new_markdown_cell("#### Going deeper: more", metadata={"tags": ["aside"]}),
             ran(long, 2, tags=["aside"])]
    assert problems_of(make_course, [title(), ran(long, 1), *aside]) == []


def test_the_learner_time_counts_prose_code_and_exercises():
    from nbcheck import learner_minutes
    prose = new_markdown_cell("word " * 1800)                # 10 minutes of study reading
    code = ran("x = 1\n" * 150, 1)                           # 10 minutes of code
    aside = ran("x = 1\n" * 900, 2, tags=["aside"])          # optional: not counted
    lesson = nbformat.v4.new_notebook(cells=[title(), prose, code, aside])
    assert learner_minutes(lesson) == 20
    lesson.cells += [new_markdown_cell("## Exercises"), new_markdown_cell("### Exercise 1: a")]
    assert learner_minutes(lesson) == 30                     # 28, to the nearest 5
    picture = new_output("display_data", data={"text/html": '<div class="mg-picture">...</div>',
                                               "text/plain": "a stepper"})
    lesson.cells.insert(2, ran("backward_stepper(L)", 3, outputs=[picture]))
    assert learner_minutes(lesson) == 30                     # 28 + 2 for using the picture
    lesson.cells.insert(2, ran("backward_stepper(o)", 4, outputs=[picture]))
    assert learner_minutes(lesson) == 30                     # 32
    lesson.cells.insert(2, ran("nudge_slider(...)", 5, outputs=[picture]))
    assert learner_minutes(lesson) == 35                     # 34


def test_a_deliberate_error_is_fine(make_course):
    assert problems_of(make_course, [title(), ran("1/0", 1, outputs=[ERROR], tags=["raises-exception"])]) == []


def test_metadata_comes_from_the_tags(make_course):
    hand_collapsed = ran("x = 1", 1)
    hand_collapsed.metadata["jupyter"] = {"source_hidden": True}
    stale = ran("y = 2", 2)
    stale.metadata["execution"] = {"iopub.execute_input": "2026-11-21T10:00:00Z"}
    root = make_course({"01_a.ipynb": [title(), hand_collapsed, stale]}, titles={"01_a.ipynb": "A lesson"})
    path = root / "notebooks" / "01_a.ipynb"
    notebook = nbformat.read(path, as_version=4)
    notebook.metadata["kernelspec"] = {"name": "julia-1.10", "display_name": "Julia"}
    notebook.metadata["jupytext"] = {"formats": "ipynb,py:percent"}
    nbformat.write(notebook, path)
    problems = course_problems(root)
    assert any("kernelspec is 'julia-1.10'" in p for p in problems)
    assert any("metadata left by jupytext" in p for p in problems)
    assert any("cell 2: its metadata is not what its tags give" in p for p in problems)
    assert any("cell 3: stale execution timing metadata" in p for p in problems)


def test_normalized_collapses_solutions_and_asides_and_marks_solutions_for_nbgrader():
    notebook = nbformat.v4.new_notebook(cells=[
        new_code_cell("### BEGIN SOLUTION\nx = 1\n### END SOLUTION", metadata={"tags": ["solution"]}),
        new_markdown_cell("#### Going deeper: x", metadata={"tags": ["aside"]}),
        new_code_cell("x = ...", metadata={"tags": ["attempt"], "jupyter": {"source_hidden": True}})])
    solution, aside, attempt = normalized(notebook).cells
    assert solution.metadata["jupyter"] == {"source_hidden": True, "outputs_hidden": True}
    assert solution.metadata["nbgrader"] == {"grade": False, "grade_id": f"solution-{solution.id}",
                                             "locked": False, "schema_version": 3, "solution": True,
                                             "task": False}
    assert aside.metadata["jupyter"] == {"source_hidden": True} and "nbgrader" not in aside.metadata
    assert "jupyter" not in attempt.metadata and "nbgrader" not in attempt.metadata


def exercise_cells(check="from checks.a import check_exercise_1\ncheck_exercise_1(x)",
                   solution="### BEGIN SOLUTION\nx = 2\n### END SOLUTION\n"
                            "from checks.a import check_exercise_1\ncheck_exercise_1(x)"):
    return [title(), new_markdown_cell("## Exercises"), new_markdown_cell("### Exercise 1: two"),
            ran("x = ...", 1, tags=["attempt"]), ran(check, 2, tags=["check"]),
            ran(solution, 3, tags=["solution"]), new_markdown_cell("## Recap")]


CHECKS = "def check_exercise_1(x):\n    pass\n"


def test_a_well_formed_exercise_has_no_problems(make_course):
    assert problems_of(make_course, exercise_cells(), checks=CHECKS) == []


@pytest.mark.parametrize("cells, checks, expected", [
    (exercise_cells(), None, "checks/a.py is missing"),
    (exercise_cells(), "def other():\n    pass\n", "has no check_exercise_1"),
    (exercise_cells(check="check_exercise_1(x)"), CHECKS, "a check cell imports check_exercise_1 from checks.a"),
    (exercise_cells(solution="x = 2\nfrom checks.a import check_exercise_1\ncheck_exercise_1(x)"), CHECKS,
     "solution code goes between '### BEGIN SOLUTION' and '### END SOLUTION'"),
    (exercise_cells(solution="### BEGIN SOLUTION\nx = 2\n### END SOLUTION"), CHECKS,
     "the last solution cell ends by calling check_exercise_1"),
    (exercise_cells()[:5] + exercise_cells()[6:], CHECKS, "no code cell tagged solution"),
    ([c if i != 2 else new_markdown_cell("### Exercise 2: two") for i, c in enumerate(exercise_cells())],
     "def check_exercise_2(x):\n    pass\n", r"exercises are numbered \[2\]"),
], ids=["no-checks-module", "no-check-function", "check-cell-without-import", "no-nbgrader-markers",
        "solution-not-seen-to-pass", "no-solution", "numbering"])
def test_each_exercise_rule_catches_its_problem(make_course, cells, checks, expected):
    problems = problems_of(make_course, cells, checks=checks)
    assert problems and any(re.search(expected, p) for p in problems), problems


def test_unlisted_missing_and_malformed_notebooks(make_course):
    root = make_course({"01_a.ipynb": [title()], "02_b.ipynb": None})
    (root / "notebooks" / "03_extra.ipynb").write_text("{}")
    (root / "notebooks" / "01_a.ipynb").write_text("not json")
    assert manifest_problems(root) == [
        "notebooks/03_extra.ipynb is not listed in notebooks/course.toml: add it or delete it",
        "notebooks/02_b.ipynb is listed in course.toml but missing: restore it "
        "(git checkout -- notebooks/02_b.ipynb) or remove its entry"]
    (root / "notebooks" / "03_extra.ipynb").unlink()
    make_course({"01_a.ipynb": [title()]})
    (root / "notebooks" / "01_a.ipynb").write_text("not json")
    problems = course_problems(root)
    assert len(problems) == 1 and "notebooks/01_a.ipynb cannot be read as a notebook" in problems[0]
    assert "git checkout -- notebooks/01_a.ipynb" in problems[0]


def test_checking_one_notebook_that_is_not_a_lesson(make_course, tmp_path):
    root = make_course({"01_a.ipynb": [title()]})
    problems = course_problems(root, only=[str(tmp_path / "elsewhere.ipynb")])
    assert len(problems) == 1 and "is not a lesson listed in notebooks/course.toml" in problems[0]
