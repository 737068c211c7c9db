# Two commands (see README):  make demo   |   make test
PYTHON ?= python3
VENV := .venv
ifeq ($(OS),Windows_NT)
BIN := $(VENV)/Scripts
else
BIN := $(VENV)/bin
endif
# The latest month of the bundled sample (January 2025 to this month).
PERIODE ?= 2026-10

.PHONY: demo test quick lint format env test-env

$(BIN)/monev: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e .
	@touch $(BIN)/monev

env: $(BIN)/monev

$(VENV)/.test-deps: $(BIN)/monev pyproject.toml
	$(BIN)/python -m pip install --quiet -e '.[test]'
	@touch $@

test-env: $(VENV)/.test-deps

## make demo: build the environment, the sample workbook, and run the month's job on it
demo: env
	$(BIN)/monev sample --root .
	$(BIN)/monev run --root . --periode $(PERIODE)

## make test: install what the tests need, check lint/format/notebooks, run the whole suite
test: test-env lint
	$(BIN)/python -m pytest -n 2 -q

## make quick: the developer loop — lint and every test but the slow (notebook) and browser ones
quick: test-env lint
	$(BIN)/python -m pytest -n 2 -q -m "not slow and not browser"

lint: test-env
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(if $(wildcard notebooks/*.ipynb),$(BIN)/nbstripout --verify $(wildcard notebooks/*.ipynb))

format: test-env
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .
	$(if $(wildcard notebooks/*.ipynb),$(BIN)/nbstripout $(wildcard notebooks/*.ipynb))
