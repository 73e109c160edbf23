"""Authors' and affiliations' own pages and feeds: written by the HTML builder when their papers change.

Every author and affiliation has a page of its own at an address that never
changes, ``<pages>/<authors|affiliations>/names/<stem>.html``
(:func:`~digest_archive.render.names.own_page`, the stem the domain gives
it), with its papers newest first, its years, categories, co-authors and
affiliations (:mod:`digest_archive.render.namepage`), and, when the site
has an address, its Atom feed, ``feeds/<author|affiliation>/<stem>.atom``.
A name with more than :data:`~digest_archive.render.profiles.HEAVY` papers
lists them on a page a year, in the folder of its page's name.

The pages are no documents, so Sphinx's environment does not grow with the
names: the builder writes them through the theme (``digest-name.html``, on
Furo's base) at ``html-collect-pages``, as it writes
``html_additional_pages``. The theme renders a kind's page once a build,
with placeholders for a name's title, address and body, which each name's
page then fills (``source/performance.md`` says what that saves); a name
with a page a year has its year pages rendered one by one. Each is written only when its
fingerprint changes: a hash of what it shows of each of its papers
(:func:`~digest_archive.render.profiles.signature`) and of the frame it is
written in (this module's :data:`VERSION`, the configuration, the
templates); a year page's, of its year's papers, so that a paper more
writes its name's page and its year's page, not every year's. What was
written is kept in the doctrees folder, with when each digest's page was
read: a build files and fingerprints again only the names on the papers of
the pages Sphinx read again or removed (the names they had, noted as
Sphinx clears each page, and those they have), and every name when it
cannot know those (after a build stopped between reading and writing).
They are left out of
``sitemap.xml``: at 4,000 digests they outnumber the 50,000 addresses a
sitemap may hold.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from sphinx.application import Sphinx
from sphinx.builders.html import StandaloneHTMLBuilder
from sphinx.config import Config
from sphinx.environment import BuildEnvironment
from sphinx.errors import ExtensionError
from sphinx.util import logging

from ...i18n import _, active_language
from ...render.escaping import escape
from ...render.feeds import Site, name_feed
from ...render.myst import page_path
from ...render.namepage import render_name_page, render_year_page, title, year_title
from ...render.names import KINDS, OWN_PAGES, own_page
from ...render.profiles import HEAVY, NAMED, Listed, file_by_name, fingerprint, names_of, profile, signature
from ..domain import digest_domain
from ..publishing.credit import site_credit
from ..publishing.feeds import alternate_link
from ..publishing.sharing import base_url, published, write_if_changed
from .links import name_links
from .refiling import Cleared, count, moved_or_missing, only

logger = logging.getLogger(__name__)

#: What was written, in the doctrees folder:
#: ``{"version": VERSION, "frame": …, "names": {kind: {name: [stem, fingerprint, years]}}, "read": …}``,
#: ``years`` (``[[year, fingerprint], …]``) those of a name with a page a year, each with its page's;
#: ``read``, when each page with papers was read (Sphinx's ``env.all_docs``).
MANIFEST = "digest-name-pages.json"
#: Bump with any change to what a name's page holds for the same papers:
#: every page is then written again.
#: ``tests/sphinxext/test_cache_versions.py`` fails when it changes and this does not.
VERSION = 6
#: The folder of the names' feeds, below the feeds' folder: ``feeds/author/<stem>.atom``.
FEEDS = "feeds"
#: The template the pages are written with under Furo (or a theme built on it):
#: Furo's base, in a frame of a few lines. Under any other theme, its page.
TEMPLATE = "digest-name.html"


def setup(app: Sphinx) -> None:
    app.connect("config-inited", _leave_out_of_sitemap)
    pages = _NamePages()
    # Before the parallel writers fork, so that each inherits the pages' names.
    app.connect("env-updated", _name_stems)
    app.connect("env-purge-doc", pages.cleared.forget)
    app.connect("html-collect-pages", pages.collect)
    app.connect("html-page-context", pages.link_feed)
    app.connect("build-finished", pages.finish)


def _leave_out_of_sitemap(app: Sphinx, config: Config) -> None:
    # Tens of thousands of them at 4,000 digests, past the 50,000 addresses a
    # sitemap may hold; crawlers reach them through the digests' links.
    own = [f"{config.digest_pages_dir}/{KINDS[kind]}/{OWN_PAGES}/*" for kind in NAMED]
    config.sitemap_excludes = list(dict.fromkeys([*config.sitemap_excludes, *own]))


def _name_stems(app: Sphinx, env: BuildEnvironment) -> list[str]:
    digest_domain(env).name_stems  # noqa: B018 (made once, kept by the domain)
    return []


def feed_path(kind: str, stem: str) -> str:
    """A name's feed, below the output folder: ``feeds/author/ganguli_s-3f0c….atom``."""
    return f"{FEEDS}/{kind}/{stem}.atom"


