"""What every HTTP response carries (security headers, request id), CORS, production mode,
and internal errors that reach the client masked while the log keeps the detail."""

from __future__ import annotations

import logging
import re
import secrets
from collections.abc import Iterator
from pathlib import Path

import pytest

from schema.error_codes import ErrorCode
from service.config import Settings
from tests.support.live import LiveService
from tests.support.security import live_service

LIST = "{ postmortems(first: 5) { totalCount } }"
ORIGIN = "https://app.example"


@pytest.fixture(scope="module")
def shared(tmp_path_factory: pytest.TempPathFactory, mongodb_uri: str) -> Iterator[LiveService]:
    with live_service(
        tmp_path_factory.mktemp("surface"), mongodb_uri, cors_origins=[ORIGIN]
    ) as live:
        yield live


@pytest.fixture(scope="module")
def production(tmp_path_factory: pytest.TempPathFactory, mongodb_uri: str) -> Iterator[LiveService]:
    with live_service(
        tmp_path_factory.mktemp("production"),
        mongodb_uri,
        environment="production",
        jwt_secret=secrets.token_hex(32),
    ) as live:
        yield live


def _auth(service: LiveService) -> dict[str, str]:
    return {"Authorization": f"Bearer {service.token('alice', ['author'])}"}


def test_every_response_carries_the_security_headers(shared: LiveService) -> None:
    responses = [
        shared.http.get("/healthz"),
        shared.http.post("/graphql", json={"query": LIST}),  # 401
        shared.http.post("/graphql", json={"query": LIST}, headers=_auth(shared)),
        shared.http.post("/graphql", json={"query": "{"}, headers=_auth(shared)),
    ]
    for response in responses:
        headers = response.headers
        assert headers["x-content-type-options"] == "nosniff"
        assert headers["referrer-policy"] == "no-referrer"
        assert headers["x-frame-options"] == "DENY"
        assert headers["content-security-policy"].startswith("default-src 'none'")
        assert headers["cache-control"] == "no-store"
        assert "strict-transport-security" not in headers  # development: plain HTTP is fine
        assert headers["x-request-id"]


# Refusals outside GraphQL: method, path, and the status, code and `Allow` expected.
REFUSALS = [
    ("PUT", "/graphql", 405, "METHOD_NOT_ALLOWED", "GET, HEAD, POST"),
    ("DELETE", "/graphql", 405, "METHOD_NOT_ALLOWED", "GET, HEAD, POST"),
    ("POST", "/healthz", 405, "METHOD_NOT_ALLOWED", "GET, HEAD"),
    ("POST", "/readyz", 405, "METHOD_NOT_ALLOWED", "GET, HEAD"),
    ("GET", "/webhooks/generic", 405, "METHOD_NOT_ALLOWED", "POST"),
    ("POST", "/exports/audit.csv", 405, "METHOD_NOT_ALLOWED", "GET, HEAD"),
    ("DELETE", "/auth/config", 405, "METHOD_NOT_ALLOWED", "GET, HEAD"),
    ("POST", "/postmortems/new", 405, "METHOD_NOT_ALLOWED", "GET, HEAD"),  # a page
    ("GET", "/exports/nothing.csv", 404, "NOT_FOUND", None),
    ("POST", "/webhooks/nothing", 404, "NOT_FOUND", None),
    ("GET", "/assets/nothing-here.js", 404, "NOT_FOUND", None),
    ("GET", "/no-such-file.png", 404, "NOT_FOUND", None),
    # An export format that does not exist, of a postmortem that may not either.
    ("GET", "/postmortems/6fc80211-0000-4000-8000-000000000000.txt", 404, "NOT_FOUND", None),
    ("POST", "/webhooks/generic", 404, "NOT_CONFIGURED", None),
]


@pytest.mark.parametrize(
    ("method", "path", "status", "code", "allow"),
    REFUSALS,
    ids=[f"{m} {p}" for m, p, *_ in REFUSALS],
)
def test_every_refusal_outside_graphql_is_the_json_envelope_with_a_code(
    shared: LiveService, method: str, path: str, status: int, code: str, allow: str | None
) -> None:
    response = shared.http.request(method, path, headers=_auth(shared))
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == "application/json"
    (error,) = response.json()["errors"]
    assert error["extensions"] == {
        "code": code,
        "correlationId": response.headers["x-request-id"],
    }
    assert error["message"]
    assert response.headers.get("allow") == allow


