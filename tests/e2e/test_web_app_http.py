"""The web app as the service serves it (no Node): the committed bundle at `/`, the SPA
fallback for client routes, cache and security headers, and the API routes unchanged."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from service.api.webapp import DIST
from tests.support.live import LiveService
from tests.support.security import live_service


@pytest.fixture(scope="module")
def web(tmp_path_factory: pytest.TempPathFactory, mongodb_uri: str) -> Iterator[LiveService]:
    with live_service(tmp_path_factory.mktemp("web"), mongodb_uri) as service:
        yield service


def test_the_committed_bundle_is_in_the_python_package() -> None:
    index = (DIST / "index.html").read_text()
    scripts = re.findall(r'src="/assets/([^"]+\.js)"', index)
    assert scripts, index
    for name in scripts:
        assert (DIST / "assets" / name).is_file()


@pytest.mark.parametrize("path", ["/", "/postmortems/new", "/compliance/report", "/signin"])
def test_every_page_of_the_app_is_its_index_page_without_a_token(
    web: LiveService, path: str
) -> None:
    response = web.http.get(path)
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    assert '<div id="root">' in response.text
    csp = response.headers["content-security-policy"]
    assert "script-src 'self';" in csp
    assert "'unsafe-inline'" not in csp
    assert "connect-src 'self';" in csp
    assert response.headers["cache-control"] == "no-store"


def test_assets_are_cached_for_a_year_and_missing_files_are_404(web: LiveService) -> None:
    index = web.http.get("/").text
    script = re.search(r'src="(/assets/[^"]+\.js)"', index)
    assert script is not None
    response = web.http.get(script.group(1))
    assert response.status_code == 200
    assert "javascript" in response.headers["content-type"]
    assert response.headers["cache-control"] == "public, max-age=31536000, immutable"
    assert web.http.get("/assets/nothing-here.js").status_code == 404
    assert web.http.get("/no-such-file.png").status_code == 404
    assert web.http.get("/favicon.svg").status_code == 200


def test_the_api_still_needs_a_token(web: LiveService) -> None:
    assert web.http.post("/graphql", json={"query": "{ me { userId } }"}).status_code == 401
    assert web.http.get("/graphql?query={me{userId}}").status_code == 401
    assert web.http.get("/exports/audit.csv").status_code == 401
    assert web.http.get("/graphql/anything").status_code == 401
    assert web.http.post("/", json={}).status_code == 401  # only GETs are pages
    assert web.http.get("/healthz").json() == {"status": "ok"}


def test_the_web_source_and_the_bundle_are_in_the_repository() -> None:
    root = Path(__file__).resolve().parents[2]
    assert (root / "web" / "package-lock.json").is_file()
    assert (root / "web" / "codegen.yml").read_text().count("../schema/schema.graphql") == 1
