# `make run` and `make test` work on a fresh machine with only python3: they create .venv and install first.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
OUT    ?= out
PYTEST_WORKERS ?= 2
# The development layout: the shared data beside the checkout (as CI clones it) is the data folder, unless
# ALLIANCELAB_DATA is set already. The package itself never looks there (only the variable, then the cache).
ifneq ($(wildcard ../shared/data),)
export ALLIANCELAB_DATA ?= $(abspath ../shared/data)
endif

.PHONY: setup run test test-slow lint bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev,dask]'
	touch $(STAMP)

setup: $(STAMP)

## The main job: the worked cases of every model, with figures, tables and data, written to $(OUT)/.
CASE := us-pakistan-1954
run: setup
	@echo "== (a)-(b) Formation: the US-Pakistan alliance of 1954 (Kabir 2019)"
	$(BIN)/alliancelab formation --case $(CASE) --explain --plot $(OUT)/$(CASE).png
	@echo "== (c) A rival patron bids for Pakistan"
	$(BIN)/alliancelab realign --case $(CASE) --rival v=1000
	$(BIN)/alliancelab realign --case $(CASE) --sweep rival_v=0:1400:141 --plot $(OUT)/$(CASE)-rival.png > /dev/null
	@echo "== (d) Forty years of maintenance: reviews, leader and regime changes"
	$(BIN)/alliancelab maintain --case $(CASE) --years 40 --rng 4 --rival v=150 --rival d=0.3 --set theta_sd=0.03 \
	  --plot $(OUT)/$(CASE)-path.png --out $(OUT)/$(CASE)-path.csv
	@echo "== (e) Burden-sharing: Blankenship's Goldilocks pressure, Olson-Zeckhauser free-riding"
	$(BIN)/alliancelab burden --plot $(OUT)/burden-goldilocks.png
	$(BIN)/alliancelab burden free-riding --sizes 16000,3500,2800,1200,600,150,30 --joint-product 0.04
	@echo "== (f) Legitimacy: what eight states' support is worth to the hegemon (illustrative table)"
	$(BIN)/alliancelab legitimacy src/alliancelab/cases/examples/states.csv --plot $(OUT)/legitimacy-scores.png
	@echo "== (g) Buying allies: the Korean War coalition, and planning a mission of your own"
	$(BIN)/alliancelab coalition --case korea-1950
	$(BIN)/alliancelab coalition plan src/alliancelab/cases/missions/example-mission.toml --draws 500 --rng 20261121 \
	  --plot $(OUT)/coalition-cost.png
	@echo "== Historical episodes: US-Pakistan 1954-2012 phase by phase, and the score of the episode library"
	$(BIN)/alliancelab episode us-pakistan-1954-2012 --plot $(OUT)/us-pakistan-1954-2012-timeline.png
	$(BIN)/alliancelab episodes score
	@echo "== Evidence: directed dyad-years 1946-2014 from the real data"
	@if $(BIN)/python -c "import sys; from alliancelab.data import data_root; sys.exit(data_root() is None)"; then \
	  $(BIN)/alliancelab data build --years 1946-2014 --add atop,nmc,majors,democracy,un --out $(OUT)/dyads.parquet; \
	else echo "no data found: run '$(BIN)/alliancelab data fetch' first (skipped the dyad-year build)"; fi
	@echo "== Done: figures and tables are in $(OUT)/"

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
