"""Which names a build files again: those on the papers of the pages Sphinx read again or removed.

A name's page changes only with its papers, and a paper only with its
digest's page. So a build need not file and fingerprint again every name
of the archive (tens of thousands at 4,000 digests, for a digest more), but
only those on the papers of the pages Sphinx clears: the names those
papers had, noted as each page is cleared (``env-purge-doc``), and those
they have once read. The names' manifest keeps when each page with papers
was read (Sphinx's ``env.all_docs``); a page read or removed since, but not
in this build (by a build stopped between reading and writing the pages),
had papers whose names no build noted, and then every name is filed again.
"""

from __future__ import annotations

from typing import Any

from sphinx.application import Sphinx
from sphinx.builders.html import StandaloneHTMLBuilder
from sphinx.environment import BuildEnvironment

from ...render.profiles import NAMED, Listed, names_of
from ..domain import digest_domain


class Cleared:
    """The pages Sphinx clears in a build, with when each had been read, and the names their papers had."""

    def __init__(self) -> None:
        self.read: dict[str, int | None] = {}
        self.had: dict[str, set[str]] = {kind: set() for kind in NAMED}
        #: Each page's papers, made when the first is cleared.
        self.by_doc: dict[str, list[Listed]] | None = None

    def forget(self, app: Sphinx, env: BuildEnvironment, docname: str) -> None:
        """Before Sphinx clears ``docname``: the names its papers had."""
        if self.by_doc is None:
            self.by_doc = {}
            for paper in digest_domain(env).papers.values():
                self.by_doc.setdefault(paper.docname, []).append(paper)
        self.read[docname] = env.all_docs.get(docname)
        for paper in self.by_doc.get(docname, ()):
            for kind in NAMED:
                self.had[kind].update(names_of(kind, paper))

    def names(
        self, papers: list[Listed], read: dict[str, int], before: dict[str, int] | None
    ) -> dict[str, set[str]] | None:
        """The names whose pages this build's documents can change; None for all of them.

        ``read`` and ``before`` give the time each document with papers was
        read, now and as the manifest has it. All of them when a document of
        the manifest was read or removed but not as the manifest had it (by
        a build that stopped between reading and writing), as the names its
        papers had then are unknown.
        """
        cleared, had = self.read, self.had
        self.read, self.had, self.by_doc = {}, {kind: set() for kind in NAMED}, None
        if before is None:
            return None
        dirty = {doc for doc in read.keys() | before.keys() if read.get(doc) != before.get(doc)}
        if any(doc in before and cleared.get(doc, -1) != before[doc] for doc in dirty):
            return None
        names = had
        for paper in papers:
            if paper.docname in dirty:
                for kind in NAMED:
                    names[kind].update(names_of(kind, paper))
        return names


def moved_or_missing(
    builder: StandaloneHTMLBuilder,
    before: dict[str, dict[str, list[Any]]],
    changed: dict[str, set[str]],
    present: dict[str, set[str]],
) -> bool:
    """Whether a name has another page than before, or one not filed again has none in the output.

    A name's page is in the signature of every paper it is on (its
    co-authors' pages link it); a page gone from the output is written again.
    """
    stems = digest_domain(builder.env).name_stems
    return any(
        stems[kind].get(name, stem) != stem
        or (name not in changed[kind] and builder.get_target_uri(stem) not in present[kind])
        for kind, names in before.items()
        for name, (stem, *_rest) in names.items()
    )


def count(names: dict[str, set[str]]) -> int:
    """How many ``names`` of all kinds."""
    return sum(len(each) for each in names.values())


def only(
    manifest: dict[str, dict[str, list[Any]]], names: dict[str, set[str]]
) -> dict[str, dict[str, list[Any]]]:
    """``manifest``'s entries of ``names`` alone."""
    return {
        kind: {name: entries[name] for name in names.get(kind, ()) if name in entries}
        for kind, entries in manifest.items()
    }