class _NamePages:
    """The names' pages of one build: what the manifest said, and what it will say."""

    def __init__(self) -> None:
        #: The manifest to write once the pages are written; None when nothing changed.
        self.done: dict[str, Any] | None = None
        #: The feed of each page written in this build, by page name.
        self.feeds: dict[str, str] = {}
        #: The pages Sphinx clears in this build, and the names their papers had.
        self.cleared = Cleared()

    def collect(self, app: Sphinx) -> Iterator[tuple[str, dict[str, Any], str]]:
        builder = app.builder
        self.done, self.feeds = None, {}
        if not isinstance(builder, StandaloneHTMLBuilder) or builder.name != "html":
            return
        domain = digest_domain(app.env)
        stems = domain.name_stems
        pages_dir = app.config.digest_pages_dir
        outdir = Path(builder.outdir)
        papers = list(domain.papers.values())
        frame = _frame(builder)
        manifest = Path(app.doctreedir) / MANIFEST
        try:
            kept = json.loads(manifest.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            kept = {}
        same_version = isinstance(kept, dict) and kept.get("version") == VERSION
        before: dict[str, dict[str, list[Any]]] = kept.get("names", {}) if same_version else {}
        trusted = same_version and kept.get("frame") == frame
        read = {doc: app.env.all_docs.get(doc, 0) for doc in {paper.docname for paper in papers}}
        # One listing of each folder, not a look a name: tens of thousands of them.
        present = {kind: _files(outdir / own_page(pages_dir, kind, "")) for kind in NAMED}
        # Only the names on papers of documents read or removed in this build are
        # filed and fingerprinted again; every name is, when the frame changed,
        # when a name's page did (the papers of its co-authors' pages show it),
        # or when a page is missing from the output.
        names_changed = self.cleared.names(papers, read, kept.get("read"))
        if names_changed is not None and (
            not trusted or moved_or_missing(builder, before, names_changed, present)
        ):
            names_changed = None
        if names_changed is not None:
            papers = [
                paper
                for paper in papers
                if any(name in names_changed[kind] for kind in NAMED for name in names_of(kind, paper))
            ]
        signed = {paper.key: signature(paper, stems) for paper in papers}
        filed = file_by_name(papers)
        now: dict[str, dict[str, list[Any]]] = {}
        changed: list[tuple[str, str]] = []
        #: The year pages a changed name had, with their fingerprints: those that hold are kept.
        written: dict[tuple[str, str], dict[int, str]] = {}
        for kind, names in filed.items():
            old = before.get(kind, {}) if trusted else {}
            now[kind] = {}
            if names_changed is not None:
                now[kind] = {name: entry for name, entry in old.items() if name not in names_changed[kind]}
                names = {name: listed for name, listed in names.items() if name in names_changed[kind]}
            for name, listed in names.items():
                stem = stems[kind][name]
                entry = now[kind][name] = [
                    stem,
                    fingerprint(kind, name, (signed[paper.key] for paper in listed), frame),
                    _years(kind, name, listed, signed, frame) if len(listed) > HEAVY else [],
                ]
                if old.get(name) != entry or builder.get_target_uri(stem) not in present[kind]:
                    changed.append((kind, name))
                    written[kind, name] = (
                        {year: signed for year, signed in old[name][2]} if name in old else {}
                    )
        # The names not filed again keep their pages, their year pages and their feeds.
        gone = _gone(builder, before if names_changed is None else only(before, names_changed), now)
        site = _site(app) if published(app) else None
        if changed or gone or not trusted:
            # Until every page is written, the manifest on disk vouches for
            # none of the pages being written (the next build writes them
            # again), and still names those going (it removes them).
            intent = {kind: dict(before.get(kind, {})) for kind in now}
            for kind, name in changed:
                stem, _fingerprint, years = now[kind][name]
                intent[kind][name] = [stem, "", [[year, ""] for year, _signed in years]]
            manifest.write_text(json.dumps({"version": VERSION, "frame": "", "names": intent}), "utf-8")
        if changed or gone or not trusted or read != kept.get("read"):
            self.done = {"version": VERSION, "frame": frame, "names": now, "read": read}
        for path in gone:
            (outdir / path).unlink(missing_ok=True)
        logger.info(
            "digest: %d of %d names filed again; %d pages of authors and affiliations written, %d removed",
            sum(len(names) for names in filed.values()) if names_changed is None else count(names_changed),
            sum(len(names) for names in now.values()),
            len(changed),
            sum(not path.startswith(f"{FEEDS}/") for path in gone),
        )
        frames: dict[str, list[str]] = {}
        encoding = app.config.html_output_encoding
        for kind, name in changed:
            stem = now[kind][name][0]
            shown = profile(kind, name, filed[kind][name])
            pagename = own_page(pages_dir, kind, stem)
            feed = feed_path(kind, stem) if site is not None else None
            links = name_links(builder, pagename, kind, stem, feed)
            if site is not None:
                data = name_feed(shown, site, site.base + feed_path(kind, stem))
                write_if_changed(outdir / feed_path(kind, stem), data)
            if kind not in frames:
                frames[kind] = self._frame(app, builder, kind, site is not None)
            page = outdir / builder.get_target_uri(pagename)
            page.parent.mkdir(parents=True, exist_ok=True)
            text = _stamp(frames[kind], stem, title(shown), render_name_page(shown, links))
            page.write_text(text, encoding=encoding, errors="xmlcharrefreplace")
            for year, signed_year in now[kind][name][2]:
                year_page = f"{pagename}/{year}"
                kept = written[kind, name].get(year) == signed_year
                if kept and (outdir / builder.get_target_uri(year_page)).exists():
                    continue
                links = name_links(builder, year_page, kind, stem, feed)
                body = render_year_page(shown, year, links)
                yield year_page, _context(year_title(shown, year), body), _template(builder)

    def _frame(self, app: Sphinx, builder: StandaloneHTMLBuilder, kind: str, feed: bool) -> list[str]:
        """The page of a name of ``kind`` as the theme writes it, cut at the name's title, address and body.

        Written once a build for each kind, through the theme and every
        ``html-page-context`` handler, as a page named :data:`_STEM` titled
        :data:`_TITLE`, whose body is :data:`_BODY`: a name's page then
        costs its body and a join (:func:`_stamp`), not a theme's render.
        The pages of a kind share a folder, so the frame's relative links
        are every page's.
        """
        pagename = own_page(app.config.digest_pages_dir, kind, _STEM)
        if feed:
            self.feeds[pagename] = feed_path(kind, _STEM)
        scratch = Path(app.doctreedir) / "digest-name-frame.html"
        builder.handle_page(pagename, _context(_TITLE, _BODY), _template(builder), outfilename=str(scratch))
        text = scratch.read_text(encoding=app.config.html_output_encoding)
        scratch.unlink()
        parts = _SENTINELS.split(text)
        if _BODY not in parts:
            raise ExtensionError(f"digest: {_template(builder)} did not write the page's body")
        return parts

    def link_feed(
        self, app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
    ) -> None:
        """A name's page's ``<link rel="alternate">`` to its own feed."""
        path = self.feeds.get(pagename)
        if path is None:
            return
        name = context.get("digest_name", "")
        feed_title = _("{site}: {name}").format(site=app.config.project, name=name)
        context["metatags"] = context.get("metatags", "") + alternate_link(
            feed_title, base_url(app.config) + path
        )

    def finish(self, app: Sphinx, exception: Exception | None) -> None:
        if exception is None and self.done is not None:
            manifest = Path(app.doctreedir) / MANIFEST
            manifest.write_text(json.dumps(self.done), encoding="utf-8")
        self.done = None


#: What a name's frame holds in the place of its page's name, title and body (:meth:`_NamePages._frame`).
#: No name's page can be named so (its name ends in twelve hex digits of hash).
_STEM = "digest0name0stem"
_TITLE = "digest0name0title"
_BODY = "<!-- digest0name0body -->"
_SENTINELS = re.compile(f"({_STEM}|{_TITLE}|{re.escape(_BODY)})")


def _stamp(frame: list[str], stem: str, shown: str, body: str) -> str:
    """A name's page: ``frame`` with its page's name, its title (escaped) and its body set in.

    The frame was cut before anything of the name's was set in, so no
    name, however written, is taken for a place to set something in.
    """
    values = {_STEM: stem, _TITLE: escape(shown), _BODY: body}
    return "".join(values.get(part, part) for part in frame)


def _files(folder: Path) -> set[str]:
    """The names of the files in ``folder``; none if it is not there."""
    try:
        return {entry.name for entry in os.scandir(folder) if entry.is_file()}
    except FileNotFoundError:
        return set()


def _years(
    kind: str, name: str, listed: list[Listed], signed: dict[str, bytes], frame: str
) -> list[list[Any]]:
    """Each year of a name with a page a year, oldest first, with its page's fingerprint (its papers')."""
    by_year: dict[int, list[bytes]] = {}
    for paper in listed:
        by_year.setdefault(paper.date.year, []).append(signed[paper.key])
    return [[year, fingerprint(kind, f"{name}\0{year}", by_year[year], frame)] for year in sorted(by_year)]


def _gone(
    builder: StandaloneHTMLBuilder,
    before: dict[str, dict[str, list[Any]]],
    now: dict[str, dict[str, list[Any]]],
) -> list[str]:
    """The files (below the output folder) of names' pages, year pages and feeds the archive no longer has."""
    pages_dir = builder.config.digest_pages_dir
    gone = []
    for kind, names in before.items():
        for name, (stem, _fingerprint, years) in names.items():
            page = own_page(pages_dir, kind, stem)
            current = now.get(kind, {}).get(name)
            if current is not None and current[0] == stem:
                still = {year for year, _signed in current[2]}
                gone += [
                    builder.get_target_uri(f"{page}/{year}") for year, _signed in years if year not in still
                ]
                continue
            gone += [builder.get_target_uri(page), feed_path(kind, stem)]
            gone += [builder.get_target_uri(f"{page}/{year}") for year, _signed in years]
    return gone


def _frame(builder: StandaloneHTMLBuilder) -> str:
    """What every page is written with: this module's version, the configuration, templates, language."""
    info = builder.build_info
    return json.dumps(
        [
            VERSION,
            info.config_hash,
            info.tags_hash,
            builder.templates.newest_template_mtime(),
            active_language(),
        ]
    )


def _site(app: Sphinx) -> Site:
    base = base_url(app.config)
    pages = app.config.digest_pages_dir
    return Site(
        app.config.project,
        app.config.author,
        base,
        lambda date: base + app.builder.get_target_uri(f"{pages}/{page_path(date)}"),
        **site_credit(app),
    )


def _template(builder: StandaloneHTMLBuilder) -> str:
    """:data:`TEMPLATE` under Furo, whose base it extends; the theme's page under any other."""
    furo = any(Path(folder).name == "furo" for folder in builder.theme.get_theme_dirs())
    return TEMPLATE if furo else "page.html"


def _context(shown: str, body: str) -> dict[str, Any]:
    """What the theme's page needs of a page that is no document."""
    return {
        "title": escape(shown, attribute=False),
        "digest_name": shown,
        "body": body,
        "display_toc": False,
        "toc": "",
        "meta": {"nosearch": True},
        "sourcename": "",
    }
