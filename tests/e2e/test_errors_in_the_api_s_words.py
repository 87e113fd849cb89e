"""Errors speak the API's language and say everything at once (fresh2 #7, #17, #18, #22), over
real HTTP and websockets on the real servers; each refusal changes nothing."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest

from tests.support.live import LiveService
from tests.support.postmortem_graphql import create_input, root_cause_input, run
from tests.support.security import live_service, snapshot
from tests.support.ws import GraphQLWebSocket

CREATE = "$input: CreatePostmortemInput!"
INVISIBLE = "a\u200bb"


@pytest.fixture(scope="module")
def shared(tmp_path_factory: pytest.TempPathFactory, mongodb_uri: str) -> Iterator[LiveService]:
    with live_service(tmp_path_factory.mktemp("api-words"), mongodb_uri) as live:
        yield live


def _draft(service: LiveService) -> str:
    created = run(service, "createPostmortem", CREATE, {"input": create_input(incidentRef=None)},
                  with_id=False)  # fmt: skip
    assert created["__typename"] == "Postmortem", created
    return str(created["id"])


def _refused(result: dict[str, Any]) -> list[tuple[str, str]]:
    assert result["__typename"] == "ValidationError", result
    return [(f["field"], f["message"]) for f in result["fields"]]


def test_every_problem_is_reported_at_once_even_beside_a_text_that_cannot_be_admitted(
    shared: LiveService,
) -> None:
    before = snapshot(shared)
    window = {"startedAt": "2025-02-03T17:42:00Z", "resolvedAt": "2025-02-01T00:00:00Z"}
    data = create_input(title="a" * 201, severity="SEV3", incidentWindow=window,
                        services=[INVISIBLE], incidentRef=None)  # fmt: skip
    result = run(shared, "createPostmortem", CREATE, {"input": data}, with_id=False)
    fields = _refused(result)
    assert [field for field, _ in fields] == [
        "services[0]", "title", "incidentWindow.resolvedAt"]  # fmt: skip
    assert "invisible" in fields[0][1]
    assert fields[2][1] == "must not be before the start"
    # The message names the fields as the API does, and how many to correct.
    assert result["message"].startswith("cannot createPostmortem: validation failed: services[0]")
    assert "incidentWindow.resolvedAt: must not be before the start" in result["message"]
    assert result["message"].endswith("correct the 3 fields and send it again")
    assert snapshot(shared) == before

    # The same on a command that edits: the invisible owner and the empty title together.
    pm = _draft(shared)
    before = snapshot(shared)
    item = {"title": " ", "owner": INVISIBLE, "dueDate": "9999-12-31"}
    refused = run(shared, "addActionItem", "$input: ActionItemInput!",
                  {"id": pm, "v": 1, "input": item})  # fmt: skip
    assert [field for field, _ in _refused(refused)] == ["owner", "title", "dueDate"]
    assert snapshot(shared) == before


# One refusal per mutation family, and the GraphQL path each problem must name.
NAMED: list[tuple[str, str, dict[str, Any], list[str]]] = [
    ("updatePostmortemMetadata", "$input: MetadataInput!",
     {"input": {"title": "t", "severity": "SEV2", "incidentWindow": {
         "startedAt": "2025-07-15T17:42:00Z", "detectedAt": "2025-07-15T17:00:00Z"}}},
     ["incidentWindow.detectedAt"]),
    ("writeRootCauseAnalysis", "$input: RootCauseAnalysisInput!",
     {"input": {**root_cause_input(), "whys": [{"why": "Why?", "because": " "}],
                "contributingFactors": ["x\u0007"]}},
     ["rootCause.contributingFactors[0]", "rootCause.whys[0].because"]),
    ("assessImpact", "$input: ImpactInput!",
     {"input": {"usersAffectedPercent": 101, "revenueLoss": {"amount": "1", "currency": "usd"},
                "responders": {"engineers": -1}}},
     ["impact.usersAffectedPercent", "impact.revenueLoss.currency",
      "impact.responders.engineers"]),
    ("writeLessons", "$input: LessonsInput!", {"input": {"wentWell": ["ok", "\u0000"]}},
     ["wentWell[1]"]),
    ("addActionItem", "$input: ActionItemInput!",
     {"input": {"title": "Fix", "dueDate": "9999-12-31"}}, ["dueDate"]),
    ("changeActionItemStatus", "$itemId: ID!, $input: ActionItemStatusInput!",
     {"itemId": "nope", "input": {"status": "OPEN", "completedAt": "2099-01-01T00:00:00Z"}},
     ["itemId", "completedAt"]),
    ("addAuthor", "$input: AddAuthorInput!", {"input": {"userId": INVISIBLE}}, ["userId"]),
    ("addReviewComment", "$input: ReviewCommentInput!", {"input": {"text": " "}}, ["text"]),
    ("submitForReview", "", {}, ["summary", "timeline", "rootCause.statement",
     "rootCause.category", "rootCause.whys", "impact", "actionItems"]),
]  # fmt: skip


@pytest.mark.parametrize(
    ("mutation", "arguments", "variables", "paths"), NAMED, ids=[n[0] for n in NAMED]
)
def test_validation_errors_name_fields_as_the_graphql_inputs_do(
    shared: LiveService, mutation: str, arguments: str, variables: dict[str, Any], paths: list[str]
) -> None:
    pm = _draft(shared)
    before = snapshot(shared)
    result = run(shared, mutation, arguments, {"id": pm, "v": 1, **variables})
    fields = [field for field, _ in _refused(result)]
    assert fields == paths
    for field in fields:
        assert f"{field}: " in result["message"]
    assert not re.search(r"\b[a-z]+_[a-z_]+\b", result["message"]), result["message"]
    assert snapshot(shared) == before


def test_a_completion_time_in_a_message_has_the_service_s_one_precision(
    shared: LiveService,
) -> None:
    pm = _draft(shared)
    added = run(shared, "addActionItem", "$input: ActionItemInput!",
                {"id": pm, "v": 1, "input": {"title": "Fix"}})  # fmt: skip
    item = added["actionItems"][0]["id"]
    refused = run(shared, "changeActionItemStatus", "$itemId: ID!, $input: ActionItemStatusInput!",
                  {"id": pm, "v": 2, "itemId": item,
                   "input": {"status": "DONE", "completedAt": "2025-01-01T00:00:00Z"}})  # fmt: skip
    (field, message), *_ = _refused(refused)
    added_at = re.search(r"added \((.+)\)", message)
    assert field == "completedAt"
    assert added_at is not None, message
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{3})?\+00:00", added_at.group(1))


@pytest.mark.parametrize("method", ["POST", "GET"])
def test_a_subscription_over_plain_http_is_a_400_saying_to_use_a_websocket(
    shared: LiveService, method: str
) -> None:
    query = "subscription { reviewQueueChanged { __typename } }"
    headers = {"Authorization": f"Bearer {shared.token('rita', ['reviewer'])}"}
    if method == "POST":
        response = shared.http.post("/graphql", json={"query": query}, headers=headers)
    else:
        response = shared.http.get("/graphql", params={"query": query}, headers=headers)
    assert response.status_code == 400, response.text
    (error,) = response.json()["errors"]
    assert error["extensions"]["code"] == "BAD_REQUEST"
    assert "websocket" in error["message"]
    assert "graphql-transport-ws" in error["message"]
    # A named subscription beside a query: choosing the query runs it.
    document = "query Me { me { userId } } subscription Q { reviewQueueChanged { title } }"
    chosen = shared.http.post("/graphql", json={"query": document, "operationName": "Me"},
                              headers=headers)  # fmt: skip
    assert chosen.json() == {"data": {"me": {"userId": "rita"}}}
    picked = shared.http.post("/graphql", json={"query": document, "operationName": "Q"},
                              headers=headers)  # fmt: skip
    assert picked.status_code == 400


def test_a_websocket_refusal_names_the_graphql_field(shared: LiveService) -> None:
    ws = GraphQLWebSocket(shared.url)
    try:
        ack = ws.init({"Authorization": f"Bearer {shared.token('alice', ['author'])}"})
        assert ack["type"] == "connection_ack"
        ws.subscribe("q", "subscription { reviewQueueChanged { postmortemId } }")
        message = ws.receive()
        (error,) = message["payload"]["errors"]
        assert error["message"].startswith("reviewQueueChanged needs one of the roles reviewer")
        assert error["extensions"]["code"] == "FORBIDDEN"
    finally:
        ws.close()
