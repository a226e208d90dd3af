# agentdesk: every target creates and uses .venv by itself.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
export QT_QPA_PLATFORM ?= offscreen

.PHONY: demo test lint bench venv clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

venv: $(STAMP)

demo: $(STAMP)
	env -u QT_QPA_PLATFORM $(BIN)/agentdesk demo

lint: $(STAMP)
	$(BIN)/ruff check agentdesk tests benchmarks
	$(BIN)/ruff format --check agentdesk tests benchmarks
	$(BIN)/mypy

# pytest exits 5 when it collected no test: that is a broken suite, never a pass.
test: lint
	$(BIN)/python -m pytest $(PYTEST_ARGS); rc=$$?; \
	if [ $$rc -eq 5 ]; then echo "make test: pytest collected no tests" >&2; exit 1; fi; \
	exit $$rc

bench: $(STAMP)
	$(BIN)/python -m benchmarks $(BENCH_ARGS)

clean:
	rm -rf $(VENV) .bench .pytest_cache .mypy_cache .ruff_cache
