"""The identity provider's signing keys (a JWKS), cached and refetched when they rotate."""

from __future__ import annotations

import asyncio
import time
from typing import Any

import httpx
from jwt import PyJWK, PyJWTError

# A token naming an unknown key id refetches the set at most this often (an attacker
# inventing key ids must not turn us into a load generator against the identity provider).
UNKNOWN_KID_COOLDOWN_SECONDS = 10.0


class JwksUnavailable(Exception):
    """The key set could not be fetched or parsed (and none is cached)."""


class JwksKeys:
    """Keys by `kid` from a JWKS URL: fetched lazily, kept for `cache_seconds`, refetched
    early when a token names a key id the cached set does not have (key rotation)."""

    def __init__(
        self,
        url: str,
        *,
        cache_seconds: float = 300.0,
        unknown_kid_cooldown: float = UNKNOWN_KID_COOLDOWN_SECONDS,
        timeout: float = 5.0,
    ) -> None:
        self.url = url
        self.cache_seconds = cache_seconds
        self.unknown_kid_cooldown = unknown_kid_cooldown
        self._client = httpx.AsyncClient(timeout=timeout, follow_redirects=False)
        self._jwks: dict[str, dict[str, Any]] = {}
        self._parsed: dict[tuple[str, str], PyJWK] = {}
        self._fetched_at: float | None = None
        self._last_unknown_refetch = -float("inf")
        self._lock = asyncio.Lock()
        self.fetches = 0

    async def key(self, kid: str, algorithm: str) -> PyJWK | None:
        """Returns the verification key for `kid` and `algorithm`, or None if there is none."""
        now = time.monotonic()
        if self._fetched_at is None or now - self._fetched_at > self.cache_seconds:
            await self._refresh(stale_since=self._fetched_at)
        elif kid not in self._jwks and now - self._last_unknown_refetch > self.unknown_kid_cooldown:
            self._last_unknown_refetch = now
            await self._refresh(stale_since=self._fetched_at)
        jwk = self._jwks.get(kid)
        if jwk is None:
            return None
        declared = jwk.get("alg")
        if declared is not None and declared != algorithm:
            return None
        cached = self._parsed.get((kid, algorithm))
        if cached is None:
            try:
                cached = PyJWK(jwk, algorithm)
            except PyJWTError:
                return None  # the key cannot verify this algorithm (e.g. an EC key for RS256)
            self._parsed[(kid, algorithm)] = cached
        return cached

    async def _refresh(self, *, stale_since: float | None) -> None:
        async with self._lock:
            if self._fetched_at != stale_since:
                return  # another request refreshed while this one waited
            try:
                keys = await self._fetch()
            except JwksUnavailable:
                if self._fetched_at is None:
                    raise
                # Keep serving the cached keys; try again after the cooldown.
                retry_in = min(self.unknown_kid_cooldown, self.cache_seconds)
                self._fetched_at = time.monotonic() - self.cache_seconds + retry_in
                return
            self._jwks = keys
            self._parsed = {}
            self._fetched_at = time.monotonic()

    async def _fetch(self) -> dict[str, dict[str, Any]]:
        self.fetches += 1
        try:
            response = await self._client.get(self.url, headers={"Accept": "application/json"})
            response.raise_for_status()
            body = response.json()
        except (httpx.HTTPError, ValueError) as error:
            raise JwksUnavailable(f"cannot fetch the JWKS: {type(error).__name__}") from None
        keys = body.get("keys") if isinstance(body, dict) else None
        if not isinstance(keys, list):
            raise JwksUnavailable("the JWKS has no `keys` list")
        return {
            key["kid"]: key
            for key in keys
            if isinstance(key, dict)
            and isinstance(key.get("kid"), str)
            and key.get("use", "sig") == "sig"
        }

    async def aclose(self) -> None:
        """Closes the HTTP client."""
        await self._client.aclose()
