"""Builds the Starlette application: `/graphql`, `/exports`, `/healthz`, `/readyz`, `/metrics`,
the sign-in endpoints under `/auth`, and the web app at `/`."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route, WebSocketRoute

from projections.runner import Projector
from service.api.auth import Authenticator
from service.api.errors import http_exception_handler
from service.api.exports import export_routes
from service.api.graphiql import graphiql_assets
from service.api.graphql import GraphQLEndpoint
from service.api.metrics import MetricsEndpoint
from service.api.middleware.authentication import AuthenticationMiddleware
from service.api.middleware.body_limit import BodySizeLimitMiddleware
from service.api.middleware.correlation import CorrelationIdMiddleware
from service.api.middleware.cors import cors_middleware
from service.api.middleware.request_log import RequestLogMiddleware
from service.api.middleware.secure_headers import SecureHeadersMiddleware
from service.api.middleware.unhandled import UnhandledErrorMiddleware
from service.api.postmortem_exports import postmortem_export_routes
from service.api.readiness import PARKED, readiness
from service.api.sign_in import sign_in_routes
from service.api.webapp import webapp_routes
from service.api.webhooks import webhook_routes
from service.application.postmortems import PostmortemApplication
from service.application.read_rules import PUBLISHED_SCOPE
from service.bootstrap import api_dependencies
from service.config import Settings


def create_app(
    settings: Settings,
    app: PostmortemApplication,
    mongodb_uri: str,
    projector: Projector | None = None,
) -> Starlette:
    """Returns the ASGI application serving the API on the given write application (and the
    projector running in this process, if any: mutations then wait for its commits)."""
    deps = api_dependencies(settings, app, mongodb_uri, projector)
    development = settings.environment == "development"
    authenticator = Authenticator(settings)
    graphql = GraphQLEndpoint(deps, authenticator, graphql_ide="graphiql" if development else None)

    async def healthz(_: Request) -> JSONResponse:
        return JSONResponse({"status": "ok"})

    async def readyz(_: Request) -> JSONResponse:
        checks = await readiness(settings, app, deps.db, deps.projection_names)
        failed = sorted(n for n, result in checks.items() if result != "ok" and n != PARKED)
        body: dict[str, object] = {
            "status": "degraded" if failed or PARKED in checks else "ready",
            "checks": checks,
            "failed": failed,
        }
        if PARKED in checks:  # serving everyone else: degraded, not unready
            body["degraded"] = [PARKED]
        return JSONResponse(body, status_code=503 if failed else 200)

    @asynccontextmanager
    async def lifespan(_: Starlette) -> AsyncIterator[None]:
        # The published postmortems' embeddings, loaded before the first similarity query.
        warm = asyncio.create_task(deps.recurring.semantic.warm(PUBLISHED_SCOPE))
        yield
        warm.cancel()
        await authenticator.aclose()
        await deps.db.client.close()

    return Starlette(
        routes=[
            Route("/healthz", healthz),
            Route("/readyz", readyz),
            Route("/graphql", graphql, methods=["GET", "POST"]),
            WebSocketRoute("/graphql", graphql),  # authenticated in GraphQLEndpoint.on_ws_connect
            Route("/metrics", MetricsEndpoint(deps).render),
            *export_routes(deps),
            *postmortem_export_routes(deps),
            *webhook_routes(deps),
            *([graphiql_assets()] if development else []),
            *sign_in_routes(settings),
            *webapp_routes(settings),  # last: every other GET is a page of the app
        ],
        # Outermost first: every response (401 and 413 included) gets the request id and the
        # security headers; CORS preflights are answered before authentication.
        middleware=[
            Middleware(CorrelationIdMiddleware),
            Middleware(RequestLogMiddleware),
            Middleware(SecureHeadersMiddleware, production=not development),
            Middleware(UnhandledErrorMiddleware),
            cors_middleware(settings.cors_origins),
            Middleware(AuthenticationMiddleware, authenticator=authenticator, graphiql=development),
            Middleware(BodySizeLimitMiddleware, max_bytes=settings.max_body_bytes),
        ],
        lifespan=lifespan,
        # Starlette's own 404/405 in the JSON envelope, like every other error.
        exception_handlers={HTTPException: http_exception_handler},
    )
