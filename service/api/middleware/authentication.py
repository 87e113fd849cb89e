"""Refuses unauthenticated HTTP requests to protected paths with 401."""

from __future__ import annotations

import logging

from starlette.requests import Request
from starlette.types import ASGIApp, Receive, Scope, Send

from schema.error_codes import ErrorCode
from service.api.auth import AuthenticationFailed, Authenticator
from service.api.errors import error_response
from service.api.sign_in import CONFIG_PATH, DEV_TOKEN_PATH
from service.api.webapp import is_app_path

# `/metrics` is for the scraper; it checks METRICS_TOKEN itself when that is set. The sign-in
# endpoints are what a browser calls before it has a token.
PUBLIC_PATHS = frozenset({"/healthz", "/readyz", "/metrics", CONFIG_PATH, DEV_TOKEN_PATH})
GRAPHIQL_ASSETS = "/graphiql/"  # the development GraphiQL page's scripts and styles
# Incident-platform webhooks carry no bearer token: each delivery is signed instead, and
# the endpoint refuses unsigned ones (service/api/webhooks.py).
SIGNED_PATH_PREFIX = "/webhooks/"
log = logging.getLogger(__name__)


class AuthenticationMiddleware:
    """Every HTTP request needs a valid bearer token, except health checks, signed webhooks,
    the sign-in endpoints, CORS preflights, the web app's files (GETs outside the API paths),
    and the GraphiQL page itself (a GET for HTML without a query) and its static assets,
    which have no data in them.
    The proven actor is stored in `scope["state"]["actor"]` for the endpoint."""

    def __init__(self, app: ASGIApp, authenticator: Authenticator, *, graphiql: bool) -> None:
        self.app = app
        self.authenticator = authenticator
        self.graphiql = graphiql

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        path = scope.get("path", "")
        if (
            scope["type"] != "http"
            or path in PUBLIC_PATHS
            or path.startswith(SIGNED_PATH_PREFIX)
            or is_app_path(scope)
        ):
            await self.app(scope, receive, send)
            return
        request = Request(scope)
        if self.graphiql and (
            self._is_ide_page(request) or scope["path"].startswith(GRAPHIQL_ASSETS)
        ):
            await self.app(scope, receive, send)
            return
        try:
            actor = await self.authenticator.authenticate(request.headers.get("authorization"))
        except AuthenticationFailed as error:
            state = scope.get("state", {})
            correlation_id = state.get("correlation_id")
            log.info(
                "refused unauthenticated request (correlation id %s): %s", correlation_id, error
            )
            response = error_response(
                401,
                ErrorCode.UNAUTHENTICATED,
                str(error),
                scope=scope,
                headers={"WWW-Authenticate": 'Bearer realm="postmortems"'},
            )
            await response(scope, receive, send)
            return
        state = scope.setdefault("state", {})
        state["actor"] = actor  # for the GraphQL context (the token is verified once)
        state["user"] = actor.user_id  # for the request log
        await self.app(scope, receive, send)

    @staticmethod
    def _is_ide_page(request: Request) -> bool:
        return (
            request.method == "GET"
            and "query" not in request.query_params
            and "text/html" in request.headers.get("accept", "")
        )
