"""A minimal graphql-transport-ws client over the `websockets` package (synchronous)."""

from __future__ import annotations

import json
from typing import Any

from websockets.sync.client import ClientConnection, connect

PROTOCOL = "graphql-transport-ws"


class GraphQLWebSocket:
    """One websocket connection speaking graphql-transport-ws."""

    def __init__(self, url: str, headers: dict[str, str] | None = None) -> None:
        self.connection: ClientConnection = connect(
            url.replace("http://", "ws://") + "/graphql",
            subprotocols=[PROTOCOL],  # type: ignore[list-item]
            additional_headers=headers or {},
            open_timeout=10,
        ).__enter__()

    def init(self, payload: dict[str, Any] | None = None) -> dict[str, Any]:
        """Sends `connection_init` and returns the server's answer (ack, or raises on close)."""
        self.send({"type": "connection_init", "payload": payload or {}})
        return self.receive()

    def subscribe(self, op_id: str, query: str, variables: dict[str, Any] | None = None) -> None:
        """Starts a subscription."""
        self.send(
            {
                "id": op_id,
                "type": "subscribe",
                "payload": {"query": query, "variables": variables or {}},
            }
        )

    def send(self, message: dict[str, Any]) -> None:
        """Sends one protocol message."""
        self.connection.send(json.dumps(message))

    def receive(self, timeout: float = 10.0) -> dict[str, Any]:
        """Returns the next protocol message, answering pings."""
        while True:
            message: dict[str, Any] = json.loads(self.connection.recv(timeout=timeout))
            if message["type"] == "ping":
                self.send({"type": "pong"})
                continue
            return message

    def close(self) -> None:
        """Closes the connection."""
        self.connection.__exit__(None, None, None)
