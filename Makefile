# The two set-up commands (README): `make run` and `make test`. Both work on a fresh machine
# with only Python 3.11 installed: they create .venv and install what they need.

PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
PYTEST_ARGS ?=
# the suite's workers (pytest-xdist): on the 2-core CI machine the suite took 20 minutes in one
# process and 14 in two (2026-12-07); PYTEST_WORKERS=0 runs it in this process
PYTEST_WORKERS ?= 2
# setup.py compiles these with mypyc (src/dualuse/screening/compiled.py): an edit reinstalls
COMPILED := setup.py src/dualuse/screening/compiled.py src/dualuse/screening/base.py $(wildcard src/dualuse/screening/matchers/crossscript/*.py) \
  src/dualuse/screening/normalise/text.py src/dualuse/screening/normalise/legal.py src/dualuse/screening/normalise/readings.py src/dualuse/screening/lexicon/__init__.py

.PHONY: run test lint install install-test benchmarks regime-status clean

HOST ?= 127.0.0.1
PORT ?= 8000

run: $(VENV)/.installed
	$(BIN)/dualuse regime validate
	$(BIN)/dualuse check examples/transactions --format table
	$(BIN)/dualuse serve --host $(HOST) --port $(PORT)

test: lint
	bash scripts/ensure-system-packages.sh
	$(BIN)/python -m pytest -n $(PYTEST_WORKERS) $(PYTEST_ARGS)

# ruff (rules and exceptions in pyproject's [tool.ruff]) and mypy with the pydantic plugin
# ([tool.mypy]: the modules not clean yet are listed there); `make test` runs it first, so CI fails on it
lint: $(VENV)/.installed-test
	$(BIN)/ruff check src tests benchmarks scripts setup.py
	$(BIN)/mypy

install: $(VENV)/.installed
install-test: $(VENV)/.installed-test

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# compileall: an editable install leaves the sources without bytecode, and where PYTHONDONTWRITEBYTECODE
# is set every command would compile ~75 modules again on each start (~0.12 s); a stale .pyc is ignored
$(VENV)/.installed: pyproject.toml $(COMPILED) | $(VENV)/bin/python
	$(BIN)/python -m pip install --quiet -e '.[impact]'
	$(BIN)/python -m compileall -q src
	touch $@

$(VENV)/.installed-test: pyproject.toml $(COMPILED) | $(VENV)/bin/python
	$(BIN)/python -m pip install --quiet -e '.[test,impact,dask]'
	$(BIN)/python -m compileall -q src
	touch $(VENV)/.installed $@

benchmarks: $(VENV)/.installed
	$(BIN)/python benchmarks/decisions.py

regime-status: $(VENV)/.installed
	$(BIN)/dualuse regime status

clean:
	rm -rf $(VENV) .pytest_cache build src/*.egg-info src/dualuse/screening/compiled.json
	find src -name '*.so' -delete
