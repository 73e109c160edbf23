"""Rules on the parsed digest's entries: each field there, in order, and dated right (DA101–DA111, DA113)."""

from __future__ import annotations

from collections.abc import Iterator

from ..model import Digest, Entry, Section
from ..text.categories import is_category
from ..text.dates import arxiv_month, date_from_path, date_range, in_range, posted_on
from .registry import Finding, Severity, rule

# --- errors -------------------------------------------------------------------


@rule("DA101", "unparsed-line", Severity.ERROR)
def unparsed_line(digest: Digest) -> Iterator[Finding]:
    """A line fits no field of any entry.

    Every line must be part of the digest's header, an entry or the closing
    line. A line in the wrong place (an affiliation after the abstract, text
    after the figures) or of no known shape is reported with the reason.

    Bad::

        1、[LG] Neural Mechanics
        D Kunin, S Ganguli
        [Stanford University]
        神经力学。
        Predicting the dynamics of neural network parameters.
        https://weibo.com/1402400261/JyFsjATR5
        see the paper for details

    Good::

        1、[LG] Neural Mechanics
        D Kunin, S Ganguli
        [Stanford University]
        神经力学。
        Predicting the dynamics of neural network parameters; see the paper for details.
        https://weibo.com/1402400261/JyFsjATR5
    """
    for line in digest.unparsed:
        yield Finding(line.line, line.column, f"unparsed line: {line.reason}")


@rule("DA102", "missing-title", Severity.ERROR)
def missing_title(digest: Digest) -> Iterator[Finding]:
    """An entry has no title after its category.

    Bad::

        1、[LG]
        D Kunin, S Ganguli
        [Stanford University]
        神经力学。
        https://weibo.com/1402400261/JyFsjATR5

    Good::

        1、[LG] Neural Mechanics
        D Kunin, S Ganguli
        [Stanford University]
        神经力学。
        https://weibo.com/1402400261/JyFsjATR5
    """
    for entry in digest.entries:
        if not entry.title:
            yield Finding(entry.line, 1, "entry has no title")


@rule("DA103", "missing-authors", Severity.ERROR)
def missing_authors(digest: Digest) -> Iterator[Finding]:
    """An entry has no author list.

    Authors follow the title (and, in the shorter entries, the Chinese
    title), written as initials and surname, separated by commas.

    Bad::

        1、[LG] Neural Mechanics
        [Stanford University]
        神经力学。
        https://weibo.com/1402400261/JyFsjATR5

    Good::

        1、[LG] Neural Mechanics
        D Kunin, S Ganguli
        [Stanford University]
        神经力学。
        https://weibo.com/1402400261/JyFsjATR5
    """
    for entry in digest.entries:
        if not entry.authors:
            yield Finding(entry.line, 1, f"entry {label(entry)} has no authors")


@rule("DA104", "missing-link", Severity.ERROR)
def missing_link(digest: Digest) -> Iterator[Finding]:
    """An entry links to nothing: no Weibo post, no arXiv page.

    Bad::

        1、[LG] Neural Mechanics
        D Kunin, S Ganguli
        [Stanford University]
        神经力学。

    Good::

        1、[LG] Neural Mechanics
        D Kunin, S Ganguli
        [Stanford University]
        神经力学。
        https://weibo.com/1402400261/JyFsjATR5
    """
    for entry in digest.entries:
        if not entry.links:
            yield Finding(entry.line, 1, f"entry {label(entry)} has no link")


@rule("DA105", "duplicate-number", Severity.ERROR)
def duplicate_number(digest: Digest) -> Iterator[Finding]:
    """Two entries carry the same number.

    Bad::

        1、[LG] Neural Mechanics
        D Kunin, S Ganguli
        神经力学。
        https://weibo.com/1402400261/JyFsjATR5

        1、[LG] Variable-Shot Adaptation for Online Meta-Learning
        T Yu, C Finn
        在线元学习。
        https://weibo.com/1402400261/JyFxGnIcd

    Good::

        1、[LG] Neural Mechanics
        D Kunin, S Ganguli
        神经力学。
        https://weibo.com/1402400261/JyFsjATR5

        2、[LG] Variable-Shot Adaptation for Online Meta-Learning
        T Yu, C Finn
        在线元学习。
        https://weibo.com/1402400261/JyFxGnIcd
    """
    seen: dict[int, int] = {}
    for entry in digest.entries:
        if entry.number is None:
            continue
        if entry.number in seen:
            first = seen[entry.number]
            yield Finding(entry.line, 1, f"entry number {entry.number} already used on line {first}")
        else:
            seen[entry.number] = entry.line


@rule("DA106", "number-out-of-sequence", Severity.ERROR)
def number_out_of_sequence(digest: Digest) -> Iterator[Finding]:
    """Entry numbers do not count 1, 2, 3, … in order: one is skipped or misplaced.

    Bad::

        1、[LG] Neural Mechanics
        D Kunin, S Ganguli
        神经力学。
        https://weibo.com/1402400261/JyFsjATR5

        3、[LG] Variable-Shot Adaptation for Online Meta-Learning
        T Yu, C Finn
        在线元学习。
        https://weibo.com/1402400261/JyFxGnIcd

    Good::

        1、[LG] Neural Mechanics
        D Kunin, S Ganguli
        神经力学。
        https://weibo.com/1402400261/JyFsjATR5

        2、[LG] Variable-Shot Adaptation for Online Meta-Learning
        T Yu, C Finn
        在线元学习。
        https://weibo.com/1402400261/JyFxGnIcd
    """
    expected = 1
    used: set[int] = set()
    for entry in digest.entries:
        if entry.number is None:
            continue
        if entry.number in used:
            continue  # reported by duplicate-number
        used.add(entry.number)
        if entry.number != expected:
            yield Finding(entry.line, 1, f"entry numbered {entry.number}, expected {expected}")
        expected = entry.number + 1


@rule("DA107", "unknown-category", Severity.ERROR)
def unknown_category(digest: Digest) -> Iterator[Finding]:
    """An entry's category is missing or not an arXiv subject code.

    Categories are arXiv codes, short (``LG``, ``CV``, ``ME``) or full
    (``cs.LG``, ``stat.ME``, ``quant-ph``).

    Bad::

        1、[ML4] Neural Mechanics
        D Kunin, S Ganguli
        神经力学。
        https://weibo.com/1402400261/JyFsjATR5

    Good::

        1、[LG] Neural Mechanics
        D Kunin, S Ganguli
        神经力学。
        https://weibo.com/1402400261/JyFsjATR5
    """
    for entry in digest.entries:
        if not entry.category:
            yield Finding(entry.line, 1, f"entry {label(entry)} has no [category]")
        elif not is_category(entry.category):
            yield Finding.at(entry.span("category"), f"unknown arXiv category [{entry.category}]")


@rule("DA108", "missing-summary", Severity.ERROR)
def missing_summary(digest: Digest) -> Iterator[Finding]:
    """A featured (numbered) entry has no Chinese summary.

    Bad::

        1、[LG] Neural Mechanics
        D Kunin, S Ganguli
        [Stanford University]
        Predicting the dynamics of neural network parameters.
        https://weibo.com/1402400261/JyFsjATR5

    Good::

        1、[LG] Neural Mechanics
        D Kunin, S Ganguli
        [Stanford University]
        神经力学。
        Predicting the dynamics of neural network parameters.
        https://weibo.com/1402400261/JyFsjATR5
    """
    for entry in digest.section(Section.FEATURED):
        if not entry.summary_zh:
            yield Finding(entry.line, 1, f"featured entry {label(entry)} has no Chinese summary")


@rule("DA109", "no-entries", Severity.ERROR)
def no_entries(digest: Digest) -> Iterator[Finding]:
    """The file has text but not a single entry.

    Entries start with a number and an arXiv category in brackets:
    ``1、[LG] Title``; the shorter ones with the category alone.

    Bad::

        LG - 机器学习 CV - 计算机视觉
        Neural Mechanics, by D Kunin and S Ganguli

    Good::

        LG - 机器学习 CV - 计算机视觉

        1、[LG] Neural Mechanics
        D Kunin, S Ganguli
        神经力学。
        https://weibo.com/1402400261/JyFsjATR5
    """
    if not digest.entries:
        yield Finding(1, 1, "no entries found; entries start like 1、[LG] Title")


