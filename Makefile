# Careplan: the two commands are `make run` and `make test`. Everything else is their parts.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
# Two stamps: what the service needs (make run), and the test tooling on top (make test).
INSTALLED := $(VENV)/.installed
TEST_INSTALLED := $(VENV)/.installed-test
BENCH_INSTALLED := $(VENV)/.installed-bench
ASSETS := static/vendor/.built
HOST ?= 127.0.0.1
PORT ?= 8000
TEST_JOBS ?= auto
PG_HINT := CAREPLAN_TEST_DATABASE_URL=postgresql://postgres@127.0.0.1:5432/careplan_test

.PHONY: run test install install-service assets lint clean bench bench-replica

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

# WeasyPrint (the PDFs: the chair's record, the letter, the agreed plan) lays pages out with
# Pango and the system's fonts: Debian's packages, installed once when one is missing.
PDF_PACKAGES := libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core fonts-liberation

$(INSTALLED): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Careplan needs Python 3.11 or newer")'
	@if command -v dpkg >/dev/null && ! dpkg -s $(PDF_PACKAGES) >/dev/null 2>&1; then \
		echo "install: the PDFs need Debian's $(PDF_PACKAGES): installing them"; \
		if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(PDF_PACKAGES); \
		else sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(PDF_PACKAGES); fi \
		|| { echo "install: could not install $(PDF_PACKAGES): run 'apt-get install -y $(PDF_PACKAGES)' as root"; exit 1; }; fi
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

# The server benchmark (bench/README.md): N families with six years of history generated into
# bench.sqlite3 (and into BENCH_DATABASE_URL, an empty PostgreSQL database, when it is set),
# then wrk against one worker, hello-world alongside. Results in bench/results/ and on stdout.
BENCH_FAMILIES ?= 10000
BENCH_SQLITE ?= bench.sqlite3
BENCH_PG_HINT := BENCH_DATABASE_URL=postgresql://postgres@127.0.0.1:5432/bench_pg
bench: $(BENCH_INSTALLED) $(ASSETS)
	@command -v taskset >/dev/null || { echo "bench: taskset is missing (apt-get install -y util-linux)"; exit 1; }
	@command -v wrk >/dev/null || { \
		echo "bench: wrk (the HTTP load generator) is missing: installing Debian's package wrk"; \
		if [ "$$(id -u)" = 0 ]; then apt-get install -y wrk; else sudo apt-get install -y wrk; fi \
		|| { echo "bench: could not install wrk: run 'apt-get install -y wrk' as root and try again"; exit 1; }; }
	@echo "== SQLite: $(BENCH_FAMILIES) families in $(BENCH_SQLITE)"
	CAREPLAN_DEMO=1 CAREPLAN_DATABASE_URL=sqlite:///$(BENCH_SQLITE) \
		$(BIN)/python bench/generate.py --families $(BENCH_FAMILIES)
	CAREPLAN_DEMO=1 CAREPLAN_DATABASE_URL=sqlite:///$(BENCH_SQLITE) $(BIN)/python bench/server.py $(BENCH_ARGS)
	@if [ -n "$$BENCH_DATABASE_URL" ]; then \
		echo "== PostgreSQL: $(BENCH_FAMILIES) families in $${BENCH_DATABASE_URL%%\?*}"; \
		CAREPLAN_DEMO=1 CAREPLAN_DATABASE_URL=$$BENCH_DATABASE_URL \
			$(BIN)/python bench/generate.py --families $(BENCH_FAMILIES) && \
		CAREPLAN_DEMO=1 CAREPLAN_DATABASE_URL=$$BENCH_DATABASE_URL $(BIN)/python bench/server.py $(BENCH_ARGS); \
	else \
		echo "PostgreSQL: not run. To run it too, create an empty database and set $(BENCH_PG_HINT)"; \
	fi

# Reads from a streaming replica (bench/README.md): a throwaway primary and replica started on
# this machine from Debian's PostgreSQL binaries, measured with and without the replica, removed.
BENCH_REPLICA_FAMILIES ?= 1000
bench-replica: $(BENCH_INSTALLED) $(ASSETS)
	$(BIN)/python bench/replica.py --families $(BENCH_REPLICA_FAMILIES) $(BENCH_ARGS)

$(BENCH_INSTALLED): $(INSTALLED)
	$(BIN)/python -m pip install --quiet -e '.[bench]'
	@touch $@

lint: $(TEST_INSTALLED)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

clean:
	rm -rf $(VENV) node_modules static/vendor
