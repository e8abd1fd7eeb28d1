# newsprism — set-up, demo, tests. Everything installs into .venv; nothing outside it is needed.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DEMO_DB := demo/newsprism.db
DEMO_REPORT := demo/report.html

.PHONY: all venv demo test lint bench clean eval pg-server

all: demo

$(STAMP): pyproject.toml requirements.lock
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	# torch first, by exact version: pip takes the local CPU build, not the CUDA one from the registry
	$(BIN)/python -m pip install -q torch==2.13.0
	$(BIN)/python -m pip install -q -r requirements.lock
	$(BIN)/python -m pip install -q --no-deps -e .
	@touch $(STAMP)

venv: $(STAMP)

demo: venv
	@mkdir -p demo
	$(BIN)/newsprism analyze examples/corpus --db $(DEMO_DB)
	$(BIN)/newsprism report --db $(DEMO_DB) --out $(DEMO_REPORT)
	@echo "Explore: $(BIN)/newsprism export --db $(DEMO_DB) --format json | less"

test: venv pg-server
	$(BIN)/python -m pytest -q

# Every evaluation on the dev sets in ../shared/evaldata, each held to its floor in eval_baseline.json.
eval: venv
	@for name in quotes actors events main-event stories sentiment; do \
		$(BIN)/newsprism eval $$name --check-baseline eval_baseline.json || exit 1; done

lint: venv
	$(BIN)/ruff check src tests bench
	$(BIN)/mypy src

clean:
	rm -rf demo .pytest_cache build src/*.egg-info

# Browser tests drive Debian's chromium headless (never a downloaded browser): install it where missing.
.PHONY: chromium
test: chromium
chromium:
	@command -v chromium >/dev/null 2>&1 || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; } \
		|| echo "warning: could not install Debian's chromium; the browser tests will be skipped"

# PostgreSQL's server programs (initdb, pg_ctl) for tests/test_postgres.py, which starts its own server.
# Installed from Debian's package where missing; without root or apt the PostgreSQL tests skip and say why.
pg-server:
	@command -v initdb >/dev/null || ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || \
	  { apt-get update -qq && apt-get install -y -qq postgresql >/dev/null; } || \
	  echo "warning: could not install postgresql; the PostgreSQL tests will skip"
