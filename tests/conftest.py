import sys
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "build"))  # the course tools: course, tangle, nbcheck, site


@pytest.fixture
def make_course(tmp_path):
    """Make a small course in tmp_path: one lesson per (file, cells) pair.

    `cells` are nbformat cells; `exports` maps a file to the module it exports.
    Returns the course root.
    """
    def make(lessons, exports=None, titles=None):
        exports, titles = exports or {}, titles or {}
        (tmp_path / "notebooks").mkdir(exist_ok=True)
        (tmp_path / "micrograd").mkdir(exist_ok=True)
        manifest = []
        for file, cells in lessons.items():
            manifest.append(f'[[lesson]]\nfile = "{file}"\ntitle = "{titles.get(file, file)}"\n')
            if file in exports:
                manifest.append(f'exports = "{exports[file]}"\n')
            if cells is not None:
                notebook = nbformat.v4.new_notebook(cells=cells)
                notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3",
                                                   "language": "python"}
                nbformat.write(notebook, tmp_path / "notebooks" / file)
        (tmp_path / "notebooks" / "course.toml").write_text("\n".join(manifest))
        return tmp_path
    return make
