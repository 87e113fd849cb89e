"""Bearer-token authentication: turns an `Authorization` header into an Actor.

Development and tests: HS256 tokens signed with `JWT_SECRET` (`postmortems token`).
Production: tokens from an OIDC identity provider, signed with RS256/ES256 keys that are
fetched from `JWKS_URL` (see `service.api.jwks`). Either way issuer, audience, expiry and
not-before are checked; the two modes never mix (no HS256 once a JWKS is configured).
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import jwt

from service.api.jwks import JwksKeys, JwksUnavailable
from service.config import Settings
from service.domain import text
from service.domain.actors import INTEGRATION_PREFIX
from service.domain.text import TextKind
from service.domain.values import Actor

ROLES = frozenset({"author", "reviewer", "compliance", "admin"})
# Tolerated clock difference between the identity provider and us, in seconds.
LEEWAY_SECONDS = 30
MAX_SUBJECT = 256
_REQUIRED_CLAIMS = ["sub", "exp", "aud", "iss"]


class AuthenticationFailed(Exception):
    """The request carries no valid bearer token."""


@dataclass(frozen=True)
class Verified:
    """What a valid bearer token proves: who, and until when (`exp` plus the clock leeway, in
    seconds since the epoch: the last moment the token is accepted)."""

    actor: Actor
    valid_until: float


def _verified(settings: Settings, claims: Mapping[str, Any]) -> Verified:
    return Verified(_actor(settings, claims), float(claims["exp"]) + LEEWAY_SECONDS)


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


def bearer_token(header: str | None) -> str:
    """Returns the token in an `Authorization: Bearer …` header, or raises."""
    if not header or not header.lower().startswith("bearer "):
        raise AuthenticationFailed("missing bearer token")
    token = header[7:].strip()
    if not token:
        raise AuthenticationFailed("missing bearer token")
    return token


def roles_from_claims(claims: Mapping[str, Any], claim_path: str) -> frozenset[str]:
    """Returns the known roles in the claim at `claim_path` (exact name first, then dotted)."""
    value: Any = claims.get(claim_path)
    if value is None and "." in claim_path:
        value = claims
        for part in claim_path.split("."):
            value = value.get(part) if isinstance(value, Mapping) else None
    if value is None:
        return frozenset()
    if isinstance(value, str):
        value = value.replace(",", " ").split()
    if not isinstance(value, list) or not all(isinstance(r, str) for r in value):
        raise AuthenticationFailed("invalid token: roles must be a list of strings")
    return frozenset(value) & ROLES


def subject_problem(subject: object) -> str | None:
    """Returns why a token subject (a user id) is refused, or None: it must be a non-empty
    string of at most 256 characters whose canonical form (service/domain/text.py: trimmed,
    NFKC, case-folded) holds no control or invisible character, and not a reserved id (the
    `integration:` ids of the incident webhooks). One rule for the tokens the API accepts and
    those `postmortems token` and `/auth/dev-token` mint."""
    if not isinstance(subject, str) or not subject.strip() or len(subject) > MAX_SUBJECT:
        return f"must be a non-empty string of at most {MAX_SUBJECT} characters"
    key = text.user_key(subject)
    if (problem := text.problem(key, TextKind.USER)) is not None:
        return problem
    if key.startswith(INTEGRATION_PREFIX):
        return f"must not start with {INTEGRATION_PREFIX!r} (reserved for incident webhooks)"
    return None


def _actor(settings: Settings, claims: Mapping[str, Any]) -> Actor:
    """Returns the token's actor; its user id is the subject in canonical form (service/domain/
    text.py: trimmed, NFKC, case-folded), refused as `subject_problem` says."""
    subject = claims.get("sub")
    if (problem := subject_problem(subject)) is not None:
        raise AuthenticationFailed(f"invalid token: sub {problem}")
    assert isinstance(subject, str)
    return Actor(user_id=subject, roles=roles_from_claims(claims, settings.roles_claim))


def _decode(settings: Settings, token: str, key: Any, algorithms: list[str]) -> dict[str, Any]:
    try:
        claims: dict[str, Any] = jwt.decode(
            token,
            key,
            algorithms=algorithms,
            audience=settings.jwt_audience,
            issuer=settings.jwt_issuer,
            leeway=LEEWAY_SECONDS,
            options={"require": _REQUIRED_CLAIMS},
        )
    except jwt.PyJWTError as error:
        raise AuthenticationFailed(f"invalid token: {error}") from None
    return claims


def actor_from_header(settings: Settings, header: str | None) -> Actor:
    """Returns the actor an HS256 (development) bearer header proves, or raises."""
    return verify_hs256(settings, header).actor


def verify_hs256(settings: Settings, header: str | None) -> Verified:
    """Returns what an HS256 (development) bearer header proves, or raises."""
    if settings.jwks_url:
        raise AuthenticationFailed("HS256 tokens are not accepted when JWKS_URL is set")
    token = bearer_token(header)
    secret = settings.jwt_secret.get_secret_value()
    return _verified(settings, _decode(settings, token, secret, ["HS256"]))


class Authenticator:
    """Verifies bearer tokens for one service: HS256, or JWKS-signed when `JWKS_URL` is set."""

    def __init__(self, settings: Settings, keys: JwksKeys | None = None) -> None:
        self.settings = settings
        self.keys = keys
        if keys is None and settings.jwks_url:
            self.keys = JwksKeys(settings.jwks_url, cache_seconds=settings.jwks_cache_seconds)

    async def authenticate(self, header: str | None) -> Actor:
        """Returns the actor a bearer header proves, or raises AuthenticationFailed."""
        return (await self.verify(header)).actor

    async def verify(self, header: str | None) -> Verified:
        """Returns who a bearer header proves and until when, or raises AuthenticationFailed."""
        if self.keys is None:
            return verify_hs256(self.settings, header)
        token = bearer_token(header)
        try:
            unverified = jwt.get_unverified_header(token)
        except jwt.PyJWTError as error:
            raise AuthenticationFailed(f"invalid token: {error}") from None
        algorithm = unverified.get("alg")
        if algorithm not in self.settings.jwt_algorithms:
            raise AuthenticationFailed(f"invalid token: algorithm {algorithm!r} is not accepted")
        kid = unverified.get("kid")
        if not isinstance(kid, str) or not kid:
            raise AuthenticationFailed("invalid token: no key id (kid)")
        try:
            key = await self.keys.key(kid, algorithm)
        except JwksUnavailable as error:
            raise AuthenticationFailed(f"cannot verify token: {error}") from None
        if key is None:
            raise AuthenticationFailed("invalid token: no key with this id for this algorithm")
        return _verified(self.settings, _decode(self.settings, token, key, [algorithm]))

    async def aclose(self) -> None:
        """Closes the JWKS HTTP client, if any."""
        if self.keys is not None:
            await self.keys.aclose()
