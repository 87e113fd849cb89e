"""The one parser of ISO 8601 date-times from text (GraphQL DateTime, HTTP export parameters,
command-line options): a trailing Z means UTC; a parsed instant is returned in UTC."""

from __future__ import annotations

from datetime import UTC, datetime


class InvalidInstant(ValueError):
    """The text is not an ISO 8601 date and time."""


class MissingTimeZone(InvalidInstant):
    """The date and time carries no time zone, so it names no instant."""


def parse_instant(text: str, *, require_zone: bool = True) -> datetime:
    """Returns the instant in `text` in UTC, e.g. "2025-07-15T17:42:00Z".

    Raises InvalidInstant if it is not ISO 8601, MissingTimeZone if it has no time zone
    (with `require_zone=False` a naive value is returned as it is, for the caller to report).
    """
    try:
        parsed = datetime.fromisoformat(text)
    except ValueError:
        raise InvalidInstant(f"{text[:40]!r} is not an ISO 8601 date and time") from None
    if parsed.tzinfo is None or parsed.utcoffset() is None:
        if require_zone:
            raise MissingTimeZone(f"{text[:40]!r} has no time zone (e.g. a trailing Z)")
        return parsed
    return parsed.astimezone(UTC)
