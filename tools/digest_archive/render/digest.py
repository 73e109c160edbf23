"""The MyST page of one digest, from the finished :class:`DigestPage`.

Everything here is a pure function from models to text, and deterministic:
the same page gives the same bytes. What a page needs from the rest of the
archive (its neighbours, its entries' citation keys and BibTeX) is worked
out before rendering, and handed in with the digest.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from urllib.parse import urlencode, urlsplit

from ..i18n import _, long_date
from ..model import ONE_LINE_LABEL, Digest, Entry, Section, SummaryPart
from ..text import urls
from ..text.identity import identity
from .arxiv import arxiv_id
from .bibtex import Citation
from .contract import (
    ABSTRACT_CLASS,
    ARXIV_CLASS,
    CHINESE_CLASS,
    DOWNLOADS_CLASS,
    NEIGHBOURS_CLASS,
    SUMMARY_CLASS,
    TITLE_ZH_CLASS,
    Card,
    Mention,
    Related,
    Summary,
    fenced,
)
from .credit import first_post
from .myst import DOWNLOADS, entry_label, escape, link, page_path
from .reference import CardRecords, card_records


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
    #: For each entry, the other digests that list its paper (none when empty or short).
    also_in: Sequence[Sequence[Mention]] = ()
    #: For each entry, the earlier papers most like it (none when empty or short).
    related: Sequence[Sequence[Related]] = ()


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
        *_post_metadata(digest),
        "---",
        "",
        f"(digest-{date.isoformat()})=",
        f"# {long_date(date)}",
        "",
    ]
    # Moving on, and the day's files, at both ends of the page: a reader who
    # has read to the bottom need not scroll back up for them.
    ends = _navigation(page.neighbours) + _downloads(date)
    out += ends
    out += _preamble(digest)
    legend = {item.code: item.name for item in digest.legend}
    more_heading_done = False
    for index, entry in enumerate(digest.entries):
        if entry.section is Section.MORE and not more_heading_done:
            heading = digest.more_heading or _("Other papers worth a look")
            out += [f"## {escape(heading)}", ""]
            more_heading_done = True
        elsewhere = page.also_in[index] if index < len(page.also_in) else ()
        like = page.related[index] if index < len(page.related) else ()
        out += _entry(digest, index, entry, page.citations[index], legend, elsewhere, like)
    if digest.more_heading is not None and not more_heading_done:
        # A heading with no shorter entry after it is still the digest's text.
        out += [f"## {escape(digest.more_heading)}", ""]
    if digest.footer:
        out += ["---", "", *_chinese([digest.footer])]
    out += _unparsed(digest)
    out += ends
    out += [_("Raw digest: {file}").format(file=_raw_file(digest.source)), ""]
    return "\n".join(out)


def _downloads(date: dt.date) -> list[str]:
    """Links to the files of the page's papers (written by the converter, published by the extension).

    For the web only: the extension leaves the block out of the PDF, which
    has no files next to it.
    """
    files = [f"{{digest:download}}`{page_path(date)}{suffix}`" for suffix in DOWNLOADS]
    return [
        f"```{{container}} {DOWNLOADS_CLASS}",
        _("The papers as BibTeX or RIS, the digest as JSON: {files}").format(files=" · ".join(files)),
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


#: The metadata naming the post a digest was first published in
#: (:func:`~.credit.first_post`), which its page's credit links.
POST_KEY = "digest-post"


def _post_metadata(digest: Digest) -> list[str]:
    post = first_post(digest)
    # JSON's string is one of YAML's double-quoted ones: any character escaped.
    return [] if post is None else [f"{POST_KEY}: {json.dumps(post)}"]


def _navigation(neighbours: Neighbours) -> list[str]:
    parts = []
    if neighbours.previous:
        previous = f"[{escape(long_date(neighbours.previous))}]({_relative(neighbours.previous)})"
        parts.append(_("← previous: {date}").format(date=previous))
    if neighbours.next:
        following = f"[{escape(long_date(neighbours.next))}]({_relative(neighbours.next)})"
        parts.append(_("next: {date} →").format(date=following))
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


def _entry(
    digest: Digest,
    index: int,
    entry: Entry,
    citation: Citation,
    legend: dict[str, str],
    also_in: Sequence[Mention],
    related: Sequence[Related],
) -> list[str]:
    assert digest.date is not None
    number = f"{entry.number}\\. " if entry.number is not None else ""
    heading = "##" if entry.section is Section.FEATURED else "###"
    untitled = _("(untitled)")
    out = [
        f"({entry_label(digest.date, index)})=",
        f"{heading} {number}{escape(entry.title) or escape(untitled)}",
        "",
    ]
    if entry.title_zh:
        out += _chinese([entry.title_zh], TITLE_ZH_CLASS)
    records = card_records(digest, entry, citation.key)
    out += _card(digest, index, entry, citation, records, legend.get(entry.category, ""), also_in, related)
    # The lead and the parts are the whole summary, its labels included: shown once, as they are.
    if entry.summary_parts:
        out += _summary(entry.summary_lead, entry.summary_parts)
    else:
        out += _chinese(_paragraphs(entry.summary_zh), SUMMARY_CLASS)
    abstract = [escape(paragraph) for paragraph in _paragraphs(entry.abstract_en)]
    if abstract:
        # Marked as English, on a Chinese page too; the extension folds it on the web.
        out += [f"```{{container}} {ABSTRACT_CLASS} language-en", "\n\n".join(abstract), "```", ""]
    out += [f"```{{container}} {ARXIV_CLASS}", " · ".join(_actions(entry, records.code)), "```", ""]
    # The figures' file names stay in the export: without the images they
    # are noise on the page.
    return out


def _actions(entry: Entry, code: str | None) -> list[str]:
    """The entry's links: on arXiv (its abstract page, else a search for its title), its PDF, then its others.

    The abstract page is given once: the entry's own links to it, to
    another version of it or to its PDF are left out, unless they say more
    (a query, a fragment), and are then shown as written.
    """
    found = arxiv_id(entry)
    if found is None:
        query = urlencode({"query": entry.title, "searchtype": "title"})
        shown = [link(f"https://arxiv.org/search/?{query}", _("search arXiv for the title"))]
    else:
        shown = [
            link(f"https://arxiv.org/abs/{found}", f"arXiv:{found}"),
            link(f"https://arxiv.org/pdf/{found}", _("PDF")),
        ]
    # The paper's code (code_url), from its links or its text, shown once, as what it is.
    if code is not None:
        shown.append(link(code, _("Code")))
    shown += [
        link(url)
        for url in entry.links
        if (found is None or not _same_paper(url, found)) and code not in urls.urls_in(url)
    ]
    return shown


def _same_paper(url: str, found: str) -> bool:
    """Whether ``url`` is no more than the paper ``found``'s page or PDF on arXiv, of any version."""
    on_arxiv = urls.arxiv_id(url)
    if on_arxiv is None or on_arxiv.id != found:
        return False
    parts = urlsplit(url.strip())
    return not parts.query and not parts.fragment


