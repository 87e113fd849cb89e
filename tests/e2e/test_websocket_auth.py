"""Websockets (graphql-transport-ws) need a valid token too: no anonymous connection."""

from __future__ import annotations

import json

import pytest
from websockets.exceptions import ConnectionClosed
from websockets.sync.client import connect

from tests.support.live import LiveService

PROTOCOL = "graphql-transport-ws"


def _connect(service: LiveService, payload: dict[str, object]) -> dict[str, object]:
    url = service.url.replace("http://", "ws://") + "/graphql"
    with connect(url, subprotocols=[PROTOCOL], open_timeout=5) as ws:  # type: ignore[list-item]
        ws.send(json.dumps({"type": "connection_init", "payload": payload}))
        ack = json.loads(ws.recv(timeout=5))
        assert ack["type"] == "connection_ack"
        ws.send(
            json.dumps(
                {
                    "id": "1",
                    "type": "subscribe",
                    "payload": {"query": "{ postmortems(first: 1) { totalCount } }"},
                }
            )
        )
        result: dict[str, object] = json.loads(ws.recv(timeout=5))
        return result


def test_a_websocket_with_a_token_in_the_init_payload_may_query(service: LiveService) -> None:
    token = service.token("alice", ["author"])
    result = _connect(service, {"Authorization": f"Bearer {token}"})
    assert result["type"] == "next"
    assert result["payload"] == {"data": {"postmortems": {"totalCount": 0}}}


@pytest.mark.parametrize("payload", [{}, {"Authorization": "Bearer not-a-jwt"}])
def test_a_websocket_without_a_valid_token_is_closed_as_forbidden(
    service: LiveService, payload: dict[str, object]
) -> None:
    with pytest.raises(ConnectionClosed) as closed:
        _connect(service, payload)
    assert closed.value.rcvd is not None
    assert closed.value.rcvd.code == 4403
