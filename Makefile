# portal-archive: `make demo` and `make test` set everything up on a fresh machine.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: install demo test test-network bench bench-instructions eval serve clean

$(STAMP): pyproject.toml setup.py
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

# benchmarks of issue 7 (crawl vs bare Scrapy and Scrapy alone, extraction, reextract, store, search, memory,
# scaling): writes bench/RESULTS.md; ~16 min here once the synthetic archives exist. The first run generates them in
# bench/out/ (1M articles: ~45 min and 16 GB; BENCH_ARGS="--search 10000,100000" skips it). Never part of `make test`.
bench: $(STAMP)
	$(BIN)/python bench/run.py $(BENCH_ARGS)

# instructions per page of a whole crawl under valgrind (A/B that machine-speed drift cannot blur; ~5 min);
# compare checkouts with BENCH_ARGS="--code . --code /path/to/old-clone"
bench-instructions: $(STAMP)
	$(BIN)/python bench/instructions.py $(BENCH_ARGS)

serve: $(STAMP)
	$(BIN)/portal-archive serve

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache
