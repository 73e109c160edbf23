"""The records search takes from a page's doctree: a digest's entries, a project's page's sections.

:mod:`digest_archive.sphinxext.search.indexing` feeds them to the index
(:mod:`digest_archive.search`); a record is a
:class:`~digest_archive.search.weights.Record`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator

from docutils import nodes

from ...i18n import long_date
from ...render.contract import (
    ABSTRACT_CLASS,
    ARXIV_CLASS,
    DOWNLOADS_CLASS,
    NEIGHBOURS_CLASS,
    ONE_LINE_CLASS,
    SUMMARY_CLASS,
    TITLE_ZH_CLASS,
)
from ...search.weights import Record
from ...text.categories import full_codes
from ..names.listings import LATEST_CLASS
from ..pages.rules import EXAMPLE_CLASS
from ..papers.cards import cite_block, paper_card

# The latest digests change with every digest: the home page's text is its own.
_UNSEARCHED = frozenset({EXAMPLE_CLASS, NEIGHBOURS_CLASS, LATEST_CLASS, ARXIV_CLASS, DOWNLOADS_CLASS})


def category_code(code: str) -> str:
    """A digest's category as a reader filters by it: arXiv's code (``cs.LG`` for ``LG``), or as written.

    A short code that stands for several (``CV``: ``cs.CV``, ``math.CV``) is
    the first in arXiv's taxonomy, as its card says (its chip's title).
    """
    codes = full_codes(code)
    return codes[0] if codes else code


def categories(doctree: nodes.document) -> Iterator[tuple[str, tuple[str, str]]]:
    """Each entry's category and its legend's name, by the anchor of its record: its section's."""
    for section in doctree.findall(nodes.section):
        for card in (child for child in section.children if isinstance(child, paper_card)):
            if section["ids"] and card.get("category"):
                code = category_code(str(card["category"]))
                yield section["ids"][0], (code, str(card.get("category_name") or ""))


def page_records(doctree: nodes.document) -> list[Record]:
    """One record per section of a project's page, in document order: its first id, title and own text.

    (A digest's page gives its entries instead: :func:`paper_records`.)

    The text of a section stops at its subsections, which are records of
    their own; text before the first section is a record without a title.
    A paper card's category, authors and affiliations are the record's
    names, apart from its text: the index weighs a name more than a word of
    the text, and a result's excerpt, which starts at the first match (or at
    the start when only the title matched), shows the summary before the names.
    An entry's one-line summary (:data:`~digest_archive.render.contract.ONE_LINE_CLASS`) is the
    record's lead, apart from its text, without its label: it says best what
    the paper is, so a result shows it first, before the excerpt.
    """
    records: list[Record] = []

    def add(node: nodes.Element, anchor: str) -> None:
        title = ""
        texts: list[str] = []
        cards: list[str] = []
        lead: list[str] = []
        sections = []
        for child in node.children:
            if isinstance(child, nodes.section):
                sections.append(child)
            elif isinstance(child, nodes.title):
                title = child.astext()
            else:
                _texts(child, texts, cards, lead)
        text, names = " ".join(" ".join(texts).split()), " ".join(" ".join(cards).split())
        summary = " ".join(" ".join(lead).split())
        if title or text or names or summary:
            records.append(Record(anchor, " ".join(title.split()), text, names, summary))
        for section in sections:
            add(section, section["ids"][0] if section["ids"] else anchor)

    add(doctree, "")
    return records


def _texts(node: nodes.Node, out: list[str], cards: list[str], lead: list[str]) -> None:
    if isinstance(node, nodes.Text):
        out.append(node.astext())
    elif isinstance(node, nodes.definition_list_item) and ONE_LINE_CLASS in node["classes"]:
        # Its text, not its label: the same word on every such entry would find them all.
        for definition in (child for child in node.children if isinstance(child, nodes.definition)):
            _texts(definition, lead, cards, lead)
            lead.append(" ")
    elif isinstance(node, paper_card):
        for name in paper_card.searched:
            value = node.get(name)
            cards.extend(value if isinstance(value, list) else [value or ""])
    elif isinstance(node, nodes.comment | nodes.raw | nodes.system_message | cite_block):
        return
    elif isinstance(node, nodes.Element) and _UNSEARCHED.isdisjoint(node["classes"]):
        for child in node.children:
            _texts(child, out, cards, lead)
            # Blocks are words apart; inline markup is not (``multi``\ *layer*).
            if not isinstance(child, nodes.Inline | nodes.Text):
                out.append(" ")


