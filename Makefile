# heartline — the two commands every newcomer runs: `make demo` and `make test`.
SHELL := /bin/bash
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
# The demo keeps its data next to the checkout, not in ~/.local/share.
DEMO_ENV := HEARTLINE_DATA_DIR=$(CURDIR)/.heartline

.PHONY: demo test setup system-deps lint typecheck bench clean

# Everything pinned in requirements.lock (torch==2.13.0: a CPU build; nothing pulls CUDA).
$(STAMP): requirements.lock pyproject.toml
	@command -v $(PYTHON) >/dev/null || { echo "need $(PYTHON) (Python 3.11)"; exit 1; }
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.lock
	$(PY) -m pip install --quiet --disable-pip-version-check --no-deps -e .
	touch $(STAMP)

setup: $(STAMP)

# System packages the test suite needs (root only; a no-op when present).
system-deps:
	@./scripts/system-deps.sh

# Import the demo corpus (redacted on the way in), analyse it, then serve the web app.
demo: setup
	$(DEMO_ENV) $(VENV)/bin/heartline import examples/demo/conversations.jsonl --redact-pattern "ORDER=HZ-\d{7}"
	$(DEMO_ENV) $(VENV)/bin/heartline import examples/demo/surveys.csv --format surveys --source demo
	$(DEMO_ENV) $(VENV)/bin/heartline analyze db -o .heartline/analysis.jsonl
	@echo "Real-time assist demo (signed link, valid 8 hours):"
	@$(DEMO_ENV) $(VENV)/bin/heartline tokens link --user demo --minutes 480
	$(DEMO_ENV) $(VENV)/bin/heartline serve

test: setup system-deps
	$(PY) -m pytest -q

lint: setup
	$(VENV)/bin/ruff check src tests benchmarks scripts
	$(VENV)/bin/mypy

bench: setup
	$(PY) benchmarks/bench_import.py

clean:
	rm -rf $(VENV) .heartline .pytest_cache
