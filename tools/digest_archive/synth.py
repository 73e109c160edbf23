"""Generate realistic raw digests, for benchmarks and scale tests.

A generated digest is one of the real digests (a *template*) rewritten entry
by entry: its layout, indentation, blank lines, headings and footer stay as
the template has them, while titles, authors, affiliations, summaries,
abstracts and links are new. The parser's spans say where each field sits in
its line, so the rewrite touches only field text and every layout the
templates use survives into the output.

New text is drawn from the templates' own sentences and names, plus coined
model names, people and institutions, so the vocabulary grows with the archive
as a real one does. Links are arXiv links of the digest's month (Weibo codes
encode the posting time, which generated text cannot honour).

Digests are dated one a day from :data:`START`; from ``labelled_from`` on
(by default :data:`LABELLED_FROM`), featured entries are written in the layout the
digests took in 2023: a Chinese title on its own line after the
affiliations, then ``要点:`` with its points (one a line, or run together),
and the ``动机：``, ``方法：``, ``优势：`` and ``一句话总结：`` parts, now and
then with one left out, drawn apart from the other fields: the rest of a
digest is what it was before, draw for draw.

Authors and affiliations are drawn by :mod:`.synthnames`, whose processes
make them as long-tailed as real authorship.

Everything but :func:`load_templates` is a pure function of the templates, the count and the seed.
"""

from __future__ import annotations

import datetime as dt
import random
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from .archive.files import load_all, read_raw
from .model import ONE_LINE_LABEL, SUMMARY_LABELS, Digest, Entry, Section
from .synthnames import PitmanYor, affiliation_process, author_process, coined_word
from .text.dates import date_range, in_range
from .text.shapes import match_label, normalize, split_bilingual

# Template text is raw text, so these run in linear time too: each starts
# only where a sentence can (the text's start, or after a full stop), and
# scans to the next full stop once. Of an English sentence, from its first
# capital: a later capital would reach the same full stop with fewer letters.
_SENTENCE_ZH = re.compile(r"(?<![^。])[^。]++。")
_SENTENCE_EN = re.compile(r"(?:\A|(?<=[.!?]))[^A-Z.!?]*+([A-Z][^.!?]{20,}+[.!?])(?=\s|$)")
_WORD = re.compile(r"[A-Za-z][A-Za-z-]{3,}")
_NUMBER = re.compile(r"^(\s*)\d+(、)")
#: The first day whose featured entries are written in the labelled layout, unless told otherwise.
LABELLED_FROM = dt.date(2023, 1, 1)
#: The first generated digest's day, unless told otherwise: the first month
#: whose arXiv ids have the five digits synth writes, and far enough back
#: that 4,000 digests a day end before tomorrow, the last day a digest can have.
START = dt.date(2015, 1, 1)
#: The longest sentence taken for a Chinese title: real ones are a line of a page.
_LONGEST_TITLE_ZH = 60


@dataclass(frozen=True)
class Template:
    """A real digest: its text and its parsed model."""

    text: str
    digest: Digest


@dataclass(frozen=True)
class _Pools:
    authors: PitmanYor
    affiliations: PitmanYor
    title_words: list[str]
    sentences_zh: list[str]
    sentences_en: list[str]
    #: Sentences that read as a Chinese title or a point on a line of their own:
    #: none opens with a label, or ends in Latin text the parser would take for an abstract.
    lines_zh: list[str]
    #: Of those, the ones short enough for a title.
    titles_zh: list[str]
    #: The draws of the labelled layout, apart: every other field is drawn as it was before it.
    layout: random.Random
    #: The first day written in the labelled layout.
    labelled_from: dt.date


def synthesize(
    templates: Sequence[Template],
    count: int,
    *,
    seed: int = 0,
    start: dt.date = START,
    labelled_from: dt.date = LABELLED_FROM,
    first_paper: int = 0,
) -> Iterator[tuple[dt.date, str]]:
    """``count`` digests dated consecutively from ``start``, as (date, raw text).

    Papers are numbered on from ``first_paper``, and a paper's arXiv id is
    its digest's month and its number: digests generated apart list papers
    of their own when their numbers are apart.

    Every date must be one a digest can have (:func:`~digest_archive.text.dates.in_range`):
    the build refuses any other. A ``ValueError`` says so at once, before any is generated.
    """
    usable = [template for template in templates if template.digest.entries]
    if not usable:
        raise ValueError("synthesize needs at least one template digest with entries")
    try:
        last = start + dt.timedelta(days=max(count, 1) - 1)
    except OverflowError:
        last = dt.date.max
    if not (in_range(start) and in_range(last)):
        raise ValueError(f"{count:,} digests from {start} run to {last}: a digest is dated {date_range()}")
    return _generate(usable, count, seed, start, labelled_from, first_paper)


