"""Debian's Chromium, as the benchmark, the screenshots and the tests drive it, and a site served to it.

A browser is never downloaded: Playwright drives the Chromium that ``make
system-deps`` installs from Debian.
"""

from __future__ import annotations

import functools
import http.server
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

CHROMIUM = "/usr/bin/chromium"  # Debian's; a browser is never downloaded
# Chromium's own connections are refused on a closed network; these flags
# keep it from trying (and from slowing every start).
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]


@contextmanager
def served(site: Path) -> Iterator[str]:
    """``site`` served on 127.0.0.1 (a free port) while in the block: its base URL."""

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, format: str, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(site)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        thread.join()
