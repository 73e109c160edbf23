"""Rules that warn: what a reviewer should look at, though the digest reads (DA201–DA208)."""

from __future__ import annotations

from collections.abc import Iterator

from ..model import SUMMARY_LABELS, Digest, Entry, Section
from ..text.entries import STRAY_ABSTRACT
from .entries import label
from .registry import Finding, Severity, rule

# --- warnings -----------------------------------------------------------------


@rule("DA201", "markup-artifact", Severity.WARNING)
def markup_artifact(digest: Digest) -> Iterator[Finding]:
    """Bold markup (``** **``, a stray ``**``) left over from the original post.

    The parser strips it from the field it stood in; delete it from the raw
    file when convenient.

    Bad::

        1、** **[LG] Neural Mechanics
        D Kunin, S Ganguli
        神经力学。
        https://weibo.com/1402400261/JyFsjATR5

    Good::

        1、[LG] Neural Mechanics
        D Kunin, S Ganguli
        神经力学。
        https://weibo.com/1402400261/JyFsjATR5
    """
    artifacts = list(digest.artifacts)
    for entry in digest.entries:
        artifacts.extend(entry.artifacts)
    for artifact in artifacts:
        yield Finding(artifact.line, artifact.column, f"markup artifact {artifact.text!r}")


@rule("DA202", "missing-abstract", Severity.WARNING)
def missing_abstract(digest: Digest) -> Iterator[Finding]:
    """A featured entry has its Chinese summary but no English abstract.

    English text written before the summary is no abstract: DA101 reports it
    (an abstract goes after the summary), and this rule says nothing more of
    that entry.

    Bad::

        1、[LG] Neural Mechanics
        D Kunin, S Ganguli
        [Stanford University]
        神经力学。
        https://weibo.com/1402400261/JyFsjATR5

    Good::

        1、[LG] Neural Mechanics
        D Kunin, S Ganguli
        [Stanford University]
        神经力学。
        Predicting the dynamics of neural network parameters.
        https://weibo.com/1402400261/JyFsjATR5
    """
    # An abstract written before the summary is DA101's one finding, not this one too.
    misplaced = [line.line for line in digest.unparsed if line.reason == STRAY_ABSTRACT]
    starts = sorted(entry.line for entry in digest.entries)
    for entry in digest.section(Section.FEATURED):
        if entry.summary_zh and not entry.abstract_en:
            end = next((start for start in starts if start > entry.line), None)
            if any(entry.line < line and (end is None or line < end) for line in misplaced):
                continue
            yield Finding(entry.line, 1, f"featured entry {label(entry)} has no English abstract")


@rule("DA203", "missing-affiliations", Severity.WARNING)
def missing_affiliations(digest: Digest) -> Iterator[Finding]:
    """An entry has no ``[affiliations]`` line.

    Bad::

        1、[LG] Neural Mechanics
        D Kunin, S Ganguli
        神经力学。
        https://weibo.com/1402400261/JyFsjATR5

    Good::

        1、[LG] Neural Mechanics
        D Kunin, S Ganguli
        [Stanford University]
        神经力学。
        https://weibo.com/1402400261/JyFsjATR5
    """
    for entry in digest.entries:
        if not entry.affiliations:
            yield Finding(entry.line, 1, f"entry {label(entry)} has no [affiliations]")


@rule("DA204", "missing-chinese-title", Severity.WARNING)
def missing_chinese_title(digest: Digest) -> Iterator[Finding]:
    """A shorter "also worth a look" entry has no Chinese title.

    Bad::

        另外几篇值得关注的论文:

        [LG] Relative Variational Intrinsic Control
        K Baumli, V Mnih
        [DeepMind]
        https://weibo.com/1402400261/JyFRrcFEe

    Good::

        另外几篇值得关注的论文:

        [LG] Relative Variational Intrinsic Control
        相对变分内控技能学习目标
        K Baumli, V Mnih
        [DeepMind]
        https://weibo.com/1402400261/JyFRrcFEe
    """
    for entry in digest.entries:
        if entry.section is Section.MORE and not entry.title_zh:
            yield Finding(entry.line, 1, f"entry {label(entry)} has no Chinese title")


@rule("DA205", "duplicate-link", Severity.WARNING)
def duplicate_link(digest: Digest) -> Iterator[Finding]:
    """Two entries share a link: usually one was copied from the other.

    Bad::

        1、[LG] Neural Mechanics
        D Kunin, S Ganguli
        神经力学。
        https://weibo.com/1402400261/JyFsjATR5

        2、[LG] Variable-Shot Adaptation for Online Meta-Learning
        T Yu, C Finn
        在线元学习。
        https://weibo.com/1402400261/JyFsjATR5

    Good::

        1、[LG] Neural Mechanics
        D Kunin, S Ganguli
        神经力学。
        https://weibo.com/1402400261/JyFsjATR5

        2、[LG] Variable-Shot Adaptation for Online Meta-Learning
        T Yu, C Finn
        在线元学习。
        https://weibo.com/1402400261/JyFxGnIcd
    """
    owner: dict[str, Entry] = {}
    for entry in digest.entries:
        for url, span in zip(entry.links, entry.spans.get("links", []), strict=True):
            first = owner.setdefault(url, entry)
            if first is not entry:
                yield Finding.at(span, f"link already used by the entry on line {first.line}")


