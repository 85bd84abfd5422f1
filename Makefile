# The course's commands.  `make lab` and `make test` each set up .venv first if needed.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: setup lab test lint exercises execute site bench clean

setup: $(STAMP)

$(STAMP): requirements.txt pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --upgrade pip
	$(BIN)/python -m pip install -r requirements.txt
	touch $(STAMP)

lab: $(STAMP)  ## set up, then open the course in JupyterLab
	$(BIN)/jupyter lab lessons/00_welcome.ipynb

test: $(STAMP)  ## set up, then run every test: unit, grader self-tests, nbval on lessons and solutions
	$(BIN)/python -m pytest

lint: $(STAMP)
	$(BIN)/ruff check .

exercises: $(STAMP)  ## regenerate exercises/ from solutions/
	$(BIN)/python -m nnlib.grading build

execute: $(STAMP)  ## re-execute and store every lesson and solution
	$(BIN)/python tools/execute.py lessons/*.ipynb solutions/*.ipynb

bench: $(STAMP)  ## the training benchmark (issue: performance)
	OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 $(BIN)/python benchmarks/bench_training.py

clean:
	rm -rf $(VENV) site
