# vaktbot — `make run` starts the bot, `make test` runs every test. Both set up .venv on first use.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
CONFIG ?= $(if $(wildcard vaktbot.yml),vaktbot.yml,examples/vaktbot.yml)

.PHONY: run test bench fuzz lint demo clean

$(STAMP): pyproject.toml
	$(PYTHON) -c 'import sys; sys.exit("vaktbot needs Python 3.11 or newer") if sys.version_info < (3, 11) else None'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e ".[test]"
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/vaktbot run --config $(CONFIG)

test: $(STAMP)
	$(BIN)/ruff check bot handlers scheduler tests bench examples
	$(BIN)/ruff format --check bot handlers scheduler tests bench examples
	$(BIN)/mypy
	$(BIN)/pytest

lint: $(STAMP)
	$(BIN)/ruff check bot handlers scheduler tests bench examples
	$(BIN)/mypy

demo: $(STAMP)
	$(BIN)/vaktbot demo --days 14

fuzz: $(STAMP)
	VAKTBOT_FUZZ_EXAMPLES=$${VAKTBOT_FUZZ_EXAMPLES:-20000} VAKTBOT_FUZZ_RANDOM=1 $(BIN)/pytest -p no:cacheprovider tests/web/test_fuzz.py

bench: $(STAMP)
	@set -e; for f in bench/bench_*.py; do echo "== $$f"; $(BIN)/python $$f; done

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache .mypy_cache .hypothesis
