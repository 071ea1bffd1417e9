"""Grade one learner's lessons, or a class's (`make grade DIR=...`).

    python build/grade.py [DIR] [--timeout S] [--memory MB] [--output KB] [--jobs N] [--csv FILE]

DIR (default build/student) is one learner's folder of lesson notebooks, named as in the
course (01_derivatives.ipynb, ...), or a class: a folder holding a folder per learner, named
after them. One learner gets a table of lessons by exercises, a class a table of learners by
lessons; then the hint of every wrong answer and what else went wrong, and totals over every
exercise of the course (a lesson not handed in counts, as "not submitted"). --csv writes one
row per learner and exercise (learner, lesson, exercise, status, hint) for a gradebook.

What counts:
- Only the learner's answer cells. For each lesson the grader takes the course's own student
  edition and puts in the source of each of the learner's cells whose id is that of an answer
  cell (tagged `attempt`), as nbgrader's autograde restores its locked cells. The learner's
  check cells, outputs, added or retagged cells and printed status lines count for nothing.
- A verdict is the one the course's check sends through the grader's channel (signed: see
  notebooks/checks/__init__.py) while the lesson's check cell of that exercise runs. A check
  cell that fails, or sends none, makes the exercise wrong, with the reason.
- Each run of a lesson has a private folder and a kernel shut in by build/sandbox.py, started by
  a worker process (build/grade_worker.py); --jobs workers at a time (default: the number of
  cores), a new one when a learner's code killed the last.
  An answer that runs longer than --timeout seconds a cell, or ends its kernel or its worker,
  is wrong, and the lesson runs again with that answer's placeholder, so the exercises after
  it get verdicts of their own.
- The grader's own faults (a kernel that cannot start, checks that do not import) and Ctrl-C
  end the grading with a message and a non-zero status (130 for Ctrl-C); no learner is graded.
"""
import argparse
import copy
import csv
import io
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path

import psutil

# jsonschema (imported by nbformat) would spend over a second of CPU building the grammar of
# rfc3987_syntax, for a format check the grader never makes.
sys.modules.setdefault("rfc3987_syntax", None)
import sandbox  # noqa: E402
from course import ROOT, CourseError, checked_lessons, run_tool, tags, write_atomic  # noqa: E402
from nbcheck import exercises  # noqa: E402
from student import student_edition, support_files  # noqa: E402

sys.path.insert(0, str(ROOT / "notebooks"))
from checks import NOT_ATTEMPTED, SOLVED, WRONG  # noqa: E402

NOT_SUBMITTED = "not submitted"
SHORT = {SOLVED: "solved", WRONG: "wrong", NOT_ATTEMPTED: "not attempted",
         NOT_SUBMITTED: "not submitted"}
WORKER = Path(__file__).resolve().parent / "grade_worker.py"
# Defaults. The slowest cell of the lessons, solved, is lesson 11's training on its small data
# set: 15 to 17 s measured on a 2-core machine busy with other work (60 s leaves room for a
# slower machine). A kernel peaks at about 350 MB; a lesson's largest output is about 100 KB.
TIMEOUT, MEMORY, OUTPUT = 60, 2000, 1000  # seconds per cell, MB per kernel, KB of output per cell


class SubmissionError(Exception):
    """A learner's notebook that cannot be graded; the message says what to ask for."""


class GraderFault(CourseError):
    """The grader cannot grade (no kernel, checks that do not import): no answer is to blame."""


@dataclass
class Plan:
    """A lesson as the grader runs it: its student edition and the exercise of each cell."""
    lesson: object                         # course.Lesson
    edition: object                        # the student edition's notebook
    numbers: list                          # the exercises' numbers, in order
    roles: dict                            # cell index -> ("attempt" or "check", exercise number)

    @classmethod
    def of(cls, lesson):
        edition, roles = student_edition(lesson.read()), {}
        found = exercises(edition)
        for number, cells in found:
            for i in cells:
                for kind in tags(edition.cells[i]) & {"attempt", "check"}:
                    roles[i] = (kind, number)
        return cls(lesson, edition, [number for number, _ in found], roles)

    def answer_cells(self):
        """{cell id: exercise number} of the answer cells."""
        return {self.edition.cells[i].id: number
                for i, (kind, number) in self.roles.items() if kind == "attempt"}

    def describe(self, i):
        kind, number = self.roles.get(i, (None, None))
        if kind:
            return f"exercise {number}'s {'answer cell' if kind == 'attempt' else 'check'}"
        first = (self.edition.cells[i].source.strip().splitlines() or [""])[0]
        return f"cell {i + 1} ({first[:40]!r})"

    def with_answers(self, answers, placeholders=()):
        """The edition with `answers` ({cell id: source}) in its answer cells, except the
        exercises in `placeholders`; no outputs."""
        notebook = copy.deepcopy(self.edition)
        for i, (kind, number) in self.roles.items():
            cell = notebook.cells[i]
            if kind == "attempt" and cell.id in answers and number not in placeholders:
                cell.source = answers[cell.id]
        for cell in notebook.cells:
            if cell.cell_type == "code":
                cell.outputs, cell.execution_count = [], None
        return notebook


