"""The interface's words in the reader's language: one gettext catalogue, its dates and counts.

Every word the archive writes around the digests' own text (a card's
labels, a page's headings, a date) is an English message passed through
:func:`_`. The translations are the ``.po`` files in ``locale/`` (Chinese,
``zh_CN``, is the archive's default language, ``conf.py``'s ``language``);
:func:`activate` compiles the one for a language with Babel, in memory, as
a build starts, so no compiled ``.mo`` is kept anywhere to go stale. Without
an activated catalogue, or for English, a message is its own translation.

The Sphinx extension activates the catalogue of its ``language``, and also
hands it to the theme's templates (:mod:`.sphinxext.pages.language`);
``digest convert --language`` activates it for the pages it writes.
Messages are translated when a page is made, never at import time:
nothing may call :func:`_` at a module's top level.

``make messages`` extracts the messages into ``locale/digest_archive.pot``
and merges them into each ``.po``; ``tests/test_i18n.py`` fails while any is
untranslated.
"""

from __future__ import annotations

import datetime as dt
import gettext
import io
from pathlib import Path

#: The catalogue's name (``locale/<language>/LC_MESSAGES/digest_archive.po``).
CATALOG = "digest_archive"
#: Where the catalogues are, one folder per language, named as Sphinx names languages.
LOCALE_DIR = Path(__file__).parent / "locale"

_translations: gettext.NullTranslations = gettext.NullTranslations()
_language = "en"


def _(message: str) -> str:
    """``message`` in the active language (:func:`activate`)."""
    return _translations.gettext(message)


def activate(language: str | None) -> str:
    """Translate from now on into ``language`` (Sphinx's code: ``zh_CN``, ``en``): the catalogue's language.

    A language without a catalogue (English among them) translates every
    message as itself. A regional code finds the catalogue of its language
    (``zh``, ``zh_Hans`` → ``zh_CN``). Returns the code of the catalogue
    used, or ``"en"``.
    """
    global _translations, _language
    found = catalog_for(language)
    if found is None:
        _translations, _language = gettext.NullTranslations(), "en"
        return _language
    # Babel reads the .po and writes the .mo gettext reads, in memory.
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    with found.open("rb") as po:
        catalog = read_po(po)
    compiled = io.BytesIO()
    write_mo(compiled, catalog)
    compiled.seek(0)
    _translations, _language = gettext.GNUTranslations(compiled), found.parents[1].name
    return _language


def catalog_for(language: str | None) -> Path | None:
    """The ``.po`` file that translates into ``language``; None for English or a language without one."""
    if not language:
        return None
    code = language.replace("-", "_")
    primary = code.split("_", 1)[0].lower()
    candidates = sorted(LOCALE_DIR.glob(f"*/LC_MESSAGES/{CATALOG}.po"))
    for po in candidates:
        if po.parents[1].name == code:
            return po
    for po in candidates:
        if po.parents[1].name.split("_", 1)[0].lower() == primary:
            return po
    return None


def active_language() -> str:
    """The code of the active catalogue (``zh_CN``), or ``"en"`` when messages are their own translation."""
    return _language


def html_lang(language: str | None) -> str:
    """The language of a page in ``language``, as HTML's ``lang`` says it (BCP 47).

    Chinese is the digests' Simplified Chinese whatever the region: ``zh-Hans``,
    as the pages already mark the digests' own Chinese text.
    """
    if not language:
        return "en"
    code = language.replace("_", "-")
    return "zh-Hans" if code.split("-", 1)[0].lower() == "zh" else code


# --- dates and counts -------------------------------------------------------------


def N_(message: str) -> str:
    """Mark ``message`` for extraction, untranslated: a constant that :func:`_` translates when used."""
    return message


#: The context of a month's abbreviation: ``May`` abbreviated is ``May`` too,
#: and a message of its own.
_ABBREVIATED = "abbreviated month"


def NP_(context: str, message: str) -> str:
    """Mark ``message`` for extraction in ``context``, untranslated (:func:`N_` with a context)."""
    return message


#: Months as English messages (the catalogue translates them: ``"March"`` → ``"3月"``).
MONTHS = (
    N_("January"),
    N_("February"),
    N_("March"),
    N_("April"),
    N_("May"),
    N_("June"),
    N_("July"),
    N_("August"),
    N_("September"),
    N_("October"),
    N_("November"),
    N_("December"),
)
#: Their abbreviations, for a plot's axis or a short list (``"Mar"`` → ``"3月"``).
SHORT_MONTHS = (
    NP_("abbreviated month", "Jan"),
    NP_("abbreviated month", "Feb"),
    NP_("abbreviated month", "Mar"),
    NP_("abbreviated month", "Apr"),
    NP_("abbreviated month", "May"),
    NP_("abbreviated month", "Jun"),
    NP_("abbreviated month", "Jul"),
    NP_("abbreviated month", "Aug"),
    NP_("abbreviated month", "Sep"),
    NP_("abbreviated month", "Oct"),
    NP_("abbreviated month", "Nov"),
    NP_("abbreviated month", "Dec"),
)


def month_name(month: int) -> str:
    """A month's name in the active language (1 → ``January``, ``1月``)."""
    return _(MONTHS[month - 1])


def short_month(month: int) -> str:
    """A month's abbreviated name in the active language (3 → ``Mar``, ``3月``)."""
    return _translations.pgettext(_ABBREVIATED, SHORT_MONTHS[month - 1])


def month_of_year(year: int, month: int) -> str:
    """A month of a year: ``March 2023``, ``2023年3月``."""
    return _("{month} {year}").format(month=month_name(month), year=year)


def long_date(date: dt.date) -> str:
    """A day as a reader writes it: ``9 March 2023``, ``2023年3月9日``."""
    return _("{day} {month} {year}").format(day=date.day, month=month_name(date.month), year=date.year)


def period(first: dt.date, last: dt.date) -> str:
    """The days from ``first`` to ``last``, said once each: ``1 November – 16 December 2020``."""
    if first == last:
        return long_date(first)
    if (first.year, first.month) == (last.year, last.month):
        return _("{day}–{last_day} {month} {year}").format(
            day=first.day, last_day=last.day, month=month_name(first.month), year=first.year
        )
    if first.year == last.year:
        return _("{day} {month} – {last_day} {last_month} {year}").format(
            day=first.day,
            month=month_name(first.month),
            last_day=last.day,
            last_month=month_name(last.month),
            year=first.year,
        )
    return _("{first} – {last}").format(first=long_date(first), last=long_date(last))


# The nouns count() counts, each with its messages for one and for many:
# spelt out, not built from the noun, so that extraction finds every message.
def _counted(noun: str, number: int) -> str:
    one = number == 1
    match noun:
        case "digest":
            return _("{count} digest") if one else _("{count} digests")
        case "paper":
            return _("{count} paper") if one else _("{count} papers")
        case "author":
            return _("{count} author") if one else _("{count} authors")
        case "affiliation":
            return _("{count} affiliation") if one else _("{count} affiliations")
    raise ValueError(f"no message counts {noun!r}")


def count(number: int, noun: str) -> str:
    """``number`` of ``noun`` in the active language: ``3 papers``, ``3 篇论文``."""
    return _counted(noun, number).format(count=number)
