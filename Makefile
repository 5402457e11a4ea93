# Two commands for a newcomer: `make demo` and `make test`.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin

.PHONY: demo test install lint format bench

$(BIN)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $@

install: $(BIN)/.installed

## Build the demo committee on SQLite and serve it at http://127.0.0.1:8000
demo: install
	$(BIN)/tongxin demo

## Run the whole test suite (SQLite; set DATABASE_URL for PostgreSQL), one worker per core
PYTEST_ARGS ?= -n auto
test: install
	$(BIN)/pytest $(PYTEST_ARGS)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

format: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

## The benchmark suite on SQLite and, if it answers, PostgreSQL, side by side
## (BENCH_ARGS=--quick for a smoke run; see bench/README.md)
BENCH_ARGS ?=
bench: install
	$(BIN)/python bench/run_all.py $(BENCH_ARGS)
