"""Lint rules over raw digests, in one registry.

A rule is one small function registered with :func:`rule` (checks on the
parsed :class:`~digest_archive.model.Digest`), :func:`file_rule` (checks on
the file's bytes, run before parsing) or :func:`path_rule` (checks on where
the file is and what it is, run before it is opened). Its code, name and severity are given
at registration; its docstring holds a one-line summary, an explanation and
``Bad::``/``Good::`` examples. The rule reference in the docs is generated
from this registry, and the test-suite runs every example, so the reference
cannot drift from the code.

Codes: ``DA0xx`` files that are not read any further, ``DA1xx`` errors,
``DA2xx`` warnings.
"""

from __future__ import annotations

import inspect
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from enum import StrEnum
from itertools import islice, repeat
from typing import NamedTuple

from pydantic import BaseModel, ConfigDict

from .model import Digest, Entry, Section, Span
from .text.categories import is_category
from .text.dates import arxiv_month, date_from_path, weibo_date
from .text.layout import Kind, RawPath, ascii_hint, day_path, misplaced


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


class Stage(StrEnum):
    """What a rule looks at, in the order the loader gets to it."""

    PATH = "path"
    BYTES = "bytes"
    DIGEST = "digest"


class Finding(NamedTuple):
    """What a rule reports: where, and what is wrong there."""

    line: int
    column: int
    message: str

    @classmethod
    def at(cls, span: Span, message: str) -> Finding:
        return cls(span.line, span.column, message)


class Diagnostic(BaseModel):
    """A finding with its rule and file: one line of ``digest lint`` output."""

    model_config = ConfigDict(frozen=True)

    path: str
    line: int
    column: int
    code: str
    name: str
    severity: Severity
    message: str


DigestCheck = Callable[[Digest], Iterable[Finding]]
FileCheck = Callable[[bytes], Iterable[Finding]]
PathCheck = Callable[[RawPath], Iterable[Finding]]


@dataclass(frozen=True)
class Example:
    kind: str  # "Bad" or "Good"
    path: str
    text: str


@dataclass(frozen=True)
class Rule:
    code: str
    name: str
    severity: Severity
    check: DigestCheck | FileCheck | PathCheck
    stage: Stage

    @property
    def stops(self) -> bool:
        """A finding of this rule means the file is read no further (``DA0xx``)."""
        return self.code.startswith("DA0")

    @property
    def summary(self) -> str:
        return _docstring(self.check).split("\n", 1)[0]

    @property
    def explanation(self) -> str:
        """The docstring between the summary and the examples."""
        body = _docstring(self.check).partition("\n")[2]
        return _EXAMPLE_HEAD.split(body, maxsplit=1)[0].strip()

    @property
    def examples(self) -> list[Example]:
        parts = _EXAMPLE_HEAD.split(_docstring(self.check))
        examples = []
        for kind, path, block in zip(parts[1::3], parts[2::3], parts[3::3], strict=True):
            examples.append(Example(kind, path or EXAMPLE_PATH, inspect.cleandoc(block) + "\n"))
        return examples


#: The file name examples are linted under, unless they name another.
EXAMPLE_PATH = "raw/2020/2020-12-16.txt"
_EXAMPLE_HEAD = re.compile(r"^(Bad|Good)(?: \(``(.+?)``\))?::$", re.M)
_YEAR = re.compile(r"\A[0-9]{4}")

REGISTRY: dict[str, Rule] = {}


def _docstring(function: Callable[..., object]) -> str:
    return inspect.cleandoc(function.__doc__ or "")


def _register(code: str, name: str, severity: Severity, stage: Stage):
    def decorate(check):
        if code in REGISTRY:
            raise ValueError(f"lint code {code} registered twice")
        if not _docstring(check):
            raise ValueError(f"lint rule {code} needs a docstring")
        REGISTRY[code] = Rule(code, name, severity, check, stage)
        return check

    return decorate


def rule(code: str, name: str, severity: Severity) -> Callable[[DigestCheck], DigestCheck]:
    """Register a check on the parsed digest."""
    return _register(code, name, severity, Stage.DIGEST)


def file_rule(code: str, name: str) -> Callable[[FileCheck], FileCheck]:
    """Register a check on the raw bytes; any finding stops the file's parsing."""
    return _register(code, name, Severity.ERROR, Stage.BYTES)


def path_rule(code: str, name: str) -> Callable[[PathCheck], PathCheck]:
    """Register a check on a path, before the file is opened (an error)."""
    return _register(code, name, Severity.ERROR, Stage.PATH)


def select_rules(select: Iterable[str] = (), ignore: Iterable[str] = ()) -> list[Rule]:
    """The rules whose code starts with a selected prefix and no ignored one."""
    chosen = tuple(select) or ("",)
    skipped = tuple(ignore)
    return [
        rule
        for code, rule in sorted(REGISTRY.items())
        if code.startswith(chosen) and not (skipped and code.startswith(skipped))
    ]


def lint_path(rules: Iterable[Rule], path: RawPath) -> list[Diagnostic]:
    """Run the path rules: what is wrong with where the file is, or what it is."""
    return [
        _diagnostic(rule, path.name, finding)
        for rule in rules
        if rule.stage is Stage.PATH
        for finding in rule.check(path)  # type: ignore[arg-type]
    ]


def lint_bytes(rules: Iterable[Rule], path: str, data: bytes) -> list[Diagnostic] | None:
    """Run the byte-level rules; None means the file is fit to parse."""
    diagnostics = [
        _diagnostic(rule, path, finding)
        for rule in rules
        if rule.stage is Stage.BYTES
        for finding in rule.check(data)  # type: ignore[arg-type]
    ]
    if diagnostics:
        return diagnostics
    return None


def stops(diagnostics: Iterable[Diagnostic]) -> bool:
    """Whether any of ``diagnostics`` means the file is not read further (``DA0xx``)."""
    return any(REGISTRY[diagnostic.code].stops for diagnostic in diagnostics)


def lint_digest(rules: Iterable[Rule], digest: Digest, path: str | None = None) -> list[Diagnostic]:
    """Run the model-level rules over a parsed digest, sorted by position."""
    where = path if path is not None else digest.source
    diagnostics = [
        _diagnostic(rule, where, finding)
        for rule in rules
        if rule.stage is Stage.DIGEST
        for finding in rule.check(digest)  # type: ignore[arg-type]
    ]
    return sorted(diagnostics, key=lambda d: (d.line, d.column, d.code))


def _diagnostic(rule: Rule, path: str, finding: Finding) -> Diagnostic:
    return Diagnostic(
        path=path,
        line=finding.line,
        column=finding.column,
        code=rule.code,
        name=rule.name,
        severity=rule.severity,
        message=finding.message,
    )


# --- files not read any further ------------------------------------------------

#: The largest raw file the tools read: twenty times the largest real digest.
MAX_FILE_BYTES = 1 << 20


@file_rule("DA001", "binary-file")
def binary_file(data: bytes) -> Iterator[Finding]:
    """The file holds NUL bytes: it is binary, not a text digest.

    Raw digests are plain text. A NUL byte means an image, an archive or a
    UTF-16 file was committed in place of the text.
    """
    index = data.find(b"\0")
    if index >= 0:
        line = data.count(b"\n", 0, index) + 1
        column = index - data.rfind(b"\n", 0, index)
        yield Finding(line, column, "binary file (NUL byte); raw digests are UTF-8 text")


@file_rule("DA002", "not-utf-8")
def not_utf8(data: bytes) -> Iterator[Finding]:
    """The file is not valid UTF-8.

    Raw digests are stored as UTF-8. Text saved as GB18030/GBK (common for
    Chinese) must be converted first, e.g. ``iconv -f GB18030 -t UTF-8``.
    """
    if b"\0" in data:
        return
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        line_start = data.rfind(b"\n", 0, error.start) + 1
        # Columns count characters, as everywhere else; the line's head is valid UTF-8.
        column = len(data[line_start : error.start].decode("utf-8")) + 1
        if error.reason == "unexpected end of data":
            yield Finding(line, column, "not UTF-8: the file ends inside a character (truncated?)")
            return
        hint = ""
        try:
            data.decode("gb18030")
            hint = "; it decodes as GB18030: convert it with iconv -f GB18030 -t UTF-8"
        except UnicodeDecodeError:
            pass
        yield Finding(line, column, f"not UTF-8 (byte 0x{data[error.start]:02x}){hint}")


@file_rule("DA003", "empty-file")
def empty_file(data: bytes) -> Iterator[Finding]:
    """The file holds no text at all.

    An empty or whitespace-only file is most likely a failed copy or an
    unfinished pull request.
    """
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return
    if not text.strip().strip("\ufeff"):
        yield Finding(1, 1, "empty file: a digest needs at least one entry")