@rule("DA111", "date-mismatch", Severity.ERROR)
def date_mismatch(digest: Digest) -> Iterator[Finding]:
    """The file name's date disagrees with what the entries' links say.

    Weibo post codes encode when the post was made: the first post of a
    digest must be of the file's day (Beijing time), the others of that day
    or the next. A code that decodes to a day no digest can have (before
    2009-08-14 or after tomorrow) is a mangled link. arXiv ids give the month
    a paper was submitted, which cannot be after the digest's.

    Bad (``raw/2020/2020-12-15.txt``)::

        1、[LG] Neural Mechanics
        D Kunin, S Ganguli
        神经力学。
        https://weibo.com/1402400261/JyFsjATR5

    Good (``raw/2020/2020-12-16.txt``)::

        1、[LG] Neural Mechanics
        D Kunin, S Ganguli
        神经力学。
        https://weibo.com/1402400261/JyFsjATR5
    """
    date = date_from_path(digest.source)
    if date is None:
        return
    posts = []
    for entry in digest.entries:
        for url, span in zip(entry.links, entry.spans.get("links", []), strict=True):
            if (posted := posted_on(url)) is not None:
                if in_range(posted):
                    posts.append((posted, span, url))
                else:
                    what = f"Weibo post code decodes to {posted}, outside the dates a digest can have"
                    yield Finding.at(span, f"{what} ({date_range()}): a mangled link?")
            elif (month := arxiv_month(url)) is not None and month > (date.year, date.month):
                yield Finding.at(span, f"arXiv paper of {month[0]}-{month[1]:02d} in a digest dated {date}")
    if not posts:
        return
    first, span, _ = min(posts, key=lambda post: post[0])
    if first != date:
        yield Finding.at(span, f"first Weibo post was made on {first}, the file is dated {date}")
        return
    for posted, span, _ in posts:
        if (posted - date).days not in (0, 1):
            yield Finding.at(span, f"Weibo post made on {posted}, the file is dated {date}")


@rule("DA113", "run-together-head", Severity.ERROR)
def run_together_head(digest: Digest) -> Iterator[Finding]:
    """An entry's title runs on into the fields after it: authors, ``[affiliations]``, Chinese text.

    A web page copied without its line breaks runs an entry's head into one
    line: title, authors, ``[affiliations]``, Chinese title, ``要点:``. The
    parser cuts such a line where each field starts and reads them all, but
    the raw file must be fixed: the error points where the title should
    have ended, the column to break the line at. A bracket is taken for the
    affiliations only where they can be: it names something (a letter, of
    any script) and ends the title's Latin text, before the line's end,
    Chinese text or a link; a footnote's ``[^1]``, a citation's ``[1]``
    or ``[2, 3]`` and a bracket with more of the title after it
    (``[Re] …``) stay in the title. (A title of hundreds of characters
    that holds none of these is reported by DA112.) ``digest lint --fix``
    puts the breaks back, before each field the parser found on the line,
    where the digest reads the same after (a safe fix).

    Bad::

        1、[LG] Neural Mechanics D Kunin, S Ganguli [Stanford University] 神经力学 要点:
        构建了统一的理论框架。
        Predicting the dynamics of neural network parameters.
        https://weibo.com/1402400261/JyFsjATR5

    Good::

        1、[LG] Neural Mechanics
        D Kunin, S Ganguli
        [Stanford University]
        神经力学
        要点:
        构建了统一的理论框架。
        Predicting the dynamics of neural network parameters.
        https://weibo.com/1402400261/JyFsjATR5
    """
    own = "give the authors, [affiliations] and Chinese title lines of their own"
    for entry in digest.entries:
        title = entry.spans.get("title")
        if not title:
            continue
        line = title[0].line
        ran_on = [
            (span.column, _RUN_ON.get(field, "the summary"))
            for field, spans in entry.spans.items()
            if field not in ("title", "category")
            for span in spans
            if span.line == line
        ]
        ran_on += [(unparsed.column, "text") for unparsed in digest.unparsed if unparsed.line == line]
        if ran_on:
            column, what = min(ran_on)
            yield Finding(line, column, f"title runs on into {what}: break the line here; {own}")


#: What a field read from the title's line is called, in a message.
_RUN_ON = {
    "authors": "the author list",
    "affiliations": "an [affiliation]",
    "title_zh": "the Chinese title",
    "abstract_en": "the English abstract",
    "links": "a link",
    "figures": "figure names",
}


def label(entry: Entry) -> str:
    return f"{entry.number}" if entry.number is not None else f"'{entry.title[:40]}'"
