"""An entry on the web as a compact card: abstract and BibTeX folded, actions in a row, a long summary folded.

The converter writes an entry as its title, the paper's card
(:mod:`.cards`), its summary, its English abstract and its row of links
(``ARXIV_CLASS``); the same for every builder. Only the HTML gets the rest:
the abstract folded under a line that says what it is, the BibTeX, a button
that copies it and the day's RIS in the row of actions, and a button under
the summary that ``digest-card.js`` shows when it folds a long one. When
the build knows the archive's repository, the row also offers to report a
problem with the entry or edit its digest (:mod:`.corrections`). Every card
can be saved to the reader's list (:mod:`.readinglist`).
"""

from __future__ import annotations

import datetime as dt

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.writers.html5 import HTML5Translator

from ...i18n import _
from ...render.contract import ABSTRACT_CLASS, ARXIV_CLASS, SUMMARY_CLASS
from ...render.escaping import escape
from ...render.myst import page_path
from ..publishing.downloads import download_uri
from .corrections import correction_links, repository
from .readinglist import save_button

#: The class of an entry's section on the web (``static/digest-archive.css`` styles it).
ENTRY_CLASS = "digest-entry"


def setup(app: Sphinx) -> None:
    # Made only for HTML pages: no other builder meets them.
    app.add_node(copy_button, html=(visit_copy_button_html, None))
    app.add_node(unfold_button, html=(visit_unfold_button_html, None))
    app.add_node(folded, html=(visit_folded_html, depart_folded_html))


class copy_button(nodes.General, nodes.Element):  # docutils names node classes in lower case
    """A button that copies the entry's BibTeX: hidden until ``digest-card.js`` gives it its work.

    Without the script the BibTeX is still there, in its folded block.
    """


def visit_copy_button_html(translator: HTML5Translator, node: copy_button) -> None:
    translator.body.append(_copy_button_html(_("Copy BibTeX"), _("Copied")))
    raise nodes.SkipNode


def _copy_button_html(label: str, done: str) -> str:
    return (
        f'<button type="button" class="digest-copy-bibtex" data-done="{escape(done)}" hidden>'
        f"{escape(label, attribute=False)}</button>\n"
    )


class unfold_button(nodes.General, nodes.Element):  # docutils names node classes in lower case
    """A button under a long summary that ``digest-card.js`` folds to its first lines: it shows it whole.

    Hidden unless the script folded the summary: without it, the summary is whole.
    """


def visit_unfold_button_html(translator: HTML5Translator, node: unfold_button) -> None:
    label = escape(_("Show the whole summary"), attribute=False)
    translator.body.append(f'<button type="button" class="digest-unfold" hidden>{label}</button>\n')
    raise nodes.SkipNode


class folded(nodes.General, nodes.Element):  # docutils names node classes in lower case
    """A block folded away under a line that says what it is (``summary``): ``<details>`` in HTML.

    Closed, its text is still found by the browser's find-in-page, which opens it.
    """


def visit_folded_html(translator: HTML5Translator, node: folded) -> None:
    translator.body.append(
        f'<details class="{escape(" ".join(node["classes"]))}">\n'
        f"<summary>{escape(node['summary'], attribute=False)}</summary>\n"
    )


def depart_folded_html(translator: HTML5Translator, node: folded) -> None:
    translator.body.append("</details>\n")


def lay_out_entry(
    app: Sphinx, docname: str, card: nodes.Element, bibtex: list[nodes.Node], related: list[nodes.Node] = ()
) -> bool:
    """Lay the entry of ``card`` out as a card; False (and nothing changed) without an entry's row of actions.

    The ``bibtex`` blocks, a button that copies them and the day's RIS join
    the row of actions; a button follows the summary; the ``related`` fold
    goes just before the row, after the abstract's.
    """
    actions = _after(card, ARXIV_CLASS)
    if actions is None:
        return False
    entry = card.parent
    for fold in related:
        entry.insert(entry.index(actions), fold)
    entry["classes"].append(ENTRY_CLASS)
    if isinstance(entry[0], nodes.title):
        # A paper's title is English, on a page whose interface may be Chinese:
        # said so (lang="en"), for a screen reader's voice and the fonts.
        entry[0]["classes"].append("language-en")
    ris = f"{page_path(dt.date.fromisoformat(card['date']))}.ris"
    # The day's file (a file per paper would be one more for the converter to
    # keep per entry); its title says so.
    ris_link = nodes.reference(
        "",
        "RIS",
        refuri=download_uri(app, docname, ris),
        reftitle=_("The day's papers as RIS"),
        classes=["digest-ris"],
    )
    actions += nodes.paragraph("", "", ris_link)
    actions += save_button(key=card["ids"][0], date=card["date"], ris=card["ris"], csl=card["csl"])
    found = repository(app)
    if found is not None and card.get("source"):
        actions += nodes.paragraph("", "", *correction_links(found, card), classes=["digest-corrections"])
    if bibtex:
        actions += copy_button()
        actions.extend(bibtex)
    summary = _after(card, SUMMARY_CLASS)
    if summary is not None:
        entry.insert(entry.index(summary) + 1, unfold_button())
    return True


def fold_abstracts(doctree: nodes.document) -> None:
    """Fold each entry's English abstract under a line that says what it is."""
    for abstract in list(doctree.findall(nodes.container)):
        if ABSTRACT_CLASS in abstract["classes"]:
            wrapper = folded(classes=[ABSTRACT_CLASS], summary=_("Abstract"))
            # Not replace_self, which would give the wrapper the block's classes (its language's too).
            abstract.parent.replace(abstract, wrapper)
            wrapper += abstract


def _after(card: nodes.Element, kind: str) -> nodes.container | None:
    """The block of class ``kind`` the converter writes after ``card`` in its entry (its summary, its row of
    actions); None without one."""
    parent = card.parent
    if not isinstance(parent, nodes.section):
        return None
    for sibling in parent.children[parent.index(card) + 1 :]:
        if isinstance(sibling, nodes.section):
            return None
        if isinstance(sibling, nodes.container) and kind in sibling["classes"]:
            return sibling
    return None
