"""build/tangle.py: the package is the notebooks' export cells, and nothing else."""
import importlib

import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell

from course import ROOT, CourseError
from tangle import tangle


def export(source):
    return new_code_cell(source, metadata={"tags": ["export"]})


def test_committed_modules_match_their_notebooks():
    try:
        tangle(ROOT, check=True)
    except CourseError as e:
        pytest.fail(f"tangle --check: {e}", pytrace=False)


def test_generated_module_is_importable_and_names_its_source():
    viz = importlib.import_module("micrograd.viz")
    text = (ROOT / "micrograd" / "viz.py").read_text()
    assert text.startswith("# Generated from notebooks/02_value_graph.ipynb")
    assert callable(viz.draw_dot) and callable(viz.trace)


def test_writes_header_chunks_and_reproducible_bytes(make_course):
    root = make_course({"01_a.ipynb": [new_markdown_cell("# 1. A"), export("x = 1"),
                                       new_code_cell("print(x)"), export("def f():\n    return x")]},
                       exports={"01_a.ipynb": "a"})
    assert tangle(root) == [root / "micrograd" / "a.py"]
    first = (root / "micrograd" / "a.py").read_bytes()
    text = first.decode()
    assert text.startswith("# Generated from notebooks/01_a.ipynb by build/tangle.py: do not edit.")
    assert "make tangle" in text.splitlines()[1]
    assert text.count("# %% ../notebooks/01_a.ipynb#cell-id=") == 2  # one per export cell, none for the plain cell
    assert "print(x)" not in text
    assert str(root) not in text  # no absolute paths
    assert tangle(root) == []  # nothing changed: nothing written
    (root / "micrograd" / "a.py").unlink()
    tangle(root)
    assert (root / "micrograd" / "a.py").read_bytes() == first
    tangle(root, check=True)


def test_check_reports_a_module_out_of_date_with_its_notebook(make_course):
    root = make_course({"01_a.ipynb": [export("x = 1")]}, exports={"01_a.ipynb": "a"})
    tangle(root)
    make_course({"01_a.ipynb": [export("x = 2")]}, exports={"01_a.ipynb": "a"})
    with pytest.raises(CourseError, match=r"micrograd/a.py is out of date with notebooks/01_a.ipynb"):
        tangle(root, check=True)
    tangle(root)
    assert "x = 2" in (root / "micrograd" / "a.py").read_text()


@pytest.mark.parametrize("check", [False, True])
def test_a_hand_edited_module_is_reported_and_never_overwritten(make_course, check):
    root = make_course({"01_a.ipynb": [export("x = 1")]}, exports={"01_a.ipynb": "a"})
    tangle(root)
    module = root / "micrograd" / "a.py"
    edited = module.read_text() + "y = 2  # a quick fix\n"
    module.write_text(edited)
    with pytest.raises(CourseError, match=r"micrograd/a.py was edited by hand: make the change in "
                                          r"notebooks/01_a.ipynb"):
        tangle(root, check=check)
    assert module.read_text() == edited


def test_a_hand_written_module_is_never_overwritten(make_course):
    root = make_course({"01_a.ipynb": [export("x = 1")]}, exports={"01_a.ipynb": "a"})
    module = root / "micrograd" / "a.py"
    module.write_text("x = 'written by hand'\n")
    with pytest.raises(CourseError, match="has no generated header"):
        tangle(root)
    assert module.read_text() == "x = 'written by hand'\n"


@pytest.mark.parametrize("source, message", [
    ("%timeit x = 1", r"line 1 is an IPython magic or shell escape \(%timeit x = 1\)"),
    ("x = 1\n!pip install torch", r"line 2 is an IPython magic or shell escape"),
    ("def f(:\n    pass", r"not valid Python \(line 1"),
])
def test_an_export_cell_must_be_plain_python(make_course, source, message):
    root = make_course({"01_a.ipynb": [new_markdown_cell("# 1. A"), export(source)]},
                       exports={"01_a.ipynb": "a"})
    with pytest.raises(CourseError, match=r"notebooks/01_a.ipynb, cell 2 .*" + message):
        tangle(root)
    assert not (root / "micrograd" / "a.py").exists()


