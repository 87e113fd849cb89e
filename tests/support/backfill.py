"""The seed postmortem written in the past: every command through the application, as a
backfill (`occurred_at`, one minute apart), the way `postmortems demo` records history."""

from __future__ import annotations

import itertools
from datetime import datetime, timedelta
from uuid import UUID

from service.application import commands as c
from service.domain import Actor, CommandContext, IncidentWindow, Severity
from tests.support.live import LiveService
from tests.support.subjects import wait_for_version
from tests.unit import factories as seed

ALICE = Actor("alice", frozenset({"author"}))
REVIEWERS = (Actor("carol", frozenset({"reviewer"})), Actor("dave", frozenset({"reviewer"})))


def backfilled_publication(
    service: LiveService,
    *,
    start: datetime,
    window: IncidentWindow,
    team: str,
    recurrence_of: UUID | None = None,
) -> tuple[str, int, list[str]]:
    """Writes, submits, approves (Carol, Dave) and publishes the seed postmortem from `start`
    on, one command a minute; returns (id, version, action item ids) once it is projected."""
    minutes = itertools.count()

    def at(actor: Actor) -> CommandContext:
        when = start + timedelta(minutes=next(minutes))
        return CommandContext(actor, "backfill", occurred_at=when, backfilled_by="tests")

    app = service.app
    result = app.handle(
        c.CreatePostmortem(title=seed.ROOT_CAUSE.whys[0].why, severity=Severity.SEV2,
                           window=window, services=["auth-service"], team=team),
        at(ALICE),
    )  # fmt: skip
    pm_id = result.postmortem_id
    items: list[str] = []

    def run(command: type[c.PostmortemCommand], actor: Actor = ALICE, **fields: object) -> None:
        nonlocal result
        result = app.handle(
            command(postmortem_id=pm_id, expected_version=result.version, **fields), at(actor)
        )
        if command is c.AddActionItem and result.created_id:
            items.append(result.created_id)

    run(c.WriteSummary, summary=seed.SUMMARY)
    for entry_at, kind, description, source in seed.TIMELINE:
        run(c.AddTimelineEntry, at=entry_at, kind=kind, description=description, source=source)
    run(c.WriteRootCauseAnalysis, analysis=seed.ROOT_CAUSE)
    run(c.AssessImpact, impact=seed.IMPACT)
    run(c.WriteLessons, went_well=seed.WENT_WELL, went_badly=seed.WENT_BADLY)
    for title, owner, due, priority, tracker in seed.ACTION_ITEMS:
        run(c.AddActionItem, title=title, owner=owner, due_date=due, priority=priority,
            tracker=tracker)  # fmt: skip
    if recurrence_of is not None:
        run(c.LinkRecurrence, other_id=recurrence_of)
    run(c.SubmitForReview)
    for reviewer in REVIEWERS:
        run(c.ApprovePostmortem, reviewer)
    run(c.PublishPostmortem, REVIEWERS[0])
    wait_for_version(service, str(pm_id), result.version)
    return str(pm_id), result.version, items
