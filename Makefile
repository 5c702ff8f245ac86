# Pantau: the two commands anyone needs are `make demo` and `make test`.
# Every target creates .venv and installs on first use, so a fresh machine needs nothing else.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
export AIRFLOW_HOME ?= $(CURDIR)/var/airflow
export AIRFLOW__CORE__DAGS_FOLDER := $(CURDIR)/dags
export AIRFLOW__CORE__LOAD_EXAMPLES := False
export AIRFLOW__CORE__UNIT_TEST_MODE := False
export PANTAU_DATA_DIR ?= $(CURDIR)/var/data
export PANTAU_WAREHOUSE_URL ?= sqlite:///$(CURDIR)/var/warehouse.sqlite

.PHONY: install migrate demo test bench airflow lint clean

install: $(STAMP)

$(STAMP): requirements.lock pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check uv
	$(BIN)/uv pip install --quiet --python $(BIN)/python -r requirements.lock
	$(BIN)/uv pip install --quiet --python $(BIN)/python --no-deps -e .
	touch $(STAMP)

migrate: $(STAMP)
	mkdir -p var
	$(BIN)/pantau warehouse upgrade
	$(BIN)/airflow db migrate > var/airflow-migrate.log 2>&1 || (tail -40 var/airflow-migrate.log; exit 1)

demo: migrate
	$(BIN)/python -m pantau.demo

test: $(STAMP)
	bash scripts/ensure-chromium.sh
	$(BIN)/python -m pytest -n 2 --dist loadgroup $(PYTEST_ARGS)

bench: migrate
	$(BIN)/python -m bench.run $(BENCH_ARGS)

airflow: migrate
	PATH="$(CURDIR)/$(BIN):$$PATH" AIRFLOW__API__HOST=127.0.0.1 $(BIN)/airflow standalone

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/mypy pantau extractors transforms expectations warehouse reports dags bench

clean:
	rm -rf var
