"""The HTTP middleware chain on a tiny app whose endpoint crashes (no servers needed)."""

from __future__ import annotations

import httpx
import pytest
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from service.api.middleware.correlation import CorrelationIdMiddleware
from service.api.middleware.secure_headers import SecureHeadersMiddleware
from service.api.middleware.unhandled import UnhandledErrorMiddleware


async def _crash(_: Request) -> Response:
    raise RuntimeError("password=hunter2 in a connection string")


async def test_a_crash_answers_json_500_with_the_request_id_and_logs_the_detail(
    caplog: pytest.LogCaptureFixture,
) -> None:
    app = Starlette(
        routes=[Route("/boom", _crash)],
        middleware=[
            Middleware(CorrelationIdMiddleware),
            Middleware(SecureHeadersMiddleware, production=True),
            Middleware(UnhandledErrorMiddleware),
        ],
    )
    transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
        response = await client.get("/boom", headers={"X-Request-ID": "req-boom"})
    assert response.status_code == 500
    assert response.json()["errors"][0] == {
        "message": "Internal server error",
        "extensions": {"code": "INTERNAL_SERVER_ERROR", "correlationId": "req-boom"},
    }
    assert "hunter2" not in response.text
    assert response.headers["x-request-id"] == "req-boom"
    assert response.headers["strict-transport-security"].startswith("max-age=")
    assert any("req-boom" in r.getMessage() and r.exc_info for r in caplog.records)
