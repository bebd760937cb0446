# Edition Builder — every target creates .venv on first use.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
TEST_STAMP := $(VENV)/.installed-test
EDITION ?= editions/demo
PORT   ?= 8000

.PHONY: build test check serve bench tools lint format golden clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e .
	touch $(STAMP)

# the test tools (pytest, hypothesis, ruff, playwright) only where tests run, not for a publishing build
$(TEST_STAMP): $(STAMP)
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(TEST_STAMP)

## build: set up and build the demo edition into site/
build: $(STAMP)
	$(BIN)/edition-builder build $(EDITION)

## test: set up (Python packages, browser and validator tools) and run lint and all tests
test: $(TEST_STAMP) tools
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks
	$(BIN)/pytest -q

## tools: install what the browser and validator tests need (Chromium, Java, vnu-jar, axe-core)
tools: $(TEST_STAMP)
	bash scripts/install-test-tools.sh

## check: print every diagnostic of the demo edition
check: $(STAMP)
	$(BIN)/edition-builder check $(EDITION)

## serve: preview site/ at http://127.0.0.1:$(PORT)/
serve: $(STAMP)
	$(BIN)/edition-builder serve --port $(PORT)

## bench: parsing, linking and build speed on the corpus and a generated one
bench: $(STAMP)
	$(BIN)/python benchmarks/bench.py

lint: $(TEST_STAMP)
	$(BIN)/ruff check src tests benchmarks

format: $(TEST_STAMP)
	$(BIN)/ruff format src tests benchmarks

## golden: regenerate the golden TEI files and pages under tests/golden (review the diff!)
golden: $(TEST_STAMP)
	$(BIN)/pytest -q tests/test_tei.py tests/test_golden.py --regen-golden

clean:
	rm -rf site .site.* .cache $(VENV) node_modules tests/artifacts
