"""``{digest:statistics}``: the statistics page, its words and the plots the converter drew, inline.

The converter draws each plot for a wide and a narrow screen
(:mod:`digest_archive.archive.figures`), in the page's text colour for
either of furo's schemes, and lists them in ``<pages>/statistics/figures.json``.
The directive makes the page: its title and words in the interface's
language, and a figure of each plot whose two drawings are shown inline, as
SVG, so that the names they show are links; the stylesheet shows the size
that fits the figure's width. What a plot
shows in words is the drawing's description. The page is read again when
that list changes, which holds each plot's fingerprint; the drawings are
read as the page is written, once they are made (``digest-drawings-wanted``,
:mod:`..publishing.raw`).

A drawing's links are placeholders (:func:`~digest_archive.render.statistics.placeholder`)
until the page is written: each is resolved then, relative to the page, to
its name's own page (authors and affiliations, :mod:`..names.pages`) or
its category's page. The SVG is parsed and
written again, so that nothing in it but the elements matplotlib wrote
reaches the page, every text and attribute escaped.
"""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.builders import Builder
from sphinx.util.docutils import SphinxDirective

from ...archive.figures import FOLDER, INDEX
from ...i18n import _
from ...render.drawings import SIZES
from ...render.names import anchor, own_page
from ...render.profiles import NAMED
from ...render.statistics import MONTHS, placeholder
from ..domain import digest_domain

#: The class of each figure, which the stylesheet sizes to the page.
FIGURE_CLASS = "digest-statistics"
#: The class of a drawing for a size of screen (``digest-statistics-narrow``): the stylesheet shows one.
SIZE_CLASS = "digest-statistics-{size}"

_SVG = "http://www.w3.org/2000/svg"
_XLINK = "http://www.w3.org/1999/xlink"


class statistics_drawing(nodes.General, nodes.Element):
    """A plot's drawing, until the page is written: its file below the source folder, and its links."""


def setup(app: Sphinx) -> None:
    app.add_directive_to_domain("digest", "statistics", StatisticsDirective)
    app.add_node(statistics_drawing)
    app.connect("doctree-resolved", _show_drawings)


