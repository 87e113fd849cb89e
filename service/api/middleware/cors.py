"""Cross-origin access for browser clients, limited to the configured origins."""

from __future__ import annotations

from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware

from service.api.middleware.correlation import HEADER as CORRELATION_HEADER


def cors_middleware(origins: list[str]) -> Middleware:
    """Returns the CORS middleware: the given origins may POST GraphQL with a bearer token."""
    return Middleware(
        CORSMiddleware,
        allow_origins=origins,
        allow_methods=["GET", "POST", "OPTIONS"],
        allow_headers=["Authorization", "Content-Type", CORRELATION_HEADER],
        expose_headers=[CORRELATION_HEADER],
        allow_credentials=False,
        max_age=600,
    )
