"""Refuses request bodies larger than a limit with 413, before the endpoint reads them."""

from __future__ import annotations

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from schema.error_codes import ErrorCode
from service.api.errors import error_response

# After refusing, up to this many further bytes are read and dropped so that a client still
# sending gets the 413 rather than a reset connection; past it the connection is closed.
DRAIN_LIMIT = 16 * 1_048_576


class BodyTooLarge(Exception):
    """The streamed body went past the limit."""


class BodySizeLimitMiddleware:
    """Checks `Content-Length` up front, and counts the bytes of chunked bodies as they come."""

    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = dict(scope["headers"]).get(b"content-length")
        if declared is not None and (not declared.isdigit() or int(declared) > self.max_bytes):
            await self._refuse(scope, receive, send)
            return
        received = 0
        started = False
        complete = False

        async def counting_receive() -> Message:
            nonlocal received, complete
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                complete = not message.get("more_body", False)
                if received > self.max_bytes:
                    raise BodyTooLarge
            return message

        async def tracking_send(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, counting_receive, tracking_send)
        except BodyTooLarge:
            if started:
                raise
            await self._refuse(scope, receive, send, drain=not complete)

    async def _refuse(
        self, scope: Scope, receive: Receive, send: Send, *, drain: bool = True
    ) -> None:
        if drain:
            # Waiting for more after the last chunk would block until the client gives up.
            await _drain(receive)
        response = error_response(
            413,
            ErrorCode.PAYLOAD_TOO_LARGE,
            f"request body larger than {self.max_bytes} bytes",
            scope=scope,
            headers={"Connection": "close"},
        )
        await response(scope, receive, send)


async def _drain(receive: Receive) -> None:
    drained = 0
    while drained <= DRAIN_LIMIT:
        message = await receive()
        if message["type"] != "http.request":
            return
        drained += len(message.get("body", b""))
        if not message.get("more_body", False):
            return
