"""GraphQL documents and inputs for end-to-end tests of the postmortem workflow: the whole
read document as one fragment, and the seed "OAuth token outage" as GraphQL inputs."""

from __future__ import annotations

import re
from typing import Any

from tests.support.live import LiveService
from tests.unit import factories as seed

SECTIONS = """
fragment Sections on PostmortemSections {
  title severity services tags team incidentRef authors summary wentWell wentBadly recurrenceOf
  incidentWindow { startedAt detectedAt mitigatedAt resolvedAt }
  timeline { id at kind description source }
  rootCause { whys { why because } statement category contributingFactors }
  impact {
    usersAffectedCount usersAffectedPercent downtimeMinutes downtimeDerived supportTickets
    revenueLoss { amount currency } responders { engineers hours }
    customerFacing slaBreached notes
  }
  actionItems { id title description owner dueDate priority tracker status completedAt }
}
"""
DOCUMENT = (
    SECTIONS
    + """
fragment Document on Postmortem {
  id version state ...Sections
  reviewComments { id author section text at resolved }
  approvals { id reviewer at version contentHash revision policyVersion voided counted }
  approvalStatus { required validCount met }
  contentHash policyVersion revision amendmentReason withdrawnKind withdrawnReason
  createdAt createdBy updatedAt submittedAt firstPublishedAt createdId
  blamelessWarnings { field start end phrase message }
  allowedTransitions
  revisions {
    revision publishedAt version contentHash policyVersion
    approvals { reviewer version contentHash counted }
    content { ...Sections }
  }
}
"""
)
RESULT = """
  __typename
  ... on Postmortem { ...Document }
  ... on ValidationError { message fields { field message } }
  ... on ConcurrencyConflict { message currentVersion expectedVersion }
  ... on InvalidTransition { message fromState action }
  ... on NotFound { message id }
  ... on Error { message }
"""
GET = DOCUMENT + "query Get($id: ID!) { postmortem(id: $id) { ...Document } }"


def mutation(name: str, arguments: str = "", *, with_id: bool = True) -> str:
    """Returns a one-field mutation document aliased `result`; `arguments` declares the extra
    variables, each named like the argument it fills (e.g. "$input: SummaryInput!")."""
    names = re.findall(r"\$(\w+)", arguments)
    declared = (["$id: ID!", "$v: Int!"] if with_id else []) + ([arguments] if arguments else [])
    passed = (["id: $id", "expectedVersion: $v"] if with_id else []) + [f"{n}: ${n}" for n in names]
    field = f"result: {name}({', '.join(passed)}) {{ {RESULT} }}"
    return DOCUMENT + f"mutation Run({', '.join(declared)}) {{ {field} }}"


def run(
    service: LiveService,
    name: str,
    arguments: str = "",
    variables: dict[str, Any] | None = None,
    *,
    with_id: bool = True,
    **who: Any,
) -> dict[str, Any]:
    """Runs one mutation and returns its result (asserting no GraphQL-level errors)."""
    body = service.graphql(mutation(name, arguments, with_id=with_id), variables or {}, **who)
    assert "errors" not in body, body
    result: dict[str, Any] = body["data"]["result"]
    return result


def read(service: LiveService, postmortem_id: str, **who: Any) -> dict[str, Any]:
    """Returns the whole read document (as the given user sees it)."""
    body = service.graphql(GET, {"id": postmortem_id}, **who)
    assert "errors" not in body, body
    document: dict[str, Any] = body["data"]["postmortem"]
    return document


def create_input(**overrides: Any) -> dict[str, Any]:
    """Returns the seed's CreatePostmortemInput."""
    window = seed.OUTAGE_WINDOW
    data: dict[str, Any] = {
        "title": "OAuth token outage",
        "severity": "SEV2",
        "incidentWindow": {
            "startedAt": window.started_at.isoformat(),
            "detectedAt": window.detected_at and window.detected_at.isoformat(),
            "mitigatedAt": window.mitigated_at and window.mitigated_at.isoformat(),
            "resolvedAt": window.resolved_at and window.resolved_at.isoformat(),
        },
        "services": ["auth-service", "api-gateway"],
        "tags": ["oauth", "tokens"],
        "team": "Identity Platform",
        "incidentRef": "INC-2025-0715",
    }
    data.update(overrides)
    return data


def timeline_inputs() -> list[dict[str, Any]]:
    """Returns the seed's seven timeline entries as TimelineEntryInputs."""
    return [
        {"at": at.isoformat(), "kind": kind.name, "description": text, "source": source}
        for at, kind, text, source in seed.TIMELINE
    ]


def root_cause_input() -> dict[str, Any]:
    """Returns the seed's four whys, statement, category and factors."""
    rca = seed.ROOT_CAUSE
    return {
        "whys": [{"why": w.why, "because": w.because} for w in rca.whys],
        "statement": rca.statement,
        "category": rca.category.name if rca.category else None,
        "contributingFactors": list(rca.contributing_factors),
    }


def impact_input() -> dict[str, Any]:
    """Returns the seed's impact: 12% (1300) users, 427 tickets, $120,000, 3 engineers 3 h."""
    impact = seed.IMPACT
    assert impact.revenue_loss is not None
    assert impact.responders is not None
    return {
        "usersAffectedCount": impact.users_affected_count,
        "usersAffectedPercent": impact.users_affected_percent,
        "supportTickets": impact.support_tickets,
        "revenueLoss": {
            "amount": str(impact.revenue_loss.amount),
            "currency": impact.revenue_loss.currency,
        },
        "responders": {
            "engineers": impact.responders.engineers,
            "hours": impact.responders.hours,
        },
        "customerFacing": impact.customer_facing,
        "slaBreached": impact.sla_breached,
        "notes": impact.notes,
    }


def action_item_inputs() -> list[dict[str, Any]]:
    """Returns the seed's three action items with owners and due dates."""
    return [
        {
            "title": title,
            "owner": owner,
            "dueDate": due.isoformat(),
            "priority": priority.name,
            "tracker": tracker,
        }
        for title, owner, due, priority, tracker in seed.ACTION_ITEMS
    ]


def write_seed_content(service: LiveService, postmortem_id: str, version: int) -> dict[str, Any]:
    """Writes every section of the seed in ONE request (14 mutations, run in order by the
    server) and returns the postmortem as the last of them answered."""
    timeline = timeline_inputs()
    items = action_item_inputs()
    declared = ["$id: ID!", "$summary: SummaryInput!", "$rca: RootCauseAnalysisInput!"]
    declared += ["$impact: ImpactInput!", "$lessons: LessonsInput!"]
    declared += [f"$t{i}: TimelineEntryInput!" for i in range(len(timeline))]
    declared += [f"$a{i}: ActionItemInput!" for i in range(len(items))]
    steps = ["writeSummary(input: $summary)"]
    steps += [f"addTimelineEntry(input: $t{i})" for i in range(len(timeline))]
    steps += ["writeRootCauseAnalysis(input: $rca)", "assessImpact(input: $impact)"]
    steps += ["writeLessons(input: $lessons)"]
    steps += [f"addActionItem(input: $a{i})" for i in range(len(items))]
    fields = []
    for n, step in enumerate(steps):
        name, args = step.split("(", 1)
        args = f"(id: $id, expectedVersion: {version + n}, " + args
        fields.append(f"s{n}: {name}{args} {{ __typename ... on Error {{ message }} }}")
    last = len(steps) - 1
    fields[last] = fields[last].replace(
        "... on Error", "... on Postmortem { ...Document } ... on Error"
    )
    query = DOCUMENT + f"mutation Seed({', '.join(declared)}) {{ {' '.join(fields)} }}"
    variables: dict[str, Any] = {
        "id": postmortem_id,
        "summary": {"summary": seed.SUMMARY},
        "rca": root_cause_input(),
        "impact": impact_input(),
        "lessons": {"wentWell": list(seed.WENT_WELL), "wentBadly": list(seed.WENT_BADLY)},
    }
    variables |= {f"t{i}": entry for i, entry in enumerate(timeline)}
    variables |= {f"a{i}": item for i, item in enumerate(items)}
    body = service.graphql(query, variables)
    assert "errors" not in body, body
    answers = body["data"]
    assert [answers[f"s{n}"]["__typename"] for n in range(len(steps))] == ["Postmortem"] * len(
        steps
    ), answers
    result: dict[str, Any] = answers[f"s{last}"]
    return result
