"""Limits everywhere (issue #14, item 8), over real HTTP and websockets on the real servers:
introspection obeys the depth limit like any query, a subscription to a postmortem the caller
cannot see answers NotFound at once, and a websocket ends with its token."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import graphql
import jwt
import pytest
from websockets.exceptions import ConnectionClosed

from schema.sdl import SDL_PATH
from tests.support.live import LiveService
from tests.support.postmortem_graphql import create_input, run
from tests.support.security import claims, live_service, snapshot
from tests.support.ws import GraphQLWebSocket

CHANGED = "subscription($id: ID!) { postmortemChanged(id: $id) { id version title } }"
QUEUE = "subscription { reviewQueueChanged { postmortemId } }"


@pytest.fixture(scope="module")
def shared(tmp_path_factory: pytest.TempPathFactory, mongodb_uri: str) -> Iterator[LiveService]:
    with live_service(tmp_path_factory.mktemp("limits"), mongodb_uri) as live:
        yield live


def nested(field: str, depth: int) -> str:
    """Returns `field { field { … kind … } }`, `depth` levels deep."""
    return f"{field} {{ " * depth + "kind" + " }" * depth


def test_abusive_introspection_is_refused_by_the_depth_limits(shared: LiveService) -> None:
    before = snapshot(shared)
    type_ref = "'anonymous' exceeds maximum introspection type depth of 9 (ofType)"
    for query, refusal in (
        ("{ __schema { queryType { fields { type { " + nested("ofType", 50) + " } } } } }",
         type_ref),
        ('{ __type(name: "Query") { fields { type { ' + nested("ofType", 10) + " } } } }",
         type_ref),
        # Cycling through fields and their types: every level counts.
        ('{ __type(name: "Query") { ' + "fields { type { " * 6 + "name" + " } }" * 6 + " } }",
         "'anonymous' exceeds maximum operation depth of 12"),
    ):  # fmt: skip
        body = shared.graphql(query)
        assert body["data"] is None, body
        # (graphql-core's own MaxIntrospectionDepthRule may refuse the cycle too.)
        assert refusal in [e["message"] for e in body["errors"]]
    # Nine wrappers are answered.
    allowed = shared.graphql("{ __schema { queryType { fields { type { " + nested("ofType", 9)
                             + " } } } } }")  # fmt: skip
    assert "errors" not in allowed, allowed
    assert snapshot(shared) == before


SPECIFIED_BY = (
    ' @specifiedBy(url: "https://ecma-international.org/wp-content/uploads/'
    'ECMA-404_2nd_edition_december_2017.pdf")'
)


@pytest.mark.parametrize(
    "query",
    [
        graphql.get_introspection_query(descriptions=True),
        graphql.get_introspection_query(
            descriptions=True, specified_by_url=True, directive_is_repeatable=True,
            schema_description=True, input_value_deprecation=True,
        ),
    ],
    ids=["default", "every option"],
)  # fmt: skip
def test_the_standard_introspection_query_loads_the_whole_schema(
    shared: LiveService, query: str
) -> None:
    # What GraphiQL, graphql-codegen and IDEs send: 14 deep with 9 ofType wrappers.
    body = shared.graphql(query)
    assert "errors" not in body, body
    from_service = graphql.build_client_schema(body["data"])
    exported = graphql.build_schema(Path(SDL_PATH).read_text(encoding="utf-8"))
    if "specifiedByURL" not in query:  # the default query leaves @specifiedBy out
        exported = graphql.build_schema(
            Path(SDL_PATH).read_text(encoding="utf-8").replace(SPECIFIED_BY, "")
        )
    assert graphql.print_schema(graphql.lexicographic_sort_schema(from_service)) == (
        graphql.print_schema(graphql.lexicographic_sort_schema(exported))
    )


def connect(service: LiveService, user: str, roles: tuple[str, ...], token: str | None = None
            ) -> GraphQLWebSocket:  # fmt: skip
    ws = GraphQLWebSocket(service.url)
    ack = ws.init({"Authorization": f"Bearer {token or service.token(user, roles)}"})
    assert ack["type"] == "connection_ack", ack
    return ws


def test_a_subscription_to_a_missing_or_invisible_postmortem_answers_not_found(
    shared: LiveService,
) -> None:
    draft = run(shared, "createPostmortem", "$input: CreatePostmortemInput!",
                {"input": create_input(incidentRef=None)}, with_id=False)  # fmt: skip
    missing = "00000000-0000-4000-8000-000000000000"
    answers: dict[str, list[dict[str, Any]]] = {}
    for case, postmortem_id in (("missing", missing), ("invisible", draft["id"])):
        ws = connect(shared, "bob", ("author",))  # bob did not write alice's draft
        started = time.monotonic()
        ws.subscribe("1", CHANGED, {"id": postmortem_id})
        first, second = ws.receive(timeout=5), ws.receive(timeout=5)
        assert time.monotonic() - started < 5, case  # at once, not after a timeout
        ws.close()
        assert second == {"id": "1", "type": "complete"}, case
        assert first["type"] == "next", first
        assert first["payload"]["data"] is None, first
        (error,) = first["payload"]["errors"]
        assert error["extensions"]["code"] == "NOT_FOUND", first
        answers[case] = [{**error, "message": error["message"].replace(postmortem_id, "<id>")}]
    # An invisible postmortem reads exactly like a missing one.
    strip = [{k: v for k, v in e.items() if k != "extensions"} for e in answers["missing"]]
    assert strip == [{k: v for k, v in e.items() if k != "extensions"}
                     for e in answers["invisible"]]  # fmt: skip

    # Its author does get the changes, so the subscription itself works.
    ws = connect(shared, "alice", ("author",))
    ws.subscribe("1", CHANGED, {"id": draft["id"]})
    time.sleep(0.3)  # let the change stream open
    renamed = run(shared, "updatePostmortemMetadata", "$input: MetadataInput!",
                  {"id": draft["id"], "v": 1, "input": {"title": "Renamed", "severity": "SEV2",
                   "incidentWindow": {"startedAt": "2025-07-15T17:42:00Z"}}})  # fmt: skip
    assert renamed["version"] == 2
    assert ws.receive()["payload"]["data"]["postmortemChanged"] == {
        "id": draft["id"], "version": 2, "title": "Renamed"}  # fmt: skip
    ws.close()


def expiring_token(service: LiveService, user: str, roles: list[str], seconds: float) -> str:
    """Returns a token accepted for about `seconds` more: its `exp` lies in the past, within
    the 30 s clock leeway every token gets."""
    now = int(time.time())
    exp = now - 30 + int(seconds)
    payload = claims(service.settings, user, roles=roles, iat=now - 60, nbf=now - 60, exp=exp)
    return jwt.encode(payload, service.settings.jwt_secret.get_secret_value(), "HS256")


def receive_until_closed(ws: GraphQLWebSocket) -> None:
    """Receives (and drops) messages until the server closes the connection."""
    while True:
        ws.receive(timeout=15)


@pytest.mark.parametrize("where", ["connection_init", "upgrade header"])
def test_a_websocket_subscription_is_closed_with_4403_when_its_token_expires(
    shared: LiveService, where: str
) -> None:
    token = expiring_token(shared, "rita", ["reviewer"], seconds=4)
    if where == "connection_init":
        ws = connect(shared, "rita", ("reviewer",), token)
    else:
        ws = GraphQLWebSocket(shared.url, headers={"Authorization": f"Bearer {token}"})
        assert ws.init()["type"] == "connection_ack"
    ws.subscribe("q", QUEUE)
    assert ws.receive()["type"] == "next"  # the subscription runs while the token is valid
    started = time.monotonic()
    with pytest.raises(ConnectionClosed) as closed:
        receive_until_closed(ws)
    assert closed.value.rcvd is not None
    assert (closed.value.rcvd.code, closed.value.rcvd.reason) == (4403, "Token expired")
    assert time.monotonic() - started < 10
    # A fresh token opens a new connection.
    again = connect(shared, "rita", ("reviewer",))
    again.subscribe("q", QUEUE)
    assert again.receive()["type"] == "next"
    again.close()
