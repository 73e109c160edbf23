"""Each entry's ways to be corrected on the web: report a problem (a pre-filled issue), edit its digest.

Both lead to the archive's repository, which the build finds: the
``digest_repository`` value of ``conf.py`` (with ``digest_repository_branch``),
else on GitHub Actions ``GITHUB_SERVER_URL`` and ``GITHUB_REPOSITORY`` (the
branch a pull request targets, or the one built), else on Read the Docs
``READTHEDOCS_GIT_CLONE_URL`` (``READTHEDOCS_GIT_IDENTIFIER``). Without one,
or with an address that is not ``http(s)``, neither link is written.

"Report a problem" opens the repository's correction form
(:data:`ISSUE_FORM`), its title naming the day and the entry and its fields
saying where the entry is (the day, the entry's number and title, the raw
file and its lines), for the reader to say what is wrong;
"edit this digest" opens the raw file in GitHub's editor, for a pull request.
Every value is percent-encoded into the URL, and the writer escapes the URL.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote, urlencode

from docutils import nodes
from sphinx.application import Sphinx

from ...i18n import _
from ...text import urls

#: An issue's title is cut to this many characters (an entry's title is a digest's text).
TITLE_LIMIT = 120
#: The repository's issue form for a correction (``.github/ISSUE_TEMPLATE/``), whose
#: fields ``entry`` and ``lines`` the link fills in.
ISSUE_FORM = "correction.yml"


def setup(app: Sphinx) -> None:
    # The repository's web address (https://github.com/OWNER/NAME); empty: found from the build's environment.
    app.add_config_value("digest_repository", "", "html", types=frozenset({str}))
    # The branch its raw files are edited on; empty: the build's, else main.
    app.add_config_value("digest_repository_branch", "", "html", types=frozenset({str}))
    app.connect("config-inited", _settle_repository)


def _settle_repository(app: Sphinx, config: Any) -> None:
    # Written into the configuration, which Sphinx compares with the last
    # build's: pages are written again when the repository or branch changes.
    found = find_repository(config.digest_repository, config.digest_repository_branch, os.environ)
    config.digest_repository = found.url if found is not None else ""
    config.digest_repository_branch = found.branch if found is not None else ""


@dataclass(frozen=True)
class Repository:
    """Where the archive's raw files are kept: the repository's web address, and the branch."""

    url: str
    branch: str


def find_repository(configured: str, branch: str, environ: Mapping[str, str]) -> Repository | None:
    """The archive's repository: as configured, else as GitHub Actions or Read the Docs say; else None."""
    url = configured.strip()
    if not url and environ.get("GITHUB_SERVER_URL") and environ.get("GITHUB_REPOSITORY"):
        url = f"{environ['GITHUB_SERVER_URL'].rstrip('/')}/{environ['GITHUB_REPOSITORY']}"
        # A pull request's build runs on a merge ref; its raw files are edited on the branch it targets.
        branch = branch or environ.get("GITHUB_BASE_REF") or environ.get("GITHUB_REF_NAME", "")
    elif not url and environ.get("READTHEDOCS_GIT_CLONE_URL"):
        url = environ["READTHEDOCS_GIT_CLONE_URL"]
        branch = branch or environ.get("READTHEDOCS_GIT_IDENTIFIER", "")
    url = url.rstrip("/").removesuffix(".git")
    if not urls.is_http(url):
        return None
    return Repository(url, branch.strip() or "main")


def repository(app: Sphinx) -> Repository | None:
    """The repository of this build, as its configuration settled it; None without one."""
    url = app.config.digest_repository
    return Repository(url, app.config.digest_repository_branch) if url else None


def correction_links(found: Repository, card: Any) -> list[nodes.Node]:
    """The entry's "report a problem" and "edit this digest" links, from its card's ``source`` and lines."""
    day, title, source = card["date"], card["title"], card["source"]
    first, last = card["line"], card["end_line"]
    where = _("Lines {first}–{last} of {file}").format(first=first, last=last, file=source)
    entry = _("Entry {number} of the digest of {day}: {title}").format(
        number=card["number"], day=day, title=title
    )
    # GitHub fills an issue form's fields from the query, by their ids.
    report = {
        "template": ISSUE_FORM,
        "title": _("Correction: {entry}").format(entry=entry)[:TITLE_LIMIT],
        "entry": entry,
        "lines": where,
    }
    issue = f"{found.url}/issues/new?{urlencode(report)}"
    edit = f"{found.url}/edit/{quote(found.branch, safe='')}/{quote(source)}"
    return [
        nodes.reference("", _("Report a problem"), refuri=issue, classes=["digest-report"]),
        nodes.reference(
            "",
            _("Edit this digest"),
            refuri=edit,
            reftitle=_("{file}, line {line}").format(file=source, line=first),
            classes=["digest-edit"],
        ),
    ]