class StatisticsDirective(SphinxDirective):
    """``{digest:statistics}``: the statistics page's title, words, and a figure for each plot."""

    def run(self) -> list[nodes.Node]:
        title = _("Statistics")
        section = nodes.section(ids=[nodes.make_id(FIGURE_CLASS)], names=[nodes.fully_normalize_name(title)])
        section += nodes.title(title, title)
        section += nodes.paragraph(
            "",
            _(
                "What the archive's papers add up to, month by month over the last {years} years and "
                "year by year: which arXiv categories the digests recommend, how many papers they mark "
                "as especially worth reading (with a *), and which authors and affiliations come back "
                "most often."
            ).format(years=MONTHS // 12),
        )
        pages = self.config.digest_pages_dir
        index = Path(self.env.srcdir) / pages / FOLDER / INDEX
        self.env.note_dependency(str(index))
        try:
            figures = json.loads(index.read_text(encoding="utf-8"))
        except FileNotFoundError:
            section += nodes.paragraph(
                "", _("No digest has been converted yet, so there is nothing to plot.")
            )
            return [section]
        except ValueError as error:
            raise self.error(f"digest:statistics: {index} is not the converter's JSON ({error})") from None
        section += nodes.paragraph(
            "",
            _(
                "A month without a digest is left blank. Each name links to its papers, each "
                "category in a legend to its page."
            ),
        )
        for figure in figures:
            shown = nodes.figure(ids=[f"statistics-{figure['name']}"], classes=[FIGURE_CLASS])
            for size in SIZES:
                file = f"{pages}/{FOLDER}/{figure[size]}"
                shown += statistics_drawing(
                    file=file,
                    links=figure["links"],
                    title=figure["title"],
                    description=figure["alt"],
                    classes=[SIZE_CLASS.format(size=size)],
                )
            shown += nodes.caption(figure["title"], figure["title"])
            section += shown
        return [section]


def _show_drawings(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """Each drawing inline, its links resolved for ``docname``; its words alone where there is no HTML."""
    found = list(doctree.findall(statistics_drawing))
    if found and app.builder.format == "html":
        app.emit("digest-drawings-wanted")
    for node in found:
        if app.builder.format != "html":
            # One paragraph of words a plot, in place of its first drawing.
            first = node.parent.index(node) == 0
            node.replace_self([nodes.paragraph("", node["description"])] if first else [])
            continue
        svg = (Path(app.srcdir) / node["file"]).read_text(encoding="utf-8")
        targets = [_target(app, docname, link) for link in node["links"]]
        html = inline(svg, targets, [link[2] if link else "" for link in node["links"]], node)
        node.replace_self(nodes.raw("", html, format="html", classes=node["classes"]))


def _target(app: Sphinx, docname: str, link: Sequence[str] | None) -> str | None:
    """The URL of ``link`` ((kind, name) of the domain) from the page ``docname``; None if it has no page."""
    if link is None:
        return None
    kind, name = link[:2]
    domain = digest_domain(app.env)
    builder: Builder = app.builder
    if kind in NAMED:
        stem = domain.name_stems[kind].get(name)
        if stem is None:
            return None
        return builder.get_relative_uri(docname, own_page(app.config.digest_pages_dir, kind, stem))
    page = domain.names.get(kind, {}).get(name)
    if page is None:
        return None
    return f"{builder.get_relative_uri(docname, page)}#{anchor(kind, name)}"


def inline(svg: str, targets: Sequence[str | None], names: Sequence[str], node: Any) -> str:
    """A drawing as an ``<svg>`` element of the page: sized in CSS pixels, described, its links resolved.

    ``targets`` are the URLs of the drawing's placeholders, by index (None:
    no link, the shape is shown alone), ``names`` what each link is read
    as. Of the links to one address, the one on a name's text takes the
    keyboard's focus and is read, as its text says (a shortened name is
    whole in its tooltip); the others (its bars) are for the mouse
    and the finger, left out of the tab order and of what is read.
    """
    ET.register_namespace("", _SVG)
    ET.register_namespace("xlink", _XLINK)
    root = ET.fromstring(svg)
    for parent in list(root.iter()):
        for child in list(parent):
            # matplotlib's stylesheet (*{…}) would style the whole page, its metadata is unread.
            if child.tag in (f"{{{_SVG}}}style", f"{{{_SVG}}}metadata"):
                parent.remove(child)
    _, _, width, height = root.attrib.pop("viewBox").split()
    root.set("viewBox", f"0 0 {width} {height}")
    # One unit a CSS pixel: the stylesheet shrinks a drawing to its figure, never enlarges it.
    root.set("width", width)
    root.set("height", height)
    root.set("stroke-linecap", "butt")
    root.set("stroke-linejoin", "round")
    root.set("role", "group")
    root.set("aria-label", node["title"])
    description = ET.Element(f"{{{_SVG}}}desc")
    description.text = node["description"]
    root.insert(0, description)
    # matplotlib names its groups (figure_1, axes_1…) alike in every drawing: only the ids
    # a drawing refers to stay, which its salt makes its own (render.drawings.draw).
    referred = {
        value[value.index("#") + 1 :].rstrip(")")
        for element in root.iter()
        for key, value in element.attrib.items()
        if value.startswith("url(#") or (key == f"{{{_XLINK}}}href" and value.startswith("#"))
    }
    for element in root.iter():
        if element.get("id") is not None and element.get("id") not in referred:
            del element.attrib["id"]
    links = {placeholder(index): index for index in range(len(targets))}
    anchors = list(root.iter(f"{{{_SVG}}}a"))
    # The link read and focused for an address: the first on a text, else the first.
    chosen: dict[int, ET.Element] = {}
    for element in anchors:
        index = links.get(element.get(f"{{{_XLINK}}}href", ""))
        if index is None or targets[index] is None:
            continue
        on_text = element.find(f"{{{_SVG}}}text") is not None
        if index not in chosen or (on_text and chosen[index].find(f"{{{_SVG}}}text") is None):
            chosen[index] = element
    for element in anchors:
        index = links.get(element.attrib.pop(f"{{{_XLINK}}}href", ""))
        element.attrib.pop("target", None)
        target = None if index is None else targets[index]
        if target is None:
            # A placeholder without a page, or a link no placeholder: a group, linking nowhere.
            element.tag = f"{{{_SVG}}}g"
            continue
        element.set("href", target)
        if chosen[index] is element:
            shown = "".join("".join(text.itertext()) for text in element.iter(f"{{{_SVG}}}text"))
            if not shown:
                element.set("aria-label", names[index])
            elif shown != names[index]:
                # A shortened name is read as shown (WCAG 2.5.3), and told whole in its tooltip.
                whole = ET.SubElement(element, f"{{{_SVG}}}title")
                whole.text = names[index]
        else:
            element.set("tabindex", "-1")
            element.set("aria-hidden", "true")
    return ET.tostring(root, encoding="unicode")
