# Everyday tasks. `make test` is the README's test command inside an existing venv.
PY ?= .venv/bin/python

.PHONY: install test lint bench

install:
	python3 -m venv .venv && $(PY) -m pip install -e '.[dev]'

test:
	$(PY) -m pytest -q

lint:
	$(PY) -m ruff check composer tests benchmarks
	$(PY) -m ruff format --check composer tests benchmarks
	$(PY) -m mypy
	.venv/bin/lint-imports

bench:
	@for b in benchmarks/bench_*.py; do echo "== $$b"; $(PY) $$b || exit 1; done
