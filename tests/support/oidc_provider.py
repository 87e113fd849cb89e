"""A minimal OpenID Connect identity provider on 127.0.0.1 for the sign-in test: discovery,
an authorization endpoint that signs one user in at once, a token endpoint that checks the
PKCE code verifier (S256) and issues RS256 tokens, and the JWKS that verifies them."""

from __future__ import annotations

import base64
import hashlib
import json
import secrets
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit

import jwt
from cryptography.hazmat.primitives.asymmetric import rsa
from jwt.algorithms import RSAAlgorithm


def s256(verifier: str) -> str:
    """The PKCE S256 code challenge of a verifier (RFC 7636 §4.2)."""
    digest = hashlib.sha256(verifier.encode("ascii")).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode("ascii")


class OidcProvider:
    """Signs `user` in with `roles`; records every authorization and token request."""

    def __init__(self, *, client_id: str, audience: str, user: str, roles: list[str]) -> None:
        self.client_id, self.audience, self.user, self.roles = client_id, audience, user, roles
        self.key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        jwk = RSAAlgorithm.to_jwk(self.key.public_key(), as_dict=True)
        self.jwk = {**jwk, "kid": "test-key", "alg": "RS256", "use": "sig"}
        self.authorizations: list[dict[str, str]] = []
        self.token_requests: list[dict[str, str]] = []
        self.issued: list[str] = []
        self._codes: dict[str, dict[str, str]] = {}
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.issuer = f"http://127.0.0.1:{self._server.server_address[1]}"
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    def __enter__(self) -> OidcProvider:
        self._thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self._server.shutdown()
        self._server.server_close()

    def _sign(self, claims: dict[str, Any]) -> str:
        return jwt.encode(claims, self.key, "RS256", headers={"kid": "test-key"})

    def discovery(self) -> dict[str, Any]:
        return {
            "issuer": self.issuer,
            "authorization_endpoint": f"{self.issuer}/authorize",
            "token_endpoint": f"{self.issuer}/token",
            "jwks_uri": f"{self.issuer}/jwks",
            "response_types_supported": ["code"],
            "code_challenge_methods_supported": ["S256"],
            "subject_types_supported": ["public"],
            "id_token_signing_alg_values_supported": ["RS256"],
        }

    def authorize(self, query: dict[str, str]) -> tuple[int, dict[str, str], bytes]:
        self.authorizations.append(query)
        if query.get("client_id") != self.client_id or query.get("code_challenge_method") != "S256":
            return 400, {}, b"bad authorization request"
        code = secrets.token_urlsafe(16)
        self._codes[code] = query
        target = f"{query['redirect_uri']}?{urlencode({'code': code, 'state': query['state']})}"
        return 302, {"Location": target}, b""

    def token(self, form: dict[str, str]) -> tuple[int, dict[str, Any]]:
        self.token_requests.append(form)
        asked = self._codes.pop(form.get("code", ""), None)
        if (
            asked is None
            or form.get("grant_type") != "authorization_code"
            or form.get("redirect_uri") != asked["redirect_uri"]
            or s256(form.get("code_verifier", "")) != asked["code_challenge"]
        ):
            return 400, {"error": "invalid_grant"}
        now = int(time.time())
        common = {"iss": self.issuer, "sub": self.user, "iat": now, "nbf": now, "exp": now + 600}
        access = self._sign({**common, "aud": self.audience, "roles": self.roles})
        identity = self._sign({**common, "aud": self.client_id, "roles": self.roles})
        self.issued.append(access)
        body = {"access_token": access, "id_token": identity, "token_type": "Bearer"}
        return 200, {**body, "expires_in": 600, "scope": asked.get("scope", "openid")}

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        provider = self

        class Handler(BaseHTTPRequestHandler):
            def _send(self, status: int, body: bytes, headers: dict[str, str]) -> None:
                self.send_response(status)
                for name, value in headers.items():
                    self.send_header(name, value)
                self.send_header("Access-Control-Allow-Origin", "*")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def _json(self, status: int, value: Any) -> None:
                self._send(status, json.dumps(value).encode(), {"Content-Type": "application/json"})

            def do_OPTIONS(self) -> None:
                self._send(204, b"", {"Access-Control-Allow-Headers": "*",
                                      "Access-Control-Allow-Methods": "GET, POST"})  # fmt: skip

            def do_GET(self) -> None:
                url = urlsplit(self.path)
                query = {k: v[0] for k, v in parse_qs(url.query).items()}
                if url.path == "/.well-known/openid-configuration":
                    self._json(200, provider.discovery())
                elif url.path == "/jwks":
                    self._json(200, {"keys": [provider.jwk]})
                elif url.path == "/authorize":
                    self._send(*reversed_args(provider.authorize(query)))
                else:
                    self._json(404, {"error": "not found"})

            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length", "0"))
                form = {k: v[0] for k, v in parse_qs(self.rfile.read(length).decode()).items()}
                if urlsplit(self.path).path == "/token":
                    self._json(*provider.token(form))
                else:
                    self._json(404, {"error": "not found"})

            def log_message(self, *_: object) -> None:
                pass

        return Handler


def reversed_args(answer: tuple[int, dict[str, str], bytes]) -> tuple[int, bytes, dict[str, str]]:
    """(status, headers, body) as `_send` takes it."""
    status, headers, body = answer
    return status, body, headers
