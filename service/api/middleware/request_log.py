"""Logs one line per HTTP request and records it in the request metrics.

Fields: correlation id (set by the correlation middleware), user (set by the authentication
middleware), GraphQL operation name (set by the GraphQL endpoint), method, path, status and
duration. Probes (`/healthz`, `/readyz`, `/metrics`) are logged at debug level only.
"""

from __future__ import annotations

import time

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from service.infrastructure import metrics
from service.infrastructure.logs import get_logger

PROBES = frozenset({"/healthz", "/readyz", "/metrics"})
GRAPHQL_PATH = "/graphql"

log = get_logger("postmortems.request")


class RequestLogMiddleware:
    """Logs and measures every HTTP request (it must sit inside the correlation middleware)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        status = 500

        async def send_with_status(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = int(message["status"])
            await send(message)

        error: BaseException | None = None
        try:
            await self.app(scope, receive, send_with_status)
        except BaseException as raised:
            error = raised
            raise
        finally:
            self._record(scope, status, time.perf_counter() - started, error)

    @staticmethod
    def _record(scope: Scope, status: int, seconds: float, error: BaseException | None) -> None:
        state = scope.get("state", {})
        path: str = scope["path"]
        operation = _operation(path, state.get("graphql_operation"))
        metrics.observe_request(operation, status, seconds)
        fields = {
            "correlation_id": state.get("correlation_id"),
            "user": state.get("user"),
            "operation": operation,
            "method": scope["method"],
            "path": path,
            "status": status,
            "duration_ms": round(seconds * 1000, 2),
        }
        if error is not None:
            log.error("request failed", exc_info=error, **fields)
        elif path in PROBES:
            log.debug("request", **fields)
        else:
            log.info("request", **fields)


def _operation(path: str, graphql_operation: str | None) -> str:
    if path == GRAPHQL_PATH:
        return graphql_operation or "unknown"
    return path if path in PROBES else "other"
