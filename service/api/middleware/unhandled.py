"""Turns an exception no endpoint handled into a JSON 500 that names the request id (the
traceback goes to the log, never to the client)."""

from __future__ import annotations

import logging

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from schema.error_codes import ErrorCode
from service.api.errors import error_response

log = logging.getLogger("postmortems.http")


class UnhandledErrorMiddleware:
    """Sits inside the correlation-id and security-header middleware, so even a crash answers
    with `X-Request-ID` and the usual headers."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def tracking_send(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, receive, tracking_send)
        except Exception:
            correlation_id = scope.get("state", {}).get("correlation_id")
            log.exception("unhandled error (correlation id %s)", correlation_id)
            if started:
                raise
            response = error_response(
                500, ErrorCode.INTERNAL_SERVER_ERROR, "Internal server error", scope=scope
            )
            await response(scope, receive, send)
