"""Limits everywhere (issue #14, item 8), over real HTTP and websockets on the real servers:
introspection obeys the depth limit like any query, a subscription to a postmortem the caller
cannot see answers NotFound at once, and a websocket ends with its token."""

from __future__ import annotations

import json
import re
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import graphql
import jwt
import pytest
from websockets.exceptions import ConnectionClosed

from schema.sdl import SDL_PATH
from service.api.graphiql import ASSETS
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


def test_a_50_deep_introspection_query_is_refused_by_the_depth_limit(
    shared: LiveService,
) -> None:
    before = snapshot(shared)
    for query in (
        "{ __schema { queryType { fields { type { " + nested("ofType", 50) + " } } } } }",
        '{ __type(name: "Query") { fields { type { ' + nested("ofType", 50) + " } } } }",
    ):
        body = shared.graphql(query)
        assert body["data"] is None, body
        assert [e["message"] for e in body["errors"]] == [
            "'anonymous' exceeds maximum operation depth of 12"
        ]
    # Exactly 12 deep is answered, introspection or not.
    allowed = shared.graphql("{ __schema { queryType { fields { type { " + nested("ofType", 7)
                             + " } } } } }")  # fmt: skip
    assert "errors" not in allowed, allowed
    assert snapshot(shared) == before


def graphiql_introspection() -> str:
    """Returns the introspection query the service's GraphiQL page sends (start.js)."""
    script = (ASSETS / "start.js").read_text(encoding="utf-8")
    found = re.search(r"var INTROSPECTION =(.*?);\n", script, re.DOTALL)
    assert found is not None, "start.js no longer carries its introspection query"
    return "".join(json.loads(part) for part in re.findall(r'"(?:[^"\\]|\\.)*"', found[1]))


def test_graphiql_still_loads_the_whole_schema_within_the_depth_limit(
    shared: LiveService,
) -> None:
    # The standard introspection query (graphql-js, as GraphiQL sends it: 14 deep) is refused
    # like any other too deep query; the page sends this trimmed one instead.
    standard = shared.graphql(graphql.get_introspection_query(descriptions=True))
    assert "exceeds maximum operation depth of 12" in standard["errors"][0]["message"]
    body = shared.graphql(graphiql_introspection())
    assert "errors" not in body, body
    from_service = graphql.build_client_schema(body["data"])
    exported = graphql.build_schema(Path(SDL_PATH).read_text(encoding="utf-8"))
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
