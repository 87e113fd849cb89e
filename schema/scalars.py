"""Strict scalars: ISO 8601 only (strawberry's default DateTime also takes "2025" or "1")."""

from __future__ import annotations

from datetime import datetime

import strawberry
from graphql import GraphQLError

from service.domain.instants import InvalidInstant, format_instant, parse_instant


def _parse_datetime(value: object) -> datetime:
    if not isinstance(value, str):
        raise GraphQLError(f"DateTime must be an ISO 8601 string, not {type(value).__name__}")
    try:
        # Passed on naive: the domain reports it with the other field problems, all at once.
        return parse_instant(value, require_zone=False)
    except InvalidInstant:
        raise GraphQLError(
            f"invalid DateTime {value[:40]!r}: expected ISO 8601 like 2025-07-15T17:42:00Z"
        ) from None


def _serialize_datetime(value: datetime) -> str:
    return format_instant(value)


# Overrides strawberry's lenient DateTime parser (dateutil's isoparse).
AwareDateTime = strawberry.scalar(
    name="DateTime",
    description="ISO 8601 date and time with a time zone, e.g. 2025-07-15T17:42:00Z; kept "
    "to the millisecond (finer digits are dropped), answered in UTC.",
    serialize=_serialize_datetime,
    parse_value=_parse_datetime,
)

SCALAR_OVERRIDES: dict[object, object] = {datetime: AwareDateTime}
