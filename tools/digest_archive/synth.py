"""Generate realistic raw digests, for benchmarks and scale tests.

A generated digest is one of the real digests (a *template*) rewritten entry
by entry: its layout, indentation, blank lines, headings and footer stay as
the template has them, while titles, authors, affiliations, summaries,
abstracts and links are new. The parser's spans say where each field sits in
its line, so the rewrite touches only field text and every layout the
templates use survives into the output.

New text is drawn from the templates' own sentences and names, plus coined
model names and people, so the vocabulary grows with the archive as a real
one does; authors and affiliations recur with a long-tailed frequency, which
keeps cross-references dense. Links are arXiv links of the digest's month
(Weibo codes encode the posting time, which generated text cannot honour).

Everything but :func:`load_templates` is a pure function of the templates, the count and the seed.
"""

from __future__ import annotations

import datetime as dt
import random
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from itertools import accumulate
from pathlib import Path

from .archive.files import load_all, read_raw
from .model import Digest, Entry, Section
from .text.shapes import normalize

# Template text is raw text, so these run in linear time too: each starts
# only where a sentence can (the text's start, or after a full stop), and
# scans to the next full stop once. Of an English sentence, from its first
# capital: a later capital would reach the same full stop with fewer letters.
_SENTENCE_ZH = re.compile(r"(?<![^。])[^。]++。")
_SENTENCE_EN = re.compile(r"(?:\A|(?<=[.!?]))[^A-Z.!?]*+([A-Z][^.!?]{20,}+[.!?])(?=\s|$)")
_WORD = re.compile(r"[A-Za-z][A-Za-z-]{3,}")
_NUMBER = re.compile(r"^(\s*)\d+(、)")
_SYLLABLES = [
    "ka",
    "ri",
    "to",
    "mo",
    "na",
    "se",
    "lu",
    "vi",
    "de",
    "ran",
    "chen",
    "wang",
    "li",
    "zhao",
    "sun",
    "ber",
    "gar",
    "nov",
    "ell",
    "ton",
    "ski",
]


@dataclass(frozen=True)
class Template:
    """A real digest: its text and its parsed model."""

    text: str
    digest: Digest


@dataclass(frozen=True)
class _Pools:
    authors: list[str]
    author_weights: list[float]
    affiliations: list[str]
    affiliation_weights: list[float]
    title_words: list[str]
    sentences_zh: list[str]
    sentences_en: list[str]


def synthesize(
    templates: Sequence[Template], count: int, *, seed: int = 0, start: dt.date = dt.date(2023, 1, 1)
) -> Iterator[tuple[dt.date, str]]:
    """``count`` digests dated consecutively from ``start``, as (date, raw text)."""
    usable = [template for template in templates if template.digest.entries]
    if not usable:
        raise ValueError("synthesize needs at least one template digest with entries")
    rng = random.Random(seed)
    pools = _pools(usable, rng)
    paper = 0
    for day in range(count):
        date = start + dt.timedelta(days=day)
        template = usable[day % len(usable)]
        text, paper = _digest(template, date, pools, rng, paper)
        yield date, text


def _pools(templates: Sequence[Template], rng: random.Random) -> _Pools:
    entries = [entry for template in templates for entry in template.digest.entries]
    real_authors = sorted({name for entry in entries for name in entry.authors})
    coined_authors = sorted({_coined_person(rng) for _ in range(4000)})
    authors = real_authors + coined_authors
    real_affiliations = sorted({name for entry in entries for name in entry.affiliations})
    coined_affiliations = sorted({_coined_institution(rng) for _ in range(400)})
    affiliations = real_affiliations + coined_affiliations
    rng.shuffle(authors)
    rng.shuffle(affiliations)
    text_zh = " ".join(entry.summary_zh or "" for entry in entries)
    text_en = " ".join(entry.abstract_en or "" for entry in entries)
    return _Pools(
        authors=authors,
        # Zipf-like: a few people and places appear in many digests.
        author_weights=list(accumulate(1 / (rank + 1) ** 0.9 for rank in range(len(authors)))),
        affiliations=affiliations,
        affiliation_weights=list(accumulate(1 / (rank + 1) for rank in range(len(affiliations)))),
        title_words=sorted({word for entry in entries for word in _WORD.findall(entry.title)}),
        sentences_zh=[s.strip() for s in _SENTENCE_ZH.findall(text_zh) if "http" not in s] or ["摘要。"],
        sentences_en=[s.strip() for s in _SENTENCE_EN.findall(text_en) if "http" not in s]
        or ["We study a problem."],
    )


def _coined_word(rng: random.Random, syllables: int) -> str:
    return "".join(rng.choice(_SYLLABLES) for _ in range(syllables))


def _coined_person(rng: random.Random) -> str:
    initials = " ".join(rng.choice("ABCDEFGHJKLMNPRSTWXYZ") for _ in range(rng.choice((1, 1, 2))))
    return f"{initials} {_coined_word(rng, rng.randint(2, 3)).capitalize()}"


def _coined_institution(rng: random.Random) -> str:
    name = _coined_word(rng, rng.randint(2, 3)).capitalize()
    return rng.choice(
        (f"University of {name}", f"{name} University", f"{name} Institute of Technology", f"{name} AI Lab")
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
        out.append(line)
    return out


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
    coined = _coined_word(rng, 3).capitalize() + rng.choice(("Net", "Former", "GAN", "RL", "Bench", ""))
    words = rng.sample(pools.title_words, k=min(len(pools.title_words), rng.randint(4, 9)))
    title = f"{coined}: " + " ".join(words).capitalize()
    authors = _weighted(pools.authors, pools.author_weights, rng, rng.randint(1, 8))
    written_authors = ", ".join(authors) + ("..." if entry.authors_truncated else "")
    affiliations = _weighted(pools.affiliations, pools.affiliation_weights, rng, rng.randint(1, 3))
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


def _weighted(population: list[str], cumulative: list[float], rng: random.Random, k: int) -> list[str]:
    """``k`` distinct names, drawn by the pools' long-tailed weights."""
    chosen: dict[str, None] = {}
    while len(chosen) < min(k, len(population)):
        chosen[rng.choices(population, cum_weights=cumulative)[0]] = None
    return list(chosen)


def load_templates(paths: Iterable[str]) -> list[Template]:
    """The readable digests below ``paths``, with their text, as templates for ``synthesize``."""
    templates = []
    for loaded in load_all(paths):
        if loaded.digest is not None:
            text = normalize(read_raw(Path(loaded.path)).decode("utf-8"))
            templates.append(Template(text, loaded.digest))
    return templates
