"""One reading rule for compliance officers (issue #14, item 7), over real HTTP on the real
servers: they read every draft's contents in the audit trail, so they read the same drafts,
in every version, on every other read path too (and change nothing)."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any
from uuid import UUID

from tests.support.live import LiveService
from tests.support.postmortem_graphql import run
from tests.support.ws import GraphQLWebSocket

CARL: dict[str, Any] = {"user": "carl", "roles": ("compliance",)}
TRAIL = """query($id: ID) { auditTrail(filter: {postmortemId: $id}, first: 100,
  order: OLDEST_FIRST) { totalCount edges { node { version eventType
  changes { path before after } } } } }"""
AS_OF = """query($id: ID!, $v: Int, $at: DateTime) { postmortem(id: $id, asOfVersion: $v,
  asOf: $at) { id version state title summary allowedTransitions } }"""
LIST = """{ postmortems(first: 100, filter: {team: "team-compliance-reads"}) { totalCount
  edges { node { id state } } } }"""
ITEMS = """{ actionItems(first: 100, filter: {team: "team-compliance-reads"}) { totalCount
  edges { node { postmortemId item { title } } } } }"""
TRENDS = """{ incidentTrends(from: "2025-07-01", to: "2025-08-01", groupBy: TEAM,
  includeUnpublished: true) { series { key total } } }"""
CHANGED = """subscription($id: ID!) { postmortemChanged(id: $id) { version title } }"""


def state(service: LiveService, pm_id: str) -> tuple[int, int]:
    """Returns the postmortem's version (event store) and its audit entries' count."""
    trail = service.graphql(TRAIL, {"id": pm_id}, **CARL)["data"]["auditTrail"]
    return service.app.current_version(UUID(pm_id)), trail["totalCount"]


def test_a_compliance_officer_reads_a_draft_as_of_version_3_as_the_audit_trail_shows_it(
    service: LiveService,
) -> None:
    created = run(service, "createPostmortem", "$input: CreatePostmortemInput!",
                  {"input": {"title": "Login outage", "severity": "SEV2", "team":
                   "team-compliance-reads", "incidentWindow": {
                   "startedAt": "2025-07-15T17:42:00Z"}}}, with_id=False)  # fmt: skip
    pm_id = created["id"]
    for version, summary in ((1, "First words."), (2, "Second words.")):
        run(service, "writeSummary", "$input: SummaryInput!",
            {"id": pm_id, "v": version, "input": {"summary": summary}})  # fmt: skip
    run(service, "addActionItem", "$input: ActionItemInput!",
        {"id": pm_id, "v": 3, "input": {"title": "Alert on refresh errors"}})  # fmt: skip
    before = state(service, pm_id)
    assert before == (4, 4)

    # The audit trail shows version 3's change of the draft's summary...
    entries = [e["node"] for e in service.graphql(TRAIL, {"id": pm_id}, **CARL)["data"][
        "auditTrail"]["edges"]]  # fmt: skip
    (summary_change,) = entries[2]["changes"]
    assert (entries[2]["version"], summary_change) == (
        3, {"path": "summary", "before": "First words.", "after": "Second words."})  # fmt: skip
    # ...and postmortem(id, asOfVersion: 3) reads that same draft (it used to be null).
    as_of = service.graphql(AS_OF, {"id": pm_id, "v": 3}, **CARL)["data"]["postmortem"]
    assert as_of == {"id": pm_id, "version": 3, "state": "DRAFT", "title": "Login outage",
                     "summary": "Second words.", "allowedTransitions": []}  # fmt: skip
    now = datetime.now(UTC).isoformat()
    at_time = service.graphql(AS_OF, {"id": pm_id, "at": now}, **CARL)["data"]["postmortem"]
    assert (at_time["version"], at_time["summary"]) == (4, "Second words.")
    current = service.graphql(AS_OF, {"id": pm_id}, **CARL)["data"]["postmortem"]
    assert (current["version"], current["state"]) == (4, "DRAFT")

    # Lists, action items, recurring views with drafts, exports: the same rule everywhere.
    listed = service.graphql(LIST, **CARL)["data"]["postmortems"]
    assert (listed["totalCount"], listed["edges"][0]["node"]["id"]) == (1, pm_id)
    items = service.graphql(ITEMS, **CARL)["data"]["actionItems"]
    assert [e["node"]["item"]["title"] for e in items["edges"]] == ["Alert on refresh errors"]
    trends = service.graphql(TRENDS, **CARL)
    assert "errors" not in trends, trends
    assert {"key": "team-compliance-reads", "total": 1} in trends["data"]["incidentTrends"][
        "series"]  # fmt: skip
    bearer = {"Authorization": f"Bearer {service.token('carl', ['compliance'])}"}
    export = service.http.get(
        "/exports/audit.ndjson", params={"postmortemId": pm_id}, headers=bearer
    )
    assert export.status_code == 200
    assert [json.loads(line)["version"] for line in export.text.splitlines()] == [1, 2, 3, 4]
    markdown = service.http.get(f"/postmortems/{pm_id}.md", params={"version": 3}, headers=bearer)
    assert markdown.status_code == 200, markdown.text
    assert "Second words." in markdown.text
    stranger = {"Authorization": f"Bearer {service.token('zoe', ['author'])}"}
    assert service.http.get(f"/postmortems/{pm_id}.md", headers=stranger).status_code == 404

    # A subscription to the draft follows it too.
    ws = GraphQLWebSocket(service.url)
    assert ws.init(bearer)["type"] == "connection_ack"
    ws.subscribe("1", CHANGED, {"id": pm_id})
    renamed = run(service, "updatePostmortemMetadata", "$input: MetadataInput!",
                  {"id": pm_id, "v": 4, "input": {"title": "Login outage (tokens)",
                   "severity": "SEV2", "team": "team-compliance-reads",
                   "incidentWindow": {"startedAt": "2025-07-15T17:42:00Z"}}})  # fmt: skip
    assert renamed["version"] == 5
    message = ws.receive()
    assert message["payload"]["data"]["postmortemChanged"] == {
        "version": 5, "title": "Login outage (tokens)"}  # fmt: skip
    ws.close()

    # Reading changed nothing, and reading is all a compliance officer may do.
    assert state(service, pm_id) == (5, 5)
    refused = run(service, "writeSummary", "$input: SummaryInput!",
                  {"id": pm_id, "v": 5, "input": {"summary": "Mine."}}, **CARL)  # fmt: skip
    assert refused["__typename"] == "NotPermitted", refused
    assert state(service, pm_id) == (5, 5)
