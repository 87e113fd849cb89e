"""The audit trail over real HTTP: who may read it, filters, pages, exports, verification."""

from __future__ import annotations

import csv
import io
import itertools
import json
from typing import Any

from tests.support.live import LiveService

CREATE = """
mutation Create($input: CreatePostmortemInput!) {
  createPostmortem(input: $input) { ... on Postmortem { id version } }
}
"""
RENAME = """
mutation Rename($id: ID!, $v: Int!, $title: String!) {
  updatePostmortemMetadata(id: $id, expectedVersion: $v, input: {
    title: $title, severity: SEV2, incidentWindow: {startedAt: "2025-07-15T17:42:00Z"}
  }) { ... on Postmortem { version } }
}
"""
TRAIL = """
query Trail($filter: AuditTrailFilter, $first: Int!, $after: String, $order: AuditOrder!) {
  auditTrail(filter: $filter, first: $first, after: $after, order: $order) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges { node {
      position postmortemId version eventType actorId actorRoles at correlationId reason
      changes { path before after } eventDigest prevHash hash
    } }
  }
}
"""
VERIFY = """
{ verifyAuditChain { ok checkedEntries verifiedThrough headPosition headHash
    firstBrokenLink { position kind } } }
"""
COMPLIANCE = ("carol", ("compliance",))


def write_history(service: LiveService) -> list[str]:
    """Alice creates two postmortems; Bob, an admin, renames the first (4 events)."""
    variables = {
        "input": {
            "title": "DNS outage",
            "severity": "SEV2",
            "incidentWindow": {"startedAt": "2025-07-15T17:42:00Z"},
        }
    }
    first = service.graphql(CREATE, variables)["data"]["createPostmortem"]["id"]
    variables["input"]["title"] = "Disk full"
    second = service.graphql(CREATE, variables)["data"]["createPostmortem"]["id"]
    service.graphql(
        RENAME, {"id": first, "v": 1, "title": "DNS resolver outage"}, user="bob", roles=["admin"]
    )
    service.graphql(
        RENAME,
        {"id": first, "v": 2, "title": "DNS resolver outage (EU)"},
        user="bob",
        roles=["admin"],
    )
    return [first, second]


def trail(service: LiveService, **variables: Any) -> dict[str, Any]:
    variables = {"first": 50, "order": "NEWEST_FIRST", **variables}
    body = service.graphql(TRAIL, variables, user=COMPLIANCE[0], roles=COMPLIANCE[1])
    assert "errors" not in body, body
    result: dict[str, Any] = body["data"]["auditTrail"]
    return result


def test_a_compliance_officer_sees_who_changed_which_field_when(service: LiveService) -> None:
    first, _ = write_history(service)
    result = trail(service, filter={"postmortemId": first}, order="OLDEST_FIRST")
    nodes = [edge["node"] for edge in result["edges"]]
    assert [(n["version"], n["eventType"], n["actorId"]) for n in nodes] == [
        (1, "Created", "alice"),
        (2, "MetadataUpdated", "bob"),
        (3, "MetadataUpdated", "bob"),
    ]
    assert nodes[1]["changes"] == [
        {"path": "title", "before": "DNS outage", "after": "DNS resolver outage"}
    ]
    assert nodes[1]["actorRoles"] == ["admin"]
    assert nodes[1]["correlationId"]


def test_the_trail_filters_by_actor_and_event_type_and_pages_without_gaps(
    service: LiveService,
) -> None:
    write_history(service)
    by_bob = trail(service, filter={"actorId": "bob"})
    assert by_bob["totalCount"] == 2
    created = trail(service, filter={"eventType": "Created"})
    assert created["totalCount"] == 2
    seen: list[int] = []
    after = None
    while True:
        page = trail(service, first=3, after=after, order="NEWEST_FIRST")
        seen += [edge["node"]["position"] for edge in page["edges"]]
        if not page["pageInfo"]["hasNextPage"]:
            break
        after = page["pageInfo"]["endCursor"]
    assert seen == [4, 3, 2, 1]
    future = trail(service, filter={"from": "2999-01-01T00:00:00Z"})
    assert future["totalCount"] == 0


def test_the_chain_links_every_entry_to_the_one_before(service: LiveService) -> None:
    write_history(service)
    nodes = [e["node"] for e in trail(service, order="OLDEST_FIRST")["edges"]]
    assert nodes[0]["prevHash"] == "0" * 64
    for previous, entry in itertools.pairwise(nodes):
        assert entry["prevHash"] == previous["hash"]
    verified = service.graphql(VERIFY, user="carol", roles=["compliance"])["data"]
    assert verified["verifyAuditChain"] == {
        "ok": True,
        "checkedEntries": 4,
        "verifiedThrough": 4,
        "headPosition": 4,
        "headHash": nodes[-1]["hash"],
        "firstBrokenLink": None,
    }


