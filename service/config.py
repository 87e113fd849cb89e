"""Settings: one object, read from environment variables and an optional `.env` file."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated, Literal
from urllib.parse import urlsplit

from pydantic import Field, SecretStr, ValidationError, field_validator, model_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

from service.config_embeddings import EmbeddingSettings
from service.domain.calendar import DEFAULT_TIME_ZONE, time_zone
from service.domain.limits import DEFAULT_LIMITS, PostmortemLimits, parse_overrides
from service.domain.values import Severity
from service.integrations.settings import SECRET_FIELDS as IMPORT_SECRET_FIELDS
from service.integrations.settings import IncidentImportSettings

_LOOPBACK = frozenset({"127.0.0.1", "::1", "localhost"})
DEFAULT_JWT_SECRET = "dev-secret-change-me-0123456789abcdef"
# Asymmetric algorithms a JWKS may sign with; HS* never comes from an identity provider.
ASYMMETRIC_ALGORITHMS = frozenset(
    {"RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512", "EdDSA"}
)


class EventStoreKind(StrEnum):
    """Which event store the write side uses."""

    SQLITE = "sqlite"
    POSTGRES = "postgres"


class Settings(IncidentImportSettings, EmbeddingSettings, BaseSettings):
    """Every setting of the service (the incident import's in IncidentImportSettings); the
    README's configuration table mirrors this class."""

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
        SecretStr(DEFAULT_JWT_SECRET),
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
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"] = Field(
        "INFO", description="Log level."
    )
    log_format: Literal["json", "console"] | None = Field(
        None,
        description="`json` (one object per line) or `console` (human-readable); "
        "default `console` in development, `json` in production.",
    )
    metrics_token: SecretStr | None = Field(
        None,
        description="If set, `/metrics` needs `Authorization: Bearer <METRICS_TOKEN>`; "
        "unset, `/metrics` is open (serve it on an internal network only).",
    )
    jwks_url: str | None = Field(
        None,
        description="OIDC JWKS URL; when set, tokens must be RS256/ES256 signed by its keys.",
    )
    jwt_algorithms: Annotated[list[str], NoDecode] = Field(
        default_factory=lambda: ["RS256", "ES256"],
        description="Comma-separated algorithms accepted from the JWKS.",
    )
    roles_claim: str = Field(
        "roles", description="Claim holding the roles; a dotted path like `realm_access.roles`."
    )
    jwks_cache_seconds: float = Field(
        300.0, gt=0, le=86_400, description="Seconds the JWKS is cached before a refetch."
    )
    cors_origins: Annotated[list[str], NoDecode] = Field(
        default_factory=list,
        description="Comma-separated origins allowed by CORS (empty: no cross-origin access).",
    )
    max_body_bytes: int = Field(
        1_048_576, ge=1_024, le=100_000_000, description="Largest request body; larger gets 413."
    )
    max_string_bytes: int = Field(
        100_000, ge=100, le=10_000_000, description="Longest single GraphQL string argument."
    )
    review_approvals: str = Field(
        "SEV1=2,SEV2=2,SEV3=1,SEV4=1",
        description="Approvals needed to publish, per severity (every severity, each ≥ 1).",
    )
    block_on_blameless_warnings: bool = Field(
        False, description="Whether blameless-language warnings block submission for review."
    )
    publication_sla_days: str = Field(
        "SEV1=5,SEV2=10,SEV3=20,SEV4=none",
        description="Days after resolution to publish within, per severity (`none`: no SLA).",
    )
    review_policy_version: str = Field(
        "2026-11-1",
        min_length=1,
        max_length=64,
        description="Recorded with each submission and approval; change it with the policy.",
    )
    organisation_time_zone: str = Field(
        DEFAULT_TIME_ZONE,
        description="IANA time zone whose calendar days and months count: monthly trends and "
        "metrics, overdue action items, publication SLA days, compliance report periods.",
    )
    oidc_issuer: str | None = Field(
        None,
        description="Issuer URL of the identity provider the web app signs users in with "
        "(OIDC authorization code flow with PKCE); https in production (loopback excepted).",
    )
    oidc_client_id: str | None = Field(
        None, description="The web app's (public) client id at the identity provider."
    )
    oidc_scopes: str = Field(
        "openid profile email", description="Space-separated scopes the web app asks for."
    )
    projection_lag_threshold: int = Field(
        1_000, ge=1, description="`/readyz` reports degraded when a projection lags more events."
    )
    postmortem_limits: str = Field(
        "",
        description="For tests only: lowers limits of the largest postmortem, e.g. "
        "`content_bytes=20000,timeline_entries=5` (each at most its default).",
    )
    read_model_max_document_bytes: int = Field(
        16_777_216,
        ge=1_024,
        le=16_777_216,
        description="Largest document the projector writes for one postmortem (MongoDB's "
        "limit); a postmortem whose document would be larger is parked. Lower only to test.",
    )
    projection_stall_seconds: float = Field(
        30.0,
        gt=0,
        description="`/readyz` reports degraded when events wait and a projection has not "
        "moved for this long.",
    )

    notifications_config: Path | None = Field(
        None,
        description="TOML file routing notifications per team to Slack-compatible webhooks "
        "and email (unset: no notifications).",
    )
    user_directory: Path | None = Field(
        None,
        description="TOML file mapping user ids to names and email addresses (email "
        "notifications, Git commit authors).",
    )
    git_sync_path: Path | None = Field(
        None,
        description="Git repository published postmortems are committed to as Markdown "
        "(created bare if missing; unset: no Git sync).",
    )
    git_sync_remote: str | None = Field(
        None, description="Remote the Git sync fetches from and pushes to (path or URL)."
    )
    git_sync_branch: str = Field(
        "main", pattern=r"^[A-Za-z0-9._/-]{1,100}$", description="Branch the Git sync writes."
    )

    @field_validator("postgres_dsn")
    @classmethod
    def _dsn_is_postgres(cls, value: str | None) -> str | None:
        if value is not None and not value.startswith(("postgresql://", "postgres://")):
            raise ValueError("must start with postgresql://")
        return value

    @field_validator("log_level", mode="before")
    @classmethod
    def _upper_level(cls, value: object) -> object:
        return value.upper() if isinstance(value, str) else value

    @model_validator(mode="after")
    def _postgres_needs_dsn(self) -> Settings:
        if self.event_store is EventStoreKind.POSTGRES and not self.postgres_dsn:
            raise ValueError("EVENT_STORE=postgres needs POSTGRES_DSN")
        return self

    @property
    def resolved_log_format(self) -> str:
        """Returns the log format: the setting, or the environment's default."""
        if self.log_format is not None:
            return self.log_format
        return "json" if self.environment == "production" else "console"

    @field_validator("jwt_algorithms", "cors_origins", mode="before")
    @classmethod
    def _comma_separated(cls, value: object) -> object:
        if isinstance(value, str):
            return [part.strip() for part in value.split(",") if part.strip()]
        return value

    @field_validator("jwt_algorithms")
    @classmethod
    def _asymmetric_only(cls, value: list[str]) -> list[str]:
        unknown = sorted(set(value) - ASYMMETRIC_ALGORITHMS)
        if unknown or not value:
            raise ValueError(f"must be some of {', '.join(sorted(ASYMMETRIC_ALGORITHMS))}")
        return value

    @field_validator("jwks_url", "oidc_issuer")
    @classmethod
    def _is_http_url(cls, value: str | None) -> str | None:
        if value is not None and not value.startswith(("https://", "http://")):
            raise ValueError("must be an http(s) URL")
        return value

    @model_validator(mode="after")
    def _oidc_issuer_and_client_together(self) -> Settings:
        if (self.oidc_issuer is None) != (self.oidc_client_id is None):
            raise ValueError("OIDC_ISSUER and OIDC_CLIENT_ID are set together or not at all")
        if self.oidc_issuer and self.environment == "production":
            host = urlsplit(self.oidc_issuer).hostname
            if not self.oidc_issuer.startswith("https://") and host not in _LOOPBACK:
                raise ValueError("OIDC_ISSUER must use https in production")
        return self

    @model_validator(mode="after")
    def _production_needs_real_keys(self) -> Settings:
        if self.environment != "production":
            return self
        if self.jwks_url:
            host = urlsplit(self.jwks_url).hostname
            if not self.jwks_url.startswith("https://") and host not in _LOOPBACK:
                raise ValueError("JWKS_URL must use https in production")
            return self
        secret = self.jwt_secret.get_secret_value()
        if secret == DEFAULT_JWT_SECRET:
            raise ValueError(
                "ENVIRONMENT=production needs JWKS_URL (or at least a JWT_SECRET of your own)"
            )
        if len(secret) < 32:
            raise ValueError("JWT_SECRET must be at least 32 characters in production")
        return self

    @field_validator("organisation_time_zone")
    @classmethod
    def _known_time_zone(cls, value: str) -> str:
        time_zone(value)  # raises UnknownTimeZone (a ValueError) naming the value
        return value

    @field_validator("review_approvals")
    @classmethod
    def _approvals_per_severity(cls, value: str) -> str:
        for severity, count in parse_per_severity(value).items():
            if count is None or count < 1:
                raise ValueError(f"{severity}: must be a whole number of at least 1")
        return value

    @field_validator("publication_sla_days")
    @classmethod
    def _sla_per_severity(cls, value: str) -> str:
        for severity, days in parse_per_severity(value).items():
            if days is not None and days < 1:
                raise ValueError(f"{severity}: must be at least 1 day, or none")
        return value

    @field_validator("postmortem_limits")
    @classmethod
    def _lowered_limits(cls, value: str) -> str:
        parse_overrides(value)
        return value

    @property
    def limits(self) -> PostmortemLimits:
        """Returns the largest postmortem: the defaults, lowered by POSTMORTEM_LIMITS."""
        return DEFAULT_LIMITS.lowered(parse_overrides(self.postmortem_limits))

    @property
    def approvals_by_severity(self) -> dict[Severity, int]:
        """Returns REVIEW_APPROVALS as a mapping (validated: every value is set)."""
        return {sev: n or 1 for sev, n in parse_per_severity(self.review_approvals).items()}

    @property
    def publication_sla_by_severity(self) -> dict[Severity, int | None]:
        """Returns PUBLICATION_SLA_DAYS as a mapping (None: no SLA)."""
        return parse_per_severity(self.publication_sla_days)

    @property
    def dev_sign_in(self) -> bool:
        """Whether the web app may ask the service for development tokens: only in
        development, and only while HS256 tokens are accepted (no `JWKS_URL`)."""
        return self.environment == "development" and not self.jwks_url

    @property
    def resolved_sqlite_path(self) -> Path:
        """Returns the SQLite event-store file."""
        return self.sqlite_path or self.data_dir / "events.sqlite"


