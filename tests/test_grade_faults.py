"""build/grade.py's own faults are its own: checks that do not import, a kernel that cannot
start, Ctrl-C. Each ends `make grade` with a message and a non-zero status (130 for Ctrl-C),
and no learner is graded (no table)."""
import signal
import subprocess
import sys
import time

import psutil

from course import ROOT
from grading import RIGHT, learner, make_course

CLI = ("import sys; sys.path[:0] = [sys.argv[1]]; import course, grade; "
       "course.run_tool('grade', grade.main, sys.argv[3:], sys.argv[2])")


def start(course, *args):
    return subprocess.Popen([sys.executable, "-c", CLI, str(ROOT / "build"), str(course), *map(str, args)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def test_checks_that_do_not_import_stop_the_grading(tmp_path):
    course = make_course(tmp_path / "course")
    (course / "notebooks" / "checks" / "a.py").write_text("def broken(:\n")
    run = start(course, learner(tmp_path / "ann", course, RIGHT))
    out, err = run.communicate(timeout=120)
    assert run.returncode == 1
    assert "grade: ann, notebooks/01_a.ipynb: the lesson's checks could not be imported (SyntaxError" in err
    assert "total" not in out


def test_a_kernel_that_cannot_start_stops_the_grading(tmp_path):
    course = make_course(tmp_path / "course")
    run = start(course, learner(tmp_path / "ann", course, RIGHT), "--memory", "5")
    out, err = run.communicate(timeout=120)
    assert run.returncode == 1
    assert "the kernel could not start" in err and "MEMORY=5 MB" in err
    assert "total" not in out


def test_ctrl_c_stops_everything_with_status_130(tmp_path):
    course = make_course(tmp_path / "course")
    folder = learner(tmp_path / "ann", course, {1: "import subprocess, time\n"
                                                "subprocess.Popen(['sleep', '4324'])\ntime.sleep(60)"})
    run = start(course, folder)

    def sleepers():
        return [p for p in psutil.process_iter(["cmdline"]) if p.info["cmdline"] == ["sleep", "4324"]]
    deadline = time.monotonic() + 60
    while not sleepers() and time.monotonic() < deadline:
        time.sleep(0.2)
    assert sleepers(), "the answer cell never ran"
    run.send_signal(signal.SIGINT)
    out, err = run.communicate(timeout=60)
    assert run.returncode == 130
    assert err.strip().endswith("grade: interrupted; no learner was graded")
    assert "total" not in out
    assert not sleepers()
