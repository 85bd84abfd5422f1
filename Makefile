# The course's commands.  `make lab` and `make test` each set up .venv first if needed.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
COURSE := $(VENV)/.installed-course
DEV := $(VENV)/.installed-dev

.PHONY: setup dev lab test lint exercises execute zh site browser sandbox bench clean

setup: $(COURSE)
dev: $(DEV)

# The learner's install: what the course needs in JupyterLab (requirements.txt).
$(COURSE): requirements.txt pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --upgrade pip
	$(BIN)/python -m pip install -r requirements.txt
	touch $(COURSE)

# The maintainer's install adds the tests, the site and the browser tools (requirements-dev.txt).
$(DEV): $(COURSE) requirements-dev.txt
	$(BIN)/python -m pip install -r requirements-dev.txt
	touch $(DEV)

# One BLAS thread, as when the stored outputs were made: a threaded matrix product adds in another
# order, and a training run would drift from the numbers the lessons show.  Jupyter refuses to run
# as root unless told (containers and CI machines are root).
lab: $(COURSE)  ## set up, then open the course in JupyterLab
	OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 $(BIN)/jupyter lab $$( [ "$$(id -u)" = 0 ] && echo --allow-root ) lessons/00_welcome.ipynb

test: $(DEV) browser sandbox  ## set up, then run every test: unit, grader self-tests, nbval on lessons and solutions
	$(BIN)/python -m pytest

lint: $(DEV)
	$(BIN)/ruff check .

exercises: $(DEV)  ## regenerate exercises/ from solutions/
	$(BIN)/python -m nnlib.grading build

execute: $(DEV)  ## re-execute and store every lesson and solution, then rebuild the Chinese edition from them
	$(BIN)/python tools/execute.py lessons/*.ipynb solutions/*.ipynb
	$(BIN)/python tools/translate.py build

# The Chinese edition: lessons/zh/ and solutions/zh/ are the English notebooks (code and stored outputs) with the
# Markdown cells from i18n/zh/; rebuild them after changing an English notebook or a translation.
zh: $(COURSE)  ## rebuild lessons/zh/, solutions/zh/ (and exercises/ from them) from the English notebooks and i18n/zh/; list what is untranslated
	$(BIN)/python tools/translate.py build
	$(BIN)/python -m nnlib.grading build
	-$(BIN)/python tools/translate.py check --summary

site: $(DEV)  ## build the static HTML site of the executed lessons into site/ (offline: MathJax is served from site/)
	$(BIN)/python tools/build_site.py --out site

# The browser tests drive Debian's Chromium (no browser download): install it when it is missing and
# we are root, as in CI; otherwise say how, and the browser tests fail with the same message.  The Chinese
# edition needs a CJK font (WenQuanYi Micro Hei, 1.6 MB: Simplified and Traditional) for the site and figures.
browser:
	@{ command -v chromium >/dev/null 2>&1 && fc-list :lang=zh | grep -q .; } || { \
	  if [ "$$(id -u)" = 0 ]; then \
	    { apt-get update -qq && \
	      DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium fonts-dejavu-core fonts-wqy-microhei; } || \
	    echo "Could not install Chromium and the CJK font with apt-get; the browser tests will fail until they are installed"; \
	  else \
	    echo "Chromium or a CJK font is missing: sudo apt-get install chromium fonts-wqy-microhei  (the browser tests fail without them)"; \
	  fi; }

# The grader runs each submission's kernel in a bubblewrap sandbox (Debian's bubblewrap): install it when it
# is missing and we are root, as in CI; otherwise say how (the grader refuses to grade without it).
sandbox:
	@command -v bwrap >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ]; then \
	    { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends bubblewrap; } || \
	    echo "Could not install bubblewrap with apt-get; the grader's tests will fail until it is installed"; \
	  else \
	    echo "bubblewrap is missing: sudo apt-get install bubblewrap  (the grader needs it)"; \
	  fi; }

# Each benchmark prints ratios measured within one run (contenders alternate): training against Nielsen's
# algorithm and the SGD floor, seed 002's XOR against nnlib's checked step, the symbolic proofs' times, and the
# grader's throughput with and without the sandbox.
bench: $(DEV)  ## the benchmarks (scripts, never timed tests)
	OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 $(BIN)/python benchmarks/bench_training.py
	OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 $(BIN)/python benchmarks/bench_tiny.py
	OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 $(BIN)/python benchmarks/bench_symbolic_proofs.py
	OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 $(BIN)/python benchmarks/bench_grading.py --n 50 --jobs 2

clean:
	rm -rf $(VENV) site
