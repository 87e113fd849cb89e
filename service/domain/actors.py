"""Who runs a command: the actor (user id and roles) and the request it runs under."""

from __future__ import annotations

from dataclasses import dataclass

from .text import user_key

ADMIN_ROLE = "admin"


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
    """Who runs a command, and under which request."""

    actor: Actor
    correlation_id: str