def test_the_error_codes_are_the_readme_s_table() -> None:
    """Every code an error may carry is documented, and every documented one exists."""
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    table = readme.split("Error codes (`extensions.code`", 1)[1].split("\n\n- ", 1)[0]
    documented = re.findall(r"^ *\| `([A-Z_]+)` \|", table, flags=re.MULTILINE)
    assert documented == [code.value for code in ErrorCode]


def test_the_graphiql_page_loads_every_asset_from_the_service_itself(shared: LiveService) -> None:
    page = shared.http.get("/graphql", headers={"Accept": "text/html"})
    assert page.status_code == 200
    csp = page.headers["content-security-policy"]
    directives = dict(d.strip().split(" ", 1) for d in csp.split(";") if d.strip())
    assert directives["script-src"] == "'self'"
    assert directives["style-src"] == "'self'"
    assert directives["frame-ancestors"] == "'none'"
    assert not re.search(r"https?://|\*", csp), f"the CSP names another host: {csp}"
    assert "postmortems token" in page.text  # the page says how to get and add a token
    assert "Authorization" in page.text
    assets = re.findall(r'(?:src|href)="([^"]+)"', page.text)
    assert len(assets) >= 5, assets  # React, ReactDOM, GraphiQL's script and styles, start.js
    for asset in assets:
        assert asset.startswith("/"), f"{asset} is not served by the service"
        response = shared.http.get(asset)  # no token: the page's assets are public
        assert response.status_code == 200, asset
        if asset.endswith(".css"):  # fonts and icons are inline, never fetched elsewhere
            urls = re.findall(r"url\(([^)]*)\)", response.text)
            assert all(u.strip("'\"").startswith(("data:", "#")) for u in urls), asset


def test_cors_allows_the_configured_origin_only(shared: LiveService) -> None:
    def preflight(origin: str) -> dict[str, str]:
        response = shared.http.options(
            "/graphql",
            headers={
                "Origin": origin,
                "Access-Control-Request-Method": "POST",
                "Access-Control-Request-Headers": "authorization, content-type",
            },
        )
        return dict(response.headers)

    allowed = preflight(ORIGIN)
    assert allowed["access-control-allow-origin"] == ORIGIN
    assert "authorization" in allowed["access-control-allow-headers"].lower()
    assert "access-control-allow-origin" not in preflight("https://evil.example")
    response = shared.http.post(
        "/graphql", json={"query": LIST}, headers={**_auth(shared), "Origin": ORIGIN}
    )
    assert response.headers["access-control-allow-origin"] == ORIGIN
    assert "x-request-id" in response.headers["access-control-expose-headers"].lower()


def test_production_turns_off_introspection_and_graphiql_and_adds_hsts(
    production: LiveService,
) -> None:
    body = production.graphql("{ __schema { types { name } } }")
    assert body["data"] is None
    assert "introspection" in body["errors"][0]["message"].lower()
    page = production.http.get("/graphql", headers={"Accept": "text/html", **_auth(production)})
    assert "graphiql" not in page.text.lower()
    anonymous_page = production.http.get("/graphql", headers={"Accept": "text/html"})
    assert anonymous_page.status_code == 401
    ok = production.http.post("/graphql", json={"query": LIST}, headers=_auth(production))
    assert ok.json() == {"data": {"postmortems": {"totalCount": 0}}}
    assert ok.headers["strict-transport-security"].startswith("max-age=")


def test_an_internal_error_is_masked_for_the_client_and_logged_with_its_request_id(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    # The read store is unreachable: the query fails inside the server.
    unreachable = "mongodb://127.0.0.1:9/?serverSelectionTimeoutMS=300&connectTimeoutMS=300"
    settings = Settings(data_dir=tmp_path, mongodb_uri=unreachable, mongodb_database="x")
    service = LiveService(settings, unreachable, projector=False).start()
    try:
        with caplog.at_level(logging.ERROR, logger="postmortems.graphql"):
            response = service.http.post(
                "/graphql",
                json={"query": LIST},
                headers={**_auth(service), "X-Request-ID": "req-masked-1"},
            )
    finally:
        service.stop()
    assert response.status_code == 200
    error = response.json()["errors"][0]
    assert error["message"] == "Internal server error"
    assert error["extensions"] == {"correlationId": "req-masked-1", "code": "INTERNAL_SERVER_ERROR"}
    assert "127.0.0.1:9" not in response.text
    assert "Traceback" not in response.text
    assert response.headers["x-request-id"] == "req-masked-1"
    logged = [r for r in caplog.records if "req-masked-1" in r.getMessage()]
    assert logged
    assert logged[0].exc_info is not None
