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


# Bad input of every kind: the request, a phrase of the error the caller gets, and its code
# (schema/error_codes.py, the README's table).
P, V, U, R = (
    "GRAPHQL_PARSE_FAILED",
    "GRAPHQL_VALIDATION_FAILED",
    "BAD_USER_INPUT",
    "OPERATION_RESOLUTION_FAILURE",
)
NAIVE_FILTER = "query($f: PostmortemFilter) { postmortems(first: 5, filter: $f) { totalCount } }"
BAD_INPUT: list[tuple[str, str, dict[str, Any], str, str]] = [
    ("a date that is not one", CREATE, _window("2025-13-45T00:00:00Z"),
     "invalid DateTime", U),
    ("just a year", CREATE, _window("2025"), "invalid DateTime", U),
    ("a number for a date", CREATE, _window(1752601320),
     "DateTime must be an ISO 8601 string", U),
    ("an unknown enum value", CREATE, {"input": {**VALID, "severity": "SEV0"}},
     "does not exist in 'Severity' enum", U),
    ("a number for a string", CREATE, {"input": {**VALID, "title": 42}},
     "String cannot represent", U),
    ("a missing field", CREATE, {"input": {"title": "x", "severity": "SEV2"}},
     "incidentWindow", U),
    ("an unknown field", CREATE, {"input": {**VALID, "owner": "bob"}}, "owner", U),
    ("a 100 KB+ string variable", CREATE, {"input": {**VALID, "title": "x" * 100_001}},
     "longer than 100000 bytes", U),
    ("a 100 KB+ string literal",
     'mutation { createPostmortem(input: {title: "%s", severity: SEV2, '
     'incidentWindow: {startedAt: "2025-07-15T17:42:00Z"}}) { __typename } }' % ("y" * 100_001),
     {}, "longer than 100000 bytes", U),
    ("a literal date that is not ISO 8601",
     'mutation { createPostmortem(input: {title: "t", severity: SEV2, '
     'incidentWindow: {startedAt: "15/07/2025 17:42"}}) { __typename } }',
     {}, "invalid DateTime", V),
    ("malformed GraphQL", "mutation { createPostmortem(input: {", {}, "Syntax Error", P),
    ("an unknown field selection", "{ postmortems { nope } }", {}, "Cannot query field", V),
    ("an unknown enum literal", "{ postmortems(filter: {states: [NOPE]}) { totalCount } }",
     {}, "does not exist in 'PostmortemState' enum", V),
    ("a 32-bit overflow", "{ postmortems(first: 99999999999) { totalCount } }", {},
     "Int cannot represent", V),
    ("a page too large", "{ postmortems(first: 101) { totalCount } }", {}, "between 1 and 100",
     U),
    ("a bad id", '{ postmortem(id: "../etc/passwd") { id } }', {}, "invalid id", U),
    ("a forged cursor", '{ postmortems(after: "eyJ4IjoxfQ==") { totalCount } }', {},
     "invalid cursor", U),
    ("a date that is not a Date",
     'query($d: Date!) { incidentTrends(from: $d, to: "2025-12-31") { months } }',
     {"d": "tomorrow"}, "Date", U),
    # A DateTime names an instant only with a time zone: refused in queries as in mutations.
    ("a query variable DateTime without a time zone", NAIVE_FILTER,
     {"f": {"startedFrom": "2026-01-01T00:00:00"}}, "has no time zone", U),
    ("a query literal DateTime without a time zone",
     '{ postmortems(filter: {startedFrom: "2026-01-01T00:00:00"}) { totalCount } }', {},
     "has no time zone", V),
    ("an audit filter DateTime without a time zone",
     '{ auditTrail(filter: {to: "2026-01-01T00:00"}) { totalCount } }', {},
     "has no time zone", V),
    # Calendar queries: the time zone, month range and list order (main's #17 inputs).
    ("an unknown time zone variable",
     'query($z: TimeZone) { incidentTrends(from: "2025-01-01", to: "2025-12-31", '
     "timeZone: $z) { months } }", {"z": "Mars/Olympus"}, "Mars/Olympus", U),
    ("an unknown time zone literal",
     '{ incidentMetrics(from: "2025-01-01", to: "2025-12-31", timeZone: "europe/paris") '
     "{ months } }", {}, "europe/paris", V),
    ("months running backwards",
     '{ incidentMetrics(from: "2025-12-01", to: "2025-01-31") { months } }', {},
     "from must not be after to", U),
    ("a cursor of another order",
     "query($a: String) { postmortems(first: 5, after: $a, orderBy: {field: SEVERITY}) "
     "{ totalCount } }", {"a": "eyJ4IjoxfQ=="}, "invalid cursor", U),
    # Several operations and no operationName: nothing runs (not even the first, a mutation).
    ("several operations, no operationName",
     CREATE + " query List { postmortems(first: 5) { totalCount } }",
     {"input": VALID}, "send operationName", R),
]  # fmt: skip


@pytest.mark.parametrize(
    ("query", "variables", "phrase", "code"),
    [case[1:] for case in BAD_INPUT],
    ids=[case[0] for case in BAD_INPUT],
)
def test_bad_input_gets_a_clear_error_and_changes_nothing(
    shared: LiveService, query: str, variables: dict[str, Any], phrase: str, code: str
) -> None:
    before = snapshot(shared)
    response = shared.post_graphql(query, variables, token=shared.token("alice", ["admin"]))
    assert response.status_code == 200
    errors = response.json()["errors"]
    assert phrase in errors[0]["message"], errors
    assert errors[0]["extensions"]["correlationId"] == response.headers["x-request-id"]
    assert [error["extensions"]["code"] for error in errors] == [code] * len(errors), errors
    assert snapshot(shared) == before


def test_an_operation_name_picks_one_operation_and_an_unknown_one_runs_nothing(
    shared: LiveService,
) -> None:
    document = "query A { me { userId } } query B { me { roles } }"
    token = shared.token("alice", ["author"])
    picked = shared.http.post("/graphql", json={"query": document, "operationName": "B"},
                              headers={"Authorization": f"Bearer {token}"})  # fmt: skip
    assert picked.json() == {"data": {"me": {"roles": ["author"]}}}
    unknown = shared.http.post("/graphql", json={"query": document, "operationName": "C"},
                               headers={"Authorization": f"Bearer {token}"})  # fmt: skip
    assert unknown.status_code == 200
    (error,) = unknown.json()["errors"]
    assert error["extensions"]["code"] == R
    assert "no operation named 'C'" in error["message"]


def test_the_same_refused_document_gets_each_request_its_own_correlation_id(
    shared: LiveService,
) -> None:
    """Validation results are cached per document; the errors are not shared."""
    token = shared.token("alice", ["author"])
    answers = [shared.post_graphql("{ nope }", token=token) for _ in range(2)]
    ids = [a.json()["errors"][0]["extensions"]["correlationId"] for a in answers]
    assert ids == [a.headers["x-request-id"] for a in answers]
    assert ids[0] != ids[1]


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
