"""What the web app needs before anyone is signed in: how to sign in (`GET /auth/config`) and,
in development only, a development token for a user id and roles (`POST /auth/dev-token`).

Neither endpoint needs a bearer token. The configuration holds nothing secret (the OIDC client
is a public client: PKCE, no client secret). The development token endpoint exists only with
`ENVIRONMENT=development` and no `JWKS_URL` (where anyone holding the development secret could
mint the same token with `postmortems token`); elsewhere it answers 404.
"""

from __future__ import annotations

import json
import re
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from schema.error_codes import ErrorCode
from service.api.auth import ROLES, mint_token, subject_problem
from service.api.errors import error_response
from service.config import Settings

CONFIG_PATH = "/auth/config"
DEV_TOKEN_PATH = "/auth/dev-token"
DEV_TOKEN_TTL_SECONDS = 8 * 3600
MAX_DEV_TOKEN_BODY = 4_096
# A user id as the dev sign-in page accepts it: letters, digits and . _ @ + - (1 to 100).
_USER_ID = re.compile(r"[A-Za-z0-9._@+-]{1,100}")


def _bad_request(message: str, request: Request) -> JSONResponse:
    return error_response(400, ErrorCode.BAD_REQUEST, message, scope=request.scope)


def web_config(settings: Settings) -> dict[str, Any]:
    """Returns the sign-in configuration the web app reads at start-up:
    `{"environment", "devSignIn", "roles", "oidc": {"issuer", "clientId", "scopes"} | null}`."""
    oidc = None
    if settings.oidc_issuer and settings.oidc_client_id:
        oidc = {
            "issuer": settings.oidc_issuer,
            "clientId": settings.oidc_client_id,
            "scopes": settings.oidc_scopes,
        }
    return {
        "environment": settings.environment,
        "devSignIn": settings.dev_sign_in,
        "roles": sorted(ROLES),
        "oidc": oidc,
    }


def parse_dev_token_request(body: bytes) -> tuple[str, list[str]]:
    """Returns the user id and roles of a dev-token request body
    (`{"userId": "alice", "roles": ["author"]}`), or raises ValueError saying what is wrong."""
    if len(body) > MAX_DEV_TOKEN_BODY:
        raise ValueError("request body too large")
    try:
        data = json.loads(body or b"null")
    except (ValueError, RecursionError):
        raise ValueError("the body must be JSON") from None
    if not isinstance(data, dict):
        raise ValueError('the body must be {"userId": "...", "roles": [...]}')
    user_id, roles = data.get("userId"), data.get("roles", [])
    if not isinstance(user_id, str) or not _USER_ID.fullmatch(user_id):
        raise ValueError("userId: 1 to 100 letters, digits or . _ @ + -")
    if (problem := subject_problem(user_id)) is not None:
        raise ValueError(f"userId {problem}")
    if not isinstance(roles, list) or not all(isinstance(role, str) for role in roles):
        raise ValueError("roles: a list of role names")
    unknown = sorted(set(roles) - ROLES)
    if unknown:
        raise ValueError(f"roles: unknown {', '.join(unknown)} (known: {', '.join(sorted(ROLES))})")
    if not roles:
        raise ValueError("roles: choose at least one")
    return user_id, sorted(set(roles))


def sign_in_routes(settings: Settings) -> list[Route]:
    """Returns `GET /auth/config`, plus `POST /auth/dev-token` when development tokens are on."""

    async def config(_: Request) -> JSONResponse:
        return JSONResponse(web_config(settings))

    async def dev_token(request: Request) -> JSONResponse:
        if "application/json" not in request.headers.get("content-type", ""):
            return _bad_request("send the request as application/json", request)
        try:
            user_id, roles = parse_dev_token_request(await request.body())
        except ValueError as error:
            return _bad_request(str(error), request)
        token = mint_token(settings, user_id, roles, ttl_seconds=DEV_TOKEN_TTL_SECONDS)
        return JSONResponse(
            {"token": token, "userId": user_id, "roles": roles, "expiresIn": DEV_TOKEN_TTL_SECONDS}
        )

    routes = [Route(CONFIG_PATH, config, methods=["GET"])]
    if settings.dev_sign_in:
        routes.append(Route(DEV_TOKEN_PATH, dev_token, methods=["POST"]))
    return routes
