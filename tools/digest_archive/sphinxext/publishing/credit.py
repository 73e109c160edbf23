"""Whose digests these are, as configuration: the curator, their page, the terms they are kept under.

``digest_curator`` and ``digest_curator_url`` (``conf.py``) default to the
curator whose Weibo posts the seeds link; the terms are the about page's
section "Whose digests these are" (``source/about.md``). The digest pages
(:mod:`..pages.credit`) and the feeds (:mod:`.feeds`, the names' too) give
this credit.
"""

from __future__ import annotations

from sphinx.application import Sphinx

from ...text import urls
from .sharing import base_url

#: Where the terms the digests are kept under are: the about page's section.
TERMS_PAGE, TERMS_ANCHOR = "about", "about-credit"


def setup(app: Sphinx) -> None:
    # Taken from the seeds: their posts are this curator's.
    app.add_config_value("digest_curator", "爱可可-爱生活", "html", types=frozenset({str}))
    app.add_config_value("digest_curator_url", "https://weibo.com/1402400261", "html", types=frozenset({str}))


def curator_url(app: Sphinx) -> str:
    """The curator's page, when ``digest_curator_url`` is an ``http(s)`` address; else empty."""
    url = app.config.digest_curator_url
    return url if urls.is_http(url) else ""


def site_credit(app: Sphinx) -> dict[str, str]:
    """A feed's credit (:class:`~digest_archive.render.feeds.Site`): curator, their page, terms' URL."""
    base = base_url(app.config)
    terms = f"{base}{app.builder.get_target_uri(TERMS_PAGE)}#{TERMS_ANCHOR}" if base else ""
    return {"curator": app.config.digest_curator, "curator_url": curator_url(app), "terms": terms}
