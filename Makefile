# Gnista: `make run` serves the app with demo data; `make test` runs the whole suite.
VENV   ?= .venv
PYTHON ?= python3
BIN    := $(VENV)/bin
FLASK  := $(BIN)/flask --app wsgi
PORT   ?= 5000
# Invitation links and passkeys are bound to the origin, so it follows PORT unless
# GNISTA_ORIGIN is set (in the environment or .env): the server derives it from GNISTA_PORT.
export GNISTA_PORT := $(PORT)
INSTANCE ?= $(or $(GNISTA_INSTANCE_PATH),instance)
# gunicorn >= 23 opens a control socket, by default one per user in ~/.gunicorn; a path per
# port lets two servers run side by side.
# Rate limits are counted per process with memory://, so several workers need a shared
# store (GNISTA_RATELIMIT_STORAGE=redis://...); without one, one worker with more threads.
ifneq ($(filter-out memory,$(firstword $(subst ://, ,$(GNISTA_RATELIMIT_STORAGE)))),)
SERVE_PROCESSES := --workers 2 --threads 4
else
SERVE_PROCESSES := --workers 1 --threads 8
endif
GUNICORN = $(BIN)/gunicorn --bind 127.0.0.1:$(PORT) $(SERVE_PROCESSES) \
	--control-socket $(INSTANCE)/gunicorn-$(PORT).ctl --access-logfile - wsgi:app

.PHONY: run serve invite test test-only install install-test chromium worker bench clean

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
	@$(MAKE) -s --no-print-directory invite
	@echo
	@export GNISTA_ALLOW_LOCAL_PUSH=1; \
	$(FLASK) gnista worker & worker=$$!; \
	trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	echo "Serving Gnista on http://localhost:$(PORT) (push worker pid $$worker). Stop with Ctrl-C."; \
	mkdir -p $(INSTANCE); $(GUNICORN)

# The two halves of `run` on their own, on an installed and migrated database.
invite:
	@$(FLASK) gnista invite --role admin --name Administratör

serve:
	@mkdir -p $(INSTANCE)
	$(GUNICORN)

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

# One test process per core (pytest-xdist); TEST_WORKERS=0 runs the suite in one process.
TEST_WORKERS ?= auto
test-only:
	$(BIN)/pytest -q -n $(TEST_WORKERS)

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
.PHONY: bench-server bench-scale bench-web bench-photos bench-sync bench-stats bench-shell bench-report bench-locks bench-similar

# RESULTS.md is assembled from the sections in benchmarks/results/; run after a benchmark.
bench-report:
	$(BIN)/python -m benchmarks report

bench-stats: install-test
	$(BIN)/python -m benchmarks stats

# Similar ideas: quality on the Swedish pairs of the tests, and the time of a request.
bench-similar: install-test
	$(BIN)/python -m benchmarks similar

# The app shell's gzip size, counted as its budget test counts it.
bench-shell: install-test
	$(BIN)/python -m benchmarks shell

bench: chromium

bench-server: install-test
	$(BIN)/python -m benchmarks server

bench-scale: install-test
	$(BIN)/python -m benchmarks scale -- --scale $(SCALE)

bench-web: install-test chromium
	$(BIN)/python -m benchmarks web

bench-photos: install-test chromium
	$(BIN)/python -m benchmarks photos

# 100 queued ideas with photos until confirmed: the code at SYNC_BEFORE beside this checkout.
SYNC_BEFORE ?= 2e3cc73
bench-sync: install-test chromium
	$(BIN)/python -m benchmarks sync -- --before $(SYNC_BEFORE)

# A vote's p95 while photos upload, the code at BEFORE beside this checkout.
BEFORE ?= /work/main
bench-locks: install-test
	$(BIN)/python -m benchmarks locks -- --before $(BEFORE)
