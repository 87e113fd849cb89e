"""Who is told what: the notification routing file (TOML) and the user directory.

`NOTIFICATIONS_CONFIG` names a TOML file (see the README for a complete example):

    [smtp]                       # needed as soon as any route sends email
    host = "smtp.example.com"    # port 587, starttls = true, ssl = false by default
    sender = "Postmortems <postmortems@example.com>"
    username = "postmortems"     # optional; the password comes from the environment:
    password_env = "SMTP_PASSWORD"

    [teams."Identity Platform"]  # routes by the postmortem's `team`
    slack_webhooks = ["https://hooks.slack.com/services/..."]  # or slack_webhooks_env
    reviewers = ["carol", "dave"]  # user ids: review requests go to them by email
    emails = ["identity-leads@example.com"]
    kinds = ["review_requested", "published"]  # optional: default every kind

    [default]                    # postmortems whose team has no route of its own

`USER_DIRECTORY` names a TOML file mapping user ids to people (`[users.alice] name = "...",
email = "..."`): email notifications to authors, reviewers and owners, and Git commit
authors. Webhook URLs are credentials: deliveries store only a hash of them.
"""

from __future__ import annotations

import hashlib
import os
import tomllib
from collections.abc import Mapping
from enum import StrEnum
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator


class Kind(StrEnum):
    """What a notification is about."""

    REVIEW_REQUESTED = "review_requested"
    CHANGES_REQUESTED = "changes_requested"
    PUBLISHED = "published"
    ACTION_ITEM_DUE_SOON = "action_item_due_soon"
    ACTION_ITEM_OVERDUE = "action_item_overdue"
    PUBLICATION_DEADLINE_NEAR = "publication_deadline_near"
    PUBLICATION_DEADLINE_BREACHED = "publication_deadline_breached"


class Channel(StrEnum):
    """How a notification travels."""

    SLACK = "slack"
    EMAIL = "email"


def webhook_id(url: str) -> str:
    """Returns the id a webhook URL is stored under (its secret part never is)."""
    return hashlib.sha256(url.encode()).hexdigest()[:16]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class TeamRoute(_Strict):
    """Where one team's notifications go."""

    slack_webhooks: tuple[str, ...] = ()
    slack_webhooks_env: str | None = Field(
        None, description="Environment variable holding comma-separated webhook URLs."
    )
    emails: tuple[str, ...] = ()
    reviewers: tuple[str, ...] = ()
    kinds: frozenset[Kind] = frozenset(Kind)

    @model_validator(mode="after")
    def _webhooks_are_http(self) -> TeamRoute:
        for url in self.webhooks():
            if not url.startswith(("https://", "http://")):
                raise ValueError(f"webhook {url[:40]!r} must be an http(s) URL")
        return self

    def webhooks(self) -> tuple[str, ...]:
        """Returns the webhook URLs, those named by `slack_webhooks_env` included."""
        extra = os.environ.get(self.slack_webhooks_env, "") if self.slack_webhooks_env else ""
        return self.slack_webhooks + tuple(u.strip() for u in extra.split(",") if u.strip())


class SmtpSettings(_Strict):
    """The mail server email notifications go through."""

    host: str
    port: int = Field(587, ge=1, le=65535)
    starttls: bool = True
    ssl: bool = False
    username: str | None = None
    password_env: str | None = None
    sender: str
    timeout_seconds: float = Field(10.0, gt=0, le=120)

    def password(self) -> str | None:
        """Returns the password from the environment variable `password_env` names."""
        return os.environ.get(self.password_env) if self.password_env else None


class DeliveryPolicy(_Strict):
    """Retries, backoff and rate limits of the dispatcher.

    A failed attempt n (1-based) is retried after min(initial * 2**(n-1), max) seconds,
    less up to a quarter at random (jitter), or after the receiver's Retry-After when longer;
    after `max_attempts` attempts the delivery is marked failed. The defaults retry for
    about four hours.
    """

    max_attempts: int = Field(20, ge=1, le=1000)
    retry_initial_seconds: float = Field(5.0, gt=0, le=3600)
    retry_max_seconds: float = Field(900.0, gt=0, le=86_400)
    per_target_per_second: float = Field(1.0, gt=0, le=1000)
    lease_seconds: float = Field(60.0, ge=1, le=3600)
    poll_seconds: float = Field(1.0, gt=0, le=60)
    senders: int = Field(2, ge=1, le=32)


