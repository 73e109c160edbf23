"""The home page: a search form, the latest digest's papers as cards, the days before, the years and volumes.

``{digest:latest}`` lists the newest digests from the domain's papers as
the page is written; ``{digest:search}`` is a search form in the page
itself (the theme hides its sidebar's on a phone); ``{digest:volume}``
links a year page to its PDF volume. A card says what the domain knows of
a paper: its category, ★ when the digest highlights it, its Chinese title
or summary, its first author and affiliation, and links to arXiv, the PDF
and its entry (where its BibTeX is). What a card needs beyond the paper
card's own values (the Chinese title before it, the summary and arXiv
link after it) is taken from the entry's section as its page is read.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import Any, ClassVar

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.application import Sphinx
from sphinx.builders import Builder
from sphinx.environment import BuildEnvironment
from sphinx.util.docutils import SphinxDirective
from sphinx.util.nodes import make_refnode
from sphinx.writers.html5 import HTML5Translator

from ...i18n import _, count, long_date
from ...render.contract import ARXIV_CLASS, CHINESE_CLASS, DOMAIN, ONE_LINE_CLASS
from ...render.escaping import escape
from ..domain import Paper, digest_domain
from ..names.listings import LATEST_CLASS
from ..papers.cards import paper_card
from ..papers.readinglist import save_button
from ..pdf.volumes import volume_uri

#: Characters of a Chinese summary's first sentence that a card shows.
SUMMARY_LIMIT = 90
#: An arXiv abstract page, as the converter links it; the id is what follows.
_ARXIV_ABSTRACT = "https://arxiv.org/abs/"
#: The class of the page's Chinese blocks, as the container directive gives it (lower case).
_CHINESE_BLOCK = directives.class_option(CHINESE_CLASS)[0]
# The end of a Chinese summary's first sentence: one character, so linear.
_SENTENCE_END = re.compile("[。！？]")


def setup(app: Sphinx) -> None:
    app.add_directive_to_domain(DOMAIN, "latest", LatestDirective)
    app.add_directive_to_domain(DOMAIN, "search", SearchDirective)
    app.add_directive_to_domain(DOMAIN, "volume", VolumeDirective)
    app.add_node(latest_digests)
    app.add_node(search_form, html=(visit_search_form_html, None), latex=(_skip, None), text=(_skip, None))
    app.connect("doctree-read", _note_entry_details)
    # Before Sphinx's title collector (500) notes the page's title.
    app.connect("doctree-read", _title_latest, priority=400)
    app.connect("doctree-resolved", _list_latest_digests)


def _skip(translator: nodes.NodeVisitor, node: nodes.Node) -> None:
    raise nodes.SkipNode


# --- what a card shows beyond the paper card ---------------------------------------------


def _note_entry_details(app: Sphinx, doctree: nodes.document) -> None:
    """Add to each paper of the page its Chinese title, summary and arXiv id, from its entry's section."""
    domain = digest_domain(app.env)
    for card in doctree.findall(paper_card):
        paper = domain.papers.get(card["ids"][0])
        if paper is not None and paper.docname == app.env.docname and isinstance(card.parent, nodes.Element):
            domain.papers[paper.key] = paper._replace(**entry_details(card.parent, card))


def entry_details(section: nodes.Element, card: nodes.Node) -> dict[str, str]:
    """The Chinese title before ``card`` in its entry's ``section``, the summary and arXiv id after it."""
    index = section.index(card)
    title_zh = summary = arxiv = ""
    for node in section.children[:index]:
        if isinstance(node, nodes.container) and _CHINESE_BLOCK in node["classes"]:
            title_zh = " ".join(node.astext().split())
    for node in section.children[index + 1 :]:
        if not isinstance(node, nodes.Element) or isinstance(node, nodes.section):
            continue
        if _CHINESE_BLOCK in node["classes"] and not summary:
            summary = _summary_line(node)
        elif ARXIV_CLASS in node["classes"] and not arxiv:
            uris = (ref.get("refuri", "") for ref in node.findall(nodes.reference))
            found = (uri.removeprefix(_ARXIV_ABSTRACT) for uri in uris if uri.startswith(_ARXIV_ABSTRACT))
            arxiv = next(found, "")
    return {"title_zh": title_zh, "summary": summary, "arxiv": arxiv}


