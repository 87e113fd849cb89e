"""Settings: one object, read from environment variables and an optional `.env` file."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Literal

from pydantic import Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict


class EventStoreKind(StrEnum):
    """Which event store the write side uses."""

    SQLITE = "sqlite"
    POSTGRES = "postgres"


class Settings(BaseSettings):
    """Every setting of the service; the README's configuration table mirrors this class."""

    model_config = SettingsConfigDict(env_file=".env", extra="ignore", frozen=True)

    data_dir: Path = Field(
        Path(".postmortems-data"),
        description="Folder for the embedded default: SQLite event store and MongoDB-wire data.",
    )
    event_store: EventStoreKind = Field(
        EventStoreKind.SQLITE, description="Event store: `sqlite` (embedded) or `postgres`."
    )
    sqlite_path: Path | None = Field(
        None, description="SQLite event store file (default: `DATA_DIR/events.sqlite`)."
    )
    postgres_dsn: str | None = Field(
        None,
        description="PostgreSQL event store, e.g. `postgresql://user:pw@host:5432/db`.",
    )
    mongodb_uri: str | None = Field(
        None,
        description="MongoDB read store. Unset: `serve` starts a local SecantusDB server.",
    )
    mongodb_database: str = Field("postmortems", description="MongoDB database name.")
    jwt_secret: SecretStr = Field(
        SecretStr("dev-secret-change-me-0123456789abcdef"),
        description="HS256 secret for development tokens.",
    )
    jwt_audience: str = Field("postmortems", description="Expected `aud` claim of tokens.")
    jwt_issuer: str = Field("postmortems-dev", description="Expected `iss` claim of tokens.")
    read_your_writes_timeout: float = Field(
        5.0, gt=0, le=60, description="Seconds a mutation waits for its event to be projected."
    )
    projection_poll_interval: float = Field(
        0.2, gt=0, le=10, description="Seconds between polls of the event log by projectors."
    )
    projection_batch_size: int = Field(
        500, ge=1, le=10_000, description="Events per projection transaction."
    )
    host: str = Field("127.0.0.1", description="Address `serve` binds to.")
    port: int = Field(8000, ge=1, le=65535, description="Port `serve` listens on.")
    environment: Literal["development", "production"] = Field(
        "development",
        description="`production` turns off GraphiQL and introspection.",
    )
    log_level: str = Field("INFO", description="Log level.")
    projection_lag_threshold: int = Field(
        1_000, ge=1, description="`/readyz` reports degraded when a projection lags more events."
    )
    projection_stall_seconds: float = Field(
        30.0,
        gt=0,
        description="`/readyz` reports degraded when events wait and a projection has not "
        "moved for this long.",
    )

    @field_validator("postgres_dsn")
    @classmethod
    def _dsn_is_postgres(cls, value: str | None) -> str | None:
        if value is not None and not value.startswith(("postgresql://", "postgres://")):
            raise ValueError("must start with postgresql://")
        return value

    @property
    def resolved_sqlite_path(self) -> Path:
        """Returns the SQLite event-store file."""
        return self.sqlite_path or self.data_dir / "events.sqlite"
