"""What the web app needs before sign-in: `GET /auth/config`, and in development only
`POST /auth/dev-token`; OIDC settings reach the app and its CSP."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.support.live import LiveService
from tests.support.security import live_service

ME = "{ me { userId roles } }"


@pytest.fixture(scope="module")
def web(tmp_path_factory: pytest.TempPathFactory, mongodb_uri: str) -> Iterator[LiveService]:
    with live_service(tmp_path_factory.mktemp("web"), mongodb_uri) as service:
        yield service


def test_development_offers_the_dev_sign_in_and_no_oidc(web: LiveService) -> None:
    config = web.http.get("/auth/config").json()
    assert config == {
        "environment": "development",
        "devSignIn": True,
        "roles": ["admin", "author", "compliance", "reviewer"],
        "oidc": None,
    }


def test_a_dev_token_signs_the_user_in_with_the_roles_asked_for(web: LiveService) -> None:
    answer = web.http.post("/auth/dev-token", json={"userId": "rita", "roles": ["reviewer"]})
    assert answer.status_code == 200
    body = answer.json()
    assert body["userId"] == "rita"
    assert body["roles"] == ["reviewer"]
    assert body["expiresIn"] == 8 * 3600
    me = web.graphql(ME, token=body["token"])
    assert me == {"data": {"me": {"userId": "rita", "roles": ["reviewer"]}}}


@pytest.mark.parametrize(
    ("body", "problem"),
    [
        ({"userId": "rita", "roles": ["root"]}, "unknown root"),
        ({"userId": "rita", "roles": []}, "at least one"),
        ({"userId": "", "roles": ["author"]}, "userId"),
        ({"userId": "a b", "roles": ["author"]}, "userId"),
        ({"userId": "x" * 101, "roles": ["author"]}, "userId"),
        ({"userId": "rita", "roles": "author"}, "roles"),
        (["rita"], "the body must be"),
    ],
)
def test_bad_dev_token_requests_are_refused(web: LiveService, body: object, problem: str) -> None:
    answer = web.http.post("/auth/dev-token", json=body)
    assert answer.status_code == 400
    assert problem in answer.json()["errors"][0]["message"]
    assert "token" not in answer.json()


def test_a_dev_token_request_must_be_json(web: LiveService) -> None:
    form = web.http.post("/auth/dev-token", data={"userId": "rita", "roles": "author"})
    assert form.status_code == 400
    broken = web.http.post(
        "/auth/dev-token", content=b"{", headers={"Content-Type": "application/json"}
    )
    assert broken.status_code == 400


def test_production_has_no_dev_tokens_and_offers_oidc(tmp_path: Path, mongodb_uri: str) -> None:
    with live_service(
        tmp_path,
        mongodb_uri,
        environment="production",
        jwt_secret="a-production-secret-of-at-least-32-characters",
        oidc_issuer="https://login.example.com/realms/acme",
        oidc_client_id="postmortems-web",
    ) as service:
        answer = service.http.post("/auth/dev-token", json={"userId": "eve", "roles": ["admin"]})
        assert answer.status_code == 404
        config = service.http.get("/auth/config").json()
        assert config["devSignIn"] is False
        assert config["oidc"] == {
            "issuer": "https://login.example.com/realms/acme",
            "clientId": "postmortems-web",
            "scopes": "openid profile email",
        }
        csp = service.http.get("/").headers["content-security-policy"]
        assert "connect-src 'self' https://login.example.com;" in csp
        assert "strict-transport-security" in service.http.get("/").headers


def test_no_dev_tokens_once_a_jwks_is_configured(tmp_path: Path, mongodb_uri: str) -> None:
    with live_service(tmp_path, mongodb_uri, jwks_url="http://127.0.0.1:9/jwks") as service:
        answer = service.http.post("/auth/dev-token", json={"userId": "eve", "roles": ["admin"]})
        assert answer.status_code == 404
        assert service.http.get("/auth/config").json()["devSignIn"] is False
