"""A postmortem as Markdown: YAML front matter, then every section of the template.

Deterministic: the same document gives the same bytes (no clock, no randomness), so a
published revision rendered twice is the same file (the Git sync relies on it).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from typing import Any

from .view import NONE_RECORDED, PostmortemView, build_view

# Characters with a meaning inside Markdown text (CommonMark's ASCII punctuation that
# starts emphasis, code, links, raw HTML, entities, tables or strikethrough).
_INLINE_SPECIAL = re.compile(r"([\\`*_\[\]<>|~&#!])")
# Line starts that would open a block: list items, quotes, headings, thematic breaks.
_BLOCK_START = re.compile(r"^(\s*)([-+=]|\d+[.)])")

SECTION_TITLES = (
    "Summary",
    "Impact",
    "Timeline",
    "Root cause analysis",
    "What went well",
    "What didn't go well",
    "Action items",
    "Related postmortems",
)


def render_markdown(document: Mapping[str, Any]) -> str:
    """Returns the postmortem as a Markdown file (UTF-8 text ending in a newline).

    `document`: a postmortem document (see ``service.rendering.view``). The front matter
    holds id, title, version, revision, state, severity, incident ref, services, team,
    tags, authors, the incident window, created/updated/first-published/published times
    (ISO 8601 UTC) and the content hash; the body has every section, "None recorded." where
    one is empty. Text from the postmortem is escaped, so it never becomes Markdown markup
    or raw HTML. Action items get a status column only when the document carries status
    (a published revision's frozen ``content`` does not).
    """
    view = build_view(document)
    lines = [*_front_matter(view.front_matter), "", f"# {inline(view.title)}", ""]
    lines += _table(("Field", "Value"), view.details) if view.details else []
    lines += _section("Summary", _paragraphs(view.summary))
    lines += _section("Impact", [*_impact(view), *_paragraphs(view.impact_notes)])
    lines += _section("Timeline", _timeline(view))
    lines += _section("Root cause analysis", _root_cause(view))
    lines += _section("What went well", _bullets(view.went_well))
    lines += _section("What didn't go well", _bullets(view.went_badly))
    lines += _section("Action items", _action_items(view))
    lines += _section("Related postmortems", _bullets(view.recurrence_of))
    if view.approvals:
        rows = [(a.reviewer, a.at, a.content_hash) for a in view.approvals]
        lines += _section("Approvals", _table(("Reviewer", "Approved", "Content hash"), rows))
    while lines and lines[-1] == "":
        lines.pop()
    return "\n".join(lines) + "\n"


def inline(value: str) -> str:
    """Returns text escaped for a single line of Markdown (line breaks become spaces)."""
    single = " ".join(value.split())
    return _INLINE_SPECIAL.sub(r"\\\1", single)


def block(value: str) -> str:
    """Returns multi-line text escaped for Markdown, keeping its line breaks."""
    lines = []
    for line in value.split("\n"):
        escaped = _INLINE_SPECIAL.sub(r"\\\1", line.rstrip())
        lines.append(_BLOCK_START.sub(_escape_block_start, escaped) + "  ")
    return "\n".join(lines).rstrip()


def _escape_block_start(match: re.Match[str]) -> str:
    marker = match.group(2)
    if marker[0].isdigit():
        return match.group(1) + marker[:-1] + "\\" + marker[-1]
    return match.group(1) + "\\" + marker


def _front_matter(matter: Mapping[str, Any]) -> list[str]:
    # JSON scalars and flow sequences are valid YAML 1.2, and quoting every string keeps
    # values such as "no" or "2025-07-15" strings.
    lines = ["---"]
    lines += [f"{key}: {json.dumps(value, ensure_ascii=False)}" for key, value in matter.items()]
    lines.append("---")
    return lines


def _section(title: str, body: list[str]) -> list[str]:
    return ["", f"## {title}", "", *(body or [NONE_RECORDED])]


def _paragraphs(texts: Iterable[str]) -> list[str]:
    lines: list[str] = []
    for paragraph in texts:
        lines += [block(paragraph), ""]
    return lines[:-1]


def _bullets(texts: Iterable[str]) -> list[str]:
    return [f"- {inline(text)}" for text in texts]


def _table(header: tuple[str, ...], rows: Iterable[tuple[str, ...]]) -> list[str]:
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join(" --- " for _ in header) + "|"]
    lines += ["| " + " | ".join(inline(cell) or " " for cell in row) + " |" for row in rows]
    return lines


def _impact(view: PostmortemView) -> list[str]:
    if not view.impact:
        return []
    table = _table(("Measure", "Value"), view.impact)
    return [*table, ""] if view.impact_notes else table


def _timeline(view: PostmortemView) -> list[str]:
    if not view.timeline:
        return []
    rows = [(row.at, row.kind, row.description, row.source) for row in view.timeline]
    return _table(("Time (UTC)", "Kind", "Description", "Source"), rows)


def _root_cause(view: PostmortemView) -> list[str]:
    lines: list[str] = []
    if view.whys:
        lines += ["### Five whys", ""]
        lines += [
            f"{number}. {inline(why)}  \n   Because: {inline(because)}"
            for number, (why, because) in enumerate(view.whys, start=1)
        ]
        lines.append("")
    lines += ["### Root cause", ""]
    lines.append(block(view.root_cause_statement) if view.root_cause_statement else NONE_RECORDED)
    if view.root_cause_category:
        lines += ["", f"Category: {inline(view.root_cause_category)}"]
    lines += ["", "### Contributing factors", ""]
    lines += _bullets(view.contributing_factors) or [NONE_RECORDED]
    return lines


def _action_items(view: PostmortemView) -> list[str]:
    if not view.action_items:
        return []
    header: tuple[str, ...] = ("Action item", "Owner", "Due", "Priority")
    if view.action_items_have_status:
        header += ("Status",)
    header += ("Tracker",)
    rows = []
    for item in view.action_items:
        title = item.title + (f": {item.description}" if item.description else "")
        row: tuple[str, ...] = (title, item.owner, item.due, item.priority)
        if view.action_items_have_status:
            row += (item.status,)
        rows.append((*row, item.tracker))
    return _table(header, rows)
