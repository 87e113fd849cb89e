"""A postmortem document as display-ready values, shared by every export format.

Input: a postmortem document as the domain (``Postmortem.to_document``), the `postmortems`
read model (``_id`` instead of ``id``) or a published view (``read_rules.published_view``) give
it; a published revision's ``content`` (no id, version, state or action-item status) works
too. Times may be tz-aware datetimes or ISO 8601 strings; everything is shown in UTC.
Missing or empty parts render as "none recorded", never as an error, so every section
appears in every export.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from service.domain.instants import InvalidInstant, parse_instant

DocumentView = Mapping[str, Any]  # read-only: any of the document shapes above

WINDOW_FIELDS = (
    ("started_at", "Started"),
    ("detected_at", "Detected"),
    ("mitigated_at", "Mitigated"),
    ("resolved_at", "Resolved"),
)
CATEGORY_LABELS = {
    "configuration": "Configuration",
    "deployment": "Deployment",
    "code_defect": "Code defect",
    "capacity": "Capacity",
    "dependency": "Dependency / third party",
    "process": "Process",
    "security": "Security",
    "infrastructure": "Infrastructure",
    "unknown": "Unknown",
}
STATUS_LABELS = {
    "open": "Open",
    "in_progress": "In progress",
    "done": "Done",
    "wont_do": "Won't do",
}
STATE_LABELS = {
    "DRAFT": "Draft",
    "IN_REVIEW": "In review",
    "CHANGES_REQUESTED": "Changes requested",
    "PUBLISHED": "Published",
    "WITHDRAWN": "Withdrawn",
}
NONE_RECORDED = "None recorded."


@dataclass(frozen=True)
class TimelineRow:
    """One timeline entry, formatted."""

    at: str
    kind: str
    description: str
    source: str


@dataclass(frozen=True)
class ActionItemRow:
    """One action item, formatted (``status`` is empty when the document has none)."""

    title: str
    description: str
    owner: str
    due: str
    priority: str
    status: str
    tracker: str


@dataclass(frozen=True)
class ApprovalRow:
    """One counted approval of a published revision."""

    reviewer: str
    at: str
    content_hash: str


@dataclass(frozen=True)
class PostmortemView:
    """Everything an export shows, as text (the renderers only escape and lay it out)."""

    id: str
    title: str
    version: int | None
    revision: int | None
    state: str
    severity: str
    details: list[tuple[str, str]]
    summary: list[str]
    impact: list[tuple[str, str]]
    impact_notes: list[str]
    timeline: list[TimelineRow]
    whys: list[tuple[str, str]]
    root_cause_statement: str
    root_cause_category: str
    contributing_factors: list[str]
    went_well: list[str]
    went_badly: list[str]
    action_items: list[ActionItemRow]
    action_items_have_status: bool
    recurrence_of: list[str]
    approvals: list[ApprovalRow]
    front_matter: dict[str, Any]


def build_view(document: DocumentView) -> PostmortemView:
    """Returns the display values of a postmortem document (see the module docstring)."""
    window = document.get("window") or {}
    root_cause = document.get("root_cause") or {}
    items = list(document.get("action_items") or [])
    has_status = any("status" in item for item in items)
    # The read model keeps the current revision's approvals as `revision_approvals`.
    given = document.get("approvals", document.get("revision_approvals"))
    approvals = [a for a in given or [] if a.get("counted", True)]
    state = str(document.get("state") or "")
    return PostmortemView(
        id=document_id(document),
        title=text(document.get("title")) or "Untitled postmortem",
        version=_int(document.get("version")),
        revision=_int(document.get("revision")),
        state=state,
        severity=text(document.get("severity")),
        details=_details(document, state),
        summary=paragraphs(document.get("summary")),
        impact=_impact(document),
        impact_notes=paragraphs((document.get("impact") or {}).get("notes")),
        timeline=[
            TimelineRow(
                at=display_time(entry.get("at")),
                kind=text(entry.get("kind")).capitalize(),
                description=text(entry.get("description")),
                source=text(entry.get("source")),
            )
            for entry in document.get("timeline") or []
        ],
        whys=[(text(w.get("why")), text(w.get("because"))) for w in root_cause.get("whys") or []],
        root_cause_statement=text(root_cause.get("statement")),
        root_cause_category=_label(CATEGORY_LABELS, root_cause.get("category")),
        contributing_factors=[text(f) for f in root_cause.get("contributing_factors") or []],
        went_well=[text(t) for t in document.get("went_well") or []],
        went_badly=[text(t) for t in document.get("went_badly") or []],
        action_items=[
            ActionItemRow(
                title=text(item.get("title")),
                description=text(item.get("description")),
                owner=text(item.get("owner")),
                due=text(item.get("due_date")),
                priority=text(item.get("priority")),
                status=_label(STATUS_LABELS, item.get("status")),
                tracker=text(item.get("tracker")),
            )
            for item in items
        ],
        action_items_have_status=has_status,
        recurrence_of=[text(pid) for pid in document.get("recurrence_of") or []],
        approvals=[
            ApprovalRow(
                reviewer=text(a.get("reviewer_id")),
                at=display_time(a.get("approved_at")),
                content_hash=text(a.get("content_hash")),
            )
            for a in approvals
            if state == "PUBLISHED"
        ],
        front_matter=_front_matter(document, window),
    )


def document_id(document: DocumentView) -> str:
    """Returns the postmortem id of a document (``id`` or the read model's ``_id``)."""
    value = document.get("id", document.get("_id"))
    return "" if value is None else str(value)


def text(value: Any) -> str:
    """Returns a value as display text ('' for None)."""
    if value is None:
        return ""
    return str(value)


def paragraphs(value: Any) -> list[str]:
    """Returns the non-blank paragraphs of a text (separated by blank lines)."""
    raw = text(value).replace("\r\n", "\n").replace("\r", "\n")
    blocks = [block.strip("\n") for block in raw.split("\n\n")]
    return [block for block in blocks if block.strip()]


def as_datetime(value: Any) -> datetime | None:
    """Returns a tz-aware UTC datetime for a datetime or an ISO 8601 string (else None)."""
    moment: datetime
    if isinstance(value, datetime):
        moment = value
    elif isinstance(value, str):
        try:
            moment = parse_instant(value, require_zone=False)
        except InvalidInstant:
            return None
    else:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC)


