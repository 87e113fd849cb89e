"""The development GraphiQL page in a real Chromium: on first load it sends nothing with the
placeholder token (no "invalid token: Not enough segments"); it says what to do, and once a
token is pasted under Headers it loads the schema and runs the query with it."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Request, expect

from tests.support.browser import assert_no_page_errors, chromium, new_page, screenshot
from tests.support.live import LiveService

SET_HEADERS = """(text) => {
  const editors = [...document.querySelectorAll('.CodeMirror')].map((el) => el.CodeMirror);
  const headers = editors.find((cm) => cm.getValue().includes('Authorization'));
  headers.setValue(text);
}"""


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with chromium() as started:
        yield started


def test_graphiql_sends_nothing_until_a_token_is_given_then_runs_with_it(
    browser: Browser, service: LiveService
) -> None:
    context, page = new_page(browser)
    sent: list[Request] = []
    page.on("request", lambda r: sent.append(r) if r.method == "POST" else None)
    page.goto(f"{service.url}/graphql")
    expect(page.locator(".graphiql-container")).to_be_visible()
    run = page.locator(".graphiql-execute-button")
    expect(run).to_be_visible()
    page.wait_for_timeout(1_500)  # the schema would be fetched by now
    assert sent == []  # not even the introspection: no request with the placeholder

    run.click()
    result = page.locator(".graphiql-response")
    expect(result).to_contain_text("Add your bearer token first")
    expect(result).not_to_contain_text("Not enough segments")
    assert sent == []
    screenshot(page, "graphiql-no-token")

    token = service.token("alice", ["author"])
    headers = json.dumps({"Authorization": f"Bearer {token}"})
    with page.expect_request(lambda r: r.method == "POST" and "__schema" in (r.post_data or "")):
        page.evaluate(SET_HEADERS, headers)  # the schema loads once a token is there
    run.click()
    expect(result).to_contain_text('"userId": "alice"')
    assert sent
    assert all(r.headers.get("authorization") == f"Bearer {token}" for r in sent)
    assert_no_page_errors(page)
    context.close()
