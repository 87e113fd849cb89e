"""Who runs a command: the actor (user id and roles) and the request it runs under."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from .text import user_key

ADMIN_ROLE = "admin"
# User ids of incident-platform integrations (`integration:pagerduty`): the webhooks' actor,
# never a person's, so no token may carry one.
INTEGRATION_PREFIX = "integration:"


@dataclass(frozen=True)
class Actor:
    """The user running a command; `user_id` is kept in its canonical form (`text.user_key`:
    trimmed, NFKC, case-folded), so "Carol" from a token and "carol" typed as an owner are one
    user."""

    user_id: str
    roles: frozenset[str] = frozenset()

    def __post_init__(self) -> None:
        if isinstance(self.user_id, str):
            object.__setattr__(self, "user_id", user_key(self.user_id))

    @property
    def is_admin(self) -> bool:
        """Returns whether the actor has the admin role."""
        return ADMIN_ROLE in self.roles


@dataclass(frozen=True)
class CommandContext:
    """Who runs a command, and under which request.

    A backfill (history imported after the fact, e.g. `postmortems demo`) also says when the
    change really happened (`occurred_at`, UTC, not in the future) and which tool recorded it
    (`backfilled_by`); events keep their own recording time, and business times (submitted,
    approved, published, completed) use `occurred_at`. Only trusted in-process callers (the
    command line) build such contexts: no API input carries them.
    """

    actor: Actor
    correlation_id: str
    occurred_at: datetime | None = None
    backfilled_by: str | None = None
