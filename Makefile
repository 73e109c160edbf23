# Set-up and build of the digest archive. Two commands do everything on a
# fresh machine: `make html` and `make test`. Targets follow Sphinx's names.

PYTHON      ?= python3
VENV        ?= .venv
SPHINXOPTS  ?= -j auto
SOURCEDIR    = source
BUILDDIR     = _build

BIN          = $(VENV)/bin
# -n: every cross-reference must resolve; -W: any warning fails the build.
SPHINXBUILD  = $(BIN)/sphinx-build -c . -n -W --keep-going $(SPHINXOPTS)
STAMP        = $(VENV)/.installed

.PHONY: help html latexpdf test lint clean

help:
	@echo "make html     build the HTML archive in $(BUILDDIR)/html (sets up $(VENV) first)"
	@echo "make test     run the test-suite (sets up $(VENV) first)"
	@echo "make lint     lint raw digests and the code"
	@echo "make clean    remove $(BUILDDIR) and the generated pages"

# The virtual environment is rebuilt whenever the project's metadata changes.
$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[sphinx,test]'
	touch $@

html: $(STAMP)
	$(SPHINXBUILD) -b html $(SOURCEDIR) $(BUILDDIR)/html
	@echo "The archive is in $(BUILDDIR)/html/index.html"

test: $(STAMP)
	$(BIN)/python -m pytest

lint: $(STAMP)
	$(BIN)/digest lint raw
	$(BIN)/ruff check tools tests conf.py
	$(BIN)/ruff format --check tools tests conf.py

clean:
	rm -rf $(BUILDDIR) $(SOURCEDIR)/digests
