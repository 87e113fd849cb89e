"""Subscriptions over graphql-transport-ws, against the running service."""

from __future__ import annotations

import threading
from typing import Any

import pytest
from websockets.exceptions import ConnectionClosed

from tests.e2e.test_graphql_http import GET, RENAME, create
from tests.support.live import LiveService
from tests.support.ws import GraphQLWebSocket

CHANGED = """
subscription Changed($id: ID!, $after: Int) {
  postmortemChanged(id: $id, afterVersion: $after) { id version title }
}
"""
QUEUE = "subscription { reviewQueueChanged { postmortemId title } }"


def connect(service: LiveService, user: str, roles: tuple[str, ...]) -> GraphQLWebSocket:
    ws = GraphQLWebSocket(service.url)
    ack = ws.init({"Authorization": f"Bearer {service.token(user, roles)}"})
    assert ack["type"] == "connection_ack"
    return ws


def test_a_subscriber_receives_each_change_once_in_order_after_it_was_projected(
    service: LiveService,
) -> None:
    created = create(service)
    ws = connect(service, "bob", ("reviewer",))
    ws.subscribe("1", CHANGED, {"id": created["id"], "after": 1})
    titles = [f"Title {n}" for n in range(2, 6)]
    errors: list[Any] = []

    def edit() -> None:
        for version, title in enumerate(titles, start=1):
            answer = service.graphql(RENAME, {"id": created["id"], "v": version, "title": title})
            if answer["data"]["updatePostmortemMetadata"]["__typename"] != "Postmortem":
                errors.append(answer)

    writer = threading.Thread(target=edit)
    writer.start()
    received = []
    for _ in titles:
        message = ws.receive()
        assert message["type"] == "next", message
        node = message["payload"]["data"]["postmortemChanged"]
        received.append((node["version"], node["title"]))
        # Only after it was projected: the read model already shows this version.
        read = service.graphql(GET, {"id": created["id"]})["data"]["postmortem"]
        assert read["version"] >= node["version"]
    writer.join()
    assert errors == []
    assert received == list(enumerate(titles, start=2))
    with pytest.raises(TimeoutError):
        ws.receive(timeout=0.5)  # nothing twice
    ws.close()


def test_a_websocket_without_a_valid_token_is_refused(service: LiveService) -> None:
    for payload in ({}, {"Authorization": "Bearer not-a-token"}):
        ws = GraphQLWebSocket(service.url)
        with pytest.raises(ConnectionClosed) as closed:
            ws.init(payload)
        assert closed.value.rcvd is not None
        assert closed.value.rcvd.code == 4403


def test_a_subscription_before_authentication_is_refused(service: LiveService) -> None:
    created = create(service)
    ws = GraphQLWebSocket(service.url)
    ws.subscribe("1", CHANGED, {"id": created["id"]})
    with pytest.raises(ConnectionClosed) as closed:
        ws.receive()
    assert closed.value.rcvd is not None
    assert closed.value.rcvd.code == 4401


def test_the_token_may_come_in_the_upgrade_request_header(service: LiveService) -> None:
    token = service.token("rita", ("reviewer",))
    ws = GraphQLWebSocket(service.url, headers={"Authorization": f"Bearer {token}"})
    assert ws.init()["type"] == "connection_ack"
    ws.subscribe("q", QUEUE)
    first = ws.receive()
    assert first["type"] == "next"
    assert first["payload"]["data"]["reviewQueueChanged"] == []
    ws.close()


def test_the_review_queue_subscription_is_for_reviewers_only(service: LiveService) -> None:
    ws = connect(service, "alice", ("author",))
    ws.subscribe("q", QUEUE)
    message = ws.receive()
    assert message["payload"]["data"] is None
    assert "reviewer" in message["payload"]["errors"][0]["message"]
    assert ws.receive()["type"] == "complete"
    ws.close()
