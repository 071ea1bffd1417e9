"""build/grade.py's limits: seconds per cell, output kept per cell, memory per kernel. An
answer that breaks one is wrong, with the reason, and the exercises after it get their own
verdicts."""
import pytest

from grade import grade
from grading import RIGHT, learner, make_course


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    course = make_course(tmp_path_factory.mktemp("course"))
    room = tmp_path_factory.mktemp("class")
    learner(room / "slow", course, {1: "while True:\n    pass",
                                    2: "def f(v):\n    return v * v\nwhile True:\n    print('x' * 200)",
                                    3: RIGHT[3]})
    looping = "class Word(str):\n    def __eq__(self, other):\n        while True:\n            pass\nword = Word('graph')"
    learner(room / "greedy", course, {**RIGHT, 1: "hog = bytearray(2 << 30)\nx = 2", 3: looping})
    outcomes, _, _ = grade(room, root=course, timeout=3, memory=600, output=10, jobs=2)
    return {o.learner: o for o in outcomes if o.lesson.stem == "01_a"}


def test_an_answer_that_runs_too_long_is_wrong_and_the_next_ones_are_graded(graded):
    grades = graded["slow"].grades
    assert grades[1] == ("wrong", "your answer cell ran longer than 3 s; it was stopped, and the lesson "
                                  "ran again without it")
    assert grades[2][0] == "wrong" and grades[2][1].startswith("your answer cell ran longer than 3 s")
    assert grades[3][0] == "solved"


def test_a_runaway_print_is_cut_with_a_note(graded):
    assert graded["slow"].notes == ["exercise 2's answer cell printed more than 10 KB (OUTPUT=): "
                                    "the rest was not kept"]


def test_an_answer_that_needs_more_memory_than_the_kernel_has_is_wrong(graded):
    grades = graded["greedy"].grades
    assert grades[1] == ("wrong", "your answer cell raised MemoryError: ")
    assert [status for status, _ in grades.values()] == ["wrong", "solved", "wrong"]


def test_an_answer_that_keeps_its_check_running_is_wrong(graded):
    assert graded["greedy"].grades[3] == ("wrong", "its check, running your answer, ran longer than 3 s; "
                                                   "it was stopped, and the lesson ran again without it")
