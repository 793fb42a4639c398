# portal-archive: `make demo` and `make test` set everything up on a fresh machine.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: install demo test test-network bench eval serve clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

demo: $(STAMP)
	$(BIN)/portal-archive demo

test: $(STAMP)
	$(BIN)/python -m pytest -q -m "not network"

test-network: $(STAMP)
	$(BIN)/python -m pytest -q -m network

# extraction scores (ours vs trafilatura, field by field, ms/page) and dates.tsv (parse_date vs dateparser)
CORPUS ?= ../shared/corpus
eval: $(STAMP)
	$(BIN)/python -m crawler.extract.evaluate $(CORPUS)

# benchmarks of issue 7 (crawl vs bare Scrapy, extraction, reextract, store, search, memory, scaling):
# writes bench/RESULTS.md; takes ~15 min and caches synthetic archives in bench/out/. Never part of `make test`.
bench: $(STAMP)
	$(BIN)/python bench/run.py $(BENCH_ARGS)

serve: $(STAMP)
	$(BIN)/portal-archive serve

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache
