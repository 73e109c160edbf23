"""The downloads beside the pages: each digest's papers as BibTeX and RIS and it as JSON, each year's joined.

The converter (:mod:`.convert`) writes them as it writes the pages, through
the same :class:`~.folder.Pages`, so only a file whose text changed is
written; with them go the data's JSON Schemas, every version kept.
"""

from __future__ import annotations

import gzip
import hashlib
import json
from collections.abc import Mapping
from importlib import resources
from itertools import groupby

from ..model import DIGESTS, Digest
from ..render.bibtex import Citation
from ..render.myst import DATA_FILE, DOWNLOADS, PAPER_FILES, year_data, year_papers
from ..render.reference import ris_of
from .folder import Pages


def download_names(page: str) -> list[str]:
    """The downloads of a digest's page (``2021/2021-04-26.md``): ``2021/2021-04-26.bib`` and the rest."""
    stem = page.removesuffix(".md")
    return [f"{stem}{suffix}" for suffix in DOWNLOADS]


def download_texts(digest: Digest, cited: list[Citation]) -> list[str]:
    """A digest's papers as BibTeX and RIS, with the archive's keys, and it as JSON (:data:`DOWNLOADS`)."""
    return [
        "\n".join(citation.bibtex for citation in cited),
        ris_of(digest, [c.key for c in cited]),
        # What 'digest export' writes for the file, without its indentation:
        # a fifth of the bytes, thousands of times over.
        DIGESTS.dump_json([digest]).decode("utf-8") + "\n",
    ]


# Characters JSON lets stand in a string but str.splitlines() and others end
# a line at: escaped, so no digest can split its line of a year's file.
# (JSON writes every other line break, a control character, escaped.)
_LINE_BREAKS = str.maketrans({"\x85": "\\u0085", "\u2028": "\\u2028", "\u2029": "\\u2029"})


def _one_line(text: str) -> str:
    """``text`` with :data:`_LINE_BREAKS` escaped.

    They are looked for first: a day's line is searched in microseconds and
    translated in milliseconds, a second for a year's file.
    """
    return text.translate(_LINE_BREAKS) if any(char in text for char in "\x85\u2028\u2029") else text


def year_files(downloads: Pages, pages: list[str], before: Mapping[str, str]) -> None:
    """Each year's papers as BibTeX and RIS and its digests as gzipped JSON Lines, from its days' files.

    In date order, named by :func:`~digest_archive.render.myst.year_papers`
    and :func:`~digest_archive.render.myst.year_data`.

    A year's file is fingerprinted by its days' files and their
    fingerprints, so it is made again only when one of them changed, came
    or went: one more digest rewrites its own year's files and no other.
    (Files of the whole archive, made again for every digest more, were
    26 MB at 4,000 digests, and grew without end.)
    """
    stems = [page.removesuffix(".md") for page in pages]
    for year, grouped in groupby(stems, key=lambda stem: stem.split("/", 1)[0]):
        days = list(grouped)
        for suffix in (*PAPER_FILES, DATA_FILE):
            files = [day + suffix for day in days]
            made_from = json.dumps([(file, downloads.fingerprints[file]) for file in files])
            fingerprint = hashlib.sha256(made_from.encode("utf-8")).hexdigest()
            name = year_data(int(year)) if suffix == DATA_FILE else year_papers(int(year), suffix)
            if downloads.known(name) and before.get(name) == fingerprint:
                downloads.keep(name, fingerprint)
                continue
            texts = [(downloads.out_dir / file).read_text(encoding="utf-8") for file in files]
            if suffix != DATA_FILE:
                downloads.put(name, "\n".join(text for text in texts if text), fingerprint)
                continue
            # A day's file is "[" + the digest + "]\n", compact (download_texts): its line is
            # the middle, taken as it is rather than parsed and written again (a third of the time).
            lines = "".join(_one_line(text[1:-2]) + "\n" for text in texts)
            # No time or name in the header: the same lines give the same bytes.
            downloads.put(name, gzip.compress(lines.encode("utf-8"), compresslevel=6, mtime=0), fingerprint)


def schemas() -> list[tuple[int, str]]:
    """Every version of the data's JSON Schema that the package keeps (``schemas/N.json``), oldest first."""
    folder = resources.files("digest_archive") / "schemas"
    found = {
        int(item.name.removesuffix(".json")): item for item in folder.iterdir() if item.name.endswith(".json")
    }
    return [(version, found[version].read_text(encoding="utf-8")) for version in sorted(found)]
