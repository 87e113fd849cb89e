"""The generic incident webhook and Opsgenie's over real HTTP: signatures with timestamps,
reposting a growing incident, and Opsgenie's token header."""

from __future__ import annotations

import copy
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.support.live import LiveService
from tests.support.postmortem_graphql import read
from tests.support.subjects import wait_for_version
from tests.support.webhooks import (
    GENERIC_SECRET,
    OPSGENIE_TOKEN,
    body_of,
    generic_headers,
    service_with,
)

REVIEWER: dict[str, Any] = {"user": "rita", "roles": ("reviewer",)}


@pytest.fixture
def importing(tmp_path: Path, mongodb_uri: str) -> Iterator[LiveService]:
    """The service with the generic and Opsgenie webhooks on."""
    with service_with(
        tmp_path, mongodb_uri, import_user_map="alice@example.com=alice",
        generic_webhook_secrets=GENERIC_SECRET, opsgenie_webhook_tokens=OPSGENIE_TOKEN,
    ) as live:  # fmt: skip
        yield live


def _iso(moment: datetime) -> str:
    return moment.isoformat().replace("+00:00", "Z")


def _incident(started: datetime, entries: int) -> dict[str, Any]:
    log = [
        {"id": "1", "at": _iso(started), "type": "trigger", "message": "Error rate above 5%",
         "source": "Datadog"},
        {"id": "2", "at": _iso(started + timedelta(minutes=2)), "type": "acknowledge",
         "message": "Acknowledged by the identity on-call"},
        {"id": "3", "at": _iso(started + timedelta(minutes=30)), "type": "resolve",
         "message": "Error rate back to normal"},
    ]  # fmt: skip
    return {
        "source": "taskcall",
        "incident": {
            "id": "4711",
            "title": "Logins failing",
            "severity": "high",
            "services": ["auth"],
            "triggered_at": _iso(started),
            "responders": [{"id": "U1", "email": "alice@example.com", "name": "Alice"}],
            "log_entries": log[:entries],
        },
    }


def _post_generic(
    service: LiveService, payload: dict[str, Any], *, signed_at: int | None = None
) -> httpx.Response:
    body = body_of(payload)
    headers = generic_headers(body, signed_at or int(time.time()))
    return service.http.post("/webhooks/generic", content=body, headers=headers)


def _stored(service: LiveService) -> tuple[int, int]:
    return service.app.head_position(), service.db["postmortems"].count_documents({})


def test_reposting_a_growing_incident_adds_only_its_new_log_entries(
    importing: LiveService,
) -> None:
    started = datetime.now(UTC).replace(microsecond=0) - timedelta(hours=1)
    first = _post_generic(importing, _incident(started, 2))
    assert first.status_code == 200, first.text
    assert (first.json()["status"], first.json()["timelineEntriesAdded"]) == ("created", 2)
    grown = _post_generic(importing, _incident(started, 3))
    assert (grown.json()["status"], grown.json()["timelineEntriesAdded"]) == ("updated", 1)
    same = _post_generic(importing, _incident(started, 3))
    assert same.json()["status"] == "duplicate"  # the same body: the same delivery
    nothing_new = _post_generic(importing, _incident(started, 3) | {"delivery_id": "again"})
    assert nothing_new.json()["status"] == "unchanged"
    pm_id = grown.json()["postmortemId"]
    wait_for_version(importing, pm_id, grown.json()["version"])

    draft = read(importing, pm_id, user="alice", roles=("author",))
    assert [(e["kind"], e["description"], e["source"]) for e in draft["timeline"]] == [
        ("ALERT", "Error rate above 5%", "Datadog"),
        ("ACKNOWLEDGEMENT", "Acknowledged by the identity on-call", "taskcall"),
        ("RESOLUTION", "Error rate back to normal", "taskcall"),
    ]
    assert (draft["incidentRef"], draft["severity"], draft["createdBy"]) == (
        "taskcall:4711", "SEV2", "integration:taskcall")  # fmt: skip
    assert draft["authors"] == ["integration:taskcall", "alice"]


