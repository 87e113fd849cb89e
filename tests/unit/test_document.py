"""The plain document of a postmortem and its content hash."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from service.domain import ActionItemStatus, IncidentWindow, Postmortem, Severity
from service.domain.document import hash_content
from tests.unit.factories import ALICE, ctx, new_draft, oauth_token_outage, published

PLAIN = (str, int, float, bool, type(None), datetime)

DOCUMENT_KEYS = {
    "id", "version", "state", "title", "severity", "services", "tags", "team",
    "incident_ref", "window", "authors", "summary", "timeline", "root_cause", "impact",
    "went_well", "went_badly", "action_items", "review_comments", "recurrence_of",
    "approvals", "approval_status", "content_hash", "policy_version", "revision",
    "published_revisions", "amendment_reason", "withdrawn_kind", "withdrawn_reason",
    "created_at", "created_by", "updated_at", "submitted_at", "first_published_at",
    "blameless_warnings", "blameless_warning_count",
}  # fmt: skip


def _assert_plain(value: Any, path: str = "doc") -> None:
    if isinstance(value, dict):
        for key, item in value.items():
            assert isinstance(key, str), path
            _assert_plain(item, f"{path}.{key}")
    elif isinstance(value, list):
        for index, item in enumerate(value):
            _assert_plain(item, f"{path}[{index}]")
    else:
        assert isinstance(value, PLAIN), (path, value)
        if isinstance(value, datetime):
            assert value.tzinfo is not None, path


def test_the_document_has_every_key_and_only_plain_values() -> None:
    doc = published().to_document()
    assert set(doc) == DOCUMENT_KEYS
    _assert_plain(doc)


def test_the_document_uses_strings_for_ids_dates_decimals_and_enums() -> None:
    doc = oauth_token_outage().to_document()
    assert doc["severity"] == "SEV2"
    assert doc["state"] == "DRAFT"
    assert doc["impact"]["revenue_loss"] == {"amount": "120000", "currency": "USD"}
    assert doc["action_items"][1]["due_date"] == date(2025, 8, 1).isoformat()
    assert doc["action_items"][1]["status"] == "open"
    assert doc["timeline"][0]["kind"] == "alert"
    assert doc["root_cause"]["category"] == "configuration"
    assert len(doc["root_cause"]["whys"]) == 4


def test_the_document_shows_derived_downtime_and_approval_status() -> None:
    doc = oauth_token_outage().to_document()
    assert (doc["impact"]["downtime_minutes"], doc["impact"]["downtime_derived"]) == (45, True)
    assert doc["approval_status"] == {"required": 2, "valid_count": 0, "met": False}
    doc = published().to_document()
    assert doc["approval_status"] == {"required": 2, "valid_count": 2, "met": True}
    assert [a["counted"] for a in doc["approvals"]] == [True, True]


def test_the_content_hash_ignores_action_item_status() -> None:
    pm = new_draft()
    item_id = pm.add_action_item(ctx=ctx(ALICE), title="Fix")
    before = pm.content_hash()
    pm.change_action_item_status(ctx=ctx(ALICE), item_id=item_id, status=ActionItemStatus.DONE)
    assert pm.content_hash() == before
    pm.write_summary(ctx=ctx(ALICE), summary="changed")
    assert pm.content_hash() != before


def test_the_content_hash_is_a_sha256_hex_digest() -> None:
    content_hash = oauth_token_outage().content_hash()
    assert len(content_hash) == 64
    assert int(content_hash, 16) >= 0


def test_a_published_revision_copy_cannot_alter_the_stored_revision() -> None:
    pm = published()
    copy = pm.to_document()["published_revisions"][0]
    copy["content"]["summary"] = "tampered"
    assert pm.published_revisions[0].content["summary"] != "tampered"


def test_documents_show_every_time_in_milliseconds_even_for_events_recorded_finer() -> None:
    """Events recorded before times were kept in milliseconds (a window sent with
    microseconds) read as the read model keeps them; the content hash stays the recorded one."""
    fine = IncidentWindow(datetime(2025, 7, 15, 17, 42, 0, 500, tzinfo=UTC))
    pm = Postmortem.create(ctx=ctx(ALICE), title="Outage", severity=Severity.SEV3, window=fine)

    document = pm.to_document()

    assert document["window"]["started_at"] == datetime(2025, 7, 15, 17, 42, tzinfo=UTC)
    assert document["content_hash"] == hash_content(pm.content_document())
    assert pm.content_document()["window"]["started_at"].microsecond == 500
