# Two commands on a fresh clone: `make demo` and `make test`. Both set up the environment first.
SHELL := /bin/bash
.DEFAULT_GOAL := help

UV_VERSION := 0.13.9
UV := $(shell command -v uv 2>/dev/null || echo $(CURDIR)/.tools/uv/bin/uv)
VENV := $(CURDIR)/.venv
BIN := $(VENV)/bin
export HISAAB_HOME ?= $(CURDIR)/.hisaab
export DAGSTER_HOME ?= $(HISAAB_HOME)/dagster

DEMO_USERS ?= 300
DEMO_MONTHS ?= 12
DEMO_SEED ?= 42

.PHONY: help env demo test lint format ui api dashboards bench bench-ledger bench-ml bench-api bench-dashboards clean

help:  ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-8s %s\n", $$1, $$2}'

$(CURDIR)/.tools/uv/bin/uv:
	@echo "uv not found: installing uv $(UV_VERSION) from PyPI into .tools/uv"
	python3 -m venv $(CURDIR)/.tools/uv
	$(CURDIR)/.tools/uv/bin/pip install --quiet "uv==$(UV_VERSION)"

$(VENV)/.synced: pyproject.toml uv.lock | $(UV)
	$(UV) sync --frozen
	@touch $@

env: $(VENV)/.synced  ## create or update the Python environment from uv.lock

demo: env  ## generate a synthetic population, run the pipeline and the models, print the summary
	$(BIN)/hisaab generate --users $(DEMO_USERS) --months $(DEMO_MONTHS) --seed $(DEMO_SEED) \
		--out $(HISAAB_HOME)/landing
	@# The sandbox Account Aggregator's banks hold the same people (POST /api/v1/accounts/consents).
	$(BIN)/hisaab generate --users $(DEMO_USERS) --months $(DEMO_MONTHS) --seed $(DEMO_SEED) \
		--out $(HISAAB_HOME)/sandbox/fip > /dev/null
	$(BIN)/hisaab app enrol
	$(BIN)/hisaab pipeline run
	$(BIN)/hisaab ml run
	@$(BIN)/hisaab summary
	@echo
	@echo "Next: 'make api' serves the API at http://127.0.0.1:8000 (P000001 signs in as +919000000001);"
	@echo "      'make dashboards' opens the analysts' dashboards at http://127.0.0.1:8501;"
	@echo "      'make ui' opens the Dagster UI (lineage, runs, checks) at http://127.0.0.1:3000;"
	@echo "      the ledger is marts.fct_transactions in $(HISAAB_HOME)/warehouse.duckdb;"
	@echo "      '$(BIN)/hisaab --help' lists every command."

lint: env  ## ruff, mypy and sqlfluff
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/sqlfluff lint dbt/models dbt/macros --processes 2

test: lint  ## linters, then the whole test suite (PostgreSQL tests need the local server)
	$(BIN)/pytest -n 2 --dist loadfile --durations=15

format: env  ## apply ruff's fixes and formatting
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

api: env  ## the API for apps on http://127.0.0.1:8000 (port from HISAAB_API_PORT), after make demo
	$(BIN)/hisaab serve api

dashboards: env  ## the analysts' dashboards (Streamlit) on http://127.0.0.1:8501, after make demo
	$(BIN)/hisaab serve dashboards

ui: env  ## the Dagster UI on http://127.0.0.1:3000 with the whole lineage
	PATH=$(BIN):$$PATH $(BIN)/dagster dev -m orchestration.definitions -h 127.0.0.1 -p 3000

bench: env  ## benchmarks: generator, ingestion and parser throughput (prints figures, asserts nothing)
	$(BIN)/python bench/generate.py
	$(BIN)/python bench/ingest.py
	$(BIN)/python bench/parse.py

bench-ml: env  ## forecasting cost and accuracy: pooled Prophet against one Prophet per series (after make demo)
	$(BIN)/python bench/ml.py

bench-ledger: env  ## dbt build at 10M transactions on DuckDB and 1M on PostgreSQL (long: tens of minutes)
	$(BIN)/python bench/ledger.py
	$(BIN)/python bench/ledger.py --warehouse postgres

bench-api: env  ## API throughput and latency against bare endpoints (generates its own data)
	$(BIN)/python bench/api.py

bench-dashboards: env  ## every dashboard page's query and render time on a large warehouse (long)
	$(BIN)/python bench/dashboards.py

clean:  ## remove the embedded warehouse, landing files and Dagster runs
	rm -rf $(HISAAB_HOME) dbt/target dbt/logs
