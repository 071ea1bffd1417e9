"""Re-run lessons in a fresh kernel and store their outputs (`make execute`).

    python build/execute.py                      every lesson in course.toml
    python build/execute.py notebooks/03_x.ipynb  just the ones named

Each notebook runs top to bottom in a new `python3` kernel, so execution counts
run 1..N; the kernelspec is set to python3 and per-cell timing metadata, which
would change on every run, is not recorded.
"""
import sys
from pathlib import Path

import nbclient
import nbformat

from course import ROOT, CourseError, lessons

KERNELSPEC = {"name": "python3", "display_name": "Python 3 (ipykernel)", "language": "python"}


def execute(path):
    notebook = nbformat.read(path, as_version=4)
    notebook.metadata.pop("jupytext", None)  # left by `jupytext --to ipynb`
    notebook.metadata["kernelspec"] = KERNELSPEC
    for cell in notebook.cells:
        for key in ("execution", "lines_to_next_cell"):  # per-run timing; jupytext layout
            cell.metadata.pop(key, None)
    client = nbclient.NotebookClient(notebook, kernel_name="python3", timeout=600,
                                     record_timing=False, coalesce_streams=True,
                                     # the kernel's log only warns that a local batch run
                                     # uses plain TCP; cell errors still show in full
                                     extra_arguments=["--IPKernelApp.log_level=ERROR"],
                                     resources={"metadata": {"path": str(path.parent)}})
    try:
        client.execute()
    finally:  # keep the outputs of a failed run: they show what went wrong
        nbformat.write(notebook, path)


def main(args):
    try:
        paths = [Path(a) for a in args] or [ROOT / "notebooks" / l.file for l in lessons()]
        for path in paths:
            if not path.exists():
                raise CourseError(f"{path} does not exist")
            print(f"executing {path.relative_to(ROOT) if path.is_absolute() else path}", flush=True)
            execute(path)
    except CourseError as e:
        sys.exit(f"execute: {e}")
    except nbclient.exceptions.CellExecutionError as e:
        sys.exit(f"execute: a cell failed (its output is stored in the notebook):\n{e}")


if __name__ == "__main__":
    main(sys.argv[1:])
