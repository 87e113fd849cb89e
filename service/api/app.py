"""Builds the Starlette application: `/graphql`, `/healthz`, `/readyz`."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route, WebSocketRoute

from service.api.exports import export_routes
from service.api.graphql import GraphQLEndpoint
from service.api.middleware.authentication import AuthenticationMiddleware
from service.api.middleware.correlation import CorrelationIdMiddleware
from service.api.readiness import readiness
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
        checks = await readiness(settings, app, services.db, services.projection_names)
        failed = sorted(name for name, result in checks.items() if result != "ok")
        return JSONResponse(
            {"status": "degraded" if failed else "ready", "checks": checks, "failed": failed},
            status_code=503 if failed else 200,
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
            WebSocketRoute("/graphql", graphql),
        ],
        middleware=[
            Middleware(CorrelationIdMiddleware),
            Middleware(AuthenticationMiddleware, settings=settings, graphiql=development),
        ],
        lifespan=lifespan,
    )