def _generate(
    usable: Sequence[Template],
    count: int,
    seed: int,
    start: dt.date,
    labelled_from: dt.date,
    first_paper: int,
) -> Iterator[tuple[dt.date, str]]:
    rng = random.Random(seed)
    pools = _pools(usable, rng, random.Random(f"labelled layout {seed}"), labelled_from)
    paper = first_paper
    for day in range(count):
        date = start + dt.timedelta(days=day)
        template = usable[day % len(usable)]
        text, paper = _digest(template, date, pools, rng, paper)
        yield date, text


def _pools(
    templates: Sequence[Template], rng: random.Random, layout: random.Random, labelled_from: dt.date
) -> _Pools:
    entries = [entry for template in templates for entry in template.digest.entries]
    # The templates' real names are the first new ones each process seats.
    real_authors = sorted({name for entry in entries for name in entry.authors})
    real_affiliations = sorted({name for entry in entries for name in entry.affiliations})
    rng.shuffle(real_authors)
    rng.shuffle(real_affiliations)
    text_zh = " ".join(entry.summary_zh or "" for entry in entries)
    text_en = " ".join(entry.abstract_en or "" for entry in entries)
    sentences_zh = [s.strip() for s in _SENTENCE_ZH.findall(text_zh) if "http" not in s] or ["摘要。"]
    lines_zh = [
        s for s in sentences_zh if match_label(s) is None and split_bilingual(s.rstrip("。")).abstract is None
    ] or ["摘要。"]
    return _Pools(
        authors=author_process(real_authors),
        affiliations=affiliation_process(real_affiliations),
        title_words=sorted({word for entry in entries for word in _WORD.findall(entry.title)}),
        sentences_zh=sentences_zh,
        sentences_en=[s.strip() for s in _SENTENCE_EN.findall(text_en) if "http" not in s]
        or ["We study a problem."],
        lines_zh=lines_zh,
        titles_zh=[s for s in lines_zh if len(s) <= _LONGEST_TITLE_ZH] or lines_zh,
        layout=layout,
        labelled_from=labelled_from,
    )


# --- one digest --------------------------------------------------------------------------


def _digest(
    template: Template, date: dt.date, pools: _Pools, rng: random.Random, paper: int
) -> tuple[str, int]:
    lines = template.text.split("\n")
    digest = template.digest
    starts = [entry.line for entry in digest.entries]
    # Where the template's last entry ends: its footer, or the end of the file.
    footer = digest.spans.get("footer")
    end = footer[0].line if footer else len(lines) + 1
    more = digest.spans.get("more_heading")
    more_line = more[0].line if more else None

    def block(index: int) -> tuple[Entry, list[str]]:
        following = starts[index + 1] if index + 1 < len(starts) else end
        if more_line is not None and starts[index] < more_line < following:
            following = more_line
        return digest.entries[index], lines[starts[index] - 1 : following - 1]

    featured = [block(i) for i, entry in enumerate(digest.entries) if entry.section is Section.FEATURED]
    extra = [block(i) for i, entry in enumerate(digest.entries) if entry.section is Section.MORE]
    total = rng.randint(5, 10)
    n_more = min(rng.randint(2, 4), total - 1) if extra else 0
    chosen_featured = [rng.choice(featured) for _ in range(total - n_more)] if featured else []
    chosen_more = [rng.choice(extra) for _ in range(n_more)]
    if not chosen_featured:
        chosen_more = [rng.choice(extra) for _ in range(total)]

    out = lines[: starts[0] - 1]
    for number, (entry, lines_) in enumerate(chosen_featured, start=1):
        paper += 1
        out += _entry(entry, lines_, number, date, paper, pools, rng)
    if chosen_more:
        out += lines[more_line - 1 : digest.entries[len(featured)].line - 1] if more_line else []
        for number, (entry, lines_) in enumerate(chosen_more, start=len(chosen_featured) + 1):
            paper += 1
            out += _entry(entry, lines_, number, date, paper, pools, rng)
    out += lines[end - 1 :]
    return "\n".join(out), paper


