"""The view documents the recurring-incident projection keeps, derived from a postmortem (pure).

Each postmortem is seen in two scopes: `published` (what every authenticated user may see: the
latest published revision's content, with the current action-item statuses, since follow-through
is tracked after publication) and `all` (current content of every postmortem that is not
withdrawn, for those who may read every draft: reviewers, compliance officers, admins).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import UTC, date, datetime, timedelta
from typing import Any
from urllib.parse import quote, unquote

from projections.recurring.text import root_cause_text, term_frequencies
from service.application.read_rules import ALL_SCOPE, PUBLISHED_SCOPE
from service.domain.document import Document

PUBLISHED = PUBLISHED_SCOPE
ALL = ALL_SCOPE
SCOPES = (PUBLISHED, ALL)

NO_VALUE = "(none)"  # trend key of a postmortem without a team / service
UNKNOWN_CATEGORY = "unknown"
DIMENSIONS = ("SERVICE", "CATEGORY", "SEVERITY", "TEAM")
GROUP_DAY = "GROUP_DAY"  # counter kinds of (service, category) groups
GROUP_MONTH = "GROUP_MONTH"


def scoped_documents(doc: Mapping[str, Any] | None) -> dict[str, Mapping[str, Any]]:
    """Returns the postmortem as each scope sees it (no entry: not visible in that scope)."""
    if doc is None or doc.get("state") == "WITHDRAWN":
        return {}
    scoped: dict[str, Mapping[str, Any]] = {ALL: doc}
    if doc.get("state") == "PUBLISHED":
        scoped[PUBLISHED] = doc
    elif revisions := doc.get("published_revisions"):
        frozen = dict(revisions[-1].get("content") or {})
        if frozen:
            # The published text, but today's action-item statuses for its action items.
            current = {item.get("id"): item for item in doc.get("action_items") or []}
            frozen["action_items"] = [
                current.get(item.get("id"), item) for item in frozen.get("action_items") or []
            ]
            frozen["id"] = doc["id"]
            frozen["state"] = "PUBLISHED"  # as the published revision is seen by everyone
            scoped[PUBLISHED] = frozen
    return scoped


def fix_completed_at(action_items: Sequence[Mapping[str, Any]]) -> datetime | None:
    """Returns when the last action item was closed, if every item is done or won't do and at
    least one is done (the fix is complete); otherwise None."""
    if not action_items:
        return None
    if any(item.get("status") not in ("done", "wont_do") for item in action_items):
        return None
    if not any(item.get("status") == "done" for item in action_items):
        return None
    done_at = [item.get("completed_at") for item in action_items if item.get("status") == "done"]
    if any(at is None for at in done_at):
        return None  # a done item without a completion time: cannot tell when the fix landed
    closed: list[datetime] = [
        at for item in action_items if (at := item.get("completed_at")) is not None
    ]
    return max(closed)


def month_of(at: datetime) -> str:
    """Returns the 'YYYY-MM' month of a timestamp."""
    return f"{at.year:04d}-{at.month:02d}"


def category_of(doc: Mapping[str, Any]) -> str:
    """Returns the root-cause category (`unknown` when not analysed yet)."""
    root = doc.get("root_cause") or {}
    return str(root.get("category") or UNKNOWN_CATEGORY)


def postmortem_view(doc: Mapping[str, Any], scope: str) -> Document:
    """Returns the per-postmortem view document: what the queries show, and its term vector."""
    window = doc.get("window") or {}
    items = [
        {
            "id": item.get("id"),
            "title": item.get("title"),
            "owner": item.get("owner"),
            "priority": item.get("priority"),
            "status": item.get("status"),
            "due_date": item.get("due_date"),
            "completed_at": item.get("completed_at"),
        }
        for item in doc.get("action_items") or []
    ]
    tf = term_frequencies(root_cause_text(doc))
    return {
        "_id": f"{scope}:{doc['id']}",
        "scope": scope,
        "postmortem_id": str(doc["id"]),
        "title": doc.get("title") or "",
        "state": doc.get("state"),
        "severity": doc.get("severity"),
        "team": doc.get("team"),
        "services": sorted(set(doc.get("services") or [])),
        "category": category_of(doc),
        "statement": (doc.get("root_cause") or {}).get("statement") or "",
        "started_at": window.get("started_at"),
        "recurrence_of": sorted(str(i) for i in doc.get("recurrence_of") or []),
        "action_items": items,
        "fix_completed_at": fix_completed_at(items),
        "terms": list(tf),
        "tf": tf,
    }


def facts(view: Mapping[str, Any]) -> list[Document]:
    """Returns the incident facts of a view: one small document per affected service."""
    if view.get("started_at") is None:
        return []
    return [
        {
            "_id": f"{view['_id']}:{service}",
            "scope": view["scope"],
            "postmortem_id": view["postmortem_id"],
            "service": service,
            "category": view["category"],
            "started_at": view["started_at"],
        }
        for service in view["services"]
    ]


SIGNATURE_FIELDS = (
    "postmortem_id",
    "started_at",
    "services",
    "category",
    "recurrence_of",
    "fix_completed_at",
    "tf",
)


def signature(view: Mapping[str, Any]) -> Document:
    """Returns the compact part of a view that similarity over a window needs."""
    return {field: view.get(field) for field in SIGNATURE_FIELDS}


def bundle_day(view: Mapping[str, Any]) -> str | None:
    """Returns the UTC day ('YYYY-MM-DD') of the incident start, whose bundle holds the view's
    signature (one document per day: a window reads one document per day, not per incident)."""
    started = view.get("started_at")
    return None if started is None else started.date().isoformat()


def encode_key(value: str) -> str:
    """Returns a value usable as a MongoDB field name (no dots, no leading $, no `|`)."""
    return quote(value, safe="").replace(".", "%2E")


def decode_key(field: str) -> str:
    """Returns the value an encoded field name stands for."""
    return unquote(field)


def group_key(service: str, category: str) -> str:
    """Returns the counter field of a (service, category) group."""
    return f"{encode_key(service)}|{encode_key(category)}"


def split_group_key(field: str) -> tuple[str, str]:
    """Returns the (service, category) of a group counter field."""
    service, category = field.split("|", 1)
    return decode_key(service), decode_key(category)


def group_counter_keys(view: Mapping[str, Any]) -> list[tuple[str, str, str]]:
    """Returns the (kind, bucket, group) counters a view adds one to: its (service, category)
    groups per day and per month of the incident start (UTC)."""
    started = view.get("started_at")
    if started is None:
        return []
    day, month = started.date().isoformat(), month_of(started)
    keys = []
    for service in view["services"]:
        field = group_key(service, view["category"])
        keys += [(GROUP_DAY, day, field), (GROUP_MONTH, month, field)]
    return keys


def trend_keys(view: Mapping[str, Any]) -> list[tuple[str, str, str]]:
    """Returns the (dimension, key, month) counters a view adds one to."""
    started = view.get("started_at")
    if started is None:
        return []
    month = month_of(started)
    keys = [("SERVICE", s, month) for s in view["services"] or [NO_VALUE]]
    keys.append(("CATEGORY", view["category"], month))
    keys.append(("SEVERITY", str(view.get("severity") or NO_VALUE), month))
    keys.append(("TEAM", str(view.get("team") or NO_VALUE), month))
    return keys


EDGE_SLOT_MINUTES = 15  # every zone's UTC offset today is a whole number of quarter hours


def edge_kind(dimension: str) -> str:
    """Returns the counter kind of the month-edge counters of a trend dimension."""
    return f"EDGE_{dimension}"


def is_month_edge(day: date) -> bool:
    """Tells whether a UTC day is the first or last of its month: a month in another time
    zone starts on one of them (at most 14 hours from the UTC month's start)."""
    return day.day == 1 or (day + timedelta(days=1)).day == 1


def edge_field(slot: int, key: str) -> str:
    """Returns the counter field of a key's incidents in one quarter hour of a day."""
    return f"{slot:02d}|{encode_key(key)}"


def split_edge_field(field: str) -> tuple[int, str]:
    """Returns the (quarter-hour slot, key) of a month-edge counter field."""
    slot, key = field.split("|", 1)
    return int(slot), decode_key(key)


def edge_counter_keys(view: Mapping[str, Any]) -> list[tuple[str, str, str]]:
    """Returns the (kind, day, field) month-edge counters a view adds one to: per trend
    dimension and quarter hour (UTC) of the incident start, when it started on the first or
    last day of a UTC month; `projections.recurring.trends` turns UTC months into months of
    any zone with them."""
    started = view.get("started_at")
    if started is None:
        return []
    started = started.astimezone(UTC)
    if not is_month_edge(started.date()):
        return []
    slot = (started.hour * 60 + started.minute) // EDGE_SLOT_MINUTES
    day = started.date().isoformat()
    return [(edge_kind(dim), day, edge_field(slot, key)) for dim, key, _ in trend_keys(view)]
