"""The compliance report over hand-built facts, every number computed by hand below.

Period: March 2025; report time (as_of): 2025-03-31 12:00 UTC; default policy
(SEV1 5 days, SEV2 10, SEV3 20, SEV4 none; SEV1/SEV2 need 2 approvals, SEV3/SEV4 1).
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

import pytest

from projections.compliance.model import ComplianceReport, OwnerItems, StateCount
from projections.compliance.report import ReportRequest, compute_report, percentile
from service.domain import ReviewPolicy, Severity

POLICY = ReviewPolicy()
AS_OF = datetime(2025, 3, 31, 12, tzinfo=UTC)
MARCH = ReportRequest(
    since=datetime(2025, 3, 1, tzinfo=UTC), until=datetime(2025, 4, 1, tzinfo=UTC), as_of=AS_OF
)


def at(month: int, day: int, hour: int = 0) -> datetime:
    return datetime(2025, month, day, hour, tzinfo=UTC)


def item(
    id: str, owner: str | None, due: str | None, status: str, completed: datetime | None = None
) -> dict[str, Any]:
    return {
        "id": id,
        "title": id,
        "owner": owner,
        "due_date": due,
        "status": status,
        "completed_at": completed,
    }


def approval(reviewer: str, when: datetime, content_hash: str = "h", **kw: Any) -> dict[str, Any]:
    return {
        "reviewer_id": reviewer,
        "approved_at": when,
        "version": 8,
        "content_hash": content_hash,
        "revision": 1,
        "voided": False,
        **kw,
    }


def facts(
    id: str,
    severity: str,
    state: str,
    resolved: datetime,
    published: datetime | None = None,
    items: list[dict[str, Any]] | None = None,
    added: dict[str, datetime] | None = None,
    approvals: list[dict[str, Any]] | None = None,
    team: str = "payments",
    services: tuple[str, ...] = ("api",),
) -> dict[str, Any]:
    reviewers = approvals
    if published is not None and reviewers is None:
        needed = POLICY.required_approvals(Severity(severity))
        reviewers = [approval(f"rev{n}", published) for n in range(needed)]
    return {
        "_id": id,
        "title": f"Incident {id}",
        "severity": severity,
        "services": list(services),
        "team": team,
        "state": state,
        "created_at": resolved,
        "resolved_at": resolved,
        "first_published_at": published,
        "policy_version": POLICY.version,
        "action_items": items or [],
        "action_item_added_at": added or {},
        "publications": []
        if published is None
        else [
            {
                "revision": 1,
                "published_at": published,
                "version": 9,
                "content_hash": "h",
                "recomputed_content_hash": "h",
                "policy_version": POLICY.version,
                "severity": severity,
                "authors": ["alice"],
                "approvals": reviewers,
            }
        ],
    }


FACTS = [
    facts(
        "p01", "SEV1", "PUBLISHED", at(3, 1), at(3, 4),
        items=[
            item("a1", "team-db", "2025-03-10", "done", at(3, 8)),
            item("a2", "team-db", "2025-03-20", "open"),
        ],
        added={"a1": at(3, 1, 12), "a2": at(3, 1, 12)},
    ),
    facts(
        "p02", "SEV1", "PUBLISHED", at(3, 2), at(3, 9),
        items=[
            item("a3", "alice", "2025-03-15", "done", at(3, 20)),
            item("a4", None, None, "open"),
        ],
        added={"a3": at(3, 2, 12), "a4": at(3, 21, 12)},
    ),
    facts("p03", "SEV1", "IN_REVIEW", at(3, 28)),
    facts(
        "p04", "SEV2", "PUBLISHED", at(3, 5), at(3, 15),
        items=[
            item("a5", "alice", "2025-04-10", "in_progress"),
            item("a6", "team-db", "2025-03-25", "wont_do"),
        ],
        added={"a5": at(3, 11, 12), "a6": at(3, 11, 12)},
    ),
    facts(
        "p05", "SEV2", "DRAFT", at(3, 10),
        items=[item("a7", "bob", "2025-03-31", "open")], added={"a7": at(3, 29, 12)},
    ),
    facts(
        "p06", "SEV2", "PUBLISHED", at(3, 12), at(3, 14),
        approvals=[
            approval("alice", at(3, 13)),  # an author: never counts
            approval("rev1", at(3, 13)),
            approval("rev2", at(3, 13, 6)),
            approval("rev3", at(3, 13), voided=True),
        ],
    ),
    facts(
        "p07", "SEV3", "PUBLISHED", at(3, 1), at(3, 25),
        items=[item("a8", "bob", "2025-03-30", "done", at(4, 2))], added={"a8": at(3, 26, 12)},
        approvals=[approval("rev1", at(3, 24), content_hash="other")],  # approved other text
    ),
    facts("p08", "SEV3", "CHANGES_REQUESTED", at(3, 15)),
    facts("p09", "SEV4", "PUBLISHED", at(3, 3), at(3, 30), team="search", services=("search",)),
    facts(
        "p10", "SEV4", "WITHDRAWN", at(3, 20),
        items=[item("a9", "carol", "2025-03-01", "open")], added={"a9": at(3, 20)},
    ),
    facts(
        "p11", "SEV3", "PUBLISHED", at(2, 27), at(3, 2),
        items=[item("a10", "carol", "2025-03-01", "open")], added={"a10": at(2, 27)},
    ),
    facts(
        "p12", "SEV2", "PUBLISHED", at(3, 18), at(4, 5),
        items=[
            item("a11", "alice", "2025-03-29", "done", at(3, 29, 23)),
            item("a12", "alice", "2025-04-30", "open"),
        ],
        added={"a11": at(3, 18, 12), "a12": at(4, 1)},
    ),
]  # fmt: skip


@pytest.fixture(scope="module")
def report() -> ComplianceReport:
    return compute_report(
        reversed(FACTS), MARCH, POLICY, position=321, generated_at=at(4, 1), chain_head_hash="c"
    )


def test_counts_every_postmortem_resolved_in_the_period_by_state_and_severity(
    report: ComplianceReport,
) -> None:
    assert report.postmortems == 11  # p11 was resolved in February
    assert report.by_state_and_severity == [
        StateCount("CHANGES_REQUESTED", "SEV3", 1),
        StateCount("DRAFT", "SEV2", 1),
        StateCount("IN_REVIEW", "SEV1", 1),
        StateCount("PUBLISHED", "SEV1", 2),
        StateCount("PUBLISHED", "SEV2", 3),
        StateCount("PUBLISHED", "SEV3", 1),
        StateCount("PUBLISHED", "SEV4", 1),
        StateCount("WITHDRAWN", "SEV4", 1),
    ]
    assert (report.position, report.chain_head_hash, report.as_of) == (321, "c", AS_OF)


def test_publication_sla_counts_met_breached_and_pending_against_the_deadline(
    report: ComplianceReport,
) -> None:
    sla = report.publication_sla
    # met: p01 (3 of 5 days), p04 (exactly 10 of 10), p06 (2 of 10)
    # breached: p02 (7 of 5), p07 (24 of 20); pending within: p03, p08
    # pending breached: p05 (last day 03-20), p12 (published 04-05, after the report time)
    # no SLA: p09 (SEV4); p10 is withdrawn and not counted
    assert (sla.met, sla.breached, sla.pending_within_sla, sla.pending_breached, sla.no_sla) == (
        3, 2, 2, 2, 1,
    )  # fmt: skip
    assert sla.share_met == 0.4286  # 3 / (3 + 2 + 2)
    # days to publish: 2, 3, 7, 10, 24, 27 -> median 8.5, p90 24 + 0.5 * 3
    assert (sla.median_days_to_publish, sla.p90_days_to_publish) == (8.5, 25.5)
    assert sla.sla_days == {"SEV1": 5, "SEV2": 10, "SEV3": 20, "SEV4": None}
    assert sla.policy_version == POLICY.version


def test_the_breach_list_is_ordered_by_deadline_and_says_how_late(
    report: ComplianceReport,
) -> None:
    breaches = report.publication_sla.breaches
    # The SLA runs to the end of the last calendar day (UTC here): the deadline is the next
    # midnight, e.g. p02 resolved 03-02 00:00, SEV1 5 days: last day 03-07, deadline 03-08.
    assert [
        (b.postmortem_id, b.status, b.deadline_date, b.deadline, b.days_to_publish)
        for b in breaches
    ] == [
        ("p02", "breached", date(2025, 3, 7), at(3, 8), 7.0),
        ("p05", "pending_breached", date(2025, 3, 20), at(3, 21), None),
        ("p07", "breached", date(2025, 3, 21), at(3, 22), 24.0),
        ("p12", "pending_breached", date(2025, 3, 28), at(3, 29), None),
    ]


def test_action_items_are_open_overdue_or_done_on_time_or_late_at_the_report_time(
    report: ComplianceReport,
) -> None:
    items = report.action_items
    # open: a2, a4, a5, a7 (due today: not yet overdue), a8 (completed after the report time)
    # overdue: a2, a8; on time: a1, a11; late: a3; won't do: a6
    # p10 (withdrawn) and p11 (out of period) are left out; a12 did not exist yet
    assert (items.open, items.overdue, items.done_on_time, items.done_late, items.wont_do) == (
        5, 2, 2, 1, 1,
    )  # fmt: skip
    assert items.median_open_age_days == 10.0  # ages 2, 5, 10, 20, 30 days
    assert items.by_owner == [
        OwnerItems("(unassigned)", open=1),
        OwnerItems("alice", open=1, done_on_time=1, done_late=1),
        OwnerItems("bob", open=2, overdue=1),
        OwnerItems("team-db", open=1, overdue=1, done_on_time=1, wont_do=1),
    ]


def test_review_evidence_lists_approvers_and_recomputes_the_policy_for_each_publication(
    report: ComplianceReport,
) -> None:
    evidence = report.review_evidence
    assert [(e.postmortem_id, e.required_approvals, e.meets_policy) for e in evidence] == [
        ("p01", 2, True),
        ("p02", 2, True),
        ("p06", 2, True),
        ("p04", 2, True),
        ("p07", 1, False),
        ("p09", 1, True),
    ]  # p12 was published after the report time; p11 is out of the period
    p06 = evidence[2]
    assert [(a.reviewer_id, a.valid) for a in p06.approvals] == [
        ("alice", False),
        ("rev1", True),
        ("rev3", False),
        ("rev2", True),
    ]
    assert (p06.content_hash, p06.content_hash_verified, p06.policy_version) == (
        "h", True, POLICY.version,
    )  # fmt: skip
    assert evidence[4].problems == ["0 valid approvals of 1 required"]
    assert report.publications_not_meeting_policy == 1
    assert report.publications_unverifiable == 0


def test_filters_narrow_the_scope_by_severity_service_and_team() -> None:
    def scoped(**kw: Any) -> int:
        request = ReportRequest(since=MARCH.since, until=MARCH.until, as_of=AS_OF, **kw)
        return compute_report(FACTS, request, POLICY).postmortems

    assert scoped(severity=Severity.SEV2) == 4
    assert scoped(service="search") == 1
    assert scoped(team="search", severity=Severity.SEV1) == 0
    assert scoped(team="payments") == 10


def test_the_same_facts_and_report_time_give_the_same_report(report: ComplianceReport) -> None:
    again = compute_report(
        FACTS, MARCH, POLICY, position=321, generated_at=at(4, 1), chain_head_hash="c"
    )
    assert again == report


def test_a_published_text_that_does_not_hash_to_its_recorded_hash_is_flagged() -> None:
    forged = facts("p99", "SEV3", "PUBLISHED", at(3, 5), at(3, 6))
    forged["publications"][0]["recomputed_content_hash"] = "tampered"
    report = compute_report([forged], MARCH, POLICY)
    assert report.review_evidence[0].problems == [
        "the published content does not hash to the recorded content hash"
    ]
    assert report.publications_not_meeting_policy == 1


def test_percentiles_interpolate_between_closest_ranks() -> None:
    assert percentile([], 50) is None
    assert percentile([4.0], 90) == 4.0
    assert percentile([1.0, 2.0, 3.0, 4.0], 50) == 2.5
    assert percentile([10.0, 0.0, 5.0], 90) == pytest.approx(9.0)
