# The two commands: `make run` (serve the demo) and `make test` (lint, types, the whole suite).
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000
WORKERS ?= 2
# The demo relaxes two-factor (the login page says so); set WSR_REQUIRE_2FA=1 to require it as
# production does by default.
DEMO_2FA ?= $(or $(WSR_REQUIRE_2FA),0)
# These targets serve the demo or work on a developer's machine: secrets missing from the
# environment are generated into var/secrets.json. Production sets SECRET_KEY, WSR_MASTER_KEY and
# WSR_PEPPER itself and never sets this flag (without them the settings refuse to load).
run worker bench messages typecheck test-suite: export WSR_GENERATE_SECRETS ?= 1

.PHONY: run worker test test-suite lint typecheck bench lock messages clean-db help

help:
	@echo "make run    - install, migrate, load the demo if empty, serve on http://$(HOST):$(PORT)"
	@echo "make worker - run one more background task worker (see README: running at scale)"
	@echo "make test   - install test tools, lint, type-check and run the whole suite"
	@echo "make bench  - print performance figures with same-run baselines"
	@echo "make lint   - ruff lint + format check + import contracts (lint-imports)"
	@echo "make lock   - re-pin requirements*.txt (pip-tools, with hashes)"

$(VENV)/.runtime: requirements.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet --require-hashes -r requirements.txt
	touch $@

$(VENV)/.dev: $(VENV)/.runtime requirements-dev.txt
	$(PY) -m pip install --quiet --require-hashes -r requirements.txt -r requirements-dev.txt
	touch $@

run: $(VENV)/.runtime
	$(PY) manage.py migrate --noinput
	$(PY) manage.py collectstatic --noinput -v0
	$(PY) manage.py load_demo --if-empty
	$(PY) manage.py demo_logins
	@echo "Serving on http://$(HOST):$(PORT)/ with one task worker  (Ctrl-C stops both)"
	WSR_REQUIRE_2FA=$(DEMO_2FA) $(PY) manage.py serve --bind $(HOST):$(PORT) --workers $(WORKERS)

# One more task worker (database queue by default; WSR_TASK_BACKEND=rq REDIS_URL=... for Redis).
# Start as many as you like, on any machine that reaches the database (and Redis).
worker: $(VENV)/.runtime
	$(PY) manage.py worker

lint: $(VENV)/.dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports

typecheck: $(VENV)/.dev
	$(VENV)/bin/mypy wsr config

test: lint typecheck test-suite

# The suite alone (on SQLite, or on PostgreSQL when DATABASE_URL is set).
test-suite: $(VENV)/.dev
	@if [ -x /usr/bin/chromium ]; then \
		$(VENV)/bin/pytest -n 2 --dist loadfile -p no:cacheprovider; \
	elif [ "$${CI:-}" = "true" ]; then \
		echo "!!! Chromium (/usr/bin/chromium) is missing and CI=true: browser tests cannot run. Install it: apt-get install -y chromium" >&2; exit 1; \
	else \
		echo ""; \
		echo "!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!"; \
		echo "!!! Chromium is not installed (/usr/bin/chromium): SKIPPING THE BROWSER TESTS ONLY."; \
		echo "!!! Install it with: apt-get install -y chromium   (CI=true makes this an error)"; \
		echo "!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!"; \
		echo ""; \
		$(VENV)/bin/pytest -n 2 --dist loadfile -p no:cacheprovider -m "not browser"; \
	fi

bench: $(VENV)/.dev
	$(PY) -m bench.run

lock: $(VENV)/.dev
	$(VENV)/bin/pip-compile --quiet --generate-hashes --allow-unsafe --strip-extras -o requirements.txt requirements.in
	$(VENV)/bin/pip-compile --quiet --generate-hashes --allow-unsafe --strip-extras -o requirements-dev.txt requirements-dev.in

# Refresh translation catalogues (needs GNU gettext: apt-get install gettext). Compiled .mo files
# are committed so `make run` needs no gettext tools.
messages: $(VENV)/.dev
	$(PY) manage.py makemessages -l es -l ht -l bn --no-obsolete --ignore=.venv --ignore=var --ignore=tests --ignore=bench
	$(PY) manage.py compilemessages --ignore=.venv

clean-db:
	rm -f var/wsr.sqlite3 var/wsr.sqlite3-wal var/wsr.sqlite3-shm var/demo-password.txt
