"""The largest postmortem: how much content and how many list entries one postmortem may hold.

Every read-model document is built from one postmortem, or from one item of it (a published
revision, a review comment, an action item), so these limits bound every stored document by
design: the `postmortems` document holds the current content and the last published content
(each at most `content_bytes`) plus bounded lists, far below MongoDB's 16 MiB per document.
Histories that grow with a postmortem's life (published revisions, review comments) are stored
one document per item, and their number is bounded here too.

The defaults are the product's stated limits (README "Largest postmortem", and the GraphQL
schema's descriptions). `POSTMORTEM_LIMITS` may lower them, for tests only: raising them would
make the schema's descriptions untrue. A command that would exceed a limit raises
`ValidationFailed` naming the limit, and no event is recorded. Events stored before a limit
existed are never rewritten; the projector parks a postmortem whose read model it cannot write.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, fields, replace

from . import validation as v
from .errors import FieldProblem, ValidationFailed

# Which field of a command's ValidationError each limit is reported under.
_FIELD_OF = {
    "content_bytes": "content",
    "timeline_entries": "timeline",
    "action_items": "action_items",
    "review_comments": "review_comments",
    "authors": "authors",
    "recurrence_links": "recurrence_of",
    "approvals_per_revision": "approvals",
    "published_revisions": "revision",
}


@dataclass(frozen=True)
class PostmortemLimits:
    """The largest postmortem (all counts are entries; `content_bytes` is UTF-8 bytes).

    `content_bytes` bounds the content document (what is reviewed, hashed and published:
    metadata, summary, timeline, root cause, impact, lessons, action items, links) as canonical
    JSON (service/domain/canonical.py), per revision. The other limits bound lists; the per-field
    text lengths and the smaller lists (services, tags, whys, lessons) are in validation.py.
    """

    content_bytes: int = 1_048_576
    timeline_entries: int = v.MAX_TIMELINE_ENTRIES
    action_items: int = v.MAX_ACTION_ITEMS
    review_comments: int = v.MAX_REVIEW_COMMENTS  # over the postmortem's whole life
    authors: int = v.MAX_AUTHORS
    recurrence_links: int = v.MAX_RECURRENCE_LINKS
    approvals_per_revision: int = 100  # voided ones included
    published_revisions: int = 100

    def check_count(self, limit: str, current: int, problems: v.Problems) -> None:
        """Records a problem if a list that holds `current` entries cannot take one more."""
        allowed: int = getattr(self, limit)
        if current >= allowed:
            problems.add(
                _FIELD_OF[limit],
                f"must have at most {allowed} entries (limit {limit} of the largest postmortem)",
            )

    def check_content(self, content_bytes: int) -> None:
        """Raises ValidationFailed if a content document of `content_bytes` is too large."""
        if content_bytes > self.content_bytes:
            raise ValidationFailed(
                [
                    FieldProblem(
                        _FIELD_OF["content_bytes"],
                        f"the content would be {content_bytes:,} bytes; a postmortem holds at "
                        f"most {self.content_bytes:,} bytes of content per revision "
                        "(limit content_bytes of the largest postmortem)",
                    )
                ]
            )

    def lowered(self, overrides: Mapping[str, int]) -> PostmortemLimits:
        """Returns these limits with some lowered; raises ValueError naming an unknown limit
        or a value that is not between 1 and the current one."""
        names = {f.name for f in fields(self)}
        for name, value in overrides.items():
            if name not in names:
                raise ValueError(f"unknown limit {name!r} (known: {', '.join(sorted(names))})")
            if not 1 <= value <= getattr(self, name):
                raise ValueError(f"{name} must be between 1 and {getattr(self, name)}")
        return replace(self, **dict(overrides))


DEFAULT_LIMITS = PostmortemLimits()


def parse_overrides(text: str) -> dict[str, int]:
    """Parses "content_bytes=20000,timeline_entries=5" (empty: no overrides); raises
    ValueError saying what is wrong."""
    overrides: dict[str, int] = {}
    for part in (p.strip() for p in text.split(",")):
        if not part:
            continue
        name, sep, raw = part.partition("=")
        if not sep or not raw.strip().isdigit():
            raise ValueError(f"{part!r}: expected name=whole number, e.g. content_bytes=20000")
        overrides[name.strip()] = int(raw)
    DEFAULT_LIMITS.lowered(overrides)  # validates
    return overrides


def describe(limits: PostmortemLimits = DEFAULT_LIMITS) -> str:
    """Returns the limits as one sentence (for the GraphQL schema's descriptions)."""
    return (
        f"The largest postmortem: {limits.content_bytes:,} bytes of content per revision "
        f"(UTF-8 JSON), {limits.timeline_entries} timeline entries, {limits.action_items} action "
        f"items, {limits.authors} authors, {limits.recurrence_links} recurrence links, "
        f"{limits.review_comments:,} review comments, {limits.approvals_per_revision} approvals "
        f"per revision and {limits.published_revisions} published revisions."
    )
