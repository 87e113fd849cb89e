"""Fuzzing the GraphQL API from its exported SDL (hypothesis-graphql): valid requests never
crash the server, invalid ones never change anything."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime

import graphql
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis_graphql import Mode, from_schema, mutations, queries

from schema.sdl import SDL_PATH
from tests.support.live import LiveService
from tests.support.security import live_service, snapshot

SDL = SDL_PATH.read_text()
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
