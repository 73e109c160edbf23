"""A reader's list of papers, kept in the browser: a save button on each card, and the page that lists them.

No account and no server: ``digest-reading-list.js`` keeps the list in
the browser's ``localStorage``. A card's button carries what the list
needs to show and export the paper, made by the converter's writers (its
RIS record and CSL-JSON item; its BibTeX is the card's own block), so a
saved paper is exported as the archive's files give it, with no request
to any server and from a page opened as a file too. ``{digest:reading-list}``
marks the page that lists them, with their exports and the list's own
file (:doc:`/citing` says what each holds). Both are hidden until the
script runs: without it there is nothing to save to.
"""

from __future__ import annotations

import json

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.util.docutils import SphinxDirective
from sphinx.writers.html5 import HTML5Translator

from ...i18n import _
from ...render.contract import DOMAIN
from ...render.escaping import escape, single_quoted

#: The script that keeps the list (``static/``), on every page: any page may have cards.
SCRIPT = "digest-reading-list.js"


def setup(app: Sphinx) -> None:
    app.add_node(save_button, html=(visit_save_button_html, None))
    app.add_node(
        reading_list,
        html=(visit_reading_list_html, None),
        latex=(_skip, None),
        text=(_skip, None),
    )
    app.add_directive_to_domain(DOMAIN, "reading-list", ReadingListDirective)
    app.add_js_file(SCRIPT, defer="defer")


def _skip(translator: nodes.NodeVisitor, node: nodes.Node) -> None:
    raise nodes.SkipNode


class save_button(nodes.General, nodes.Element):  # docutils names node classes in lower case
    """A card's button that saves its paper to the reader's list, or takes it off.

    Attributes: ``key`` (the citation key, the card's anchor), ``date`` (its
    digest's), ``ris`` and ``csl`` (its records, as the card has them); on a
    page other than its digest's (the home page), also ``page`` (its digest's
    page, from the site's root) and ``bibtex``, which its card there shows.
    """


#: The save button's attributes whose values are JSON.
_JSON = frozenset({"ris", "csl", "bibtex"})


def visit_save_button_html(translator: HTML5Translator, node: save_button) -> None:
    data = {
        "key": node["key"],
        "date": node["date"],
        # As a JSON string: an attribute's line breaks are read back as spaces, and RIS is made of lines.
        "ris": json.dumps(node["ris"], ensure_ascii=False),
        # Its title too, which the list shows.
        "csl": node["csl"],
        "saved-label": _("Saved"),
    }
    if node.get("page"):
        data["page"] = node["page"]
        data["bibtex"] = json.dumps(node.get("bibtex", ""), ensure_ascii=False)
    # The records are JSON: single-quoted, their quotes need no entity each.
    attributes = "".join(
        f" data-{name}={single_quoted(value)}" if name in _JSON else f' data-{name}="{escape(value)}"'
        for name, value in data.items()
    )
    label = escape(_("Save"), attribute=False)
    translator.body.append(
        f'<button type="button" class="digest-save" aria-pressed="false"{attributes} hidden>'
        f"{label}</button>\n"
    )
    raise nodes.SkipNode


class reading_list(nodes.General, nodes.Element):  # docutils names node classes in lower case
    """Where the reading-list page lists the saved papers, with its exports: filled by the script."""


class ReadingListDirective(SphinxDirective):
    """``{digest:reading-list}``: the reading-list page's title and words, and its list (on the web)."""

    def run(self) -> list[nodes.Node]:
        title = _("Reading list")
        section = nodes.section(ids=["reading-list"], names=[nodes.fully_normalize_name(title)])
        section += nodes.title(title, title)
        section += nodes.paragraph(
            "",
            _(
                "The papers you save with the Save button of their cards. They are kept in this "
                "browser only: no account, and nothing is sent anywhere. Export them to a reference "
                "manager, or save the list as a file to carry it to another browser."
            ),
        )
        section += reading_list()
        return [section]


#: The list's exports, by the class the script finds each by, and their formats' names.
EXPORTS = (
    ("digest-export-bibtex", "BibTeX"),
    ("digest-export-ris", "RIS"),
    ("digest-export-csl", "CSL-JSON"),
)


def visit_reading_list_html(translator: HTML5Translator, node: reading_list) -> None:
    words = {
        "empty": _("No papers saved yet: the Save button of a paper's card adds it here."),
        "count": _("Papers saved: {count}, the latest last."),
        "remove": _("Remove"),
        "imported": _("Papers added from the file: {count}."),
        "unreadable": _("This file is not a reading list."),
    }
    attributes = "".join(f' data-{name}="{escape(text)}"' for name, text in words.items())
    exports = [*EXPORTS, ("digest-export-list", _("The list as a file"))]
    buttons = "".join(
        f'<button type="button" class="{escape(name)}">{escape(label, attribute=False)}</button>\n'
        for name, label in exports
    )
    without_script = _("The reading list needs JavaScript, and a browser that keeps what a site stores.")
    export, add = _("Export:"), _("Add the papers of a list file:")
    translator.body.append(
        f'<div class="digest-reading-list"{attributes}>\n'
        f'<p class="digest-reading-list-status" role="status">{escape(without_script, attribute=False)}</p>\n'
        '<ol class="digest-reading-list-papers"></ol>\n'
        '<div class="digest-reading-list-exports" hidden>\n'
        f"<p>{escape(export, attribute=False)}</p>\n{buttons}"
        f"<p><label>{escape(add, attribute=False)} "
        '<input type="file" class="digest-import" accept="application/json,.json"></label></p>\n'
        "</div>\n</div>\n"
    )
    raise nodes.SkipNode
