"""Routing and directory files for the notification tests, pointing at local peers."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from service.config import Settings

DIRECTORY = """
[users.alice]
name = "Alice Author"
email = "alice@example.com"

[users.bob]
email = "bob@example.com"

[users.carol]
email = "carol@example.com"

[users.dave]
name = "Dave Reviewer"
email = "dave@example.com"
"""


def routing_toml(
    webhook_base: str, smtp_port: int, *, reminder_interval: float = 3600, events_only: bool = False
) -> str:
    """Returns a routing file: the seed's team to a webhook, its reviewers and leads by email;
    the `sre` team to its own address; quick retries and a generous rate limit for tests.
    `events_only` routes no reminders."""
    kinds = 'kinds = ["review_requested", "changes_requested", "published"]' if events_only else ""
    return f"""
[smtp]
host = "127.0.0.1"
port = {smtp_port}
starttls = false
sender = "Postmortems <postmortems@example.com>"

[delivery]
retry_initial_seconds = 0.1
retry_max_seconds = 0.4
per_target_per_second = 200
poll_seconds = 0.05
lease_seconds = 2

[reminders]
interval_seconds = {reminder_interval}

[teams."Identity Platform"]
slack_webhooks = ["{webhook_base}/hooks/identity"]
reviewers = ["carol", "dave"]
emails = ["identity-leads@example.com"]
{kinds}

[teams.sre]
emails = ["sre@example.com"]
{kinds}
"""


def with_notifications(
    settings: Settings, tmp: Path, webhook_base: str, smtp_port: int, **options: Any
) -> Settings:
    """Returns the settings with a routing file and a user directory written under `tmp`."""
    routing = tmp / "notifications.toml"
    routing.write_text(routing_toml(webhook_base, smtp_port, **options))
    directory = tmp / "users.toml"
    directory.write_text(DIRECTORY)
    return settings.model_copy(
        update={"notifications_config": routing, "user_directory": directory}
    )
