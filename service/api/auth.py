"""Bearer-token authentication: turns an `Authorization` header into an Actor."""

from __future__ import annotations

import time
from collections.abc import Iterable

import jwt

from service.config import Settings
from service.domain.values import Actor

ROLES = frozenset({"author", "reviewer", "compliance", "admin"})


class AuthenticationFailed(Exception):
    """The request carries no valid bearer token."""


def mint_token(
    settings: Settings, user: str, roles: Iterable[str], ttl_seconds: int = 8 * 3600
) -> str:
    """Returns a development (HS256) token for a user with roles."""
    now = int(time.time())
    claims = {
        "sub": user,
        "roles": sorted(set(roles)),
        "aud": settings.jwt_audience,
        "iss": settings.jwt_issuer,
        "iat": now,
        "nbf": now,
        "exp": now + ttl_seconds,
    }
    return jwt.encode(claims, settings.jwt_secret.get_secret_value(), algorithm="HS256")


def actor_from_header(settings: Settings, header: str | None) -> Actor:
    """Returns the actor a bearer header proves, or raises AuthenticationFailed."""
    if not header or not header.lower().startswith("bearer "):
        raise AuthenticationFailed("missing bearer token")
    token = header[7:].strip()
    try:
        claims = jwt.decode(
            token,
            settings.jwt_secret.get_secret_value(),
            algorithms=["HS256"],
            audience=settings.jwt_audience,
            issuer=settings.jwt_issuer,
            options={"require": ["sub", "exp", "aud", "iss"]},
        )
    except jwt.PyJWTError as error:
        raise AuthenticationFailed(f"invalid token: {error}") from None
    roles = claims.get("roles", [])
    if not isinstance(roles, list) or not all(isinstance(r, str) for r in roles):
        raise AuthenticationFailed("invalid token: roles must be a list of strings")
    return Actor(user_id=str(claims["sub"]), roles=frozenset(roles) & ROLES)
