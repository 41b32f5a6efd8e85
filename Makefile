# Entry points: `make serve`, `make build`, `make test` (see README).
# The interpreter of .venv: the first of PYTHONS that can make a venv. The system's Python 3.11
# comes first: Debian's is built with profile-guided and link-time optimisation and libpython
# linked in, and builds the bundle 13 % faster than a default source build such as pyenv's
# (shared libpython, no PGO; benchmarks/results.md, session 13). `make PYTHON=...` chooses another;
# an existing .venv keeps its interpreter (`make clean` first to change it).
PYTHONS ?= /usr/bin/python3.11 python3.11
PYTHON ?= $(or $(shell for p in $(PYTHONS); do $$p -c 'import ensurepip, venv' >/dev/null 2>&1 && { echo $$p; break; }; done),python3.11)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: install build serve test benchmark clean screenshots fetch validate publish update fixture-server

$(BIN)/python:
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "need $(PYTHON)"; exit 1; }
	$(PYTHON) -m venv $(VENV)

$(STAMP): $(BIN)/python pyproject.toml
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(STAMP)

install: $(STAMP)

build: $(STAMP)
	$(BIN)/jbz build --letters letters --out .

# Read-only public serving: immutable database with counts from the inspect
# file, the data package under /package/; settings mirror jbz.site.SETTINGS
# (tests/test_site.py checks).  `jbz serve` is `datasette serve` with these
# options in WORKERS processes on one port (one per core; README, "Serving").
WORKERS ?= 2
serve: build
	rm -rf dist/package && mkdir -p dist/package && cp -R datapackage.json data dist/package/
	$(BIN)/jbz serve --workers $(WORKERS) -i dist/jbz.db \
	  --inspect-file dist/inspect.json \
	  --metadata metadata.yml \
	  --plugins-dir plugins --template-dir templates --static package:dist/package \
	  --setting sql_time_limit_ms 2000 \
	  --setting max_returned_rows 2000 \
	  --setting default_page_size 50 \
	  --setting suggest_facets off \
	  --setting allow_download on \
	  --setting allow_csv_stream on \
	  --setting facet_time_limit_ms 500 \
	  --setting truncate_cells_html 400 \
	  --setting default_cache_ttl 3600 \
	  --setting num_sql_threads 3 \
	  --setting max_csv_mb 50 \
	  --host 127.0.0.1 --port 8001

test: $(STAMP)
	$(BIN)/pytest -q

# Refresh the committed screenshots in docs/screenshots/ (the browser tests take them).
screenshots: $(STAMP)
	JBZ_SCREENSHOTS=docs $(BIN)/pytest -q tests/test_browser.py

# Fetch new and changed letters from the official services (README: Fetching the whole dossier).
FETCH_ARGS ?=
fetch: $(STAMP)
	$(BIN)/jbz fetch --letters letters $(FETCH_ARGS)

validate: $(STAMP)
	$(BIN)/jbz validate .

# The README's `datasette publish cloudrun` recipe (needs gcloud, logged in), on the database
# `make build` wrote (not rebuilt here: a build that rejected some files still publishes).
SERVICE ?= jbz-brieven
publish: $(STAMP)
	@test -f dist/jbz.db || { echo "no dist/jbz.db: run make build first"; exit 1; }
	rm -rf dist/package && mkdir -p dist/package && cp -R datapackage.json data dist/package/
	$(BIN)/datasette publish cloudrun dist/jbz.db --service $(SERVICE) \
	  --metadata metadata.yml --plugins-dir plugins --template-dir templates \
	  --static package:dist/package \
	  --install datasette-atom==0.9 --install pysqlite3-binary==0.5.4.post2 \
	  --extra-options "--setting sql_time_limit_ms 2000 --setting max_returned_rows 2000 --setting suggest_facets off --setting default_page_size 50 --setting truncate_cells_html 400 --setting default_cache_ttl 3600 --setting num_sql_threads 3 --setting max_csv_mb 50"

# What the scheduled workflow does before committing and publishing (tests first: they
# pin figures of the five letters in letters/, so they check the code, not new letters).
update: test fetch build validate

# The recorded responses of tests/fixtures/sru/ on a local port, to try `make fetch` offline.
fixture-server: $(STAMP)
	$(BIN)/python tests/sru_server.py --port 8601

benchmark: build
	$(BIN)/python benchmarks/bench_build.py

clean:
	rm -rf $(VENV) dist
