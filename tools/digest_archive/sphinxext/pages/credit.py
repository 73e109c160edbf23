"""Each digest page's credit: whose digest it is and where it was first published, for readers and machines.

The digests are their curator's (``source/about.md``, "Whose digests these
are"), whom ``digest_curator`` and ``digest_curator_url`` name
(:mod:`..publishing.credit`). Each digest page says so under its title,
with the post it was first published in (the first Weibo post its entries
link, where one does: the converter names it in the page's metadata,
``digest-post``, from the same model as the day's data), in the writer's
own nodes; names its curator in
``<meta name="author">``; and holds a schema.org ``CreativeWork`` as
JSON-LD, with its ``author``, the post it ``isBasedOn`` and the terms it is
kept under as its ``license``.
"""

from __future__ import annotations

import datetime as dt
import json
import posixpath
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx

from ...i18n import _
from ...render.digest import POST_KEY
from ...render.escaping import script_json
from ...text import urls
from ..publishing.credit import TERMS_ANCHOR, TERMS_PAGE, curator_url
from ..publishing.sharing import base_url


def setup(app: Sphinx) -> None:
    app.connect("doctree-resolved", _credit)


def digest_day(pages_dir: str, docname: str) -> dt.date | None:
    """The day of the digest page ``docname`` (``<pages>/YYYY/YYYY-MM-DD``); None for any other page."""
    folder, _slash, name = docname.rpartition("/")
    if folder.rpartition("/")[0] != pages_dir or not folder.endswith(name[:4]):
        return None
    try:
        return dt.date.fromisoformat(name)
    except ValueError:
        return None


def _credit(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    config = app.config
    day = digest_day(config.digest_pages_dir, docname)
    if app.builder.format != "html" or day is None or not config.digest_curator:
        return
    # The converter named it from the model, as it does in the day's data (render.credit.first_post).
    post = app.env.metadata.get(docname, {}).get(POST_KEY)
    if not isinstance(post, str) or not urls.is_weibo(post):
        post = None
    page = curator_url(app)
    title = next(iter(doctree.findall(nodes.title)), None)
    if title is None:
        return
    section = title.parent
    section.insert(section.index(title) + 1, _credit_line(config.digest_curator, page, post))
    meta = nodes.meta()
    meta["name"] = "author"
    meta["content"] = config.digest_curator
    doctree.insert(0, meta)
    terms = f"{posixpath.relpath(TERMS_PAGE, posixpath.dirname(docname))}{app.builder.link_suffix}"
    base = base_url(config)
    record: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "CreativeWork",
        "name": title.astext(),
        "inLanguage": "zh-Hans",
        "datePublished": day.isoformat(),
        "author": {
            "@type": "Person",
            "name": config.digest_curator,
            **({"url": page} if page else {}),
        },
        "license": f"{base + TERMS_PAGE + app.builder.link_suffix if base else terms}#{TERMS_ANCHOR}",
    }
    if post:
        record["isBasedOn"] = post
    data = script_json(json.dumps(record, ensure_ascii=False, separators=(",", ":")))
    section.insert(
        section.index(title) + 2,
        nodes.raw("", f'<script type="application/ld+json">{data}</script>\n', format="html"),
    )


def _credit_line(curator: str, page: str, post: str | None) -> nodes.paragraph:
    """ "Curated by X; first published on Weibo", linked, as the writer writes any paragraph."""
    line = nodes.paragraph(classes=["digest-credit"])
    who = nodes.reference("", curator, refuri=page) if page else nodes.Text(curator)
    before, _placeholder, after = _("Curated by {curator}").partition("{curator}")
    line += [nodes.Text(before), who, nodes.Text(after)]
    if post:
        line += nodes.Text(_("; "))
        line += nodes.reference("", _("first published on Weibo"), refuri=post)
    return line
