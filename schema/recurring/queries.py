"""Recurring-incident queries: parse and bound the arguments, read the views, map to types."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Annotated
from uuid import UUID

import strawberry
from graphql import GraphQLError

from projections.recurring.clustering import DEFAULT_CLUSTER_THRESHOLD
from projections.recurring.queries import RecurringQueries
from projections.recurring.similarity import DEFAULT_THRESHOLD
from schema.context import Context
from schema.error_codes import ErrorCode
from schema.postmortems.enums import RootCauseCategory
from schema.recurring.types import (
    IncidentTrends,
    RecurrenceDespiteFix,
    RecurrenceGroup,
    RecurrenceLink,
    RecurringActionItem,
    RecurringPostmortem,
    RootCauseCluster,
    SimilarityPair,
    SimilarPostmortem,
    TimeWindowInput,
    TrendDimension,
    TrendSeries,
)
from schema.scalars import TimeZoneArgument, zone_name
from service.application.read_rules import recurring_scope
from service.domain.calendar import time_zone
from service.domain.errors import NotPermitted

DEFAULT_WINDOW_DAYS = 365
DEFAULT_ANALYSIS_WINDOW_DAYS = 90  # clusters and "despite" compare every incident of the window
MAX_ANALYSIS_WINDOW_DAYS = 731  # similarity is computed over the window: keep it bounded
MAX_TREND_MONTHS = 120
MAX_FIRST = 100


def _scope(info: strawberry.Info[Context, None], include_unpublished: bool) -> str:
    try:
        return recurring_scope(info.context.actor, include_unpublished)
    except NotPermitted as error:
        raise GraphQLError(str(error), extensions={"code": ErrorCode.FORBIDDEN}) from None


def _queries(info: strawberry.Info[Context, None]) -> RecurringQueries:
    return info.context.deps.recurring


def _bounded(name: str, value: int, low: int, high: int) -> int:
    if not low <= value <= high:
        raise GraphQLError(f"{name} must be between {low} and {high}")
    return value


def _threshold(value: float) -> float:
    if not 0.0 < value <= 1.0:
        raise GraphQLError("threshold must be greater than 0 and at most 1")
    return value


def _window(
    window: TimeWindowInput | None,
    max_days: int | None = None,
    default_days: int = DEFAULT_WINDOW_DAYS,
) -> tuple[datetime, datetime]:
    if window is None:
        end = datetime.now(UTC)
        return end - timedelta(days=default_days), end
    start, end = window.from_, window.to
    if start.tzinfo is None or end.tzinfo is None:
        raise GraphQLError("window from and to need a time zone (e.g. 2026-01-01T00:00:00Z)")
    if start >= end:
        raise GraphQLError("window from must be before to")
    if max_days is not None and end - start > timedelta(days=max_days):
        raise GraphQLError(f"window must be at most {max_days} days")
    return start, end


def check_months(from_: date, to: date, maximum: int) -> None:
    """Raises a client error unless `from`'s month to `to`'s month is 1 to `maximum` months."""
    if to < from_:
        raise GraphQLError("from must not be after to")
    if (to.year - from_.year) * 12 + to.month - from_.month >= maximum:
        raise GraphQLError(f"at most {maximum} months")


def _id(value: str) -> str:
    try:
        return str(UUID(value))
    except ValueError:
        raise GraphQLError(f"invalid id {value!r}: expected a UUID") from None


IncludeUnpublished = Annotated[
    bool,
    strawberry.argument(
        description="Include drafts and postmortems in review (reviewers, compliance officers "
        "and admins only)."
    ),
]


@strawberry.type
class RecurringQuery:
    @strawberry.field(
        description="Incidents grouped by (service, root-cause category) within a window "
        "(default: the last 365 days), groups with at least `minOccurrences`, most first."
    )
    async def recurring_incidents(
        self,
        info: strawberry.Info[Context, None],
        window: TimeWindowInput | None = None,
        min_occurrences: int = 2,
        service: str | None = None,
        category: RootCauseCategory | None = None,
        first: int = 20,
        postmortems_per_group: int = 10,
        include_unpublished: IncludeUnpublished = False,
    ) -> list[RecurrenceGroup]:
        scope = _scope(info, include_unpublished)
        start, end = _window(window)
        groups = await _queries(info).recurring_incidents(
            scope,
            start,
            end,
            min_occurrences=_bounded("minOccurrences", min_occurrences, 1, 100_000),
            service=service,
            category=None if category is None else category.value,
            first=_bounded("first", first, 1, MAX_FIRST),
            per_group=_bounded("postmortemsPerGroup", postmortems_per_group, 1, MAX_FIRST),
        )
        return [
            RecurrenceGroup(
                service=g.service,
                category=RootCauseCategory(g.category),
                count=g.count,
                first_seen=g.first_seen,
                last_seen=g.last_seen,
                postmortems=[RecurringPostmortem.from_document(d) for d in g.postmortems],
            )
            for g in groups
        ]

    @strawberry.field(
        description="Postmortems whose root cause is similar to this one's, most similar "
        "first, plus every explicitly linked one; null if not visible. Similarity is hybrid: "
        "0.8 x the cosine of sentence embeddings (all-MiniLM-L6-v2) of statement, whys and "
        "contributing factors + 0.2 x the TF-IDF cosine of title and root cause (TF-IDF alone "
        "while either has no root cause). `threshold` (0..1, default 0.3) applies to it."
    )
    async def similar_postmortems(
        self,
        info: strawberry.Info[Context, None],
        id: strawberry.ID,
        threshold: float = DEFAULT_THRESHOLD,
        first: int = 20,
        include_unpublished: IncludeUnpublished = False,
    ) -> list[SimilarPostmortem] | None:
        scope = _scope(info, include_unpublished)
        found = await _queries(info).similar_postmortems(
            scope, _id(id), _threshold(threshold), _bounded("first", first, 1, MAX_FIRST)
        )
        if found is None:
            return None
        return [
            SimilarPostmortem(
                postmortem=RecurringPostmortem.from_document(s.view),
                similarity=s.score,
                linked=s.linked,
                semantic_similarity=s.semantic,
                lexical_similarity=s.lexical,
            )
            for s in found
        ]

    @strawberry.field(
        description="Clusters of postmortems with similar root causes (or linked as "
        "recurrences) among incidents in a window (default: the last 90 days; at most 731 days), "
        "largest first. Complete linkage, no chains: every two members are at least "
        "`threshold` similar (hybrid score as in similarPostmortems; default 0.35), except "
        "that postmortems joined by 'recurrence of' links form one unit, which counts as "
        "similar to another postmortem when any of its members is."
    )
    async def similar_root_cause_clusters(
        self,
        info: strawberry.Info[Context, None],
        threshold: float = DEFAULT_CLUSTER_THRESHOLD,
        window: TimeWindowInput | None = None,
        across_services_only: bool = False,
        first: int = 20,
        include_unpublished: IncludeUnpublished = False,
    ) -> list[RootCauseCluster]:
        scope = _scope(info, include_unpublished)
        start, end = _window(window, MAX_ANALYSIS_WINDOW_DAYS, DEFAULT_ANALYSIS_WINDOW_DAYS)
        found = await _queries(info).similar_root_cause_clusters(
            scope,
            start,
            end,
            threshold=_threshold(threshold),
            across_services_only=across_services_only,
            first=_bounded("first", first, 1, MAX_FIRST),
        )
        return [
            RootCauseCluster(
                size=len(c.members),
                services=c.services,
                categories=[RootCauseCategory(x) for x in c.categories],
                postmortems=[RecurringPostmortem.from_document(d) for d in c.members],
                pairs=[
                    SimilarityPair(
                        first=strawberry.ID(p.first),
                        second=strawberry.ID(p.second),
                        similarity=p.score,
                    )
                    for p in c.pairs
                ],
                links=[
                    RecurrenceLink(first=strawberry.ID(a), second=strawberry.ID(b))
                    for a, b in c.linked
                ],
            )
            for c in found
        ]

    @strawberry.field(
        description="Incidents in a window (default: the last 90 days; at most 731 days) that "
        "started after an earlier similar or linked postmortem's action items were all "
        "closed: the fix did not hold."
    )
    async def recurred_despite_action_items(
        self,
        info: strawberry.Info[Context, None],
        window: TimeWindowInput | None = None,
        threshold: float = DEFAULT_THRESHOLD,
        first: int = 20,
        include_unpublished: IncludeUnpublished = False,
    ) -> list[RecurrenceDespiteFix]:
        scope = _scope(info, include_unpublished)
        start, end = _window(window, MAX_ANALYSIS_WINDOW_DAYS, DEFAULT_ANALYSIS_WINDOW_DAYS)
        found = await _queries(info).recurred_despite_action_items(
            scope,
            start,
            end,
            threshold=_threshold(threshold),
            first=_bounded("first", first, 1, MAX_FIRST),
        )
        return [
            RecurrenceDespiteFix(
                earlier=RecurringPostmortem.from_document(f.earlier),
                later=RecurringPostmortem.from_document(f.later),
                similarity=f.recurrence.similarity,
                linked=f.recurrence.linked,
                action_items=[
                    RecurringActionItem.from_document(i) for i in f.earlier["action_items"]
                ],
            )
            for f in found
        ]

    @strawberry.field(
        description="Incidents per month (by incident start) from `from`'s month to `to`'s "
        "month (at most 120 months), per service, category, severity or team; months are "
        "calendar months in `timeZone`."
    )
    async def incident_trends(
        self,
        info: strawberry.Info[Context, None],
        from_: Annotated[date, strawberry.argument(name="from")],
        to: date,
        group_by: TrendDimension = TrendDimension.CATEGORY,
        include_unpublished: IncludeUnpublished = False,
        time_zone_name: TimeZoneArgument = None,
    ) -> IncidentTrends:
        scope = _scope(info, include_unpublished)
        check_months(from_, to, MAX_TREND_MONTHS)
        zone = zone_name(time_zone_name, info.context.deps.settings.organisation_time_zone)
        months, series = await _queries(info).incident_trends(
            scope, from_, to, group_by.value, time_zone(zone)
        )
        return IncidentTrends(
            group_by=group_by,
            months=months,
            series=[TrendSeries(key=s.key, counts=s.counts, total=s.total) for s in series],
            time_zone=zone,
        )
