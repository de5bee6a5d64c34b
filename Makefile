# The README's two promises: `make run` and `make test`. Everything else supports them.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000
# The development server listens on this address only; HOST=0.0.0.0 to reach it from other machines.
export HOST ?= 127.0.0.1
SCALE ?= small
export DJANGO_SETTINGS_MODULE ?= navinclusion.settings.local

.PHONY: run test setup venv db messages seed lint format vendor bench bench-deps clean browser-deps oidc-deps

run: setup seed ## Bring up web, Celery worker and Celery beat with demo data, in the foreground
	@echo "NAV Inkludering on http://$(HOST):$(PORT)/ (Ctrl-C stops web, worker and beat)"
	@mkdir -p var
	@# honcho stamps lines in the process time zone, Django in TIME_ZONE: make them one (Oslo).
	TZ=Europe/Oslo exec $(VENV)/bin/honcho start -f Procfile -p $(PORT)

test: setup browser-deps oidc-deps ## Lint and run the whole test suite
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports
	DJANGO_SETTINGS_MODULE=navinclusion.settings.test $(VENV)/bin/pytest -n 2

setup: venv db messages

venv: $(VENV)/.installed

$(VENV)/.installed: requirements.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	touch $@

db: venv ## Create the database if missing, then migrate
	$(PY) manage.py ensure_database
	$(PY) manage.py migrate --noinput

messages: venv ## Compile the gettext catalogues (msgids are bokmål; en is a translation)
	@command -v msgfmt >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq gettext; }
	$(PY) manage.py compilemessages --ignore=.venv --verbosity 0

seed: db ## Demo data (idempotent); SCALE=large for the big data set
	$(PY) manage.py seed_demo --scale $(SCALE)

browser-deps: ## Debian's Chromium for the browser tests
	@test -x /usr/bin/chromium || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver; }

oidc-deps: tests/oidc/node_modules/.package-lock.json ## The real OIDC provider the tests start (npm, pinned by package-lock.json)

tests/oidc/node_modules/.package-lock.json: tests/oidc/package-lock.json
	@command -v npm >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nodejs npm; }
	npm ci --prefix tests/oidc --prefer-offline --no-audit --no-fund --loglevel=error

lint: venv
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports

format: venv
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

vendor: venv ## Refresh static/vendor from the versions pinned in package.json
	$(PY) tools/vendor_frontend.py

bench-deps: ## wrk, the load generator of bench/load.py
	@command -v wrk >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk; }

bench: venv bench-deps ## Benchmarks against the large demo data set (run `make seed SCALE=large` first)
	@for b in bench/bench_*.py; do echo "== $$b"; $(PY) $$b || exit 1; done
	@echo "== bench/load.py"; $(PY) bench/load.py

clean:
	rm -rf var staticfiles .pytest_cache .ruff_cache
