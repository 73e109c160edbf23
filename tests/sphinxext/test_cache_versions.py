"""Every cache carries an explicit version, bumped by the change that alters what it holds.

An incremental build trusts six caches: the converter's manifest (each raw
file's lint findings, listing and citation keys, and the inputs each page
was rendered from), the related papers' file (each paper's profile, each
day's related papers), the search index's manifest, Sphinx's environment
(the pickled doctrees and the ``digest`` domain's data), the manifest of
the names' forwarding pages, and the statistics page's drawings (kept
while their plots' fingerprints hold). A cache of another
version is started over. If what a cache holds for the same input changes
and its version does not, every archive already built keeps the stale
entries, silently.

So each cache's content for the seed archive is reduced to a fingerprint
and recorded here with the version that made it. When the content changes
and the version does not, the test fails and names the constant to bump;
after bumping it, record the new fingerprint the failure shows.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
from pathlib import Path
from typing import Any

import pytest

from digest_archive import i18n
from digest_archive.archive.convert import CONVERTER_VERSION, MANIFEST, convert
from digest_archive.archive.related import RELATED_FILE, RELATED_VERSION
from digest_archive.render.digest import render_digest
from digest_archive.render.listings import listed
from digest_archive.render.statistics import STATISTICS_VERSION, plots
from digest_archive.search import index, related, terms
from digest_archive.search.store import INDEX_VERSION
from digest_archive.search.weights import K1, MEAN_LENGTH, TITLE_WEIGHT, B, weights
from digest_archive.sphinxext import ENV_VERSION
from digest_archive.sphinxext.names import pages as name_pages
from digest_archive.sphinxext.papers.cards import paper_card
from digest_archive.sphinxext.search.records import categories, paper_records
from support.builds import sphinx_page
from support.names import hostile_page
from support.seeds import SEED_ENTRIES, page_of, parse_seed, raw_path, relative_source

#: (version, fingerprint) of each cache, as last recorded.
RECORDED = {
    "converter": (39, "c7f7f6d87b237acf"),
    "related papers": (3, "a10446338b763320"),
    "search index": (19, "dd2950fb79dd5bba"),
    "environment": (23, "e3c75540bcccd508"),
    "name pages": (6, "7f2320ed17371981"),
    "statistics": (4, "6a7219a9d313ddb4"),
}
#: Each cache's version constant now, and where it is.
VERSIONS = {
    "converter": (CONVERTER_VERSION, "CONVERTER_VERSION in digest_archive/archive/convert.py"),
    "related papers": (RELATED_VERSION, "RELATED_VERSION in digest_archive/archive/related.py"),
    "search index": (INDEX_VERSION, "INDEX_VERSION in digest_archive/search/store.py"),
    "environment": (ENV_VERSION, "ENV_VERSION in digest_archive/sphinxext/__init__.py"),
    "name pages": (name_pages.VERSION, "VERSION in digest_archive/sphinxext/names/pages.py"),
    "statistics": (STATISTICS_VERSION, "STATISTICS_VERSION in digest_archive/render/statistics.py"),
}


def _fingerprint(content: Any) -> str:
    return hashlib.sha256(
        json.dumps(content, sort_keys=True, ensure_ascii=False, default=str).encode()
    ).hexdigest()[:16]


def _converted(out: Path) -> Path:
    convert({relative_source(date): raw_path(date) for date in SEED_ENTRIES}, out)
    return out


def _related(out: Path) -> Any:
    """The seeds' papers' profiles and related papers, and what ranks them."""
    kept = json.loads((out / RELATED_FILE).read_text(encoding="utf-8"))
    kept.pop("version")
    # Those the seeds' few papers do not show (MAX_SHARE counts from FEW_PAPERS on), with the rest.
    parameters = [related.PROFILE_TERMS, related.QUERY_TERMS, related.MAX_SHARE, related.FEW_PAPERS]
    return [kept, parameters, related.RELATED, K1, B, MEAN_LENGTH, TITLE_WEIGHT]


def _converter(out: Path) -> Any:
    """The manifest and the pages the seeds convert to."""
    manifest = json.loads((out / MANIFEST).read_text(encoding="utf-8"))
    manifest.pop("version")
    # The plots' fingerprints, which hold matplotlib's version: the statistics' cache.
    manifest.pop("figures")
    pages = {path.relative_to(out).as_posix(): path.read_text(encoding="utf-8") for path in out.rglob("*.md")}
    return [manifest, pages]


def _seed_doctrees() -> Any:
    """What the environment keeps of each seed's page, and what search takes from it."""
    environment, records = [], []
    for date in SEED_ENTRIES:
        with sphinx_page(render_digest(page_of(parse_seed(date))), builder="html") as (app, _, _):
            cards = [
                dict(sorted(card.attributes.items()))
                for card in app.env.get_doctree("page").findall(paper_card)
            ]
            papers = sorted(list(paper) for paper in app.env.domaindata["digest"]["papers"].values())
            environment.append([cards, papers])
            found = paper_records(app.env.get_doctree("page"))
            # With each entry's category as the filters take it.
            taken = list(categories(app.env.get_doctree("page")))
            records.append([[record.as_json() for record in found], weights(found), taken])
    return environment, [
        records,
        index.FORMAT,
        index.HEAD,
        index.GROUP,
        index.POSTINGS_PER_FILE,
        index.WORDS_PER_FILE,
        index.TAIL_RANGE,
        terms.MAX_WORD,
    ]


def _statistics() -> Any:
    """The seeds' plots, as their drawings are fingerprinted (matplotlib's version aside)."""
    days = [
        (dt.date.fromisoformat(date), [listed(e) for e in parse_seed(date).entries]) for date in SEED_ENTRIES
    ]
    return [dataclasses.asdict(plot) for plot in plots(days)]


@pytest.fixture(scope="module")
def contents(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    # Made before the autouse fixture that starts each test in English: in English here too,
    # whatever language the test before this module left active.
    i18n.activate("en")
    environment, search = _seed_doctrees()
    converted = _converted(tmp_path_factory.mktemp("convert"))
    return {
        "converter": _converter(converted),
        "related papers": _related(converted),
        "search index": search,
        "environment": environment,
        # A name's page whose texts and links need escaping.
        "name pages": hostile_page(),
        "statistics": _statistics(),
    }


@pytest.mark.slow
@pytest.mark.parametrize("cache", RECORDED)
def test_a_cache_that_changes_has_a_new_version(contents: dict[str, Any], cache: str) -> None:
    recorded_version, recorded = RECORDED[cache]
    version, constant = VERSIONS[cache]
    found = _fingerprint(contents[cache])
    if version != recorded_version:
        pytest.fail(f"{constant} is {version}: record ({version}, {found!r}) as the {cache}'s in RECORDED")
    assert found == recorded, (
        f"What the {cache} holds for the seeds changed, and {constant} is still {version}: "
        f"bump it, then record ({version + 1}, <the new fingerprint>) in RECORDED"
    )
