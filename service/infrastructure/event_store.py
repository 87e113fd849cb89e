"""Translates the service's settings into the `eventsourcing` library's environment."""

from __future__ import annotations

from urllib.parse import parse_qs, unquote, urlsplit

from service.config import EventStoreKind, Settings
from service.infrastructure.folders import sqlite_file


def event_store_env(settings: Settings) -> dict[str, str]:
    """Returns the environment that configures the event store named by the settings."""
    if settings.event_store is EventStoreKind.POSTGRES:
        if not settings.postgres_dsn:
            raise ValueError("EVENT_STORE=postgres needs POSTGRES_DSN")
        return postgres_env(settings.postgres_dsn)
    path = sqlite_file(settings)  # DATA_DIR created when missing, SQLITE_PATH never
    return {"PERSISTENCE_MODULE": "eventsourcing.sqlite", "SQLITE_DBNAME": str(path)}


def postgres_env(dsn: str) -> dict[str, str]:
    """Returns the `eventsourcing.postgres` settings for a `postgresql://` DSN.

    A `host` query parameter (a Unix-socket folder) wins over the network location.
    """
    parts = urlsplit(dsn)
    query = parse_qs(parts.query)
    host = query.get("host", [parts.hostname or "localhost"])[0]
    return {
        "PERSISTENCE_MODULE": "eventsourcing.postgres",
        "POSTGRES_HOST": host,
        "POSTGRES_PORT": str(parts.port or 5432),
        "POSTGRES_USER": unquote(parts.username or "postgres"),
        "POSTGRES_PASSWORD": unquote(parts.password or ""),
        "POSTGRES_DBNAME": parts.path.lstrip("/") or "postgres",
    }
