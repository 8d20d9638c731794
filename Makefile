# integaudit — the two commands of the README's Quick start are `make demo` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: install demo test lint format bench bench-scale docs clean

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
	$(BIN)/integaudit schema --markdown > docs/json.md

# Benchmarks (not part of make test): demo data cached in benchmarks/data/ (git-ignored);
# the tables are appended to benchmarks/README.md. BENCH_ARGS, e.g. --dir DIR or --repeat 5.
bench: install
	$(BIN)/python benchmarks/bench_startup.py
	$(BIN)/python benchmarks/bench_check.py $(BENCH_ARGS)

bench-scale: install
	$(BIN)/python benchmarks/bench_scale.py $(BENCH_ARGS)

clean:
	rm -rf $(VENV) out .pytest_cache .ruff_cache .hypothesis
