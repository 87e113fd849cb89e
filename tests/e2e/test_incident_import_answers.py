"""Webhook answers (fresh2 findings 5, 6, 21), over real HTTP with the real databases: a
follow-up delivery adds no second stand-in for a milestone the timeline already holds; a 422
names every problem of the delivery, for all three providers, and stores nothing; an answer
comes once the read model shows the import, marked like a mutation's."""

from __future__ import annotations

import time
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest

from service.config import Settings
from tests.support.live import LiveService
from tests.support.postmortem_graphql import read
from tests.support.webhooks import (
    GENERIC_SECRET,
    OPSGENIE_TOKEN,
    PD_SECRET,
    body_of,
    generic_headers,
    pd_event,
    pd_incident,
    pd_signature,
    service_with,
)

REVIEWER: dict[str, Any] = {"user": "rita", "roles": ("reviewer",)}


@pytest.fixture
def importing(tmp_path: Path, mongodb_uri: str) -> Iterator[LiveService]:
    with service_with(
        tmp_path, mongodb_uri, generic_webhook_secrets=GENERIC_SECRET,
        opsgenie_webhook_tokens=OPSGENIE_TOKEN, pagerduty_webhook_secrets=PD_SECRET,
    ) as live:  # fmt: skip
        yield live


def _iso(moment: datetime) -> str:
    return moment.isoformat().replace("+00:00", "Z")


def _generic(service: LiveService, payload: dict[str, Any]) -> httpx.Response:
    body = body_of(payload)
    headers = generic_headers(body, int(time.time()))
    return service.http.post("/webhooks/generic", content=body, headers=headers)


def _pagerduty(service: LiveService, payload: dict[str, Any]) -> httpx.Response:
    body = body_of(payload)
    headers = {"X-PagerDuty-Signature": pd_signature(body, PD_SECRET)}
    return service.http.post("/webhooks/pagerduty", content=body, headers=headers)


def _opsgenie(service: LiveService, payload: dict[str, Any]) -> httpx.Response:
    headers = {"X-Webhook-Token": OPSGENIE_TOKEN}
    return service.http.post("/webhooks/opsgenie", content=body_of(payload), headers=headers)


def _stored(service: LiveService) -> tuple[int, int]:
    return service.app.head_position(), service.db["postmortems"].count_documents({})


def _readme_delivery(started: datetime, delivery_id: str, *entries: dict[str, Any]) -> Any:
    return {
        "source": "taskcall",
        "delivery_id": delivery_id,
        "incident": {
            "id": "4711", "title": "Logins failing", "severity": "critical",
            "services": ["auth"], "triggered_at": _iso(started),
            "acknowledged_at": _iso(started + timedelta(minutes=2)),
            "log_entries": list(entries),
        },
    }  # fmt: skip


def test_a_follow_up_delivery_adds_no_second_entry_for_a_milestone_already_held(
    importing: LiveService,
) -> None:
    started = datetime.now(UTC).replace(microsecond=0) - timedelta(hours=2)
    trigger = {"id": "1", "at": _iso(started), "type": "trigger",
               "message": "Login error rate above 5%", "source": "Datadog"}  # fmt: skip
    note = {"id": "2", "at": _iso(started + timedelta(minutes=9)), "type": "note",
            "message": "Rolled back the gateway"}  # fmt: skip
    first = _generic(importing, _readme_delivery(started, "evt-8841", trigger))
    assert first.json()["timelineEntriesAdded"] == 2, first.text  # trigger + acknowledged
    second = _generic(importing, _readme_delivery(started, "evt-8843", note))
    assert (second.json()["status"], second.json()["timelineEntriesAdded"]) == ("updated", 1)

    timeline = read(importing, second.json()["postmortemId"], **REVIEWER)["timeline"]
    assert [(e["kind"], e["description"]) for e in timeline] == [
        ("ALERT", "Login error rate above 5%"),
        ("ACKNOWLEDGEMENT", "Incident acknowledged"),
        ("INVESTIGATION", "Rolled back the gateway"),
    ]


