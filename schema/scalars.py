"""Strict scalars: ISO 8601 only (strawberry's default DateTime also takes "2025" or "1")."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, NewType

import strawberry
from graphql import GraphQLError

from service.domain.calendar import UnknownTimeZone, time_zone
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


def _parse_time_zone(value: object) -> str:
    if not isinstance(value, str):
        raise GraphQLError(f"TimeZone must be a string, not {type(value).__name__}")
    try:
        time_zone(value)
    except UnknownTimeZone as error:
        raise GraphQLError(str(error)) from None
    return value


# An IANA zone name (validated when parsed); a scalar of its own, so that the SDL says so.
TimeZone = NewType("TimeZone", str)
TimeZoneScalar = strawberry.scalar(
    name="TimeZone",
    description="An IANA time zone name, e.g. Europe/Paris, Asia/Kolkata or UTC (at most 64 "
    "characters, exact letter case). It decides calendar days and months; an unknown name is "
    "a validation error.",
    serialize=str,
    parse_value=_parse_time_zone,
)


TimeZoneArgument = Annotated[
    TimeZone | None,
    strawberry.argument(
        name="timeZone",
        description="The IANA time zone whose calendar days and months count (default: the "
        "organisation's, the ORGANISATION_TIME_ZONE setting).",
    ),
]


def zone_name(requested: str | None, organisation_default: str) -> TimeZone:
    """Returns the zone a query counts in: the one it names, else the organisation's."""
    return TimeZone(requested if requested is not None else organisation_default)


SCALAR_OVERRIDES: dict[object, object] = {datetime: AwareDateTime, TimeZone: TimeZoneScalar}
