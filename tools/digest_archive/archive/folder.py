"""The converter's folder: its files as one walk finds them, pages written only when changed, the manifest.

What a conversion keeps between runs is its manifest; a run that stops
half-way must leave nothing in it that the next run would trust wrongly
(:class:`Intent`).
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any


class Pages:
    """The pages below a folder, written as they are rendered: one page's text is held at a time.

    A page is rewritten only when its text changed. One given with the
    fingerprint of its inputs is compared with the file; one rendered whole
    each time is fingerprinted by its text, and known unchanged by the
    fingerprint it was written with, without reading it.
    """

    def __init__(
        self, out_dir: Path, present: set[str], written_with: Mapping[str, str], intent: Intent
    ) -> None:
        self.out_dir = out_dir
        self.present = present
        self.written_with = written_with
        self.intent = intent
        self.fingerprints: dict[str, str] = {}
        self.written: list[Path] = []
        self.unchanged = 0

    def known(self, page: str) -> bool:
        """Whether ``page`` was written with a fingerprint and is still there."""
        return page in self.present and page in self.written_with

    def keep(self, page: str, fingerprint: str) -> None:
        self.fingerprints[page] = fingerprint
        self.unchanged += 1

    def put(self, page: str, content: str | bytes, fingerprint: str | None = None) -> None:
        """Write ``page``, text in UTF-8 or bytes as given, unless it holds them already."""
        data = content.encode("utf-8") if isinstance(content, str) else content
        if fingerprint is None:
            fingerprint = hashlib.sha256(data).hexdigest()
            if self.written_with.get(page) == fingerprint and page in self.present:
                self.keep(page, fingerprint)
                return
        self.fingerprints[page] = fingerprint
        path = self.out_dir / page
        if page in self.present and path.read_bytes() == data:
            self.unchanged += 1
            return
        self.intent.declare()
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        self.written.append(path)

    def remove_the_rest(self) -> list[Path]:
        """Delete the pages present that no digest makes any more."""
        removed = []
        for page in sorted(self.present - self.fingerprints.keys()):
            self.intent.declare()
            (self.out_dir / page).unlink()
            removed.append(self.out_dir / page)
        return removed


@dataclass(frozen=True)
class Tree:
    """The converter's folder as one walk found it: its files (with ``/``, below it) and its folders.

    One walk, where a search for each kind of file and one for the folders
    each walked the whole tree, which grows with the archive.
    """

    names: frozenset[str]
    folders: tuple[Path, ...]

    @classmethod
    def of(cls, out_dir: Path) -> Tree:
        names, folders = set(), []
        # os.walk follows no link to a folder, and walks nothing when out_dir is missing.
        for folder, _, files in os.walk(out_dir):
            here = Path(folder)
            below = here.relative_to(out_dir).as_posix()
            if below != ".":
                folders.append(here)
            names.update(name if below == "." else f"{below}/{name}" for name in files)
        return cls(frozenset(names), tuple(folders))

    def files(self, *suffixes: str) -> set[str]:
        return {name for name in self.names if name.endswith(suffixes)}

    def remove_empty_folders(self) -> None:
        """Delete the folders the walk found that are empty now, the deepest first."""
        for folder in sorted(self.folders, reverse=True):
            if not any(folder.iterdir()):
                folder.rmdir()


class Intent:
    """The manifest rewritten without its pages' fingerprints, once, before the first file is changed.

    Until the run writes the whole manifest at its end, the one on disk then
    says nothing of the pages, which the run is changing: if it stops
    half-way, the next run trusts none of them, rather than the fingerprints
    of pages the stopped run may have rewritten or left half-changed.
    What it says of the raw files stays: it is checked against their bytes.
    """

    def __init__(self, path: Path, manifest: Mapping[str, Any]) -> None:
        self.path = path
        self.manifest = manifest
        self.declared = False

    def declare(self) -> None:
        if not self.declared:
            self.declared = True
            if self.manifest:
                write_manifest(self.path, {key: self.manifest[key] for key in ("version", "sources")})


def read_manifest(path: Path, version: int) -> dict[str, Any]:
    """The manifest at ``path`` if it is of ``version``; empty otherwise (none, another version, broken)."""
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return manifest if isinstance(manifest, dict) and manifest.get("version") == version else {}


def write_manifest(path: Path, manifest: Mapping[str, Any]) -> None:
    """Write ``manifest`` at ``path``, whole or not at all."""
    path.parent.mkdir(parents=True, exist_ok=True)
    # Without indent, json takes its C encoder: the manifest grows with the
    # archive, and the pure-Python encoder that indent selects is slow on it.
    text = json.dumps(manifest, sort_keys=True, separators=(",", ":")) + "\n"
    # Whole or not at all: a run stopped while writing it leaves the one before.
    partial = path.with_name(f".{path.name}.partial")
    partial.write_text(text, encoding="utf-8")
    os.replace(partial, path)
