"""The archive's templates, static files and ``{arxiv}`` links, added to any project's.

Templates: the index pages' and the sidebar's; static files: the search
page's scripts and style, the archive's style (Chinese in Chinese fonts),
the cards' script (long summaries folded, BibTeX copied) and favicon on
every page, and sphinx-copybutton's (BibTeX blocks get copy buttons).
"""

from __future__ import annotations

from pathlib import Path

import sphinx_copybutton
from sphinx.application import Sphinx
from sphinx.config import Config

PACKAGE = Path(__file__).parents[2]
TEMPLATES = PACKAGE / "templates"
STATIC = PACKAGE / "static"
COPYBUTTON_STATIC = Path(sphinx_copybutton.__file__).parent / "_static"


def setup(app: Sphinx) -> None:
    # {arxiv} comes from sphinx.ext.extlinks; copy buttons from sphinx-copybutton.
    app.setup_extension("sphinx.ext.extlinks")
    app.setup_extension("sphinx_copybutton")
    app.connect("config-inited", _configure)
    app.add_css_file("digest-archive.css")
    # The digest pages' copy-BibTeX buttons; small, and cached with the site's other files.
    app.add_js_file("digest-card.js", defer="defer")
    app.connect("builder-inited", _dedupe_static_path, priority=900)


def _configure(app: Sphinx, config: Config) -> None:
    config.templates_path = [*config.templates_path, str(TEMPLATES)]
    # The sidebar's index list links the pages of names in the pages folder.
    config.html_context = {"digest_pages_dir": config.digest_pages_dir, **config.html_context}
    config.extlinks = {"arxiv": ("https://arxiv.org/abs/%s", "arXiv:%s"), **config.extlinks}
    # sphinx-copybutton appends its static folder at builder-inited, after
    # Sphinx compared this configuration with the pickled one; left alone,
    # every incremental build would see a "changed" html_static_path and
    # rewrite every page. Adding it now (and de-duplicating after it ran)
    # keeps the two equal.
    config.html_static_path = [*config.html_static_path, str(STATIC), str(COPYBUTTON_STATIC)]
    # The archive's own, unless the project has one.
    if not config.html_favicon:
        config.html_favicon = str(STATIC / "digest-favicon.svg")


def _dedupe_static_path(app: Sphinx) -> None:
    app.config.html_static_path = list(dict.fromkeys(app.config.html_static_path))