@dataclass
class Outcome:
    """One learner's lesson, graded."""
    learner: str
    lesson: object                                # course.Lesson
    grades: dict                                  # exercise number -> (status, hint or reason)
    notes: list = field(default_factory=list)     # what else the teacher should know
    seconds: float = 0.0                          # wall time of its runs
    cells: list = field(default_factory=list)     # (seconds, cell) of each cell run


def read_answers(path, plan):
    """{cell id: source} of the learner's answer cells in the notebook at `path`, and notes
    about the ones that are missing or added; SubmissionError if it cannot be graded."""
    name = path.name
    fresh = "to copy their answers into a fresh copy of the lesson from the student edition"
    if path.is_symlink():  # it could lead to another learner's notebook
        raise SubmissionError(f"{name} is a symbolic link, not a file: ask the learner for the notebook")
    try:
        data = json.loads(path.read_bytes())
    except (OSError, ValueError) as error:
        raise SubmissionError(f"{name} is not a notebook file ({error}): ask the learner to send it "
                              "again, saved from Jupyter") from None
    cells = data.get("cells") if isinstance(data, dict) else None
    if not isinstance(cells, list) or not all(isinstance(cell, dict) for cell in cells):
        raise SubmissionError(f"{name} holds no notebook (no list of cells): ask the learner to send it "
                              "again, saved from Jupyter")
    if data.get("nbformat") != 4:
        raise SubmissionError(f"{name} is saved in notebook format {data.get('nbformat')!r}; the grader "
                              f"reads format 4, which JupyterLab saves: ask the learner {fresh}")
    if not any("id" in cell for cell in cells):
        raise SubmissionError(f"{name} has no cell ids (notebook format 4.4 or older), and answers are "
                              f"found by the id of their cell: ask the learner {fresh}, in JupyterLab")
    wanted, answers, added = plan.answer_cells(), {}, 0
    for cell in cells:
        cell_id, source = cell.get("id"), cell.get("source", "")
        if isinstance(source, list) and all(isinstance(line, str) for line in source):
            source = "".join(source)
        metadata = cell.get("metadata") if isinstance(cell.get("metadata"), dict) else {}
        if isinstance(cell_id, str) and cell_id in wanted and cell.get("cell_type") == "code" \
                and isinstance(source, str):
            if cell_id in answers:
                raise SubmissionError(f"{name} has two cells with the id of exercise "
                                      f"{wanted[cell_id]}'s answer cell ({cell_id!r}): ask the learner "
                                      "to delete one of them")
            answers[cell_id] = source
        elif "attempt" in (metadata.get("tags") or []):
            added += 1
    notes = [f"{name}: exercise {number}'s answer cell is missing (deleted?): graded as not attempted"
             for cell_id, number in wanted.items() if cell_id not in answers]
    if added:
        notes.append(f"{name}: {added} cell(s) tagged attempt that are not the lesson's answer cells "
                     "(added, or copied) count for nothing: answers go in each exercise's own cell")
    return answers, notes


