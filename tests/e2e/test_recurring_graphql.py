"""The recurring-incident views end to end: postmortems written through the application,
projected by the embedded projector, read through GraphQL over real HTTP."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any
from uuid import UUID

import pytest

from projections.recurring.similarity import DEFAULT_THRESHOLD
from projections.runner import wait_until_idle
from service.application.commands import (
    AddActionItem,
    AddTimelineEntry,
    AmendPostmortem,
    ApprovePostmortem,
    AssessImpact,
    ChangeActionItemStatus,
    CreatePostmortem,
    PublishPostmortem,
    SubmitForReview,
    WriteRootCauseAnalysis,
    WriteSummary,
)
from service.application.postmortems import PostmortemApplication
from service.domain import (
    ActionItemStatus,
    Actor,
    CommandContext,
    Impact,
    IncidentWindow,
    RootCauseAnalysis,
    RootCauseCategory,
    Severity,
    TimelineKind,
    Why,
)
from tests.support.live import LiveService

ALICE = CommandContext(Actor("alice", frozenset({"author"})), "req-a")
CAROL = CommandContext(Actor("carol", frozenset({"reviewer"})), "req-c")

VIEWS = """
query Views($window: TimeWindowInput!, $from: Date!, $to: Date!, $all: Boolean!) {
  recurredDespiteActionItems(window: $window, includeUnpublished: $all) {
    earlier { id title } later { id title } similarity linked actionItems { status completedAt }
  }
  similarRootCauseClusters(window: $window, includeUnpublished: $all) {
    size services categories postmortems { id state } pairs { similarity }
  }
  recurringIncidents(window: $window, minOccurrences: 1, includeUnpublished: $all) {
    service category count postmortems { id }
  }
  incidentTrends(from: $from, to: $to, groupBy: CATEGORY, includeUnpublished: $all) {
    groupBy months series { key counts total }
  }
}
"""
SIMILAR = """
query Similar($id: ID!, $threshold: Float!) {
  similarPostmortems(id: $id, threshold: $threshold) { postmortem { id } similarity linked }
}
"""


def write(
    app: PostmortemApplication,
    title: str,
    statement: str,
    service: str,
    started_at: datetime,
    *,
    publish: bool = True,
) -> tuple[UUID, int]:
    """Writes a complete SEV3 postmortem (published unless told otherwise)."""
    window = IncidentWindow(
        started_at=started_at,
        detected_at=started_at + timedelta(minutes=2),
        mitigated_at=started_at + timedelta(minutes=10),
        resolved_at=started_at + timedelta(minutes=20),
    )
    pm = app.handle(
        CreatePostmortem(
            title=title,
            severity=Severity.SEV3,
            window=window,
            services=[service],
            team="payments-team",
        ),
        ALICE,
    ).postmortem_id
    steps: list[Any] = [
        lambda v: app.handle(
            WriteSummary(postmortem_id=pm, expected_version=v, summary="Payments were slow."), ALICE
        ),
        lambda v: app.handle(
            AddTimelineEntry(
                postmortem_id=pm,
                expected_version=v,
                at=started_at,
                kind=TimelineKind.ALERT,
                description="Latency alert fired.",
            ),
            ALICE,
        ),
        lambda v: app.handle(
            WriteRootCauseAnalysis(
                postmortem_id=pm,
                expected_version=v,
                analysis=RootCauseAnalysis(
                    whys=(
                        Why("Why were requests slow?", "They waited for a database connection."),
                    ),
                    statement=statement,
                    category=RootCauseCategory.CAPACITY,
                ),
            ),
            ALICE,
        ),
        lambda v: app.handle(
            AssessImpact(postmortem_id=pm, expected_version=v, impact=Impact(support_tickets=3)),
            ALICE,
        ),
        lambda v: app.handle(
            AddActionItem(postmortem_id=pm, expected_version=v, title="Size the pool for peak"),
            ALICE,
        ),
    ]
    if publish:
        steps += [
            lambda v: app.handle(SubmitForReview(postmortem_id=pm, expected_version=v), ALICE),
            lambda v: app.handle(ApprovePostmortem(postmortem_id=pm, expected_version=v), CAROL),
            lambda v: app.handle(PublishPostmortem(postmortem_id=pm, expected_version=v), CAROL),
        ]
    version = 1
    for step in steps:
        version = step(version).version
    return pm, version


def complete_action_items(app: PostmortemApplication, pm: UUID, version: int) -> None:
    """Marks every action item of a postmortem done (completed now)."""
    for entry in app.document(pm)["action_items"]:
        version = app.handle(
            ChangeActionItemStatus(
                postmortem_id=pm,
                expected_version=version,
                item_id=entry["id"],
                status=ActionItemStatus.DONE,
            ),
            ALICE,
        ).version


@pytest.fixture
def recurrence(service: LiveService) -> dict[str, str]:
    """A published incident whose fix was completed, the same failure coming back on another
    service afterwards, and a draft of a third occurrence."""
    app = service.app
    now = datetime.now(UTC)
    first, version = write(
        app,
        "Payments database connection pool exhausted",
        "The payments database connection pool was exhausted by slow queries at peak.",
        "payments",
        now - timedelta(days=3),
    )
    complete_action_items(app, first, version)
    again, _ = write(
        app,
        "Checkout ran out of pooled database connections",
        "Slow queries held every pooled database connection when checkout traffic peaked.",
        "checkout",
        datetime.now(UTC) + timedelta(minutes=1),  # after the fix was completed
    )
    draft, _ = write(
        app,
        "Draft: database connection pool exhausted again",
        "The pool of database connections was exhausted again.",
        "payments",
        now - timedelta(hours=1),
        publish=False,
    )
    assert service.projector is not None
    wait_until_idle(service.projector)
    return {"first": str(first), "again": str(again), "draft": str(draft)}


def variables(include_unpublished: bool = False) -> dict[str, Any]:
    now = datetime.now(UTC)
    return {
        "window": {
            "from": (now - timedelta(days=30)).isoformat(),
            "to": (now + timedelta(days=1)).isoformat(),
        },
        "from": date(now.year, now.month, 1).isoformat(),
        "to": (now + timedelta(days=2)).date().isoformat(),
        "all": include_unpublished,
    }


def test_a_failure_that_came_back_after_its_fix_shows_in_every_recurring_view(
    service: LiveService, recurrence: dict[str, str]
) -> None:
    body = service.graphql(VIEWS, variables(), user="mallory", roles=["author"])
    assert "errors" not in body, body
    data = body["data"]
    [despite] = data["recurredDespiteActionItems"]
    assert (despite["earlier"]["id"], despite["later"]["id"]) == (
        recurrence["first"],
        recurrence["again"],
    )
    assert despite["similarity"] >= DEFAULT_THRESHOLD
    assert [item["status"] for item in despite["actionItems"]] == ["DONE"]

    [cluster] = data["similarRootCauseClusters"]
    assert [p["id"] for p in cluster["postmortems"]] == [recurrence["first"], recurrence["again"]]
    assert (cluster["size"], cluster["services"]) == (2, ["checkout", "payments"])

    groups = {(g["service"], g["category"], g["count"]) for g in data["recurringIncidents"]}
    assert groups == {("payments", "CAPACITY", 1), ("checkout", "CAPACITY", 1)}
    trends = data["incidentTrends"]
    assert trends["groupBy"] == "CATEGORY"
    assert trends["series"][0]["key"] == "capacity"
    assert sum(trends["series"][0]["counts"]) == trends["series"][0]["total"] >= 1

    similar = service.graphql(SIMILAR, {"id": recurrence["first"], "threshold": DEFAULT_THRESHOLD})
    assert [s["postmortem"]["id"] for s in similar["data"]["similarPostmortems"]] == [
        recurrence["again"]
    ]


def test_drafts_are_included_only_for_reviewers_who_ask(
    service: LiveService, recurrence: dict[str, str]
) -> None:
    body = service.graphql(VIEWS, variables(True), user="carol", roles=["reviewer"])
    [cluster] = body["data"]["similarRootCauseClusters"]
    assert recurrence["draft"] in {p["id"] for p in cluster["postmortems"]}
    assert {"DRAFT", "PUBLISHED"} == {p["state"] for p in cluster["postmortems"]}

    refused = service.graphql(VIEWS, variables(True), user="alice", roles=["author"])
    assert refused["data"] is None
    assert (
        "includeUnpublished needs one of the roles admin, compliance, reviewer"
        in (refused["errors"][0]["message"])
    )
    hidden = service.graphql(SIMILAR, {"id": recurrence["draft"], "threshold": DEFAULT_THRESHOLD})
    assert hidden["data"]["similarPostmortems"] is None


@pytest.mark.parametrize(
    ("query", "message"),
    [
        (
            "{ similarRootCauseClusters(threshold: 1.5) { size } }",
            "threshold must be greater than 0 and at most 1",
        ),
        (
            '{ recurringIncidents(window: {from: "2026-02-01T00:00:00Z", '
            'to: "2026-01-01T00:00:00Z"}) { count } }',
            "window from must be before to",
        ),
        (
            '{ recurredDespiteActionItems(window: {from: "2020-01-01T00:00:00Z", '
            'to: "2026-01-01T00:00:00Z"}) { linked } }',
            "window must be at most 731 days",
        ),
        ("{ recurringIncidents(category: GREMLINS) { count } }", "RootCauseCategory"),
        ("{ recurringIncidents(first: 1000) { count } }", "first must be between 1 and 100"),
        (
            '{ incidentTrends(from: "2026-05-01", to: "2026-04-01") { months } }',
            "from must not be after to",
        ),
        ('{ incidentTrends(from: "2026-13-01", to: "2026-04-01") { months } }', "2026-13-01"),
        ('{ similarPostmortems(id: "nope") { linked } }', "invalid id 'nope'"),
    ],
)
def test_bad_arguments_get_a_clear_error(service: LiveService, query: str, message: str) -> None:
    body = service.graphql(query)
    assert not any((body["data"] or {}).values())  # null, or the one nullable field null
    assert message in body["errors"][0]["message"]


def test_an_amendment_in_progress_leaves_the_published_text_in_the_views(
    service: LiveService, recurrence: dict[str, str]
) -> None:
    app, again = service.app, UUID(recurrence["again"])
    version = app.handle(
        AmendPostmortem(
            postmortem_id=again,
            expected_version=app.document(again)["version"],
            reason="The real cause was different",
        ),
        ALICE,
    ).version
    app.handle(
        WriteRootCauseAnalysis(
            postmortem_id=again,
            expected_version=version,
            analysis=RootCauseAnalysis(
                whys=(Why("Why?", "A certificate expired on the load balancer."),),
                statement="An expired TLS certificate on the checkout load balancer.",
                category=RootCauseCategory.CONFIGURATION,
            ),
        ),
        ALICE,
    )
    assert service.projector is not None
    wait_until_idle(service.projector)

    public = service.graphql(SIMILAR, {"id": recurrence["first"], "threshold": DEFAULT_THRESHOLD})
    [shown] = public["data"]["similarPostmortems"]
    assert shown["postmortem"]["id"] == recurrence["again"]
    everything = service.graphql(
        SIMILAR.replace(
            "threshold: $threshold)", "threshold: $threshold, includeUnpublished: true)"
        ),
        {"id": recurrence["first"], "threshold": DEFAULT_THRESHOLD},
        user="carol",
        roles=["reviewer"],
    )
    ids = [s["postmortem"]["id"] for s in everything["data"]["similarPostmortems"]]
    assert recurrence["again"] not in ids  # its current draft text is about something else
    assert recurrence["draft"] in ids