def _fields(response: httpx.Response) -> set[str]:
    assert response.status_code == 422, response.text
    [error] = response.json()["errors"]
    assert error["extensions"]["code"] == "INVALID_PAYLOAD"
    fields = error["extensions"]["fields"]
    assert all(f["message"] and f["message"] in error["message"] for f in fields)
    return {f["field"] for f in fields}


def test_a_generic_delivery_with_several_problems_is_refused_naming_each(
    importing: LiveService,
) -> None:
    started = datetime.now(UTC) - timedelta(hours=1)
    payload = _readme_delivery(started, "evt-1", {"id": "1", "type": "note"})
    payload["incident"] |= {
        "id": "x" * 101,
        "title": "T" * 300,
        "triggered_at": "2025-07-15T17:47:00",
    }
    before = _stored(importing)

    assert _fields(_generic(importing, payload)) == {
        "incident.id",
        "incident.triggered_at",
        "incident.log_entries[0].at",
        "incident.log_entries[0].message",
    }
    assert _stored(importing) == before


def test_a_pagerduty_delivery_names_its_payload_problem_and_the_domains(
    importing: LiveService,
) -> None:
    incident = pd_incident(datetime.now(UTC) - timedelta(hours=1), title="T" * 300)
    incident["created_at"] = "yesterday"
    incident["service"]["summary"] = "auth\u200bservice"
    payload = pd_event("incident.triggered", datetime.now(UTC), incident)
    before = _stored(importing)

    assert _fields(_pagerduty(importing, payload)) == {
        "event.data.created_at",
        "incident.metadata.services[0]",
    }
    assert _stored(importing) == before


def test_an_opsgenie_delivery_names_its_payload_problem_and_the_domains(
    importing: LiveService,
) -> None:
    payload = {
        "action": "Create",
        "alert": {"alertId": "a-1", "message": "Logins\x00failing", "createdAt": "soon"},
    }
    before = _stored(importing)

    assert _fields(_opsgenie(importing, payload)) == {
        "alert.updatedAt",
        "incident.metadata.title",  # the NUL byte, in the title and the alert entry's text
        "incident.entries[0].description",
    }
    assert _stored(importing) == before


def test_an_import_answers_once_the_read_model_shows_it_marked_current(
    importing: LiveService,
) -> None:
    started = datetime.now(UTC).replace(microsecond=0) - timedelta(hours=1)
    answer = _generic(importing, _readme_delivery(started, "evt-1"))
    assert answer.json()["readModel"] == {"state": "CURRENT", "reason": None, "projections": []}
    # Read right after the answer: the draft is there, with both stand-in milestones.
    document = read(importing, answer.json()["postmortemId"], **REVIEWER)
    assert (document["version"], len(document["timeline"])) == (answer.json()["version"], 2)
    again = _generic(importing, _readme_delivery(started, "evt-1"))
    assert (again.json()["status"], again.json()["readModel"]["state"]) == ("duplicate", "CURRENT")


def test_an_import_while_nothing_projects_answers_pending_within_the_timeout(
    tmp_path: Path, mongodb_uri: str
) -> None:
    settings = Settings(
        data_dir=tmp_path, mongodb_uri=mongodb_uri, mongodb_database="t_" + uuid.uuid4().hex[:12],
        generic_webhook_secrets=GENERIC_SECRET, read_your_writes_timeout=1.0,
    )  # fmt: skip
    service = LiveService(settings, mongodb_uri, projector=False).start()
    try:
        started = datetime.now(UTC).replace(microsecond=0) - timedelta(hours=1)
        began = time.monotonic()
        answer = _generic(service, _readme_delivery(started, "evt-1"))
        assert 1.0 <= time.monotonic() - began < 2.5
        body = answer.json()
        assert body["status"] == "created"  # the command did succeed: the event store has it
        assert service.app.head_position() > 0
        assert body["readModel"]["state"] == "PENDING"
        assert "1 s" in body["readModel"]["reason"]
        # What the mark warns of: the read model does not have it yet.
        assert service.db["postmortems"].count_documents({}) == 0
    finally:
        service.stop()
