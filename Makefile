# integaudit — the two commands of the README's Quick start are `make demo` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

LOWEST := .venv-lowest
# The fast tests: all but the generated-contract properties, whose pandas logic the floors do
# not change and which take two minutes (LOWEST_TESTS= runs every test).
LOWEST_TESTS ?= --ignore=tests/rules/test_due_property.py \
	--ignore=tests/rules/test_differential.py --ignore=tests/test_properties.py

.PHONY: install demo test test-fast test-lowest lint format bench bench-scale docs clean

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
	$(BIN)/python -m mypy
	$(BIN)/python -m pytest

# The loop to work in (about a minute on two cores): every test but those marked slow
# (properties at full size, large generated extracts, subprocesses, the wheel) or browser
# (headless Chromium); make test runs them all. PYTEST_ARGS, e.g. tests/rules or -x.
test-fast: install
	$(BIN)/python -m pytest -q -p no:cacheprovider -m "not slow and not browser" $(PYTEST_ARGS)

# The declared floors: a fresh venv with the lowest version pyproject.toml allows of every
# direct dependency (uv's lowest-direct resolution; uv installed into that venv), and the tests.
test-lowest:
	rm -rf $(LOWEST)
	$(PYTHON) -m venv $(LOWEST)
	$(LOWEST)/bin/python -m pip install --quiet --upgrade pip uv
	$(LOWEST)/bin/python -m uv pip install --quiet --python $(LOWEST)/bin/python \
		--resolution lowest-direct -e '.[test]'
	$(LOWEST)/bin/python -m uv pip list --python $(LOWEST)/bin/python
	$(LOWEST)/bin/python -m pytest -q -p no:cacheprovider $(LOWEST_TESTS)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/python -m mypy

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
	rm -rf $(VENV) $(LOWEST) out .pytest_cache .ruff_cache .hypothesis
