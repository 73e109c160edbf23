"""The MyST page of one digest, from the finished :class:`DigestPage`.

Everything here is a pure function from models to text, and deterministic:
the same page gives the same bytes. What a page needs from the rest of the
archive (its neighbours, its entries' citation keys and BibTeX) is worked
out before rendering, and handed in with the digest.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from urllib.parse import urlencode

from ..i18n import long_date
from ..model import ONE_LINE_LABEL, Digest, Entry, Section, SummaryPart
from .arxiv import arxiv_id
from .bibtex import Citation
from .contract import ARXIV_CLASS, CHINESE_CLASS, DOWNLOADS_CLASS, NEIGHBOURS_CLASS, Card, Summary, fenced
from .myst import DOWNLOADS, entry_label, escape, link, page_path
from .reference import coins


@dataclass(frozen=True)
class Neighbours:
    """The digests before and after a page's, for its previous/next links."""

    previous: dt.date | None = None
    next: dt.date | None = None


@dataclass(frozen=True)
class DigestPage:
    """A digest with what its page needs from the rest of the archive."""

    digest: Digest
    neighbours: Neighbours
    #: One per entry, in order (:func:`~digest_archive.render.bibtex.citations`).
    citations: Sequence[Citation]


# --- the digest page -----------------------------------------------------------


def render_digest(page: DigestPage) -> str:
    """The MyST page of one digest."""
    digest = page.digest
    if digest.date is None:
        raise ValueError(f"{digest.source}: a digest needs a date to be rendered")
    date = digest.date
    out: list[str] = [
        "---",
        "orphan: true",
        *_neighbour_metadata(page.neighbours),
        "---",
        "",
        f"(digest-{date.isoformat()})=",
        f"# {long_date(date)}",
        "",
    ]
    out += _navigation(page.neighbours)
    out += _preamble(digest)
    legend = {item.code: item.name for item in digest.legend}
    more_heading_done = False
    for index, entry in enumerate(digest.entries):
        if entry.section is Section.MORE and not more_heading_done:
            out += [f"## {escape(digest.more_heading or '另外几篇值得关注的论文:')}", ""]
            more_heading_done = True
        out += _entry(digest, index, entry, page.citations[index], legend)
    if digest.more_heading is not None and not more_heading_done:
        # A heading with no shorter entry after it is still the digest's text.
        out += [f"## {escape(digest.more_heading)}", ""]
    if digest.footer:
        out += ["---", "", *_chinese([digest.footer])]
    out += _unparsed(digest)
    out += _downloads(date)
    out += [f"Raw digest: {_raw_file(digest.source)}", ""]
    return "\n".join(out)


def _downloads(date: dt.date) -> list[str]:
    """Links to the files of the page's papers (written by the converter, published by the extension).

    For the web only: the extension leaves the block out of the PDF, which
    has no files next to it.
    """
    files = [f"{{digest:download}}`{page_path(date)}{suffix}`" for suffix in DOWNLOADS]
    return [
        f"```{{container}} {DOWNLOADS_CLASS}",
        f"The papers as BibTeX or RIS: {' · '.join(files)}",
        "```",
        "",
    ]


# Letters, digits and the path's own punctuation: nothing that could end a role's backticks.
_PLAIN_PATH = re.compile(r"[A-Za-z0-9_./-]+")


def _raw_file(source: str) -> str:
    """The raw file's name, linked to its published copy by ``{digest:raw}`` when it is a plain path."""
    return f"{{digest:raw}}`{source}`" if _PLAIN_PATH.fullmatch(source) else escape(source)


#: The metadata naming a digest page's neighbours (``"2021/2021-04-26"``,
#: below the pages folder), for the theme's previous and next links.
PREVIOUS_KEY = "digest-previous"
NEXT_KEY = "digest-next"


def _neighbour_metadata(neighbours: Neighbours) -> list[str]:
    # Quoted: YAML would read a bare date as a date.
    return [
        f'{key}: "{page_path(date)}"'
        for key, date in ((PREVIOUS_KEY, neighbours.previous), (NEXT_KEY, neighbours.next))
        if date is not None
    ]


def _navigation(neighbours: Neighbours) -> list[str]:
    parts = []
    if neighbours.previous:
        parts.append(f"← previous: [{neighbours.previous.isoformat()}]({_relative(neighbours.previous)})")
    if neighbours.next:
        parts.append(f"next: [{neighbours.next.isoformat()}]({_relative(neighbours.next)}) →")
    if not parts:
        return []
    # Links between pages are for the web; the PDF reads straight through.
    return ["````{only} html", f"```{{container}} {NEIGHBOURS_CLASS}", " · ".join(parts), "```", "````", ""]