def _entry(
    entry: Entry,
    lines: list[str],
    number: int,
    date: dt.date,
    paper: int,
    pools: _Pools,
    rng: random.Random,
) -> list[str]:
    """The template entry's ``lines`` with every field's text replaced."""
    first = entry.line
    new = _fields(entry, date, paper, pools, rng)
    if date >= pools.labelled_from and entry.section is Section.FEATURED and "summary_zh" in entry.spans:
        new["summary_zh"] = [_labelled(pools, pools.layout)]
    by_line: dict[int, list[tuple[int, str, int]]] = {}
    for field, spans in entry.spans.items():
        for position, span in enumerate(spans):
            by_line.setdefault(span.line, []).append((span.column, field, position))
    out = []
    for offset, line in enumerate(lines):
        spans = sorted(by_line.get(first + offset, []))
        if spans:
            line = _rewrite(line, spans, new)
        if offset == 0:
            line = _NUMBER.sub(lambda match: f"{match[1]}{number}{match[2]}", line, count=1)
        # A labelled summary spans lines: each indented as the one it replaces.
        head, *rest = line.split("\n")
        indent = head[: len(head) - len(head.lstrip())]
        out += [head, *(f"{indent}{piece}" if piece else "" for piece in rest)]
    return out


def _labelled(pools: _Pools, rng: random.Random) -> str:
    """A Chinese title and a labelled summary, one line each (``\\n``-separated), in order."""
    labels = [label for label in SUMMARY_LABELS if rng.random() < 0.9] or [ONE_LINE_LABEL]
    lines = [rng.choice(pools.titles_zh).rstrip("。")]
    for label in labels:
        if label == "要点":
            points = [rng.choice(pools.lines_zh) for _ in range(rng.randint(2, 4))]
            lines.append(f"要点{rng.choice(':：')}")
            lines += points if rng.random() < 0.7 else ["".join(points)]
        else:
            if label == ONE_LINE_LABEL and rng.random() < 0.5:
                lines.append("")
            lines.append(f"{label}：{rng.choice(pools.sentences_zh)}")
    return "\n".join(lines)


def _rewrite(line: str, spans: list[tuple[int, str, int]], new: dict[str, list[str]]) -> str:
    """``line`` with each field's segment (from its column to the next one's) replaced."""
    out = [line[: spans[0][0] - 1]]
    for index, (column, field, position) in enumerate(spans):
        stop = spans[index + 1][0] - 1 if index + 1 < len(spans) else len(line)
        segment = line[column - 1 : stop]
        body = segment.rstrip()
        gap = segment[len(body) :]
        replacements = new.get(field)
        if replacements is not None and position < len(replacements):
            body = replacements[position] if field != "affiliations" or body.startswith("[") else body
        out.append(body + gap)
    return "".join(out)


def _fields(
    entry: Entry, date: dt.date, paper: int, pools: _Pools, rng: random.Random
) -> dict[str, list[str]]:
    coined = coined_word(rng, 3).capitalize() + rng.choice(("Net", "Former", "GAN", "RL", "Bench", ""))
    words = rng.sample(pools.title_words, k=min(len(pools.title_words), rng.randint(4, 9)))
    title = f"{coined}: " + " ".join(words).capitalize()
    authors = pools.authors.draw(rng, rng.randint(1, 8))
    written_authors = ", ".join(authors) + ("..." if entry.authors_truncated else "")
    affiliations = pools.affiliations.draw(rng, rng.randint(1, 3))
    summary = "".join(rng.choice(pools.sentences_zh) for _ in range(rng.randint(2, 5)))
    abstract = f"We propose {coined}. " + " ".join(
        rng.choice(pools.sentences_en) for _ in range(rng.randint(3, 8))
    )
    month = date.strftime("%y%m")
    links = [f"https://arxiv.org/abs/{month}.{paper % 100000:05d}" for _ in entry.links] or []
    return {
        "title": [title],
        "title_zh": [rng.choice(pools.sentences_zh).rstrip("。")],
        "authors": [written_authors],
        "affiliations": ["[" + " & ".join(affiliations) + "]"],
        "summary_zh": [summary],
        "abstract_en": [abstract],
        "links": links,
    }


def load_templates(paths: Iterable[str]) -> list[Template]:
    """The readable digests below ``paths``, with their text, as templates for ``synthesize``."""
    templates = []
    for loaded in load_all(paths):
        if loaded.digest is not None:
            text = normalize(read_raw(Path(loaded.path)).decode("utf-8"))
            templates.append(Template(text, loaded.digest))
    return templates