def test_a_listed_notebook_that_is_missing(make_course):
    root = make_course({"01_a.ipynb": None}, exports={"01_a.ipynb": "a"})
    with pytest.raises(CourseError, match="notebooks/01_a.ipynb is listed in course.toml but missing: restore it"):
        tangle(root)


def test_a_malformed_notebook(make_course):
    root = make_course({"01_a.ipynb": [export("x = 1")]}, exports={"01_a.ipynb": "a"})
    (root / "notebooks" / "01_a.ipynb").write_text('{"cells": [')
    with pytest.raises(CourseError, match="notebooks/01_a.ipynb cannot be read as a notebook"):
        tangle(root)


def test_export_cells_need_a_module_and_a_module_needs_export_cells(make_course):
    root = make_course({"01_a.ipynb": [export("x = 1")]})
    with pytest.raises(CourseError, match="course.toml names no module for it"):
        tangle(root)
    root = make_course({"01_a.ipynb": [new_code_cell("x = 1")]}, exports={"01_a.ipynb": "a"})
    with pytest.raises(CourseError, match="no code cell in it is tagged export"):
        tangle(root)


def test_a_generated_module_no_lesson_exports_any_more(make_course):
    root = make_course({"01_a.ipynb": [export("x = 1")]}, exports={"01_a.ipynb": "a"})
    tangle(root)
    make_course({"01_a.ipynb": [export("x = 1")]}, exports={"01_a.ipynb": "b"})
    with pytest.raises(CourseError, match="micrograd/a.py is generated, but no lesson"):
        tangle(root)


def test_a_line_that_starts_with_percent_inside_an_expression_is_python(make_course):
    source = "remainder = (17\n% 5)"  # a modulo continued on the next line, not a magic
    root = make_course({"01_a.ipynb": [export(source)]}, exports={"01_a.ipynb": "a"})
    tangle(root)
    assert source in (root / "micrograd" / "a.py").read_text()


@pytest.mark.parametrize("exports", ["2", '"__init__"', '"my-module"', '"class"'])
def test_exports_must_name_a_module(make_course, exports):
    root = make_course({"01_a.ipynb": [export("x = 1")]})
    manifest = root / "notebooks" / "course.toml"
    manifest.write_text(manifest.read_text() + f"exports = {exports}\n")
    with pytest.raises(CourseError, match=r"lesson 1 \(01_a.ipynb\) has exports = .*it must name a module"):
        tangle(root)
    assert list((root / "micrograd").iterdir()) == []


def test_a_notebook_course_toml_does_not_list_is_refused(make_course, tmp_path):
    root = make_course({"01_a.ipynb": [export("x = 1")]}, exports={"01_a.ipynb": "a"})
    (root / "notebooks" / "02_stray.ipynb").write_text((root / "notebooks" / "01_a.ipynb").read_text())
    with pytest.raises(CourseError, match="02_stray.ipynb is not listed in notebooks/course.toml"):
        tangle(root)
    with pytest.raises(CourseError, match="is not a lesson listed in notebooks/course.toml"):
        tangle(root, only=[root / "notebooks" / "02_stray.ipynb"])


def test_one_lesson_can_be_tangled_while_another_is_broken(make_course):
    root = make_course({"01_a.ipynb": [export("x = 1")], "02_b.ipynb": [export("def f(:")]},
                       exports={"01_a.ipynb": "a", "02_b.ipynb": "b"})
    assert tangle(root, only=[root / "notebooks" / "01_a.ipynb"]) == [root / "micrograd" / "a.py"]
    with pytest.raises(CourseError, match="02_b.ipynb, cell 1 .*not valid Python"):
        tangle(root)


def test_execute_reports_a_malformed_notebook_clearly(make_course):
    from course import lesson_at
    from execute import execute
    root = make_course({"01_a.ipynb": [export("x = 1")]})
    (root / "notebooks" / "01_a.ipynb").write_text('{"cells": [')
    with pytest.raises(CourseError, match="01_a.ipynb cannot be read as a notebook .*git checkout"):
        execute(lesson_at(root / "notebooks" / "01_a.ipynb", root))
