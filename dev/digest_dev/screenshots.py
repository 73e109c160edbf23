"""``make screenshots``: the built archive as a reader sees it, in Chromium, on a desktop and a phone.

Run as ``python -m digest_dev.screenshots [--html DIR] [--out DIR]``. It
serves the HTML (default ``_build/html``) on 127.0.0.1 and saves a full-page
PNG of each kind of page (:data:`PAGES`) at each size (:data:`SIZES`) in
``--out`` (default ``_build/screenshots``), named ``SIZE-PAGE.png``, so a
reviewer can look at a change without serving the site. The year, digest and
name and category pages are the newest digest's; the statistics page is also
shown in the dark scheme, and the about page stands for the project's pages.
``make screenshots`` takes them of the archive in each language.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Sequence
from pathlib import Path
from urllib.parse import quote

from .browser import CHROMIUM, CHROMIUM_ARGS, served

#: Viewports, as the issue that asked for these screenshots tried the archive.
SIZES = {
    "desktop": {"viewport": {"width": 1366, "height": 900}},
    "phone": {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True},
}
#: The kinds of page, in the order a reader meets them.
PAGES = ("home", "year", "digest", "name", "category", "search", "statistics", "statistics-dark", "about")

_DAY = re.compile(r"\d{4}-\d{2}-\d{2}\.html")


def newest_digest(html: Path, pages: str) -> str:
    """The newest digest page's path below ``html`` (``digests/2022/2022-10-15.html``)."""
    found = sorted((html / pages).glob("[0-9][0-9][0-9][0-9]/*.html"), key=lambda path: path.name)
    days = [path for path in found if _DAY.fullmatch(path.name)]
    if not days:
        raise SystemExit(f"screenshots: no digest page in {html / pages}; run 'make html' first")
    return days[-1].relative_to(html).as_posix()


def take(html: Path, out: Path, pages: str = "digests", query: str = "neural network") -> list[Path]:
    """Save every page of :data:`PAGES` at every size of :data:`SIZES` in ``out``: the files."""
    from playwright.sync_api import sync_playwright

    digest = newest_digest(html, pages)
    paths = {
        "home": "index.html",
        "year": f"{digest.rsplit('/', 1)[0]}/index.html",
        "digest": digest,
        "search": f"search.html?q={quote(query)}",
        "about": "about.html",
        "statistics": "statistics.html",
        "statistics-dark": "statistics.html",
    }
    out.mkdir(parents=True, exist_ok=True)
    written = []
    with served(html) as url, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for size, options in SIZES.items():
            context = browser.new_context(**options)
            page = context.new_page()
            for kind in PAGES:
                page.emulate_media(color_scheme="dark" if kind.endswith("-dark") else "light")
                if kind == "category":
                    # The page the digest's first category chip links to.
                    page.goto(f"{url}/{digest}")
                    page.goto(page.locator("a:has(.digest-category)").first.evaluate("a => a.href"))
                elif kind == "name":
                    # The page of its own that the digest's first author links to.
                    page.goto(f"{url}/{digest}")
                    page.goto(page.locator("a:has(.digest-author)").first.evaluate("a => a.href"))
                else:
                    page.goto(f"{url}/{paths[kind]}")
                if kind == "search":
                    page.wait_for_selector("#digest-search[data-state=done]", timeout=30_000)
                page.wait_for_load_state("networkidle")
                target = out / f"{size}-{kind}.png"
                page.screenshot(path=str(target), full_page=True)
                written.append(target)
            context.close()
        browser.close()
    return written


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m digest_dev.screenshots",
        description=(
            "Save full-page screenshots of the built HTML archive (home, year, digest, name, "
            "search and statistics pages) at a desktop's size (1366x900) and a phone's (390x844), "
            "in Debian's Chromium."
        ),
    )
    add = parser.add_argument
    add("--html", type=Path, default=Path("_build/html"), help="the built site; default: _build/html")
    add("--out", type=Path, default=Path("_build/screenshots"), help="default: _build/screenshots")
    add("--pages", default="digests", help="the pages folder (digest_pages_dir); default: digests")
    add("--query", default="neural network", help="the search shown; default: neural network")
    args = parser.parse_args(argv)
    for path in take(args.html, args.out, args.pages, args.query):
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
