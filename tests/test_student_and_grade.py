"""build/student.py: the student edition holds no worked solution, is written all at once
(folder and zip, the same bytes every time) and runs outside this repository with a Python
that has the requirements but not the course's editable install; and build/grade.py on one
learner: a table of lessons by exercises."""
import csv
import subprocess
import sys
import zipfile
from pathlib import Path

import nbformat
import pytest

import student
from course import ROOT, SOLUTION_BEGIN, lessons
from grade import grade, learner_table
from grading import learner, make_course
from nbcheck import exercises


@pytest.fixture
def course(tmp_path):
    root = make_course(tmp_path / "course")
    (root / "micrograd" / "engine.py").write_text("# %% ../notebooks/01_a.ipynb#cell-id=abc\nX = 1\n")
    (root / "micrograd" / "pictures.js").write_text("export default {};\n")
    (root / "micrograd" / "__pycache__").mkdir()
    (root / "micrograd" / "__pycache__" / "engine.cpython-311.pyc").write_bytes(b"stale")
    return root


def test_the_edition_drops_solutions_clears_exercises_and_brings_what_lessons_import(course, tmp_path):
    out = student.build(tmp_path / "student", root=course)
    notebook = nbformat.read(out / "01_a.ipynb", as_version=4)
    lesson = nbformat.read(course / "notebooks" / "01_a.ipynb", as_version=4)
    assert [c.id for c in notebook.cells] == [c.id for c in lesson.cells if "solution" not in c.metadata.get("tags", [])]
    assert all(c.outputs == [] for c in notebook.cells if c.cell_type == "code")
    files = sorted(p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file())
    assert files == ["01_a.ipynb", "02_b.ipynb", "README.md", "checks/__init__.py", "checks/a.py", "checks/b.py",
                     "matplotlibrc", "micrograd/__init__.py", "micrograd/engine.py", "micrograd/pictures.js",
                     "requirements.txt"]
    # lesson 7 finds its notebook through these lines: they point where the lessons are now
    assert (out / "micrograd" / "engine.py").read_text() == "# %% ../01_a.ipynb#cell-id=abc\nX = 1\n"
    readme = (out / "README.md").read_text()
    assert "pip install -r requirements.txt" in readme and "1. `01_a.ipynb`: A lesson" in readme


def test_the_zip_holds_the_same_files_and_the_same_bytes_every_time(course, tmp_path):
    first = student.build_zip(tmp_path / "one.zip", root=course).read_bytes()
    assert student.build_zip(tmp_path / "two.zip", root=course).read_bytes() == first
    folder = student.build(tmp_path / "student", root=course)
    with zipfile.ZipFile(tmp_path / "one.zip") as archive:
        names = archive.namelist()
        assert names == sorted(names) and all(n.startswith(f"{student.ZIP_FOLDER}/") for n in names)
        for name in names:
            assert archive.read(name) == (folder / name.split("/", 1)[1]).read_bytes()


def test_an_interrupted_build_leaves_the_previous_edition_whole(course, tmp_path, monkeypatch):
    out = student.build(tmp_path / "student", root=course)
    before = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    (course / "notebooks" / "checks" / "b.py").write_text("# changed\n")
    real_write = Path.write_bytes

    def interrupted(path, data):
        if path.name == "b.py":
            raise KeyboardInterrupt
        return real_write(path, data)
    monkeypatch.setattr(Path, "write_bytes", interrupted)
    with pytest.raises(KeyboardInterrupt):
        student.build(out, root=course)
    monkeypatch.undo()
    assert {p: p.read_bytes() for p in out.rglob("*") if p.is_file()} == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["course", "student"]  # no half-built folder left


def test_the_real_edition_has_no_worked_solution():
    files = student.edition_files()
    for name, data in files.items():
        assert SOLUTION_BEGIN.encode() not in data, name
        if name.endswith(".ipynb"):
            notebook = nbformat.reads(data.decode(), as_version=4)
            assert not [c for c in notebook.cells if "solution" in c.metadata.get("tags", [])], name
    assert {lesson.file for lesson in lessons()} <= set(files)
    assert "micrograd/engine.py" in files and "checks/__init__.py" in files


def test_one_learner_gets_a_table_of_lessons_by_exercises(course, tmp_path):
    def edit(notebook):  # a change outside the answer cells: it counts for nothing
        notebook.cells[2].source = "print(undefined_name)"
    answers = {1: "x = 1 / 0", 2: "def f(v):\n    return v * v", 3: "del setup  # breaks the lesson's last cell\nword = ..."}
    folder = learner(tmp_path / "ann", course, answers, edit)
    outcomes, skipped, is_class = grade(folder, root=course, timeout=30)
    assert not is_class and skipped == []
    text = learner_table(outcomes)
    assert text.splitlines()[:3] == [
        "lesson  exercise 1      exercise 2      exercise 3",
        "01_a    wrong           solved          not attempted",
        "02_b    not submitted"]
    assert "01_a, exercise 1: your answer cell raised ZeroDivisionError: division by zero" in text
    assert "01_a: cell 15 ('done = setup + 1') failed outside the exercises: NameError: name " \
           "'setup' is not defined" in text
    assert "undefined_name" not in text
    assert text.endswith("total: 1 of 4 exercises solved, 1 wrong, 1 not attempted, 1 not submitted")


def test_the_edition_runs_outside_the_repository_without_the_course_installed(tmp_path):
    """The real edition, copied outside the repository, handed in untouched and graded by a
    grader that runs on a Python whose packages are .venv's but not the course's editable
    micrograd (a .pth line names .venv's site-packages; the .pth files in there, the editable
    install's among them, are then not read). Its kernels run each lesson top to bottom beside
    private copies of the edition's files: every lesson runs, and 0 exercises are solved."""
    edition = student.build(tmp_path / "edition")
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    python = venv / "bin" / "python"
    site = subprocess.run([python, "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"],
                          capture_output=True, text=True, check=True).stdout.strip()
    ours = next(p for p in sys.path if p.endswith("site-packages") and p.startswith(sys.prefix))
    Path(site, "course.pth").write_text(ours + "\n")
    where = [python, "-c", "import micrograd; print(micrograd.__file__)"]
    assert subprocess.run(where, cwd=tmp_path, capture_output=True).returncode != 0  # not installed
    inside = subprocess.run(where, cwd=edition, capture_output=True, text=True, check=True).stdout
    assert Path(inside.strip()) == edition / "micrograd" / "__init__.py"
    support = student.support_files()
    assert support == {name: (edition / name).read_bytes() for name in support}  # what the grader copies

    run = subprocess.run([python, ROOT / "build" / "grade.py", edition, "--csv", tmp_path / "grades.csv"],
                         capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    table, notes = run.stdout.split("\n\n", 1)
    assert notes.startswith("total: 0 of ") and "not attempted" in notes, run.stdout  # no wrong, no failure
    rows = list(csv.DictReader((tmp_path / "grades.csv").open()))
    assert {row["status"] for row in rows} == {"not attempted"}
    assert len(rows) == sum(len(exercises(lesson.read())) for lesson in lessons())
