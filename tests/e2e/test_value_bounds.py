"""Numbers and dates have sane bounds, the schema's descriptions state them, and the domain
enforces exactly those: a value past a bound is a ValidationError naming the field, and
nothing changes (service/domain/validation.py)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest

from service.domain import validation as v
from tests.support.live import LiveService
from tests.support.postmortem_graphql import create_input, run
from tests.support.security import snapshot

FIELDS = "query($name: String!) { __type(name: $name) { inputFields { name description } } }"


def _draft(service: LiveService) -> str:
    created = run(service, "createPostmortem", "$input: CreatePostmortemInput!",
                  {"input": create_input(incidentRef=None)}, with_id=False)  # fmt: skip
    return str(created["id"])


def _described(service: LiveService, type_name: str, field: str) -> str:
    body = service.graphql(FIELDS, {"name": type_name})
    fields = {f["name"]: f["description"] for f in body["data"]["__type"]["inputFields"]}
    return str(fields[field])


def _instant(delta: timedelta) -> str:
    return (datetime.now(UTC) + delta).isoformat()


def test_a_timeline_time_is_at_most_a_day_ahead_as_its_description_says(
    service: LiveService,
) -> None:
    described = _described(service, "TimelineEntryInput", "at")
    assert "at most one day ahead of the server's clock" in described
    pm = _draft(service)
    before = snapshot(service)
    entry = {"kind": "ALERT", "description": "Alert fired.", "at": _instant(timedelta(hours=25))}
    ahead = run(service, "addTimelineEntry", "$input: TimelineEntryInput!",
                {"id": pm, "v": 1, "input": entry})  # fmt: skip
    assert ahead["__typename"] == "ValidationError"
    assert ahead["fields"] == [
        {"field": "at", "message": "must not be more than one day in the future"}
    ]
    assert snapshot(service) == before
    # A clock or time zone set wrong by hours is within what the description states.
    entry["at"] = _instant(timedelta(hours=12))
    skewed = run(service, "addTimelineEntry", "$input: TimelineEntryInput!",
                 {"id": pm, "v": 1, "input": entry})  # fmt: skip
    assert skewed["__typename"] == "Postmortem", skewed


# The impact's numbers just past their bounds, the field each problem names, and the input
# type and field whose description states the bound.
OUT_OF_BOUNDS: list[tuple[dict[str, Any], str, str, str, str]] = [
    ({"responders": {"engineers": 3, "hours": 1e308}}, "impact.responders.hours",
     "ResponseEffortInput", "hours", "8,760"),
    ({"responders": {"engineers": v.MAX_ENGINEERS + 1}}, "impact.responders.engineers",
     "ResponseEffortInput", "engineers", "100,000"),
    ({"usersAffectedCount": v.MAX_COUNT + 1}, "impact.usersAffectedCount",
     "ImpactInput", "usersAffectedCount", "1,000,000,000"),
    ({"supportTickets": v.MAX_COUNT + 1}, "impact.supportTickets",
     "ImpactInput", "supportTickets", "1,000,000,000"),
    ({"downtimeMinutes": v.MAX_DOWNTIME_MINUTES + 1}, "impact.downtimeMinutes",
     "ImpactInput", "downtimeMinutes", "5,256,000"),
    ({"revenueLoss": {"amount": "1e16", "currency": "USD"}}, "impact.revenueLoss.amount",
     "MoneyInput", "amount", "1,000,000,000,000,000"),
    ({"revenueLoss": {"amount": "10.12345", "currency": "USD"}}, "impact.revenueLoss.amount",
     "MoneyInput", "amount", "4 decimal places"),
]  # fmt: skip


@pytest.mark.parametrize(("impact", "field", "type_name", "input_field", "bound"), OUT_OF_BOUNDS)
def test_impact_numbers_past_their_documented_bounds_are_refused(
    service: LiveService,
    impact: dict[str, Any],
    field: str,
    type_name: str,
    input_field: str,
    bound: str,
) -> None:
    assert bound in _described(service, type_name, input_field)
    pm = _draft(service)
    before = snapshot(service)
    result = run(service, "assessImpact", "$input: ImpactInput!",
                 {"id": pm, "v": 1, "input": impact})  # fmt: skip
    assert result["__typename"] == "ValidationError", result
    assert [f["field"] for f in result["fields"]] == [field]
    assert snapshot(service) == before


def test_a_due_date_is_at_most_ten_years_away_as_described(service: LiveService) -> None:
    assert "10 years after today" in _described(service, "ActionItemInput", "dueDate")
    pm = _draft(service)
    before = snapshot(service)
    item = {"title": "Rotate keys", "dueDate": "9999-12-31"}
    far = run(service, "addActionItem", "$input: ActionItemInput!",
              {"id": pm, "v": 1, "input": item})  # fmt: skip
    assert far["__typename"] == "ValidationError"
    assert far["fields"] == [
        {"field": "dueDate", "message": "must be at most 10 years after today"}
    ]
    assert snapshot(service) == before
    item["dueDate"] = (date.today() + timedelta(days=9 * 365)).isoformat()
    near = run(service, "addActionItem", "$input: ActionItemInput!",
               {"id": pm, "v": 1, "input": item})  # fmt: skip
    assert near["__typename"] == "Postmortem", near
