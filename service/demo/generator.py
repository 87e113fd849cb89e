"""Generated demo postmortems: a live organisation's last 18 months, relative to `now`.

The figures make a team that mostly keeps its policy (the publication SLA days are the
policy's, by default SEV1 5, SEV2 10, SEV3 20, SEV4 none):
- incidents spread evenly over the last 548 days; severities SEV1-4 at 5/20/45/30 %;
- 85 % published within the SLA after resolution, the rest after 1.1-2.2 times it (SEV4:
  3-30 days); submitted 0.5-3 days before publication; 4 % withdrawn as duplicates, 4 % left
  as drafts; recent ones still in draft or review (1 in 6 of those in review sent back);
- action items due 7-90 days after resolution by priority; once past due, 70 % done (4 in 5 on
  time), 10 % won't do, 20 % still open (overdue); before it, 30 % done, 20 % in progress.

`planted` adds incidents that recur inside the recurring views' default windows (the last 90
and 365 days): a capacity problem coming back despite completed action items, a certificate
expiring again, a provider outage across services, and a recurrence of the OAuth outage.
"""

from __future__ import annotations

import random
from collections.abc import Mapping
from datetime import UTC, datetime, time, timedelta
from decimal import Decimal

from service.demo.dataset import (
    AUTHORS,
    OAUTH_KEY,
    REVIEWERS,
    SCENARIOS,
    SERVICES,
    SEVERITIES,
    TEAMS,
    ActionItemSpec,
    PostmortemSpec,
    TimelineSpec,
    Workflow,
)

DEFAULT_SLA_DAYS: Mapping[str, int | None] = {"SEV1": 5, "SEV2": 10, "SEV3": 20, "SEV4": None}
HISTORY = timedelta(days=548)  # 18 months
VERBS = ("Add an alert", "Write a runbook", "Add a regression test", "Automate the fix",
         "Review capacity")  # fmt: skip
DUE_DAYS = {"P0": (7, 10), "P1": (14, 30), "P2": (30, 60), "P3": (60, 90)}
KEY_ROTATION = (
    "Logins failed again after a signing-key rotation", "configuration",
    "The API gateway cached the OAuth key set again, so tokens signed with a freshly rotated "
    "key were rejected until the cache was flushed.",
    ("logins failed", "the gateway rejected tokens signed with the new key",
     "a new gateway route kept its own 24 hour key-set cache",
     "key rotation was still not tested end to end"),
)  # fmt: skip


def _weighted(rng: random.Random, options: tuple[tuple[str, int], ...]) -> str:
    return rng.choices([o for o, _ in options], weights=[w for _, w in options])[0]


def _between(rng: random.Random, start: datetime, end: datetime) -> datetime:
    return start + (end - start) * rng.uniform(0.0, 1.0)


def generated(
    count: int, seed: int, now: datetime, sla_days: Mapping[str, int | None] = DEFAULT_SLA_DAYS
) -> list[PostmortemSpec]:
    """Returns `count` postmortems with incidents over the 18 months before `now`."""
    rng = random.Random(seed)
    return [_generated_one(rng, index, now, sla_days) for index in range(count)]