def parse_per_severity(value: str) -> dict[Severity, int | None]:
    """Parses "SEV1=2,SEV2=2,SEV3=1,SEV4=none": every severity exactly once, whole numbers
    or `none`; raises ValueError saying what is wrong."""
    result: dict[Severity, int | None] = {}
    for part in value.split(","):
        name, sep, raw = part.partition("=")
        name, raw = name.strip().upper(), raw.strip().lower()
        if not sep or name not in Severity.__members__:
            raise ValueError(f"{part.strip()!r}: expected SEVn=number, e.g. SEV1=2")
        severity = Severity(name)
        if severity in result:
            raise ValueError(f"{name} is given twice")
        if raw == "none":
            result[severity] = None
        elif raw.isdigit():
            result[severity] = int(raw)
        else:
            raise ValueError(f"{name}: {raw!r} is not a whole number or none")
    missing = [s.value for s in Severity if s not in result]
    if missing:
        raise ValueError(f"missing {', '.join(missing)}")
    return result


# Settings whose values may hold credentials: never echoed in error messages.
_SECRET_FIELDS = (
    frozenset({"jwt_secret", "postgres_dsn", "mongodb_uri", "metrics_token", "git_sync_remote"})
    | IMPORT_SECRET_FIELDS
)


class ConfigurationError(ValueError):
    """The environment (or `.env`) holds a bad value; the message names each variable."""


def load_settings() -> Settings:
    """Returns the settings, or raises ConfigurationError naming every bad variable."""
    try:
        return Settings()
    except ValidationError as error:
        raise ConfigurationError(describe(error)) from None


def describe(error: ValidationError) -> str:
    """Returns one line per problem: `VARIABLE: what is wrong (got 'value')`."""
    lines = []
    for problem in error.errors():
        field = str(problem["loc"][0]) if problem["loc"] else ""
        message = str(problem["msg"]).removeprefix("Value error, ")
        if not field:
            lines.append(message)
            continue
        got = "" if field in _SECRET_FIELDS else f" (got {problem.get('input')!r})"
        lines.append(f"{field.upper()}: {message}{got}")
    return "\n".join(lines)
