"""Exports of one postmortem over real HTTP (real event store, real MongoDB-wire server):
the seed "OAuth token outage" as Markdown, HTML, PDF and timeline CSV, with the read rules."""

from __future__ import annotations

import csv
import io
from typing import Any

import httpx
import pytest
import yaml
from pypdf import PdfReader

from service.rendering.markdown import SECTION_TITLES
from tests.support.live import LiveService
from tests.support.postmortem_graphql import create_input, run, write_seed_content
from tests.support.subjects import wait_for_version
from tests.unit import factories as seed

EXPORTS = """query Links($id: ID!) {
  postmortem(id: $id) { version exports { markdown html pdf timelineCsv } }
}"""


def _get(service: LiveService, path: str, user: str, roles: tuple[str, ...]) -> httpx.Response:
    token = service.token(user, roles)
    return service.http.get(path, headers={"Authorization": f"Bearer {token}"})


def _seed_draft(service: LiveService) -> dict[str, Any]:
    created = run(service, "createPostmortem", "$input: CreatePostmortemInput!",
                  {"input": create_input()}, with_id=False)  # fmt: skip
    draft = write_seed_content(service, created["id"], version=1)
    wait_for_version(service, draft["id"], draft["version"])
    return draft


def _pdf_text(body: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(body)).pages)


def test_the_seed_exports_as_markdown_html_and_pdf_with_every_section(
    service: LiveService,
) -> None:
    draft = _seed_draft(service)
    links = service.graphql(EXPORTS, {"id": draft["id"]})["data"]["postmortem"]["exports"]
    assert links["markdown"] == f"/postmortems/{draft['id']}.md"

    markdown = _get(service, links["markdown"], "alice", ("author",))
    assert markdown.status_code == 200, markdown.text
    assert markdown.headers["content-type"] == "text/markdown; charset=utf-8"
    assert "attachment" in markdown.headers["content-disposition"]
    matter = yaml.safe_load(markdown.text.split("---\n")[1])
    assert (matter["id"], matter["version"], matter["state"]) == (draft["id"], 15, "DRAFT")
    assert (matter["severity"], matter["started_at"]) == ("SEV2", "2025-07-15T17:42:00Z")

    html = _get(service, links["html"], "alice", ("author",))
    assert html.status_code == 200
    assert html.headers["content-type"] == "text/html; charset=utf-8"
    assert "script-src" not in html.headers["content-security-policy"]

    pdf = _get(service, links["pdf"], "alice", ("author",))
    assert pdf.status_code == 200
    assert pdf.headers["content-type"] == "application/pdf"
    pdf_text = _pdf_text(pdf.content)
    compact = "".join(pdf_text.split())

    for title in SECTION_TITLES:
        assert f"## {title}" in markdown.text
        assert f"<h2>{title}</h2>" in html.text
        assert title in " ".join(pdf_text.split())
    assert "ActionitemOwnerDuePriorityStatusTracker" in compact
    for title, owner, due, priority, _ in seed.ACTION_ITEMS:
        assert title in markdown.text
        assert title in html.text
        assert "".join(title.split()) in compact
        assert "".join((owner, due.isoformat(), priority.value, "Open")) in compact
    for _, _, description, _ in seed.TIMELINE:
        assert description in markdown.text
    assert seed.ROOT_CAUSE.statement in markdown.text
    assert seed.IMPACT.notes in html.text


def test_the_timeline_exports_as_csv(service: LiveService) -> None:
    draft = _seed_draft(service)
    response = _get(service, f"/postmortems/{draft['id']}/timeline.csv", "alice", ("author",))
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(response.text)))
    assert rows[0] == ["at", "kind", "description", "source", "id"]
    assert [(r[0], r[2], r[3]) for r in rows[1:]] == [
        (at.isoformat().replace("+00:00", "Z"), description, source)
        for at, _, description, source in seed.TIMELINE
    ]


@pytest.mark.parametrize("suffix", [".md", ".html", ".pdf", "/timeline.csv"])
def test_a_reader_cannot_export_a_draft_they_may_not_see(service: LiveService, suffix: str) -> None:
    pm = seed.oauth_token_outage(incident_ref=None)
    service.app.save(pm)
    wait_for_version(service, str(pm.id), pm.version)
    path = f"/postmortems/{pm.id}{suffix}"
    hidden = _get(service, path, "bob", ("author",))
    assert hidden.status_code == 404, hidden.text
    assert hidden.json()["errors"][0]["extensions"]["code"] == "NOT_FOUND"
    assert "Token refreshes" not in hidden.text
    assert _get(service, f"{path}?version=1", "bob", ("author",)).status_code == 404
    absent = _get(service, f"/postmortems/{seed.new_draft().id}{suffix}", "bob", ("author",))
    assert absent.status_code == 404
    # Reviewers and compliance officers read every draft (read_rules), so they export it.
    assert _get(service, path, "rita", ("reviewer",)).status_code == 200
    assert _get(service, f"{path}?version=1", "cora", ("compliance",)).status_code == 200
    assert service.http.get(path).status_code == 401


def test_during_an_amendment_a_reader_exports_the_last_published_revision(
    service: LiveService,
) -> None:
    pm = seed.published(seed.oauth_token_outage(incident_ref=None))
    published_version = pm.version
    pm.amend(ctx=seed.ctx(seed.ALICE), reason="Add the second root cause")
    pm.write_summary(ctx=seed.ctx(seed.ALICE), summary="Draft text of the amendment.")
    service.app.save(pm)
    wait_for_version(service, str(pm.id), pm.version)

    reader = _get(service, f"/postmortems/{pm.id}.md", "bob", ("author",))
    assert reader.status_code == 200
    matter = yaml.safe_load(reader.text.split("---\n")[1])
    assert (matter["state"], matter["version"]) == ("PUBLISHED", published_version)
    assert seed.SUMMARY in reader.text
    assert "Draft text of the amendment." not in reader.text
    assert (
        "Draft text of the amendment."
        not in _get(service, f"/postmortems/{pm.id}.html", "bob", ("author",)).text
    )

    author = _get(service, f"/postmortems/{pm.id}.md", "alice", ("author",))
    assert "Draft text of the amendment." in author.text
    assert yaml.safe_load(author.text.split("---\n")[1])["state"] == "DRAFT"

    # Earlier versions: the published one for everyone, drafts only for those who see drafts.
    old = _get(service, f"/postmortems/{pm.id}.md?version={published_version}", "bob", ("author",))
    assert old.status_code == 200
    assert (
        _get(service, f"/postmortems/{pm.id}.md?version=3", "bob", ("author",)).status_code == 404
    )
    first = _get(service, f"/postmortems/{pm.id}.md?version=1", "alice", ("author",))
    assert yaml.safe_load(first.text.split("---\n")[1])["version"] == 1


@pytest.mark.parametrize("query", ["version=0", "version=abc", "version=-1", "format=pdf"])
def test_bad_query_parameters_are_refused(service: LiveService, query: str) -> None:
    pm = seed.new_draft()
    service.app.save(pm)
    wait_for_version(service, str(pm.id), pm.version)
    response = _get(service, f"/postmortems/{pm.id}.md?{query}", "alice", ("author",))
    assert response.status_code == 400
    assert response.json()["errors"][0]["extensions"]["code"] == "BAD_REQUEST"
    too_far = _get(service, f"/postmortems/{pm.id}.md?version=99", "alice", ("author",))
    assert too_far.status_code == 404