#: The blocks of an entry whose text is the paper's: its Chinese title, its
#: summary (labelled or not) and its English abstract. The rest of its
#: section (the digest's closing words after the last entry, the link to the
#: raw file) is the digest's, not the paper's.
_PAPER_TEXT = frozenset({TITLE_ZH_CLASS, SUMMARY_CLASS})
#: Link targets a result may link to: the web's own, never ``javascript:``.
_LINKED = ("https://", "http://")


def paper_records(doctree: nodes.document, day_uri: Callable[[str], str] | None = None) -> list[Record]:
    """One record per entry of a digest's page, in document order: the paper's parts, each apart.

    Only the entries (the sections with a paper card) are records: the
    digest's header, its legend of categories, its overview and its
    closing words are the digest's, and found by every query of a
    category's code ("LG") they would stand among the papers. A record's
    ``title`` is the paper's, its ``text`` its Chinese title and summary,
    its ``lead`` the one-line summary, its ``abstract`` the English abstract,
    its ``names`` the category and affiliations, its ``authors`` the
    authors, and its ``links`` the row of actions' links (not searched: the
    same words on every entry would find them all). A paper an earlier
    digest lists too has no record here: search lists it once, at its first
    day, whose record's ``days`` are the others, each linked to its card
    there through ``day_uri`` (a day's page's URL from the site's root, by
    its ISO date; without it, none are linked).
    """
    records: list[Record] = []
    for section in doctree.findall(nodes.section):
        cards = [child for child in section.children if isinstance(child, paper_card)]
        if not cards or not section["ids"]:
            continue
        card = cards[0]
        if any(day < str(card["date"]) for day, _ in card.get("also_in", [])):
            # A paper an earlier day lists is found there once, where its card names every day.
            continue
        title = next((child.astext() for child in section.children if isinstance(child, nodes.title)), "")
        texts: list[str] = []
        lead: list[str] = []
        abstract: list[str] = []
        links: list[tuple[str, str]] = []
        for child in section.children:
            classes = child.get("classes", []) if isinstance(child, nodes.Element) else []
            if ABSTRACT_CLASS in classes:
                _texts(child, abstract, [], lead)
            elif not _PAPER_TEXT.isdisjoint(classes):
                _texts(child, texts, [], lead)
            elif ARXIV_CLASS in classes:
                links += _links(child)
        names = [str(card.get(name) or "") for name in ("category", "category_name", "category_note")]
        names += [*card.get("affiliations", []), str(card.get("affiliations_tail") or "")]
        records.append(
            Record(
                section["ids"][0],
                _one_line(title),
                _one_line(" ".join(texts)),
                _one_line(" ".join(names)),
                _one_line(" ".join(lead)),
                tuple(_one_line(author) for author in card.get("authors", [])),
                _one_line(" ".join(abstract)),
                tuple(links),
                _days(card, day_uri),
            )
        )
    return records


def _days(card: paper_card, day_uri: Callable[[str], str] | None) -> tuple[tuple[str, str], ...]:
    """The other days that list the card's paper: each as the interface writes it, and its card's URL."""
    if day_uri is None:
        return ()
    return tuple(
        (long_date(dt.date.fromisoformat(date)), f"{day_uri(date)}#{key}")
        for date, key in card.get("also_in", [])
    )


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _links(actions: nodes.Element) -> Iterator[tuple[str, str]]:
    """The links of an entry's row of actions, as (label, URL): those to the web only."""
    for reference in actions.findall(nodes.reference):
        uri = str(reference.get("refuri", ""))
        if uri.lower().startswith(_LINKED):
            yield _one_line(reference.astext()), uri