class Grader:
    """Runs lessons in worker processes, `jobs` at a time, and can end them all at once."""

    def __init__(self, root, folder, limits, reap_orphans=False):
        self.plans = [Plan.of(lesson) for lesson in checked_lessons(root)]
        self.limits, self.reap_orphans = limits, reap_orphans
        self.lock, self.stopping = threading.Lock(), False
        self.workers, self.local = {}, threading.local()  # pid -> worker; the thread's worker
        self.tmp = Path(tempfile.mkdtemp(prefix="grade-"))
        self.hidden = [str(Path(path).resolve()) for path in (root, folder, self.tmp)]
        try:
            self.visible = sandbox.module_paths(self.hidden)
            for name, data in support_files(root).items():
                (self.tmp / "support" / name).parent.mkdir(parents=True, exist_ok=True)
                (self.tmp / "support" / name).write_bytes(data)
            # every kernel's home starts as a copy of this one, with matplotlib's list of the
            # system's fonts made once (it takes half a second) instead of in every kernel
            fonts = {**sandbox.clean_environment(self.hidden),
                     "MPLCONFIGDIR": str(self.tmp / "home" / ".matplotlib")}
            subprocess.run([sys.executable, "-c", "import matplotlib.font_manager"], env=fonts,
                           capture_output=True)
            (self.tmp / "home" / "tmp").mkdir(parents=True, exist_ok=True)
        except BaseException:
            shutil.rmtree(self.tmp, ignore_errors=True)
            raise

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.stop()
        shutil.rmtree(self.tmp, ignore_errors=True)

    def grade(self, learners, jobs):
        """Outcomes of every (learner name, folder) and lesson, in order."""
        todo = [(name, path, plan) for name, path in learners for plan in self.plans]
        done = {}
        with ThreadPoolExecutor(jobs) as pool:
            futures = [pool.submit(self.grade_lesson, *item) for item in todo]
            try:
                for future in as_completed(futures):
                    outcome = future.result()
                    done[outcome.learner, outcome.lesson.file] = outcome
                    if outcome.seconds:  # it ran
                        solved = sum(status == SOLVED for status, _ in outcome.grades.values())
                        print(f"[{len(done)}/{len(todo)}] {outcome.learner}, {outcome.lesson.stem}: "
                              f"{solved} of {len(outcome.grades)} solved", file=sys.stderr, flush=True)
            except BaseException:
                self.stop()
                for future in futures:
                    future.cancel()
                raise
        return [done[name, plan.lesson.file] for name, _, plan in todo]

    def grade_lesson(self, learner, folder, plan):
        path = folder / plan.lesson.file
        if not path.exists():
            return Outcome(learner, plan.lesson, {n: (NOT_SUBMITTED, "") for n in plan.numbers})
        try:
            answers, notes = read_answers(path, plan)
        except SubmissionError as error:
            return Outcome(learner, plan.lesson, {n: (NOT_SUBMITTED, str(error)) for n in plan.numbers},
                           [str(error)])
        forced, began = {}, time.monotonic()
        while True:
            events = self.run(plan, plan.with_answers(answers, placeholders=forced), learner)
            stop = next((event for event in events if "stopped" in event), None)
            kind, number = plan.roles.get(stop["stopped"], (None, None)) if stop else (None, None)
            if not kind or number in forced:
                break
            who = "your answer cell" if kind == "attempt" else "its check, running your answer,"
            forced[number] = (WRONG, f"{who} {stop['reason']}; it was stopped, and the lesson ran "
                                     "again without it")
            if stop["cut"]:
                notes.append(cut_note(plan.describe(stop["stopped"]), self.limits))
        outcome = judge(plan, events, forced, self.limits)
        outcome.learner, outcome.notes = learner, notes + outcome.notes
        outcome.seconds = time.monotonic() - began
        return outcome

    def run(self, plan, notebook, learner):
        """The events of one run of `notebook` by this thread's worker (build/grade_worker.py)."""
        folder = Path(tempfile.mkdtemp(dir=self.tmp, prefix="run-"))
        job = {"folder": str(folder), "support": str(self.tmp / "support"),
               "home": str(self.tmp / "home"), "notebook": notebook,
               "file": plan.lesson.file, "checks": plan.lesson.checks_module if plan.numbers else None,
               "hidden": self.hidden, "visible": self.visible, **self.limits}
        worker, events = self.worker(), []
        try:
            worker.stdin.write(json.dumps(job).encode() + b"\n")
            worker.stdin.flush()
        except BrokenPipeError:
            pass
        for line in worker.stdout:
            events.append(json.loads(line))
            if events[-1].keys() & {"end", "stopped", "fault"}:
                break
        else:  # the worker ended during the run
            self.retire(worker)
        shutil.rmtree(folder, ignore_errors=True)
        if self.stopping:
            raise KeyboardInterrupt
        return self.check(events, worker, f"{learner}, {plan.lesson.name}")

    def worker(self):
        """This thread's worker, started if it has none (or its last one died)."""
        worker = getattr(self.local, "worker", None)
        if worker and worker.poll() is None:
            return worker
        with self.lock:
            if self.stopping:
                raise KeyboardInterrupt
            log = tempfile.TemporaryFile(dir=self.tmp)
            worker = subprocess.Popen([sys.executable, str(WORKER)], stdin=subprocess.PIPE,
                                      stdout=subprocess.PIPE, stderr=log, cwd=self.tmp,
                                      env=sandbox.clean_environment(self.hidden), start_new_session=True)
            worker.log, self.workers[worker.pid], self.local.worker = log, worker, worker
        return worker

    def retire(self, worker):
        """A worker that ended: wait for it, and (as `make grade`) end the orphans it left."""
        worker.wait()
        with self.lock:
            self.workers.pop(worker.pid, None)
            if self.reap_orphans:
                self.end_orphans()

    def check(self, events, worker, where):
        """The events, once sure the grader did its part: a fault is raised; a worker that ended
        early, killed, is a stop at the cell it was running."""
        limits = f"(TIMEOUT={self.limits['timeout']} s, MEMORY={self.limits['memory']} MB)"
        for event in events:
            if "fault" in event:
                raise GraderFault(f"{where}: {event['fault']} {limits}")
        if any("end" in event or "stopped" in event for event in events):
            return events
        started = [event["start"] for event in events if "start" in event]
        if worker.returncode < 0 and started:
            return events + [{"stopped": started[-1], "reason": "killed the process running the lesson",
                              "cut": False}]
        worker.log.seek(0)
        last_words = worker.log.read()[-1500:].decode(errors="replace")
        raise GraderFault(f"{where}: the grader's worker ended unexpectedly (status "
                          f"{worker.returncode}) {limits}:\n{last_words}")

    def end_orphans(self):
        """Kill this process's children that are not workers: orphans of a killed worker's
        kernel, which come here because the grader is a subreaper (see `main`)."""
        for child in psutil.Process().children():
            if child.pid not in self.workers:
                sandbox.kill_descendants(child)
                try:
                    child.kill()
                    child.wait(5)
                except psutil.Error:
                    pass

    def stop(self):
        """End every worker and everything under it; no more workers start."""
        with self.lock:
            self.stopping = True
            for worker in self.workers.values():
                try:
                    sandbox.kill_descendants(psutil.Process(worker.pid))
                except psutil.Error:
                    pass
                worker.kill()
                worker.wait()
                worker.log.close()


