# The course's two commands:  `make lab`  (open the notebooks)  and  `make test`  (run every test).
# Both create .venv when it is missing and install the pinned requirements once: a stamp named
# after the hash of requirements.txt and pyproject.toml makes later runs skip the install.

SHELL        := /bin/bash
PYTHON       ?= $(shell command -v python3.11 || command -v python3)
VENV         := .venv
PY           := $(VENV)/bin/python
REQ_HASH     := $(shell cat requirements.txt pyproject.toml | cksum | cut -d' ' -f1)
STAMP        := $(VENV)/.installed-$(REQ_HASH)
NOTEBOOKS    := $(sort $(wildcard notebooks/[0-9][0-9]_*.ipynb))
NB           ?= $(NOTEBOOKS)
LAB_PORT     ?= 8888
ROOT_FLAG    := $(if $(filter 0,$(shell id -u)),--allow-root,)

.PHONY: help setup check-tier lab test test-unit test-notebooks execute run-full colab-sync data site clean

help:
	@echo "make lab             set up (once) and open JupyterLab on notebooks/"
	@echo "make test            set up (once) and run every test, notebooks included"
	@echo "make test-unit       only the tests in tests/"
	@echo "make test-notebooks  only the notebooks (pytest --nbval-lax)"
	@echo "make execute [NB=notebooks/01_tensors.ipynb]  re-run notebooks in the small tier and save their outputs"
	@echo "make run-full [NB=...]  run notebooks in the full tier (downloads data; GPU advised) into build/full/"
	@echo "make colab-sync      rewrite every notebook's Colab badge and set-up cell from utils/colab.py"
	@echo "make data            fetch the full-tier data sets (needs the internet)"
	@echo "make site            render the course as a static website into build/site (offline; executes nothing)"

setup: $(STAMP)

$(STAMP): requirements.txt pyproject.toml
	@test -x $(PY) || { \
	  $(PYTHON) -c 'import sys; sys.exit(sys.version_info[:2] < (3, 11))' 2>/dev/null || { \
	    echo "error: the course needs Python 3.11 or newer; '$(PYTHON)' is older or missing." \
	         "Install Python 3.11 (or run: make PYTHON=/path/to/python3.11 ...)."; exit 1; }; \
	  echo "creating $(VENV) with $(PYTHON)"; $(PYTHON) -m venv $(VENV); }
	@echo "installing requirements.txt into $(VENV) (first time: a few minutes, about 8 GB)"
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	$(PY) -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	@rm -f $(VENV)/.installed-*
	@touch $@

# Fails at once, with one clear line, when DLCOURSE_SIZE names no tier.
check-tier: $(STAMP)
	@$(PY) -c "import sys, utils.config as c; sys.exit(c.main())"

lab: $(STAMP) check-tier
	$(PY) -m ipykernel install --user --name dlcourse --display-name "Python (dlcourse)" >/dev/null
	@echo "starting JupyterLab on notebooks/ (Ctrl-C to stop); open the URL printed below"
	$(VENV)/bin/jupyter lab --notebook-dir=notebooks --ip=127.0.0.1 --port=$(LAB_PORT) --no-browser $(ROOT_FLAG)

# The tests always run the small tier: the saved outputs they compare against are small-tier ones.
test: $(STAMP) check-tier
	DLCOURSE_SIZE=small $(PY) -m pytest

test-unit: $(STAMP) check-tier
	DLCOURSE_SIZE=small $(PY) -m pytest tests

test-notebooks: $(STAMP) check-tier
	DLCOURSE_SIZE=small $(PY) -m pytest notebooks

# Run NB top to bottom in tier $(1) with nbconvert options $(2); print each run time.
define run_notebooks
	@for nb in $(NB); do \
	  SECONDS=0; \
	  DLCOURSE_SIZE=$(1) $(VENV)/bin/jupyter nbconvert --to notebook --execute $(2) \
	    --ExecutePreprocessor.kernel_name=python3 --ExecutePreprocessor.record_timing=False "$$nb" 2>&1 \
	    | grep -v -e '^\[NbConvertApp\]' -e 'without encryption' ; \
	  test $${PIPESTATUS[0]} -eq 0 || exit 1; \
	  echo "$$nb ($(1) tier): $${SECONDS} s"; \
	done
endef

# Re-execute notebooks top to bottom in the small tier and save them with their outputs.
execute: $(STAMP)
	$(call run_notebooks,small,--inplace --ExecutePreprocessor.timeout=600)

# Run notebooks in the full tier (downloads the books' data sets once; a GPU helps). Every assert,
# full-tier floors included, must hold; the results go to build/full/, not notebooks/.
run-full: $(STAMP)
	@mkdir -p build/full
	$(call run_notebooks,full,--output-dir build/full --ExecutePreprocessor.timeout=-1)

colab-sync: $(STAMP)
	$(PY) -c "import sys, utils.colab as c; sys.exit(c.main())" $(NOTEBOOKS)

data: $(STAMP)
	./data_download.sh

# The course as a website (Sphinx + MyST-NB): the notebooks' saved outputs, never re-executed; offline.
site: $(STAMP)
	$(PY) website/sitebuild.py build/site

clean:
	rm -rf $(VENV) .pytest_cache build
	find . -name __pycache__ -type d -prune -exec rm -rf {} +
