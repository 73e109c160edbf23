"""The papers and the data as files to download: each digest's beside its page, the rest in the pages' folder.

The converter writes them below ``source/<digest_pages_dir>``
(:mod:`..archive.convert`): ``2021/2021-04-26.bib``, ``.ris`` and ``.json``
beside each page, ``2021/2021.bib``, ``.ris`` and ``.jsonl.gz`` for each
year, and the data's JSON Schemas (``schema-1.json``) for the whole
archive, rewriting only those whose text changed.
``{digest:download}`PATH``` links one of them, relative to each page as it
is written (other builders get its name as text, and no digest page's
block of them); the HTML builders copy them into the site at the end of the
build, as they lie in the source, copying only new and changed ones.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.util import logging
from sphinx.util.docutils import SphinxRole
from sphinx.util.osutil import relative_uri

from ...archive.files import copy_file
from ...render.contract import DOWNLOADS_CLASS
from ...render.myst import is_download

logger = logging.getLogger(__name__)

_YEAR = re.compile(r"[0-9]{4}")


def setup(app: Sphinx) -> None:
    app.add_role_to_domain("digest", "download", DownloadRole())
    app.connect("doctree-resolved", _link_downloads)
    app.connect("build-finished", _publish_downloads)


class DownloadRole(SphinxRole):
    """``{digest:download}`PATH```: a file of papers below the pages' folder, linked by its name.

    PATH is a file the converter writes (:func:`..render.myst.is_download`):
    ``2021/2021-04-26.bib``, ``2021/2021.bib``, ``2021/2021.jsonl.gz``,
    ``schema-1.json``, …; or one the HTML builder writes at the site's root
    (:data:`SITE_FILES`). Any other text is shown as it is.
    """

    def run(self) -> tuple[list[nodes.Node], list[nodes.system_message]]:
        name = self.text.rsplit("/", 1)[-1]
        shown = nodes.literal(name, name)
        if is_download(self.text):
            path = f"{self.config.digest_pages_dir}/{self.text}"
        elif self.text in SITE_FILES:
            path = self.text
        else:
            return [nodes.literal(self.text, self.text)], []
        link = nodes.reference("", "", shown, internal=False, classes=["digest-download"])
        link["digest_download"] = path
        return [link], []


#: Files at the site's root that a page may link as downloads: Sphinx's inventory, for intersphinx.
SITE_FILES = frozenset({"objects.inv"})


def _link_downloads(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    if app.builder.format != "html":
        # A digest page's block of links says nothing without the files.
        for block in list(doctree.findall(nodes.container)):
            if DOWNLOADS_CLASS in block["classes"]:
                block.parent.remove(block)
    for link in list(doctree.findall(nodes.reference)):
        if "digest_download" not in link:
            continue
        if app.builder.format == "html":
            link["refuri"] = relative_uri(app.builder.get_target_uri(docname), link["digest_download"])
        else:  # the PDF has no files to link to
            link.replace_self(link.children)


def download_uri(app: Sphinx, docname: str, path: str) -> str:
    """The URI, from the page ``docname``, of the download ``path`` below the pages' folder (HTML)."""
    return relative_uri(app.builder.get_target_uri(docname), f"{app.config.digest_pages_dir}/{path}")


def publish_downloads(source: Path, target: Path) -> list[Path]:
    """Copy the downloads of ``source`` (:func:`_downloads_in`) to the same places in ``target``: the copies.

    A copy keeps its file's time and is made only when missing or when it
    differs in size or time, so an unchanged file keeps its copy's time.
    Downloads below ``target`` that ``source`` no longer has are deleted;
    links are never followed or copied.
    """
    wanted, present = _downloads_in(source), _downloads_in(target)
    copied = []
    for name in sorted(wanted):
        if present.get(name) != wanted[name]:
            copy_file(source / name, target / name)
            copied.append(target / name)
    for stale in present.keys() - wanted.keys():
        (target / stale).unlink()
    return copied


def _downloads_in(folder: Path) -> dict[str, tuple[int, int]]:
    """The downloads the converter writes, in ``folder`` and its year folders: the size and time of each.

    By path relative to ``folder``, links left out. Only there: the site's
    folder of pages of names, tens of thousands of files in a large archive,
    is not walked. Listed with :func:`os.scandir`, whose entries know their
    kind: a few thousand files each build, where ``Path.glob`` took a
    quarter of a second at 1,000 digests.
    """
    found: dict[str, tuple[int, int]] = {}
    folders = [("", str(folder))]
    while folders:
        prefix, path = folders.pop()
        try:
            entries = list(os.scandir(path))
        except (FileNotFoundError, NotADirectoryError):
            continue
        for entry in entries:
            if not prefix and _YEAR.fullmatch(entry.name) and entry.is_dir(follow_symlinks=False):
                folders.append((f"{entry.name}/", entry.path))
            elif is_download(prefix + entry.name) and entry.is_file(follow_symlinks=False):
                stamp = entry.stat(follow_symlinks=False)
                found[prefix + entry.name] = (stamp.st_size, stamp.st_mtime_ns)
    return found


def _publish_downloads(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None or app.builder.format != "html":
        return
    pages_dir = app.config.digest_pages_dir
    source = Path(app.srcdir) / pages_dir
    if not source.is_dir():
        return
    copied = publish_downloads(source, Path(app.outdir) / pages_dir)
    logger.info("digest: %d files of papers published in %s/", len(copied), pages_dir)
