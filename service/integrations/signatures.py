"""Authenticating webhook deliveries: HMAC-SHA256 signatures and shared tokens.

Every comparison is constant-time (`hmac.compare_digest`); several secrets may be valid at
once, so a secret can be rotated without downtime (add the new one, switch the sender,
remove the old one).
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Sequence
from datetime import UTC, datetime


class SignatureRejected(Exception):
    """The delivery is not authentic (missing, bad or too old); answered with 401."""


def hmac_hex(secret: str, message: bytes) -> str:
    """Returns the hex HMAC-SHA256 of `message` under `secret` (UTF-8)."""
    return hmac.new(secret.encode("utf-8"), message, hashlib.sha256).hexdigest()


def _v1_signatures(header: str | None) -> list[str]:
    """Returns the `v1=` signatures of a comma-separated header (other versions ignored)."""
    if not header:
        raise SignatureRejected("the signature header is missing")
    found = [
        part.strip()[3:].lower() for part in header.split(",") if part.strip().startswith("v1=")
    ]
    if not found:
        raise SignatureRejected("the signature header has no v1 signature")
    return found[:16]


def _any_matches(signatures: Sequence[str], expected: Sequence[str]) -> bool:
    matched = False
    for signature in signatures:
        for candidate in expected:
            matched |= hmac.compare_digest(signature.encode(), candidate.encode())
    return matched


def verify_pagerduty(body: bytes, header: str | None, secrets: Sequence[str]) -> None:
    """Checks `X-PagerDuty-Signature`: one or more `v1=<hex HMAC-SHA256 of the raw body>`,
    comma-separated (several while PagerDuty rotates its secret); one must match one of our
    secrets (PagerDuty developer docs, "Verifying Signatures"). Raises SignatureRejected."""
    expected = [hmac_hex(secret, body) for secret in secrets]
    if not _any_matches(_v1_signatures(header), expected):
        raise SignatureRejected("no signature matches: the body was altered or signed with "
                                "another secret")  # fmt: skip


def verify_timestamped(
    body: bytes,
    timestamp: str | None,
    header: str | None,
    secrets: Sequence[str],
    *,
    tolerance_seconds: float,
    now: datetime | None = None,
) -> datetime:
    """Checks the generic webhook's `X-Webhook-Timestamp` (Unix seconds) and
    `X-Webhook-Signature` (`v1=<hex HMAC-SHA256 of "<timestamp>." + raw body>`, comma-
    separated for rotation); a timestamp further than `tolerance_seconds` from now is
    refused, so a captured delivery cannot be replayed later. Returns the signed time;
    raises SignatureRejected."""
    if not timestamp:
        raise SignatureRejected("the X-Webhook-Timestamp header is missing")
    if not timestamp.isdigit() or len(timestamp) > 12:
        raise SignatureRejected("X-Webhook-Timestamp must be Unix seconds")
    signatures = _v1_signatures(header)
    message = timestamp.encode("ascii") + b"." + body
    if not _any_matches(signatures, [hmac_hex(secret, message) for secret in secrets]):
        raise SignatureRejected("no signature matches: the body or timestamp was altered or "
                                "signed with another secret")  # fmt: skip
    signed_at = datetime.fromtimestamp(int(timestamp), UTC)
    check_age(signed_at, tolerance_seconds, now=now, what="the signature")
    return signed_at


def verify_token(header: str | None, tokens: Sequence[str]) -> None:
    """Checks a shared token sent in a header (for senders that cannot sign, like Opsgenie's
    webhook integration, which sends fixed custom headers). Raises SignatureRejected."""
    if not header:
        raise SignatureRejected("the X-Webhook-Token header is missing")
    if not _any_matches([header.strip()], list(tokens)):
        raise SignatureRejected("the token does not match")


def check_age(
    moment: datetime, max_age_seconds: float, *, now: datetime | None = None, what: str
) -> None:
    """Refuses a signed time older than `max_age_seconds` (or as far in the future: clocks
    drift, but not that much). Raises SignatureRejected."""
    now = now or datetime.now(UTC)
    age = (now - moment).total_seconds()
    if age > max_age_seconds:
        raise SignatureRejected(f"{what} is too old ({int(age)} s; at most {max_age_seconds:g} s)")
    if -age > max_age_seconds:
        raise SignatureRejected(f"{what} is in the future ({int(-age)} s ahead)")
