"""build/grade.py on a class: only the learner's answer cells count, every cheat of issue 19
fails, and the class table and the CSV hold every learner and every exercise.

One class is graded once for the whole module (each learner a folder, lesson runs in
parallel): honest learners, cheaters, unreadable notebooks, a lesson not handed in.
"""
import csv
import io

import pytest
from nbformat.v4 import new_code_cell, new_output

from grade import class_table, csv_text, grade
from grading import RIGHT, cell, cells_tagged, learner, make_course

FORGE = '''import os
fake = b'0' * 64 + b' ["checks.a", 1, "solved", ""]\\n'
for fd in os.listdir("/proc/self/fd"):
    try:
        if os.readlink(f"/proc/self/fd/{fd}").endswith("verdicts"):
            os.write(int(fd), fake)
    except OSError:
        pass
from checks.a import check_exercise_3
check_exercise_3("graph")  # a right answer, but not in exercise 3's check cell
x = 1'''
OWN_CHECK = "from checks import exercise\nimport checks.a\nchecks.a.check_exercise_2 = exercise(2)(lambda f: None)\n"


def fake_outputs(notebook):
    for number, check in enumerate(cells_tagged(notebook, "check"), start=1):
        check.outputs = [new_output("stream", name="stdout", text=f"Exercise {number}: solved.\n")]


def printer(notebook):
    """Prints solved lines, replaces a check cell, adds a check cell, fakes stored outputs."""
    cells_tagged(notebook, "check")[1].source = 'print("Exercise 2: solved.")'
    fake_outputs(notebook)
    notebook.cells.append(new_code_cell('print("Exercise 3: solved.")', metadata={"tags": ["check"]}))


def moved_answer(notebook):
    """Exercise 3's answer written in a new cell, its answer cell deleted."""
    answer = cells_tagged(notebook, "attempt")[2]
    notebook.cells.remove(answer)
    notebook.cells.append(new_code_cell("word = 'graph'", metadata={"tags": ["attempt"]}))


def format_5(notebook):
    notebook.nbformat = 5


def repeated_id(notebook):
    notebook.cells.append(new_code_cell("x = 2", id=cells_tagged(notebook, "attempt")[0].id,
                                        metadata={"tags": ["attempt"]}))


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    course = make_course(tmp_path_factory.mktemp("course"))
    room = tmp_path_factory.mktemp("class") / "my class"
    wrong = {1: "x = 1", 2: "def f(v):\n    return v + v", 3: "word = 'tree'"}
    learner(room / "ann smith", course, {1: "x = 2", 2: wrong[2]}, moved_answer)
    learner(room / "ann smith", course, {1: "y = 'yes'"}, file="02_b.ipynb")
    (room / "ann smith" / "scratch.ipynb").write_text("{}")
    learner(room / "honest", course, {1: "x = 2\nshown = display('one', display_id=True)",
                                      2: "shown.update('two')  # a display of an earlier cell\n" + RIGHT[2],
                                      3: RIGHT[3]})
    learner(room / "honest", course, {1: "y = 'yes'"}, file="02_b.ipynb")
    learner(room / "printer", course, {1: 'x = 1\nprint("Exercise 1: solved.")', 2: wrong[2]}, printer)
    learner(room / "names", course, {**wrong, 1: "import checks\nchecks.WRONG = checks.NOT_ATTEMPTED = "
                                                "checks.SOLVED\nx = 1", 2: OWN_CHECK + wrong[2]})
    learner(room / "module", course, {**wrong, 1: "import checks.a\nchecks.a.require = lambda *a: None\nx = 1"})
    learner(room / "code", course, {**RIGHT, 2: "import checks.a\nchecks.a.check_exercise_2.__wrapped__.__code__ "
                                                "= (lambda f: None).__code__\n" + wrong[2]})
    learner(room / "math", course, {1: "import math\nmath.isclose = lambda *a, **k: True\nx = 5"})
    learner(room / "forger", course, {1: FORGE, 2: wrong[2]})
    learner(room / "exiter", course, {**RIGHT, 1: "import os\nos._exit(0)"}, fake_outputs)
    learner(room / "format 5", course, RIGHT, format_5)
    learner(room / "twins", course, RIGHT, repeated_id)
    (room / "empty").mkdir()
    (room / "copycat").mkdir()
    (room / "copycat" / "01_a.ipynb").symlink_to(room / "honest" / "01_a.ipynb")
    (room / "alias").symlink_to(room / "honest")
    (room / "notes.txt").write_text("not a learner")
    outcomes, skipped, is_class = grade(room, root=course, timeout=30, jobs=2)
    return {(o.learner, o.lesson.stem): o for o in outcomes}, outcomes, skipped, is_class


def statuses(graded, name, lesson="01_a"):
    return [status for status, _ in graded[0][name, lesson].grades.values()]


