# `make demo` runs the main job, `make test` the tests; both create .venv and install what they need.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
# Pinned so that the CPU build is taken: an unpinned torch pulls gigabytes of CUDA packages.
TORCH ?= torch==2.13.0
STAMP := $(VENV)/.installed-stamp
WORKERS ?= 2

.PHONY: install demo test test-fast check build lint clean screenshots

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet "$(TORCH)" -e ".[test]"
	touch $(STAMP)

install: $(STAMP)

demo: install  ## build the course, grade a sample class, show the results
	$(BIN)/mlexam demo

test: install  ## the whole suite, real nbgrader runs included
	$(BIN)/python -m pytest -n $(WORKERS) --durations=15

test-fast: install  ## unit tests only (seconds)
	$(BIN)/python -m pytest -m "not slow and not browser"

screenshots: install  ## refresh docs/learner/ from the browser tests (needs /usr/bin/chromium)
	MLEXAM_SCREENSHOTS=docs/learner $(BIN)/python -m pytest -m browser

check: install  ## the instructor's self-test of every assignment
	$(BIN)/mlexam check

build: install  ## regenerate release/ from source/
	$(BIN)/mlexam build

lint: install
	$(BIN)/ruff check . && $(BIN)/ruff format --check mlexam tests/*.py

clean:
	rm -rf demo-course .pytest_cache gradebook.db submitted feedback
	find autograded -mindepth 1 ! -name .gitkeep -exec rm -rf {} +
