"""The interface's language: the archive's catalogue for the build, the theme's words, each page's ``lang``.

``conf.py``'s ``language`` (``zh_CN``, the archive's default; ``-D
language=en`` for English) chooses Sphinx's own translations, and with
them furo's, which uses Sphinx's words. The archive's words (its pages,
cards and templates) are in its own catalogue (:mod:`digest_archive.i18n`),
activated here before the raw digests are converted. The theme's templates
get both: a message Sphinx does not translate (furo's "Back to top") is
looked up in the archive's.

Reader pages are in the interface's language: ``<html lang="zh-Hans">``
for Chinese, the digests' own script. A page written in another language
says so in its front matter (``lang: en``, the project's pages), and its
article is marked with it.
"""

from __future__ import annotations

import html
import re
from typing import Any

from sphinx.application import Sphinx
from sphinx.config import Config

from ... import i18n
from ...render.escaping import escape

# conf.py's name of the archive (its project and html_title), translated as the build starts.
i18n.N_("Digest archive")
# The theme's own words that Sphinx's catalogue lacks (furo has none of its
# own): its templates ask for them with {% trans %}, and find them here.
i18n.N_("Skip to content")
i18n.N_("Back to top")
i18n.N_("Previous")
i18n.N_("Next")
i18n.N_("Copyright &#169; %(copyright)s")

#: The front-matter field in which a page names the language it is written in.
LANG_KEY = "lang"


def setup(app: Sphinx) -> None:
    catalogue = _Catalogue()
    # First of all: the converter (builder-inited) writes pages in it.
    app.connect("config-inited", catalogue.activate, priority=100)
    app.connect("build-finished", catalogue.restore)
    app.connect("builder-inited", _translate_templates)
    app.connect("html-page-context", _mark_language)
    # After furo's handler (500), which builds its sidebar's tree.
    app.connect("html-page-context", _translate_sidebar, priority=600)


class _Catalogue:
    """The archive's catalogue of the build's language, active from the start of the build to its end.

    The active catalogue is the process's: the one before the build is
    activated again when it ends, so a process that builds in two languages
    (the tests, sphinx-autobuild) says each build's words in its own.
    """

    def __init__(self) -> None:
        self.before = i18n.active_language()

    def activate(self, app: Sphinx, config: Config) -> None:
        self.before = i18n.active_language()
        i18n.activate(config.language)
        # conf.py names the archive in English; its pages, feeds and PDF
        # volumes call it by its name in the interface's language.
        for name in ("project", "html_title"):
            if isinstance(config[name], str):
                config[name] = i18n._(config[name])

    def restore(self, app: Sphinx, exception: Exception | None) -> None:
        i18n.activate(self.before)


def _translate_templates(app: Sphinx) -> None:
    """Let the theme's templates say ``_("…")`` in Sphinx's words or, failing those, the archive's."""
    templates = getattr(app.builder, "templates", None)
    environment = getattr(templates, "environment", None)
    if environment is None or not hasattr(environment, "install_gettext_callables"):
        return
    sphinx_words = app.translator

    def gettext(message: str) -> str:
        translated = sphinx_words.gettext(message)
        return translated if translated != message else i18n._(message)

    def ngettext(singular: str, plural: str, number: int) -> str:
        translated = sphinx_words.ngettext(singular, plural, number)
        if translated not in (singular, plural):
            return translated
        return i18n._(singular if number == 1 else plural)

    environment.install_gettext_callables(gettext, ngettext, newstyle=False)


def _mark_language(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    # The theme writes <html lang="{{ language }}">: the interface's, in BCP 47.
    context["language"] = i18n.html_lang(app.config.language)
    written_in = app.env.metadata.get(pagename, {}).get(LANG_KEY)
    context["digest_content_lang"] = i18n.html_lang(str(written_in)) if written_in else None


#: The label furo writes, in English, on each sidebar entry's expand switch.
_TOGGLE = re.compile(r'aria-label="Toggle navigation of ([^"]*)"')


def _translate_sidebar(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    """Furo's sidebar switches, labelled in the interface's language ("展开或收起 2022")."""
    tree = context.get("furo_navigation_tree")
    if not isinstance(tree, str):
        return

    def label(found: re.Match[str]) -> str:
        said = i18n._("Toggle navigation of {title}").format(title=html.unescape(found.group(1)))
        return f'aria-label="{escape(said)}"'

    context["furo_navigation_tree"] = _TOGGLE.sub(label, tree)
