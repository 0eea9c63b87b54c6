# Careplan: the two commands are `make run` and `make test`. Everything else is their parts.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
# Two stamps: what the service needs (make run), and the test tooling on top (make test).
INSTALLED := $(VENV)/.installed
TEST_INSTALLED := $(VENV)/.installed-test
ASSETS := static/vendor/.built
HOST ?= 127.0.0.1
PORT ?= 8000
TEST_JOBS ?= auto
PG_HINT := CAREPLAN_TEST_DATABASE_URL=postgresql://postgres@127.0.0.1:5432/careplan_test

.PHONY: run test install install-service assets lint clean

# The server replaces the shell (exec), so Ctrl-C reaches it alone: it stops cleanly and
# exits 0, and make has no error to report.
run: $(INSTALLED) $(ASSETS)
	@export CAREPLAN_DEMO=1; \
	$(BIN)/careplan migrate && \
	$(BIN)/careplan demo && \
	exec $(BIN)/careplan serve --host $(HOST) --port $(PORT)

# The suite runs in parallel (pytest-xdist, one process per core) except the browser tests,
# which measure what a person sees within a second and run alone, one at a time.
test: $(TEST_INSTALLED) $(ASSETS)
	$(BIN)/ruff check .
	@echo "== The suite on SQLite"
	CAREPLAN_TEST_ENGINE=sqlite $(BIN)/python -m pytest -n $(TEST_JOBS) -m "not browser" $(PYTEST_ARGS)
	@echo "== The browser tests (Debian's Chromium) on SQLite"
	CAREPLAN_TEST_ENGINE=sqlite $(BIN)/python -m pytest -m browser $(PYTEST_ARGS)
	@if [ -n "$$CAREPLAN_TEST_DATABASE_URL" ]; then \
		echo "== The suite again on PostgreSQL ($${CAREPLAN_TEST_DATABASE_URL%%\?*})"; \
		CAREPLAN_TEST_ENGINE=postgres $(BIN)/python -m pytest -n $(TEST_JOBS) -m "not browser" $(PYTEST_ARGS); \
	else \
		echo "PostgreSQL: not run. To run the suite on PostgreSQL too, set $(PG_HINT)"; \
	fi

# install: everything a developer needs (the service and the test tooling);
# install-service: the service alone, as make run installs it.
install: $(TEST_INSTALLED)
install-service: $(INSTALLED)
assets: $(ASSETS)

$(INSTALLED): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Careplan needs Python 3.11 or newer")'
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e .
	@touch $@

$(TEST_INSTALLED): $(INSTALLED)
	$(BIN)/python -m pip install --quiet -e '.[test]'
	@touch $@

# Front-end packages come from npm through the lock file; nothing third-party is committed.
$(ASSETS): package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	rm -rf static/vendor && mkdir -p static/vendor/govuk static/vendor/htmx static/vendor/axe
	cp node_modules/govuk-frontend/dist/govuk/govuk-frontend.min.css \
	   node_modules/govuk-frontend/dist/govuk/govuk-frontend.min.js static/vendor/govuk/
	cp -r node_modules/govuk-frontend/dist/govuk/assets static/vendor/govuk/assets
	cp node_modules/htmx.org/dist/htmx.min.js static/vendor/htmx/
	cp node_modules/axe-core/axe.min.js static/vendor/axe/
	@touch $@

lint: $(TEST_INSTALLED)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

clean:
	rm -rf $(VENV) node_modules static/vendor
