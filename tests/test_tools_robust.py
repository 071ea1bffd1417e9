"""The tools under fault: repeated cell ids, writes that race a reader or are cut short, and
Ctrl-C during `make execute`."""
import json
import os
import signal
import subprocess
import sys
import threading
import time

import nbformat
import psutil
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell

import course
import student
import website
from course import ROOT, CourseError, lessons, write_atomic
from nbcheck import course_problems
from tangle import tangle


def repeat_an_id(path, first, second):
    """Give cell `second` (0-based) of the notebook at `path` the id of cell `first`."""
    data = json.loads(path.read_text())
    data["cells"][second]["id"] = data["cells"][first]["id"]
    path.write_text(json.dumps(data, indent=1))
    return data["cells"][first]["id"]


@pytest.fixture
def course_with_a_repeated_id(make_course):
    root = make_course({"01_a.ipynb": [new_markdown_cell("# 1. A\n\nText."),
                                       new_code_cell("x = 1", metadata={"tags": ["export"]}),
                                       new_code_cell("y = 2", metadata={"tags": ["export"]})]},
                       exports={"01_a.ipynb": "a"}, titles={"01_a.ipynb": "A"})
    repeated = repeat_an_id(root / "notebooks" / "01_a.ipynb", 1, 2)
    return root, repeated


def test_every_tool_refuses_a_repeated_cell_id_naming_both_cells(course_with_a_repeated_id, tmp_path):
    root, repeated = course_with_a_repeated_id
    expected = f"notebooks/01_a.ipynb: cell 3 has the same id '{repeated}' as cell 2"
    assert any(expected in problem for problem in course_problems(root))
    for tool in (lambda: tangle(root), lambda: tangle(root, check=True),
                 lambda: student.build(tmp_path / "student", root),
                 lambda: website.build(tmp_path / "site", root)):
        with pytest.raises(CourseError, match=expected.replace("'", ".")):
            tool()
    assert not (root / "micrograd" / "a.py").exists()


def test_a_missing_cell_id_is_refused_too(make_course):
    root = make_course({"01_a.ipynb": [new_markdown_cell("# 1. A\n\nText."), new_code_cell("x = 1")]},
                       titles={"01_a.ipynb": "A"})
    path = root / "notebooks" / "01_a.ipynb"
    data = json.loads(path.read_text())
    del data["cells"][1]["id"]
    path.write_text(json.dumps(data))
    assert any("cell 2 has no id" in problem for problem in course_problems(root))


def test_the_lessons_have_unique_ids():
    for lesson in lessons():
        ids = [cell["id"] for cell in json.loads(lesson.path.read_text())["cells"]]
        assert len(ids) == len(set(ids)), lesson.name


def test_a_reader_racing_the_writer_sees_the_old_file_or_the_new_one_whole(tmp_path):
    target = tmp_path / "module.py"
    versions = ["a" * 200_000 + "\n", "b" * 300_000 + "\n"]
    write_atomic(target, versions[0])
    seen, done = set(), threading.Event()

    def read():
        while not done.is_set():
            seen.add(target.read_text())

    reader = threading.Thread(target=read)
    reader.start()
    for i in range(60):
        write_atomic(target, versions[i % 2])
    done.set()
    reader.join()
    assert seen <= set(versions) and len(seen) == 2
    assert sorted(p.name for p in tmp_path.iterdir()) == ["module.py"]  # no temporary left behind


def test_a_write_cut_short_leaves_the_file_as_it_was(tmp_path, monkeypatch):
    target = tmp_path / "lesson.ipynb"
    target.write_text("the old notebook")
    target.chmod(0o640)
    with pytest.raises(UnicodeEncodeError):       # the new text fails before it is written
        write_atomic(target, "half \ud800 written")

    def interrupted(source, destination):         # Ctrl-C once the new text is written in full
        raise KeyboardInterrupt

    with monkeypatch.context() as patch:
        patch.setattr(course.os, "replace", interrupted)
        with pytest.raises(KeyboardInterrupt):
            write_atomic(target, "the new notebook")
    assert target.read_text() == "the old notebook"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["lesson.ipynb"]
    write_atomic(target, "the new notebook")
    assert target.read_text() == "the new notebook" and target.stat().st_mode & 0o777 == 0o640


def test_ctrl_c_during_execute_stops_with_one_line_and_leaves_the_lesson(make_course, tmp_path):
    started = tmp_path / "started"
    root = make_course({"01_a.ipynb": [
        new_markdown_cell("# 1. A\n\nText."),
        new_code_cell(f"import pathlib, time\npathlib.Path({str(started)!r}).touch()\ntime.sleep(60)")]},
        titles={"01_a.ipynb": "A"})
    lesson = root / "notebooks" / "01_a.ipynb"
    before = lesson.read_bytes()
    driver = ("import sys; sys.path.insert(0, sys.argv[1])\n"
              "import course, execute\n"
              "lesson = course.lessons(sys.argv[2])[0]\n"
              "course.run_tool('execute', execute.execute, lesson)\n")
    # its own session, as a terminal's foreground job: Ctrl-C signals the whole group
    run = subprocess.Popen([sys.executable, "-c", driver, str(ROOT / "build"), str(root)],
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                           start_new_session=True)
    deadline = time.monotonic() + 60
    while not started.exists():
        assert run.poll() is None and time.monotonic() < deadline, run.communicate()
        time.sleep(0.1)
    kernels = psutil.Process(run.pid).children(recursive=True)
    os.killpg(run.pid, signal.SIGINT)
    out, err = run.communicate(timeout=60)
    assert run.returncode == 130
    assert err.strip().splitlines() == ["execute: interrupted; notebooks/01_a.ipynb is left as it was"]
    assert lesson.read_bytes() == before
    assert kernels and not [k for k in kernels if k.is_running() and k.status() != psutil.STATUS_ZOMBIE]
    assert sorted(p.name for p in lesson.parent.iterdir()) == ["01_a.ipynb", "course.toml"]


def test_a_lesson_that_fails_is_stored_with_its_error(make_course):
    root = make_course({"01_a.ipynb": [new_markdown_cell("# 1. A\n\nText."), new_code_cell("1 / 0")]},
                       titles={"01_a.ipynb": "A"})
    import execute
    with pytest.raises(Exception, match="ZeroDivisionError"):
        execute.execute(lessons(root)[0])
    stored = nbformat.read(root / "notebooks" / "01_a.ipynb", as_version=4)
    assert stored.cells[1].outputs[0].ename == "ZeroDivisionError"