def test_a_replayed_or_wrongly_signed_generic_delivery_stores_nothing(
    importing: LiveService,
) -> None:
    payload = _incident(datetime.now(UTC) - timedelta(hours=1), 1)
    an_hour_ago = int(time.time()) - 3_600
    assert _post_generic(importing, payload, signed_at=an_hour_ago).status_code == 401
    body = body_of(payload)
    wrong = generic_headers(body, int(time.time()), secret="another-secret-0123456789")
    assert importing.http.post("/webhooks/generic", content=body, headers=wrong).status_code == 401
    unsigned = importing.http.post("/webhooks/generic", content=body)
    assert unsigned.status_code == 401
    bad = copy.deepcopy(payload)
    bad["incident"]["log_entries"][0]["at"] = "not a time"
    refused = _post_generic(importing, bad)
    assert refused.status_code == 422
    assert "log_entries[0].at" in refused.json()["errors"][0]["message"]
    assert _stored(importing) == (0, 0)


def _opsgenie(action: str, at: datetime, **alert: Any) -> dict[str, Any]:
    return {
        "source": {"name": "web", "type": "API"},
        "alert": {
            "updatedAt": int(at.timestamp() * 1e9),
            "tags": ["service:checkout"],
            "message": "Checkout latency above 2 s",
            "username": "alice@example.com",
            "alertId": "052652ac-5d1c-464a-812a-7dd18bbfba8c",
            "tinyId": "23",
            "createdAt": int((at - timedelta(minutes=1)).timestamp() * 1000),
            "priority": "P1",
            **alert,
        },
        "action": action,
        "integrationId": "37c8f316-17c6-49d7-899b-9c7e540c048d",
        "integrationName": "Postmortems",
    }


def test_opsgenie_alert_actions_fill_a_draft_with_the_token_header(
    importing: LiveService,
) -> None:
    start = datetime.now(UTC).replace(microsecond=0) - timedelta(hours=1)
    token = {"X-Webhook-Token": OPSGENIE_TOKEN}
    actions = [
        _opsgenie("Create", start, username="Datadog"),
        _opsgenie("Acknowledge", start + timedelta(minutes=3)),
        _opsgenie("AddNote", start + timedelta(minutes=9), note="Pool exhausted"),
        _opsgenie("Close", start + timedelta(minutes=30)),
    ]
    assert importing.http.post("/webhooks/opsgenie", json=actions[0]).status_code == 401
    wrong = {"X-Webhook-Token": "not-the-token-0123456789"}
    assert (
        importing.http.post("/webhooks/opsgenie", json=actions[0], headers=wrong).status_code == 401
    )
    assert _stored(importing) == (0, 0)
    answers = [importing.http.post("/webhooks/opsgenie", json=a, headers=token) for a in actions]
    assert [a.json()["status"] for a in answers] == ["created", "updated", "updated", "updated"]
    pm_id = answers[-1].json()["postmortemId"]
    wait_for_version(importing, pm_id, answers[-1].json()["version"])
    draft = read(importing, pm_id, **REVIEWER)
    assert [(e["kind"], e["description"]) for e in draft["timeline"]] == [
        ("ALERT", "Alert created: Checkout latency above 2 s"),
        ("ACKNOWLEDGEMENT", "Acknowledged by alice@example.com"),
        ("INVESTIGATION", "Note by alice@example.com: Pool exhausted"),
        ("RESOLUTION", "Alert closed by alice@example.com"),
    ]
    assert (draft["severity"], draft["services"]) == ("SEV1", ["checkout"])
    assert datetime.fromisoformat(draft["incidentWindow"]["resolvedAt"]) == start + timedelta(
        minutes=30
    )
    assert draft["authors"] == ["integration:opsgenie", "alice"]
    again = importing.http.post("/webhooks/opsgenie", json=actions[2], headers=token)
    assert again.json()["status"] == "duplicate"


def test_a_delivery_whose_title_holds_a_nul_byte_is_refused_naming_the_field_and_stores_nothing(
    importing: LiveService,
) -> None:
    """Imports are admitted like every command (service/domain/intake.py)."""
    payload = _incident(datetime.now(UTC) - timedelta(hours=1), entries=1)
    payload["incident"]["title"] = "Logins\x00failing"
    payload["incident"]["id"] = "INC-\u200b4711"
    before = _stored(importing)

    response = _post_generic(importing, payload)

    assert response.status_code == 422, response.text
    [error] = response.json()["errors"]
    assert {f["field"] for f in error["extensions"]["fields"]} == {
        "incident.incident_ref",  # the zero-width space, in the ref and the entry keys made of it
        "incident.entries[0].key",
        "incident.metadata.title",  # the NUL byte
    }
    assert _stored(importing) == before
