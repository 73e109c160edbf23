"""The HTML of an author's or an affiliation's own page, and of its pages by year: the body the theme frames.

Written by hand, as a page of a few hundred names and papers written
through docutils' nodes would cost a doctree each; so every text, attribute
and address goes through :func:`~digest_archive.render.escaping.escape`.
The markup is lean: tens of thousands of these pages are published, and
each byte is paid once a name (``source/performance.md``); classes name
what a link leads to (``digest-paper``, ``digest-author``…). Titles of
papers are English: they carry ``lang="en"``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from ..i18n import N_, _, count, long_date
from ..text.categories import CATEGORY_NAMES, full_codes
from .escaping import escape
from .names import heading
from .profiles import Listed, Profile

#: The labels of a page's facts, translated when a page is made.
_KIND_LABELS = {"author": N_("Author"), "affiliation": N_("Affiliation")}


@dataclass(frozen=True)
class Links:
    """Where a name's page links, as URIs relative to it."""

    #: A paper's entry on its digest's page.
    paper: Callable[[Listed], str]
    #: Another name's own page: ``(kind, name)``.
    name: Callable[[str, str], str]
    #: A category's page.
    category: Callable[[str], str]
    #: The index of the name's kind.
    index: str
    #: A year's page of a name whose papers are listed a year a page: ``year``.
    year: Callable[[int], str]
    #: The name's own Atom feed; empty when the site has none (no ``html_baseurl``).
    feed: str = ""


def title(profile: Profile) -> str:
    """The page's title, for the theme's ``<title>``: the name itself."""
    return profile.name


def year_title(profile: Profile, year: int) -> str:
    """A year's page's title: ``S Ganguli: 2023``."""
    return _("{name}: {year}").format(name=profile.name, year=year)


def render_name_page(profile: Profile, links: Links) -> str:
    """The body of ``profile``'s own page: who, how many, when, in what, with whom, and its papers."""
    out = [f"<h1>{escape(profile.name, attribute=False)}</h1>"]
    out.append(f'<p class="digest-name-summary">{_summary(profile, links)}</p>')
    out.append(_navigation(links))
    out.append('<dl class="simple digest-name-facts">')
    # What a single paper's row already says (its year, its category) is not said twice:
    # tens of thousands of names have one paper, and each byte is paid once a name.
    if profile.heavy or len(profile.years) > 1:
        out.append(_fact(_("Years"), "digest-years", _years(profile, links)))
    if profile.categories and len(profile.papers) > 1:
        out.append(_fact(heading("category"), "digest-categories", _categories(profile.categories, links)))
    authors, affiliations = _companion_labels(profile.kind)
    if profile.authors:
        out.append(_fact(authors, "digest-authors", _names("author", profile.authors, links)))
    if profile.affiliations:
        out.append(
            _fact(affiliations, "digest-affiliations", _names("affiliation", profile.affiliations, links))
        )
    out.append("</dl>")
    if profile.heavy:
        note = _("{papers}: each year's are on a page of their own, linked above.")
        out.append(
            f"<p>{escape(note.format(papers=count(len(profile.papers), 'paper')), attribute=False)}</p>"
        )
    else:
        papers = _("Papers, newest first")
        out.append(f"<h2>{escape(papers, attribute=False)}</h2>")
        out.append(_papers(profile.papers, links))
    return "\n".join(out) + "\n"


def render_year_page(profile: Profile, year: int, links: Links) -> str:
    """The body of one year's page of a name whose papers are listed a year a page."""
    papers = [paper for paper in profile.papers if paper.date.year == year]
    back = _("All of {name}").format(name=profile.name)
    shown = _("{papers}, newest first.").format(papers=count(len(papers), "paper"))
    return "\n".join(
        [
            f"<h1>{escape(year_title(profile, year), attribute=False)}</h1>",
            f"<p>{escape(shown, attribute=False)}</p>",
            f'<p><a href="{escape(links.name(profile.kind, profile.name))}">'
            f"{escape(back, attribute=False)}</a></p>",
            _papers(papers, links),
            "",
        ]
    )


def _summary(profile: Profile, links: Links) -> str:
    """``Author · 12 papers, 2021–2023`` as HTML, the kind linked to its index."""
    papers = count(len(profile.papers), "paper")
    newest, oldest = profile.years[0][0], profile.years[-1][0]
    when = str(newest) if newest == oldest else f"{oldest}–{newest}"
    label = _(_KIND_LABELS[profile.kind])
    kind = f'<a href="{escape(links.index)}">{escape(label, attribute=False)}</a>'
    # A placeholder no message holds stands for the link while the sentence is escaped.
    shown = _("{kind} · {papers}, {years}").format(kind="\0", papers=papers, years=when)
    return escape(shown, attribute=False).replace("\0", kind)


def _navigation(links: Links) -> str:
    """The name's feed, styled as every page's subscribe links; the frame links the indices."""
    if not links.feed:
        return ""
    subscribe = _("Subscribe (Atom)")
    return (
        f'<p class="digest-subscribe"><a class="reference external" href="{escape(links.feed)}" '
        f'type="application/atom+xml">{escape(subscribe, attribute=False)}</a></p>'
    )


def _companion_labels(kind: str) -> tuple[str, str]:
    if kind == "author":
        return _("Co-authors"), heading("affiliation")
    return heading("author"), _("With affiliations")


def _fact(label: str, kind: str, value: str) -> str:
    """A fact of the page: its label, and its value in a ``dd`` whose class says what its links lead to."""
    return f'<dt>{escape(label, attribute=False)}</dt><dd class="{kind}">{value}</dd>'


def _years(profile: Profile, links: Links) -> str:
    if not profile.heavy:
        return " · ".join(f"{year} ({number})" for year, number in profile.years)
    return " · ".join(
        f'<a href="{escape(links.year(year))}">{year}</a> ({number})' for year, number in profile.years
    )


def _categories(categories: Sequence[tuple[str, int]], links: Links) -> str:
    shown = []
    for code, number in categories:
        codes = full_codes(code)
        note = f"{codes[0]}, {CATEGORY_NAMES[codes[0]]}" if codes else code
        shown.append(
            f'<a href="{escape(links.category(code))}" title="{escape(note)}">'
            f"{escape(code, attribute=False)}</a> ({number})"
        )
    return " · ".join(shown)


def _names(kind: str, names: Sequence[tuple[str, int]], links: Links) -> str:
    shown = []
    for name, number in names:
        uri, text = escape(links.name(kind, name)), escape(name, attribute=False)
        shown.append(f'<a href="{uri}">{text}</a> ({number})')
    return " · ".join(shown)


def _papers(papers: Sequence[Listed], links: Links) -> str:
    items = []
    for paper in papers:
        star = ' <span class="digest-star">★</span>' if paper.highlighted else ""
        chinese = (
            f'<br><span class="digest-title-zh">{escape(paper.title_zh, attribute=False)}</span>'
            if paper.title_zh
            else ""
        )
        when = escape(long_date(paper.date), attribute=False)
        category = f" · {escape(paper.category, attribute=False)}" if paper.category else ""
        link = f'<a href="{escape(links.paper(paper))}" lang="en">'
        meta = f"<small>{when}{category}</small>"
        items.append(f"<li>{link}{escape(paper.title, attribute=False)}</a>{star}{chinese}<br>{meta}</li>")
    joined = "\n".join(items)
    return f'<ul class="simple digest-papers digest-name-papers">\n{joined}\n</ul>'
