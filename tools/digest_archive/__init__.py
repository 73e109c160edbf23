"""digest-archive: a Sphinx archive of daily arXiv paper digests.

The data flows one way: raw text → :mod:`.parse` → :mod:`.model` →
:mod:`.lint` diagnostics / :mod:`.render` MyST → :mod:`.sphinxext` → HTML/PDF.
"""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("digest-archive")
except PackageNotFoundError:  # running from a source tree without installing
    __version__ = "0+unknown"
