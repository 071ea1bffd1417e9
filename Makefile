# Every command a learner, an author or CI runs. Each target that needs Python
# first makes (or reuses) .venv from requirements.txt; the stamp file makes a
# second run install nothing until requirements.txt or pyproject.toml change.

PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed

# PyPI's Linux wheel of torch is the CUDA build (about 5 GB of nvidia-* libraries in
# the venv). `make lab TORCH=cpu` (or site, test) installs the same version from
# PyTorch's CPU index first, then the rest from PyPI (about 1.4 GB in all).
TORCH           ?=
TORCH_CPU_INDEX ?= https://download.pytorch.org/whl/cpu
TORCH_PIN       := $(shell grep -m1 '^torch==' requirements.txt)

NBVAL  := --nbval --nbval-current-env --nbval-sanitize-with tests/nbval_sanitize.cfg
XDIST  := -n 2 --dist loadfile  # loadfile: a notebook's cells must share one worker
# `make grade`: DIR is one learner's folder or a class (a folder per learner); the limits
# (TIMEOUT= seconds per cell, MEMORY= MB per kernel, OUTPUT= KB of output kept per cell) and
# JOBS= (lessons graded at a time) default to build/grade.py's; CSV=file writes a gradebook.
DIR     ?= build/student
# what `make lab` opens (make lab NOTEBOOKS=build/student: the student edition)
NOTEBOOKS ?= notebooks
TIMEOUT ?=
MEMORY  ?=
OUTPUT  ?=
JOBS    ?=
CSV     ?=
# `make bench`: how many learners of worked solutions the grading figure is measured on
LEARNERS ?= 2

.PHONY: lab site test tangle execute student grade bench clean torch-cpu

# --allow-root only where it is needed: JupyterLab refuses to start as root otherwise
# (containers, CI machines).
lab: $(STAMP)
	$(VENV)/bin/jupyter lab --ServerApp.root_dir="$(NOTEBOOKS)" $(if $(filter 0,$(shell id -u)),--allow-root)

site: $(STAMP)
	$(PY) build/website.py

# tangle --check first: a hand-edited module fails fast, naming the notebook to edit,
# instead of surfacing as a page of nbval differences.
test: $(STAMP)
	$(PY) build/tangle.py --check
	$(PY) -m pytest tests notebooks $(NBVAL) $(XDIST)

tangle: $(STAMP)
	$(PY) build/tangle.py

# `make execute` re-runs every lesson; `make execute NB=notebooks/03_x.ipynb` one
# (after tangling its module, if it exports one), then checks the lessons' hygiene.
execute: $(STAMP)
	$(PY) build/tangle.py $(NB)
	$(PY) build/execute.py $(NB)

# The lessons without their worked solutions, for learners: build/student/ and build/student.zip.
student: $(STAMP)
	$(PY) build/student.py

# DIR is quoted, so a folder with spaces works: make grade DIR="ann smith".
grade: $(STAMP)
	$(PY) build/grade.py "$(DIR)" $(if $(TIMEOUT),--timeout "$(TIMEOUT)") $(if $(MEMORY),--memory "$(MEMORY)") \
		$(if $(OUTPUT),--output "$(OUTPUT)") $(if $(JOBS),--jobs "$(JOBS)") $(if $(CSV),--csv "$(CSV)")

# Figures, not a test: the exported engine against lesson 6's, then how fast `make grade`
# grades (learners a minute); see README.
bench: $(STAMP)
	$(PY) benchmarks/bench_engine.py
	$(PY) benchmarks/bench_grade.py $(LEARNERS)

clean:
	rm -rf build/site build/student build/student.zip build/lib build/bdist.* .pytest_cache .hypothesis
	find . -name __pycache__ -not -path './$(VENV)/*' -prune -exec rm -rf {} +

torch-cpu:
	$(VENV)/bin/pip install --quiet --no-deps --index-url $(TORCH_CPU_INDEX) "$(TORCH_PIN)"

# build/lab-overrides.json: JupyterLab settings for the course, installed as the venv's
# defaults (a learner's own settings still win): widgets' state is saved with the notebook,
# so a lesson saved after running shows its pictures when reopened, not "model not found".
$(STAMP): requirements.txt pyproject.toml build/lab-overrides.json
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else \
		"Python 3.11 or newer is needed: run make with PYTHON=python3.11")'
	$(PYTHON) -m venv $(VENV)
	$(if $(filter cpu,$(TORCH)),$(MAKE) --no-print-directory torch-cpu)
	$(VENV)/bin/pip install --quiet -r requirements.txt
	$(VENV)/bin/pip install --quiet --no-deps --no-build-isolation -e .
	install -D -m 644 build/lab-overrides.json $(VENV)/share/jupyter/lab/settings/overrides.json
	touch $@
