# portal-archive: `make demo` and `make test` set everything up on a fresh machine.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: install demo test test-network bench eval serve clean

$(STAMP): pyproject.toml setup.py
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

demo: $(STAMP)
	$(BIN)/portal-archive demo

test: $(STAMP)
	$(BIN)/lint-imports
	$(BIN)/python -m pytest -q -m "not network" -n 2 --dist loadfile

test-network: $(STAMP)
	$(BIN)/python -m pytest -q -m network

# extraction scores (ours vs trafilatura, field by field, ms/page) and dates.tsv (parse_date vs dateparser)
CORPUS ?= ../shared/corpus
eval: $(STAMP)
	$(BIN)/python -m crawler.evaluate $(CORPUS)

# benchmarks (docs/performance.md): writes bench/results.json and prints a summary; long, never part of `make test`.
# The first run generates synthetic archives up to 1M articles in bench/out/ (BENCH_ARGS="--search 10000,100000"
# skips the largest; BENCH_ARGS=--quick checks the benchmark itself in a minute or two)
bench: $(STAMP)
	$(BIN)/python bench/run.py $(BENCH_ARGS)

serve: $(STAMP)
	$(BIN)/portal-archive serve

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache
