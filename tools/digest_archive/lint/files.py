"""Rules on a raw file before it is parsed: its place, its kind, its bytes (DA0xx, DA110, DA114, DA115)."""

from __future__ import annotations

from collections.abc import Iterator

from ..model import Digest
from ..text.characters import CONTROL
from ..text.dates import date_range, in_range, weibo_date
from ..text.layout import Kind, RawPath, ascii_hint, day_path, misplaced
from ..text.shapes import normalize
from .registry import Diagnostic, Finding, file_rule, path_rule

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


#: The lines with control characters reported one by one, at most; a last finding counts the rest.
MAX_CONTROL_LINES = 20


@file_rule("DA114", "control-character")
def control_character(data: bytes) -> Iterator[Finding]:
    r"""The text holds a control character: U+0001–U+001F but tab and line ends, U+007F, U+0080–U+009F.

    Such characters are invisible, or act: an escape sequence moves the
    cursor of the terminal that prints it, a form feed or U+0085 ends a line
    for some readers and not for others, XML cannot hold most of them, and
    XeLaTeX stops on them ("Text line contains an invalid character"). None
    belongs in a digest: they come from a paste gone wrong. Delete the
    character at the column given (an editor that shows control characters,
    or ``cat -A``, makes it visible); each line with one is reported. (The
    example writes the character as ``\x01``.)

    Bad::

        1、[LG] Neural\x01 Mechanics
        D Kunin, S Ganguli
        神经力学。
        https://weibo.com/1402400261/JyFsjATR5

    Good::

        1、[LG] Neural Mechanics
        D Kunin, S Ganguli
        神经力学。
        https://weibo.com/1402400261/JyFsjATR5
    """
    if b"\0" in data:
        return
    try:
        text = normalize(data.decode("utf-8"))
    except UnicodeDecodeError:
        return
    if CONTROL.search(text) is None:
        return
    reported = 0
    for number, line in enumerate(text.split("\n"), start=1):
        found = CONTROL.search(line)
        if found is None:
            continue
        if reported == MAX_CONTROL_LINES:
            rest = sum(1 for line in text.split("\n")[number - 1 :] if CONTROL.search(line))
            yield Finding(
                number, found.start() + 1, f"{rest:,} more lines with control characters, from here"
            )
            return
        more = len(CONTROL.findall(line)) - 1
        also = f" (and {more:,} more on the line)" if more else ""
        what = (
            f"control character U+{ord(found.group()):04X}{also}: no page, feed or PDF can show it; delete it"
        )
        yield Finding(number, found.start() + 1, what)
        reported += 1


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


@path_rule("DA110", "bad-file-name")
def bad_file_name(path: RawPath) -> Iterator[Finding]:
    """The file is not where the archive keeps its day's digest, ``raw/YYYY/YYYY-MM-DD.txt``.

    The archive files each digest under its date: the name is a real date in
    ASCII digits, in the folder of its year, directly below ``raw/``. Nothing
    else belongs there, so a file elsewhere below ``raw/`` (another folder,
    a hidden one, a second file for a day that has one) cannot replace a
    day's page. A name that is no date is told the day the file's Weibo
    links were posted, once the file is read: the name to give it. A file
    outside ``raw/`` (``digest lint`` of a draft) is no day's file yet, and
    its name is its own: ``digest add`` files it under the day its links
    give.

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
    if path.kind is not Kind.FILE or path.below_raw is None:
        return
    date = path.date
    if date is None:
        hint = ascii_hint(_file_name(path))
        if hint is not None:
            yield Finding(1, 1, f"file name is not in ASCII digits: write it {hint}")
        else:
            yield Finding(1, 1, "file name is not YYYY-MM-DD.txt (the digest's date)")
        return
    if misplaced(path):
        where = day_path(date, path.raw_dir)
        taken = ", which exists: one day has one file" if path.day_taken else ""
        yield Finding(1, 1, f"a digest of {date} belongs at {where}{taken}")


@path_rule("DA115", "date-out-of-range")
def date_out_of_range(path: RawPath) -> Iterator[Finding]:
    """The file is named after a day no digest can have: before 2009-08-14, or after tomorrow.

    The digests are Weibo posts: none is older than Weibo, which opened on
    2009-08-14, and none is dated later than tomorrow in Beijing time (the
    digests' time zone). A date outside that range is a typo, or meant to
    make the build draw every month from the year 1 to the year 9999. The
    build refuses such a file by its name before reading any digest, as it
    does a misplaced one.

    Bad (``raw/9999/9999-12-31.txt``)::

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
    date = path.date
    if path.kind is Kind.FILE and date is not None and not in_range(date):
        yield Finding(1, 1, f"dated {date}: a digest is dated {date_range()}")


def _file_name(path: RawPath) -> str:
    return path.name.replace("\\", "/").rsplit("/", 1)[-1]


#: How DA110's message goes on when the file's Weibo links give its day.
LINKS_HINT = "; its Weibo links are from "


def named_by_links(problems: list[Diagnostic], path: RawPath, digest: Digest) -> list[Diagnostic]:
    """``problems`` with DA110's finding on a name that is no date told the name to use.

    Path rules see the path only, before anything is read; once the file
    has been found safe to read and parsed, the day its first Weibo post was
    made (the day DA111 checks) gives the name: ``raw/YYYY/YYYY-MM-DD.txt``.
    """
    if path.date is not None or ascii_hint(_file_name(path)) is not None:
        return problems
    posted = [day for entry in digest.entries for url in entry.links if (day := weibo_date(url)) is not None]
    if not posted:
        return problems
    first = min(posted)
    hint = f"{LINKS_HINT}{first}: name it {day_path(first, path.raw_dir)}"
    return [
        problem.model_copy(update={"message": problem.message + hint}) if problem.code == "DA110" else problem
        for problem in problems
    ]
