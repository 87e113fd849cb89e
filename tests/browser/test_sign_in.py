"""Production sign-in in a real Chromium: OIDC authorization code flow with PKCE against an
identity provider the service trusts (its JWKS), and no token in any URL or in the logs."""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Request, expect

from tests.support.browser import assert_no_page_errors, chromium, new_page, screenshot
from tests.support.oidc_provider import OidcProvider
from tests.support.security import live_service

CLIENT_ID = "postmortems-web"


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with chromium() as started:
        yield started


def test_production_signs_in_with_the_identity_provider(
    browser: Browser,
    tmp_path: Path,
    mongodb_uri: str,
    caplog: pytest.LogCaptureFixture,
    capsys: pytest.CaptureFixture[str],
) -> None:
    provider = OidcProvider(client_id=CLIENT_ID, audience="postmortems", user="oscar",
                            roles=["reviewer"])  # fmt: skip
    with (
        provider,
        live_service(
            tmp_path,
            mongodb_uri,
            environment="production",
            jwks_url=f"{provider.issuer}/jwks",
            jwt_issuer=provider.issuer,
            oidc_issuer=provider.issuer,
            oidc_client_id=CLIENT_ID,
        ) as service,
        caplog.at_level(logging.DEBUG),
    ):
        context, page = new_page(browser)
        urls: list[str] = []
        page.on("request", lambda request: urls.append(request.url))
        page.goto(f"{service.url}/review-queue-link")
        expect(page).to_have_url(re.compile(r"/signin\?returnTo=%2Freview-queue-link$"))
        expect(page.get_by_label("User id")).to_have_count(0)  # no development sign-in
        screenshot(page, "00-sign-in-production")
        with page.expect_request(lambda r: r.url.startswith(f"{provider.issuer}/token")) as sent:
            page.get_by_role("button", name=re.compile(r"^Sign in with 127\.0\.0\.1")).click()
        token_request: Request = sent.value
        assert token_request.method == "POST"
        expect(page.get_by_text("Signed in as oscar")).to_be_visible()
        expect(page).to_have_url(f"{service.url}/review-queue-link")  # code and state gone
        expect(page.get_by_role("link", name="Review queue")).to_be_visible()  # role from IdP

        (asked,) = provider.authorizations
        assert asked["code_challenge_method"] == "S256"
        assert asked["response_type"] == "code"
        assert asked["redirect_uri"] == f"{service.url}/signin/callback"
        (exchanged,) = provider.token_requests
        assert "code_verifier" in exchanged
        (access_token,) = provider.issued
        assert not [url for url in urls if access_token in url]
        logged = caplog.text + capsys.readouterr().out
        assert "oscar" in logged  # the request log saw the signed-in user…
        assert access_token not in logged  # …and never the token
        assert exchanged["code"] not in logged
        page.reload()  # the session survives a reload of the tab (sessionStorage)
        expect(page.get_by_text("Signed in as oscar")).to_be_visible()
        assert_no_page_errors(page)
        context.close()
