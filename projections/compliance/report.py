"""The compliance report for a period: a pure function of compliance facts, a policy and a
report time, so the same events (and the same `as_of`) always give the same report.

Definitions (also in the README):
- as of: every postmortem is taken as the service knew it at `as_of` (its facts as of the last
  event recorded at or before then; a backfilled event counts from when it happened, its
  `occurred_at`), so a report for a past `as_of` stays what it was when that time was now,
  whatever is recorded later (a withdrawal, an amendment, an action item's status, a
  completion recorded late with an earlier `completedAt`). The business times those facts
  carry (resolution, publication, `completedAt`) then decide met/breached and on time/late;
- scope: postmortems whose incident was resolved in [since, until) and that existed at
  `as_of`, narrowed by severity, service and team;
- calendar days are those of the request's IANA time zone (the organisation's by default);
- publication SLA (withdrawn postmortems excluded): the SLA lasts the policy's number of
  calendar days after the day of resolution (none: not counted), so the deadline is the end
  of day `resolved date + days`. Met = first published before the deadline; breached = first
  published after it; pending within SLA = not published and `as_of` before the deadline;
  pending breached = not published and `as_of` past it. The share met is
  met / (met + breached + pending breached): pending-within-SLA cases are undecided;
- days to publish: first publication minus resolution in elapsed days (24 hours), for every
  published one; median and 90th percentile by linear interpolation between closest ranks;
- action items (withdrawn postmortems excluded): open = not done and not won't-do at
  `as_of`; overdue = open with a due date before `as_of`'s calendar day; done on time =
  completed on (the calendar day of) or before the due date, or without one; done late =
  completed after it;
- review evidence: each publication's approvals, recomputed against the policy: a valid
  approval is not voided, binds the published revision and content hash, predates the
  publication and is not by an author; distinct valid approvers must reach the policy's count.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from datetime import UTC, date, datetime, timedelta, tzinfo
from typing import Any

from projections.compliance.model import (
    ActionItemSummary,
    ApprovalEvidence,
    ComplianceReport,
    OwnerItems,
    PublicationEvidence,
    ReportRequest,
    SlaCase,
    SlaSummary,
    StateCount,
)
from service.domain import ReviewPolicy, Severity
from service.domain.calendar import day_end, local_date, time_zone

DAY = 86_400.0
UNASSIGNED = "(unassigned)"


def percentile(values: Sequence[float], q: float) -> float | None:
    """Returns the q-th percentile (0-100) by linear interpolation (Excel PERCENTILE.INC)."""
    if not values:
        return None
    ordered = sorted(values)
    rank = (len(ordered) - 1) * q / 100
    low, high = math.floor(rank), math.ceil(rank)
    return ordered[low] + (ordered[high] - ordered[low]) * (rank - low)


def _days(delta: timedelta) -> float:
    return delta.total_seconds() / DAY


def _r(value: float | None) -> float | None:
    return None if value is None else round(value, 2)


def _utc(value: datetime | None) -> datetime | None:
    if value is None:
        return None
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def in_scope(facts: Mapping[str, Any], request: ReportRequest) -> bool:
    """Returns whether a postmortem belongs to the report."""
    resolved, created = _utc(facts.get("resolved_at")), _utc(facts.get("created_at"))
    if resolved is None or not request.since <= resolved < request.until:
        return False
    if created is not None and created > request.as_of:
        return False
    if request.severity is not None and facts.get("severity") != request.severity.value:
        return False
    if request.service is not None and request.service not in (facts.get("services") or []):
        return False
    return request.team is None or facts.get("team") == request.team


def publication_deadline(resolved: datetime, days: int, zone: tzinfo) -> tuple[date, datetime]:
    """Returns the last calendar day (in `zone`) of a publication SLA lasting `days` days after
    the day of resolution, and the deadline: the instant that day ends (publish before it)."""
    last_day = local_date(resolved, zone) + timedelta(days=days)
    return last_day, day_end(last_day, zone)


def sla_case(
    facts: Mapping[str, Any], policy: ReviewPolicy, as_of: datetime, zone: tzinfo = UTC
) -> SlaCase:
    """Returns one postmortem's publication SLA status at `as_of`, counting calendar days in
    `zone`."""
    resolved = _utc(facts["resolved_at"])
    assert resolved is not None
    days = policy.publication_sla(Severity(facts["severity"]))
    published = _utc(facts.get("first_published_at"))
    if published is not None and published > as_of:
        published = None
    last_day, deadline = (
        (None, None) if days is None else publication_deadline(resolved, days, zone)
    )
    if deadline is None:
        status = "no_sla"
    elif published is not None:
        status = "met" if published < deadline else "breached"
    else:
        status = "pending_within_sla" if as_of < deadline else "pending_breached"
    return SlaCase(
        postmortem_id=str(facts["_id"]),
        title=facts.get("title") or "",
        severity=facts["severity"],
        resolved_at=resolved,
        sla_days=days,
        deadline=deadline,
        first_published_at=published,
        days_to_publish=None if published is None else _r(_days(published - resolved)),
        status=status,
        deadline_date=last_day,
    )


def sla_summary(cases: list[SlaCase], policy: ReviewPolicy) -> SlaSummary:
    """Returns the SLA counts, the share met, time-to-publish figures and the breaches."""
    counts = Counter(c.status for c in cases)
    decided = counts["met"] + counts["breached"] + counts["pending_breached"]
    to_publish = [
        (c.first_published_at - c.resolved_at).total_seconds() / DAY
        for c in cases
        if c.first_published_at is not None
    ]
    breaches = sorted(
        (c for c in cases if c.status in {"breached", "pending_breached"}),
        key=lambda c: (c.deadline or c.resolved_at, c.postmortem_id),
    )
    return SlaSummary(
        policy_version=policy.version,
        sla_days={s.value: policy.publication_sla(s) for s in Severity},
        met=counts["met"],
        breached=counts["breached"],
        pending_within_sla=counts["pending_within_sla"],
        pending_breached=counts["pending_breached"],
        no_sla=counts["no_sla"],
        share_met=round(counts["met"] / decided, 4) if decided else None,
        median_days_to_publish=_r(percentile(to_publish, 50)),
        p90_days_to_publish=_r(percentile(to_publish, 90)),
        breaches=breaches,
    )


def action_item_summary(
    facts_list: Iterable[Mapping[str, Any]], as_of: datetime, zone: tzinfo = UTC
) -> ActionItemSummary:
    """Returns the action-item counts at `as_of`, in total and by owner (calendar days in
    `zone`)."""
    owners: dict[str, OwnerItems] = defaultdict(lambda: OwnerItems(owner=""))
    ages: list[float] = []
    today: date = local_date(as_of, zone)
    for facts in facts_list:
        added = facts.get("action_item_added_at") or {}
        for item in facts.get("action_items") or []:
            added_at = _utc(added.get(item["id"]))
            if added_at is not None and added_at > as_of:
                continue  # did not exist yet at report time
            owner_key = item.get("owner") or UNASSIGNED
            counts = owners[owner_key]
            counts.owner = owner_key
            completed = _utc(item.get("completed_at"))
            done = item.get("status") == "done" and completed is not None and completed <= as_of
            due = date.fromisoformat(item["due_date"]) if item.get("due_date") else None
            if done:
                assert completed is not None
                if due is None or local_date(completed, zone) <= due:
                    counts.done_on_time += 1
                else:
                    counts.done_late += 1
            elif item.get("status") == "wont_do":
                counts.wont_do += 1
            else:
                counts.open += 1
                if due is not None and due < today:
                    counts.overdue += 1
                if added_at is not None:
                    ages.append(_days(as_of - added_at))
    by_owner = sorted(owners.values(), key=lambda o: o.owner)
    return ActionItemSummary(
        open=sum(o.open for o in by_owner),
        overdue=sum(o.overdue for o in by_owner),
        done_on_time=sum(o.done_on_time for o in by_owner),
        done_late=sum(o.done_late for o in by_owner),
        wont_do=sum(o.wont_do for o in by_owner),
        median_open_age_days=_r(percentile(ages, 50)),
        by_owner=by_owner,
    )


def publication_evidence(
    facts: Mapping[str, Any], publication: Mapping[str, Any], policies: Mapping[str, ReviewPolicy]
) -> PublicationEvidence:
    """Returns one publication's evidence, with the policy recomputed from it."""
    published_at = _utc(publication["published_at"])
    assert published_at is not None
    authors = set(publication.get("authors") or [])
    problems: list[str] = []
    approvals: list[ApprovalEvidence] = []
    valid_reviewers: set[str] = set()
    for a in publication.get("approvals") or []:
        approved_at = _utc(a["approved_at"])
        assert approved_at is not None
        valid = (
            not a.get("voided")
            and a.get("content_hash") == publication["content_hash"]
            and a.get("revision") in (None, publication["revision"])
            and approved_at <= published_at
            and a["reviewer_id"] not in authors
        )
        if valid:
            valid_reviewers.add(a["reviewer_id"])
        approvals.append(
            ApprovalEvidence(a["reviewer_id"], approved_at, a["version"], a["content_hash"], valid)
        )
    severity = str(publication.get("severity") or facts.get("severity"))
    policy = policies.get(publication.get("policy_version") or "")
    required = None if policy is None else policy.required_approvals(Severity(severity))
    hash_ok = publication.get("recomputed_content_hash") == publication["content_hash"]
    if not hash_ok:
        problems.append("the published content does not hash to the recorded content hash")
    if required is None:
        problems.append(f"unknown policy version {publication.get('policy_version')!r}")
    elif len(valid_reviewers) < required:
        problems.append(f"{len(valid_reviewers)} valid approvals of {required} required")
    return PublicationEvidence(
        postmortem_id=str(facts["_id"]),
        title=facts.get("title") or "",
        severity=severity,
        revision=publication["revision"],
        published_at=published_at,
        version=publication["version"],
        content_hash=publication["content_hash"],
        content_hash_verified=hash_ok,
        policy_version=publication.get("policy_version") or "",
        required_approvals=required,
        approvals=sorted(approvals, key=lambda a: (a.approved_at, a.reviewer_id)),
        meets_policy=not problems,
        problems=problems,
    )


