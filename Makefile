# agentdesk: every target creates and uses .venv by itself.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
export QT_QPA_PLATFORM ?= offscreen

.PHONY: demo test lint bench venv clean sysdeps testdeps screenshots translations

# Chinese text needs a CJK font; Debian-family machines get one through apt when we may
# install (root). Elsewhere this prints what to install and carries on.
sysdeps:
	@if fc-list :lang=zh 2>/dev/null | grep -q .; then :; \
	elif command -v apt-get >/dev/null 2>&1 && [ "$$(id -u)" = 0 ]; then \
	  (apt-get install -y -qq fonts-wqy-microhei >/dev/null 2>&1 || \
	   (apt-get update -qq >/dev/null 2>&1 && apt-get install -y -qq fonts-wqy-microhei >/dev/null)); \
	else echo "note: install a CJK font (e.g. fonts-wqy-microhei) to see Chinese text" >&2; fi

# The channel tests drive a real browser (Debian's chromium, never a downloaded one) and
# send mail with swaks; they come from apt when we may install (root), else a note.
testdeps:
	@missing=""; \
	command -v chromium >/dev/null 2>&1 || missing="$$missing chromium"; \
	command -v swaks >/dev/null 2>&1 || missing="$$missing swaks"; \
	if [ -z "$$missing" ]; then :; \
	elif command -v apt-get >/dev/null 2>&1 && [ "$$(id -u)" = 0 ]; then \
	  echo "installing$$missing for the channel tests" >&2; \
	  (DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null 2>&1 || \
	   (apt-get update -qq >/dev/null 2>&1 && \
	    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null)); \
	else echo "note: install$$missing for the browser and SMTP client tests" >&2; fi

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

venv: $(STAMP)

demo: $(STAMP) sysdeps
	env -u QT_QPA_PLATFORM $(BIN)/agentdesk demo

screenshots: $(STAMP) sysdeps
	$(BIN)/agentdesk screenshot docs/screenshots

# The Chinese UI: collect the strings, then compile what translators filled in.
translations: $(STAMP)
	$(BIN)/pyside6-lupdate $$(find agentdesk/ui -name '*.py' | sort) -ts resources/translations/agentdesk_zh_CN.ts
	$(BIN)/pyside6-lrelease resources/translations/agentdesk_zh_CN.ts -qm resources/translations/agentdesk_zh_CN.qm

lint: $(STAMP)
	$(BIN)/ruff check agentdesk tests benchmarks
	$(BIN)/ruff format --check agentdesk tests benchmarks
	$(BIN)/mypy

# pytest exits 5 when it collected no test: that is a broken suite, never a pass.
test: lint testdeps
	$(BIN)/python -m pytest $(PYTEST_ARGS); rc=$$?; \
	if [ $$rc -eq 5 ]; then echo "make test: pytest collected no tests" >&2; exit 1; fi; \
	exit $$rc

# Every benchmarks/bench_<name>.py (seed, fanout, inbox, search; BENCH_ARGS=search for one).
# PostgreSQL figures need AGENTDESK_BENCH_POSTGRES_URL (or AGENTDESK_TEST_POSTGRES_URL).
bench: $(STAMP)
	$(BIN)/python -m benchmarks $(BENCH_ARGS)

clean:
	rm -rf $(VENV) .bench .pytest_cache .mypy_cache .ruff_cache
