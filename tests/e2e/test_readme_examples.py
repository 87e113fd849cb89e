"""The README's curl examples work as written against the running service."""

from __future__ import annotations

import json
import re
from pathlib import Path

from tests.support.live import LiveService
from tests.support.postmortem_graphql import run
from tests.support.ws import GraphQLWebSocket

README = Path(__file__).resolve().parents[2] / "README.md"


def test_the_readme_curl_lines_create_a_postmortem_and_read_it_back(
    service: LiveService,
) -> None:
    bodies = re.findall(r"-d '(\{\"query\".*?\})'\n", README.read_text())
    assert len(bodies) == 3  # the third: "Using the API" (below)
    token = service.token("alice", ["author"])
    created = service.post_graphql(json.loads(bodies[0])["query"], token=token).json()
    assert created["data"]["createPostmortem"]["__typename"] == "Postmortem"
    listed = service.post_graphql(json.loads(bodies[1])["query"], token=token).json()
    node = listed["data"]["postmortems"]["edges"][0]["node"]
    assert node["id"] == created["data"]["createPostmortem"]["id"]
    assert node["title"] == "OAuth token outage"


def using_the_api() -> str:
    text = README.read_text()
    return text[text.index("## Using the API") : text.index("## Web app")]


def test_the_using_the_api_examples_work_as_written(service: LiveService) -> None:
    section = using_the_api()
    (me,) = re.findall(r"-d '(\{\"query\".*?\})'\n", section)
    write, read_back, page, follow, too_many = re.findall(r"```graphql\n(.*?)```", section, re.S)
    alice = service.token("alice", ["author"])

    # Authentication: who am I; no token is HTTP 401.
    answer = service.post_graphql(json.loads(me)["query"], token=alice).json()
    assert answer["data"]["me"]["userId"] == "alice"
    assert "CREATE" in answer["data"]["me"]["permissions"]
    assert service.post_graphql(json.loads(me)["query"], token="").status_code == 401

    created = run(service, "createPostmortem", "$input: CreatePostmortemInput!",
                  {"input": {"title": "Login outage", "severity": "SEV2",
                             "incidentWindow": {"startedAt": "2025-07-15T17:42:00Z"}}},
                  with_id=False)  # fmt: skip
    pm, version = created["id"], created["version"]

    # Subscriptions: follow it before it changes.
    ws = GraphQLWebSocket(service.url)
    assert ws.init({"Authorization": f"Bearer {alice}"})["type"] == "connection_ack"
    ws.subscribe("1", follow, {"id": pm})

    # Errors as data, read-your-writes: the write, the same write again, the read back.
    first = service.graphql(write, {"id": pm, "version": version})["data"]["writeSummary"]
    assert first["__typename"] == "Postmortem"
    assert first["readModel"]["state"] == "CURRENT"
    again = service.graphql(write, {"id": pm, "version": version})["data"]["writeSummary"]
    assert again["__typename"] == "ConcurrencyConflict"
    assert again["currentVersion"] == first["version"]
    assert "version" in again["message"]
    read = service.graphql(read_back, {"id": pm})["data"]["postmortem"]
    assert read["version"] == first["version"]
    assert read["summary"] == "Logins failed for 20 minutes."

    pushed = ws.receive()
    assert pushed["type"] == "next", pushed
    assert pushed["payload"]["data"]["postmortemChanged"]["version"] == first["version"]
    ws.close()

    # Paging: the first page, then on from its end cursor.
    one = service.graphql(page)["data"]["postmortems"]
    assert [e["node"]["id"] for e in one["edges"]][:1] == [pm]
    assert one["totalCount"] >= 1
    if one["pageInfo"]["hasNextPage"]:
        rest = service.graphql(page, {"after": one["pageInfo"]["endCursor"]})["data"]
        assert pm not in [e["node"]["id"] for e in rest["postmortems"]["edges"]]

    # Limits: a typed top-level error, nothing read.
    refused = service.graphql(too_many)
    assert refused["data"] is None
    assert refused["errors"][0]["message"] == "first must be between 1 and 100"
    assert refused["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"
