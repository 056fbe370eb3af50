# `make run` and `make test` work on a fresh machine with only python3: they create .venv and install first.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
OUT    ?= out
PYTEST_WORKERS ?= 2

.PHONY: setup run test test-slow lint bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev,dask]'
	touch $(STAMP)

setup: $(STAMP)

## The main job: worked cases with figures and a printed explanation, written to $(OUT)/.
run: setup
	$(BIN)/alliancelab formation --case us-pakistan-1954 --explain --plot $(OUT)/us-pakistan-1954.png

lint: setup
	$(BIN)/ruff check .
	$(BIN)/mypy

## Every test but the slow scale tests (see `make test-slow`), plus ruff and mypy.
test: lint
	$(BIN)/python -m pytest -q -m "not slow" -n $(PYTEST_WORKERS) --doctest-modules src tests

test-slow: setup
	$(BIN)/python -m pytest -q -m slow -n $(PYTEST_WORKERS) tests

bench: setup
	for b in benchmarks/bench_*.py; do $(BIN)/python $$b || exit 1; done

clean:
	rm -rf $(VENV) $(OUT) .pytest_cache .mypy_cache .ruff_cache .hypothesis