@rule("DA206", "looks-like-markup", Severity.WARNING)
def looks_like_markup(digest: Digest) -> Iterator[Finding]:
    """Text that looks like HTML, Markdown, MyST, reST or LaTeX markup.

    A digest is data: the archive shows such text exactly as written and
    never acts on it. It rarely belongs in a paper digest, though, so a
    reviewer should look: it may be pasted from a rich-text editor, or an
    attempt to inject a script or a directive.

    Bad::

        1、[LG] Neural Mechanics <script>alert(1)</script>
        D Kunin, S Ganguli
        神经力学。
        https://weibo.com/1402400261/JyFsjATR5

    Good::

        1、[LG] Neural Mechanics
        D Kunin, S Ganguli
        神经力学。
        https://weibo.com/1402400261/JyFsjATR5
    """
    for spot in digest.markup:
        yield Finding(spot.line, spot.column, f"looks like {spot.syntax}: {spot.text[:60]!r}; shown as text")


_ORDER = {name: rank for rank, name in enumerate(SUMMARY_LABELS)}


@rule("DA207", "summary-label-order", Severity.WARNING)
def summary_label_order(digest: Digest) -> Iterator[Finding]:
    """A structured summary's labels are out of order, or one is repeated.

    The labelled summaries (from 2023 on) give their parts in one order:
    ``要点``, ``动机``, ``方法``, ``优势``, ``一句话总结``; any may be left
    out. A part out of place or given twice is most likely a paste gone
    wrong: the page shows the parts in the order written.

    Bad::

        1、[LG] Neural Mechanics
        D Kunin, S Ganguli
        [Stanford University]
        神经力学
        方法：利用网络架构的内在对称性。
        动机：预测训练中参数的动力学。
        Predicting the dynamics of neural network parameters.
        https://weibo.com/1402400261/JyFsjATR5

    Good::

        1、[LG] Neural Mechanics
        D Kunin, S Ganguli
        [Stanford University]
        神经力学
        动机：预测训练中参数的动力学。
        方法：利用网络架构的内在对称性。
        Predicting the dynamics of neural network parameters.
        https://weibo.com/1402400261/JyFsjATR5
    """
    order = "、".join(SUMMARY_LABELS)
    for entry in digest.entries:
        seen: dict[str, int] = {}
        last = ""
        for part in entry.summary_parts:
            if part.label in seen:
                message = f"label {part.label} given twice (first on line {seen[part.label]})"
                yield Finding(part.line, part.column, message)
                continue
            seen[part.label] = part.line
            if last and _ORDER[part.label] < _ORDER[last]:
                message = f"label {part.label} after {last}; the order is {order}"
                yield Finding(part.line, part.column, message)
            else:
                last = part.label


@rule("DA208", "summary-lead", Severity.WARNING)
def summary_lead(digest: Digest) -> Iterator[Finding]:
    """Text between a labelled summary's Chinese title and its first label.

    The labelled summaries (from 2023 on) give the Chinese title on a line
    of its own, then ``要点:`` and the other labelled parts: the layout has
    no place for more text before the first label. Every such line is shown
    all the same, as a paragraph above the labelled parts (the summary's
    lead), on the page, in search, in the PDF and in the export; the
    warning, at the first of them (once an entry, however many they are),
    is for a reviewer to read them: a second title line, a note pasted in
    with the text, or words meant to pass unseen. Give them a label, or
    delete them. (English text there is read as the English abstract, and
    the labelled lines after it are DA101 errors.)

    Bad::

        1、[LG] Neural Mechanics
        D Kunin, S Ganguli
        [Stanford University]
        神经力学
        本文由斯坦福大学发表。
        要点:
        构建了统一的理论框架。
        Predicting the dynamics of neural network parameters.
        https://weibo.com/1402400261/JyFsjATR5

    Good::

        1、[LG] Neural Mechanics
        D Kunin, S Ganguli
        [Stanford University]
        神经力学
        要点:
        本文由斯坦福大学发表。
        构建了统一的理论框架。
        Predicting the dynamics of neural network parameters.
        https://weibo.com/1402400261/JyFsjATR5
    """
    for entry in digest.entries:
        lead = entry.spans.get("summary_lead")
        if not lead:
            continue
        title = entry.spans.get("title_zh")
        where = f"between the Chinese title (line {title[0].line}) and" if title else "before"
        extent = f", {len(lead)} lines to line {lead[-1].line}" if len(lead) > 1 else ""
        message = (
            f"text {where} the first label{extent}: shown above the labelled parts as the summary's lead"
        )
        yield Finding.at(lead[0], message)