@path_rule("DA004", "not-a-file")
def not_a_file(path: RawPath) -> Iterator[Finding]:
    """The path is a symbolic link, a folder named like a digest, or a special file.

    A raw digest is a regular file, committed as the text it holds. A link
    would make the archive read, and publish, whatever it points at (another
    file of the checkout, ``/etc/passwd``); a FIFO or a device can block the
    reader forever. None of them is opened.
    """
    if path.kind is Kind.FILE or (path.kind is Kind.FOLDER and not path.name.endswith(".txt")):
        return
    what = "a folder named like a digest" if path.kind is Kind.FOLDER else f"a {path.kind.value}"
    yield Finding(1, 1, f"{what}, not a regular file; raw digests are plain files (not read)")


@path_rule("DA005", "file-too-large")
def file_too_large(path: RawPath) -> Iterator[Finding]:
    """The file is larger than any digest could be (1 MiB).

    Real digests are 10 to 50 KB. A file of megabytes is a mistake, or meant
    to exhaust the machines that check and build the archive; it is not read.
    """
    if path.kind is Kind.FILE and path.size > MAX_FILE_BYTES:
        yield Finding(
            1, 1, f"{path.size:,} bytes; a raw digest is at most {MAX_FILE_BYTES:,} bytes (not read)"
        )


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
            yield Finding(entry.line, 1, f"entry {_label(entry)} has no authors")


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
            yield Finding(entry.line, 1, f"entry {_label(entry)} has no link")


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
            yield Finding(entry.line, 1, f"entry {_label(entry)} has no [category]")
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
            yield Finding(entry.line, 1, f"featured entry {_label(entry)} has no Chinese summary")


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


@path_rule("DA110", "bad-file-name")
def bad_file_name(path: RawPath) -> Iterator[Finding]:
    """The file is not where the archive keeps its day's digest, ``raw/YYYY/YYYY-MM-DD.txt``.

    The archive files each digest under its date: the name is a real date in
    ASCII digits, in the folder of its year, directly below ``raw/``. Nothing
    else belongs there, so a file elsewhere below ``raw/`` (another folder,
    a hidden one, a second file for a day that has one) cannot replace a
    day's page. Outside ``raw/`` (``digest lint`` of a draft), only the name
    is checked, and its folder if that is named after a year.

    Bad (``raw/2020/digest-december.txt``)::

        1、[LG] Neural Mechanics
        D Kunin, S Ganguli
        神经力学。
        https://weibo.com/1402400261/JyFsjATR5

    Bad (``raw/2020/extra/2020-12-16.txt``)::

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
    if path.kind is not Kind.FILE:
        return
    date = path.date
    file_name = path.name.replace("\\", "/").rsplit("/", 1)[-1]
    if date is None:
        hint = ascii_hint(file_name)
        if hint is not None:
            yield Finding(1, 1, f"file name is not in ASCII digits: write it {hint}")
        else:
            yield Finding(1, 1, "file name is not YYYY-MM-DD.txt (the digest's date)")
        return
    if path.below_raw is None:
        parent = path.name.replace("\\", "/").split("/")[-2:-1]
        if parent and _YEAR.fullmatch(parent[0]) and int(parent[0]) != date.year:
            yield Finding(1, 1, f"a digest of {date.year} filed in folder {parent[0]}/")
        return
    if misplaced(path):
        where = day_path(date, path.raw_dir)
        taken = ", which exists: one day has one file" if path.day_taken else ""
        yield Finding(1, 1, f"a digest of {date} belongs at {where}{taken}")


@rule("DA111", "date-mismatch", Severity.ERROR)
def date_mismatch(digest: Digest) -> Iterator[Finding]:
    """The file name's date disagrees with what the entries' links say.

    Weibo post codes encode when the post was made: the first post of a
    digest must be of the file's day (Beijing time), the others of that day
    or the next. arXiv ids give the month a paper was submitted, which cannot
    be after the digest's.

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
            if (posted := weibo_date(url)) is not None:
                posts.append((posted, span, url))
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