class ReminderPolicy(_Strict):
    """When time-based reminders are due, and how often the scheduler looks."""

    interval_seconds: float = Field(300.0, ge=1, le=86_400)
    action_item_due_soon_days: int = Field(2, ge=0, le=60)
    publication_deadline_warning_days: float = Field(2.0, ge=0, le=60)
    lookback_days: int = Field(
        7,
        ge=1,
        le=366,
        description="Due dates and deadlines passed longer ago are not reminded of: each scan "
        "reads a bounded window, and enabling reminders does not flood anyone.",
    )


class Routing(_Strict):
    """The whole notification routing file."""

    smtp: SmtpSettings | None = None
    teams: dict[str, TeamRoute] = Field(default_factory=dict)
    default: TeamRoute | None = None
    delivery: DeliveryPolicy = DeliveryPolicy()
    reminders: ReminderPolicy = ReminderPolicy()
    base_url: str | None = Field(None, description="Links in messages point here.")

    @model_validator(mode="after")
    def _email_needs_smtp(self) -> Routing:
        if self.smtp is None and any(r.emails or r.reviewers for r in self._routes()):
            raise ValueError("routes send email ([emails] or [reviewers]) but [smtp] is missing")
        return self

    def _routes(self) -> list[TeamRoute]:
        return [*self.teams.values(), *([self.default] if self.default else [])]

    def route(self, team: str | None) -> TeamRoute | None:
        """Returns the team's route, or the default route."""
        return self.teams.get(team or "", self.default)

    def has_team(self, name: str | None) -> bool:
        """Returns whether a route names this team."""
        return bool(name) and name in self.teams

    def webhook_url(self, webhook: str) -> str | None:
        """Returns the URL of a webhook id, if a route still has it."""
        for route in self._routes():
            for url in route.webhooks():
                if webhook_id(url) == webhook:
                    return url
        return None

    def link(self, postmortem_id: str) -> str | None:
        """Returns the link to a postmortem, when `base_url` is set."""
        return f"{self.base_url.rstrip('/')}/postmortems/{postmortem_id}" if self.base_url else None


class Person(_Strict):
    """One user of the directory."""

    name: str | None = None
    email: str | None = None


class UserDirectory(_Strict):
    """User ids to names and email addresses."""

    users: dict[str, Person] = Field(default_factory=dict)

    def email(self, user_id: str) -> str | None:
        """Returns the user's email address, if known."""
        person = self.users.get(user_id)
        return person.email if person else None

    def name(self, user_id: str) -> str:
        """Returns the user's name, or the user id."""
        person = self.users.get(user_id)
        return (person.name if person else None) or user_id


def _load_toml(path: Path, setting: str) -> Mapping[str, Any]:
    try:
        with path.open("rb") as file:
            return tomllib.load(file)
    except OSError as error:
        raise ValueError(f"{setting}: cannot read {path}: {error.strerror}") from None
    except tomllib.TOMLDecodeError as error:
        raise ValueError(f"{setting}: {path} is not valid TOML: {error}") from None


def _problems(error: ValidationError) -> str:
    return "; ".join(
        f"{'.'.join(str(p) for p in e['loc']) or 'file'}: {e['msg'].removeprefix('Value error, ')}"
        for e in error.errors()
    )


def load_routing(path: Path) -> Routing:
    """Reads a routing file; raises ValueError naming the file and every problem."""
    try:
        return Routing.model_validate(_load_toml(path, "NOTIFICATIONS_CONFIG"))
    except ValidationError as error:
        raise ValueError(f"NOTIFICATIONS_CONFIG {path}: {_problems(error)}") from None


def load_directory(path: Path | None) -> UserDirectory:
    """Reads a user directory (an empty one without a path); raises ValueError."""
    if path is None:
        return UserDirectory()
    try:
        return UserDirectory.model_validate(_load_toml(path, "USER_DIRECTORY"))
    except ValidationError as error:
        raise ValueError(f"USER_DIRECTORY {path}: {_problems(error)}") from None
