# Indgang: the two commands a newcomer needs are `make run` and `make test` (see README.md).
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test setup setup-test assets messages lint demo clean

## run: set everything up, migrate a SQLite database, load demo data if missing, serve on :8000
run: setup
	$(BIN)/indgang migrate --noinput
	$(BIN)/indgang demo
	@echo
	@echo "Indgang runs on http://$(HOST):$(PORT)/ — log in with a demo login printed above"
	@echo "(forgotten them? run: $(BIN)/indgang demo --new-passwords)"
	DEBUG=1 $(BIN)/indgang runserver $(HOST):$(PORT)

## test: set everything up and run lint, the import contracts + the whole test suite (SQLite, then PostgreSQL)
test: setup-test
	$(BIN)/ruff check .
	$(BIN)/lint-imports
	scripts/run-tests

setup: $(VENV)/.installed assets messages

setup-test: $(VENV)/.installed-test assets messages browser

$(VENV)/.installed: pyproject.toml
	@$(PYTHON) -c 'import sys; assert sys.version_info >= (3, 11), "Python 3.11 or newer is needed"'
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: $(VENV)/.installed
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@

## assets: the front-end packages (Det Fælles Designsystem, htmx, Chart.js) from the npm registry
assets: node_modules/.installed
node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund
	touch $@

## messages: compile the gettext catalogues (Danish, English)
messages: $(VENV)/.installed
	@command -v msgfmt >/dev/null || scripts/apt-install gettext
	$(BIN)/indgang compilemessages --ignore=.venv --ignore=node_modules -v0

## browser: Debian's chromium for the browser tests (Playwright drives it; no browser download)
browser:
	@command -v chromium >/dev/null || scripts/apt-install chromium

lint:
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

demo: setup
	$(BIN)/indgang migrate --noinput
	$(BIN)/indgang demo

clean:
	rm -rf $(VENV) node_modules var
