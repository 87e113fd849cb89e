"""Instants: the one parser of ISO 8601 date-times from text (GraphQL DateTime, HTTP export
parameters, command-line options; a trailing Z means UTC, a parsed instant is returned in UTC),
the one precision the service keeps (milliseconds, what BSON stores) and the one text form."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any


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


def to_millis(value: datetime) -> datetime:
    """Returns the instant at the service's one precision, milliseconds (what BSON keeps,
    truncating like it does), in UTC when it has a time zone; a naive value stays naive."""
    if value.tzinfo is not None and value.utcoffset() is not None:
        value = value.astimezone(UTC)
    return value.replace(microsecond=value.microsecond // 1000 * 1000)


_LEAVES = frozenset({str, int, bool, float, type(None)})


def to_millis_in_place(document: dict[str, Any] | list[Any]) -> None:
    """Puts every datetime in fresh plain data (nested dicts and lists, changed in place) at
    millisecond precision in UTC (`to_millis`); values already so are left as they are."""
    stack: list[dict[str, Any] | list[Any]] = [document]
    while stack:
        node = stack.pop()
        items = node.items() if isinstance(node, dict) else enumerate(node)
        for key, value in items:
            if type(value) in _LEAVES:  # most values: skip the isinstance checks
                continue
            if isinstance(value, datetime):
                if value.microsecond % 1000 or (value.tzinfo is not None and value.utcoffset()):
                    node[key] = to_millis(value)  # type: ignore[index]
            elif isinstance(value, dict | list):
                stack.append(value)


def format_instant(value: datetime) -> str:
    """Returns ISO 8601 text of an instant, with milliseconds when it has a fraction of a
    second ("2026-11-27T10:00:00.120+00:00", "2026-11-27T10:00:00+00:00")."""
    return value.isoformat(timespec="milliseconds" if value.microsecond else "seconds")
