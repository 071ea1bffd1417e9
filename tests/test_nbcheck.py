"""Notebook hygiene (build/nbcheck.py): the course as committed, and each rule's failure."""
import re

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_output

from course import ROOT
from course import lessons
from nbcheck import course_problems, lesson_problems, manifest_problems


@pytest.mark.parametrize("lesson", lessons(), ids=lambda lesson: lesson.file)
def test_lesson_is_clean(lesson):
    problems = lesson_problems(lesson)
    assert not problems, "\n".join(problems)


def test_every_notebook_is_listed_and_every_listed_lesson_exists():
    problems = manifest_problems(ROOT)
    assert not problems, "\n".join(problems)


def ran(source, count, outputs=(), tags=()):
    return new_code_cell(source, execution_count=count, outputs=list(outputs),
                         metadata={"tags": list(tags)} if tags else {})


def title():
    return new_markdown_cell("# 1. A lesson\n\nWhat it teaches.")


def problems_of(make_course, cells, **notebook_metadata):
    root = make_course({"01_a.ipynb": cells}, titles={"01_a.ipynb": "A lesson"})
    path = root / "notebooks" / "01_a.ipynb"
    if notebook_metadata:
        notebook = nbformat.read(path, as_version=4)
        notebook.metadata.update(notebook_metadata)
        nbformat.write(notebook, path)
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
], ids=["counts-out-of-order", "not-executed", "nbval-skip", "unexpected-error",
        "dishonest-raises-exception", "title"])
def test_each_rule_catches_its_problem(make_course, cells, expected):
    problems = problems_of(make_course, cells)
    assert len(problems) == 1 and re.search(expected, problems[0]), problems


def test_a_deliberate_error_is_fine(make_course):
    assert problems_of(make_course, [title(), ran("1/0", 1, outputs=[ERROR], tags=["raises-exception"])]) == []


def test_stale_timing_metadata_and_a_foreign_kernel(make_course):
    cell = ran("x = 1", 1)
    cell.metadata["execution"] = {"iopub.execute_input": "2026-11-21T10:00:00Z"}
    problems = problems_of(make_course, [title(), cell], kernelspec={"name": "julia-1.10", "display_name": "Julia"})
    assert any("kernelspec is 'julia-1.10'" in p for p in problems)
    assert any("stale execution timing metadata" in p for p in problems)


def test_unlisted_missing_and_malformed_notebooks(make_course):
    root = make_course({"01_a.ipynb": [title()], "02_b.ipynb": None})
    (root / "notebooks" / "03_extra.ipynb").write_text("{}")
    (root / "notebooks" / "01_a.ipynb").write_text("not json")
    assert manifest_problems(root) == [
        "notebooks/03_extra.ipynb is not listed in notebooks/course.toml: add it or delete it",
        "notebooks/02_b.ipynb is listed in course.toml but missing"]
    (root / "notebooks" / "03_extra.ipynb").unlink()
    make_course({"01_a.ipynb": [title()]})
    (root / "notebooks" / "01_a.ipynb").write_text("not json")
    problems = course_problems(root)
    assert len(problems) == 1 and "01_a.ipynb is not a valid notebook" in problems[0]
