"""Fuzzing the GraphQL API from its exported SDL (hypothesis-graphql): valid requests never
crash the server, invalid ones never change anything, and neither do requests carrying text
that is not valid (lone surrogates, control characters, bodies that are not UTF-8)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, date, datetime
from typing import Any

import graphql
import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis_graphql import Mode, from_schema, mutations, queries

from schema.sdl import SDL_PATH
from tests.support.live import LiveService
from tests.support.security import live_service, snapshot

SDL = SDL_PATH.read_text()
SCHEMA = graphql.build_schema(SDL)
DATETIMES = st.datetimes(
    min_value=datetime(1970, 1, 1), max_value=datetime(2100, 1, 1), timezones=st.just(UTC)
).map(lambda value: graphql.StringValueNode(value=value.isoformat()))
DATES = st.dates(min_value=date(1970, 1, 1), max_value=date(2100, 1, 1)).map(
    lambda value: graphql.StringValueNode(value=value.isoformat())
)
SCALARS = {"DateTime": DATETIMES, "Date": DATES}
BOUNDED = settings(
    max_examples=60,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@pytest.fixture(scope="module")
def shared(tmp_path_factory: pytest.TempPathFactory, mongodb_uri: str) -> Iterator[LiveService]:
    with live_service(tmp_path_factory.mktemp("fuzz"), mongodb_uri) as live:
        # Something to read: one draft.
        live.graphql(
            'mutation { createPostmortem(input: {title: "Seed", severity: SEV1, '
            'incidentWindow: {startedAt: "2025-07-15T17:42:00Z"}}) { __typename } }'
        )
        yield live


def _post(service: LiveService, query: str, roles: tuple[str, ...]) -> int:
    token = service.token("fuzzer", roles)
    response = service.post_graphql(query, token=token)
    assert response.status_code != 500, (query, response.text)
    body = response.json() if response.status_code == 200 else {}
    for error in body.get("errors") or []:
        assert error["message"] != "Internal server error", (query, body)
    return response.status_code


@BOUNDED
@given(query=queries(SDL, custom_scalars=SCALARS))
def test_any_valid_query_answers_without_an_internal_error_and_changes_nothing(
    shared: LiveService, query: str
) -> None:
    before = snapshot(shared)
    assert _post(shared, query, ("reviewer",)) == 200
    assert snapshot(shared) == before


@BOUNDED
@given(query=mutations(SDL, custom_scalars=SCALARS))
def test_any_mutation_by_a_role_that_may_not_write_changes_nothing(
    shared: LiveService, query: str
) -> None:
    before = snapshot(shared)
    assert _post(shared, query, ("compliance",)) == 200
    assert snapshot(shared) == before


@BOUNDED
@given(query=from_schema(SDL, custom_scalars=SCALARS, mode=Mode.NEGATIVE))
def test_any_invalid_request_is_refused_without_an_internal_error_and_changes_nothing(
    shared: LiveService, query: str
) -> None:
    before = snapshot(shared)
    _post(shared, query, ("author", "admin"))
    assert snapshot(shared) == before


@settings(BOUNDED, max_examples=30)
@given(
    query=queries(SDL, custom_scalars=SCALARS),
    cut=st.integers(min_value=1, max_value=200),
    junk=st.text(alphabet='{}()[]:$@!."\\# \n\x00', max_size=8),
)
def test_any_truncated_or_mangled_document_is_a_clean_error(
    shared: LiveService, query: str, cut: int, junk: str
) -> None:
    mangled = query[: max(1, len(query) - cut)] + junk
    before = snapshot(shared)
    _post(shared, mangled, ("author",))
    assert snapshot(shared) == before


# Text that is not what a user means: lone surrogates (valid JSON escapes, not valid Unicode)
# and control characters other than newline, tab and carriage return (a line break).
BAD_CHARACTERS = st.sampled_from(
    [chr(c) for c in (*range(0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0x7F, 0x85, 0x9F)]
    + ["\ud800", "\udbff", "\udc00", "\udfff"]
)
BAD_TEXT = st.tuples(st.text(max_size=8), BAD_CHARACTERS, st.text(max_size=8)).map("".join)
INVALID_UTF8 = st.sampled_from([b"\xff", b"\x80", b"\xc3\x28", b"\xed\xa0\x80", b"\xe2\x82"])


def with_bad_strings(query: str, data: st.DataObject) -> tuple[str, dict[str, Any]]:
    """Returns the document with every String and ID literal turned into a variable holding
    bad text (other scalars, such as DateTime, are left as they are)."""
    document = graphql.parse(query)
    type_info = graphql.TypeInfo(SCHEMA)
    variables: dict[str, Any] = {}
    definitions: list[graphql.VariableDefinitionNode] = []

    class Replace(graphql.Visitor):
        def enter_string_value(self, node: graphql.StringValueNode, *_: object) -> Any:
            expected = type_info.get_input_type()
            if graphql.get_named_type(expected).name not in ("String", "ID"):
                return None
            name = f"s{len(variables)}"
            variables[name] = data.draw(BAD_TEXT)
            definitions.append(
                graphql.VariableDefinitionNode(
                    variable=graphql.VariableNode(name=graphql.NameNode(value=name)),
                    type=graphql.parse_type(str(expected)),
                )
            )
            return graphql.VariableNode(name=graphql.NameNode(value=name))

    edited = graphql.visit(document, graphql.TypeInfoVisitor(type_info, Replace()))
    edited = graphql.DocumentNode(
        definitions=tuple(
            replace(node, variable_definitions=(*(node.variable_definitions or ()), *definitions))
            if isinstance(node, graphql.OperationDefinitionNode)
            else node
            for node in edited.definitions
        )
    )
    return graphql.print_ast(edited), variables


def _post_raw(service: LiveService, body: bytes) -> httpx.Response:
    token = service.token("fuzzer", ("author", "reviewer", "admin"))
    headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
    return service.http.post("/graphql", content=body, headers=headers)


@settings(BOUNDED, max_examples=40)
@given(query=mutations(SDL, custom_scalars=SCALARS) | queries(SDL, custom_scalars=SCALARS),
       data=st.data())  # fmt: skip
def test_lone_surrogates_and_control_characters_in_any_string_are_refused_and_change_nothing(
    shared: LiveService, query: str, data: st.DataObject
) -> None:
    document, variables = with_bad_strings(query, data)
    before = snapshot(shared)
    # json.dumps escapes lone surrogates (\ud800): valid JSON, but not valid Unicode text.
    response = _post_raw(shared, json.dumps({"query": document, "variables": variables}).encode())
    assert response.status_code in (200, 400), (document, variables, response.text)
    for error in response.json().get("errors") or []:
        assert error["message"] != "Internal server error", (document, variables, error)
    assert snapshot(shared) == before


@settings(BOUNDED, max_examples=30)
@given(query=queries(SDL, custom_scalars=SCALARS), cut=st.integers(min_value=0), bad=INVALID_UTF8)
def test_any_body_with_invalid_utf8_is_a_400_in_the_json_envelope_and_changes_nothing(
    shared: LiveService, query: str, cut: int, bad: bytes
) -> None:
    body = json.dumps({"query": query, "variables": {"unused": "x"}}).encode()
    at = cut % (len(body) + 1)
    before = snapshot(shared)
    response = _post_raw(shared, body[:at] + bad + body[at:])
    assert response.status_code == 400, response.text
    [error] = response.json()["errors"]
    assert error["message"].startswith("request body is not valid UTF-8")
    assert error["extensions"]["code"] == "BAD_REQUEST"
    assert error["extensions"]["correlationId"] == response.headers["x-request-id"]
    assert snapshot(shared) == before
