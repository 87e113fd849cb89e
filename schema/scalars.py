"""Strict scalars: ISO 8601 only (strawberry's default DateTime also takes "2025" or "1"), and
with a time zone (a date and time without one names no instant).

One exception, for mutations only: a DateTime without a time zone reaches the command, whose
rules report it as a field problem together with every other problem of the input
(`ValidationError.fields`: "must be a timezone-aware date and time"). Everywhere else (query
and subscription arguments, filters) it is refused where it is parsed: a variable with
BAD_USER_INPUT, a literal with GRAPHQL_VALIDATION_FAILED. `ZoneOptionalInMutations` (an
extension of the schema) tells the scalar which operation it parses for.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextvars import ContextVar
from datetime import datetime
from typing import Annotated, NewType

import strawberry
from graphql import GraphQLError
from strawberry.extensions import SchemaExtension
from strawberry.types.graphql import OperationType

from service.domain.calendar import UnknownTimeZone, time_zone
from service.domain.instants import InvalidInstant, MissingTimeZone, format_instant, parse_instant

# True while a mutation is validated or executed (set per operation, never shared).
_ZONE_OPTIONAL: ContextVar[bool] = ContextVar("datetime_zone_optional", default=False)


def _parse_datetime(value: object) -> datetime:
    if not isinstance(value, str):
        raise GraphQLError(f"DateTime must be an ISO 8601 string, not {type(value).__name__}")
    try:
        return parse_instant(value, require_zone=not _ZONE_OPTIONAL.get())
    except MissingTimeZone:
        raise GraphQLError(
            f"DateTime {value[:40]!r} has no time zone: add one, e.g. 2025-07-15T17:42:00Z"
        ) from None
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
    "to the millisecond (finer digits are dropped), answered in UTC. Without a time zone it "
    "is refused (in a mutation's input, as a field problem of its ValidationError).",
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


class ZoneOptionalInMutations(SchemaExtension):
    """Lets a DateTime without a time zone through to a mutation's command (see the module
    docstring) while the mutation is validated and executed; strict for everything else."""

    def on_validate(self) -> Iterator[None]:
        """Literals are parsed while the document is validated."""
        yield from self._parsing()

    def on_execute(self) -> Iterator[None]:
        """Variables and literals are parsed again when the operation runs."""
        yield from self._parsing()

    def _parsing(self) -> Iterator[None]:
        try:
            mutation = self.execution_context.operation_type is OperationType.MUTATION
        except RuntimeError:
            mutation = False  # no such operation: validation reports it
        _ZONE_OPTIONAL.set(mutation)
        try:
            yield
        finally:
            _ZONE_OPTIONAL.set(False)
