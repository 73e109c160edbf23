"""Volumes whose year did not change keep their LaTeX: the LaTeX builder assembles and writes only the others.

Sphinx's LaTeX builder assembles every volume's doctree and writes its
``.tex`` on every build, whatever changed: at 1,000 digests that was most
of the 28 s it took before latexmk, after one more digest
(``source/performance.md``), and it grows with the archive. latexmk already
leaves a volume whose ``.tex`` did not change as it was; this module lets
the builder leave such a ``.tex`` alone too.

A volume's fingerprint is this module's :data:`VERSION`, the package's own
files (its code, templates and catalogues), Sphinx's version, the
configuration values a LaTeX build depends on, and when each page in the
volume's toctree was last read. A volume whose fingerprint is the one the
last build noted (:data:`MANIFEST`, in the LaTeX folder) and whose
``.tex`` is there is not assembled or written again; any other is, as
Sphinx would. Sphinx writes a page again only when it reads it again, so a
volume none of whose pages were read again would come out the same.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Set
from functools import cache
from pathlib import Path

import sphinx
from sphinx.application import Sphinx
from sphinx.builders.latex import LaTeXBuilder
from sphinx.environment import BuildEnvironment
from sphinx.util import logging

import digest_archive

logger = logging.getLogger(__name__)

#: The fingerprint's own version: raised when what goes into it changes.
VERSION = 1
#: Each volume's fingerprint, as the last build wrote it, in the LaTeX output folder.
MANIFEST = ".digest-volumes.json"
#: The configuration values a LaTeX build depends on: those of no other builder's rebuild.
REBUILDS = frozenset({"env", "latex", ""})


def setup(app: Sphinx) -> None:
    app.add_builder(VolumeBuilder, override=True)


class VolumeBuilder(LaTeXBuilder):
    """Sphinx's LaTeX builder, writing only the volumes whose fingerprint changed."""

    def write_documents(self, docnames: Set[str]) -> None:
        manifest = Path(self.outdir) / MANIFEST
        try:
            kept = json.loads(manifest.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            kept = {}
        if not isinstance(kept, dict):
            kept = {}
        common = _common(self)
        prints = {entry[1]: volume_print(self.env, entry[0], common) for entry in self.document_data}
        unchanged = {
            target
            for target, made in prints.items()
            if kept.get(target) == made and (self.outdir / target).is_file()
        }
        every = self.document_data
        self.document_data = [entry for entry in every if entry[1] not in unchanged]
        try:
            super().write_documents(docnames)
        finally:
            self.document_data = every
        manifest.write_text(json.dumps(prints, sort_keys=True), encoding="utf-8")
        if unchanged:
            logger.info(
                "digest: %d of %d volumes' LaTeX written again; the others' pages were not read again",
                len(prints) - len(unchanged),
                len(prints),
            )


def volume_print(env: BuildEnvironment, root: str, common: str) -> str:
    """The fingerprint of the volume rooted at ``root``: ``common`` and when each of its pages was read."""
    pages = sorted(_toctree(env, root))
    read = [(page, env.all_docs.get(page)) for page in pages]
    return hashlib.sha256(json.dumps([common, read], default=repr).encode("utf-8")).hexdigest()


def _toctree(env: BuildEnvironment, root: str) -> set[str]:
    """``root`` and every page its toctree includes, however deep."""
    found, waiting = {root}, [root]
    while waiting:
        for page in env.toctree_includes.get(waiting.pop(), ()):
            if page not in found:
                found.add(page)
                waiting.append(page)
    return found


def _common(builder: LaTeXBuilder) -> str:
    """What every volume's fingerprint holds: the version, the package, Sphinx, the configuration."""
    values = sorted((value.name, _stable(value.value)) for value in builder.config.filter(REBUILDS))
    return json.dumps([VERSION, package_print(), sphinx.__display_version__, values])


def _stable(value: object) -> object:
    """``value`` as JSON the same in every process: sets sorted, as a ``repr`` orders them by hash."""
    if isinstance(value, set | frozenset):
        return sorted((_stable(item) for item in value), key=repr)
    if isinstance(value, dict):
        return sorted(([repr(key), _stable(item)] for key, item in value.items()), key=repr)
    if isinstance(value, list | tuple):
        return [_stable(item) for item in value]
    return repr(value)


@cache
def package_print() -> str:
    """A hash of the package's own files: its code, templates, static files and catalogues."""
    root = Path(digest_archive.__file__).parent
    digest = hashlib.sha256()
    for path in _files(root):
        digest.update(path.relative_to(root).as_posix().encode("utf-8") + b"\0" + path.read_bytes())
    return digest.hexdigest()


def _files(root: Path) -> Iterable[Path]:
    return sorted(path for path in root.rglob("*") if path.is_file() and "__pycache__" not in path.parts)