def _summary_line(block: nodes.Element) -> str:
    """The one-line summary of a labelled summary, else the first sentence of the Chinese summary."""
    for item in block.findall(nodes.definition_list_item):
        if ONE_LINE_CLASS in item["classes"]:
            texts = (child.astext() for child in item.children if isinstance(child, nodes.definition))
            return " ".join(" ".join(texts).split())
    paragraph = next(iter(block.findall(nodes.paragraph)), None)
    if paragraph is None:
        return ""
    text = " ".join(paragraph.astext().split())
    end = _SENTENCE_END.search(text)
    sentence = text[: end.end()] if end else text
    return sentence if len(sentence) <= SUMMARY_LIMIT else sentence[: SUMMARY_LIMIT - 1] + "…"


# --- the search form ----------------------------------------------------------------------


class search_form(nodes.General, nodes.Element):  # docutils names node classes in lower case
    """A search form submitting ``q`` to the search page; HTML only."""


class SearchDirective(SphinxDirective):
    """``{digest:search}``: a search form in the page, for readers whose theme hides the sidebar's."""

    def run(self) -> list[nodes.Node]:
        return [search_form()]


def visit_search_form_html(translator: HTML5Translator, node: search_form) -> None:
    builder = translator.builder
    action = builder.get_relative_uri(builder.current_docname, "search")
    # Named apart from the sidebar's form: both are search landmarks (axe-core's landmark-unique).
    name, hint, label, button = (
        _("Search the papers"),
        _("Titles, authors, words…"),
        _("Search the archive"),
        _("Search"),
    )
    translator.body.append(
        f'<form class="digest-home-search" method="get" action="{escape(action)}" role="search"'
        f' aria-label="{escape(name)}">\n'
        f'<input type="search" name="q" autocomplete="off" placeholder="{escape(hint)}"'
        f' aria-label="{escape(label)}" />\n'
        f'<button type="submit">{escape(button, attribute=False)}</button>\n</form>\n'
    )
    raise nodes.SkipNode


# --- a year's volume -----------------------------------------------------------------------


class VolumeDirective(SphinxDirective):
    """``{digest:volume} YEAR``: a link to the year's PDF volume, as the published site has it.

    ``make site`` (what CI and Read the Docs publish) puts every year's
    ``make latexpdf`` volume in ``pdf/`` and fails when one is missing; a
    bare ``make html`` has no PDFs, and the link says where the site has it.
    A build of the newest volume alone links the others where they are
    published, or not at all (:func:`~..pdf.volumes.volume_uri`).
    """

    required_arguments = 1

    def run(self) -> list[nodes.Node]:
        year = int(self.arguments[0])
        uri = volume_uri(self.config, self.env.docname, year, max(_years_of(self.env), default=year))
        if uri is None:
            return []
        text = _("The {year} volume (PDF)").format(year=year)
        link = nodes.reference(text, text, refuri=uri)
        return [nodes.paragraph("", "", link, classes=["digest-volume"])]


def _years_of(env: BuildEnvironment) -> list[int]:
    """The years with a page (``<pages>/YYYY/index``) in the project."""
    pages = env.config.digest_pages_dir
    return [
        int(year)
        for docname in env.found_docs
        if (year := docname.removeprefix(f"{pages}/").removesuffix("/index")).isdigit()
        and docname == f"{pages}/{year}/index"
    ]


# --- the latest digests ------------------------------------------------------------------------


class latest_digests(nodes.General, nodes.Element):  # docutils names node classes in lower case
    """Where ``{digest:latest}`` lists the newest digests, filled in as the page is written."""


