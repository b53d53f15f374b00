# One task runner. Every target prints the commands it runs; `make help` lists the targets.
# Everything installs into .venv from uv.lock. PYTHON=python3.12 make test rebuilds .venv with that
# interpreter when .venv holds another one; VENV=.venv-3.12 keeps a second environment beside it.

PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
# uv never downloads a Python, and keeps its cache in the repository (.cache/uv, shared by every
# environment): nothing lands outside the repository, and rebuilding .venv downloads nothing.
export UV_CACHE_DIR := $(CURDIR)/.cache/uv
export UV_PYTHON_DOWNLOADS := never
# Trust the platform's certificate store, as pip does (machines behind a TLS-inspecting proxy).
export UV_SYSTEM_CERTS := 1
export UV_PROJECT_ENVIRONMENT := $(CURDIR)/$(VENV)
# Byte-compile every installed module once, at set-up: where PYTHONDONTWRITEBYTECODE is set (as on
# some CI machines) every import would otherwise compile its source again, each run (9 s of a build).
export UV_COMPILE_BYTECODE := 1
export NO_MKDOCS_2_WARNING := 1
UV := $(shell command -v uv 2>/dev/null || echo $(BIN)/uv)
# The pages train small networks, whose matrices (a few hundred rows by at most 64 columns) are
# too small for BLAS threads: the threads only wait on each other, and spin while other jobs
# share the machine. With one thread the capacity sweep of model-choice.md took 2.3 s of CPU
# instead of 5.6 s on a loaded 2-core machine. Set OPENBLAS_NUM_THREADS to choose otherwise.
export OPENBLAS_NUM_THREADS ?= 1
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

# The interpreter PYTHON names and the one the environment was made with: version and installation.
PY_ID := import sys; print(sys.version.split()[0], sys.base_prefix)
WANT := $(shell $(PYTHON) -c '$(PY_ID)' 2>/dev/null)
HAVE := $(shell test -x $(BIN)/python && $(BIN)/python -c '$(PY_ID)' 2>/dev/null)
STALE :=
ifneq ($(HAVE),)
ifneq ($(HAVE),$(WANT))
STALE := yes
endif
endif

.PHONY: help docs docs-draft test quick lint fix typecheck pytest build new-page bench \
	test-browser clean FORCE

help: ## list the targets and what they run
	@echo "make TARGET [PYTHON=python3.12] [VENV=.venv]   (the first run sets up $(VENV) from uv.lock)"
	@awk -F':.*## ' '/^[a-z-]+:.*## /{printf "  %-13s %s\n", $$1, $$2}' $(MAKEFILE_LIST)

# Made again when the lock or the project file changes, or when PYTHON is another interpreter.
$(VENV)/.synced: uv.lock pyproject.toml $(if $(STALE),FORCE)
	$(if $(WANT),,$(error PYTHON=$(PYTHON) does not run here; name an installed interpreter, e.g. PYTHON=python3.12))
	$(if $(STALE),@echo "$(VENV) holds Python $(word 1,$(HAVE)); PYTHON=$(PYTHON) is Python $(word 1,$(WANT)): rebuilding $(VENV)")
	$(if $(STALE),rm -rf $(VENV))
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(if $(findstring $(BIN)/uv,$(UV)),test -x $(BIN)/uv || $(BIN)/python -m pip install --quiet --disable-pip-version-check "uv==0.13.8")
	$(UV) sync --locked --all-extras --python $(BIN)/python
	@touch $@

docs: $(VENV)/.synced ## build and serve with live reload (watches docs/, src/, tests/)
	$(BIN)/mkdocs serve --no-strict --livereload --watch src --watch tests --dev-addr $(HOST)

docs-draft: $(VENV)/.synced ## serve without running the executed blocks (fast prose edits)
	MULTICLASS_DRAFT=1 $(BIN)/mkdocs serve --no-strict --livereload --watch src --watch tests --dev-addr $(HOST)

test: lint typecheck build pytest ## everything CI checks, short of the browser: lint typecheck build pytest (a page that does not build fails in seconds)

# PAGE=docs/softmax.md or MODULE=softmax; neither: the files changed since the last commit.
quick: $(VENV)/.synced ## the edit loop: ruff, mypy, the tests of one PAGE= or MODULE= (or of your changes)
	$(BIN)/ruff check .
	$(BIN)/mypy
	$(BIN)/python -m multiclass_site.affected --run $(PAGE) $(if $(MODULE),src/multiclass/$(MODULE).py)

lint: $(VENV)/.synced ## ruff check, ruff format --check, ruff on the pages' executed blocks, repo-review
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/python -m multiclass_site.blocklint
	$(BIN)/repo-review --show err .

fix: $(VENV)/.synced ## ruff check --fix, ruff format: fix what lint can fix
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

typecheck: $(VENV)/.synced ## mypy --strict on src/, against this interpreter's packages
	$(BIN)/mypy

pytest: $(VENV)/.synced ## pytest: properties, claims, doctests, the pages' executed blocks
	$(BIN)/pytest

build: $(VENV)/.synced ## mkdocs build --strict into site/
	$(BIN)/mkdocs build --strict

new-page: $(VENV)/.synced ## NAME=my-topic: a page with a claim, its test file and its nav entry
	$(BIN)/python -m multiclass_site.scaffold $(NAME)

# The built site in Chromium (/usr/bin/chromium, or CHROMIUM=...): every page, both colour schemes,
# offline, accessible, reproducible. Screenshots and the load report go to artifacts/.
test-browser: $(VENV)/.synced ## the built site in Chromium (pytest -m browser tests/browser)
	$(BIN)/pytest -m browser tests/browser

# Single-threaded timings against SciPy, PyTorch (when installed), plain numpy and scikit-learn,
# recorded in benchmarks/results.md and benchmarks/fit-results.md. OPENBLAS_CORETYPE and
# OPENBLAS_L2_SIZE, set on some machines for old OpenBLAS builds, would slow a current numpy: they
# are unset for these commands only.
bench: $(VENV)/.synced ## speed benchmarks, recorded in benchmarks/*.md
	env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE $(BIN)/python benchmarks/bench_softmax.py --output benchmarks/results.md
	env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE $(BIN)/python benchmarks/bench_fit.py

clean: ## remove build output and tool caches (not .venv)
	rm -rf site .pytest_cache .mypy_cache .ruff_cache .hypothesis
