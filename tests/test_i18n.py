"""The interface's words: every message translated, dates and counts as each language writes them."""

from __future__ import annotations

import datetime as dt
import re
import string
import tokenize
from collections.abc import Iterator
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po

from digest_archive import i18n
from support.paths import REPO_ROOT

PACKAGE = REPO_ROOT / "tools" / "digest_archive"
CATALOGS = sorted(i18n.LOCALE_DIR.glob(f"*/LC_MESSAGES/{i18n.CATALOG}.po"))


@pytest.fixture
def chinese() -> Iterator[None]:
    i18n.activate("zh_CN")
    yield
    i18n.activate("en")


def _extracted() -> set[tuple[str | None, str]]:
    """Every message of the package and its templates, as `make messages` extracts them."""
    with (REPO_ROOT / "babel.cfg").open(encoding="utf-8") as config:
        method_map, options_map = parse_mapping_cfg(config)
    keywords = {"_": None, "N_": None, "NP_": ((1, "c"), 2)}
    found = set()
    for _file, _line, message, _comments, context in extract_from_dir(
        PACKAGE, method_map, options_map, keywords=keywords
    ):
        found.add((context, message if isinstance(message, str) else message[0]))
    return found


def _catalog(po: Path) -> dict[tuple[str | None, str], str]:
    with po.open("rb") as file:
        return {(message.context, message.id): message.string for message in read_po(file) if message.id}


def test_there_is_a_chinese_catalogue() -> None:
    assert [po.parents[1].name for po in CATALOGS] == ["zh_CN"]


@pytest.mark.parametrize("po", CATALOGS, ids=lambda po: po.parents[1].name)
def test_every_message_is_translated_and_none_is_left_over(po: Path) -> None:
    extracted, catalog = _extracted(), _catalog(po)
    assert len(extracted) > 40
    untranslated = sorted(str(key) for key in extracted if not catalog.get(key))
    assert not untranslated, f"run 'make messages' and translate these in {po.name}: {untranslated}"
    obsolete = sorted(str(key) for key in catalog.keys() - extracted)
    assert not obsolete, f"no longer in the code ('make messages' drops them): {obsolete}"


def _fields(text: str) -> set[str]:
    return {field for _, field, _, _ in string.Formatter().parse(text) if field is not None}


@pytest.mark.parametrize("po", CATALOGS, ids=lambda po: po.parents[1].name)
def test_a_translation_keeps_its_message_s_placeholders(po: Path) -> None:
    wrong = {
        message: translated
        for (_, message), translated in _catalog(po).items()
        if translated and _fields(message) != _fields(translated)
    }
    assert not wrong


DATES = [
    ("2023-03-09", "2023-03-09", "9 March 2023", "2023年3月9日"),
    ("2022-10-15", "2022-10-20", "15–20 October 2022", "2022年10月15–20日"),
    ("2020-11-01", "2020-12-16", "1 November – 16 December 2020", "2020年11月1日–12月16日"),
    ("2020-12-30", "2021-01-02", "30 December 2020 – 2 January 2021", "2020年12月30日–2021年1月2日"),
]


@pytest.mark.parametrize(("first", "last", "english", "chinese_form"), DATES)
def test_a_period_says_each_part_once_in_each_language(
    first: str, last: str, english: str, chinese_form: str
) -> None:
    days = dt.date.fromisoformat(first), dt.date.fromisoformat(last)
    assert i18n.period(*days) == english
    i18n.activate("zh_CN")
    try:
        assert i18n.period(*days) == chinese_form
    finally:
        i18n.activate("en")


@pytest.mark.usefixtures("chinese")
def test_dates_months_and_counts_in_chinese() -> None:
    assert i18n.long_date(dt.date(2023, 3, 9)) == "2023年3月9日"
    assert i18n.month_of_year(2023, 3) == "2023年3月"
    assert [i18n.short_month(month) for month in (5, 12)] == ["5月", "12月"]
    assert i18n.count(1, "paper") == "1 篇论文"
    assert i18n.count(12, "digest") == "12 期"


def test_dates_months_and_counts_in_english() -> None:
    assert i18n.long_date(dt.date(2023, 3, 9)) == "9 March 2023"
    assert [i18n.short_month(month) for month in (3, 5)] == ["Mar", "May"]
    assert i18n.count(1, "paper") == "1 paper"
    assert i18n.count(2, "affiliation") == "2 affiliations"


@pytest.mark.parametrize(
    ("language", "found", "lang"),
    [
        ("zh_CN", "zh_CN", "zh-Hans"),
        ("zh", "zh_CN", "zh-Hans"),
        ("zh-Hans", "zh_CN", "zh-Hans"),
        ("en", "en", "en"),
        (None, "en", "en"),
        ("fr", "en", "fr"),
    ],
)
def test_a_language_finds_its_catalogue_and_its_html_lang(
    language: str | None, found: str, lang: str
) -> None:
    try:
        assert i18n.activate(language) == found
        assert i18n.active_language() == found
    finally:
        i18n.activate("en")
    assert i18n.html_lang(language) == lang


def test_no_module_translates_at_import_time() -> None:
    # A module-level _("…") is translated once, in whatever language was
    # active when the module was first imported: every build after it would
    # say it in that language.
    top_level_call = re.compile(r"^[A-Za-z_][\w.]*\s*(?::[^=]+)?=\s*.*(?<![\w.])_\(", re.M)
    offenders = [
        path.relative_to(PACKAGE).as_posix()
        for path in PACKAGE.rglob("*.py")
        if top_level_call.search(path.read_text(encoding="utf-8"))
    ]
    assert not offenders


def test_no_message_hides_in_an_f_string() -> None:
    # Extraction reads an f-string as one string: a _("…") inside it is never
    # extracted, and so never translated.
    offenders = []
    for path in PACKAGE.rglob("*.py"):
        with path.open("rb") as source:
            for token in tokenize.tokenize(source.readline):
                prefix = token.string[:2].lower()
                if token.type == tokenize.STRING and "f" in prefix and "_(" in token.string:
                    offenders.append(f"{path.relative_to(PACKAGE)}:{token.start[0]}")
    assert not offenders