def test_honest_answers_get_their_verdicts(graded):
    assert statuses(graded, "honest") == ["solved"] * 3 and statuses(graded, "honest", "02_b") == ["solved"]
    assert statuses(graded, "ann smith") == ["solved", "wrong", "not attempted yet"]
    assert graded[0]["ann smith", "01_a"].grades[2] == ("wrong", "f(3) should be 3 squared")


def test_answers_outside_the_answer_cells_count_for_nothing_and_are_named(graded):
    assert graded[0]["ann smith", "01_a"].notes == [
        "01_a.ipynb: exercise 3's answer cell is missing (deleted?): graded as not attempted",
        "01_a.ipynb: 1 cell(s) tagged attempt that are not the lesson's answer cells (added, or copied) "
        "count for nothing: answers go in each exercise's own cell"]


def test_printed_lines_check_cells_added_cells_and_stored_outputs_count_for_nothing(graded):
    assert statuses(graded, "printer") == ["wrong", "wrong", "not attempted yet"]


@pytest.mark.parametrize("name, replaced", [("names", "checks.WRONG"), ("module", "checks.a.require"),
                                            ("math", "math.isclose")])
def test_replacing_what_the_checks_read_makes_every_later_check_wrong(graded, name, replaced):
    grades = graded[0][name, "01_a"].grades
    assert [status for status, _ in grades.values()] == ["wrong"] * 3
    assert replaced in grades[1][1] and replaced in grades[3][1], grades


def test_a_check_of_ones_own_gives_no_verdict(graded):
    assert graded[0]["names", "01_a"].grades[2] == (
        "wrong", "its check gave no verdict: code in the notebook replaced or silenced it")


def test_swapping_a_checks_code_is_caught(graded):
    grades = graded[0]["code", "01_a"].grades
    assert [status for status, _ in grades.values()] == ["solved", "wrong", "wrong"]
    assert "the code of checks.a.check_exercise_2" in grades[2][1]


def test_forged_verdicts_and_a_check_called_out_of_place_count_for_nothing(graded):
    assert statuses(graded, "forger") == ["wrong", "wrong", "not attempted yet"]


def test_an_answer_that_ends_its_kernel_is_wrong_and_the_next_ones_are_graded(graded):
    grades = graded[0]["exiter", "01_a"].grades
    assert [status for status, _ in grades.values()] == ["wrong", "solved", "solved"]
    assert grades[1][1].startswith("your answer cell ended the kernel's process (exit status 0)")


def test_unreadable_notebooks_are_named_with_advice_for_a_submission(graded):
    [format_5] = graded[0]["format 5", "01_a"].notes
    assert "notebook format 5" in format_5 and "fresh copy of the lesson" in format_5
    assert "git checkout" not in format_5
    [twins] = graded[0]["twins", "01_a"].notes
    assert "two cells with the id of exercise 1's answer cell" in twins
    assert statuses(graded, "twins") == ["not submitted"] * 3


def test_every_skipped_file_is_named(graded):
    skipped = "\n".join(graded[2])
    assert "ann smith/scratch.ipynb: not a lesson's file name" in skipped
    assert "notes.txt: not a learner's folder" in skipped
    assert "empty/: no lesson notebook in it" in skipped
    assert "alias: a symbolic link" in skipped


def test_a_notebook_that_is_a_link_is_not_graded(graded):
    assert statuses(graded, "copycat") == ["not submitted"] * 3
    assert graded[0]["copycat", "01_a"].notes[0].startswith("01_a.ipynb is a symbolic link")


def test_the_class_table_has_every_learner_and_counts_lessons_not_submitted(graded):
    outcomes, is_class = graded[1], graded[3]
    assert is_class
    text = class_table(outcomes)
    rows = {line.split("  ")[0]: line for line in text.splitlines()}
    assert rows["honest"].split()[-3:] == ["4", "of", "4"]
    assert rows["ann smith"].split()[2:] == ["1/3", "1/1", "2", "of", "4"]
    assert rows["empty"].split()[1:] == ["-", "-", "0", "of", "4"]
    assert "ann smith, 01_a, exercise 2: f(3) should be 3 squared" in text
    assert text.endswith("total, 13 learners: 9 of 52 exercises solved, 17 wrong, 3 not attempted, "
                         "23 not submitted")


def test_the_csv_has_a_row_per_learner_and_exercise(graded):
    rows = list(csv.DictReader(io.StringIO(csv_text(graded[1]))))
    assert len(rows) == 13 * 4
    assert set(rows[0]) == {"learner", "lesson", "exercise", "status", "hint"}
    ann = [row for row in rows if row["learner"] == "ann smith"]
    assert [(row["lesson"], row["exercise"], row["status"]) for row in ann] == [
        ("01_a", "1", "solved"), ("01_a", "2", "wrong"), ("01_a", "3", "not attempted"), ("02_b", "1", "solved")]
    assert ann[1]["hint"] == "f(3) should be 3 squared"
    assert {row["status"] for row in rows if row["learner"] == "empty"} == {"not submitted"}