def _generated_one(
    rng: random.Random, index: int, now: datetime, sla_days: Mapping[str, int | None]
) -> PostmortemSpec:
    service = rng.choice(SERVICES)
    scenario = rng.choice(SCENARIOS)
    severity = _weighted(rng, SEVERITIES)
    minutes = int((HISTORY - timedelta(hours=8)).total_seconds() // 60)
    started = now - HISTORY + timedelta(minutes=rng.randrange(0, minutes))
    workflow, resolved = _incident_workflow(rng, started, now, severity, sla_days)
    return _spec(
        rng, f"generated-{index}", service, scenario, severity, started, resolved, workflow, now,
        title_suffix=f" (#{index + 1})",
    )  # fmt: skip


def _incident_workflow(
    rng: random.Random,
    started: datetime,
    now: datetime,
    severity: str,
    sla_days: Mapping[str, int | None],
) -> tuple[Workflow, datetime]:
    """Returns when the postmortem of an incident went through each step, and when the
    incident was resolved."""
    detected = started + timedelta(minutes=rng.randint(1, 30))
    mitigated = detected + timedelta(minutes=rng.randint(5, 120))
    resolved = min(mitigated + timedelta(minutes=rng.randint(0, 240)), now - timedelta(hours=1))
    created = min(resolved + timedelta(minutes=rng.randint(30, 26 * 60)), now)
    fate = rng.random()
    if fate < 0.04:
        withdrawn = created + timedelta(hours=rng.randint(2, 72))
        return Workflow(created, withdrawn_at=withdrawn if withdrawn <= now else None), resolved
    if fate < 0.08:
        return Workflow(created), resolved
    days = sla_days.get(severity)
    if days is None:
        after = rng.uniform(3, 30)
    elif rng.random() < 0.85:
        after = days * rng.uniform(0.35, 0.95)
    else:
        after = days * rng.uniform(1.1, 2.2)
    published = resolved + timedelta(days=after)
    submitted = max(published - timedelta(days=rng.uniform(0.5, 3.0)), created + timedelta(hours=6))
    if submitted > now:
        return Workflow(created), resolved
    if published > now:
        sent_back = None
        if rng.random() < 1 / 6:
            sent_back = submitted + (now - submitted) * rng.uniform(0.3, 0.9)
        return Workflow(created, submitted, changes_requested_at=sent_back), resolved
    return Workflow(created, submitted, published_at=published), resolved


def _item_status(
    rng: random.Random, earliest: datetime, due: datetime, now: datetime
) -> tuple[str, datetime | None]:
    """Returns an action item's status at `now` and when it reached it."""
    latest = now - timedelta(hours=1)
    if earliest >= latest:
        return "open", None
    roll = rng.random()
    if due < now:
        if roll < 0.70:
            on_time = rng.random() < 0.8 or due <= earliest
            at = (
                _between(rng, earliest, due)
                if on_time and due > earliest
                else (due + timedelta(days=rng.uniform(1, 25)))
            )
            return "done", min(max(at, earliest), latest)
        if roll < 0.80:
            return "wont_do", _between(rng, earliest, latest)
        if roll < 0.90:
            return "in_progress", _between(rng, earliest, latest)
        return "open", None
    if roll < 0.30:
        return "done", _between(rng, earliest, latest)
    if roll < 0.50:
        return "in_progress", _between(rng, earliest, latest)
    return "open", None


def _spec(
    rng: random.Random,
    key: str,
    service: str,
    scenario: tuple[str, str, str, tuple[str, ...]],
    severity: str,
    started: datetime,
    resolved: datetime,
    workflow: Workflow,
    now: datetime,
    *,
    title_suffix: str = "",
    items: tuple[ActionItemSpec, ...] | None = None,
    recurrence_of: tuple[str, ...] = (),
) -> PostmortemSpec:
    """Returns the postmortem of one incident of a scenario on a service."""
    title_t, category, statement_t, answers = scenario
    detected = started + (resolved - started) * 0.1
    mitigated = started + (resolved - started) * 0.7
    users = rng.choice((0, rng.randint(10, 500), rng.randint(500, 50_000)))
    whys = tuple(
        (f"Why {'did it happen' if n == 0 else 'was that'}?", answer[0].upper() + answer[1:] + ".")
        for n, answer in enumerate(answers)
    )
    if items is None:
        owners = rng.sample(AUTHORS, 3)
        earliest = workflow.created_at + timedelta(days=1)
        chosen = []
        for n, verb in enumerate(rng.sample(VERBS, rng.randint(1, 3))):
            priority = rng.choice(("P0", "P1", "P2", "P3"))
            due = (resolved + timedelta(days=rng.randint(*DUE_DAYS[priority]))).date()
            end_of_due = datetime.combine(due, time(23, 59), tzinfo=UTC)
            status, changed = ("open", None)
            if workflow.withdrawn_at is None:
                status, changed = _item_status(rng, earliest, end_of_due, now)
            chosen.append(
                ActionItemSpec(f"{verb} for {service}", owners[n], due, priority, status, changed)
            )
        items = tuple(chosen)
    return PostmortemSpec(
        title=title_t.format(s=service) + title_suffix,
        severity=severity,
        services=(service,),
        team=TEAMS[service],
        author=rng.choice(AUTHORS),
        started_at=started,
        detected_at=detected,
        mitigated_at=mitigated,
        resolved_at=resolved,
        summary=f"{title_t.format(s=service)}; {statement_t.format(s=service)}",
        timeline=(
            TimelineSpec(detected, "alert", "Alert fires", "pager"),
            TimelineSpec(detected + timedelta(minutes=2), "acknowledgement", "On-call responds"),
            TimelineSpec(mitigated, "mitigation", "Mitigation applied"),
            TimelineSpec(resolved, "resolution", "Service fully recovered"),
        ),
        whys=whys,
        root_cause_statement=statement_t.format(s=service),
        root_cause_category=category,
        contributing_factors=(answers[-1],),
        users_affected_count=users,
        users_affected_percent=Decimal(rng.randint(0, 40)) if users else Decimal(0),
        support_tickets=rng.randint(0, users // 10 + 1),
        revenue_loss=Decimal(rng.choice((0, 0, rng.randint(1, 500) * 100))),
        engineers=rng.randint(1, 6),
        engineer_hours=Decimal(rng.randint(1, 16)),
        customer_facing=users > 0,
        sla_breached=severity in ("SEV1", "SEV2") and rng.random() < 0.5,
        went_well=("Fast detection",) if detected - started < timedelta(minutes=10) else (),
        went_badly=("Slow mitigation",) if mitigated - detected > timedelta(hours=1) else (),
        action_items=items,
        workflow=workflow,
        reviewer=rng.choice(REVIEWERS),
        key=key,
        tags=(category,),
        draft_title=f"{service} incident" if rng.random() < 0.3 else None,
        recurrence_of=recurrence_of,
    )


def planted(now: datetime) -> list[PostmortemSpec]:
    """Returns the recurring incidents, placed relative to `now` (fixed choices, no seed)."""
    rng = random.Random(20251115)
    day = timedelta(days=1)
    midnight = now.replace(hour=0, minute=0, second=0, microsecond=0)

    def incident(
        key: str, scenario: tuple[str, str, str, tuple[str, ...]], service: str, severity: str,
        days_ago: int, *, submit_after: float | None, publish_after: float | None,
        closes: tuple[tuple[str, str, int, str, float | None], ...],
        recurrence_of: tuple[str, ...] = (),
    ) -> PostmortemSpec:  # fmt: skip
        started = midnight - days_ago * day + timedelta(hours=9, minutes=13)
        resolved = started + timedelta(hours=2, minutes=5)
        created = resolved + timedelta(hours=3)
        workflow = Workflow(
            created,
            None if submit_after is None else resolved + submit_after * day,
            published_at=None if publish_after is None else resolved + publish_after * day,
        )
        items = tuple(
            ActionItemSpec(
                f"{verb} for {service}", owner, (resolved + due * day).date(), "P1",
                "open" if closed is None else status,
                None if closed is None else resolved + closed * day,
            )
            for verb, owner, due, status, closed in closes
        )  # fmt: skip
        return _spec(
            rng, key, service, scenario, severity, started, resolved, workflow, now,
            items=items, recurrence_of=recurrence_of,
        )  # fmt: skip

    pool, cert, provider = SCENARIOS[1], SCENARIOS[2], SCENARIOS[3]
    return [
        incident("pool-1", pool, "payments", "SEV2", 84, submit_after=4, publish_after=6,
                 closes=(("Review capacity", "dan", 10, "done", 9),
                         ("Add an alert", "erin", 14, "done", 13))),
        incident("pool-2", pool, "payments", "SEV2", 47, submit_after=5, publish_after=8,
                 closes=(("Automate the fix", "dan", 14, "done", 12),
                         ("Write a runbook", "erin", 21, "wont_do", 15)),
                 recurrence_of=("pool-1",)),
        incident("pool-3", pool, "payments", "SEV1", 9, submit_after=3, publish_after=None,
                 closes=(("Review capacity", "farid", 14, "in_progress", 2),
                         ("Add a regression test", "dan", 30, "open", None))),
        incident("cert-1", cert, "storage", "SEV3", 330, submit_after=9, publish_after=12,
                 closes=(("Add an alert", "grace", 20, "done", 18),)),
        incident("cert-2", cert, "storage", "SEV2", 150, submit_after=11, publish_after=14,
                 closes=(("Automate the fix", "grace", 30, "done", 41),)),
        incident("cert-3", cert, "storage", "SEV3", 26, submit_after=6, publish_after=9,
                 closes=(("Automate the fix", "hiro", 45, "open", None),)),
        incident("provider-1", provider, "checkout", "SEV2", 61, submit_after=4, publish_after=7,
                 closes=(("Add an alert", "bob", 14, "done", 10),)),
        incident("provider-2", provider, "notifications", "SEV3", 33, submit_after=8,
                 publish_after=10, closes=(("Write a runbook", "carol", 30, "done", 20),)),
        incident("provider-3", provider, "search", "SEV3", 4, submit_after=None,
                 publish_after=None, closes=(("Add an alert", "hiro", 20, "open", None),)),
        incident("oauth-again", KEY_ROTATION, "auth", "SEV2", 38, submit_after=4,
                 publish_after=7, closes=(("Add a regression test", "carol", 14, "done", 11),),
                 recurrence_of=(OAUTH_KEY,)),
    ]  # fmt: skip
