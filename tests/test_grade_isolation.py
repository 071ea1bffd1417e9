"""build/grade.py keeps a submission to itself: nothing in its kernel's environment or
folders points at the course, the course and the other submissions are byte-identical after
grading one that tries to change them, every process it starts ends with its lesson, and one
that kills its kernel's parent (or whose worker is killed) leaves the rest graded."""
import hashlib
import json
import signal
import subprocess
import sys
import time
from pathlib import Path

import psutil
import pytest

import sandbox
from course import ROOT
from grade import grade
from grading import RIGHT, learner, make_course

LANDLOCK = sandbox.landlock_abi() > 0

# Exercise 2's answer: a function that raises with what the kernel can see, which the check
# reports in its hint ("Running your answer raised ValueError: {...}").
PROBE = '''import json, os, sys
import micrograd, checks
def parent_cwd():
    try:
        return os.readlink(f"/proc/{os.getppid()}/cwd")
    except OSError as error:
        return type(error).__name__
seen = {"cwd": os.getcwd(), "parent_cwd": parent_cwd(), "env": dict(os.environ),
        "micrograd": micrograd.__file__, "checks": checks.__file__}
def f(v):
    raise ValueError(json.dumps(seen))'''

# Exercise 1's answer: write into the course and delete another submission, through whatever
# leads there (and, under Landlock, through their paths given outright).
VANDAL = '''import os, shutil
from pathlib import Path
import checks, micrograd
targets = [Path(os.getcwd()).parent, Path(checks.__file__).parent, Path(micrograd.__file__).parent,
           *[Path(p) for p in {literal}]]
for folder in targets:
    for name in ("checks/__init__.py", "notebooks/checks/__init__.py", "__init__.py"):
        try:
            with open(folder / name, "a") as file:
                file.write("\\nSOLVED = WRONG = NOT_ATTEMPTED = 'solved'\\n")
        except OSError:
            pass
    try:
        shutil.rmtree(folder / "victim")
    except OSError:
        pass
x = 2'''

SPAWN = '''import subprocess
subprocess.Popen(["sleep", "4321"], start_new_session=True)
subprocess.Popen(["sh", "-c", "sleep 4322 &"])
word = "graph"'''


def tree_hash(*folders):
    digest = hashlib.sha256()
    for folder in folders:
        for path in sorted(Path(folder).rglob("*")):
            if "__pycache__" not in path.parts:
                digest.update(str(path).encode() + (path.read_bytes() if path.is_file() else b"/"))
    return digest.hexdigest()


def sleepers(*seconds):
    return [p for p in psutil.process_iter(["cmdline"]) if p.info["cmdline"]
            and p.info["cmdline"][0] == "sleep" and p.info["cmdline"][1:] in [[str(s)] for s in seconds]]


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    course = make_course(tmp_path_factory.mktemp("course"))
    room = tmp_path_factory.mktemp("class")
    literal = json.dumps([str(course / "notebooks"), str(room)] if LANDLOCK else [])
    learner(room / "vandal", course, {**RIGHT, 1: VANDAL.replace("{literal}", literal), 3: SPAWN})
    learner(room / "prober", course, {2: PROBE})
    learner(room / "killer", course, {**RIGHT, 1: "import os\nos.kill(os.getppid(), 9)\nx = 2"})
    learner(room / "victim", course, RIGHT)
    before = tree_hash(course, room)
    outcomes, _, _ = grade(room, root=course, timeout=30, jobs=2)
    return course, room, before, {o.learner: o for o in outcomes if o.lesson.stem == "01_a"}


def test_the_course_and_the_other_submissions_are_unchanged(graded):
    course, room, before, outcomes = graded
    assert tree_hash(course, room) == before
    assert [status for status, _ in outcomes["victim"].grades.values()] == ["solved"] * 3
    assert [status for status, _ in outcomes["vandal"].grades.values()] == ["solved"] * 3


def test_nothing_the_kernel_sees_points_at_the_course(graded):
    course, room, _, outcomes = graded
    status, hint = outcomes["prober"].grades[2]
    seen = json.loads(hint.removeprefix("Running your answer raised ValueError: "))
    places = [str(course), str(room), str(ROOT)]
    for what, value in [("cwd", seen["cwd"]), ("parent's cwd", seen["parent_cwd"]),
                        ("micrograd", seen["micrograd"]), ("checks", seen["checks"]),
                        *[(f"${name}", value) for name, value in seen["env"].items()]]:
        assert not any(place in value for place in places), f"{what} = {value}"
    assert Path(seen["micrograd"]).parent.parent == Path(seen["cwd"])  # the private copy


def test_every_process_a_submission_starts_ends_with_its_lesson(graded):
    assert not sleepers(4321, 4322)


def test_a_submission_that_kills_its_kernels_parent_leaves_the_rest_graded(graded):
    grades = graded[3]["killer"].grades
    assert [status for status, _ in grades.values()] == ["wrong", "solved", "solved"]
    expected = "PermissionError" if sandbox.landlock_abi() >= 6 else "killed the process running the lesson"
    assert expected in grades[1][1]


def test_a_killed_worker_is_a_stopped_answer_and_its_orphans_end(tmp_path):
    """The grader's own view of a worker that dies (Landlock would stop a kernel from killing
    it, so the test kills it): run as `make grade` does, in a process of its own."""
    course = make_course(tmp_path / "course")
    folder = learner(tmp_path / "ann", course, {**RIGHT, 1: "import subprocess, time\n"
                                                "subprocess.Popen(['sleep', '4323'])\ntime.sleep(60)"})
    code = ("import sys; sys.path[:0] = [sys.argv[1]]; import course, grade; "
            "course.run_tool('grade', grade.main, [sys.argv[2]], sys.argv[3])")
    run = subprocess.Popen([sys.executable, "-c", code, str(ROOT / "build"), str(folder), str(course)],
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 60
    while not sleepers(4323) and time.monotonic() < deadline:
        time.sleep(0.2)
    [sleeper] = sleepers(4323)
    worker = sleeper.parent().parent()  # sleep <- kernel <- worker
    assert "grade_worker.py" in " ".join(worker.cmdline())
    worker.send_signal(signal.SIGKILL)
    out, err = run.communicate(timeout=60)
    assert run.returncode == 0, err
    assert ["01_a", "wrong", "solved", "solved"] in [line.split() for line in out.splitlines()]
    assert "01_a, exercise 1: your answer cell killed the process running the lesson" in out
    assert not sleepers(4323)
