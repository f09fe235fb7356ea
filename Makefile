# The two commands the README opens with. Each one creates .venv from pyproject.toml when needed:
# the demo installs only the run-time dependencies (a few seconds on a fresh clone), the tests
# the whole dev toolchain (about a minute).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
RUNTIME_STAMP := $(VENV)/.installed-runtime

.PHONY: demo test lint typecheck doctypes verifytypes docs unit bench

# The venv starts without pip (ensurepip alone takes seconds): the demo's install runs the pip
# of $(PYTHON) against it, falling back to the venv's own pip where that pip is too old (< 22.3).
$(BIN)/python:
	$(PYTHON) -m venv --without-pip $(VENV)

$(RUNTIME_STAMP): pyproject.toml | $(BIN)/python
	$(PYTHON) -m pip --python $(BIN)/python install --quiet --disable-pip-version-check -e . \
		|| ($(BIN)/python -m ensurepip --default-pip && $(BIN)/python -m pip install --quiet -e .)
	touch $(RUNTIME_STAMP)

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip --version >/dev/null 2>&1 || $(BIN)/python -m ensurepip --default-pip
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

demo: $(RUNTIME_STAMP)
	$(BIN)/python -m attempts_sdk demo

lint: $(STAMP)
	$(BIN)/ruff check src tests examples benchmarks
	$(BIN)/ruff format --check src tests examples benchmarks

typecheck: $(STAMP)
	$(BIN)/mypy --strict src tests examples benchmarks

# Every python block of README.md and docs/ passes mypy --strict alone (tests/support/doc_types.py).
doctypes: $(STAMP)
	PYTHONPATH=tests $(BIN)/python -m support.doc_types

# pyright's type completeness of the public API (docs/versioning.md): fails below 100 %. Run
# from an empty directory: in the project root pyright reads src/ as loose files, not the package.
verifytypes: $(STAMP)
	cd "$$(mktemp -d)" && VIRTUAL_ENV="$(abspath $(VENV))" PATH="$(abspath $(BIN)):$$PATH" \
		pyright --verifytypes attempts_sdk --ignoreexternal

docs: $(STAMP)
	NO_MKDOCS_2_WARNING=1 $(BIN)/mkdocs build --strict --quiet --site-dir $(VENV)/site

unit: $(STAMP)
	$(BIN)/pytest

test: lint typecheck doctypes verifytypes docs unit

# The benchmarks of docs/performance.md (not part of the test command: they take minutes).
bench: $(STAMP)
	$(BIN)/python -m benchmarks
