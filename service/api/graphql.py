"""The `/graphql` endpoint: strawberry's ASGI app with our per-request context."""

from __future__ import annotations

import re
import uuid
from typing import Any

from cross_web import AsyncHTTPRequestAdapter
from starlette.requests import Request
from starlette.responses import Response
from starlette.websockets import WebSocket
from strawberry.asgi import GraphQL
from strawberry.http import GraphQLRequestData
from strawberry.types import ExecutionResult, SubscriptionExecutionResult

from schema.context import Context, Services
from service.api.auth import AuthenticationFailed, actor_from_header
from service.domain.values import Actor
from service.infrastructure import metrics

CORRELATION_HEADER = "x-request-id"
# The first named operation of a document, when the client sends no `operationName`.
_OPERATION = re.compile(r"\b(?:query|mutation|subscription)\s+([A-Za-z_][A-Za-z0-9_]*)")


class GraphQLEndpoint(GraphQL[Context, None]):
    """GraphQL over HTTP and websockets, authenticated by bearer token."""

    def __init__(self, services: Services, **kwargs: Any) -> None:
        from schema.schema import build_schema

        super().__init__(build_schema(), **kwargs)
        self.services = services

    async def get_context(
        self, request: Request | WebSocket, response: Response | WebSocket
    ) -> Context:
        """Returns a fresh context: the authenticated actor and the correlation id."""
        state = request.scope.get("state", {})
        # The authentication middleware has verified the token of an HTTP request already.
        actor: Actor | None = state.get("actor")
        if actor is None:
            try:
                actor = actor_from_header(
                    self.services.settings, request.headers.get("authorization")
                )
            except AuthenticationFailed:
                actor = None
        correlation_id = state.get("correlation_id") or str(uuid.uuid4())
        return Context(
            request=request,
            response=response,
            services=self.services,
            actor=actor,
            correlation_id=correlation_id,
        )

    async def execute_operation(
        self,
        request: Request,
        request_adapter: AsyncHTTPRequestAdapter,
        request_data: GraphQLRequestData | list[GraphQLRequestData],
        context: Context,
        root_value: None,
        sub_response: Response,
    ) -> ExecutionResult | list[ExecutionResult] | SubscriptionExecutionResult:
        """Executes the request after noting its operation name for the request log."""
        request.scope.setdefault("state", {})["graphql_operation"] = operation_label(request_data)
        return await super().execute_operation(
            request, request_adapter, request_data, context, root_value, sub_response
        )


def operation_label(request_data: GraphQLRequestData | list[GraphQLRequestData]) -> str:
    """Returns the operation name (bounded for metrics) of a request: `batch` for a batch."""
    if isinstance(request_data, list):
        return "batch"
    name = request_data.operation_name
    if not name and request_data.query:
        found = _OPERATION.search(request_data.query)
        name = found.group(1) if found else None
    return metrics.operation_label(name if isinstance(name, str) else None)