#: The most characters each text field may hold: several times the longest
#: in years of real digests (titles of 150, summaries of 600, abstracts of
#: 1,900: arXiv's own limit), and far below what makes a page unreadable.
TEXT_LIMITS = {"title": 300, "title_zh": 200, "summary_zh": 5_000, "abstract_en": 5_000}
#: The most characters of one item of a list field.
ITEM_LIMITS = {"authors": 80, "affiliations": 300, "links": 2_000, "figures": 200}
#: The most items of a list field (longer author lists are cut with "...").
COUNT_LIMITS = {"authors": 300, "affiliations": 50, "links": 20, "figures": 50}
#: The most characters of a digest-level line.
LINE_LIMITS = {"via": 1_000, "overview_zh": 5_000, "footer": 1_000}
#: The most characters of a word: a run with no blank and no CJK character,
#: which no line of a page, nor of the PDF, can break.
LONGEST_WORD = 200
_CJK_OR_BLANK = "\\s\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef"
_LONG_WORD = re.compile(f"(?<![^{_CJK_OR_BLANK}])[^{_CJK_OR_BLANK}]{{{LONGEST_WORD + 1},}}+")


@rule("DA112", "field-too-long", Severity.ERROR)
def field_too_long(digest: Digest) -> Iterator[Finding]:
    """A field is far longer than any real digest's.

    A title holds at most 300 characters, a Chinese title 200, a summary or
    an abstract 5,000; an author's name 80, an affiliation 300, a link 2,000;
    an entry at most 300 authors, 50 affiliations, 20 links and 50 figures;
    and no word (a run without a blank or a CJK character) is longer than
    200. Real digests stay far below: text beyond these is a paste gone wrong
    or an attempt to exhaust the build, and a word that long cannot be broken
    across lines of the page or the PDF.

    Bad::

        1、[LG] Neural Mechanics
        D Kunin, S Gangulivonhohenzollernsigmaringenmecklenburgschwerinsaxecoburggothaaltenburgstrelitz
        神经力学。
        https://weibo.com/1402400261/JyFsjATR5

    Good::

        1、[LG] Neural Mechanics
        D Kunin, S Ganguli
        神经力学。
        https://weibo.com/1402400261/JyFsjATR5
    """
    for field, limit in LINE_LIMITS.items():
        text = getattr(digest, field)
        if text and len(text) > LONGEST_WORD:
            spans = digest.spans.get(field) or [Span(line=1)]
            if len(text) > limit:
                yield Finding.at(spans[0], f"{_name(field)} of {len(text):,} characters; at most {limit:,}")
            yield from _long_words(field, text, spans)
    for entry in digest.entries:
        for field, limit in TEXT_LIMITS.items():
            text = getattr(entry, field)
            if not text or len(text) <= LONGEST_WORD:
                continue
            if len(text) > limit:
                what = f"{_name(field)} of {len(text):,} characters"
                yield Finding.at(entry.span(field), f"{what}; at most {limit:,}")
            yield from _long_words(field, text, entry.spans.get(field) or [entry.span(field)])
        for field, limit in ITEM_LIMITS.items():
            items: list[str] = getattr(entry, field)
            if len(items) > COUNT_LIMITS[field]:
                yield Finding.at(entry.span(field), f"{len(items):,} {field}; at most {COUNT_LIMITS[field]}")
            longest = max(map(len, items), default=0)
            if longest > limit:
                what = f"{_name(field).removesuffix('s')} of {longest:,} characters"
                yield Finding.at(entry.span(field), f"{what}; at most {limit:,}")
            if field != "links" and longest > LONGEST_WORD:
                long_items = (item for item in items if len(item) > LONGEST_WORD)
                yield from islice(_long_words(field, "\n\n".join(long_items), repeat(entry.span(field))), 1)


def _long_words(field: str, text: str, spans: Iterable[Span]) -> Iterator[Finding]:
    """The first over-long word of each paragraph of ``text`` (read from ``spans``, in order)."""
    for paragraph, span in zip(text.split("\n\n"), spans, strict=False):
        # Any long word lies within one blank-separated piece: those are cheap to measure.
        if max(map(len, paragraph.split()), default=0) <= LONGEST_WORD:
            continue
        match = _LONG_WORD.search(paragraph)
        if match is not None:
            where = Span(line=span.line, column=span.column + match.start())
            what = f"a word of {len(match.group()):,} characters in the {_name(field)}"
            yield Finding.at(where, f"{what}; at most {LONGEST_WORD}")


def _name(field: str) -> str:
    return {
        "title_zh": "Chinese title",
        "summary_zh": "Chinese summary",
        "abstract_en": "English abstract",
        "overview_zh": "overview line",
        "via": "attribution line",
        "footer": "closing line",
    }.get(field, field)


# --- warnings -----------------------------------------------------------------


