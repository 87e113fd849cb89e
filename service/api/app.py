"""Builds the Starlette application: `/graphql`, `/healthz`, `/readyz`."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from anyio import to_thread
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from service.api.exports import export_routes
from service.api.graphql import GraphQLEndpoint
from service.api.middleware.authentication import AuthenticationMiddleware
from service.api.middleware.correlation import CorrelationIdMiddleware
from service.application.postmortems import PostmortemApplication
from service.bootstrap import async_mongo_client, build_services
from service.config import Settings


def create_app(settings: Settings, app: PostmortemApplication, mongodb_uri: str) -> Starlette:
    """Returns the ASGI application serving the API on the given write application."""
    client = async_mongo_client(mongodb_uri)
    services = build_services(settings, app, client)
    development = settings.environment == "development"
    graphql = GraphQLEndpoint(services, graphql_ide="graphiql" if development else None)

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
        await client.close()

    return Starlette(
        routes=[
            Route("/healthz", healthz),
            Route("/readyz", readyz),
            Route("/graphql", graphql, methods=["GET", "POST"]),
            *export_routes(services),
        ],
        middleware=[
            Middleware(CorrelationIdMiddleware),
            Middleware(AuthenticationMiddleware, settings=settings, graphiql=development),
        ],
        lifespan=lifespan,
    )
