"""Exports of one postmortem (service/rendering): every section, escaping, determinism."""

from __future__ import annotations

import csv
import io
import sys
from html.parser import HTMLParser
from typing import Any

import pytest
import yaml
from markdown_it import MarkdownIt
from pypdf import PdfReader

from service.rendering import (
    PdfUnavailable,
    render_html,
    render_markdown,
    render_pdf,
    render_timeline_csv,
)
from service.rendering.markdown import SECTION_TITLES
from tests.unit import factories as seed

HOSTILE = '<script>alert(1)</script> "><img src=x onerror=alert(2)> | [x](javascript:y) *b*'


def _seed_document() -> dict[str, Any]:
    return seed.published().to_document(seed.POLICY)


def _front_matter(markdown: str) -> dict[str, Any]:
    _, matter, _ = markdown.split("---\n", 2)
    parsed: dict[str, Any] = yaml.safe_load(matter)
    return parsed


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.attributes: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.attributes += [name for name, _ in attrs]


def _tags(html: str) -> _Tags:
    parser = _Tags()
    parser.feed(html)
    return parser


def test_markdown_front_matter_has_identity_state_severity_and_dates() -> None:
    doc = _seed_document()
    matter = _front_matter(render_markdown(doc))
    assert matter["id"] == doc["id"]
    assert matter["version"] == doc["version"]
    assert matter["revision"] == 1
    assert matter["state"] == "PUBLISHED"
    assert matter["severity"] == "SEV2"
    assert matter["incident_ref"] == "INC-2025-0715"
    assert matter["started_at"] == "2025-07-15T17:42:00Z"
    assert matter["resolved_at"] == "2025-07-15T18:27:00Z"
    assert matter["services"] == ["auth-service", "api-gateway"]
    assert matter["published_at"] is not None
    assert matter["content_hash"] == doc["content_hash"]


def test_markdown_shows_every_section_of_the_seed() -> None:
    markdown = render_markdown(_seed_document())
    for title in SECTION_TITLES:
        assert f"\n## {title}\n" in markdown
    assert "### Five whys" in markdown
    assert "Why did validators reject the new key?" in markdown
    assert "Rotation scheduled during peak traffic" in markdown
    assert "1,300 (12%)" in markdown
    assert "120,000 USD" in markdown
    for _, _, description, source in seed.TIMELINE:
        assert description in markdown
        assert source in markdown
    for title, owner, due, priority, _ in seed.ACTION_ITEMS:
        assert f"| {title} | {owner} | {due.isoformat()} | {priority} | Open |" in markdown
    for text in (*seed.WENT_WELL, *seed.WENT_BADLY):
        assert text in markdown


def test_markdown_of_a_new_draft_has_every_section_empty_but_present() -> None:
    markdown = render_markdown(seed.new_draft().to_document(seed.POLICY))
    for title in SECTION_TITLES:
        assert f"\n## {title}\n" in markdown
    assert markdown.count("None recorded.") >= 7
    assert _front_matter(markdown)["state"] == "DRAFT"


def test_markdown_is_deterministic_and_ends_with_one_newline() -> None:
    doc = _seed_document()
    assert render_markdown(doc) == render_markdown(dict(doc))
    assert render_markdown(doc).endswith("|\n")


def test_markdown_escapes_postmortem_text() -> None:
    pm = seed.new_draft()
    ctx = seed.ctx(seed.ALICE)
    pm.write_summary(ctx=ctx, summary="# Not a heading\n- not a list\n1. nor this\n\n" + HOSTILE)
    pm.write_lessons(ctx=ctx, went_well=[HOSTILE], went_badly=[])
    markdown = render_markdown(pm.to_document(seed.POLICY))
    html = MarkdownIt("commonmark").enable("table").render(markdown)
    tags = _tags(html)
    assert "script" not in tags.tags
    assert "img" not in tags.tags
    assert "a" not in tags.tags
    assert "em" not in tags.tags
    assert "onerror" not in tags.attributes
    assert tags.tags.count("h1") == 1  # the title only
    assert "<script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_a_published_revisions_frozen_content_renders_without_status() -> None:
    pm = seed.published()
    content = pm.to_document(seed.POLICY)["published_revisions"][0]["content"]
    markdown = render_markdown(content)
    assert "| Action item | Owner | Due | Priority | Tracker |" in markdown
    assert "Status" not in markdown.split("## Action items")[1]


