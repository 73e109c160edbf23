"""Whether the related earlier papers of the relevance set's seed papers share their topic.

Each query of the relevance set (:mod:`.relevance`) names a seed entry and
says, in a reader's words, what it is about. A related paper shares the
entry's topic when its title, Chinese summary or abstract holds a term of
that query (as the search index splits terms, :mod:`digest_archive.search.terms`). The
archive's related papers (:mod:`digest_archive.search.related`) are ranked
here as a build ranks them, from the raw files.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from digest_archive.archive.files import load, scan
from digest_archive.search.related import profile, related
from digest_archive.search.terms import terms
from digest_archive.text.identity import identity
from digest_archive.text.layout import one_a_day

from .relevance import RELEVANCE


def on_topic(archive: Path) -> dict[str, Any]:
    """For each seed entry of the relevance set: its related papers, and how many share its topic.

    ``first_on_topic`` counts the seed entries whose most related paper
    shares the topic, ``on_topic`` the related papers that do, of ``related``.
    """
    digests = [found.digest for found in (load(path, archive) for path in scan(["raw"], base=archive))]
    by_date = one_a_day([digest for digest in digests if digest is not None], lambda digest: digest.date)
    days = sorted(by_date)
    entries = [entry for day in days for entry in by_date[day].entries]
    anchors: dict[str, tuple[int, int]] = {}
    for _query, anchor in RELEVANCE:
        date, position = anchor.removeprefix("digest-").rsplit("-", 1)
        day = dt.date.fromisoformat(date)
        if day in by_date:
            anchors.setdefault(anchor, (days.index(day), int(position) - 1))
    profiles = [[profile(entry) for entry in by_date[day].entries] for day in days]
    ranked = related(
        [
            (found, [identity(e) for e in by_date[day].entries])
            for found, day in zip(profiles, days, strict=True)
        ],
        {day for day, _ in anchors.values()},
    )
    words = [
        {term for term, _ in paper.terms} | set(terms(f"{entry.title} {entry.abstract_en or ''}"))
        for found, day in zip(profiles, days, strict=True)
        for paper, entry in zip(found, by_date[day].entries, strict=True)
    ]
    # Where each day's papers start in the numbering across days.
    starts = [0]
    for found in profiles:
        starts.append(starts[-1] + len(found))
    topics: dict[str, list[str]] = {}
    for query, anchor in RELEVANCE:
        if anchor in anchors:
            topics.setdefault(anchor, []).append(query)
    seeds: dict[str, Any] = {}
    for anchor, queries in topics.items():
        # A seed entry several queries ask for shares its topic with a paper holding a word of any.
        topic = {term for query in queries for term in terms(query)}
        day, position = anchors[anchor]
        earlier = starts[day]
        seeds[anchor] = {
            "topic": queries,
            "related": [
                {"title": entries[number].title, "on_topic": bool(topic & words[number])}
                for number in ranked[day][position]
            ],
            # How likely an earlier paper drawn at random shares the topic: the related papers' baseline.
            "chance": sum(bool(topic & words[number]) for number in range(earlier)) / earlier
            if earlier
            else 0.0,
        }
    related_papers = [paper for found in seeds.values() for paper in found["related"]]
    expected = sum(len(found["related"]) * found["chance"] for found in seeds.values())
    on = sum(paper["on_topic"] for paper in related_papers)
    return {
        "seeds": len(seeds),
        # Related papers on the topic, against as many earlier papers drawn at random.
        "on_topic_vs_chance": round(on / expected, 2) if expected else 0.0,
        "first_on_topic": sum(
            bool(found["related"]) and found["related"][0]["on_topic"] for found in seeds.values()
        ),
        "related": len(related_papers),
        "on_topic": on,
        "on_topic_by_chance": round(expected, 1),
        "by_seed": seeds,
    }