def judge(plan, events, forced, limits):
    """The lesson's grades from the events of its last run, and the notes."""
    module = f"checks.{plan.lesson.checks_module}"
    grades, errors, notes, checked, cells = {}, {}, [], set(), []
    for event in events:
        if "done" not in event:
            continue
        i = event["done"]
        kind, number = plan.roles.get(i, (None, None))
        cells.append((event["seconds"], plan.describe(i)))
        if kind == "check":
            checked.add(number)
            sent = [(status, detail) for source, n, status, detail in event["verdicts"]
                    if source == module and n == number]
            if sent:
                grades[number] = sent[-1]
        if event["error"] and kind:
            errors.setdefault(number, (kind, event["error"]))
        elif event["error"]:
            notes.append(f"{plan.describe(i)} failed outside the exercises: {event['error']}")
        if event["cut"]:
            notes.append(cut_note(plan.describe(i), limits))
    stop = next((event for event in events if "stopped" in event), None)
    if stop and stop["stopped"] not in plan.roles:
        notes.append(f"the lesson stopped at {plan.describe(stop['stopped'])}: it {stop['reason']}")
    result = {}
    for number in plan.numbers:
        if number in forced:
            result[number] = forced[number]
        elif number in grades:
            result[number] = grades[number]
        elif number in errors:
            kind, error = errors[number]
            result[number] = (WRONG, f"your answer cell raised {error}" if kind == "attempt"
                              else f"its check could not run: {error}")
        elif number in checked:
            result[number] = (WRONG, "its check gave no verdict: code in the notebook replaced or "
                                     "silenced it")
        elif stop:
            result[number] = (WRONG, "not graded: the lesson stopped before this exercise, at "
                                     f"{plan.describe(stop['stopped'])}")
        else:
            result[number] = (WRONG, "its check never ran")
    return Outcome("", plan.lesson, result, notes, cells=cells)


def cut_note(cell, limits):
    return f"{cell} printed more than {limits['output'] // 1000} KB (OUTPUT=): the rest was not kept"


def find_learners(folder, lesson_files):
    """[(name, folder)] of the learners in `folder` (itself, if it holds lesson notebooks), and
    a line for each file that is skipped."""
    def skipped_notebooks(path, prefix=""):
        examples = ", ".join(lesson_files[:2])
        return [f"{prefix}{notebook.name}: not a lesson's file name ({examples}, ...); rename it to "
                "grade it" for notebook in sorted(path.glob("*.ipynb"))
                if notebook.name not in lesson_files]
    if any(path.name in lesson_files for path in folder.glob("*.ipynb")):
        return [(folder.resolve().name, folder)], skipped_notebooks(folder)
    learners, skipped = [], []
    for path in sorted(folder.iterdir()):
        if path.is_symlink():
            skipped.append(f"{path.name}: a symbolic link (it could lead to another learner's folder)")
        elif path.is_dir() and not path.name.startswith("."):
            learners.append((path.name, path))
            skipped += skipped_notebooks(path, f"{path.name}/")
            if not any((path / name).exists() for name in lesson_files):
                skipped.append(f"{path.name}/: no lesson notebook in it: every lesson counts as not "
                               "submitted")
        else:
            skipped.append(f"{path.name}: not a learner's folder (a class is one folder per learner)")
    if not learners:
        raise CourseError(f"{folder} holds no lesson notebook ({lesson_files[0]}, ...) and no learner's "
                          "folder holding some: name one learner's folder, or a folder of them")
    return learners, skipped


def count(outcomes):
    counts = dict.fromkeys(SHORT, 0)
    for outcome in outcomes:
        for status, _ in outcome.grades.values():
            counts[status] += 1
    total = sum(counts.values())
    return (f"{counts[SOLVED]} of {total} exercises solved, {counts[WRONG]} wrong, "
            f"{counts[NOT_ATTEMPTED]} not attempted, {counts[NOT_SUBMITTED]} not submitted")


def details(outcomes, prefix=lambda outcome: ""):
    lines = []
    for outcome in outcomes:
        lines += [f"{prefix(outcome)}{outcome.lesson.stem}, exercise {number}: {detail}"
                  for number, (status, detail) in outcome.grades.items() if status == WRONG]
        lines += [f"{prefix(outcome)}{outcome.lesson.stem}: {note}" for note in outcome.notes]
    return lines


def learner_table(outcomes):
    """One learner: a row per lesson, a column per exercise."""
    width = max([len("lesson")] + [len(outcome.lesson.stem) for outcome in outcomes])
    most = max(len(outcome.grades) for outcome in outcomes)
    header = "".join(f"{f'exercise {n}':<16}" for n in range(1, most + 1))
    lines = [f"{'lesson':<{width}}  {header}".rstrip()]
    lines += [f"{outcome.lesson.stem:<{width}}  "
              + "".join(f"{SHORT[status]:<16}" for status, _ in outcome.grades.values()).rstrip()
              for outcome in outcomes]
    notes = details(outcomes)
    return "\n".join(lines + [""] + notes + ([""] if notes else []) + [f"total: {count(outcomes)}"])


def class_table(outcomes):
    """A class: a row per learner, a column per lesson (exercises solved of the lesson's, or
    - for a lesson not submitted), then every hint, then totals."""
    learners = list(dict.fromkeys(outcome.learner for outcome in outcomes))
    lessons = list(dict.fromkeys(outcome.lesson.number for outcome in outcomes))
    width = max(len(name) for name in [*learners, "learner"])
    lines = [f"{'learner':<{width}}  " + "".join(f"{number:<6}" for number in lessons) + "solved"]
    for name in learners:
        mine = [outcome for outcome in outcomes if outcome.learner == name]
        cells = []
        for outcome in mine:
            statuses = [status for status, _ in outcome.grades.values()]
            solved = statuses.count(SOLVED)
            handed_in = not statuses or set(statuses) != {NOT_SUBMITTED}
            cells.append(f"{solved}/{len(statuses)}" if handed_in else "-")
        total = sum(len(outcome.grades) for outcome in mine)
        solved = sum(status == SOLVED for outcome in mine for status, _ in outcome.grades.values())
        lines.append(f"{name:<{width}}  " + "".join(f"{cell:<6}" for cell in cells)
                     + f"{solved} of {total}")
    legend = ", ".join(f"{outcome.lesson.number} {outcome.lesson.stem}" for outcome in outcomes
                       if outcome.learner == learners[0])
    notes = details(outcomes, prefix=lambda outcome: f"{outcome.learner}, ")
    lines += [f"(lessons: {legend}; - not submitted)", ""] + notes + ([""] if notes else [])
    return "\n".join(lines + [f"total, {len(learners)} learners: {count(outcomes)}"])


def csv_text(outcomes):
    """One row per learner and exercise: learner, lesson, exercise, status, hint."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["learner", "lesson", "exercise", "status", "hint"])
    for outcome in outcomes:
        for number, (status, detail) in outcome.grades.items():
            writer.writerow([outcome.learner, outcome.lesson.stem, number, SHORT[status], detail])
    return out.getvalue()


def grade(folder, root=ROOT, timeout=TIMEOUT, memory=MEMORY, output=OUTPUT, jobs=None,
          reap_orphans=False):
    """(outcomes, skipped files, whether `folder` is a class) of grading `folder`."""
    folder = Path(folder)
    if not folder.is_dir():
        raise CourseError(f"{folder} is not a folder (make the student edition with `make student`, "
                          "or name a learner's folder or a class's)")
    lesson_files = [lesson.file for lesson in checked_lessons(root)]
    learners, skipped = find_learners(folder, lesson_files)
    limits = {"timeout": timeout, "memory": memory, "output": output * 1000}
    with Grader(root, folder, limits, reap_orphans) as grader:
        outcomes = grader.grade(learners, jobs or os.cpu_count() or 1)
    return outcomes, skipped, learners[0][1] != folder


def sandbox_note():
    abi = sandbox.landlock_abi()
    if not abi:
        return ("sandbox: this system has no Landlock (Linux 5.13 or newer): the kernels run with "
                "limits only, as you, and could reach the course (see README, grading)")
    return (f"sandbox: Landlock (ABI {abi}): each kernel writes only in its own folder and cannot read "
            "the course or the submissions" + (", nor signal the grader" if abi >= 6 else ""))


def positive(text):
    """argparse's type for a whole number above 0."""
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number above 0")
    return int(text)


def main(args, root=ROOT):
    parser = argparse.ArgumentParser(prog="grade", description="Grade a learner's lessons or a class's.")
    parser.add_argument("dir", nargs="?", default=str(Path(root) / "build" / "student"))
    parser.add_argument("--timeout", type=positive, default=TIMEOUT,
                        help=f"seconds per cell ({TIMEOUT})")
    parser.add_argument("--memory", type=positive, default=MEMORY, help=f"MB per kernel ({MEMORY})")
    parser.add_argument("--output", type=positive, default=OUTPUT,
                        help=f"KB of output kept per cell ({OUTPUT})")
    parser.add_argument("--jobs", type=positive, help="lessons graded at a time (the number of cores)")
    parser.add_argument("--csv", help="also write one row per learner and exercise to this file")
    options = parser.parse_args(args)
    if options.csv and not Path(options.csv).resolve().parent.is_dir():
        raise CourseError(f"--csv {options.csv}: its folder does not exist")
    sandbox.become_subreaper()  # a killed worker's orphans come here, to be ended
    print(sandbox_note(), file=sys.stderr)
    try:
        outcomes, skipped, is_class = grade(options.dir, root, options.timeout, options.memory,
                                            options.output, options.jobs, reap_orphans=True)
    except KeyboardInterrupt:
        raise KeyboardInterrupt("no learner was graded") from None
    except GraderFault as fault:
        raise GraderFault(f"{fault}\nno learner was graded (the fault is the grader's)") from None
    for line in skipped:
        print(f"skipped {line}")
    print(("\n" if skipped else "") + (class_table(outcomes) if is_class else learner_table(outcomes)))
    if options.csv:
        write_atomic(options.csv, csv_text(outcomes))
        print(f"wrote {options.csv}")


if __name__ == "__main__":
    run_tool("grade", main, sys.argv[1:])