def _card(
    digest: Digest,
    index: int,
    entry: Entry,
    citation: Citation,
    records: CardRecords,
    category_name: str,
    also_in: Sequence[Mention],
    related: Sequence[Related],
) -> list[str]:
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
        coins=records.coins,
        # Saved with the paper to a reader's list, which exports them.
        ris=records.ris,
        csl=records.csl,
        identity=identity(entry),
        also_in=list(also_in),
        related=list(related),
        source=digest.source,
        position=index + 1,
        lines=(entry.line, _last_line(entry)),
    )
    return fenced(card, argument=citation.key)


def _last_line(entry: Entry) -> int:
    """The last raw line the parser placed a field of ``entry`` on."""
    return max([entry.line, *(span.line for spans in entry.spans.values() for span in spans)])


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


def _chinese(paragraphs: Iterable[str], *classes: str) -> list[str]:
    """Paragraphs of Chinese in a container marked as Chinese (and of ``classes``); nothing for none.

    Escaped text cannot close the fence: every backtick in it is escaped.
    """
    escaped = [escape(paragraph) for paragraph in paragraphs]
    if not escaped:
        return []
    return [f"```{{container}} {' '.join((CHINESE_CLASS, *classes))}", "\n\n".join(escaped), "```", ""]


def _paragraphs(text: str | None) -> Iterable[str]:
    if not text:
        return ()
    return (paragraph for paragraph in text.split("\n\n") if paragraph.strip())


def _unparsed(digest: Digest) -> list[str]:
    if not digest.unparsed:
        return []
    title = _("Lines the parser could not place")
    out = [
        f"```{{admonition}} {escape(title)}",
        ":class: warning",
        "",
        _("{command} reports these lines ({code}); they are shown here as written.").format(
            command="`digest lint`", code="DA101"
        ),
        "",
    ]
    for line in digest.unparsed:
        out += [_("Line {number}: {text}").format(number=line.line, text=escape(line.text)), ""]
    out += ["```", ""]
    return out
