"""The `/graphql` endpoint: strawberry's ASGI app with our per-request context."""

from __future__ import annotations

import uuid
from typing import Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.websockets import WebSocket
from strawberry.asgi import GraphQL
from strawberry.exceptions import ConnectionRejectionError
from strawberry.subscriptions import GRAPHQL_TRANSPORT_WS_PROTOCOL
from strawberry.types.unset import UNSET, UnsetType

from schema.context import Context, Services
from service.api.auth import AuthenticationFailed, actor_from_header
from service.domain.values import Actor

CORRELATION_HEADER = "x-request-id"


class GraphQLEndpoint(GraphQL[Context, None]):
    """GraphQL over HTTP and websockets, authenticated by bearer token."""

    def __init__(self, services: Services, **kwargs: Any) -> None:
        from schema.schema import build_schema

        kwargs.setdefault("subscription_protocols", (GRAPHQL_TRANSPORT_WS_PROTOCOL,))
        super().__init__(build_schema(), **kwargs)
        self.services = services

    async def get_context(
        self, request: Request | WebSocket, response: Response | WebSocket
    ) -> Context:
        """Returns a fresh context: the authenticated actor and the correlation id."""
        actor: Actor | None
        try:
            actor = actor_from_header(self.services.settings, request.headers.get("authorization"))
        except AuthenticationFailed:
            actor = None
        correlation_id = request.scope.get("state", {}).get("correlation_id") or str(uuid.uuid4())
        return Context(
            request=request,
            response=response,
            services=self.services,
            actor=actor,
            correlation_id=correlation_id,
        )

    async def on_ws_connect(self, context: Context) -> UnsetType | dict[str, object] | None:
        """Authenticates a websocket: a bearer token in the `connection_init` payload's
        `Authorization`, else the upgrade request's header; refuses the connection without."""
        params = context.connection_params or {}
        header = params.get("Authorization") or params.get("authorization")
        if not isinstance(header, str):
            header = context.request.headers.get("authorization")
        try:
            context.actor = actor_from_header(self.services.settings, header)
        except AuthenticationFailed:
            raise ConnectionRejectionError({"message": "authentication required"}) from None
        acknowledged: UnsetType = UNSET
        return acknowledged
