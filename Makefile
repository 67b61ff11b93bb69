# Two commands for a newcomer: `make run` and `make test`. Both call `make install`.
SHELL := /bin/bash
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
export HF_HUB_OFFLINE := 1
export TRANSFORMERS_OFFLINE := 1
export ANONYMIZED_TELEMETRY := False
export TOKENIZERS_PARALLELISM := false

.PHONY: install run test index eval bench system-deps clean

$(PY):
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "Python 3.11 is required ($(PYTHON) not found)"; exit 2; }
	$(PYTHON) -m venv $(VENV)

$(STAMP): pyproject.toml | $(PY)
	$(PY) -m pip install --upgrade --quiet pip
	$(PY) -m pip install --quiet torch==2.13.0
	$(PY) -m pip install --quiet -e '.[dev]'
	$(PY) -c "from assistant.dictionary import is_french; is_french('appel')"  # French words' stems, cached once (4 s)
	touch $(STAMP)

install: $(STAMP)

index: install
	$(VENV)/bin/ami index

run: install index
	$(VENV)/bin/streamlit run app.py --server.headless true --browser.gatherUsageStats false

# System packages the tests need (Debian): Chromium, LibreOffice and poppler for the browser and deck-preview tests,
# PostgreSQL for the storage tests (the fixture runs initdb/pg_ctl from /usr/lib/postgresql/*/bin; no service is
# started), Node.js for axe-core (npm, pinned in package.json, installed into node_modules/) that the browser tests
# inject into every page.
# Only what is missing is asked of apt: a machine whose Node.js comes with its own npm (NodeSource) conflicts with
# Debian's npm package.
system-deps:
	@PKGS=""; \
	command -v chromium >/dev/null 2>&1 || PKGS="$$PKGS chromium"; \
	command -v soffice >/dev/null 2>&1 || PKGS="$$PKGS libreoffice-impress"; \
	command -v pdftoppm >/dev/null 2>&1 || PKGS="$$PKGS poppler-utils"; \
	command -v npm >/dev/null 2>&1 || PKGS="$$PKGS nodejs npm"; \
	ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || PKGS="$$PKGS postgresql"; \
	if [ -n "$$PKGS" ]; then \
		if [ "$$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi; \
		echo "installing system packages:$$PKGS"; \
		$$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $$PKGS >/dev/null; \
	fi
	@if [ ! -f node_modules/axe-core/axe.min.js ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then \
		npm ci --no-audit --no-fund --loglevel=error; \
	fi

test: install system-deps
	$(PY) -m pytest -q

eval: install
	$(VENV)/bin/ami eval --json reports/eval.json --html reports/eval.html

bench: install
	$(PY) -m evals.bench

clean:
	rm -rf .ami
