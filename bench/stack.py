"""The service's HTTP stack (same middleware, same GraphQL endpoint class) around any schema.

Keep the middleware list in step with service/api/app.py."""

from __future__ import annotations

import dataclasses
from typing import Any, cast

import strawberry
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route
from strawberry.asgi import GraphQL

from projections.dependencies import Dependencies
from schema.schema import build_schema
from service.api.auth import Authenticator
from service.api.graphql import GraphQLEndpoint
from service.api.middleware.authentication import AuthenticationMiddleware
from service.api.middleware.body_limit import BodySizeLimitMiddleware
from service.api.middleware.correlation import CorrelationIdMiddleware
from service.api.middleware.cors import cors_middleware
from service.api.middleware.request_log import RequestLogMiddleware
from service.api.middleware.secure_headers import SecureHeadersMiddleware
from service.api.middleware.unhandled import UnhandledErrorMiddleware
from service.config import Settings

# The service schema's extensions in production (security limits, error masking, parse and
# validation caches).
SAME_EXTENSIONS = list(build_schema(production=True).extensions)


class _Endpoint(GraphQLEndpoint):
    def __init__(self, schema: strawberry.Schema, deps: Dependencies) -> None:
        GraphQL.__init__(self, schema, graphql_ide=None)
        self.deps = deps
        self.authenticator = Authenticator(deps.settings)


def app_with_schema(settings: Settings, schema: strawberry.Schema, **deps: Any) -> Starlette:
    """Returns a Starlette app with the service's middleware serving `schema` at /graphql."""
    # Every service the schema does not use is None (the floor and CRUD resolvers need none).
    fields: dict[str, Any] = {
        f.name: None
        for f in dataclasses.fields(Dependencies)
        if f.default is dataclasses.MISSING and f.name != "settings"
    }
    fields.update(deps)
    endpoint = _Endpoint(schema, cast(Any, Dependencies)(settings=settings, **fields))

    async def healthz(_: Request) -> JSONResponse:
        return JSONResponse({"status": "ok"})

    development = settings.environment == "development"
    return Starlette(
        routes=[Route("/healthz", healthz), Route("/graphql", endpoint, methods=["POST"])],
        middleware=[
            Middleware(CorrelationIdMiddleware),
            Middleware(RequestLogMiddleware),
            Middleware(SecureHeadersMiddleware, production=not development),
            Middleware(UnhandledErrorMiddleware),
            cors_middleware(settings.cors_origins),
            Middleware(
                AuthenticationMiddleware, authenticator=endpoint.authenticator, graphiql=False
            ),
            Middleware(BodySizeLimitMiddleware, max_bytes=settings.max_body_bytes),
        ],
    )