def test_html_shows_every_section_and_escapes_everything() -> None:
    pm = seed.oauth_token_outage()
    ctx = seed.ctx(seed.ALICE)
    pm.write_summary(ctx=ctx, summary=HOSTILE)
    pm.add_timeline_entry(
        ctx=ctx, at=seed.utc(18, 30), kind=seed.TimelineKind.OTHER, description=HOSTILE,
        source='"><script>x</script>',
    )  # fmt: skip
    html = render_html(pm.to_document(seed.POLICY))
    tags = _tags(html)
    assert "script" not in tags.tags
    assert "img" not in tags.tags
    assert "onerror" not in tags.attributes
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    for title in SECTION_TITLES:
        assert f"<h2>{title}</h2>" in html
    assert html.count("None recorded.") == 1  # related postmortems
    for title, owner, _, _, _ in seed.ACTION_ITEMS:
        assert title in html
        assert f'<td class="nowrap">{owner}</td>' in html


def test_html_loads_nothing() -> None:
    html = render_html(_seed_document())
    tags = _tags(html)
    assert "link" not in tags.tags
    assert "src" not in tags.attributes
    assert "script" not in tags.tags


def test_pdf_text_has_every_section_and_the_action_items_table() -> None:
    pdf = render_pdf(_seed_document())
    assert pdf.startswith(b"%PDF-")
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    flat = " ".join(text.split())
    compact = "".join(text.split())  # table cells wrap inside words
    for title in SECTION_TITLES:
        assert title in flat
    assert "None recorded." in flat
    assert "Action item Owner Due Priority Status Tracker" in flat
    for title, owner, due, priority, tracker in seed.ACTION_ITEMS:
        assert "".join(title.split()) in compact
        assert "".join((owner, due.isoformat(), priority.value, "Open")) in compact
        assert tracker in compact


def test_timeline_csv_rows_in_time_order_with_formula_cells_guarded() -> None:
    pm = seed.new_draft()
    ctx = seed.ctx(seed.ALICE)
    pm.add_timeline_entry(
        ctx=ctx, at=seed.utc(18, 0), kind=seed.TimelineKind.OTHER,
        description='=HYPERLINK("http://x","y")', source="@evil",
    )  # fmt: skip
    pm.add_timeline_entry(
        ctx=ctx, at=seed.utc(17, 50), kind=seed.TimelineKind.ALERT,
        description="multi\nline, with comma", source="-1+1",
    )  # fmt: skip
    rows = list(csv.reader(io.StringIO(render_timeline_csv(pm.to_document(seed.POLICY)))))
    assert rows[0] == ["at", "kind", "description", "source", "id"]
    assert [r[0] for r in rows[1:]] == ["2025-07-15T17:50:00Z", "2025-07-15T18:00:00Z"]
    assert rows[1][2] == "multi\nline, with comma"
    assert rows[1][3] == "'-1+1"
    assert rows[2][2] == '\'=HYPERLINK("http://x","y")'
    assert rows[2][3] == "'@evil"


@pytest.mark.parametrize("key", ["id", "_id"])
def test_read_model_documents_render_too(key: str) -> None:
    doc = _seed_document()
    doc[key] = doc.pop("id")
    assert _front_matter(render_markdown(doc))["id"] == doc[key]


def test_pdf_without_weasyprint_raises_pdf_unavailable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "weasyprint", None)
    with pytest.raises(PdfUnavailable, match="PDF rendering is not available"):
        render_pdf(_seed_document())


def test_front_matter_values_cannot_inject_fields() -> None:
    pm = seed.new_draft()
    title = 'Outage"\nstate: "PUBLISHED\n---\n# injected'
    pm.update_metadata(
        ctx=seed.ctx(seed.ALICE), title=title, severity=pm.severity, window=pm.window,
        services=["a: b", "[c]"], tags=["yes", "2025-07-15"], team="no",
    )  # fmt: skip
    markdown = render_markdown(pm.to_document(seed.POLICY))
    matter = _front_matter(markdown)
    assert matter["title"] == title
    assert matter["state"] == "DRAFT"
    assert (matter["services"], matter["tags"], matter["team"]) == (
        ["a: b", "[c]"], ["yes", "2025-07-15"], "no")  # fmt: skip
    assert markdown.count("\n---\n") == 1  # the front matter's end, nothing else
