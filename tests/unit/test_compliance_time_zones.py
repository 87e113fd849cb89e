"""The compliance report counts calendar days in its time zone: SLA deadlines, the period's
days, overdue and on-time action items. Facts built by hand; every expectation worked out in
the comments (Auckland is +13 until 6 April 2025, then +12; Los Angeles -07 from 9 March)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

import pytest

from projections.compliance.report import compute_report
from schema.compliance.queries import report_request
from service.domain import ReviewPolicy

POLICY = ReviewPolicy()  # SEV1 5 days, SEV2 10, SEV3 20


def utc(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=UTC)  # type: ignore[misc]


def facts(
    id: str, severity: str, resolved: datetime, published: datetime | None = None,
    items: list[dict[str, Any]] | None = None,
) -> dict[str, Any]:  # fmt: skip
    return {
        "_id": id, "title": id, "severity": severity, "services": ["api"], "team": "sre",
        "state": "PUBLISHED" if published else "IN_REVIEW", "created_at": utc(2025, 1, 1),
        "resolved_at": resolved, "first_published_at": published,
        "policy_version": POLICY.version, "action_items": items or [],
        "action_item_added_at": {}, "publications": [],
    }  # fmt: skip


FACTS = [
    # Resolved 4 Mar 12:00Z = 5 Mar 01:00 in Auckland. SEV1: 5 days after the day of resolution.
    # UTC: last day 9 Mar, deadline 10 Mar 00:00Z: published 10:59Z is late.
    # Auckland: last day 10 Mar, deadline 11 Mar 00:00 +13 = 10 Mar 11:00Z: on time.
    facts("q1", "SEV1", utc(2025, 3, 4, 12), utc(2025, 3, 10, 10, 59)),
    # Resolved 20 Mar 10:00Z = 20 Mar 23:00 +13. SEV2: 10 days.
    # UTC: deadline 31 Mar 00:00Z: published 30 Mar 12:00Z is on time.
    # Auckland: last day 30 Mar, deadline 31 Mar 00:00 +13 = 30 Mar 11:00Z: late.
    facts("q2", "SEV2", utc(2025, 3, 20, 10), utc(2025, 3, 30, 12)),
    # Across the end of daylight time: resolved 25 Mar 00:00Z = 25 Mar 13:00 +13. SEV3: 20 days,
    # last day 14 Apr, deadline 15 Apr 00:00 +12 = 14 Apr 12:00Z: published 11:30Z is on time
    # (a fixed +13 would have put the deadline at 11:00Z).
    facts("q3", "SEV3", utc(2025, 3, 25), utc(2025, 4, 14, 11, 30)),
]


@pytest.mark.parametrize(
    ("zone", "statuses", "deadlines"),
    [
        ("UTC", ["breached", "met", "met"],
         [date(2025, 3, 9), date(2025, 3, 30), date(2025, 4, 14)]),
        ("Pacific/Auckland", ["met", "breached", "met"],
         [date(2025, 3, 10), date(2025, 3, 30), date(2025, 4, 14)]),
    ],
)  # fmt: skip
def test_sla_days_are_calendar_days_of_the_zone(
    zone: str, statuses: list[str], deadlines: list[date]
) -> None:
    request = report_request(
        utc(2025, 1, 1), utc(2025, 6, 1), as_of=utc(2025, 5, 1), severity=None, service=None,
        team=None, zone=zone,
    )  # fmt: skip
    report = compute_report(FACTS, request, POLICY)
    cases = report.sla_cases
    assert [c.status for c in cases] == statuses
    assert [c.deadline_date for c in cases] == deadlines
    assert report.time_zone == zone
    if zone == "Pacific/Auckland":
        assert [c.deadline for c in cases] == [
            utc(2025, 3, 10, 11), utc(2025, 3, 30, 11), utc(2025, 4, 14, 12)]  # fmt: skip


def test_a_period_of_calendar_days_starts_and_ends_at_local_midnight() -> None:
    request = report_request(
        None, None, from_date=date(2025, 3, 1), to_date=date(2025, 3, 31), as_of=utc(2025, 5, 1),
        severity=None, service=None, team=None, zone="Pacific/Auckland",
    )  # fmt: skip
    assert (request.since, request.until) == (utc(2025, 2, 28, 11), utc(2025, 3, 31, 11))
    inside = facts("in", "SEV4", utc(2025, 2, 28, 11, 30))  # 1 March, 00:30 in Auckland
    outside = facts("out", "SEV4", utc(2025, 3, 31, 11, 30))  # 1 April, 00:30 in Auckland
    report = compute_report([inside, outside], request, POLICY)
    assert [c.postmortem_id for c in report.sla_cases] == ["in"]
    los_angeles = report_request(
        None, None, from_date=date(2025, 3, 1), to_date=date(2025, 3, 31), as_of=utc(2025, 5, 1),
        severity=None, service=None, team=None, zone="America/Los_Angeles",
    )  # fmt: skip
    # 1 March 00:00 -08 to 1 April 00:00 -07 (daylight time from 9 March).
    assert (los_angeles.since, los_angeles.until) == (utc(2025, 3, 1, 8), utc(2025, 4, 1, 7))


@pytest.mark.parametrize(
    ("zone", "as_of", "overdue", "late"),
    [
        # 31 Mar 12:00Z: still 31 March in UTC, already 1 April 01:00 in Auckland.
        ("UTC", utc(2025, 3, 31, 12), 0, 0),
        ("Pacific/Auckland", utc(2025, 3, 31, 12), 1, 1),
        # 1 Apr 06:00Z: 1 April in UTC, still 31 March 23:00 in Los Angeles.
        ("UTC", utc(2025, 4, 1, 6), 1, 0),
        ("America/Los_Angeles", utc(2025, 4, 1, 6), 0, 0),
    ],
)
def test_overdue_and_late_action_items_follow_the_zones_calendar(
    zone: str, as_of: datetime, overdue: int, late: int
) -> None:
    items = [
        # Open, due 31 March: overdue only once 31 March is over where the report is read.
        {"id": "a1", "title": "a1", "owner": "sre", "due_date": "2025-03-31", "status": "open",
         "completed_at": None},
        # Done 15 Mar 12:00Z (16 Mar 01:00 in Auckland), due 15 March: late in Auckland only.
        {"id": "a2", "title": "a2", "owner": "sre", "due_date": "2025-03-15", "status": "done",
         "completed_at": utc(2025, 3, 15, 12)},
    ]  # fmt: skip
    request = report_request(
        utc(2025, 3, 1), utc(2025, 4, 1), as_of=as_of, severity=None, service=None, team=None,
        zone=zone,
    )  # fmt: skip
    summary = compute_report([facts("p", "SEV4", utc(2025, 3, 10), items=items)], request,
                             POLICY).action_items  # fmt: skip
    assert (summary.overdue, summary.done_late, summary.done_on_time) == (overdue, late, 1 - late)


def test_bad_periods_and_zones_are_refused_with_a_reason() -> None:
    common: dict[str, Any] = {"as_of": None, "severity": None, "service": None, "team": None}
    cases = [
        ({"from_date": date(2025, 3, 1)}, "fromDate and toDate go together"),
        ({"from_date": date(2025, 3, 2), "to_date": date(2025, 3, 1)},
         "fromDate must not be after toDate"),
        ({"since": utc(2025, 3, 1), "until": utc(2025, 4, 1), "from_date": date(2025, 3, 1),
          "to_date": date(2025, 3, 31)}, "pass from and to, or fromDate and toDate, not both"),
        ({}, "from and to are required (or fromDate and toDate)"),
        ({"since": utc(2025, 3, 1), "until": utc(2025, 4, 1), "zone": "Moon/Base"},
         "unknown time zone 'Moon/Base'"),
    ]  # fmt: skip
    for arguments, message in cases:
        since, until = arguments.pop("since", None), arguments.pop("until", None)
        zone = arguments.pop("zone", "UTC")
        with pytest.raises(ValueError, match="^" + message.replace("(", r"\(").replace(")", r"\)")):
            report_request(since, until, zone=zone, **common, **arguments)
