"""The PDF as volumes: one LaTeX document a year, its digests as chapters, its own index.

A years-long archive does not fit one book: a single PDF of the benchmark's
archive stopped XeLaTeX's second pass with "TeX capacity exceeded" (main
memory; ``source/performance.md``), and nobody reads ten thousand pages.
So, as archives are kept, each year is a volume, ``digest-archive-YYYY.pdf``,
rooted at the year's page (which lists its digests for LaTeX only, oldest
first; see :func:`~digest_archive.render.listings.render_year_index`), with
the back-matter index of its own authors and affiliations.

With ``digest_pdf_volumes = True`` (the default) the extension sets
``latex_documents`` to the volumes of the years in the raw folder, read
from the folder's file names only, as the build's own check of the raw
folder reads them. A volume's title page gives the period its digests
cover where LaTeX would print the build's date.

With ``digest_pdf_newest_only = True``, the newest year's volume alone (a
build from nothing that must stay within a host's time limit: Read the
Docs'); the pages then link the other years' volumes where
``digest_pdf_url`` says they are published (``https://…/pdf/``), or not at
all (:func:`volume_uri`).
"""

from __future__ import annotations

import datetime as dt
import os
import posixpath
from pathlib import Path

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.builders import Builder
from sphinx.builders.latex.theming import Theme
from sphinx.config import Config
from sphinx.writers.latex import LaTeXTranslator

from ...archive.files import scan
from ...i18n import _, period


def setup(app: Sphinx) -> None:
    app.add_config_value("digest_pdf_volumes", True, "", types=frozenset({bool}))
    app.add_config_value("digest_pdf_newest_only", False, "env", types=frozenset({bool}))
    app.add_config_value("digest_pdf_url", "", "env", types=frozenset({str}))
    app.connect("config-inited", _volumes)
    app.set_translator("latex", VolumeTranslator)


class VolumeTranslator(LaTeXTranslator):
    """Sphinx's LaTeX writer, with a volume's period in the title page's date and its contents named."""

    def __init__(self, document: nodes.document, builder: Builder, theme: Theme) -> None:
        super().__init__(document, builder, theme)
        # The volumes are typeset as English whatever the interface's language
        # (conf.py's latex_elements), and Sphinx's messages name the index,
        # figures and tables but not the contents: its heading was "CONTENTS".
        contents = self.escape(_("Contents"))
        self.elements["preamble"] += (
            rf"\addto\captionsenglish{{\renewcommand{{\contentsname}}{{{contents}}}}}" + "\n"
        )
        pages = self.config.digest_pages_dir
        root = self.settings._docname  # the volume's root: <pages>/YYYY/index
        if not (root.startswith(f"{pages}/") and root.endswith("/index")):
            return
        folder = root.removesuffix("index")
        days = sorted(
            day
            for docname in self.builder.env.found_docs
            if docname.startswith(folder) and (day := _day(docname.removeprefix(folder))) is not None
        )
        if days:
            self.elements["date"] = period(days[0], days[-1])


def _day(name: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(name)
    except ValueError:
        return None


def volume_years(confdir: Path, raw_dir: str) -> list[int]:
    """The years of the day files in the raw folder ``raw_dir`` (relative to ``confdir``)."""
    if not os.path.lexists(confdir / raw_dir):
        return []
    return sorted(
        {path.date.year for path in scan([raw_dir], raw_dir, base=confdir) if path.date is not None}
    )


def _volumes(app: Sphinx, config: Config) -> None:
    if not config.digest_pdf_volumes:
        return
    years = volume_years(Path(app.confdir), config.digest_raw_dir)
    if config.digest_pdf_newest_only:
        years = years[-1:]
    config.latex_documents = [
        (
            f"{config.digest_pages_dir}/{year}/index",
            f"digest-archive-{year}.tex",
            _("{title}, {year}").format(title=config.project, year=year),
            config.author,
            "manual",
        )
        for year in years
    ]


#: Where ``make site`` puts a year's volume, from the site's root (``make latexpdf`` names it).
VOLUME_PATH = "pdf/digest-archive-{year}.pdf"


def volume_uri(config: Config, here: str, year: int, newest: int) -> str | None:
    """The ``year``'s PDF volume as the page ``here`` links it; None when the site has none to link.

    Relative, where ``make site`` publishes it, when the build makes it:
    every year's, or with ``digest_pdf_newest_only`` the ``newest`` year's.
    Another year's is at ``digest_pdf_url`` when that is given.
    """
    if not config.digest_pdf_newest_only or year == newest:
        return posixpath.relpath(VOLUME_PATH.format(year=year), posixpath.dirname(here) or ".")
    if config.digest_pdf_url:
        return f"{config.digest_pdf_url.rstrip('/')}/{posixpath.basename(VOLUME_PATH.format(year=year))}"
    return None
