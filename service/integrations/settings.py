"""Settings of the incident import (webhooks), mixed into `service.config.Settings`."""

from __future__ import annotations

from pydantic import Field, SecretStr, field_validator
from pydantic_settings import BaseSettings

from service.domain.values import Severity
from service.integrations.mapping import (
    DEFAULT_SEVERITY_MAP,
    ImportMapping,
    ResponderAuthors,
    parse_severity_map,
    parse_user_map,
)

SECRET_FIELDS = frozenset(
    {"pagerduty_webhook_secrets", "opsgenie_webhook_tokens", "generic_webhook_secrets"}
)


class IncidentImportSettings(BaseSettings):
    """Webhook secrets, limits and mappings; the README's configuration table lists them."""

    pagerduty_webhook_secrets: SecretStr | None = Field(
        None,
        description="Comma-separated signing secrets of PagerDuty v3 webhook subscriptions "
        "(unset: /webhooks/pagerduty is off).",
    )
    opsgenie_webhook_tokens: SecretStr | None = Field(
        None,
        description="Comma-separated tokens Opsgenie sends in `X-Webhook-Token` "
        "(unset: /webhooks/opsgenie is off).",
    )
    generic_webhook_secrets: SecretStr | None = Field(
        None,
        description="Comma-separated HMAC secrets of the generic incident webhook "
        "(unset: /webhooks/generic is off).",
    )
    webhook_timestamp_tolerance: float = Field(
        300.0, gt=0, le=3_600, description="Seconds a generic webhook's signed time may be off."
    )
    webhook_max_event_age: float = Field(
        86_400.0,
        gt=0,
        description="Seconds after which a signed PagerDuty event or Opsgenie action is refused.",
    )
    webhook_max_body_bytes: int = Field(
        262_144, ge=1_024, le=10_000_000, description="Largest webhook body; larger gets 413."
    )
    import_severity_map: str = Field(
        DEFAULT_SEVERITY_MAP,
        description="Platform priority, urgency or severity to SEV1-SEV4 (`key=SEVn`, …).",
    )
    import_default_severity: Severity = Field(
        Severity.SEV3, description="Severity of an imported incident the map does not cover."
    )
    import_user_map: str = Field(
        "", description="Platform user id or email to user id (`key=user`, comma-separated)."
    )
    import_responder_authors: ResponderAuthors = Field(
        ResponderAuthors.MAPPED,
        description="Responders who become authors: `mapped`, `all` or `none`.",
    )

    @field_validator(*SECRET_FIELDS)
    @classmethod
    def _strong_secrets(cls, value: SecretStr | None) -> SecretStr | None:
        if value is not None and any(len(s) < 16 for s in secret_list(value)):
            raise ValueError("each secret must be at least 16 characters")
        return value

    @field_validator("import_severity_map")
    @classmethod
    def _severity_map(cls, value: str) -> str:
        parse_severity_map(value)
        return value

    @field_validator("import_user_map")
    @classmethod
    def _user_map(cls, value: str) -> str:
        parse_user_map(value)
        return value

    @property
    def import_mapping(self) -> ImportMapping:
        """Returns how imported incidents map onto postmortems (the IMPORT_* settings)."""
        return ImportMapping(
            severities=parse_severity_map(self.import_severity_map),
            default_severity=self.import_default_severity,
            users=parse_user_map(self.import_user_map),
            responder_authors=self.import_responder_authors,
        )


def secret_list(value: SecretStr | None) -> list[str]:
    """Returns the comma-separated secrets of a setting ([] when unset)."""
    if value is None:
        return []
    return [part.strip() for part in value.get_secret_value().split(",") if part.strip()]
