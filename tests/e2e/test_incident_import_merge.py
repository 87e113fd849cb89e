"""Signed generic deliveries over real HTTP merging into drafts people edit: the window stays
valid whatever an author changed (a conflicting platform time is skipped and reported, never
a refusal on every retry), the answer comes once the read model shows the change, milestones
are on the timeline once, and the counts say what happened."""

from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.support.live import LiveService
from tests.support.postmortem_graphql import create_input, read, run
from tests.support.webhooks import GENERIC_SECRET, body_of, generic_headers, service_with

ALICE: dict[str, Any] = {"user": "alice", "roles": ("author",)}
ADA: dict[str, Any] = {"user": "ada", "roles": ("admin",)}  # edits imported drafts


@pytest.fixture
def importing(tmp_path: Path, mongodb_uri: str) -> Iterator[LiveService]:
    """The service with the generic webhook on; its projector only polls (once a second), so
    an answer that did not wait for the read model would come before the change shows."""
    with service_with(
        tmp_path, mongodb_uri, generic_webhook_secrets=GENERIC_SECRET,
        projection_poll_interval=1.0, read_your_writes_timeout=10.0,
    ) as live:  # fmt: skip
        live.app._saved_listeners.clear()  # no wake-up on save: the poll alone projects
        yield live


def _iso(moment: datetime) -> str:
    return moment.isoformat().replace("+00:00", "Z")


def _post(service: LiveService, incident: dict[str, Any], delivery: str) -> httpx.Response:
    payload = {
        "source": "taskcall",
        "delivery_id": delivery,
        "incident": {"id": "4711", **incident},
    }
    body = body_of(payload)
    headers = generic_headers(body, int(time.time()))
    return service.http.post("/webhooks/generic", content=body, headers=headers)


def _projected_version(service: LiveService, pm_id: str) -> int:
    doc = service.db["postmortems"].find_one({"_id": pm_id}, {"version": 1})
    return int(doc["version"]) if doc else 0


def test_a_platform_time_before_an_authors_start_is_skipped_and_reported_not_refused(
    importing: LiveService,
) -> None:
    started = datetime.now(UTC).replace(microsecond=0) - timedelta(hours=1)
    data = create_input(incidentRef="taskcall:4711", incidentWindow={"startedAt": _iso(started)})
    created = run(importing, "createPostmortem", "$input: CreatePostmortemInput!",
                  {"input": data}, with_id=False, **ALICE)  # fmt: skip
    pm_id = str(created["id"])
    triggered = started - timedelta(minutes=30)  # the platform saw it earlier
    incident = {
        "title": "Logins failing",
        "triggered_at": _iso(triggered),
        "log_entries": [{"id": "1", "at": _iso(triggered), "type": "trigger",
                         "message": "Error rate above 5%"}],
    }  # fmt: skip
    for attempt, delivery in enumerate(("evt-1", "evt-1-retry", "evt-1-again")):
        answer = _post(importing, incident, delivery)
        assert answer.status_code == 200, answer.text  # never a 422, retry after retry
        body = answer.json()
        assert body["status"] == ("updated" if attempt == 0 else "unchanged"), body
        (skipped,) = body["fieldsSkipped"]
        assert skipped.startswith("window.detected_at: the platform's ")
        assert "would be before started_at" in skipped
    draft = read(importing, pm_id, **ALICE)
    assert datetime.fromisoformat(draft["incidentWindow"]["startedAt"]) == started
    assert draft["incidentWindow"]["detectedAt"] is None
    assert [e["description"] for e in draft["timeline"]] == ["Error rate above 5%"]
    assert draft["title"] == "OAuth token outage"  # the author's title is kept


def test_the_answer_comes_once_the_read_model_shows_the_import(importing: LiveService) -> None:
    now = datetime.now(UTC).replace(microsecond=0)
    incident = {"title": "Logins failing", "triggered_at": _iso(now - timedelta(minutes=20))}
    created = _post(importing, incident, "evt-1").json()
    assert created["status"] == "created"
    assert _projected_version(importing, created["postmortemId"]) == created["version"]
    incident["resolved_at"] = _iso(now - timedelta(minutes=5))
    updated = _post(importing, incident, "evt-2").json()
    assert updated["status"] == "updated"
    assert _projected_version(importing, created["postmortemId"]) == updated["version"]


def test_milestones_appear_once_and_counts_say_what_was_skipped(importing: LiveService) -> None:
    now = datetime.now(UTC).replace(microsecond=0)
    triggered, resolved = now - timedelta(minutes=50), now - timedelta(minutes=10)
    trigger_log = {"id": "1", "at": _iso(triggered), "type": "trigger",
                   "message": "Error rate above 5%"}  # fmt: skip
    # 1: the trigger's log entry. 2: only the newest log entry, with the incident's times:
    # no "Incident triggered" beside the log entry, no "Incident resolved" beside its own.
    first = _post(importing, {"triggered_at": _iso(triggered), "log_entries": [trigger_log]},
                  "evt-1").json()  # fmt: skip
    resolve_log = {"id": "2", "at": _iso(resolved), "type": "resolve", "message": "Recovered"}
    second = _post(importing, {"triggered_at": _iso(triggered), "resolved_at": _iso(resolved),
                               "log_entries": [resolve_log]}, "evt-2").json()  # fmt: skip
    assert (second["timelineEntriesAdded"], second["timelineEntriesSkipped"]) == (1, 0)
    pm_id = first["postmortemId"]
    timeline = read(importing, pm_id, **ADA)["timeline"]
    assert [(e["kind"], e["description"]) for e in timeline] == [
        ("ALERT", "Error rate above 5%"),
        ("RESOLUTION", "Recovered"),
    ]
    # An admin removes the trigger's entry; redelivering its log entry adds nothing and
    # says it skipped one (not "unchanged, 0 skipped").
    version = read(importing, pm_id, **ADA)["version"]
    run(importing, "removeTimelineEntry", "$entryId: ID!",
        {"id": pm_id, "v": version, "entryId": timeline[0]["id"]}, **ADA)  # fmt: skip
    again = _post(importing, {"log_entries": [trigger_log]}, "evt-3").json()
    assert (again["status"], again["timelineEntriesAdded"], again["timelineEntriesSkipped"]) == (
        "unchanged", 0, 1)  # fmt: skip


def test_a_log_entry_arriving_after_its_milestone_replaces_the_stand_in(
    importing: LiveService,
) -> None:
    now = datetime.now(UTC).replace(microsecond=0)
    triggered = now - timedelta(minutes=30)
    stand_in = _post(importing, {"triggered_at": _iso(triggered)}, "evt-1").json()
    pm_id = stand_in["postmortemId"]
    assert [e["description"] for e in read(importing, pm_id, **ADA)["timeline"]] == [
        "Incident triggered"
    ]
    log = {"id": "1", "at": _iso(triggered), "type": "trigger", "message": "Error rate above 5%"}
    real = _post(importing, {"triggered_at": _iso(triggered), "log_entries": [log]}, "evt-2")
    assert real.json()["timelineEntriesAdded"] == 1
    assert [(e["kind"], e["description"]) for e in read(importing, pm_id, **ADA)["timeline"]] == [
        ("ALERT", "Error rate above 5%")
    ]
