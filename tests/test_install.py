"""`make ... TORCH=cpu`: torch's CPU build from PyTorch's CPU index, before everything else.

Tested offline against a local package index that holds only a CPU wheel of the pinned
torch (these machines reach no outside index): the Makefile's own command, run as a pip
dry run with every other package source switched off, must choose that wheel.
"""
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from course import ROOT

PIN = next(line for line in (ROOT / "requirements.txt").read_text().splitlines() if line.startswith("torch=="))
VERSION = PIN.split("==")[1]
TAG = f"cp{sys.version_info.major}{sys.version_info.minor}"


def install_commands(*make_args):
    """The commands `make` would run to create .venv, without running them."""
    result = subprocess.run(["make", "-n", "--always-make", ".venv/.installed", *make_args],
                            cwd=ROOT, capture_output=True, text=True, check=True)
    return [line for line in result.stdout.splitlines() if "pip install" in line]


def local_cpu_wheel():
    """A CPU wheel of the pinned torch for this Python in pip's local wheel folders, if any."""
    folders = os.environ.get("PIP_FIND_LINKS", "").split() + ["/opt/wheels"]
    for folder in map(Path, folders):
        for wheel in sorted(folder.glob(f"torch-{VERSION}+cpu-{TAG}-*.whl")) if folder.is_dir() else []:
            return wheel
    return None


def test_by_default_torch_comes_with_the_rest():
    commands = install_commands()
    assert len(commands) == 2 and "-r requirements.txt" in commands[0]


def test_torch_cpu_installs_torch_alone_from_the_cpu_index_first():
    commands = install_commands("TORCH=cpu")
    assert "--index-url https://download.pytorch.org/whl/cpu" in commands[0]
    assert "--no-deps" in commands[0] and f'"{PIN}"' in commands[0]
    assert "-r requirements.txt" in commands[1]


def test_the_cpu_index_command_resolves_to_the_cpu_build(tmp_path):
    wheel = local_cpu_wheel()
    if wheel is None:
        pytest.skip(f"no local CPU wheel of {PIN} for {TAG} to serve as an offline index")
    index = tmp_path / "index" / "torch"
    index.mkdir(parents=True)
    (index / "index.html").write_text(f'<a href="{wheel.as_uri()}">{wheel.name}</a>\n')
    command = install_commands("TORCH=cpu", f"TORCH_CPU_INDEX={index.parent.as_uri()}")[0]
    report = tmp_path / "report.json"
    env = {**os.environ, "PIP_CONFIG_FILE": os.devnull, "PIP_FIND_LINKS": "", "PIP_NO_INPUT": "1"}
    args = re.findall(r'"[^"]*"|\S+', command)
    result = subprocess.run([a.strip('"') for a in args] + ["--dry-run", "--ignore-installed",
                                                            "--report", str(report)],
                            cwd=ROOT, env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    [chosen] = json.loads(report.read_text())["install"]
    assert chosen["metadata"]["version"] == f"{VERSION}+cpu"
    assert chosen["download_info"]["url"] == wheel.as_uri()