def test_authors_and_reviewers_may_not_read_the_trail(service: LiveService) -> None:
    write_history(service)
    for roles in (["author"], ["reviewer"]):
        for query, variables in ((TRAIL, {"first": 5, "order": "NEWEST_FIRST"}), (VERIFY, None)):
            body = service.graphql(query, variables, user="mallory", roles=roles)
            assert body["data"] is None
            assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    admin = service.graphql(TRAIL, {"first": 5, "order": "NEWEST_FIRST"}, roles=["admin"])
    assert admin["data"]["auditTrail"]["totalCount"] == 4


def test_the_audit_exports_stream_csv_and_ndjson_with_the_same_filters(
    service: LiveService,
) -> None:
    first, _ = write_history(service)
    headers = {"Authorization": f"Bearer {service.token('carol', ['compliance'])}"}
    response = service.http.get(
        "/exports/audit.csv", params={"postmortemId": first}, headers=headers
    )
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.text)))
    assert [(r["version"], r["event_type"], r["actor_id"]) for r in rows] == [
        ("1", "Created", "alice"),
        ("2", "MetadataUpdated", "bob"),
        ("3", "MetadataUpdated", "bob"),
    ]
    assert json.loads(rows[1]["changes"]) == [
        {"path": "title", "before": "DNS outage", "after": "DNS resolver outage"}
    ]
    response = service.http.get(
        "/exports/audit.ndjson", params={"actorId": "bob", "order": "NEWEST_FIRST"}, headers=headers
    )
    lines = [json.loads(line) for line in response.text.splitlines()]
    assert [(line["position"], line["version"]) for line in lines] == [(4, 3), (3, 2)]
    assert all(len(line["hash"]) == 64 for line in lines)


def test_the_exports_refuse_strangers_and_other_roles_and_bad_parameters(
    service: LiveService,
) -> None:
    write_history(service)
    assert service.http.get("/exports/audit.csv").status_code == 401
    author = {"Authorization": f"Bearer {service.token('alice', ['author'])}"}
    forbidden = service.http.get("/exports/audit.ndjson", headers=author)
    assert forbidden.status_code == 403
    assert forbidden.json()["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    officer = {"Authorization": f"Bearer {service.token('carol', ['compliance'])}"}
    for params in ({"from": "yesterday"}, {"order": "SIDEWAYS"}, {"colour": "red"}):
        response = service.http.get("/exports/audit.csv", params=params, headers=officer)
        assert response.status_code == 400, params
        assert response.json()["errors"][0]["extensions"]["code"] == "BAD_REQUEST"


def mutate(
    service: LiveService, name: str, args: str, variables: dict[str, Any], **who: Any
) -> Any:
    item = ", itemId: $itemId" if "itemId" in variables else ""
    query = f"""
    mutation M($id: ID!, $v: Int!, {args}) {{
      {name}(id: $id, expectedVersion: $v{item}, input: $input) {{
        __typename ... on Postmortem {{ version createdId }} ... on Error {{ message }}
      }}
    }}"""
    result = service.graphql(query, variables, **who)["data"][name]
    assert result["__typename"] == "Postmortem", result
    return result


def test_the_trail_records_reasons_and_item_level_changes_made_through_the_api(
    service: LiveService,
) -> None:
    first, _ = write_history(service)  # first is at version 3
    new_item = {"title": "Add resolver alert", "owner": "sre"}
    item = mutate(service, "addActionItem", "$input: ActionItemInput!",
                  {"id": first, "v": 3, "input": new_item})  # fmt: skip
    mutate(service, "changeActionItemStatus", "$itemId: ID!, $input: ActionItemStatusInput!",
           {"id": first, "v": 4, "itemId": item["createdId"],
            "input": {"status": "WONT_DO", "reason": "Covered by the platform alert."}},
           user="sre", roles=["author"])  # the item's owner  # fmt: skip
    mutate(service, "withdrawPostmortem", "$input: WithdrawInput!",
           {"id": first, "v": 5, "input": {"kind": "DUPLICATE", "reason": "Same as INC-7."}},
           user="root", roles=["admin"])  # fmt: skip
    nodes = [e["node"] for e in trail(service, filter={"postmortemId": first}, first=3)["edges"]]
    withdrawn, status, added = nodes
    assert status["actorId"] == "sre"
    assert (withdrawn["eventType"], withdrawn["actorId"], withdrawn["reason"]) == (
        "Withdrawn", "root", "Same as INC-7.",
    )  # fmt: skip
    assert {"path": "state", "before": "DRAFT", "after": "WITHDRAWN"} in withdrawn["changes"]
    assert (status["eventType"], status["reason"]) == (
        "ActionItemStatusChanged", "Covered by the platform alert.",
    )  # fmt: skip
    assert status["changes"] == [
        {"path": f"action_items[{item['createdId']}].status", "before": "open", "after": "wont_do"}
    ]
    assert added["changes"][0]["path"] == f"action_items[{item['createdId']}]"
