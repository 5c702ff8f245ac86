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

.PHONY: install migrate demo test test-unit bench airflow airflow-celery lint clean

install: $(STAMP)

$(STAMP): requirements.lock pyproject.toml samples/pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check uv
	$(BIN)/uv pip install --quiet --python $(BIN)/python -r requirements.lock
	$(BIN)/uv pip install --quiet --python $(BIN)/python --no-deps -e . -e ./samples
	touch $(STAMP)

migrate: $(STAMP)
	mkdir -p var
	$(BIN)/pantau warehouse upgrade
	$(BIN)/airflow db migrate > var/airflow-migrate.log 2>&1 || (tail -40 var/airflow-migrate.log; exit 1)

# `make demo GOVERNMENT=ppu`: the demo of another bundled government (reference/governments/ppu.yaml),
# under var/ppu/ with its own warehouse, data folder and Airflow database.
GOVERNMENT_VAR = $(CURDIR)/var/$(GOVERNMENT)
demo: $(STAMP)
	mkdir -p var $(if $(GOVERNMENT),$(GOVERNMENT_VAR))
	$(if $(GOVERNMENT),PANTAU_GOVERNMENT_FILE=$(GOVERNMENT) AIRFLOW_HOME=$(GOVERNMENT_VAR)/airflow \
		PANTAU_DATA_DIR=$(GOVERNMENT_VAR)/data PANTAU_WAREHOUSE_URL=sqlite:///$(GOVERNMENT_VAR)/warehouse.sqlite) \
		$(BIN)/python -m samples.demo

test: $(STAMP)
	bash scripts/ensure-chromium.sh
	$(BIN)/python -m pytest -n 2 --dist loadgroup $(PYTEST_ARGS)

# The tests that need no running service (no PostgreSQL, Airflow or Celery stack): seconds, not minutes.
test-unit: $(STAMP)
	$(BIN)/python -m pytest -n 2 -m "not services" $(PYTEST_ARGS)

bench: migrate
	$(BIN)/python -m bench.run $(BENCH_ARGS)

# Airflow's UI and execution API on 127.0.0.1 only, on PANTAU_AIRFLOW_PORT (8080 unless set), so two
# checkouts on one machine can each run their own; no process serves task logs on another port
# (deploy/airflow-local.env, deploy/Procfile.local). Ctrl-C stops every process.
PANTAU_AIRFLOW_PORT ?= 8080
airflow: migrate
	PATH="$(CURDIR)/$(BIN):$$PATH" PANTAU_AIRFLOW_PORT=$(PANTAU_AIRFLOW_PORT) \
		$(BIN)/python deploy/celery_stack.py --no-migrate --env-file deploy/airflow-local.env \
		--procfile deploy/Procfile.local

# The distributed deployment on this machine: CeleryExecutor, Redis broker, PostgreSQL metadata
# (deploy/airflow-celery.env, deploy/Procfile). Needs the PANTAU_* settings of docs/operations.md,
# "Running in production"; Ctrl-C stops every process.
airflow-celery: $(STAMP)
	PATH="$(CURDIR)/$(BIN):$$PATH" \
		AIRFLOW_HOME="$(if $(filter environment,$(origin AIRFLOW_HOME)),$(AIRFLOW_HOME),$(CURDIR)/var/airflow-celery)" \
		$(BIN)/python deploy/celery_stack.py

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/mypy core samples pantau extractors transforms expectations warehouse reports dags bench deploy
	$(BIN)/lint-imports --no-logo

clean:
	rm -rf var
