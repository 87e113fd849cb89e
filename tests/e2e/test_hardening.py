"""An API that bad input cannot hurt: limits, strict input, masked errors, secure headers."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from tests.support.live import LiveService
from tests.support.security import live_service, snapshot

CREATE = """
mutation Create($input: CreatePostmortemInput!) {
  createPostmortem(input: $input) { __typename ... on Error { message } }
}"""
LIST = "{ postmortems(first: 5) { totalCount } }"
VALID = {
    "title": "Cache stampede",
    "severity": "SEV2",
    "incidentWindow": {"startedAt": "2025-07-15T17:42:00Z"},
}


def _window(started_at: object) -> dict[str, object]:
    return {"input": {**VALID, "incidentWindow": {"startedAt": started_at}}}


@pytest.fixture(scope="module")
def shared(tmp_path_factory: pytest.TempPathFactory, mongodb_uri: str) -> Iterator[LiveService]:
    with live_service(
        tmp_path_factory.mktemp("hardening"), mongodb_uri, cors_origins=["https://app.example"]
    ) as live:
        yield live


def _headers(service: LiveService, **extra: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {service.token('alice', ['author'])}", **extra}


# Bad input of every kind: the request, and a phrase of the error the caller gets.
BAD_INPUT: list[tuple[str, str, dict[str, Any], str]] = [
    ("a date that is not one", CREATE, _window("2025-13-45T00:00:00Z"),
     "invalid DateTime"),
    ("just a year", CREATE, _window("2025"), "invalid DateTime"),
    ("a number for a date", CREATE, _window(1752601320),
     "DateTime must be an ISO 8601 string"),
    ("an unknown enum value", CREATE, {"input": {**VALID, "severity": "SEV0"}},
     "does not exist in 'Severity' enum"),
    ("a number for a string", CREATE, {"input": {**VALID, "title": 42}},
     "String cannot represent"),
    ("a missing field", CREATE, {"input": {"title": "x", "severity": "SEV2"}},
     "incidentWindow"),
    ("an unknown field", CREATE, {"input": {**VALID, "owner": "bob"}}, "owner"),
    ("a 100 KB+ string variable", CREATE, {"input": {**VALID, "title": "x" * 100_001}},
     "longer than 100000 bytes"),
    ("a 100 KB+ string literal",
     'mutation { createPostmortem(input: {title: "%s", severity: SEV2, '
     'incidentWindow: {startedAt: "2025-07-15T17:42:00Z"}}) { __typename } }' % ("y" * 100_001),
     {}, "longer than 100000 bytes"),
    ("a literal date that is not ISO 8601",
     'mutation { createPostmortem(input: {title: "t", severity: SEV2, '
     'incidentWindow: {startedAt: "15/07/2025 17:42"}}) { __typename } }',
     {}, "invalid DateTime"),
    ("malformed GraphQL", "mutation { createPostmortem(input: {", {}, "Syntax Error"),
    ("an unknown field selection", "{ postmortems { nope } }", {}, "Cannot query field"),
    ("a 32-bit overflow", "{ postmortems(first: 99999999999) { totalCount } }", {},
     "Int cannot represent"),
    ("a page too large", "{ postmortems(first: 101) { totalCount } }", {}, "between 1 and 100"),
    ("a bad id", '{ postmortem(id: "../etc/passwd") { id } }', {}, "invalid id"),
    ("a forged cursor", '{ postmortems(after: "eyJ4IjoxfQ==") { totalCount } }', {},
     "invalid cursor"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("query", "variables", "phrase"),
    [case[1:] for case in BAD_INPUT],
    ids=[case[0] for case in BAD_INPUT],
)
def test_bad_input_gets_a_clear_error_and_changes_nothing(
    shared: LiveService, query: str, variables: dict[str, Any], phrase: str
) -> None:
    before = snapshot(shared)
    response = shared.post_graphql(query, variables, token=shared.token("alice", ["author"]))
    assert response.status_code == 200
    errors = response.json()["errors"]
    assert phrase in errors[0]["message"], errors
    assert errors[0]["extensions"]["correlationId"] == response.headers["x-request-id"]
    assert snapshot(shared) == before


def test_a_body_that_is_not_json_is_a_400(shared: LiveService) -> None:
    for body in (b"{not json", b"[" * 200_000):
        response = shared.http.post(
            "/graphql",
            content=body,
            headers=_headers(shared, **{"Content-Type": "application/json"}),
        )
        assert response.status_code == 400


def test_a_body_over_the_limit_is_a_413_whether_declared_or_streamed(shared: LiveService) -> None:
    before = snapshot(shared)
    headers = _headers(shared, **{"Content-Type": "application/json"})
    declared = shared.http.post("/graphql", content=b"x" * 1_100_000, headers=headers)

    def chunks() -> Iterator[bytes]:
        for _ in range(12):
            yield b"x" * 100_000

    streamed = shared.http.post("/graphql", content=chunks(), headers=headers)
    for response in (declared, streamed):
        assert response.status_code == 413
        assert response.json()["errors"][0]["extensions"]["code"] == "PAYLOAD_TOO_LARGE"
    assert snapshot(shared) == before


@pytest.mark.parametrize(
    ("query", "phrase"),
    [
        ("{ " + " ".join(f"a{i}: postmortems {{ totalCount }}" for i in range(100)) + " }",
         "aliases found"),
        ("{ postmortems { " + "totalCount " * 2_500 + "} }", "more than 2000 tokens"),
        ("{ ...A } fragment A on Query { ...B } fragment B on Query { ...A }",
         "Cannot spread fragment"),
        ("query { __typename " + "@include(if: true) " * 1_000 + "}", "more than 2000 tokens"),
        ("{ " + "postmortems { edges { node { " * 8 + "id" + " } } }" * 8 + " }",
         "exceeds maximum operation depth of 12"),
    ],
    ids=["aliases", "tokens", "fragment cycle", "directives", "depth"],
)  # fmt: skip
def test_query_bombs_are_refused_before_anything_runs(
    shared: LiveService, query: str, phrase: str
) -> None:
    body = shared.graphql(query)
    assert body["data"] is None
    assert any(phrase in error["message"] for error in body["errors"]), body
