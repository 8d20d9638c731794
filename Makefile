# integaudit — the two commands of the README's Quick start are `make demo` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: install demo test lint format bench docs clean

install: $(STAMP)

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

demo: install
	mkdir -p out
	$(BIN)/integaudit check samples/rr2014 --json out/rr2014.json

test: install
	$(BIN)/ruff check .
	$(BIN)/python -m pytest

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

docs: install
	$(BIN)/integaudit rules --markdown > docs/rules.md
	$(BIN)/integaudit columns --markdown > docs/columns.md

bench: install
	$(BIN)/python benchmarks/bench_check.py

clean:
	rm -rf $(VENV) out .pytest_cache .ruff_cache .hypothesis
