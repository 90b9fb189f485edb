# `make demo` runs the main job, `make test` the tests; both install what they need: the Debian packages
# (`system-deps`, as root or through passwordless sudo) and .venv. `make help` lists the targets.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
# Pinned so that the CPU build is taken: an unpinned torch pulls gigabytes of CUDA packages.
TORCH ?= torch==2.13.0
STAMP := $(VENV)/.installed-stamp
WORKERS ?= 2
# What `system-deps` looks for: the browser tests launch $(CHROMIUM) (tests/support/lab_browser.py), the grading
# sandbox runs $(BWRAP); it installs with $(SUDO) when not root.
CHROMIUM ?= /usr/bin/chromium
BWRAP ?= bwrap
SUDO ?= sudo
# `make demo SYSTEM_DEPS=` goes on without them (the demo then grades unsandboxed, the browser tests fail).
SYSTEM_DEPS ?= system-deps

.DEFAULT_GOAL := help
.PHONY: help system-deps install demo test test-fast test-integration check build lint clean screenshots hub hub-stop

help:  ## list the targets
	@echo "make TARGET, one of:"
	@awk -F ':.*## ' '/^[a-z][a-z-]*:.*## / {printf "  %-16s %s\n", $$1, $$2}' $(MAKEFILE_LIST)

system-deps:  ## install the Debian packages (chromium, bubblewrap) if missing
	@missing=""; why=""; \
	test -x "$(CHROMIUM)" || { missing="$$missing chromium"; why="$$why, chromium (the browser tests)"; }; \
	command -v "$(BWRAP)" >/dev/null 2>&1 || { missing="$$missing bubblewrap"; why="$$why, bubblewrap (the sandbox)"; }; \
	test -x "$(BIN)/python" || "$(PYTHON)" -c "import ensurepip, venv" 2>/dev/null || \
		{ missing="$$missing python3-venv"; why="$$why, python3-venv (to make $(VENV))"; }; \
	[ -n "$$missing" ] || exit 0; \
	missing="$${missing# }"; why="$${why#, }"; \
	if ! command -v apt-get >/dev/null 2>&1; then \
		echo "Missing system packages: $$why (Debian names; no apt-get here)." >&2; \
		echo "Install them with your package manager ($(CHROMIUM), $(BWRAP) and $(PYTHON) -m venv must work), then run make again." >&2; \
		exit 1; \
	elif [ "$$(id -u)" = 0 ]; then \
		sudo=""; \
	elif command -v "$(SUDO)" >/dev/null 2>&1 && "$(SUDO)" -n true 2>/dev/null; then \
		sudo="$(SUDO) "; \
	else \
		echo "Missing Debian packages: $$why." >&2; \
		echo "Installing them needs root; run this, then make again:" >&2; \
		echo "    sudo apt-get update && sudo apt-get install -y $$missing" >&2; \
		echo "(To go on without them, unsandboxed and with failing browser tests: make ... SYSTEM_DEPS=)" >&2; \
		exit 1; \
	fi; \
	echo "Installing Debian packages: $$missing"; \
	$${sudo}env DEBIAN_FRONTEND=noninteractive apt-get update -qq && \
	$${sudo}env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet "$(TORCH)" -e ".[test]"
	touch $(STAMP)

install: $(STAMP)  ## the .venv: this package, nbgrader, PyTorch (CPU), test tools

demo: $(SYSTEM_DEPS) install  ## build the course, grade a sample class sandboxed, show scores
	$(BIN)/mlexam demo

test: $(SYSTEM_DEPS) install  ## the whole suite, real nbgrader runs and the browser included
	$(BIN)/python -m pytest -n $(WORKERS) --durations=15

test-fast: install  ## unit tier: starts no process (under a minute)
	$(BIN)/python -m pytest -m unit

test-integration: $(SYSTEM_DEPS) install  ## integration tier: real processes, each within a minute
	$(BIN)/python -m pytest -n $(WORKERS) -m integration

screenshots: $(SYSTEM_DEPS) install  ## refresh docs/learner/ from the browser tests (Chromium)
	MLEXAM_SCREENSHOTS=docs/learner $(BIN)/python -m pytest -m browser

check: install  ## the instructor's self-test of every assignment
	$(BIN)/mlexam check

build: install  ## regenerate release/ from source/
	$(BIN)/mlexam build

lint: install  ## ruff: the lint rules and the formatting (as CI runs it)
	$(BIN)/ruff check . && $(BIN)/ruff format --check .

# `make hub`: the class on this machine (docs/hub.md). Run as root: it creates the roster's unix users.
ROSTER ?= hub/roster.csv
HUB_PORT ?= 8000

hub: $(SYSTEM_DEPS) install  ## set up and start a JupyterHub for hub/roster.csv (as root)
	$(BIN)/mlexam hub setup $(ROSTER) && $(BIN)/mlexam hub start --port $(HUB_PORT)

hub-stop: install  ## stop the JupyterHub that `make hub` started
	$(BIN)/mlexam hub stop

clean:  ## remove the demo course and what grading left here
	rm -rf demo-course .pytest_cache gradebook.db submitted feedback
	find autograded -mindepth 1 ! -name .gitkeep -exec rm -rf {} +
