"""Sphinx configuration of the digest archive.

Build with ``make html`` (or ``sphinx-build -c . source _build/html``): the
``digest_archive.sphinxext`` extension converts ``raw/`` into MyST pages under
``source/digests/`` before Sphinx reads the sources.
"""

import os

project = "Digest archive"
author = "digest-archive contributors"
copyright = "2020–2026, digest-archive contributors"

extensions = [
    "myst_parser",
    "digest_archive.sphinxext",
]

# Raw digests, relative to this file; their pages go to source/<digest_pages_dir>.
digest_raw_dir = "raw"
digest_pages_dir = "digests"

root_doc = "index"
source_suffix = {".md": "markdown"}
exclude_patterns: list[str] = []
# The interface speaks the readers' language: Chinese (Sphinx's, furo's and the archive's
# words, dates as 2023年3月9日); `-D language=en` builds it in English.
language = "zh_CN"

# Digest text is data: quotes, dashes and ellipses must stay exactly as written.
smartquotes = False
nitpicky = True

# Plain CommonMark plus MyST's targets, roles and directives is all the pages use.
myst_enable_extensions: list[str] = []
myst_heading_anchors = 0

html_theme = "furo"
# Furo's sidebar in two parts: the reader's (the archive by year and month, the
# statistics, then the archive's indices: authors, affiliations, categories,
# search), and the project's pages apart, last (the extension splits the
# toctree: digest_archive.sphinxext.pages.navigation).
html_sidebars = {
    "**": [
        "sidebar/brand.html",
        "sidebar/search.html",
        "sidebar/scroll-start.html",
        "sidebar/navigation.html",
        "digest-indices.html",
        "digest-project.html",
        "sidebar/scroll-end.html",
    ]
}
html_title = "Digest archive"
# Authors and affiliations have their own index pages (the digest domain's);
# the general index only serves the PDF.
html_use_index = False
html_show_sourcelink = False
html_copy_source = False
# The canonical URL of each page (<link rel="canonical">, sitemaps): Read the
# Docs says where the archive is served; elsewhere DIGEST_ARCHIVE_URL may (a
# CI variable for GitHub Pages), or there is none.
html_baseurl = os.environ.get("READTHEDOCS_CANONICAL_URL") or os.environ.get("DIGEST_ARCHIVE_URL", "")
# The site's address also makes its Atom feeds (feeds/), sitemap.xml,
# robots.txt and Open Graph tags, which need absolute URLs: without it (a
# fresh clone's make html) none of them is written, and the build says so in
# an info message; `-D html_baseurl=https://…/` or Read the Docs gives it.

# sphinx-sitemap: a page's URL is the base and its file (no language or
# version folder: the archive has one of each).
sitemap_url_scheme = "{link}"
# The search page has no content of its own to index. The permanent pages of
# names are not Sphinx's pages and stay out too: they only forward.
sitemap_excludes = ["search.html"]
# sphinxext-opengraph: no generated preview images (they would be drawn for
# every page, at every build); the description is each page's meta
# description (the extension sets it), and a small card on Twitter/X.
ogp_social_cards = {"enable": False}
ogp_enable_meta_description = True
ogp_custom_meta_tags = ['<meta name="twitter:card" content="summary" />']

# --- PDF (make latexpdf) ---------------------------------------------------------
# A volume a year, digest-archive-YYYY.pdf: its digests are chapters and their
# entries sections. The extension lists the volumes in latex_documents from
# the years in raw/ (digest_pdf_volumes). With DIGEST_PDF_VOLUMES=newest (Read
# the Docs: a build from nothing within its time limit) the newest year's
# alone; the pages then link the others where DIGEST_ARCHIVE_PDF_URL says the
# main workflow publishes them (https://…/pdf/), or not at all.
digest_pdf_newest_only = os.environ.get("DIGEST_PDF_VOLUMES", "all") == "newest"
digest_pdf_url = os.environ.get("DIGEST_ARCHIVE_PDF_URL", "")
latex_engine = "xelatex"
latex_toplevel_sectioning = "chapter"
# The back-matter index lists authors and affiliations with page numbers; the
# domain's index pages are the HTML form of the same lists.
latex_domain_indices = False
latex_elements = {
    "papersize": "a4paper",
    # The same TeX set-up in every interface language. For Chinese, Sphinx
    # would load xeCJK without fontspec's plain features (so TeX ligatures
    # turned a digest's ` into ‘ and -- into –), babel instead of polyglossia,
    # and another chapter style; the text is the digests' whatever the
    # interface's words, and is printed as written.
    "fontenc": r"\usepackage{fontspec}\defaultfontfeatures[\rmfamily,\sffamily,\ttfamily]{}",
    "babel": r"\usepackage{polyglossia}\setmainlanguage{english}",
    "fncychap": r"\usepackage[Bjarne]{fncychap}",
    "fvset": r"\fvset{fontsize=auto}",
    # Chapters (digests) only: every entry would make the contents of a
    # volume a hundred pages long.
    "tocdepth": r"\setcounter{tocdepth}{0}",
    # xeCJK sets the Chinese text in Noto CJK (Debian's fonts-noto-cjk); the
    # Latin text keeps Sphinx's FreeFont (fonts-freefont-otf), and what
    # neither has is drawn in Symbola (fonts-symbola) or marked [U+XXXX] by
    # the extension (digest_archive.sphinxext.pdf.pdftext). xeCJK takes
    # the single curly quotes for full-width punctuation, so "Xi’an" printed
    # as "Xi’ an": they are Latin here (Chinese quotes with “ ”, which stay
    # full-width). So is the en dash, which ate the space after it in a
    # title page's "1 November – 16 December 2020" (Chinese dashes are em dashes).
    "preamble": r"""
\usepackage{xeCJK}
\xeCJKDeclareCharClass{Default}{"2013, "2018, "2019}
% The running heads, a date and a chapter's title, stand 12.2pt tall: with
% fancyhdr's 12pt it warned on every page and lowered the text. Room for
% them, and the text where it was.
\setlength{\headheight}{13pt}
\addtolength{\topmargin}{-1pt}
% A chapter is a day and an entry carries its own number: LaTeX's numbers
% ("CHAPTER ONE" above a date, "2.1 1. Neural Mechanics") said it twice.
\setcounter{secnumdepth}{-1}
% The index of authors and affiliations: names in the text face (not
% Sphinx's typewriter), ragged right and never hyphenated.
\usepackage{etoolbox}
\renewcommand{\sphinxstyleindexentry}[1]{#1}
\AtBeginEnvironment{sphinxtheindex}{\raggedright\hyphenpenalty=10000\exhyphenpenalty=10000}
\setCJKmainfont{Noto Serif CJK SC}
\setCJKsansfont{Noto Sans CJK SC}
\setCJKmonofont{Noto Sans Mono CJK SC}
""",
}
