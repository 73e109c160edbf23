"""A meta description for every HTML page, from its title and first words.

Search engines and link previews show it under the page's title. A digest's
lists its papers' titles; any other page's is its first paragraph. Pages
that set their own (``myst: html_meta: description``) keep it.
"""

from __future__ import annotations

from docutils import nodes
from sphinx.application import Sphinx

from ...i18n import N_, _, count
from ..papers.cards import paper_card
from .language import LANG_KEY

#: About what a search engine shows of a description.
LENGTH = 200


def setup(app: Sphinx) -> None:
    app.connect("doctree-resolved", _add_description)


def _add_description(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """A ``meta`` node, which the HTML writer writes (escaped) into the page's head."""
    if app.builder.format != "html" or any(
        node.get("name") == "description" for node in doctree.findall(nodes.meta)
    ):
        return
    # A page written in another language than the interface's (the
    # project's pages, in English) is described in its own: untranslated.
    text = description(doctree, translate=LANG_KEY not in app.env.metadata.get(docname, {}))
    if text:
        meta = nodes.meta()
        meta["name"] = "description"
        meta["content"] = text
        doctree.insert(0, meta)


#: How a description joins the page's title and the rest.
_JOINED = N_("{title}. {rest}")


def description(doctree: nodes.document, *, translate: bool = True) -> str:
    """The page's title, then its sections' titles (a digest's papers) or else its first paragraph.

    Joined in the interface's language, or (``translate`` false) in English.
    """
    top = next(iter(doctree.findall(nodes.section)), None)
    if top is None:
        return ""
    title = top[0].astext()
    entries = [card.parent[0].astext() for card in top.findall(paper_card)]
    if entries:
        rest = _("{papers}: {titles}").format(papers=count(len(entries), "paper"), titles="; ".join(entries))
    else:
        paragraph = next(iter(top.findall(nodes.paragraph)), None)
        rest = paragraph.astext() if paragraph is not None else ""
    joined = _(_JOINED) if translate else _JOINED
    return shorten(joined.format(title=title, rest=rest) if rest else title)


def shorten(text: str) -> str:
    """``text`` in one line of at most :data:`LENGTH` characters, cut after a word if it can be."""
    text = " ".join(text.split())
    if len(text) <= LENGTH:
        return text
    space = text.rfind(" ", 0, LENGTH)
    # A word longer than the whole description is cut within it.
    cut = space if space > 0 else LENGTH - 1
    return text[:cut].rstrip(" ;,:") + "…"
