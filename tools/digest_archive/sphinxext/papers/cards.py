"""A paper's card: the node its directive makes, and how each builder writes it.

Digest pages declare their papers with ``{digest:paper}``; the directive
registers the paper with the domain and returns one :class:`paper_card`
node whose attributes hold the values. The ~35 ordinary nodes it stands for
are made only when a page is written (:func:`card_nodes`), for every
builder, and Sphinx's own writers write them: the card is described once.

On the web, :mod:`.web` lays each entry out as a compact card around it.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Iterable

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.builders import Builder
from sphinx.util.docutils import SphinxDirective
from sphinx.writers.html5 import HTML5Translator

from ...i18n import _, long_date
from ...render.contract import CHINESE_CLASS, DOMAIN, Card, Directive, read
from ...render.escaping import escape
from ...render.names import anchor, own_page
from ...render.profiles import NAMED
from ...text.categories import CATEGORY_NAMES, full_codes
from ..domain import Paper, digest_domain
from ..pdf.pdftext import name_index
from . import web


def setup(app: Sphinx) -> None:
    app.add_directive_to_domain(DOMAIN, Directive.PAPER, PaperDirective)
    # No writer visits a card: it is expanded into ordinary nodes before any writes.
    app.add_node(paper_card)
    app.add_node(cite_block, html=(visit_cite_block_html, None), latex=(skip_node, None))
    app.add_node(coins_span, html=(visit_coins_span_html, None), latex=(skip_node, None))
    web.setup(app)
    # After the search has taken the page's records from the cards (at the
    # default priority), before long runs are broken for the PDF (800).
    app.connect("doctree-resolved", _expand_paper_cards, priority=600)


class paper_card(nodes.Element):  # docutils names node classes in lower case
    """A paper's card: category, authors, affiliations, citation key and BibTeX.

    One node whose attributes hold the values, in the doctree that Sphinx
    transforms, pickles and keeps: the ~35 ordinary nodes it stands for are
    made only when a page is written (:func:`card_nodes`), the same for
    every builder, and Sphinx's own writers turn them into HTML or LaTeX.

    Attributes: ``ids`` (the citation key), ``date`` (its digest's, ISO),
    ``title``, ``category``, ``category_name`` (its name in the digest's
    legend, in Chinese), ``category_note`` (its arXiv name), ``highlighted``,
    ``authors``, ``authors_tail``, ``affiliations``, ``affiliations_tail``,
    ``bibtex``, ``coins``, ``ris`` and ``csl`` (its records for a reader's
    list: RIS, and a CSL-JSON item as JSON), ``also_in`` (the other digests that list the
    paper: ``[date, key]`` each, oldest first), ``related`` (the earlier papers most like
    it: ``[date, key, title]`` each, most alike first; on the web only), and where the entry is:
    ``source`` (its raw file), ``number`` (its place in the digest), ``line``
    and ``end_line`` (the raw lines it spans).
    """

    #: The attributes a reader searches as the paper's names; the BibTeX repeats them.
    searched = (
        "category",
        "category_name",
        "category_note",
        "authors",
        "authors_tail",
        "affiliations",
        "affiliations_tail",
    )


class cite_block(nodes.General, nodes.Element):  # docutils names node classes in lower case
    """A paper's BibTeX: a collapsed block in HTML, left out of the PDF.

    It holds the text only. The HTML is Sphinx's highlighted-block markup,
    so sphinx-copybutton gives it a button, without running Pygments' BibTeX
    lexer on every card (:func:`visit_cite_block_html`).
    """


class coins_span(nodes.General, nodes.Element):  # docutils names node classes in lower case
    """A paper's COinS: an empty ``span.Z3988`` whose ``title`` is its OpenURL ContextObject.

    Zotero's connector, and other reference managers, find the paper in it
    (:func:`~digest_archive.render.reference.coins`); one per card, so a
    page offers each of its papers. Left out of the PDF.
    """


def visit_coins_span_html(translator: HTML5Translator, node: coins_span) -> None:
    translator.body.append(_coins_html(node["title"]))
    raise nodes.SkipNode


def _coins_html(context: str) -> str:
    # The query string is percent-encoded already; its "&" is escaped as any
    # attribute's, the one escaping an attribute gets.
    return f'<span class="Z3988" title="{escape(context)}"></span>\n'


def skip_node(translator: nodes.NodeVisitor, node: nodes.Node) -> None:
    raise nodes.SkipNode


def visit_cite_block_html(translator: HTML5Translator, node: cite_block) -> None:
    translator.body.append(_bibtex_html(node.astext()))
    raise nodes.SkipNode


def _bibtex_html(bibtex: str, summary: str = "BibTeX") -> str:
    # Fixed markup around text that goes through the writer's own escaping.
    # The <pre> scrolls sideways, so it takes the keyboard's focus (as the
    # archive's other code blocks, sphinxext/writer.py).
    return (
        f'<details class="digest-cite">\n<summary>{escape(summary, attribute=False)}</summary>\n'
        '<div class="highlight-bibtex notranslate"><div class="highlight">'
        f'<pre tabindex="0">{escape(bibtex, attribute=False)}</pre></div>\n</div>\n</details>\n'
    )


#: Where a name links to, given its kind and the name; None where names are plain text.
NameLinks = Callable[[str, str], str | None] | None


def card_nodes(node: paper_card, links: NameLinks) -> list[nodes.Node]:
    """The card as ordinary nodes, for any builder to write.

    With ``links`` (HTML), each name is a reference to its entry on its
    listing page; the writer escapes every attribute. Without (the PDF, whose
    listing pages do not exist), names are plain text and the paper gets
    general-index entries instead (its back-matter index) and a target, so
    references to it get page numbers.
    """
    key = node["ids"][0]
    card = nodes.container(ids=[key], classes=node["classes"])
    # One line (it may wrap): what the paper is, then who wrote it, and where.
    line = nodes.paragraph(classes=["digest-meta"])
    pieces: list[list[nodes.Node]] = []
    if node["category"]:
        pieces.append([_category_chip(node, links)])
    if node["highlighted"]:
        star = _("★ highlighted")
        pieces.append([nodes.inline(star, star, classes=["digest-star"])])
    if node["authors"]:
        pieces.append([*_names("author", node["authors"], ", ", links), nodes.Text(node["authors_tail"])])
    if node["affiliations"] or node["affiliations_tail"]:
        pieces.append(
            [
                *_names("affiliation", node["affiliations"], " & ", links),
                nodes.Text(node["affiliations_tail"]),
            ]
        )
    for index, piece in enumerate(pieces):
        if index:
            line += nodes.Text(" · ")
        line.extend(piece)
    card += line
    if node.get("also_in"):
        card += _also_in(node["also_in"], links)
    if node["coins"]:
        card += coins_span(title=node["coins"])
    out: list[nodes.Node] = [card]
    if node.get("related") and links is not None:
        # On the web only, folded: a way on to other pages, not what the paper is.
        out.append(_related(node["related"], links))
    if links is None:
        # The target as docutils leaves one that precedes its element: LaTeX
        # labels it, so references to the paper get page numbers.
        out[:0] = [_index_entries(node), nodes.target("", "", refid=key)]
    if node["bibtex"]:
        out.append(cite_block("", nodes.Text(node["bibtex"])))
    return out


def _also_in(mentions: list[list[str]], links: NameLinks) -> nodes.Node:
    """The other digests that list the paper, each day linked to its card there in HTML."""
    line = nodes.paragraph(classes=["digest-also-in"])
    line += nodes.Text(_("Also in the digests of: ") if len(mentions) > 1 else _("Also in the digest of: "))
    for index, (date, key) in enumerate(mentions):
        if index:
            line += nodes.Text(_(", "))
        day = long_date(dt.date.fromisoformat(date))
        uri = links("paper", key) if links is not None else None
        if uri is None:
            line += nodes.Text(day)
        else:
            line += nodes.reference(day, day, refuri=uri, internal=True)
    return line


def _related(papers: list[list[str]], links: NameLinks) -> web.folded:
    """The earlier papers most like this one, folded under a line that counts them, each to its card."""
    fold = web.folded(
        classes=["digest-related"], summary=_("Related earlier papers ({count})").format(count=len(papers))
    )
    listed = nodes.bullet_list()
    for date, key, title in papers:
        item = nodes.paragraph()
        uri = links("paper", key) if links is not None else None
        item += nodes.Text(title) if uri is None else nodes.reference(title, title, refuri=uri, internal=True)
        item += nodes.Text(_(" ({date})").format(date=long_date(dt.date.fromisoformat(date))))
        listed += nodes.list_item("", item)
    fold += listed
    return fold


def _category_chip(node: paper_card, links: NameLinks) -> nodes.Node:
    """The category's code and its name in the digest's legend, linked to the category's page in HTML."""
    code = node["category"]
    shown: list[nodes.Node] = [nodes.inline(code, code, classes=["xref", "digest", "digest-category"])]
    if node["category_name"]:
        # Marked, as the legend is, so that it is drawn in the reader's Chinese faces.
        name = node["category_name"]
        shown += [nodes.Text(" "), nodes.inline(name, name, classes=[CHINESE_CLASS])]
    uri = links("category", code) if links is not None else None
    # The arXiv name (cs.LG, Machine Learning) is the chip's title: on hover, not on the line.
    note = node["category_note"] or code
    if uri is None:
        return nodes.inline("", "", *shown, classes=["digest-chip"])
    return nodes.reference("", "", *shown, refuri=uri, internal=True, reftitle=note, classes=["digest-chip"])


def name_links(builder: Builder, here: str) -> Callable[[str, str], str | None]:
    """Where, from the page ``here``, each name links.

    An author or an affiliation links to their own page
    (:mod:`..names.pages`), whose address never changes as the archive
    grows, so the card is never written again for it. A category links to
    its own page, and a paper (``"paper"``, by its key) to its card on its
    digest's page. None for a name without a page (the card shows it as text).
    """
    domain = digest_domain(builder.env)
    declared, stems = domain.names, domain.name_stems
    pages_dir = builder.config.digest_pages_dir
    uris: dict[str, str] = {}

    def link(kind: str, name: str) -> str | None:
        if kind == "paper":
            paper = domain.papers.get(name)
            return None if paper is None else f"{builder.get_relative_uri(here, paper.docname)}#{name}"
        if kind in NAMED:
            stem = stems[kind].get(name)
            return None if stem is None else builder.get_relative_uri(here, own_page(pages_dir, kind, stem))
        docname = declared.get(kind, {}).get(name)
        if docname is None:
            return None
        if docname not in uris:
            uris[docname] = builder.get_relative_uri(here, docname)
        return f"{uris[docname]}#{anchor(kind, name)}"

    return link


def _names(kind: str, names: Iterable[str], separator: str, links: NameLinks) -> list[nodes.Node]:
    out: list[nodes.Node] = []
    for name in names:
        if out:
            out.append(nodes.Text(separator))
        shown = nodes.inline(name, name, classes=["xref", "digest", f"digest-{kind}"])
        uri = links(kind, name) if links is not None else None
        if uri is None:
            out.append(shown)
        else:
            out.append(nodes.reference("", "", shown, refuri=uri, internal=True, reftitle=name))
    return out


def index_name(name: str) -> str:
    """An author as a printed index lists them: ``S Ganguli`` → ``Ganguli, S``."""
    words = name.split()
    if len(words) < 2:
        return " ".join(words)
    return f"{words[-1]}, {' '.join(words[:-1])}"


def _index_entries(node: paper_card) -> name_index:
    """General-index entries for the paper's authors and affiliations (the PDF's index), each name whole."""
    heads = [index_name(author) for author in node["authors"] if author.strip()]
    heads += [f"{affiliation} (affiliation)" for affiliation in node["affiliations"] if affiliation.strip()]
    return name_index(entries=[(head, node["title"]) for head in heads])


class PaperDirective(SphinxDirective):
    """``{digest:paper} KEY`` with its :class:`~digest_archive.render.contract.Card` as its body.

    The converter writes these; the body is data (JSON), never markup: every
    value becomes a node attribute, and the writers encode it. The directive
    registers the paper under KEY (also its anchor) and returns its
    :class:`paper_card`, in which the category, authors and affiliations link
    to the domain's index pages, the BibTeX (``"bibtex"`` in the body) is a
    collapsed block with a copy button, and the COinS (``"coins"``) an empty
    span for reference managers.
    """

    required_arguments = 1
    has_content = True

    def run(self) -> list[nodes.Node]:
        key = self.arguments[0]
        try:
            card = read(Card, self.content)
        except ValueError as error:
            raise self.error(f"digest:paper {key}: {error}") from None
        domain = digest_domain(self.env)
        domain.note_paper(
            Paper(
                key=key,
                title=card.title,
                date=card.date,
                docname=self.env.docname,
                authors=tuple(card.authors),
                affiliations=tuple(card.affiliations),
                category=card.category,
                highlighted=card.highlighted,
                identity=card.identity,
            ),
            location=self.get_location(),
        )
        node = paper_card(
            ids=[key],
            classes=["digest-paper"],
            date=card.date.isoformat(),
            title=" ".join(card.title.split()) or key,
            category=card.category,
            category_name=card.category_name,
            category_note=self._category_note(card),
            highlighted=card.highlighted,
            authors=list(card.authors),
            authors_tail="..." if card.authors_truncated else "",
            affiliations=list(card.affiliations),
            affiliations_tail=f" ({card.year})" if card.year else "",
            bibtex=card.bibtex,
            coins=card.coins,
            ris=card.ris,
            csl=json.dumps(card.csl, ensure_ascii=False, separators=(",", ":")) if card.csl else "",
            also_in=[[mention.date.isoformat(), mention.key] for mention in card.also_in],
            related=[[paper.date.isoformat(), paper.key, paper.title] for paper in card.related],
            source=card.source,
            number=card.position,
            line=card.lines[0],
            end_line=card.lines[1],
        )
        self.state.document.note_explicit_target(node)
        return [node]

    @staticmethod
    def _category_note(card: Card) -> str:
        """The category's name on arXiv (``cs.LG, Machine Learning``); empty for a code it does not name."""
        codes = full_codes(card.category)
        if codes and CATEGORY_NAMES[codes[0]] != codes[0]:
            return f"{codes[0]}, {CATEGORY_NAMES[codes[0]]}"
        return ""


def _expand_paper_cards(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    # Once a page is resolved, to be written: in HTML its names link to their
    # pages and each entry is laid out as a card; elsewhere (the PDF's LaTeX
    # above all) names are plain text.
    html = app.builder.format == "html"
    links = name_links(app.builder, docname) if html else None
    for card in list(doctree.findall(paper_card)):
        expanded = card_nodes(card, links)
        blocks = [node for node in expanded if isinstance(node, cite_block)]
        folds = [node for node in expanded if isinstance(node, web.folded)]
        if html and web.lay_out_entry(app, docname, card, blocks, folds):
            expanded = [node for node in expanded if not isinstance(node, cite_block | web.folded)]
        card.replace_self(expanded)
    if html:
        web.fold_abstracts(doctree)
