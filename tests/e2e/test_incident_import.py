"""Incident import over real HTTP (real event store, real MongoDB-wire server): PagerDuty v3
webhooks built from PagerDuty's documented payload shape and signed with a test secret."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.support.live import LiveService
from tests.support.postmortem_graphql import read, run
from tests.support.subjects import wait_for_version
from tests.support.webhooks import (
    INCIDENT_ID,
    PD_OTHER_SECRET,
    PD_SECRET,
    body_of,
    incident_reference,
    pd_event,
    pd_incident,
    pd_signature,
    service_with,
    user,
)

TENEX = user("PLH1HKV", "Tenex Engineer")
ON_CALL = user("PTUXL6G", "Identity On-call")
ALICE: dict[str, Any] = {"user": "alice", "roles": ("author",)}


@pytest.fixture
def importing(tmp_path: Path, mongodb_uri: str) -> Iterator[LiveService]:
    """The service with the PagerDuty webhook on; PagerDuty user PLH1HKV is alice here."""
    with service_with(
        tmp_path, mongodb_uri, import_user_map="PLH1HKV=alice",
        pagerduty_webhook_secrets=f"{PD_SECRET},{PD_OTHER_SECRET}",
    ) as live:  # fmt: skip
        yield live


def _post(service: LiveService, payload: dict[str, Any], **headers: str) -> httpx.Response:
    body = body_of(payload)
    sent = {
        "Content-Type": "application/json",
        "X-PagerDuty-Signature": pd_signature(body, PD_SECRET),
    }
    sent.update(headers)
    return service.http.post("/webhooks/pagerduty", content=body, headers=sent)


def _incident_log(started: datetime) -> list[tuple[dict[str, Any], tuple[str, str, str]]]:
    """An incident's log as PagerDuty delivers it, each with the timeline entry expected
    from it: (kind, description, source)."""
    at = [started + timedelta(minutes=m) for m in (0, 3, 10, 15, 16, 45)]
    note = {"incident": incident_reference(), "id": "P2LA89X", "type": "incident_note",
            "content": "Gateway key-set cache looks stale", "trimmed": False}  # fmt: skip
    update = {"incident": incident_reference(), "id": "P3ST4TU",
              "type": "incident_status_update", "trimmed": False,
              "message": "Logins are failing for some users; we are on it."}  # fmt: skip
    return [
        (pd_event("incident.triggered", at[0], pd_incident(at[0], assignees=(ON_CALL,)),
                  agent={"type": "service_reference", "summary": "Datadog", "id": "PSRV"}),
         ("ALERT", "Incident #2 triggered on auth-service: Logins fail: token refresh returns 401",
          "PagerDuty")),
        (pd_event("incident.acknowledged", at[1],
                  pd_incident(at[0], status="acknowledged", assignees=(TENEX,)), agent=TENEX),
         ("ACKNOWLEDGEMENT", "Acknowledged by Tenex Engineer", "PagerDuty")),
        (pd_event("incident.annotated", at[2], note, agent=TENEX),
         ("INVESTIGATION", "Note by Tenex Engineer: Gateway key-set cache looks stale",
          "PagerDuty")),
        (pd_event("incident.status_update_published", at[3], update, agent=TENEX),
         ("COMMUNICATION", "Status update: Logins are failing for some users; we are on it.",
          "PagerDuty")),
        (pd_event("incident.priority_updated", at[4],
                  pd_incident(at[0], status="acknowledged", priority="P1"), agent=TENEX),
         ("DECISION", "Priority changed to P1 by Tenex Engineer", "PagerDuty")),
        (pd_event("incident.resolved", at[5],
                  pd_incident(at[0], status="resolved", priority="P1"), agent=TENEX),
         ("RESOLUTION", "Resolved by Tenex Engineer", "PagerDuty")),
    ]  # fmt: skip


def _when(value: str) -> datetime:
    return datetime.fromisoformat(value.replace("Z", "+00:00"))


def _state(service: LiveService) -> tuple[int, int, int]:
    db = service.db
    return (
        service.app.head_position(),
        db["postmortems"].count_documents({}),
        db["audit_log"].count_documents({}),
    )


def test_pagerduty_webhooks_create_a_draft_whose_timeline_matches_the_log_entries(
    importing: LiveService,
) -> None:
    started = datetime.now(UTC).replace(microsecond=0) - timedelta(hours=2)
    log = _incident_log(started)
    answers = [_post(importing, payload) for payload, _ in log]
    assert [a.status_code for a in answers] == [200] * len(log), [a.text for a in answers]
    assert [a.json()["status"] for a in answers] == ["created"] + ["updated"] * (len(log) - 1)
    pm_id = answers[0].json()["postmortemId"]
    assert {a.json()["postmortemId"] for a in answers} == {pm_id}
    wait_for_version(importing, pm_id, answers[-1].json()["version"])

    draft = read(importing, pm_id, **ALICE)  # alice (PLH1HKV) responded, so she is an author
    timeline = [
        (_when(e["at"]), e["kind"], e["description"], e["source"]) for e in draft["timeline"]
    ]
    expected = [(_when(payload["event"]["occurred_at"]), *entry) for payload, entry in log]
    assert timeline == expected
    assert draft["state"] == "DRAFT"
    assert draft["incidentRef"] == f"pagerduty:{INCIDENT_ID}"
    assert draft["title"] == "Logins fail: token refresh returns 401"
    assert draft["severity"] == "SEV1"  # priority P1 after the update (P2 when triggered)
    assert draft["services"] == ["auth-service"]
    assert draft["team"] == "Identity Platform"
    window = draft["incidentWindow"]
    assert _when(window["startedAt"]) == _when(window["detectedAt"]) == started
    assert _when(window["resolvedAt"]) == started + timedelta(minutes=45)
    assert draft["createdBy"] == "integration:pagerduty"
    assert draft["authors"] == ["integration:pagerduty", "alice"]

    # The audit trail shows the integration as the actor of every change.
    trail = importing.graphql(
        """query($id: ID!) { auditTrail(filter: {postmortemId: $id}, order: OLDEST_FIRST) {
             edges { node { eventType actorId actorRoles changes { path } } } } }""",
        {"id": pm_id}, user="cora", roles=("compliance",),
    )["data"]["auditTrail"]["edges"]  # fmt: skip
    nodes = [edge["node"] for edge in trail]
    assert [n["eventType"] for n in nodes] == ["Created"] + ["IncidentImported"] * len(log)
    assert {(n["actorId"], tuple(n["actorRoles"])) for n in nodes} == {
        ("integration:pagerduty", ("integration",))
    }
    assert any(c["path"].startswith("timeline[") for c in nodes[1]["changes"])


def test_a_redelivered_webhook_creates_one_postmortem_and_no_duplicate_entries(
    importing: LiveService,
) -> None:
    log = _incident_log(datetime.now(UTC).replace(microsecond=0) - timedelta(hours=1))
    first = _post(importing, log[0][0])
    assert first.json()["status"] == "created"
    pm_id = first.json()["postmortemId"]
    wait_for_version(importing, pm_id, first.json()["version"])
    before = _state(importing)

    again = _post(importing, log[0][0])  # PagerDuty retries with the same event
    assert again.status_code == 200
    assert again.json() | {"timelineEntriesAdded": 0} == first.json() | {
        "status": "duplicate", "timelineEntriesAdded": 0,
    }  # fmt: skip
    assert _state(importing) == before

    # Two replicas receiving the same new event at once: one applies it, one sees a duplicate.
    answers: list[httpx.Response] = []
    threads = [
        threading.Thread(target=lambda: answers.append(_post(importing, log[1][0])))
        for _ in range(2)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(a.json()["status"] for a in answers) == ["duplicate", "updated"]
    version = max(a.json()["version"] for a in answers)
    wait_for_version(importing, pm_id, version)
    draft = read(importing, pm_id, user="rita", roles=("reviewer",))
    assert [e["kind"] for e in draft["timeline"]] == ["ALERT", "ACKNOWLEDGEMENT"]
    assert (
        importing.db["postmortems"].count_documents({"incident_ref": f"pagerduty:{INCIDENT_ID}"})
        == 1
    )


@pytest.mark.parametrize(
    "headers",
    [
        {"X-PagerDuty-Signature": ""},
        {"X-PagerDuty-Signature": "v1=" + "0" * 64},
        {"X-PagerDuty-Signature": "v0=" + "0" * 64},
        {"X-PagerDuty-Signature": "garbage"},
        {"X-PagerDuty-Signature": pd_signature(b"{}", PD_SECRET)},  # another body
        {"X-PagerDuty-Signature": pd_signature(b"x", "not-our-secret-at-all")},
    ],
    ids=["missing", "zeros", "other-version", "garbage", "other-body", "other-secret"],
)
def test_a_bad_signature_stores_nothing(importing: LiveService, headers: dict[str, str]) -> None:
    payload = _incident_log(datetime.now(UTC) - timedelta(hours=1))[0][0]
    before = _state(importing)
    refused = _post(importing, payload, **headers)
    assert refused.status_code == 401, refused.text
    assert refused.json()["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
    assert _state(importing) == before == (0, 0, 0)


def test_signatures_of_any_configured_secret_and_rotation_pairs_are_accepted(
    importing: LiveService,
) -> None:
    log = _incident_log(datetime.now(UTC) - timedelta(hours=1))
    body = body_of(log[0][0])
    rotating = pd_signature(body, "pagerduty-new-secret-not-ours-yet", PD_OTHER_SECRET)
    accepted = importing.http.post(
        "/webhooks/pagerduty", content=body, headers={"X-PagerDuty-Signature": rotating}
    )
    assert accepted.status_code == 200
    assert accepted.json()["status"] == "created"


def test_a_tampered_body_or_an_old_event_is_refused(importing: LiveService) -> None:
    payload = _incident_log(datetime.now(UTC) - timedelta(hours=1))[0][0]
    body = body_of(payload)
    signature = pd_signature(body, PD_SECRET)
    tampered = body.replace(b"auth-service", b"evil-service")
    response = importing.http.post(
        "/webhooks/pagerduty", content=tampered, headers={"X-PagerDuty-Signature": signature}
    )
    assert response.status_code == 401
    old = _incident_log(datetime.now(UTC) - timedelta(days=3))[0][0]
    too_old = _post(importing, old)
    assert too_old.status_code == 401
    assert "too old" in too_old.json()["errors"][0]["message"]
    assert _state(importing) == (0, 0, 0)


def test_payload_limits_and_shapes(importing: LiveService) -> None:
    huge = pd_event("incident.annotated", datetime.now(UTC),
                    {"incident": incident_reference(), "type": "incident_note",
                     "content": "x" * 300_000})  # fmt: skip
    assert _post(importing, huge).status_code == 413
    not_json = b"{not json"
    response = importing.http.post(
        "/webhooks/pagerduty", content=not_json,
        headers={"X-PagerDuty-Signature": pd_signature(not_json, PD_SECRET)},
    )  # fmt: skip
    assert response.status_code == 400
    assert _post(importing, {"event": {"id": "x"}}).status_code == 422
    service_event = pd_event("service.updated", datetime.now(UTC), {"id": "PF9KMXH"})
    service_event["event"]["resource_type"] = "service"
    ignored = _post(importing, service_event)
    assert (ignored.status_code, ignored.json()["status"]) == (200, "ignored")
    assert _state(importing) == (0, 0, 0)


def test_a_withdrawn_postmortem_takes_no_more_imports(importing: LiveService) -> None:
    log = _incident_log(datetime.now(UTC) - timedelta(hours=1))
    created = _post(importing, log[0][0]).json()
    pm_id = created["postmortemId"]
    wait_for_version(importing, pm_id, created["version"])
    withdrawn = run(importing, "withdrawPostmortem", "$input: WithdrawInput!",
                    {"id": pm_id, "v": created["version"],
                     "input": {"kind": "NOT_AN_INCIDENT", "reason": "A test page"}},
                    user="root", roles=("admin",))  # fmt: skip
    assert withdrawn["__typename"] == "Postmortem", withdrawn
    head = importing.app.head_position()
    later = _post(importing, log[1][0])
    assert later.status_code == 200
    assert later.json()["status"] == "ignored"
    assert importing.app.head_position() == head


def test_the_webhook_is_off_until_a_secret_is_set(service: LiveService) -> None:
    payload = _incident_log(datetime.now(UTC))[0][0]
    response = _post(service, payload)
    assert response.status_code == 404
    assert response.json()["errors"][0]["extensions"]["code"] == "NOT_CONFIGURED"
