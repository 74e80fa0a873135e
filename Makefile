# Gnista: `make run` serves the app with demo data; `make test` runs the whole suite.
VENV   ?= .venv
PYTHON ?= python3
BIN    := $(VENV)/bin
FLASK  := $(BIN)/flask --app wsgi
PORT   ?= 5000

.PHONY: run test test-only install install-test chromium worker bench clean

$(BIN)/activate:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/activate
	$(BIN)/pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml $(VENV)/.installed
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@

install: $(VENV)/.installed
install-test: $(VENV)/.installed-test

# Local push endpoints are admitted in development so a local push service can stand in.
run: install
	$(FLASK) db upgrade
	$(FLASK) gnista demo --if-empty
	@echo
	@echo "Sign in as the administrator by opening this link:"
	@$(FLASK) gnista invite --role admin --name Administratör
	@echo
	@export GNISTA_ALLOW_LOCAL_PUSH=1; \
	$(FLASK) gnista worker & worker=$$!; \
	trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	echo "Serving Gnista on http://localhost:$(PORT) (push worker pid $$worker). Stop with Ctrl-C."; \
	$(BIN)/gunicorn --bind 127.0.0.1:$(PORT) --workers 2 --threads 4 --access-logfile - wsgi:app

worker: install
	GNISTA_ALLOW_LOCAL_PUSH=1 $(FLASK) gnista worker

# Browser tests drive the system's Chromium, never a downloaded one.
chromium:
	@if ! command -v chromium >/dev/null 2>&1; then \
	  if [ "$$(id -u)" = "0" ]; then \
	    apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y chromium; \
	  else \
	    echo "Chromium is missing: install the 'chromium' package (as root: apt-get install -y chromium)"; exit 1; \
	  fi; \
	fi

test: install-test chromium test-only

test-only:
	$(BIN)/pytest -q

bench: install-test
	$(BIN)/python -m benchmarks

# Run after editing pwa/: rewrites the service worker's shell list and version.
.PHONY: shell
shell: install
	$(BIN)/python tests/e2e/pwa_shell.py

clean:
	rm -rf $(VENV) instance .pytest_cache

# Benchmarks, one target each; `make bench` runs them all. Results: benchmarks/RESULTS.md.
SCALE ?= 0.1
.PHONY: bench-server bench-scale bench-web bench-photos bench-sync bench-locks

bench: chromium

bench-server: install-test
	$(BIN)/python -m benchmarks server

bench-scale: install-test
	$(BIN)/python -m benchmarks scale -- --scale $(SCALE)

bench-web: install-test chromium
	$(BIN)/python -m benchmarks web

bench-photos: install-test chromium
	$(BIN)/python -m benchmarks photos

bench-sync: install-test chromium
	$(BIN)/python -m benchmarks sync

# A vote's p95 while photos upload, the code at BEFORE beside this checkout.
BEFORE ?= /work/main
bench-locks: install-test
	$(BIN)/python -m benchmarks locks -- --before $(BEFORE)
