"""The `/graphql` endpoint: strawberry's ASGI app with our per-request context."""

from __future__ import annotations

import json
import re
import uuid
from typing import Any

from cross_web import AsyncHTTPRequestAdapter, HTTPException
from graphql import GraphQLError, OperationType, get_operation_ast, parse
from starlette.requests import Request
from starlette.responses import Response
from starlette.types import Receive, Scope, Send
from starlette.websockets import WebSocket
from strawberry.asgi import GraphQL
from strawberry.exceptions import ConnectionRejectionError
from strawberry.http import GraphQLHTTPResponse, GraphQLRequestData
from strawberry.subscriptions import GRAPHQL_TRANSPORT_WS_PROTOCOL
from strawberry.types import ExecutionResult, SubscriptionExecutionResult
from strawberry.types.unset import UnsetType

from projections.dependencies import Dependencies
from schema.context import Context
from schema.hardening import MAX_TOKENS, mask_errors
from service.api.auth import AuthenticationFailed, Authenticator
from service.api.errors import status_error
from service.api.graphiql import graphiql_page
from service.api.websocket import TokenBoundHandler
from service.domain.values import Actor
from service.infrastructure import metrics

CORRELATION_HEADER = "x-request-id"
# The first named operation of a document, when the client sends no `operationName`.
_OPERATION = re.compile(r"\b(?:query|mutation|subscription)\s+([A-Za-z_][A-Za-z0-9_]*)")


class GraphQLEndpoint(GraphQL[Context, None]):
    """GraphQL over HTTP and websockets, authenticated by bearer token (a websocket is closed
    when its token expires: service/api/websocket.py)."""

    graphql_transport_ws_handler_class = TokenBoundHandler

    def __init__(
        self, deps: Dependencies, authenticator: Authenticator | None = None, **kwargs: Any
    ) -> None:
        from schema.schema import build_schema

        settings = deps.settings
        schema = build_schema(
            production=settings.environment == "production",
            max_string_bytes=settings.max_string_bytes,
        )
        kwargs.setdefault("subscription_protocols", (GRAPHQL_TRANSPORT_WS_PROTOCOL,))
        super().__init__(schema, **kwargs)
        self.deps = deps
        self.authenticator = authenticator or Authenticator(settings)

    @property
    def graphql_ide_html(self) -> str:
        """Returns the development GraphiQL page (assets served by the service itself)."""
        return graphiql_page()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Answers HTTP requests the GraphQL layer refuses before running anything (a body that
        is not UTF-8 or not JSON, no query, a wrong method or content type) in the one JSON
        error envelope (service/api/errors.py), with the request's correlation id."""
        if scope["type"] != "http":
            await super().__call__(scope, receive, send)
            return
        try:
            response = await self.run(Request(scope=scope, receive=receive))
        except HTTPException as error:
            response = status_error(error.status_code, error.reason, scope=scope)
        await response(scope, receive, send)

    def decode_json(self, data: str | bytes) -> object:
        """Parses a JSON body, which must be UTF-8 (RFC 8259 §8.1); invalid UTF-8 and absurdly
        nested JSON are client errors (400), not a crash. A lone surrogate escape (\\ud800) is
        valid JSON: what it reaches refuses it (intake.py for commands, `TextArguments` for
        query arguments)."""
        if isinstance(data, bytes):
            try:
                data = data.decode("utf-8")
            except UnicodeDecodeError as error:
                raise HTTPException(
                    400, f"request body is not valid UTF-8 (byte {error.start + 1})"
                ) from None
        try:
            return json.loads(data)
        except RecursionError:
            raise HTTPException(400, "request body is not valid JSON: nested too deeply") from None
        except json.JSONDecodeError as error:
            raise HTTPException(
                400,
                f"request body is not valid JSON: {error.msg} (line {error.lineno}, "
                f"column {error.colno})",
            ) from None

    async def get_context(
        self, request: Request | WebSocket, response: Response | WebSocket
    ) -> Context:
        """Returns a fresh context: the authenticated actor and the correlation id."""
        state = request.scope.get("state", {})
        actor: Actor | None = state.get("actor")
        valid_until: float | None = None
        if actor is None:
            # Websockets are not covered by the HTTP middleware: check the header here.
            try:
                verified = await self.authenticator.verify(request.headers.get("authorization"))
            except AuthenticationFailed:
                pass
            else:
                actor, valid_until = verified.actor, verified.valid_until
        correlation_id = state.get("correlation_id") or str(uuid.uuid4())
        return Context(
            request=request,
            response=response,
            deps=self.deps,
            actor=actor,
            correlation_id=correlation_id,
            token_valid_until=valid_until,
        )

    async def on_ws_connect(self, context: Context) -> UnsetType | dict[str, object] | None:
        """Accepts a websocket only with a valid bearer token: in the upgrade request's
        `Authorization` header, or in the `connection_init` payload (`Authorization`)."""
        if context.actor is None:
            params = context.connection_params or {}
            header = params.get("Authorization") or params.get("authorization")
            try:
                verified = await self.authenticator.verify(
                    header if isinstance(header, str) else None
                )
            except AuthenticationFailed as error:
                raise ConnectionRejectionError({"message": str(error)}) from None
            context.actor, context.token_valid_until = verified.actor, verified.valid_until
        return await super().on_ws_connect(context)

    async def process_result(
        self, request: Request, result: ExecutionResult
    ) -> GraphQLHTTPResponse:
        """Returns the HTTP body; errors are masked again in case one escaped the schema."""
        if result.errors:
            correlation_id = request.scope.get("state", {}).get("correlation_id")
            result.errors = mask_errors(result.errors, correlation_id)
        return await super().process_result(request, result)

    async def execute_operation(
        self,
        request: Request,
        request_adapter: AsyncHTTPRequestAdapter,
        request_data: GraphQLRequestData | list[GraphQLRequestData],
        context: Context,
        root_value: None,
        sub_response: Response,
    ) -> ExecutionResult | list[ExecutionResult] | SubscriptionExecutionResult:
        """Executes the request after noting its operation name for the request log; a
        subscription is refused (400): it runs over a websocket, not plain HTTP."""
        request.scope.setdefault("state", {})["graphql_operation"] = operation_label(request_data)
        if not isinstance(request_data, list) and is_subscription(request_data):
            raise HTTPException(400, SUBSCRIPTION_OVER_HTTP)
        return await super().execute_operation(
            request, request_adapter, request_data, context, root_value, sub_response
        )


SUBSCRIPTION_OVER_HTTP = (
    "a subscription runs over a websocket at /graphql with the graphql-transport-ws protocol; "
    "plain HTTP answers queries and mutations"
)


def is_subscription(request_data: GraphQLRequestData) -> bool:
    """Tells whether the operation a request would run is a subscription (False when the
    document does not parse or names no single operation: running it reports that)."""
    query = request_data.query
    if not isinstance(query, str) or "subscription" not in query:
        return False
    try:
        document = parse(query, max_tokens=MAX_TOKENS)
    except GraphQLError:
        return False
    name = request_data.operation_name
    operation = get_operation_ast(document, name if isinstance(name, str) else None)
    return operation is not None and operation.operation is OperationType.SUBSCRIPTION


def operation_label(request_data: GraphQLRequestData | list[GraphQLRequestData]) -> str:
    """Returns the operation name (bounded for metrics) of a request: `batch` for a batch."""
    if isinstance(request_data, list):
        return "batch"
    name = request_data.operation_name
    if not name and request_data.query:
        found = _OPERATION.search(request_data.query)
        name = found.group(1) if found else None
    return metrics.operation_label(name if isinstance(name, str) else None)
