"""The role and visibility rules, and the settings that guard production (no I/O)."""

from __future__ import annotations

import pytest
from graphql import GraphQLError
from pydantic import ValidationError
from typer.testing import CliRunner

from schema.hardening import mask_errors
from service.api.auth import AuthenticationFailed, roles_from_claims
from service.application.permissions import Action, authorize_on
from service.application.read_rules import can_view
from service.cli import app as cli
from service.config import Settings
from service.domain.errors import NotPermitted, PostmortemNotFound
from service.domain.values import Actor

ALICE = Actor("alice", frozenset({"author"}))
BOB = Actor("bob", frozenset({"author"}))
RITA = Actor("rita", frozenset({"reviewer"}))
CARL = Actor("carl", frozenset({"compliance"}))
ADA = Actor("ada", frozenset({"admin"}))


def doc(state: str, **extra: object) -> dict[str, object]:
    return {"id": "pm-1", "state": state, "authors": ["alice"], **extra}


@pytest.mark.parametrize(
    ("state", "extra", "seen_by"),
    [
        # Carl, a compliance officer, reads every draft (as the audit trail shows them).
        ("DRAFT", {}, {"alice", "rita", "carl", "ada"}),
        ("IN_REVIEW", {}, {"alice", "rita", "carl", "ada"}),
        ("CHANGES_REQUESTED", {}, {"alice", "rita", "carl", "ada"}),
        ("PUBLISHED", {}, {"alice", "bob", "rita", "carl", "ada"}),
        ("DRAFT", {"first_published_at": "2025-07-20"}, {"alice", "bob", "rita", "carl", "ada"}),
        ("WITHDRAWN", {"first_published_at": "2025-07-20"}, {"alice", "rita", "carl", "ada"}),
        (
            "DRAFT",
            {"action_items": [{"id": "a1", "owner": "bob"}]},
            {"alice", "bob", "rita", "carl", "ada"},
        ),
    ],
    ids=[
        "draft",
        "in review",
        "changes requested",
        "published",
        "amending",
        "withdrawn",
        "draft with an item bob owns",
    ],
)
def test_who_sees_a_postmortem_depends_on_its_state_and_authorship(
    state: str, extra: dict[str, object], seen_by: set[str]
) -> None:
    everyone = [ALICE, BOB, RITA, CARL, ADA]
    assert {a.user_id for a in everyone if can_view(a, doc(state, **extra))} == seen_by


def test_authors_edit_only_their_own_drafts_and_admins_any() -> None:
    authorize_on(ALICE, Action.EDIT, doc("DRAFT"))
    authorize_on(ADA, Action.EDIT, doc("DRAFT"))
    with pytest.raises(PostmortemNotFound):
        authorize_on(BOB, Action.EDIT, doc("DRAFT"))  # hidden: reads as absent
    with pytest.raises(NotPermitted):
        authorize_on(BOB, Action.EDIT, doc("PUBLISHED"))  # visible, but not his
    with pytest.raises(NotPermitted):
        authorize_on(RITA, Action.EDIT, doc("DRAFT"))


@pytest.mark.parametrize(
    ("action", "allowed"),
    [
        (Action.APPROVE, {"rita"}),
        (Action.REQUEST_CHANGES, {"rita"}),
        (Action.PUBLISH, {"rita"}),
        (Action.WITHDRAW, {"ada"}),
        (Action.READ_AUDIT, {"carl", "ada"}),
        (Action.EXPORT_AUDIT, {"carl", "ada"}),
        (Action.READ_COMPLIANCE_REPORT, {"carl", "ada"}),
        (Action.READ_REVIEW_QUEUE, {"rita"}),
        (Action.READ_PROJECTION_STATUS, {"ada"}),
    ],
)
def test_only_the_named_roles_may_review_withdraw_and_read_the_audit_trail(
    action: Action, allowed: set[str]
) -> None:
    permitted = set()
    for actor in (ALICE, RITA, CARL, ADA):
        try:
            authorize_on(actor, action, doc("PUBLISHED"))
            permitted.add(actor.user_id)
        except NotPermitted:
            pass
    assert permitted == allowed


def test_roles_are_read_from_a_configurable_claim_path() -> None:
    keycloak = {"realm_access": {"roles": ["reviewer", "offline_access"]}}
    assert roles_from_claims(keycloak, "realm_access.roles") == {"reviewer"}
    auth0 = {"https://postmortems.example/roles": ["admin"]}
    assert roles_from_claims(auth0, "https://postmortems.example/roles") == {"admin"}
    assert roles_from_claims({"scope": "author compliance"}, "scope") == {"author", "compliance"}
    assert roles_from_claims({}, "roles") == frozenset()
    with pytest.raises(AuthenticationFailed):
        roles_from_claims({"roles": {"admin": True}}, "roles")


def test_production_refuses_to_start_with_the_development_secret() -> None:
    with pytest.raises(ValidationError, match="JWKS_URL"):
        Settings(environment="production")
    with pytest.raises(ValidationError, match="at least 32"):
        Settings(environment="production", jwt_secret="short")  # type: ignore[arg-type]
    Settings(environment="production", jwks_url="https://idp.example/certs")
    with pytest.raises(ValidationError, match="https"):
        Settings(environment="production", jwks_url="http://idp.example/certs")
    Settings(environment="production", jwt_secret="s" * 32)  # type: ignore[arg-type]


def test_the_serve_command_refuses_a_production_start_without_keys(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("ENVIRONMENT", "production")
    result = CliRunner().invoke(cli, ["serve"])
    assert result.exit_code == 2
    assert "JWKS_URL" in result.output


def test_list_settings_take_comma_separated_values(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CORS_ORIGINS", "https://a.example, https://b.example")
    monkeypatch.setenv("JWT_ALGORITHMS", "ES256")
    settings = Settings()
    assert settings.cors_origins == ["https://a.example", "https://b.example"]
    assert settings.jwt_algorithms == ["ES256"]
    monkeypatch.setenv("JWT_ALGORITHMS", "HS256")
    with pytest.raises(ValidationError, match="jwt_algorithms"):
        Settings()


def test_domain_errors_reach_the_client_and_anything_else_is_masked() -> None:
    def located(original: Exception) -> GraphQLError:
        return GraphQLError(str(original), original_error=original)

    refused, crashed, invalid = mask_errors(
        [
            located(NotPermitted("read_audit needs one of the roles admin, compliance")),
            located(KeyError("mongodb://admin:secret@db:27017")),
            GraphQLError("first must be between 1 and 100"),
        ],
        "req-7",
    )
    assert refused.message.startswith("read_audit needs")
    assert refused.extensions == {"correlationId": "req-7", "code": "FORBIDDEN"}
    assert crashed.message == "Internal server error"
    assert crashed.extensions == {"correlationId": "req-7", "code": "INTERNAL_SERVER_ERROR"}
    assert invalid.message == "first must be between 1 and 100"
    assert invalid.extensions == {"correlationId": "req-7", "code": "BAD_USER_INPUT"}
