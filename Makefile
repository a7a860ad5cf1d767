# The two commands: `make lab` (open the course) and `make test` (run the whole suite).
# Every target sets up .venv first when it is missing or older than requirements.txt / pyproject.toml
# (setuptools' "Editable installation !!" notice about `-e .` is silenced: it is not an error).

PYTHON ?= $(firstword $(wildcard /usr/bin/python3.11) $(shell command -v python3.11 2>/dev/null) python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
ASSIGNMENT ?=
PYTEST_ARGS ?=
# nbgrader runs alembic and jupyter by name: the venv's programs come first.
export PATH := $(CURDIR)/$(BIN):$(PATH)

.PHONY: help lab test lint format bench release grade demo start selfcheck progress clean venv due

help:  ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | sed 's/:.*## /\t/' | sort

$(STAMP): requirements.txt pyproject.toml
	@echo ">> setting up $(VENV) with $(PYTHON) (first time: about a minute)"
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	@$(BIN)/python -m pip install --quiet --upgrade pip
	@PYTHONWARNINGS="ignore:Editable installation" $(BIN)/python -m pip install --quiet -r requirements.txt
	@touch $(STAMP)

# JupyterLab defaults for the course: start the notebook's kernel without asking, and no news or
# update checks (the course works offline).
LAB_OVERRIDES := $(VENV)/share/jupyter/lab/settings/overrides.json
$(LAB_OVERRIDES): course/tools/lab_overrides.json $(STAMP)
	@mkdir -p $(dir $@)
	@cp $< $@

# The course has no mathematics: MathJax off, so a pair of $ in any text or widget stays money
# (escaping with \$ does not stop it in JupyterLab 4). In the venv's own (sys-prefix) config, so a
# per-launch page_config on JUPYTER_CONFIG_PATH merges with it.
LAB_PAGE_CONFIG := $(VENV)/etc/jupyter/labconfig/page_config.json
$(LAB_PAGE_CONFIG): course/tools/lab_page_config.json $(STAMP)
	@mkdir -p $(dir $@)
	@cp $< $@

venv: $(STAMP) $(LAB_OVERRIDES) $(LAB_PAGE_CONFIG)  ## set up .venv only

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund
	@touch $@

node: node_modules/.installed  ## install the Node tools the browser and Hub tests use (axe-core, configurable-http-proxy)

# `make lab` runs course/tools/lab.py: your lesson copies in assignments/lessons/ are brought up to date
# (nothing you typed is lost), then Lab opens at your lesson 00. INSTRUCTOR=1: every nbgrader tool.
# LAB_ARGS: more `jupyter lab` options (e.g. --no-browser --port=8890).
INSTRUCTOR ?=
LAB_ARGS ?=
lab: $(STAMP) $(LAB_OVERRIDES) $(LAB_PAGE_CONFIG)  ## open the course in JupyterLab, at lesson 00 (instructors: make lab INSTRUCTOR=1)
	@$(BIN)/python -m course.tools.lab $(if $(INSTRUCTOR),--instructor,) $(LAB_ARGS)

test: $(STAMP) $(LAB_OVERRIDES) $(LAB_PAGE_CONFIG)  ## run the whole test suite (what CI runs)
	$(BIN)/python -m pytest $(PYTEST_ARGS)

lint: $(STAMP)  ## ruff on code and notebooks
	$(BIN)/ruff check .

format: $(STAMP)  ## fix what ruff can fix
	$(BIN)/ruff check --fix .

bench: $(STAMP)  ## print every performance figure next to its baseline, measured in the same run
	$(BIN)/python -m bench

release: $(STAMP)  ## regenerate release/ from source/ with nbgrader (never edit release/ by hand)
	$(BIN)/python -m course.tools.release

start: $(STAMP)  ## copy an assignment into assignments/ to work on it: make start ASSIGNMENT=a01 [FRESH=1]
	@$(BIN)/python -m course.selfpaced start $(ASSIGNMENT) $(if $(FRESH),--fresh,)

selfcheck: $(STAMP)  ## grade your copy with the hidden tests: make selfcheck ASSIGNMENT=a01
	@$(BIN)/python -m course.selfpaced check $(ASSIGNMENT)

progress: $(STAMP)  ## lessons practised and best self-check scores
	@$(BIN)/python -m course.selfpaced progress

grade: $(STAMP)  ## collect, autograde (sandboxed, parallel), feed back and export one assignment: make grade ASSIGNMENT=a01
	@test -n "$(ASSIGNMENT)" || { echo "usage: make grade ASSIGNMENT=a01"; exit 2; }
	$(BIN)/python -m course.grading $(ASSIGNMENT)

DUE ?=
due: $(STAMP)  ## set (or show) a due date: make due ASSIGNMENT=a01 DUE="2026-12-05 17:00" (UTC, or add a zone)
	@test -n "$(ASSIGNMENT)" || { echo 'usage: make due ASSIGNMENT=a01 DUE="2026-12-05 17:00"'; exit 2; }
	@$(BIN)/python -m course.grading.due $(ASSIGNMENT) "$(DUE)"

demo: $(STAMP)  ## a simulated class through the whole grading workflow, in a temporary course copy
	$(BIN)/python -m course.grading.demo

.PHONY: report
report: $(STAMP)  ## what the class got wrong, and the class's progress (make grade writes it too): make report ASSIGNMENT=a01
	@test -n "$(ASSIGNMENT)" || { echo "usage: make report ASSIGNMENT=a01"; exit 2; }
	$(BIN)/python -m course.grading.class_report $(ASSIGNMENT)

clean:  ## remove .venv and caches (your assignments/ are kept)
	rm -rf $(VENV) .pytest_cache .ruff_cache
