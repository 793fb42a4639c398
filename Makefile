# portal-archive: `make demo` and `make test` set everything up on a fresh machine.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: install demo test test-network bench serve clean

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

serve: $(STAMP)
	$(BIN)/portal-archive serve

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache
