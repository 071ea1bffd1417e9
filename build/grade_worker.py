"""Graded runs, for build/grade.py: a lesson in a fresh kernel, shut in, reported cell by cell.

    python build/grade_worker.py < jobs      one job a line, until stdin closes

A job (JSON) names the run's private folder, the folders to copy into it (checks/,
micrograd/, matplotlibrc: what the lessons import; and the kernel's home), the notebook to run (the
course's student edition of a lesson with a learner's answers put in), its file name, its
checks module, and the limits. The worker writes the notebook beside the copies (lesson 7
reads its own file), starts a kernel there through build/sandbox.py and runs the cells one
by one, after a first cell of the grader's own that imports the lesson's checks and seals
them (notebooks/checks/__init__.py) before any of the learner's code runs. It prints one
JSON object per line on stdout as the run goes:

    {"start": i}                        cell i of the notebook starts
    {"done": i, "seconds": s, "error": "NameError: ..." or null, "cut": bool,
     "verdicts": [[module, number, status, detail], ...]}
                                        cell i ended; the verdicts signed by a check during it
and the run's last event, once every process the kernel started has ended:
    {"end": true}                       every cell ran
    {"stopped": i, "reason": "...", "cut": bool}
                                        the run cannot go on: cell i timed out, or the kernel died
    {"fault": "..."}                    the grader's fault: no kernel, or the checks do not import

Outputs are not kept: a cell's output counts only toward the limit on what a cell may print
("cut" says it printed more, and the rest was dropped as it came). The worker is a process of
its own, the kernel's parent, so a learner's code that kills its kernel's parent kills the
worker only; the grader sees the events stop and carries on with a new worker. The worker is
a child subreaper: orphans of the kernel's children come back to it, and it ends them all.
"""
import asyncio
import hmac
import json
import os
import secrets
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

# jsonschema (imported by nbformat) would spend over a second of CPU building the grammar of
# rfc3987_syntax, for a format check this worker never makes: a second per graded lesson.
sys.modules.setdefault("rfc3987_syntax", None)
import nbformat  # noqa: E402
from jupyter_client.manager import AsyncKernelManager  # noqa: E402
from nbclient import NotebookClient  # noqa: E402
from nbclient.exceptions import CellTimeoutError, DeadKernelError  # noqa: E402

import sandbox  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "notebooks"))
from checks import CHANNEL, NOT_ATTEMPTED, SOLVED, WRONG  # noqa: E402

SANDBOX = Path(__file__).resolve().parent / "sandbox.py"
LINE_LIMIT = 8192  # bytes: a longer line in the verdicts file is not a check's
TEXT_LIMIT = 500   # characters of an error message kept
START_TIMEOUT = 60  # seconds for a kernel to start


def emit(**event):
    print(json.dumps(event), flush=True)


class ShutInKernelManager(AsyncKernelManager):
    """Starts `python -m ipykernel_launcher` (this Python, whatever kernelspecs say) through
    build/sandbox.py, and keeps the last lines of the kernel's stderr (drained as it comes)."""

    def configure(self, settings):
        self.settings, self.log_tail = settings, b""

    def format_kernel_cmd(self, extra_arguments=None):
        return [sys.executable, str(SANDBOX), json.dumps(self.settings), "--", sys.executable,
                "-m", "ipykernel_launcher", "-f", self.connection_file, *(extra_arguments or [])]

    async def _async_launch_kernel(self, kernel_cmd, **kw):
        await super()._async_launch_kernel(kernel_cmd, **kw)
        threading.Thread(target=self.drain, args=(self.provisioner.process.stderr,), daemon=True).start()

    def drain(self, stream):
        for chunk in iter(lambda: stream.read1(4096), b""):
            self.log_tail = (self.log_tail + chunk)[-3000:]


class LimitedClient(NotebookClient):
    """An nbclient that keeps no more than `output_limit` characters of a cell's output, nor any
    widget's state, and records the error a cell raised (from the kernel's reply, so even a cut
    output has it)."""

    def prepare(self, output_limit):
        self.output_limit, self.on_cell_error = output_limit, self.record_error
        self.start_cell()

    def start_cell(self):
        self.kept, self.cut, self.error = 0, False, None

    def record_error(self, cell, cell_index, execute_reply):
        content = execute_reply["content"]
        self.error = f"{content.get('ename', 'Error')}: {str(content.get('evalue', ''))[:TEXT_LIMIT]}"

    def output(self, outs, msg, display_id, cell_index):
        self.kept += len(json.dumps(msg["content"]))
        if self.kept > self.output_limit:
            self.cut = True
            return None
        return super().output(outs, msg, display_id, cell_index)

    def _update_display_id(self, display_id, msg):
        """A display updated from a later cell: the outputs are not kept, so there is none."""

    def handle_comm_msg(self, outs, msg, cell_index):
        """A widget's message: no widget state is kept."""


class Verdicts:
    """Reads the verdicts the checks sign (notebooks/checks/__init__.py) as they are appended."""

    def __init__(self, path, key):
        self.file, self.key = open(path, "rb"), key.encode()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.file.close()

    def new(self):
        if os.fstat(self.file.fileno()).st_size < self.file.tell():  # truncated by the notebook
            self.file.seek(0)
        found = []
        while line := self.file.readline(LINE_LIMIT):
            signature, _, body = line.strip().partition(b" ")
            expected = hmac.new(self.key, body, "sha256").hexdigest().encode()
            if hmac.compare_digest(signature, expected):
                module, number, status, detail = json.loads(body)
                if status in (SOLVED, WRONG, NOT_ATTEMPTED):
                    found.append([module, number, status, detail])
        return found


def environment(home, hidden):
    """The kernel's environment: locale and PATH (sandbox.clean_environment), and a home,
    temporary folder and caches inside the run's folder."""
    return {**sandbox.clean_environment(hidden), "HOME": str(home), "TMPDIR": str(home / "tmp"),
            "IPYTHONDIR": str(home / ".ipython"), "MPLCONFIGDIR": str(home / ".matplotlib"),
            "OMP_NUM_THREADS": "1"}  # lessons are graded in parallel: one thread per kernel


def prelude(checks_module):
    """The grader's first cell: import the lesson's checks, and seal them."""
    module = f"checks.{checks_module}" if checks_module else "checks"
    return f"import {module}\nchecks.seal()\ndel checks"


async def run(job):
    folder = Path(job["folder"])
    lesson, home = folder / "lesson", folder / "home"
    shutil.copytree(job["support"], lesson)
    shutil.copytree(job["home"], home)
    (lesson / job["file"]).write_text(json.dumps(job["notebook"]))  # lesson 7 reads its own file
    notebook = nbformat.from_dict(job["notebook"])
    key, channel, verdicts = secrets.token_hex(32), folder / "channel.json", folder / "verdicts"
    verdicts.touch()
    channel.write_text(json.dumps({"verdicts": str(verdicts), "key": key}))

    manager = ShutInKernelManager(kernel_name="python3")
    manager.connection_file = str(folder / "kernel.json")
    manager.configure({"memory": job["memory"], "writable": [str(folder)], "hidden": job["hidden"],
                       "visible": job["visible"]})
    notebook.cells.insert(0, nbformat.v4.new_code_cell(prelude(job["checks"])))
    client = LimitedClient(notebook, km=manager, timeout=job["timeout"], allow_errors=True,
                           startup_timeout=START_TIMEOUT, shutdown_kernel="immediate",
                           extra_arguments=["--IPKernelApp.log_level=ERROR"])
    client.prepare(job["output"])
    env = {**environment(home, job["hidden"]), CHANNEL: str(channel)}
    started = False
    try:
        with Verdicts(verdicts, key) as reader:
            async with client.async_setup_kernel(env=env, cwd=str(lesson), stdout=subprocess.DEVNULL,
                                                 stderr=subprocess.PIPE, cleanup_kc=True):
                started = True
                return await run_cells(client, reader, job["timeout"])
    except Exception as error:
        if started:
            raise
        log = manager.log_tail.decode(errors="replace").strip()
        return {"fault": f"the kernel could not start ({type(error).__name__}: {error})"
                         + (f"; its last words:\n{log}" if log else "")}


async def run_cells(client, reader, timeout):
    """Run the cells, emitting events; returns the last event."""
    for index, cell in enumerate(client.nb.cells):
        if cell.cell_type != "code":
            continue
        i = index - 1  # the prelude is cell -1: the lesson's cells keep their numbers
        client.start_cell()
        if i >= 0:
            emit(start=i)
        began = time.monotonic()
        try:
            await client.async_execute_cell(cell, index)
        except CellTimeoutError:
            return stop(i, f"ran longer than {timeout} s", client.cut)
        except DeadKernelError:
            status = client.km.provisioner.process.poll() if client.km.provisioner else None
            how = (f"killed by signal {-status}" if status and status < 0
                   else f"exit status {status}" if status is not None else "it stopped answering")
            return stop(i, f"ended the kernel's process ({how})", client.cut)
        cell.outputs = []  # not kept: see the module's docstring
        if i < 0 and client.error:
            return {"fault": f"the lesson's checks could not be imported ({client.error})"}
        if i >= 0:
            emit(done=i, seconds=round(time.monotonic() - began, 3), error=client.error,
                 cut=client.cut, verdicts=reader.new())
    return {"end": True}


def stop(i, reason, cut):
    if i < 0:
        return {"fault": f"the grader's first cell did not finish: it {reason}"}
    return {"stopped": i, "reason": reason, "cut": cut}


def main():
    sandbox.become_subreaper()
    sandbox.die_with_parent()
    for line in sys.stdin:
        job = json.loads(line)
        os.chdir(job["folder"])  # the kernel's parent's folder: the run's, not the grader's
        try:
            last = asyncio.run(run(job))
        finally:
            sandbox.kill_descendants()
        emit(**last)


if __name__ == "__main__":
    main()
