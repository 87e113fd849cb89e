"""The web app's sign-in settings: OIDC issuer and client id come together; https in
production; the development token endpoint only in development without a JWKS."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from service.config import Settings

SECRET = "a-production-secret-of-at-least-32-characters"


def test_issuer_and_client_id_are_set_together() -> None:
    with pytest.raises(ValidationError, match="OIDC_ISSUER and OIDC_CLIENT_ID"):
        Settings(oidc_issuer="https://login.example.com")
    with pytest.raises(ValidationError, match="OIDC_ISSUER and OIDC_CLIENT_ID"):
        Settings(oidc_client_id="web")


def test_the_issuer_is_an_https_url_in_production() -> None:
    with pytest.raises(ValidationError, match="must be an http"):
        Settings(oidc_issuer="login.example.com", oidc_client_id="web")
    with pytest.raises(ValidationError, match="OIDC_ISSUER must use https"):
        Settings(environment="production", jwt_secret=SECRET,
                 oidc_issuer="http://login.example.com", oidc_client_id="web")  # fmt: skip
    loopback = Settings(environment="production", jwt_secret=SECRET,
                        oidc_issuer="http://127.0.0.1:8080", oidc_client_id="web")  # fmt: skip
    assert loopback.oidc_issuer == "http://127.0.0.1:8080"


def test_dev_sign_in_only_in_development_without_a_jwks() -> None:
    assert Settings().dev_sign_in
    assert not Settings(jwks_url="https://idp.example.com/jwks").dev_sign_in
    assert not Settings(environment="production", jwt_secret=SECRET).dev_sign_in