def compute_report(
    facts: Iterable[Mapping[str, Any]],
    request: ReportRequest,
    policy: ReviewPolicy,
    *,
    policies: Mapping[str, ReviewPolicy] | None = None,
    position: int = 0,
    chain_head_hash: str | None = None,
    generated_at: datetime | None = None,
) -> ComplianceReport:
    """Returns the report over the given facts (any order; the output order is fixed)."""
    known = dict(policies or {policy.version: policy})
    zone = time_zone(request.time_zone)
    scoped = sorted((f for f in facts if in_scope(f, request)), key=lambda f: str(f["_id"]))
    states = Counter((f["state"], f["severity"]) for f in scoped)
    live = [f for f in scoped if f["state"] != "WITHDRAWN"]
    cases = [
        sla_case(f, known.get(f.get("policy_version") or "", policy), request.as_of, zone)
        for f in live
    ]
    evidence = sorted(
        (
            publication_evidence(f, p, known)
            for f in scoped
            for p in f.get("publications") or []
            if p["published_at"].replace(tzinfo=UTC) <= request.as_of
        ),
        key=lambda e: (e.published_at, e.postmortem_id, e.revision),
    )
    return ComplianceReport(
        since=request.since,
        until=request.until,
        as_of=request.as_of,
        time_zone=request.time_zone,
        generated_at=generated_at or datetime.now(UTC),
        position=position,
        chain_head_hash=chain_head_hash,
        filters={
            "severity": request.severity.value if request.severity else None,
            "service": request.service,
            "team": request.team,
        },
        postmortems=len(scoped),
        by_state_and_severity=[
            StateCount(state, severity, n) for (state, severity), n in sorted(states.items())
        ],
        publication_sla=sla_summary(cases, policy),
        action_items=action_item_summary(live, request.as_of, zone),
        review_evidence=evidence,
        publications_not_meeting_policy=sum(
            1 for e in evidence if not e.meets_policy and e.required_approvals is not None
        ),
        publications_unverifiable=sum(1 for e in evidence if e.required_approvals is None),
        sla_cases=sorted(cases, key=lambda c: (c.resolved_at, c.postmortem_id)),
    )