class LatestDirective(SphinxDirective):
    """``{digest:latest}``: the newest digest's papers as cards, the days before it, the years and volumes.

    The list is made from the domain's papers as the page is written, not
    as it is read: a page that holds it must be written whenever a digest
    is added. The root page is (it is the parent of the archive's index in
    the toctree, and Sphinx writes a parent with its changed children).
    With ``:heading:``, the section it is in is titled in the interface's
    language ("Latest papers").
    """

    option_spec: ClassVar[dict[str, Callable[[str], Any]]] = {
        "count": directives.positive_int,
        "heading": directives.flag,
    }

    def run(self) -> list[nodes.Node]:
        return [latest_digests(count=self.options.get("count", 7), heading="heading" in self.options)]


def _title_latest(app: Sphinx, doctree: nodes.document) -> None:
    """Title the section of a ``{digest:latest}`` with ``:heading:``, before Sphinx notes the page's title."""
    for node in doctree.findall(latest_digests):
        section = node.parent
        if node["heading"] and isinstance(section, nodes.section) and isinstance(section[0], nodes.title):
            section[0].children = []
            section[0] += nodes.Text(_("Latest papers"))


def _list_latest_digests(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    found = list(doctree.findall(latest_digests))
    if not found:
        return
    # Papers are noted in the order of their page, so a page's first is its first entry.
    digests: dict[str, list[Paper]] = {}
    for paper in digest_domain(app.env).papers.values():
        digests.setdefault(paper.docname, []).append(paper)
    newest_first = sorted(digests, key=lambda page: digests[page][0].date, reverse=True)
    years = sorted({papers[0].date.year for papers in digests.values()}, reverse=True)
    for node in found:
        if not newest_first:
            node.replace_self(nodes.paragraph("", _("No digest yet.")))
            continue
        latest, *earlier = newest_first[: node["count"]]
        listed = nodes.container(classes=[LATEST_CLASS])
        records = _records(app, latest)
        listed += latest_cards(
            app.builder, docname, latest, digests[latest], chinese=_is_chinese(app), records=records
        )
        if earlier:
            listed += nodes.rubric("", _("The days before"))
            listed += _days_before(app.builder, docname, [(page, digests[page]) for page in earlier])
        listed += _years(app, docname, years)
        node.replace_self(listed)


def _is_chinese(app: Sphinx) -> bool:
    return str(app.config.language or "").startswith("zh")


def _records(app: Sphinx, page: str) -> dict[str, paper_card]:
    """The paper cards of the digest ``page``, by key: their records, for the home page's save buttons.

    One digest's doctree, read when the home page is written: the domain
    keeps what every page needs of a paper, not its records.
    """
    return {str(card["ids"][0]): card for card in app.env.get_doctree(page).findall(paper_card)}


def latest_cards(
    builder: Builder,
    docname: str,
    page: str,
    papers: list[Paper],
    *,
    chinese: bool,
    records: Mapping[str, paper_card] | None = None,
) -> list[nodes.Node]:
    """The newest digest's heading, linked to its page, and a card for each of its papers.

    With the digest's ``records``, each card can be saved to the reader's list.
    """
    date = long_date(papers[0].date)
    heading = nodes.paragraph(classes=["digest-home-day"])
    heading += nodes.strong("", "", make_refnode(builder, docname, page, "", nodes.inline(date, date), date))
    heading += nodes.Text(" · " + count(len(papers), "paper"))
    cards = nodes.container(classes=["digest-home-cards"])
    for paper in papers:
        card = _card(builder, docname, paper, chinese=chinese)
        found = (records or {}).get(paper.key)
        if found is not None:
            card[-1] += save_button(
                key=paper.key,
                date=found["date"],
                ris=found["ris"],
                csl=found["csl"],
                page=builder.get_target_uri(paper.docname),
                bibtex=found["bibtex"],
            )
        cards += card
    return [heading, cards]


def _card(builder: Builder, docname: str, paper: Paper, *, chinese: bool) -> nodes.container:
    card = nodes.container(classes=["digest-home-card"])
    meta = nodes.paragraph(classes=["digest-home-meta"])
    if paper.category:
        meta += nodes.inline(paper.category, paper.category, classes=["digest-chip"])
    if paper.highlighted:
        star = "★ " + _("Highlighted")
        meta += nodes.inline(star, star, classes=["digest-star"])
    card += meta
    # The title a reader of the interface's language reads first; the digest's English one under it.
    lead = paper.title_zh if chinese and paper.title_zh else paper.title
    marked = [CHINESE_CLASS] if chinese and paper.title_zh else []
    shown = nodes.inline(lead, lead, classes=["digest-paper", *marked])
    title = nodes.paragraph(classes=["digest-home-title"])
    title += make_refnode(builder, docname, paper.docname, paper.key, shown, paper.title)
    card += title
    if lead != paper.title:
        card += nodes.paragraph(paper.title, paper.title, classes=["digest-home-subtitle"])
    if paper.summary:
        card += nodes.paragraph(paper.summary, paper.summary, classes=["digest-home-summary", CHINESE_CLASS])
    byline = _byline(paper)
    if byline:
        card += nodes.paragraph(byline, byline, classes=["digest-home-byline"])
    card += _actions(builder, docname, paper)
    return card


def _byline(paper: Paper) -> str:
    if not paper.authors:
        return paper.affiliations[0] if paper.affiliations else ""
    author = paper.authors[0]
    if len(paper.authors) > 1:
        author = _("{author} et al.").format(author=author)
    if paper.affiliations:
        return _("{author} · {affiliation}").format(author=author, affiliation=paper.affiliations[0])
    return author


def _actions(builder: Builder, docname: str, paper: Paper) -> nodes.paragraph:
    actions = nodes.paragraph(classes=["digest-home-actions"])
    if paper.arxiv:
        for text, uri in ((_("arXiv"), _ARXIV_ABSTRACT), (_("PDF"), "https://arxiv.org/pdf/")):
            actions += nodes.reference(text, text, refuri=uri + paper.arxiv, classes=["digest-action"])
    cite = _("Cite")
    link = make_refnode(builder, docname, paper.docname, paper.key, nodes.inline(cite, cite), cite)
    link["classes"].append("digest-action")
    actions += link
    return actions


def _days_before(builder: Builder, docname: str, days: list[tuple[str, list[Paper]]]) -> nodes.bullet_list:
    before = nodes.bullet_list(classes=["digest-home-before"])
    for page, papers in days:
        date = long_date(papers[0].date)
        link = make_refnode(builder, docname, page, "", nodes.inline(date, date), date)
        item = nodes.paragraph("", "", link)
        first = papers[0].title_zh if papers[0].title_zh else papers[0].title
        line = _("{papers}: {title}, …").format(papers=count(len(papers), "paper"), title=first)
        item += nodes.Text(" · " + line)
        before += nodes.list_item("", item)
    return before


def _years(app: Sphinx, docname: str, years: list[int]) -> list[nodes.Node]:
    """Each year's page, then each year's PDF volume."""
    by_year = nodes.paragraph("", _("By year: "), classes=["digest-home-years"])
    volumes = nodes.paragraph("", _("Volumes (PDF): "), classes=["digest-home-volumes"])
    newest = max(years, default=0)
    linked = [(year, uri) for year in years if (uri := volume_uri(app.config, docname, year, newest))]
    for index, year in enumerate(years):
        if index:
            by_year += nodes.Text(" · ")
        target = f"{app.config.digest_pages_dir}/{year}/index"
        shown = nodes.inline(str(year), str(year))
        by_year += make_refnode(app.builder, docname, target, "", shown, str(year))
    for index, (year, uri) in enumerate(linked):
        if index:
            volumes += nodes.Text(" · ")
        volumes += nodes.reference(str(year), str(year), refuri=uri)
    return [by_year, volumes] if linked else [by_year]
