"""The web app's whole story in a real headless Chromium against the real service: an author
writes the seed's OAuth-token postmortem from scratch and submits it; two reviewers (separate
browser contexts) comment, request changes and approve; the author's edit racing a reviewer's
comment shows the conflict view and is kept; a reviewer publishes; a compliance officer exports
the audit trail and finds the postmortem in the compliance report. Every page is checked with
axe-core and saved as a screenshot (test artefacts)."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from service.demo.dataset import PostmortemSpec, oauth_outage
from tests.support.browser import (
    assert_accessible,
    assert_no_page_errors,
    chromium,
    new_page,
    screenshot,
    sign_in,
)
from tests.support.live import LiveService
from tests.support.security import live_service

SEED = oauth_outage()


@pytest.fixture(scope="module")
def web(tmp_path_factory: pytest.TempPathFactory, mongodb_uri: str) -> Iterator[LiveService]:
    """The whole service (development settings: dev sign-in on) for this module."""
    with live_service(tmp_path_factory.mktemp("web"), mongodb_uri) as service:
        yield service


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    """Headless Chromium; missing Chromium fails the tests."""
    with chromium() as started:
        yield started


def minute(value: object) -> str:
    """A datetime as an <input type="datetime-local"> value (UTC)."""
    return value.strftime("%Y-%m-%dT%H:%M")  # type: ignore[attr-defined]


def check_page(page: Page, name: str) -> Path:
    """axe-core, no script or CSP errors, and a screenshot."""
    assert_accessible(page, name)
    assert_no_page_errors(page)
    return screenshot(page, name)


def saved(page: Page, label: str) -> None:
    message = re.compile(rf"^{re.escape(label)} saved \(version \d+\)\.")
    expect(page.get_by_text(message)).to_be_visible()


def write_postmortem(page: Page, spec: PostmortemSpec) -> str:
    """Creates the postmortem through the UI, writes every section and returns its id."""
    page.get_by_role("link", name="New postmortem").click()
    form = page.get_by_role("form", name="New postmortem")
    form.get_by_label("Title").fill(spec.title)
    form.get_by_label("Severity").select_option(spec.severity)
    form.get_by_label("Team").fill(spec.team)
    form.get_by_label("Services (comma-separated)").fill(", ".join(spec.services))
    form.get_by_label("Tags (comma-separated)").fill(", ".join(spec.tags))
    form.get_by_label("Started (UTC)").fill(minute(spec.started_at))
    form.get_by_label("Detected (UTC)").fill(minute(spec.detected_at))
    form.get_by_label("Mitigated (UTC)").fill(minute(spec.mitigated_at))
    form.get_by_label("Resolved (UTC)").fill(minute(spec.resolved_at))
    form.get_by_role("button", name="Create draft").click()
    expect(page).to_have_url(re.compile(r"/postmortems/[0-9a-f-]{36}/edit$"))
    postmortem_id = page.url.split("/")[-2]

    page.get_by_label("Summary for non-technical readers").fill(spec.summary)
    page.get_by_role("button", name="Save summary").click()
    saved(page, "Summary")

    add_entry = page.get_by_role("form", name="Add a timeline entry")
    for entry in spec.timeline:
        add_entry.get_by_label("Time (UTC)").fill(minute(entry.at))
        add_entry.get_by_label("Kind").select_option(entry.kind.upper())
        add_entry.get_by_label("What happened").fill(entry.description)
        add_entry.get_by_label("Source").fill(entry.source)
        add_entry.get_by_role("button", name="Add entry").click()
        expect(page.locator("ol.timeline")).to_contain_text(entry.description)

    rca = page.get_by_role("form", name="Root cause analysis")
    for index, (why, because) in enumerate(spec.whys, start=1):
        rca.get_by_role("button", name="Add a why").click()
        rca.get_by_label(f"Why {index}", exact=True).fill(why)
        rca.get_by_label(f"Because {index}", exact=True).fill(because)
    rca.get_by_label("Root cause statement").fill(spec.root_cause_statement)
    rca.get_by_label("Root cause category").select_option(spec.root_cause_category.upper())
    rca.get_by_label("Contributing factors (one per line)").fill(
        "\n".join(spec.contributing_factors)
    )
    rca.get_by_role("button", name="Save root cause analysis").click()
    saved(page, "Root cause analysis")

    impact = page.get_by_role("form", name="Impact")
    impact.get_by_label("Users affected", exact=True).fill(str(spec.users_affected_count))
    impact.get_by_label("Users affected (%)").fill(str(spec.users_affected_percent))
    impact.get_by_label("Support tickets").fill(str(spec.support_tickets))
    impact.get_by_label("Revenue loss").fill(str(spec.revenue_loss))
    impact.get_by_label("Currency (ISO 4217)").fill("USD")
    impact.get_by_label("Engineers responding").fill(str(spec.engineers))
    impact.get_by_label("Hours each").fill(str(spec.engineer_hours))
    impact.get_by_label("Customer-facing").select_option("yes")
    impact.get_by_label("SLA breached").select_option("yes")
    impact.get_by_role("button", name="Save impact").click()
    saved(page, "Impact")

    lessons = page.get_by_role("form", name="What went well and what didn't")
    lessons.get_by_label("What went well (one per line)").fill("\n".join(spec.went_well))
    lessons.get_by_label("What didn't go well (one per line)").fill("\n".join(spec.went_badly))
    lessons.get_by_role("button", name="Save lessons").click()
    saved(page, "What went well and what didn't")

    add_item = page.get_by_role("form", name="Add an action item")
    for item in spec.action_items:
        add_item.get_by_label("Action item", exact=True).fill(item.title)
        add_item.get_by_label("Owner (team or person)").fill(item.owner)
        add_item.get_by_label("Due date").fill(item.due_date.isoformat())
        add_item.get_by_label("Priority").select_option(item.priority)
        add_item.get_by_role("button", name="Add action item").click()
        expect(page.locator("ul.items")).to_contain_text(item.title)
    for item in spec.action_items:
        if item.status != "open":
            page.get_by_label(f"Status of {item.title}").select_option(item.status.upper())
            if item.status == "done":
                # DONE asks when the work was done (default: now, in the organisation's zone).
                done = page.get_by_role("form", name=f"Completion of {item.title}")
                expect(done.get_by_label("Work done at (UTC)")).not_to_have_value("")
                done.get_by_role("button", name="Mark done").click()
                expect(page.locator("ul.items")).to_contain_text(re.compile(r"\(done \d{4}-"))
            expect(page.get_by_label(f"Status of {item.title}")).to_have_value(item.status.upper())
    return postmortem_id


def test_the_whole_story(web: LiveService, browser: Browser, tmp_path: Path) -> None:
    base = web.url
    author_ctx, author = new_page(browser)
    sign_in(author, base, "alice", ["author"], check=True)
    check_page(author, "01-list-empty")

    # The first reviewer watches the review queue while the author writes.
    rita_ctx, rita = new_page(browser)
    sign_in(rita, base, "rita", ["reviewer"])
    rita.get_by_role("link", name="Review queue").click()
    empty = rita.get_by_role("status").filter(has_text="Nothing is waiting for you.")
    expect(empty).to_be_visible()

    postmortem_id = write_postmortem(author, SEED)
    ready = author.get_by_role("status").filter(has_text="Everything the review policy")
    expect(ready).to_be_visible()
    expect(author.locator(".checklist li.missing")).to_have_count(0)
    check_page(author, "02-editor")
    author.get_by_role("button", name="Submit for review").click()
    expect(author).to_have_url(f"{base}/postmortems/{postmortem_id}")
    expect(author.locator(".badge.state-in_review").first).to_be_visible()

    # It appears in the reviewer's queue without a reload; she comments and requests changes.
    expect(rita.get_by_role("status").filter(has_text="1 waiting")).to_contain_text("updates live")
    rita.get_by_role("link", name=SEED.title).click()
    expect(rita).to_have_url(f"{base}/postmortems/{postmortem_id}/review")
    expect(rita.get_by_role("status").filter(has_text="0 of 2 approvals")).to_be_visible()
    root_comment = rita.get_by_role("form", name="Comment on Root cause analysis")
    root_comment.get_by_label("Comment on Root cause analysis").fill(
        "Which static-config default was it? Link the config change."
    )
    root_comment.get_by_role("button", name="Add comment").click()
    expect(rita.get_by_role("list", name="Comments on Root cause analysis")).to_contain_text(
        "static-config default"
    )
    check_page(rita, "03-review")
    request = rita.get_by_role("form", name="Request changes")
    request.get_by_label("Section").select_option("SUMMARY")
    request.get_by_label("What needs to change").fill("Say which users could not sign in.")
    request.get_by_role("button", name="Request changes").click()
    expect(rita.locator(".badge.state-changes_requested").first).to_be_visible()

    # The author edits the summary while the second reviewer comments: the save conflicts,
    # the conflict view shows the comment, and reapplying keeps the author's edit.
    author.goto(f"{base}/postmortems/{postmortem_id}/edit")
    expect(author.get_by_role("list", name="All comments")).to_contain_text("which users")
    new_summary = SEED.summary + " Users on the mobile app were affected the longest."
    author.get_by_label("Summary for non-technical readers").fill(new_summary)

    victor_ctx, victor = new_page(browser)
    sign_in(victor, base, "victor", ["reviewer"])
    victor.goto(f"{base}/postmortems/{postmortem_id}/review")
    summary_comment = victor.get_by_role("form", name="Comment on Summary")
    summary_comment.get_by_label("Comment on Summary").fill("Add the support ticket count too.")
    summary_comment.get_by_role("button", name="Add comment").click()
    expect(victor.get_by_role("list", name="Comments on Summary")).to_contain_text("ticket count")

    author.get_by_role("button", name="Save summary").click()
    conflict = author.get_by_role("region", name=re.compile("Not saved: this postmortem changed"))
    expect(conflict).to_be_visible()
    what_changed = conflict.get_by_role("region", name=re.compile("^Changes from version"))
    expect(what_changed).to_contain_text("ticket count")
    expect(author.get_by_label("Summary for non-technical readers")).to_have_value(new_summary)
    check_page(author, "04-editor-conflict")
    conflict.get_by_role("button", name=re.compile(r"^Reapply my edit on version \d+")).click()
    saved(author, "Summary")
    expect(conflict).to_have_count(0)
    expect(author.get_by_label("Summary for non-technical readers")).to_have_value(new_summary)
    author.get_by_role("button", name="Submit for review").click()
    expect(author.locator(".badge.state-in_review").first).to_be_visible()

    # Both reviewers approve; the first one reads what changed meanwhile, then publishes.
    rita.goto(f"{base}/postmortems/{postmortem_id}/review")
    summary = rita.get_by_role("region", name="Summary").get_by_role("paragraph").first
    expect(summary).to_contain_text("Users on the mobile app were affected the longest.")
    rita.get_by_role("button", name=re.compile(r"^Approve version \d+")).click()
    expect(rita.get_by_role("status").filter(has_text="1 of 2 approvals")).to_be_visible()
    victor.goto(f"{base}/postmortems/{postmortem_id}/review")
    victor.get_by_role("button", name=re.compile(r"^Approve version \d+")).click()
    expect(victor.get_by_role("status").filter(has_text="2 of 2 approvals")).to_be_visible()
    changed = rita.get_by_role("heading", name=re.compile("Changed while you were reading"))
    expect(changed).to_be_visible()
    expect(rita.get_by_role("status").filter(has_text="policy met")).to_be_visible()
    check_page(rita, "05-review-approved")
    rita.get_by_role("button", name="I have read the changes").click()
    rita.get_by_role("button", name="Publish").click()
    expect(rita.locator(".badge.state-published").first).to_be_visible()

    author.goto(f"{base}/postmortems/{postmortem_id}")
    expect(author.get_by_role("heading", name="Published revisions")).to_be_visible()
    expect(author.get_by_role("row", name=re.compile("Revision 1"))).to_contain_text("rita")
    done_item = next(item for item in SEED.action_items if item.status == "done")
    expect(author.get_by_role("row", name=re.compile(re.escape(done_item.title)))).to_contain_text(
        re.compile(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC")
    )
    exports = author.get_by_role("group", name="Export")
    with author.expect_download() as markdown_download:
        exports.get_by_role("button", name="Markdown (.md)").click()
    markdown = tmp_path / "postmortem.md"
    markdown_download.value.save_as(markdown)
    assert postmortem_id in markdown.read_text()  # the front matter names it
    with author.expect_download() as csv_download:
        exports.get_by_role("button", name="Timeline (.csv)").click()
    timeline = tmp_path / "timeline.csv"
    csv_download.value.save_as(timeline)
    assert len(list(csv.DictReader(io.StringIO(timeline.read_text())))) == len(SEED.timeline)
    check_page(author, "06-published")
    # Another zone for this browser redraws every time (with its offset) and changes no value.
    author.get_by_label("Time zone").select_option("Asia/Tokyo")
    started_tokyo = (SEED.started_at + timedelta(hours=9)).strftime("%Y-%m-%d %H:%M UTC+09:00")
    expect(author.get_by_text(started_tokyo).first).to_be_visible()
    expect(author.get_by_role("columnheader", name="Time (Asia/Tokyo)")).to_be_visible()
    author.get_by_label("Time zone").select_option("")
    expect(author.get_by_role("columnheader", name="Time (UTC)")).to_be_visible()
    author.goto(f"{base}/?view=action-items")
    expect(author.get_by_role("table")).to_contain_text("Publish new keys 24h before signing")
    check_page(author, "07-my-action-items")
    author.get_by_role("link", name="All postmortems").click()
    author.get_by_role("checkbox", name="Published").check()
    author.get_by_label("Search all sections").fill("signing-key")
    author.get_by_role("button", name="Apply filters").click()
    expect(author.get_by_role("status").filter(has_text="1 postmortem")).to_be_visible()
    expect(author).to_have_url(
        re.compile(r"state=PUBLISHED.*q=signing-key|q=signing-key.*state=PUBLISHED")
    )
    author.get_by_label("Sort by").select_option("SEVERITY")
    expect(author).to_have_url(re.compile(r"sort=SEVERITY"))
    expect(author.get_by_role("columnheader", name="Severity")).to_have_attribute(
        "aria-sort", "descending"
    )
    expect(author.get_by_role("status").filter(has_text="1 postmortem")).to_be_visible()
    check_page(author, "08-list")
    author.goto(f"{base}/?view=drafts")
    expect(author.get_by_role("status").filter(has_text="0 postmortems")).to_be_visible()

    # The compliance officer: audit trail, export, chain, report, point in time.
    cora_ctx, cora = new_page(browser)
    sign_in(cora, base, "cora", ["compliance"])
    cora.get_by_role("link", name="Compliance").click()
    trail = cora.get_by_role("form", name="Filter the audit trail")
    trail.get_by_label("Postmortem id").fill(postmortem_id)
    trail.get_by_role("button", name="Apply filters").click()
    expect(cora.locator("table.audit")).to_contain_text("Published")
    with cora.expect_download() as download_info:
        cora.get_by_role("button", name="Export CSV").click()
    exported = tmp_path / "audit.csv"
    download_info.value.save_as(exported)
    rows = list(csv.DictReader(io.StringIO(exported.read_text())))
    assert {row["postmortem_id"] for row in rows} == {postmortem_id}
    events = [row["event_type"] for row in rows]
    assert events[0] == "Published"  # newest first, as on screen
    assert events[-1] == "Created"
    assert {"ChangesRequested", "Approved", "ReviewCommentAdded"} <= set(events)
    cora.get_by_role("button", name="Verify the audit chain").click()
    expect(cora.get_by_text(re.compile(r"Chain intact: \d+ entries verified"))).to_be_visible()
    check_page(cora, "09-audit-trail")

    cora.get_by_role("link", name="Compliance report").click()
    period = cora.get_by_role("form", name="Report period and scope")
    period.get_by_label("Incidents resolved from").fill("2025-07-01")
    period.get_by_label("Through (included)").fill("2025-07-31")
    period.get_by_role("button", name="Run report").click()
    case = cora.get_by_role("row", name=re.compile(re.escape(SEED.title))).first
    expect(case).to_contain_text("Breached")
    evidence = cora.get_by_role("table", name="Review evidence of each publication")
    expect(evidence).to_contain_text("rita")
    expect(evidence).to_contain_text("victor")
    check_page(cora, "10-compliance-report")

    cora.get_by_role("link", name="Point in time").click()
    point = cora.get_by_role("form", name="Which postmortem, at which version or time")
    point.get_by_label("Postmortem id").fill(postmortem_id)
    published = next(row["version"] for row in rows if row["event_type"] == "Published")
    point.get_by_label("Version").fill(published)
    point.get_by_role("button", name="Show").click()
    shown = cora.get_by_role("status").filter(has_text=f"at version {published}")
    expect(shown).to_contain_text(SEED.title)
    # The compliance reading rule lets the officer see the first draft as it was, too.
    point.get_by_label("Version").fill("1")
    point.get_by_role("button", name="Show").click()
    first = cora.get_by_role("status").filter(has_text="at version 1")
    expect(first).to_contain_text("Draft")
    check_page(cora, "11-point-in-time")

    cora.get_by_role("link", name="Recurring incidents").click()
    window = cora.get_by_role("form", name="Time window")
    window.get_by_label("Incidents started from").fill("2025-01-01")
    window.get_by_label("Before").fill("2026-01-01")
    window.get_by_role("button", name="Show").click()
    trends = cora.get_by_role("table", name="Incidents per month", include_hidden=True)
    expect(trends).to_contain_text("Configuration")
    expect(cora.locator(".recharts-bar-rectangle").first).to_be_visible()
    metrics = cora.get_by_role(
        "table", name="Time to resolve per month", exact=True, include_hidden=True
    )
    expect(metrics).to_contain_text("2025-07")
    by_service = cora.get_by_role(
        "table", name="Time to resolve per month, service and severity", include_hidden=True
    )
    for service in SEED.services:  # an incident of several services counts in each
        expect(by_service).to_contain_text(service)
    expect(cora.locator("circle.recharts-line-dot").first).to_be_visible()  # the month with data
    check_page(cora, "12-recurring")

    for context in (author_ctx, rita_ctx, victor_ctx, cora_ctx):
        context.close()
