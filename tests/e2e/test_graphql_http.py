"""The GraphQL endpoint over real HTTP, on the real event store and MongoDB-wire server."""

from __future__ import annotations

from typing import Any

from tests.support.live import LiveService

CREATE = """
mutation Create($input: CreatePostmortemInput!) {
  createPostmortem(input: $input) {
    __typename
    ... on Postmortem { id version state title severity incidentWindow { startedAt } authors }
    ... on ValidationError { message fields { field message } }
    ... on Error { message }
  }
}
"""
RENAME = """
mutation Rename($id: ID!, $v: Int!, $title: String!) {
  updatePostmortemMetadata(id: $id, expectedVersion: $v, input: {
    title: $title, severity: SEV2, incidentWindow: {startedAt: "2025-07-15T17:42:00Z"}
  }) {
    __typename
    ... on Postmortem { id version title }
    ... on ConcurrencyConflict { currentVersion expectedVersion message }
    ... on Error { message }
  }
}
"""
GET = "query Get($id: ID!) { postmortem(id: $id) { id version title state } }"
LIST = """
query List($first: Int!, $after: String) {
  postmortems(first: $first, after: $after) {
    totalCount
    edges { cursor node { id title } }
    pageInfo { hasNextPage endCursor }
  }
}
"""


def create(service: LiveService, title: str = "OAuth token outage", **kw: Any) -> dict[str, Any]:
    variables = {
        "input": {
            "title": title,
            "severity": "SEV2",
            "incidentWindow": {"startedAt": "2025-07-15T17:42:00Z"},
        }
    }
    variables["input"].update(kw)
    result: dict[str, Any] = service.graphql(CREATE, variables)["data"]["createPostmortem"]
    return result


def test_a_created_postmortem_can_be_read_back_at_once(service: LiveService) -> None:
    created = create(service)
    assert created["__typename"] == "Postmortem"
    assert created["state"] == "DRAFT"
    assert created["authors"] == ["alice"]
    assert created["incidentWindow"]["startedAt"].startswith("2025-07-15T17:42:00")

    read = service.graphql(GET, {"id": created["id"]})["data"]["postmortem"]
    assert read == {
        "id": created["id"],
        "version": 1,
        "title": "OAuth token outage",
        "state": "DRAFT",
    }


def test_a_rename_is_visible_in_the_next_query(service: LiveService) -> None:
    created = create(service)
    renamed = service.graphql(RENAME, {"id": created["id"], "v": 1, "title": "Token expiry"})
    assert renamed["data"]["updatePostmortemMetadata"]["version"] == 2
    read = service.graphql(GET, {"id": created["id"]})["data"]["postmortem"]
    assert (read["title"], read["version"]) == ("Token expiry", 2)


def test_a_stale_expected_version_is_a_conflict_that_changes_nothing(
    service: LiveService,
) -> None:
    created = create(service)
    service.graphql(RENAME, {"id": created["id"], "v": 1, "title": "Second title"})
    stale = service.graphql(RENAME, {"id": created["id"], "v": 1, "title": "Lost update"})
    result = stale["data"]["updatePostmortemMetadata"]
    assert result["__typename"] == "ConcurrencyConflict"
    assert (result["currentVersion"], result["expectedVersion"]) == (2, 1)
    read = service.graphql(GET, {"id": created["id"]})["data"]["postmortem"]
    assert (read["title"], read["version"]) == ("Second title", 2)


def test_an_invalid_title_is_a_validation_error_and_creates_nothing(service: LiveService) -> None:
    result = create(service, title="x" * 201)
    assert result["__typename"] == "ValidationError"
    assert result["fields"] == [{"field": "title", "message": "must be at most 200 characters"}]
    listed = service.graphql(LIST, {"first": 10})["data"]["postmortems"]
    assert listed["totalCount"] == 0


def test_pages_follow_each_other_without_gaps_or_repeats(service: LiveService) -> None:
    ids = {create(service, title=f"Incident {i}")["id"] for i in range(5)}
    seen: list[str] = []
    after = None
    while True:
        page = service.graphql(LIST, {"first": 2, "after": after})["data"]["postmortems"]
        assert page["totalCount"] == 5
        seen += [edge["node"]["id"] for edge in page["edges"]]
        if not page["pageInfo"]["hasNextPage"]:
            break
        after = page["pageInfo"]["endCursor"]
    assert len(seen) == 5
    assert set(seen) == ids


def test_page_size_and_cursor_are_checked(service: LiveService) -> None:
    too_big = service.graphql(LIST, {"first": 101})
    assert too_big["data"] is None
    assert "between 1 and 100" in too_big["errors"][0]["message"]
    bad_cursor = service.graphql(LIST, {"first": 5, "after": "not-a-cursor"})
    assert "invalid cursor" in bad_cursor["errors"][0]["message"]


def test_requests_without_a_valid_token_are_refused_and_change_nothing(
    service: LiveService,
) -> None:
    variables = {
        "input": {
            "title": "x",
            "severity": "SEV2",
            "incidentWindow": {"startedAt": "2025-07-15T17:42:00Z"},
        }
    }
    for token in (None, "not-a-jwt"):
        response = service.post_graphql(CREATE, variables, token=token)
        assert response.status_code == 401
        assert response.json()["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
    assert service.app.head_position() == 0


def test_health_answers_without_a_token_and_echoes_the_request_id(service: LiveService) -> None:
    response = service.http.get("/healthz", headers={"X-Request-ID": "req-42"})
    assert response.json() == {"status": "ok"}
    assert response.headers["x-request-id"] == "req-42"
    ready = service.http.get("/readyz").json()
    assert ready == {
        "status": "ready",
        "checks": {"event_store": "ok", "mongodb": "ok", "projections": "ok"},
        "failed": [],
    }


def test_graphiql_is_served_to_a_browser(service: LiveService) -> None:
    response = service.http.get("/graphql", headers={"Accept": "text/html"})
    assert response.status_code == 200
    assert "graphiql" in response.text.lower()