@rule("DA201", "markup-artifact", Severity.WARNING)
def markup_artifact(digest: Digest) -> Iterator[Finding]:
    """Bold markup (``** **``, a stray ``**``) left over from the original post.

    The parser strips it from the field it stood in; delete it from the raw
    file when convenient.

    Bad::

        1、** **[LG] Neural Mechanics
        D Kunin, S Ganguli
        神经力学。
        https://weibo.com/1402400261/JyFsjATR5

    Good::

        1、[LG] Neural Mechanics
        D Kunin, S Ganguli
        神经力学。
        https://weibo.com/1402400261/JyFsjATR5
    """
    artifacts = list(digest.artifacts)
    for entry in digest.entries:
        artifacts.extend(entry.artifacts)
    for artifact in artifacts:
        yield Finding(artifact.line, artifact.column, f"markup artifact {artifact.text!r}")


@rule("DA202", "missing-abstract", Severity.WARNING)
def missing_abstract(digest: Digest) -> Iterator[Finding]:
    """A featured entry has its Chinese summary but no English abstract.

    Bad::

        1、[LG] Neural Mechanics
        D Kunin, S Ganguli
        [Stanford University]
        神经力学。
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
        if entry.summary_zh and not entry.abstract_en:
            yield Finding(entry.line, 1, f"featured entry {_label(entry)} has no English abstract")


@rule("DA203", "missing-affiliations", Severity.WARNING)
def missing_affiliations(digest: Digest) -> Iterator[Finding]:
    """An entry has no ``[affiliations]`` line.

    Bad::

        1、[LG] Neural Mechanics
        D Kunin, S Ganguli
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
        if not entry.affiliations:
            yield Finding(entry.line, 1, f"entry {_label(entry)} has no [affiliations]")


@rule("DA204", "missing-chinese-title", Severity.WARNING)
def missing_chinese_title(digest: Digest) -> Iterator[Finding]:
    """A shorter "also worth a look" entry has no Chinese title.

    Bad::

        另外几篇值得关注的论文:

        [LG] Relative Variational Intrinsic Control
        K Baumli, V Mnih
        [DeepMind]
        https://weibo.com/1402400261/JyFRrcFEe

    Good::

        另外几篇值得关注的论文:

        [LG] Relative Variational Intrinsic Control
        相对变分内控技能学习目标
        K Baumli, V Mnih
        [DeepMind]
        https://weibo.com/1402400261/JyFRrcFEe
    """
    for entry in digest.entries:
        if entry.section is Section.MORE and not entry.title_zh:
            yield Finding(entry.line, 1, f"entry {_label(entry)} has no Chinese title")


@rule("DA205", "duplicate-link", Severity.WARNING)
def duplicate_link(digest: Digest) -> Iterator[Finding]:
    """Two entries share a link: usually one was copied from the other.

    Bad::

        1、[LG] Neural Mechanics
        D Kunin, S Ganguli
        神经力学。
        https://weibo.com/1402400261/JyFsjATR5

        2、[LG] Variable-Shot Adaptation for Online Meta-Learning
        T Yu, C Finn
        在线元学习。
        https://weibo.com/1402400261/JyFsjATR5

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
    owner: dict[str, Entry] = {}
    for entry in digest.entries:
        for url, span in zip(entry.links, entry.spans.get("links", []), strict=True):
            first = owner.setdefault(url, entry)
            if first is not entry:
                yield Finding.at(span, f"link already used by the entry on line {first.line}")


@rule("DA206", "looks-like-markup", Severity.WARNING)
def looks_like_markup(digest: Digest) -> Iterator[Finding]:
    """Text that looks like HTML, Markdown, MyST, reST or LaTeX markup.

    A digest is data: the archive shows such text exactly as written and
    never acts on it. It rarely belongs in a paper digest, though, so a
    reviewer should look: it may be pasted from a rich-text editor, or an
    attempt to inject a script or a directive.

    Bad::

        1、[LG] Neural Mechanics <script>alert(1)</script>
        D Kunin, S Ganguli
        神经力学。
        https://weibo.com/1402400261/JyFsjATR5

    Good::

        1、[LG] Neural Mechanics
        D Kunin, S Ganguli
        神经力学。
        https://weibo.com/1402400261/JyFsjATR5
    """
    for spot in digest.markup:
        yield Finding(spot.line, spot.column, f"looks like {spot.syntax}: {spot.text[:60]!r}; shown as text")


def _label(entry: Entry) -> str:
    return f"{entry.number}" if entry.number is not None else f"'{entry.title[:40]}'"
