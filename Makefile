# One task runner. Every target prints the commands it runs.
# make docs   set up .venv from uv.lock, then build and serve the site with live reload
# make test   set up .venv, then run ruff, repo-review, mypy, pytest (with doctests and doc blocks)
#             and a strict build
# make test-browser   the built site in Chromium (see tests/browser/)

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
# uv keeps its cache inside .venv and never downloads a Python: nothing lands outside the repo.
export UV_CACHE_DIR := $(CURDIR)/$(VENV)/.uv-cache
export UV_PYTHON_DOWNLOADS := never
# Trust the platform's certificate store, as pip does (machines behind a TLS-inspecting proxy).
export UV_SYSTEM_CERTS := 1
export UV_PROJECT_ENVIRONMENT := $(CURDIR)/$(VENV)
export NO_MKDOCS_2_WARNING := 1
UV := $(shell command -v uv 2>/dev/null || echo $(BIN)/uv)
# Hypothesis: the deterministic profile on CI, the quicker one elsewhere (see tests/conftest.py).
HYPOTHESIS_PROFILE ?= $(if $(CI),ci,dev)
export HYPOTHESIS_PROFILE
HOST ?= 127.0.0.1:8000
# Reproducible builds: the build date is the last commit's (sitemap dates, gzip header), so two
# builds of one commit are byte-identical (checked by `make test-browser`).
ifeq ($(origin SOURCE_DATE_EPOCH),undefined)
SOURCE_DATE_EPOCH := $(shell git log -1 --format=%ct 2>/dev/null)
endif
ifneq ($(SOURCE_DATE_EPOCH),)
export SOURCE_DATE_EPOCH
endif

.PHONY: docs test lint typecheck pytest build bench test-browser clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(BIN)/uv: | $(BIN)/python
	$(BIN)/python -m pip install --quiet --disable-pip-version-check "uv==0.13.8"

# Re-synced only when the lock or the project file changes: a second run starts in seconds.
$(VENV)/.synced: uv.lock pyproject.toml | $(BIN)/python $(if $(findstring $(BIN)/uv,$(UV)),$(BIN)/uv)
	$(UV) sync --locked --all-extras --python $(BIN)/python
	@touch $@

docs: $(VENV)/.synced
	$(BIN)/mkdocs serve --strict --livereload --watch src --dev-addr $(HOST)

lint: $(VENV)/.synced
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/repo-review --show err .

typecheck: $(VENV)/.synced
	$(BIN)/mypy

pytest: $(VENV)/.synced
	$(BIN)/pytest

build: $(VENV)/.synced
	$(BIN)/mkdocs build --strict

test: lint typecheck pytest build

# The built site in Chromium (/usr/bin/chromium, or CHROMIUM=...): every page, both colour schemes,
# offline, accessible, reproducible. Screenshots and the load report go to artifacts/.
test-browser: $(VENV)/.synced
	$(BIN)/pytest -m browser tests/browser

# Single-threaded timings against SciPy, PyTorch (when installed), plain numpy and scikit-learn,
# recorded in benchmarks/results.md and benchmarks/fit-results.md. OPENBLAS_CORETYPE and
# OPENBLAS_L2_SIZE, set on some machines for old OpenBLAS builds, would slow a current numpy: they
# are unset for these commands only.
bench: $(VENV)/.synced
	env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE $(BIN)/python benchmarks/bench_softmax.py --output benchmarks/results.md
	env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE $(BIN)/python benchmarks/bench_fit.py

clean:
	rm -rf site .pytest_cache .mypy_cache .ruff_cache .hypothesis
