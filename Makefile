# Every command a learner, an author or CI runs. Each target that needs Python
# first makes (or reuses) .venv from requirements.txt; the stamp file makes a
# second run install nothing until requirements.txt or pyproject.toml change.

PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed

NBVAL  := --nbval --nbval-current-env --nbval-sanitize-with tests/nbval_sanitize.cfg
XDIST  := -n 2 --dist loadfile  # loadfile: a notebook's cells must share one worker

.PHONY: lab site test tangle execute bench clean

# --allow-root only where it is needed: JupyterLab refuses to start as root otherwise
# (containers, CI machines).
lab: $(STAMP)
	$(VENV)/bin/jupyter lab --ServerApp.root_dir=notebooks $(if $(filter 0,$(shell id -u)),--allow-root)

site: $(STAMP)
	$(PY) build/site.py

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

# Figures, not a test: the exported engine against the textbook one (lesson 10).
bench: $(STAMP)
	$(PY) benchmarks/bench_engine.py

clean:
	rm -rf build/site .pytest_cache .hypothesis
	find . -name __pycache__ -not -path './$(VENV)/*' -prune -exec rm -rf {} +

$(STAMP): requirements.txt pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else \
		"Python 3.11 or newer is needed: run make with PYTHON=python3.11")'
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install --quiet -r requirements.txt
	$(VENV)/bin/pip install --quiet --no-deps --no-build-isolation -e .
	touch $@
