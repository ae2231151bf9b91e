# The two commands a new user needs: `make run` and `make test`. Everything else is a helper.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test install install-dev migrate demo history lint format migrations-check editor clean import-history screenshots bench explain backup restore soak

$(VENV)/bin/python:
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11 or newer is needed (set PYTHON=python3.x).")'
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

$(VENV)/.installed: requirements.txt $(VENV)/bin/python
	$(PY) -m pip install --quiet -r requirements.txt
	@touch $@

$(VENV)/.installed-dev: requirements.txt requirements-dev.txt $(VENV)/.installed
	$(PY) -m pip install --quiet -r requirements-dev.txt
	@touch $@

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

migrate: install
	$(PY) manage.py migrate --no-input

# Loads the demo only into an archive without meetings: running it again keeps what editors entered.
demo: migrate
	$(PY) manage.py load_demo

run: demo history
	@echo ""
	@echo "  The archive:      http://$(HOST):$(PORT)/"
	@echo "  Editors' admin:   http://$(HOST):$(PORT)/admin/"
	@echo "  Create an editor account (in another terminal): make editor"
	@echo ""
	$(PY) manage.py runserver $(HOST):$(PORT)

editor: migrate
	$(PY) manage.py createsuperuser

lint: install-dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: install-dev
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

migrations-check: install
	$(PY) manage.py makemigrations --check --dry-run

test: install-dev lint migrations-check
	$(VENV)/bin/pytest $(PYTEST_ARGS)
	@# The read replica's router, with Django's test mirror (a second connection to the test database).
	DATABASE_REPLICA_URL=mirror $(VENV)/bin/pytest -q -p no:cacheprovider tests/test_replica.py

# Pictures of the demo archive for the README (needs Chromium: /usr/bin/chromium or $CHROMIUM).
screenshots: install-dev
	$(PY) docs/make_screenshots.py

clean:
	rm -rf $(VENV) staticfiles .pytest_cache .ruff_cache

# The Office of the Historian's datasets: DATA is a folder holding visits/, travels/ and (optionally) people/.
DATA ?= ../shared/data/history-state
import-history: migrate
	$(PY) manage.py import_history_state $(DATA)

# make run imports the history when the data is there; a re-run only writes what changed (a few seconds).
history: migrate
	@if [ -d "$(DATA)/visits" ] || [ -d "$(DATA)/travels" ]; then \
		$(PY) manage.py import_history_state "$(DATA)" --no-progress; \
	else \
		echo "No history data at $(DATA): to see the real archive, clone github.com/HistoryAtState/visits, travels and people side by side into one folder and run make run DATA=that/folder."; \
	fi
	@# Other names and spellings of leaders (any script): also for the demo's leaders when there is no history.
	$(PY) manage.py load_names_in_scripts

# Pages, exports, Datasette and a load test on a synthetic archive (its own database; see bench/run.py), written to
# bench/results/. Not part of make test. On PostgreSQL too with
# BENCH_POSTGRES_URL=postgres://postgres@127.0.0.1:5432/meetings_bench; BENCH_MEETINGS=20000 for a quicker run.
bench: install-dev
	$(PY) bench/run.py

# The SQL of every benchmarked page with its query plan (bench/explain.py; BENCH_DATABASE_URL picks the database).
explain: install-dev
	$(PY) bench/explain.py

# A backup of the whole database (docs/backup.md): backups/meetings-<UTC date and time>.sqlite3 or .pgdump, or FILE=….
backup: install
	$(PY) manage.py backup $(FILE)

# Replaces the configured database with a backup: make restore FILE=backups/… (FORCE=1 over an archive with meetings).
restore: install
	@if [ -z "$(FILE)" ]; then echo "Which backup? make restore FILE=backups/meetings-….sqlite3 (or .pgdump)"; exit 2; fi
	$(PY) manage.py restore "$(FILE)" $(if $(FORCE),--force)

# PostgreSQL restarted under load (its own throwaway PostgreSQL and gunicorn; see bench/soak.py), written to
# bench/results/<date>-soak.md. Not part of make test. SOAK_MEETINGS, SOAK_SECONDS, SOAK_CLIENTS to adjust.
soak: install-dev
	$(PY) bench/soak.py
