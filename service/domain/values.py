"""Value types shared by the domain: who acts, and the enumerations of the template."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Severity(StrEnum):
    """Incident severity, SEV1 the worst."""

    SEV1 = "SEV1"
    SEV2 = "SEV2"
    SEV3 = "SEV3"
    SEV4 = "SEV4"


class State(StrEnum):
    """Workflow state of a postmortem."""

    DRAFT = "DRAFT"
    IN_REVIEW = "IN_REVIEW"
    CHANGES_REQUESTED = "CHANGES_REQUESTED"
    PUBLISHED = "PUBLISHED"
    WITHDRAWN = "WITHDRAWN"


@dataclass(frozen=True)
class Actor:
    """The user behind a command."""

    user_id: str
    roles: frozenset[str]


@dataclass(frozen=True)
class CommandContext:
    """Who issues a command, and the request it belongs to."""

    actor: Actor
    correlation_id: str