def iso_time(value: Any) -> str | None:
    """Returns a time as ISO 8601 UTC with a trailing Z (seconds; milliseconds if any)."""
    moment = as_datetime(value)
    if moment is None:
        return None
    timespec = "milliseconds" if moment.microsecond else "seconds"
    return moment.isoformat(timespec=timespec).replace("+00:00", "Z")


def display_time(value: Any) -> str:
    """Returns a time as 'YYYY-MM-DD HH:MM UTC' (with seconds when they are not zero)."""
    moment = as_datetime(value)
    if moment is None:
        return ""
    pattern = "%Y-%m-%d %H:%M:%S UTC" if moment.second else "%Y-%m-%d %H:%M UTC"
    return moment.strftime(pattern)


def _int(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _label(labels: Mapping[str, str], value: Any) -> str:
    if value is None:
        return ""
    return labels.get(str(value), str(value))


def _joined(values: Sequence[Any] | None) -> str:
    return ", ".join(text(v) for v in values or [])


def _details(document: DocumentView, state: str) -> list[tuple[str, str]]:
    window = document.get("window") or {}
    rows = [
        ("Severity", text(document.get("severity"))),
        ("State", _label(STATE_LABELS, state) if state else ""),
        ("Incident", text(document.get("incident_ref"))),
        ("Services", _joined(document.get("services"))),
        ("Team", text(document.get("team"))),
        ("Tags", _joined(document.get("tags"))),
        ("Authors", _joined(document.get("authors"))),
    ]
    rows += [(label, display_time(window.get(name))) for name, label in WINDOW_FIELDS]
    rows.append(("Published", display_time(published_at(document))))
    return [(label, value) for label, value in rows if value]


def _number(value: Any) -> str:
    try:
        amount = Decimal(str(value))
    except (InvalidOperation, ValueError):
        return text(value)
    if amount == amount.to_integral_value():
        return f"{int(amount):,}"
    return f"{amount:,.2f}"


def _yes_no(value: Any) -> str:
    if value is None:
        return ""
    return "Yes" if value else "No"


def _impact(document: DocumentView) -> list[tuple[str, str]]:
    impact = dict(document.get("impact") or {})
    minutes, derived = impact.get("downtime_minutes"), impact.get("downtime_derived", False)
    if minutes is None:
        minutes, derived = _derived_downtime(document.get("window") or {}), True
    users = ""
    if impact.get("users_affected_count") is not None:
        users = _number(impact["users_affected_count"])
    if impact.get("users_affected_percent") is not None:
        percent = f"{_number(impact['users_affected_percent'])}%"
        users = f"{users} ({percent})" if users else percent
    loss = impact.get("revenue_loss") or {}
    responders = impact.get("responders") or {}
    effort = []
    if responders.get("engineers") is not None:
        effort.append(f"{responders['engineers']} engineers")
    if responders.get("hours") is not None:
        effort.append(f"{_number(responders['hours'])} hours")
    downtime = ""
    if minutes is not None:
        downtime = f"{minutes} minutes" + (" (from the incident window)" if derived else "")
    rows = [
        ("Users affected", users),
        ("Downtime", downtime),
        ("Support tickets", "" if impact.get("support_tickets") is None else _number(
            impact["support_tickets"])),
        ("Revenue loss", f"{_number(loss['amount'])} {text(loss.get('currency'))}".strip()
         if loss.get("amount") is not None else ""),
        ("Response effort", " for ".join(effort)),
        ("Customer-facing", _yes_no(impact.get("customer_facing"))),
        ("SLA breached", _yes_no(impact.get("sla_breached"))),
    ]  # fmt: skip
    return [(label, value) for label, value in rows if value]


def _derived_downtime(window: Mapping[str, Any]) -> int | None:
    start = as_datetime(window.get("started_at"))
    end = as_datetime(window.get("resolved_at")) or as_datetime(window.get("mitigated_at"))
    if start is None or end is None:
        return None
    return int((end - start).total_seconds() // 60)


def _front_matter(document: DocumentView, window: Mapping[str, Any]) -> dict[str, Any]:
    matter: dict[str, Any] = {
        "id": document_id(document) or None,
        "title": text(document.get("title")),
        "version": _int(document.get("version")),
        "revision": _int(document.get("revision")),
        "state": document.get("state"),
        "severity": document.get("severity"),
        "incident_ref": document.get("incident_ref"),
        "services": [text(s) for s in document.get("services") or []],
        "team": document.get("team"),
        "tags": [text(t) for t in document.get("tags") or []],
        "authors": [text(a) for a in document.get("authors") or []],
    }
    for name, _ in WINDOW_FIELDS:
        matter[name] = iso_time(window.get(name))
    for name in ("created_at", "updated_at", "first_published_at"):
        matter[name] = iso_time(document.get(name))
    matter["published_at"] = iso_time(published_at(document))
    matter["content_hash"] = document.get("content_hash")
    return matter


def published_at(document: DocumentView) -> Any:
    """Returns when the revision a PUBLISHED document shows was published (None otherwise)."""
    if document.get("state") != "PUBLISHED":
        return None
    revisions = document.get("published_revisions") or []
    if not revisions and document.get("last_published"):  # the read model keeps the last
        revisions = [document["last_published"]]
    revision = document.get("revision")
    for published in reversed(revisions):
        if revision is None or published.get("revision") == revision:
            return published.get("published_at")
    return document.get("updated_at")
