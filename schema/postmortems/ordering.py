"""The postmortem list's `orderBy` input."""

from __future__ import annotations

from enum import Enum

import strawberry

from projections.postmortems.ordering import Order, OrderField


@strawberry.enum(description="What the postmortem list is sorted by; ties go by id.")
class PostmortemOrderField(Enum):
    INCIDENT_START = strawberry.enum_value(
        "INCIDENT_START", description="When the incident started (the default)."
    )
    CREATED = strawberry.enum_value("CREATED", description="When the postmortem was created.")
    UPDATED = strawberry.enum_value(
        "UPDATED",
        description="When the postmortem last changed (for readers who may not see an "
        "amendment in progress: when the revision they see was published).",
    )
    SEVERITY = strawberry.enum_value(
        "SEVERITY",
        description="Severity, then incident start: descending lists SEV1 first and, within "
        "a severity, the newest incident first.",
    )


@strawberry.enum(description="Sort direction.")
class OrderDirection(Enum):
    ASC = strawberry.enum_value("ASC", description="Oldest (or least severe) first.")
    DESC = strawberry.enum_value("DESC", description="Newest (or most severe) first.")


@strawberry.input(
    description="How the postmortem list is sorted. Readers who may not see an amendment in "
    "progress sort it by the published revision's values, which is what they are shown."
)
class PostmortemOrder:
    field: PostmortemOrderField = PostmortemOrderField.INCIDENT_START
    direction: OrderDirection = OrderDirection.DESC


def list_order(value: PostmortemOrder | None) -> Order:
    """Returns the read-model order of the GraphQL input (default: newest incident first)."""
    if value is None:
        return Order()
    return Order(
        field=OrderField(value.field.name), descending=value.direction is OrderDirection.DESC
    )
