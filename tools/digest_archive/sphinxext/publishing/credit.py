"""Whose digests these are, as configuration: the curator, their page, the terms they are kept under.

``digest_curator`` and ``digest_curator_url`` (``conf.py``) default to the
curator whose Weibo posts the seeds link
(:data:`~digest_archive.render.credit.DEFAULT_CURATOR`); the terms are the
about page's section "Whose digests these are" (``source/about.md``). The
digest pages (:mod:`..pages.credit`), the feeds (:mod:`.feeds`, the
names' too) and the data files (:func:`curation`, which the converter
gives each digest's ``credit``) give this credit. An empty
``digest_curator`` leaves it out everywhere.
"""

from __future__ import annotations

from sphinx.application import Sphinx
from sphinx.config import Config

from ...render.credit import DEFAULT_CURATOR, DEFAULT_CURATOR_URL, Curation
from ...text import urls
from .sharing import base_url

#: Where the terms the digests are kept under are: the about page's section.
TERMS_PAGE, TERMS_ANCHOR = "about", "about-credit"


def setup(app: Sphinx) -> None:
    app.add_config_value("digest_curator", DEFAULT_CURATOR, "html", types=frozenset({str}))
    app.add_config_value("digest_curator_url", DEFAULT_CURATOR_URL, "html", types=frozenset({str}))


def curator_url(app: Sphinx) -> str:
    """The curator's page, when ``digest_curator_url`` is an ``http(s)`` address; else empty."""
    url = app.config.digest_curator_url
    return url if urls.is_http(url) else ""


def terms_url(config: Config) -> str:
    """The address of the terms on the published site (``html_baseurl``); empty when it is not set.

    From the HTML builder's page names, whatever builds: the data files that
    carry it are the same for the HTML and the PDF.
    """
    base = base_url(config)
    suffix = config.html_link_suffix if config.html_link_suffix is not None else config.html_file_suffix
    return f"{base}{TERMS_PAGE}{suffix or '.html'}#{TERMS_ANCHOR}" if base else ""


def curation(app: Sphinx) -> Curation:
    """What the configuration says of the digests' credit, for the converter's data files."""
    return Curation(app.config.digest_curator, curator_url(app), terms_url(app.config))


def site_credit(app: Sphinx) -> dict[str, str]:
    """A feed's credit (:class:`~digest_archive.render.feeds.Site`): curator, their page, terms' URL."""
    credit = curation(app)
    return {"curator": credit.curator, "curator_url": credit.curator_url, "terms": credit.terms_url}
