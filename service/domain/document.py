"""The postmortem as a plain document, and the content hash approvals are bound to.

Documents use BSON-friendly values only: str, int, float, bool, None, list, dict and
tz-aware datetimes (UUIDs and Decimals as strings, dates as 'YYYY-MM-DD', enums as values).
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from .blameless import BlamelessWarning, check_postmortem
from .canonical import canonical_json
from .instants import to_millis_in_place
from .policy import MAX_WARNINGS_SHOWN
from .values import (
    ActionItem,
    Impact,
    IncidentWindow,
    RootCauseAnalysis,
    Severity,
    TimelineEntry,
)

if TYPE_CHECKING:
    from .base import PostmortemBase
    from .policy import ReviewPolicy

# A plain document: a postmortem, a read-model or audit entry, a MongoDB filter (the one alias
# every layer uses for "JSON-like dict").
Document = dict[str, Any]


def content_document(pm: PostmortemBase) -> dict[str, Any]:
    """Returns the content part: what is reviewed, approved, hashed and published.

    Action items appear without their status and completion time, so that their
    follow-through after publication does not change the content hash.
    """
    return {
        "title": pm.title,
        "severity": pm.severity.value,
        "services": list(pm.services),
        "tags": list(pm.tags),
        "team": pm.team,
        "incident_ref": pm.incident_ref,
        "window": pm.window.to_dict(),
        "authors": list(pm.authors),
        "summary": pm.summary,
        "timeline": [entry.to_dict() for entry in pm.timeline],
        "root_cause": pm.root_cause.to_dict(),
        "impact": None if pm.impact is None else pm.impact.to_dict(),
        "went_well": list(pm.went_well),
        "went_badly": list(pm.went_badly),
        "action_items": [item.content_dict() for item in pm.action_items],
        "recurrence_of": list(pm.recurrence_of),
    }


# The attributes `content_document` reads: immutable values (str, enums, tuples, frozen
# dataclasses), so the same objects mean the same content.
CONTENT_ATTRIBUTES = (
    "title", "severity", "services", "tags", "team", "incident_ref", "window", "authors",
    "summary", "timeline", "root_cause", "impact", "went_well", "went_badly", "action_items",
    "recurrence_of",
)  # fmt: skip
_MEMO_SIZE = 1_024  # postmortems; the memo holds what their aggregates hold anyway
_derived: dict[Any, tuple[tuple[object, ...], str, list[BlamelessWarning]]] = {}


def content_facts(
    pm: PostmortemBase, content: dict[str, Any] | None = None
) -> tuple[str, list[BlamelessWarning]]:
    """Returns the content hash and the blameless-language warnings of a postmortem's content
    (`content`: its `content_document`, if the caller has it). Remembered per postmortem while
    its content attributes are the same objects (most events change no content), so a
    projector replaying a log hashes and scans each content once, not once per event."""
    attributes = tuple(getattr(pm, name) for name in CONTENT_ATTRIBUTES)
    known = _derived.get(pm.id)
    if known is not None and all(a is b for a, b in zip(known[0], attributes, strict=True)):
        return known[1], known[2]
    content = content_document(pm) if content is None else content
    facts = (hash_content(content), check_postmortem(content))
    if len(_derived) >= _MEMO_SIZE:
        _derived.clear()
    _derived[pm.id] = (attributes, *facts)
    return facts


def content_bytes(pm: PostmortemBase) -> int:
    """Returns the size of the content document as canonical JSON, in UTF-8 bytes (what
    `PostmortemLimits.content_bytes` bounds)."""
    return len(canonical_json(content_document(pm)))


def restore_content(pm: PostmortemBase, content: Mapping[str, Any]) -> None:
    """Sets the postmortem's content to a content document (`content_document`'s shape, e.g.
    a published revision's), so that its content hash is that document's again. Action items
    keep the follow-through they have (or had when removed): status is not content."""
    pm.title = content["title"]
    pm.severity = Severity(content["severity"])
    pm.services = tuple(content["services"])
    pm.tags = tuple(content["tags"])
    pm.team = content["team"]
    pm.incident_ref = content["incident_ref"]
    pm.window = IncidentWindow.from_dict(content["window"])
    pm.authors = tuple(content["authors"])
    pm.summary = content["summary"]
    pm.timeline = tuple(TimelineEntry.from_dict(entry) for entry in content["timeline"])
    pm.root_cause = RootCauseAnalysis.from_dict(content["root_cause"])
    impact = content["impact"]
    pm.impact = None if impact is None else Impact.from_dict(impact)
    pm.went_well = tuple(content["went_well"])
    pm.went_badly = tuple(content["went_badly"])
    items = []
    for item in content["action_items"]:
        known = pm.known_action_items.get(item["id"])
        follow = {} if known is None else {"status": known.status.value,
                                           "completed_at": known.completed_at}  # fmt: skip
        items.append(ActionItem.from_dict({**item, **follow}))
    pm.action_items = tuple(items)
    pm.known_action_items = {**pm.known_action_items, **{i.id: i for i in items}}
    pm.recurrence_of = tuple(content["recurrence_of"])


def hash_content(content: dict[str, Any]) -> str:
    """Returns the sha256 hex digest of the canonical JSON of a content document."""
    return hashlib.sha256(canonical_json(content)).hexdigest()


def downtime(pm: PostmortemBase) -> tuple[int | None, bool]:
    """Returns the downtime in minutes and whether it was derived from the window.

    An explicit ``impact.downtime_minutes`` wins; otherwise it is the whole minutes
    from ``started_at`` to ``resolved_at`` (or ``mitigated_at`` when not resolved).
    """
    impact = None if pm.impact is None else pm.impact.to_dict()
    return content_downtime({"impact": impact, "window": pm.window.to_dict()})


def content_downtime(content: Mapping[str, Any]) -> tuple[int | None, bool]:
    """Returns ``downtime`` for a content document (e.g. a published revision's)."""
    impact = content.get("impact") or {}
    if impact.get("downtime_minutes") is not None:
        return int(impact["downtime_minutes"]), False
    window = content.get("window") or {}
    end = window.get("resolved_at") or window.get("mitigated_at")
    if end is None:
        return None, False
    return int((end - window["started_at"]).total_seconds() // 60), True


def to_document(pm: PostmortemBase, policy: ReviewPolicy) -> dict[str, Any]:
    """Returns the full current state of a postmortem as a plain document, every date-time at
    millisecond precision (instants.py: what the read model keeps, so a point-in-time read
    and the read model agree, also for events recorded before times were kept at that
    precision; `content_hash` is over the content as recorded)."""
    content = content_document(pm)
    content_hash, warnings = content_facts(pm, content)
    counted = pm.counted_approvals(content_hash)
    minutes, derived = downtime(pm)
    impact = (pm.impact or Impact()).to_dict()
    impact.update(
        downtime_minutes=minutes,
        downtime_derived=derived,
        assessed=pm.impact is not None and pm.impact.is_assessed,
    )
    document: dict[str, Any] = {
        "id": str(pm.id),
        "version": pm.version,
        "state": pm.state.value,
        **content,
        "impact": impact,
        "action_items": [item.to_dict() for item in pm.action_items],
        "review_comments": [comment.to_dict() for comment in pm.review_comments],
        "approvals": [{**a.to_dict(), "counted": a in counted} for a in pm.approvals],
        "approval_status": pm.approval_status(policy, counted),
        "content_hash": content_hash,
        "policy_version": pm.policy_version,
        "revision": pm.revision,
        "published_revisions": [r.to_dict() for r in pm.published_revisions],
        "amendment_reason": pm.amendment_reason,
        "withdrawn_kind": None if pm.withdrawn_kind is None else pm.withdrawn_kind.value,
        "withdrawn_reason": pm.withdrawn_reason,
        "created_at": pm.created_at,
        "created_by": pm.created_by,
        "updated_at": pm.updated_at,
        "submitted_at": pm.submitted_at,
        "first_published_at": pm.first_published_at,
        # Bounded: the first ones in document order, and how many there are in all.
        "blameless_warnings": [w.to_dict() for w in warnings[:MAX_WARNINGS_SHOWN]],
        "blameless_warning_count": len(warnings),
    }
    to_millis_in_place(document)
    return document