def _relative(date: dt.date) -> str:
    """A digest page's path relative to another digest page."""
    return f"../{page_path(date)}.md"


def _preamble(digest: Digest) -> list[str]:
    out = []
    if digest.legend or digest.highlight_note:
        legend = "  ".join(f"{item.code} - {item.name}" for item in digest.legend)
        if digest.highlight_note:
            legend = f"{legend} {digest.highlight_note}".strip()
        out += _chinese([legend])
    if digest.via:
        out += _chinese([digest.via])
    if digest.overview_zh:
        out += _chinese([f"摘要:{digest.overview_zh}"])
    return out


def _entry(digest: Digest, index: int, entry: Entry, citation: Citation, legend: dict[str, str]) -> list[str]:
    assert digest.date is not None
    number = f"{entry.number}\\. " if entry.number is not None else ""
    heading = "##" if entry.section is Section.FEATURED else "###"
    out = [
        f"({entry_label(digest.date, index)})=",
        f"{heading} {number}{escape(entry.title) or '(untitled)'}",
        "",
    ]
    if entry.title_zh:
        out += _chinese([entry.title_zh])
    out += _card(digest, entry, citation, legend.get(entry.category, ""))
    # The lead and the parts are the whole summary, its labels included: shown once, as they are.
    if entry.summary_parts:
        out += _summary(entry.summary_lead, entry.summary_parts)
    else:
        out += _chinese(_paragraphs(entry.summary_zh))
    for paragraph in _paragraphs(entry.abstract_en):
        out += [escape(paragraph), ""]
    out += [f"```{{container}} {ARXIV_CLASS}", f"arXiv: {_arxiv_link(entry)}", "```", ""]
    if entry.links:
        out += ["Links: " + " · ".join(link(url) for url in entry.links), ""]
    # The figures' file names stay in the export: without the images they
    # are noise on the page.
    return out


def _arxiv_link(entry: Entry) -> str:
    """The paper on arXiv: its abstract page when its id is known, else a search for its title."""
    found = arxiv_id(entry)
    if found is not None:
        return link(f"https://arxiv.org/abs/{found}", f"arXiv:{found}")
    query = urlencode({"query": entry.title, "searchtype": "title"})
    return link(f"https://arxiv.org/search/?{query}", "search arXiv for the title")


def _card(digest: Digest, entry: Entry, citation: Citation, category_name: str) -> list[str]:
    """The ``{digest:paper}`` directive: what the entry's card shows, its BibTeX and COinS."""
    assert digest.date is not None
    card = Card(
        date=digest.date,
        title=entry.title,
        category=entry.category,
        category_name=category_name,
        highlighted=entry.highlighted,
        authors=entry.authors,
        authors_truncated=entry.authors_truncated,
        affiliations=entry.affiliations,
        year=entry.year,
        bibtex=citation.bibtex,
        coins=coins(digest, entry),
    )
    return fenced(card, argument=citation.key)


def _summary(lead: Sequence[str], parts: Sequence[SummaryPart]) -> list[str]:
    """The ``{digest:summary}`` directive: a summary's lead and labelled parts.

    The directive makes the lead paragraphs and the parts a definition list
    after them, marked as Chinese.
    """
    return fenced(Summary(lead=list(lead), parts=list(parts)))


def one_line_summary(entry: Entry) -> str:
    """The text of the entry's one-line summary (:data:`ONE_LINE_LABEL`) on one line; empty without one."""
    for part in entry.summary_parts:
        if part.label.strip() == ONE_LINE_LABEL:
            return " ".join(part.text.split())
    return ""


def _chinese(paragraphs: Iterable[str]) -> list[str]:
    """Paragraphs of Chinese in a container marked as Chinese; nothing for none.

    Escaped text cannot close the fence: every backtick in it is escaped.
    """
    escaped = [escape(paragraph) for paragraph in paragraphs]
    if not escaped:
        return []
    return [f"```{{container}} {CHINESE_CLASS}", "\n\n".join(escaped), "```", ""]


def _paragraphs(text: str | None) -> Iterable[str]:
    if not text:
        return ()
    return (paragraph for paragraph in text.split("\n\n") if paragraph.strip())


def _unparsed(digest: Digest) -> list[str]:
    if not digest.unparsed:
        return []
    out = [
        "```{admonition} Lines the parser could not place",
        ":class: warning",
        "",
        "`digest lint` reports these lines (DA101); they are shown here as written.",
        "",
    ]
    for line in digest.unparsed:
        out += [f"Line {line.line}: {escape(line.text)}", ""]
    out += ["```", ""]
    return out
