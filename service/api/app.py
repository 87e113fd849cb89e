"""Builds the Starlette application: `/graphql`, `/healthz`, `/readyz`."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from anyio import to_thread
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route, WebSocketRoute

from service.api.auth import Authenticator
from service.api.exports import export_routes
from service.api.graphql import GraphQLEndpoint
from service.api.middleware.authentication import AuthenticationMiddleware
from service.api.middleware.body_limit import BodySizeLimitMiddleware
from service.api.middleware.correlation import CorrelationIdMiddleware
from service.api.middleware.cors import cors_middleware
from service.api.middleware.secure_headers import SecureHeadersMiddleware
from service.api.middleware.unhandled import UnhandledErrorMiddleware
from service.application.postmortems import PostmortemApplication
from service.bootstrap import async_mongo_client, build_services
from service.config import Settings


def create_app(settings: Settings, app: PostmortemApplication, mongodb_uri: str) -> Starlette:
    """Returns the ASGI application serving the API on the given write application."""
    client = async_mongo_client(mongodb_uri)
    services = build_services(settings, app, client)
    development = settings.environment == "development"
    authenticator = Authenticator(settings)
    graphql = GraphQLEndpoint(
        services, authenticator, graphql_ide="graphiql" if development else None
    )

    async def healthz(_: Request) -> JSONResponse:
        return JSONResponse({"status": "ok"})

    async def readyz(_: Request) -> JSONResponse:
        checks: dict[str, str] = {}
        try:
            await to_thread.run_sync(app.head_position)
            checks["event_store"] = "ok"
        except Exception as error:
            checks["event_store"] = f"error: {type(error).__name__}"
        try:
            await services.db.command("ping")
            checks["mongodb"] = "ok"
        except Exception as error:
            checks["mongodb"] = f"error: {type(error).__name__}"
        ready = all(v == "ok" for v in checks.values())
        return JSONResponse(
            {"status": "ready" if ready else "degraded", "checks": checks},
            status_code=200 if ready else 503,
        )

    @asynccontextmanager
    async def lifespan(_: Starlette) -> AsyncIterator[None]:
        yield
        await authenticator.aclose()
        await client.close()

    return Starlette(
        routes=[
            Route("/healthz", healthz),
            Route("/readyz", readyz),
            Route("/graphql", graphql, methods=["GET", "POST"]),
            WebSocketRoute("/graphql", graphql),  # authenticated in GraphQLEndpoint.on_ws_connect
            *export_routes(services),
        ],
        # Outermost first: every response (401 and 413 included) gets the request id and the
        # security headers; CORS preflights are answered before authentication.
        middleware=[
            Middleware(CorrelationIdMiddleware),
            Middleware(SecureHeadersMiddleware, production=not development),
            Middleware(UnhandledErrorMiddleware),
            cors_middleware(settings.cors_origins),
            Middleware(AuthenticationMiddleware, authenticator=authenticator, graphiql=development),
            Middleware(BodySizeLimitMiddleware, max_bytes=settings.max_body_bytes),
        ],
        lifespan=lifespan,
    )
