"""Validation of the value objects that commands receive."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from itertools import pairwise
from typing import Any

from . import validation as v
from .values import (
    Impact,
    IncidentWindow,
    Priority,
    RootCauseAnalysis,
    RootCauseCategory,
    Severity,
    TimelineKind,
    Why,
)

_WINDOW_FIELDS = ("started_at", "detected_at", "mitigated_at", "resolved_at")
# What each incident time marks, for messages that read the same in every interface.
_MOMENTS = {
    "started_at": "the start",
    "detected_at": "the detection",
    "mitigated_at": "the mitigation",
    "resolved_at": "the resolution",
}


def check_metadata(
    problems: v.Problems,
    *,
    title: Any,
    severity: Any,
    window: Any,
    services: Sequence[str],
    tags: Sequence[str],
    team: Any,
    now: datetime,
) -> None:
    """Checks the metadata fields of create and update_metadata."""
    problems.text("title", title, max_length=v.MAX_TITLE, required=True)
    problems.choice("severity", severity, Severity)
    problems.text_list("services", services, max_items=v.MAX_SERVICES, max_length=v.MAX_TAG)
    problems.text_list("tags", tags, max_items=v.MAX_TAGS, max_length=v.MAX_TAG)
    for field, values in (("services", services), ("tags", tags)):
        if isinstance(values, Sequence) and not isinstance(values, str):
            problems.unique(field, values)
    problems.optional_text("team", team, max_length=v.MAX_SHORT_TEXT)
    check_window(problems, window, now=now)


def check_window(problems: v.Problems, window: Any, *, now: datetime) -> None:
    """Checks the incident times: sane, and started ≤ detected ≤ mitigated ≤ resolved."""
    if not isinstance(window, IncidentWindow):
        problems.add("window", "must be an incident window")
        return
    valid: list[tuple[str, datetime]] = []
    for name in _WINDOW_FIELDS:
        value = getattr(window, name)
        if (name == "started_at" or value is not None) and problems.instant(
            f"window.{name}", value, now=now
        ):
            valid.append((name, value))
    for (earlier_name, earlier), (later_name, later) in pairwise(valid):
        if later < earlier:
            problems.add(f"window.{later_name}", f"must not be before {_MOMENTS[earlier_name]}")


def window_dict(window: IncidentWindow) -> dict[str, Any]:
    """Returns the window with every time in UTC, as stored in events."""
    return {name: v.to_utc_or_none(getattr(window, name)) for name in _WINDOW_FIELDS}


def check_timeline_entry(
    problems: v.Problems, *, at: Any, kind: Any, description: Any, source: Any, now: datetime
) -> None:
    """Checks the fields of a timeline entry."""
    problems.instant("at", at, now=now)
    problems.choice("kind", kind, TimelineKind)
    problems.text("description", description, max_length=v.MAX_DESCRIPTION, required=True)
    problems.optional_text("source", source, max_length=v.MAX_SHORT_TEXT)


def check_root_cause(problems: v.Problems, analysis: Any) -> None:
    """Checks a root cause analysis (parts may still be empty while drafting)."""
    if not isinstance(analysis, RootCauseAnalysis):
        problems.add("root_cause", "must be a root cause analysis")
        return
    if len(analysis.whys) > v.MAX_WHYS:
        problems.add("root_cause.whys", f"must have at most {v.MAX_WHYS} items")
    for index, why in enumerate(analysis.whys):
        field = f"root_cause.whys[{index}]"
        if not isinstance(why, Why):
            problems.add(field, "must be a why with a because")
            continue
        problems.text(f"{field}.why", why.why, max_length=v.MAX_DESCRIPTION, required=True)
        problems.text(f"{field}.because", why.because, max_length=v.MAX_DESCRIPTION, required=True)
    problems.text("root_cause.statement", analysis.statement, max_length=v.MAX_DESCRIPTION)
    if analysis.category is not None:
        problems.choice("root_cause.category", analysis.category, RootCauseCategory)
    problems.text_list(
        "root_cause.contributing_factors",
        analysis.contributing_factors,
        max_items=v.MAX_LIST_ITEMS,
        max_length=v.MAX_DESCRIPTION,
    )


def check_impact(problems: v.Problems, impact: Any) -> None:
    """Checks an impact assessment: numbers within their bounds (validation.py: counts,
    downtime, engineers, hours, money), percent 0 to 100, a valid currency."""
    if not isinstance(impact, Impact):
        problems.add("impact", "must be an impact assessment")
        return
    problems.count("impact.users_affected_count", impact.users_affected_count)
    problems.number("impact.users_affected_percent", impact.users_affected_percent, maximum=100)
    problems.count(
        "impact.downtime_minutes", impact.downtime_minutes, maximum=v.MAX_DOWNTIME_MINUTES
    )
    problems.count("impact.support_tickets", impact.support_tickets)
    if impact.revenue_loss is not None:
        loss = impact.revenue_loss
        problems.money("impact.revenue_loss", loss.amount, loss.currency)
    if impact.responders is not None:
        problems.count(
            "impact.responders.engineers", impact.responders.engineers, maximum=v.MAX_ENGINEERS
        )
        problems.number("impact.responders.hours", impact.responders.hours, maximum=v.MAX_HOURS)
    for name in ("customer_facing", "sla_breached"):
        value = getattr(impact, name)
        if value is not None and not isinstance(value, bool):
            problems.add(f"impact.{name}", "must be true, false or unknown")
    problems.text("impact.notes", impact.notes, max_length=v.MAX_DESCRIPTION)


def check_action_item(
    problems: v.Problems,
    *,
    title: Any,
    description: Any,
    owner: Any,
    due_date: Any,
    priority: Any,
    tracker: Any,
) -> None:
    """Checks the content fields of an action item."""
    problems.text("title", title, max_length=v.MAX_TITLE, required=True)
    problems.text("description", description, max_length=v.MAX_DESCRIPTION)
    problems.optional_text("owner", owner, max_length=v.MAX_SHORT_TEXT)
    problems.day("due_date", due_date, today=v.utc_now().date())
    problems.choice("priority", priority, Priority)
    problems.optional_text("tracker", tracker, max_length=2_000)
