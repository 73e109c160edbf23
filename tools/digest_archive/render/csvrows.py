"""The CSV export: a row per paper, each cell one a spreadsheet reads as text."""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from ..model import Digest
from .cite import entry_year, keyed

__all__ = ["CSV_COLUMNS", "csv_rows"]

# What spreadsheets read as the start of a formula (see _as_text).
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n")
#: The columns of the CSV export, in order.
CSV_COLUMNS: tuple[str, ...] = (
    "key",
    "date",
    "number",
    "section",
    "category",
    "highlighted",
    "title",
    "title_zh",
    "authors",
    "authors_truncated",
    "affiliations",
    "year",
    "summary_zh",
    "abstract_en",
    "links",
    "figures",
    "source",
    "line",
)


def csv_rows(digests: Sequence[Digest]) -> Iterator[dict[str, str]]:
    """One row per entry (columns :data:`CSV_COLUMNS`), in the order of :func:`~.cite.keyed`.

    Lists are joined with ``"; "`` (authors, affiliations) or a space (links,
    figures); flags are ``true``/``false``; a missing value is empty. ``year``
    is the year cited (:func:`~.cite.entry_year`), ``date`` the digest's. A cell a
    spreadsheet would run as a formula gets a leading ``'`` (:func:`_as_text`).
    """
    for digest, entry, key in keyed(digests):
        assert digest.date is not None
        year = entry_year(digest, entry)
        row = {
            "key": key,
            "date": digest.date.isoformat(),
            "number": "" if entry.number is None else str(entry.number),
            "section": entry.section.value,
            "category": entry.category,
            "highlighted": _flag(entry.highlighted),
            "title": entry.title,
            "title_zh": entry.title_zh or "",
            "authors": "; ".join(entry.authors),
            "authors_truncated": _flag(entry.authors_truncated),
            "affiliations": "; ".join(entry.affiliations),
            "year": "" if year is None else str(year),
            "summary_zh": entry.summary_zh or "",
            "abstract_en": entry.abstract_en or "",
            "links": " ".join(entry.links),
            "figures": " ".join(entry.figures),
            "source": digest.source,
            "line": str(entry.line),
        }
        yield {column: _as_text(cell) for column, cell in row.items()}


def _flag(value: bool) -> str:
    return "true" if value else "false"


def _as_text(cell: str) -> str:
    """``cell`` with a leading ``'`` if it starts with ``= + - @``, a tab, a carriage return or a line feed.

    Digest text comes from strangers' pull requests, and Excel, LibreOffice
    and Google Sheets run a cell that starts so as a formula when the CSV is
    opened, quoted or not: ``=HYPERLINK(…)`` can send the sheet's data to
    another site. A leading ``'`` makes the cell text, as OWASP advises
    (https://owasp.org/www-community/attacks/CSV_Injection); the csv module
    already quotes cells holding commas, quotes or line breaks and doubles the
    quotes. A line feed counts like the carriage return OWASP lists. Removing
    the ``'`` gives the value back, unless the value itself began with ``'``
    and one of these; the JSON export holds the exact values.
    """
    return "'" + cell if cell.startswith(_FORMULA_START) else cell
