"""One parser for the audit trail's filters, shared by every way to read the trail: the
command line (`postmortems export-audit --postmortem --actor --event-type --from --to`), the
HTTP export (`/exports/audit.csv|ndjson?postmortemId=&actorId=&eventType=&from=&to=`) and
GraphQL (`auditTrail(filter: {postmortemId, actorId, eventType, from, to})`).

The same input means the same thing everywhere, and the same mistake is refused everywhere:
- a postmortem id must be a UUID (any case; kept in its canonical lower-case form);
- an actor id is a user id, compared like every user id (service/domain/text.py `user_key`:
  trimmed, NFKC, case-folded, so " ALICE " is `alice`);
- an event type must be one of the events' names (any case: `published` is `Published`);
- times must be ISO 8601 with a time zone, and `from` before `to` (a half-open range);
- an empty value is no filter.

A refusal is an `InvalidAuditFilter` naming the filter by its canonical name (postmortemId,
actorId, eventType, from, to); each surface renames it to what its user typed.
"""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from projections.audit_log.queries import AuditFilter
from service.domain import events  # the package: IncidentImported is loaded too
from service.domain.instants import InvalidInstant, MissingTimeZone, parse_instant
from service.domain.text import TextKind, problem, user_key

FILTER_NAMES = ("postmortemId", "actorId", "eventType", "from", "to")


# Every event type an audit entry can have (the import's event too), sorted.
EVENT_TYPES: tuple[str, ...] = tuple(events.event_type_names())
_BY_FOLDED = {name.casefold(): name for name in EVENT_TYPES}


class InvalidAuditFilter(ValueError):
    """A filter value is refused; `name` is the filter's canonical name, `problem` what is
    wrong with it."""

    def __init__(self, name: str, problem: str) -> None:
        super().__init__(f"{name} {problem}")
        self.name = name
        self.problem = problem

    def renamed(self, names: dict[str, str]) -> str:
        """Returns the message with the filter named as a surface names it."""
        return f"{names.get(self.name, self.name)} {self.problem}"


def parse_audit_filter(
    *,
    postmortem_id: str | None = None,
    actor_id: str | None = None,
    event_type: str | None = None,
    since: str | datetime | None = None,
    until: str | datetime | None = None,
) -> AuditFilter:
    """Returns the filter the values name, or raises InvalidAuditFilter for the first value
    that is refused (see the module docstring)."""
    start, end = _instant("from", since), _instant("to", until)
    if start is not None and end is not None and start >= end:
        raise InvalidAuditFilter("from", "must be before to (entries in [from, to))")
    return AuditFilter(
        postmortem_id=_postmortem_id(postmortem_id),
        actor_id=_actor_id(actor_id),
        event_type=_event_type(event_type),
        since=start,
        until=end,
    )


def _blank(value: str | None) -> bool:
    return value is None or not value.strip()


def _postmortem_id(value: str | None) -> str | None:
    if value is None or _blank(value):
        return None
    try:
        return str(UUID(value.strip()))
    except ValueError:
        raise InvalidAuditFilter(
            "postmortemId", f"must be a postmortem id (a UUID), not {value[:40]!r}"
        ) from None


def _actor_id(value: str | None) -> str | None:
    if value is None or _blank(value):
        return None
    key = user_key(value)
    if (wrong := problem(key, TextKind.USER)) is not None:
        raise InvalidAuditFilter("actorId", wrong)
    return key


def _event_type(value: str | None) -> str | None:
    if value is None or _blank(value):
        return None
    name = _BY_FOLDED.get(value.strip().casefold())
    if name is None:
        known = ", ".join(repr(name) for name in EVENT_TYPES)
        raise InvalidAuditFilter("eventType", f"{value[:40]!r} is not one of {known} (any case)")
    return name


def _instant(name: str, value: str | datetime | None) -> datetime | None:
    if isinstance(value, datetime):
        if value.tzinfo is None:
            raise InvalidAuditFilter(name, "must carry a time zone (e.g. a trailing Z)")
        return value
    if value is None or _blank(value):
        return None
    try:
        return parse_instant(value.strip())
    except MissingTimeZone:
        raise InvalidAuditFilter(name, "must carry a time zone (e.g. a trailing Z)") from None
    except InvalidInstant:
        raise InvalidAuditFilter(
            name, f"must be an ISO 8601 date-time like 2026-01-31T00:00:00Z, not {value[:40]!r}"
        ) from None
