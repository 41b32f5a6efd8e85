# Entry points: `make serve`, `make build`, `make test` (see README).
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: install build serve test benchmark clean

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

serve: build
	$(BIN)/datasette serve dist/jbz.db --immutable dist/jbz.db \
	  --inspect-file dist/inspect.json \
	  --metadata metadata.yml --config datasette.yaml \
	  --plugins-dir plugins --template-dir templates --static static:static \
	  --host 127.0.0.1 --port 8001

test: $(STAMP)
	$(BIN)/pytest -q

benchmark: build
	$(BIN)/python benchmarks/bench_build.py

clean:
	rm -rf $(VENV) dist
