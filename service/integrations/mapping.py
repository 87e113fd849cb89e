"""How an incident platform's values map onto a postmortem: severities, responders, text.

Shared by the PagerDuty, Opsgenie and generic adapters; configured by the IMPORT_* settings.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Any

from service.domain import Severity
from service.domain import validation as limits
from service.domain.instants import InvalidInstant, MissingTimeZone, parse_instant

DEFAULT_SEVERITY_MAP = (
    "P1=SEV1,P2=SEV2,P3=SEV3,P4=SEV4,P5=SEV4,"
    "critical=SEV1,high=SEV2,medium=SEV3,moderate=SEV3,low=SEV4,info=SEV4"
)


@dataclass(frozen=True)
class PayloadProblem:
    """One wrong field of a delivery: its path in the payload ('' for the body) and why."""

    field: str
    message: str


class PayloadInvalid(ValueError):
    """The delivery is signed correctly but does not have the documented shape; `problems`
    names every wrong field found, `partial` is the incident as far as it could be read
    (wrong values left out), for the domain's checks of the rest (None: nothing readable)."""

    def __init__(
        self,
        problems: str | Sequence[PayloadProblem],
        partial: Any = None,
    ) -> None:
        if isinstance(problems, str):
            problems = [PayloadProblem("", problems)]
        self.problems = tuple(problems)
        self.partial = partial
        super().__init__("; ".join(p.message for p in self.problems))


class PayloadProblems:
    """Collects a delivery's problems so that one answer names them all."""

    def __init__(self) -> None:
        self.items: list[PayloadProblem] = []

    def add(self, field: str, message: str) -> None:
        """Records one problem (`message` names the field, as the answers show it)."""
        self.items.append(PayloadProblem(field, message))

    def time(self, value: Any, field: str, *, optional: bool = False) -> datetime | None:
        """Returns the ISO 8601 time (see `parse_time`), or None after recording why not
        (or when `optional` and absent)."""
        try:
            return optional_time(value, field) if optional else parse_time(value, field)
        except PayloadInvalid as error:
            self.items.extend(PayloadProblem(field, p.message) for p in error.problems)
            return None

    def check(self, partial: Any = None) -> None:
        """Raises PayloadInvalid naming every problem recorded, if any."""
        if self.items:
            raise PayloadInvalid(self.items, partial)


class ResponderAuthors(StrEnum):
    """Which responders become authors of the draft."""

    MAPPED = "mapped"  # only those IMPORT_USER_MAP names (as the user id it gives)
    ALL = "all"  # also unmapped ones, under the platform's id or email
    NONE = "none"


@dataclass(frozen=True)
class ImportMapping:
    """Severity and user mappings (keys compared case-insensitively)."""

    severities: Mapping[str, Severity] = field(
        default_factory=lambda: parse_severity_map(DEFAULT_SEVERITY_MAP)
    )
    default_severity: Severity = Severity.SEV3
    users: Mapping[str, str] = field(default_factory=dict)
    responder_authors: ResponderAuthors = ResponderAuthors.MAPPED

    def severity(self, *candidates: Any) -> Severity | None:
        """Returns the severity of the first candidate the map knows (SEV1 to SEV4 are taken as
        they are), or None."""
        for candidate in candidates:
            if not isinstance(candidate, str) or not candidate.strip():
                continue
            key = candidate.strip().lower()
            if key.upper() in Severity.__members__:
                return Severity(key.upper())
            if key in self.severities:
                return self.severities[key]
        return None

    def authors(self, responders: Iterable[Sequence[Any]]) -> list[str]:
        """Returns the user ids of the responders who become authors; each responder is
        given as its identifiers (e.g. platform id, email), the first one that maps wins."""
        if self.responder_authors is ResponderAuthors.NONE:
            return []
        found: list[str] = []
        for identifiers in responders:
            names = [i.strip() for i in identifiers if isinstance(i, str) and i.strip()]
            mapped = next((self.users[n.lower()] for n in names if n.lower() in self.users), None)
            if mapped is None and self.responder_authors is ResponderAuthors.ALL and names:
                mapped = names[0]
            if mapped is not None:
                found.append(clip(mapped, limits.MAX_SHORT_TEXT))
        return list(dict.fromkeys(found))


def parse_severity_map(value: str) -> dict[str, Severity]:
    """Parses "P1=SEV1,critical=SEV1,…" (lower-cased keys); raises ValueError."""
    result: dict[str, Severity] = {}
    for key, target in _pairs(value):
        if target.upper() not in Severity.__members__:
            raise ValueError(f"{key}={target}: the target must be SEV1, SEV2, SEV3 or SEV4")
        result[key.lower()] = Severity(target.upper())
    return result


def parse_user_map(value: str) -> dict[str, str]:
    """Parses "PXXXXXX=alice,bob@example.com=bob" (lower-cased keys); raises ValueError."""
    return {key.lower(): user for key, user in _pairs(value)}


def _pairs(value: str) -> list[tuple[str, str]]:
    pairs = []
    for part in value.split(","):
        if not part.strip():
            continue
        key, sep, target = part.partition("=")
        if not sep or not key.strip() or not target.strip():
            raise ValueError(f"{part.strip()!r}: expected key=value")
        pairs.append((key.strip(), target.strip()))
    return pairs


def clip(text: str, limit: int) -> str:
    """Returns the text trimmed to `limit` characters (an ellipsis marks a cut)."""
    text = text.strip()
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def text_of(value: Any) -> str:
    """Returns a payload value as text ('' for anything that is not a string or a number)."""
    if isinstance(value, str):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    return ""


def mapping_of(value: Any) -> Mapping[str, Any]:
    """Returns a payload object ({} for anything else)."""
    return value if isinstance(value, Mapping) else {}


def list_of(value: Any) -> list[Any]:
    """Returns a payload array ([] for anything else)."""
    return value if isinstance(value, list) else []


def parse_time(value: Any, field_name: str) -> datetime:
    """Returns an ISO 8601 time with a time zone, in UTC; raises PayloadInvalid."""
    if isinstance(value, str):
        try:
            return parse_instant(value.strip())
        except MissingTimeZone:
            raise PayloadInvalid(
                f"{field_name} must carry a time zone (e.g. a trailing Z)"
            ) from None
        except InvalidInstant:
            pass
    raise PayloadInvalid(f"{field_name} must be an ISO 8601 date-time")


def optional_time(value: Any, field_name: str) -> datetime | None:
    """Returns an ISO 8601 time, or None when absent."""
    return None if value is None or value == "" else parse_time(value, field_name)
