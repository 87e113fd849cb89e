"""Production authentication: tokens signed by an identity provider's keys, published as a
JWKS that a tiny HTTP server on 127.0.0.1 serves (and rotates) during the test."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import jwt
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from jwt.algorithms import ECAlgorithm, RSAAlgorithm

from service.config import Settings
from tests.support.live import LiveService
from tests.support.security import claims, live_service, snapshot

ISSUER = "https://idp.example.test/realms/acme"
ME = "{ postmortems(first: 1) { totalCount } }"
CREATE = """
mutation { createPostmortem(input: {title: "Disk full", severity: SEV4,
  incidentWindow: {startedAt: "2025-07-15T17:42:00Z"}}) {
    __typename ... on Postmortem { authors }
  }
}"""


class SigningKey:
    """A private key with its public JWK, as an identity provider holds it."""

    def __init__(self, kid: str, algorithm: str) -> None:
        self.kid = kid
        self.algorithm = algorithm
        if algorithm.startswith("RS"):
            self.private: Any = rsa.generate_private_key(public_exponent=65537, key_size=2048)
            jwk = RSAAlgorithm.to_jwk(self.private.public_key(), as_dict=True)
        else:
            self.private = ec.generate_private_key(ec.SECP256R1())
            jwk = ECAlgorithm.to_jwk(self.private.public_key(), as_dict=True)
        self.jwk: dict[str, Any] = {**jwk, "kid": kid, "alg": algorithm, "use": "sig"}

    def sign(self, settings: Settings, **changes: Any) -> str:
        """Returns a token for the given claims changes, signed with this key."""
        return jwt.encode(
            claims(settings, **changes), self.private, self.algorithm, headers={"kid": self.kid}
        )

    def public_pem(self) -> bytes:
        """Returns the public key as PEM (what an attacker could use as an HMAC secret)."""
        return bytes(
            self.private.public_key().public_bytes(
                serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
            )
        )


class JwksServer:
    """Serves `{"keys": [...]}` on 127.0.0.1 and counts how often it is fetched."""

    def __init__(self) -> None:
        self.keys: list[dict[str, Any]] = []
        self.fetches = 0
        self._closed = False
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                server.fetches += 1
                body = json.dumps({"keys": server.keys}).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *_: Any) -> None:
                pass

        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self._httpd.server_address[1]}/certs"
        self._thread = threading.Thread(target=self._httpd.serve_forever, daemon=True)
        self._thread.start()

    def publish(self, *keys: SigningKey) -> None:
        """Replaces the published key set."""
        self.keys = [key.jwk for key in keys]

    def close(self) -> None:
        """Stops serving (once)."""
        if self._closed:
            return
        self._closed = True
        self._httpd.shutdown()
        self._httpd.server_close()


@pytest.fixture
def idp() -> Iterator[JwksServer]:
    server = JwksServer()
    yield server
    server.close()


@pytest.fixture
def service(idp: JwksServer, tmp_path: Path, mongodb_uri: str) -> Iterator[LiveService]:
    with live_service(
        tmp_path,
        mongodb_uri,
        jwks_url=idp.url,
        jwt_issuer=ISSUER,
        roles_claim="realm_access.roles",
        environment="production",
    ) as live:
        yield live


def _roles(*roles: str) -> dict[str, Any]:
    return {"roles": None, "realm_access": {"roles": list(roles)}}


def _hs256_keyed_with(secret: bytes, payload: dict[str, Any]) -> str:
    """Returns the classic key-confusion forgery (PyJWT itself refuses to make one)."""

    def b64(data: bytes) -> bytes:
        return base64.urlsafe_b64encode(data).rstrip(b"=")

    header = {"alg": "HS256", "typ": "JWT", "kid": "rsa-1"}
    signing_input = b64(json.dumps(header).encode()) + b"." + b64(json.dumps(payload).encode())
    signature = hmac.new(secret, signing_input, hashlib.sha256).digest()
    return (signing_input + b"." + b64(signature)).decode()


def _status(service: LiveService, token: str, query: str = ME) -> int:
    return service.post_graphql(query, token=token).status_code


def test_tokens_signed_with_the_published_keys_are_accepted(
    idp: JwksServer, service: LiveService
) -> None:
    rsa_key, ec_key = SigningKey("rsa-1", "RS256"), SigningKey("ec-1", "ES256")
    idp.publish(rsa_key, ec_key)
    created = service.graphql(CREATE, token=rsa_key.sign(service.settings, **_roles("author")))
    assert created["data"]["createPostmortem"]["authors"] == ["mallory"]
    assert _status(service, ec_key.sign(service.settings, **_roles("reviewer"))) == 200
    # The file exports use the same (JWKS-proven) caller as GraphQL.
    compliance = rsa_key.sign(service.settings, **_roles("compliance"))
    export = service.http.get(
        "/exports/audit.ndjson", headers={"Authorization": f"Bearer {compliance}"}
    )
    assert export.status_code == 200
    assert len(export.text.splitlines()) == service.app.head_position()
    author = rsa_key.sign(service.settings, **_roles("author"))
    refused = service.http.get(
        "/exports/audit.ndjson", headers={"Authorization": f"Bearer {author}"}
    )
    assert refused.status_code == 403


def test_roles_come_from_the_configured_claim_path(idp: JwksServer, service: LiveService) -> None:
    key = SigningKey("rsa-1", "RS256")
    idp.publish(key)
    # `roles` at the top level is not the configured claim: it grants nothing.
    top_level_only = key.sign(service.settings, roles=["author"])
    refused = service.graphql(CREATE, token=top_level_only)["data"]["createPostmortem"]
    assert refused["__typename"] == "NotPermitted"
    assert service.app.head_position() == 0


def test_a_rotated_key_is_accepted_once_the_set_changes_without_a_restart(
    idp: JwksServer, service: LiveService
) -> None:
    old, new = SigningKey("2025-06", "RS256"), SigningKey("2025-07", "RS256")
    idp.publish(old)
    assert _status(service, old.sign(service.settings)) == 200
    idp.publish(new)
    assert _status(service, new.sign(service.settings)) == 200
    assert idp.fetches == 2
    # Keys are cached: more requests fetch nothing.
    assert _status(service, new.sign(service.settings)) == 200
    assert idp.fetches == 2


def test_unknown_key_ids_refetch_the_set_at_most_once_per_cooldown(
    idp: JwksServer, service: LiveService
) -> None:
    known = SigningKey("known", "ES256")
    idp.publish(known)
    assert _status(service, known.sign(service.settings)) == 200
    for kid in ("invented-1", "invented-2", "invented-3"):
        forged = SigningKey(kid, "ES256")
        assert _status(service, forged.sign(service.settings)) == 401
    assert idp.fetches == 2


def test_tokens_not_signed_by_the_identity_provider_are_refused(
    idp: JwksServer, service: LiveService
) -> None:
    key = SigningKey("rsa-1", "RS256")
    idp.publish(key)
    settings = service.settings
    impostor = SigningKey("rsa-1", "RS256")  # same kid, different private key
    now = int(time.time())
    refused = {
        "signed by another key": impostor.sign(settings),
        "HS256 with the dev secret": jwt.encode(
            claims(settings), settings.jwt_secret.get_secret_value(), "HS256"
        ),
        "HS256 keyed with the public key": _hs256_keyed_with(key.public_pem(), claims(settings)),
        "alg none": jwt.encode(claims(settings), None, "none", headers={"kid": "rsa-1"}),
        "no kid": jwt.encode(claims(settings), key.private, "RS256"),
        "wrong issuer": key.sign(settings, iss="https://other-idp.example"),
        "wrong audience": key.sign(settings, aud="another-api"),
        "expired": key.sign(settings, iat=now - 7200, nbf=now - 7200, exp=now - 3600),
        "not yet valid": key.sign(settings, nbf=now + 3600),
    }
    before = snapshot(service)
    for problem, token in refused.items():
        response = service.post_graphql(CREATE, token=token)
        assert response.status_code == 401, problem
    assert snapshot(service) == before


def test_an_unreachable_key_set_refuses_tokens_without_crashing(
    idp: JwksServer, service: LiveService
) -> None:
    key = SigningKey("rsa-1", "RS256")
    idp.close()
    response = service.post_graphql(ME, token=key.sign(service.settings))
    assert response.status_code == 401
    assert "JWKS" in response.json()["errors"][0]["message"]
