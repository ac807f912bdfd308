# Two commands do all the set-up: `make run` and `make test` (see README.md).
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-$(shell cat requirements.txt requirements-dev.txt | sha1sum | cut -c1-12)
SCALE ?= small
# The browser tests (tests/test_browser*.py) drive this Chromium; without it they are skipped.
CHROMIUM ?= /usr/bin/chromium
export CHROMIUM
# Celery worker processes started by `make run` (honcho's concurrency for the worker line).
WORKERS ?= 1
# make run / make test are development: embedded PostgreSQL and Redis, a development key.
# Production runs without make, with SECRET_KEY, DATABASE_URL and REDIS_URL (README).
PORTAL_ENV ?= development
export PORTAL_ENV

.PHONY: install services migrate run test lint stop seed-city seed-province bench vendor

$(STAMP): requirements.txt requirements-dev.txt
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	@rm -f $(VENV)/.installed-* && touch $(STAMP)

install: $(STAMP)

services: install
	$(PY) -m config.embedded start

migrate: services
	$(PY) manage.py migrate --noinput

run: migrate
	$(PY) manage.py seed_demo --scale $(SCALE) --if-empty
	$(PY) manage.py collectstatic --noinput --verbosity 0
	WORKERS=$(WORKERS) ./scripts/run.sh

test: services
	$(PY) manage.py makemigrations --check --dry-run
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports
	@test -x "$(CHROMIUM)" || echo "*** Chromium not found at $(CHROMIUM): SKIPPING the browser tests (tests/test_browser*.py). Install it with: apt-get install chromium fonts-noto-cjk ***"
	$(VENV)/bin/pytest -rfEsx

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports
	$(PY) manage.py makemigrations --check --dry-run

stop: install
	$(PY) -m config.embedded stop

seed-city: migrate
	$(PY) manage.py seed_demo --scale city --replace

seed-province: migrate
	$(PY) manage.py seed_demo --scale province --replace

# make bench QUICK=1: small scale, a few seconds per benchmark; a table and bench/results.json.
bench: migrate
	$(PY) bench/run_all.py $(if $(filter-out 0,$(QUICK)),--quick)

vendor:
	./scripts/vendor_assets.sh
