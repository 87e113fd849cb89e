"""graphql-transport-ws connections that end with their bearer token.

A websocket is authenticated once, when it opens (`GraphQLEndpoint.on_ws_connect`), so without
this it would outlive its token. The handler closes the connection with 4403 (Forbidden, as
for a connection refused at `connection_init`) once the token is no longer accepted: its
`exp` plus the 30 s clock leeway every token gets. Clients reconnect with a fresh token.
"""

from __future__ import annotations

import asyncio
import logging
import time
from contextlib import suppress

from strawberry.subscriptions.protocols.graphql_transport_ws.handlers import (
    BaseGraphQLTransportWSHandler,
)
from strawberry.subscriptions.protocols.graphql_transport_ws.types import (
    ConnectionInitMessage,
)

from schema.context import Context

TOKEN_EXPIRED = 4403
log = logging.getLogger(__name__)


class TokenBoundHandler(BaseGraphQLTransportWSHandler[Context, None]):
    """The graphql-transport-ws protocol, closing the connection when its token expires."""

    expiry: asyncio.Task[None] | None = None

    async def handle_connection_init(self, message: ConnectionInitMessage) -> None:
        """Acknowledges the connection (or refuses it), then watches the token's expiry."""
        await super().handle_connection_init(message)
        valid_until = self.context.token_valid_until
        if self.connection_acknowledged and valid_until is not None and self.expiry is None:
            self.expiry = asyncio.create_task(self._close_when_expired(valid_until))
            self.expiry.add_done_callback(self._task_done)

    async def _close_when_expired(self, valid_until: float) -> None:
        await asyncio.sleep(max(0.0, valid_until - time.time()))
        log.info("closing a websocket whose token expired (user %s)", self.context.actor)
        for operation_id in list(self.operations):
            await self.cleanup_operation(operation_id)
        try:
            await self.websocket.close(code=TOKEN_EXPIRED, reason="Token expired")
        except Exception as error:  # the client may be gone already
            log.debug("closing an expired websocket failed: %s", error)

    async def shutdown(self) -> None:
        """Stops watching the token, then ends every operation."""
        if self.expiry is not None and not self.expiry.done():
            self.expiry.cancel()
            with suppress(asyncio.CancelledError):
                await self.expiry
        await super().shutdown()
