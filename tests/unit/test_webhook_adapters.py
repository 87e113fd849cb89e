"""Incident-platform adapters and signature checks (pure functions over payloads and bytes)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from service.domain import Severity, TimelineKind
from service.integrations.generic import MAX_LOG_ENTRIES, parse_generic
from service.integrations.mapping import (
    ImportMapping,
    PayloadInvalid,
    ResponderAuthors,
    parse_severity_map,
    parse_user_map,
)
from service.integrations.opsgenie import parse_opsgenie
from service.integrations.pagerduty import parse_pagerduty
from service.integrations.signatures import (
    SignatureRejected,
    verify_pagerduty,
    verify_timestamped,
    verify_token,
)
from tests.support.webhooks import (
    GENERIC_SECRET,
    PD_SECRET,
    body_of,
    generic_headers,
    pd_event,
    pd_incident,
    pd_signature,
    user,
)

MAPPING = ImportMapping(users=parse_user_map("PLH1HKV=alice,fili@ifountain.com=fili"))
NOW = datetime(2025, 7, 15, 18, 0, tzinfo=UTC)


# Signatures


def test_pagerduty_signatures_accept_any_matching_v1_among_several() -> None:
    body = b'{"event":{}}'
    verify_pagerduty(body, pd_signature(body, PD_SECRET), [PD_SECRET])
    verify_pagerduty(body, pd_signature(body, "x" * 20, PD_SECRET), [PD_SECRET])
    verify_pagerduty(body, pd_signature(body, PD_SECRET), ["y" * 20, PD_SECRET])
    for header in (None, "", "v1=", "v2=" + "0" * 64, pd_signature(body + b" ", PD_SECRET)):
        with pytest.raises(SignatureRejected):
            verify_pagerduty(body, header, [PD_SECRET])


def test_generic_signatures_cover_the_timestamp_and_refuse_old_or_future_ones() -> None:
    body = b'{"source":"taskcall"}'
    stamp = int(NOW.timestamp())
    headers = generic_headers(body, stamp)
    signed = verify_timestamped(body, headers["X-Webhook-Timestamp"],
                                headers["X-Webhook-Signature"], [GENERIC_SECRET],
                                tolerance_seconds=300, now=NOW)  # fmt: skip
    assert signed == NOW
    cases = [
        (str(stamp + 1), headers["X-Webhook-Signature"], NOW),  # timestamp altered
        (headers["X-Webhook-Timestamp"], headers["X-Webhook-Signature"], NOW + timedelta(hours=1)),
        (headers["X-Webhook-Timestamp"], headers["X-Webhook-Signature"], NOW - timedelta(hours=1)),
        (None, headers["X-Webhook-Signature"], NOW),
        ("12.5", headers["X-Webhook-Signature"], NOW),
        (headers["X-Webhook-Timestamp"], None, NOW),
    ]
    for timestamp, signature, now in cases:
        with pytest.raises(SignatureRejected):
            verify_timestamped(body, timestamp, signature, [GENERIC_SECRET],
                               tolerance_seconds=300, now=now)  # fmt: skip


def test_tokens_must_match_one_configured_token() -> None:
    verify_token("t" * 20, ["s" * 20, "t" * 20])
    for header in (None, "", "t" * 19):
        with pytest.raises(SignatureRejected):
            verify_token(header, ["t" * 20])


# Mappings


def test_severity_and_user_maps_parse_and_refuse_bad_entries() -> None:
    assert parse_severity_map("P1=sev1, critical = SEV2") == {
        "p1": Severity.SEV1, "critical": Severity.SEV2}  # fmt: skip
    for bad in ("P1=SEV5", "P1", "=SEV1"):
        with pytest.raises(ValueError, match=r"P1|expected"):
            parse_severity_map(bad)
    mapping = ImportMapping()
    assert mapping.severity(None, "High") is Severity.SEV2
    assert mapping.severity("sev4") is Severity.SEV4
    assert mapping.severity("unheard-of") is None


@pytest.mark.parametrize(
    ("mode", "expected"),
    [(ResponderAuthors.MAPPED, ["alice"]), (ResponderAuthors.ALL, ["alice", "PZZZ"]),
     (ResponderAuthors.NONE, [])],
)  # fmt: skip
def test_responders_become_authors_as_configured(
    mode: ResponderAuthors, expected: list[str]
) -> None:
    mapping = ImportMapping(users={"plh1hkv": "alice"}, responder_authors=mode)
    assert mapping.authors([("PLH1HKV", "Tenex"), ("PZZZ", "Zed"), ("PLH1HKV", "")]) == expected


# PagerDuty


def test_a_pagerduty_incident_event_maps_metadata_entry_and_responders() -> None:
    tenex = user("PLH1HKV", "Tenex Engineer")
    payload = pd_event("incident.acknowledged", NOW,
                       pd_incident(NOW - timedelta(minutes=5), priority="P1"), agent=tenex,
                       event_id="5ac64822-4adc-4fda-ade0-410becf0de4f")  # fmt: skip
    incident = parse_pagerduty(payload, MAPPING)
    assert incident is not None
    assert incident.incident_ref == "pagerduty:PGR0VU2"
    assert incident.delivery_key == "pagerduty:event:5ac64822-4adc-4fda-ade0-410becf0de4f"
    assert incident.metadata["severity"] is Severity.SEV1
    assert incident.metadata["services"] == ["auth-service"]
    assert incident.metadata["started_at"] == NOW - timedelta(minutes=5)
    [entry] = incident.entries
    assert (entry.at, entry.kind, entry.description) == (
        NOW, TimelineKind.ACKNOWLEDGEMENT, "Acknowledged by Tenex Engineer")  # fmt: skip
    assert incident.authors == ["alice"]


def test_pagerduty_events_of_other_resources_are_ignored_and_bad_shapes_refused() -> None:
    service_event = pd_event("service.updated", NOW, {"id": "PF9KMXH", "type": "service"})
    service_event["event"]["resource_type"] = "service"
    assert parse_pagerduty(service_event, MAPPING) is None
    for payload in ({}, {"event": {"id": "x"}}, [1, 2],
                    pd_event("incident.triggered", NOW, {"type": "incident"})):  # fmt: skip
        with pytest.raises(PayloadInvalid):
            parse_pagerduty(payload, MAPPING)
    bad_time = pd_event("incident.triggered", NOW, pd_incident(NOW))
    bad_time["event"]["occurred_at"] = "yesterday"
    with pytest.raises(PayloadInvalid, match="occurred_at"):
        parse_pagerduty(bad_time, MAPPING)


# Opsgenie (payloads as in Opsgenie's "alert action data" documentation)


def _opsgenie(action: str, **alert: Any) -> dict[str, Any]:
    return {
        "source": {"name": "web", "type": "API"},
        "alert": {
            "updatedAt": 1752602820000000000 + len(action),  # ns
            "tags": ["tag1", "service:checkout"],
            "message": "Checkout latency above 2 s",
            "username": "fili@ifountain.com",
            "alertId": "052652ac-5d1c-464a-812a-7dd18bbfba8c",
            "source": "fili@ifountain.com",
            "alias": "aliastest",
            "tinyId": "23",
            "createdAt": 1752602520104,  # ms
            "userId": "daed1180-0ce8-438b-8f8e-57e1a5920a2d",
            "entity": "",
            "priority": "P2",
            **alert,
        },
        "action": action,
        "integrationId": "37c8f316-17c6-49d7-899b-9c7e540c048d",
        "integrationName": "Integration1",
    }


def test_opsgenie_actions_map_to_timeline_entries_and_metadata() -> None:
    created = parse_opsgenie(_opsgenie("Create"), MAPPING)
    assert created is not None
    assert created.incident_ref == "opsgenie:052652ac-5d1c-464a-812a-7dd18bbfba8c"
    assert created.metadata["title"] == "Checkout latency above 2 s"
    assert created.metadata["severity"] is Severity.SEV2
    assert created.metadata["services"] == ["checkout"]
    assert created.metadata["started_at"] == datetime.fromtimestamp(1752602520.104, UTC)
    assert created.authors == []  # the creator of an alert is usually a monitor
    note = parse_opsgenie(_opsgenie("AddNote", note="Pool exhausted"), MAPPING)
    assert note is not None
    assert [(e.kind, e.description) for e in note.entries] == [
        (TimelineKind.INVESTIGATION, "Note by fili@ifountain.com: Pool exhausted")]  # fmt: skip
    assert note.authors == ["fili"]
    closed = parse_opsgenie(_opsgenie("Close"), MAPPING)
    assert closed is not None
    assert closed.metadata["resolved_at"] == closed.observed_at
    assert closed.entries[0].kind is TimelineKind.RESOLUTION
    tags = parse_opsgenie(_opsgenie("AddTags"), MAPPING)
    assert tags is not None
    assert tags.entries == ()
    assert parse_opsgenie(_opsgenie("Delete"), MAPPING) is None
    with pytest.raises(PayloadInvalid):
        parse_opsgenie({"action": "Create", "alert": {}}, MAPPING)


# Generic


def _generic(**incident: Any) -> dict[str, Any]:
    return {
        "source": "taskcall",
        "delivery_id": "dlv-1",
        "incident": {
            "id": "4711",
            "title": "Logins failing",
            "severity": "critical",
            "services": ["auth", "auth", "gateway"],
            "team": "Identity",
            "triggered_at": "2025-07-15T17:47:00Z",
            "acknowledged_at": "2025-07-15T17:49:00Z",
            "responders": ["fili@ifountain.com", {"id": "U9", "email": "x@example.com"}],
            "log_entries": [
                {"id": "1", "at": "2025-07-15T17:47:00Z", "type": "trigger",
                 "message": "Login error rate above 5%", "source": "Datadog"},
                {"id": "2", "at": "2025-07-15T18:05:00Z", "type": "status_update",
                 "message": "Status page updated"},
            ],
            **incident,
        },
    }  # fmt: skip


def test_a_generic_delivery_maps_every_documented_field() -> None:
    incident = parse_generic(_generic(), MAPPING, NOW)
    assert incident.incident_ref == "taskcall:4711"
    assert incident.delivery_key == "taskcall:delivery:dlv-1"
    assert incident.provider == "taskcall"
    assert incident.metadata["severity"] is Severity.SEV1
    assert incident.metadata["services"] == ["auth", "gateway"]
    assert "resolved_at" not in incident.metadata  # not given: left as it is
    assert [(e.key, e.kind, e.description, e.source) for e in incident.entries] == [
        ("taskcall:4711:entry:1", TimelineKind.ALERT, "Login error rate above 5%", "Datadog"),
        ("taskcall:4711:entry:2", TimelineKind.COMMUNICATION, "Status page updated", "taskcall"),
        ("taskcall:4711:acknowledged_at", TimelineKind.ACKNOWLEDGEMENT, "Incident acknowledged",
         "taskcall"),
    ]  # fmt: skip
    assert incident.authors == ["fili"]
    without_id = _generic()
    del without_id["delivery_id"]
    assert parse_generic(without_id, MAPPING, NOW).delivery_key.startswith("taskcall:delivery:")


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"source": "Task Call!"}, "source"),
        ({"incident": {"title": "no id"}}, "incident.id"),
        ({"incident": {"id": "1", "log_entries": [{"at": "2025-07-15T17:47:00Z"}]}}, "id"),
        ({"incident": {"id": "1", "log_entries": [{"id": "a", "message": "m", "at": "x"}]}},
         r"log_entries\[0\]\.at"),
        ({"incident": {"id": "1", "log_entries": [{"id": "a", "message": "m", "at": "2025-07-15"
                                                   "T17:47:00Z"}] * (MAX_LOG_ENTRIES + 1)}},
         "at most"),
    ],
)  # fmt: skip
def test_a_generic_delivery_with_a_wrong_field_is_refused(change: Any, message: str) -> None:
    with pytest.raises(PayloadInvalid, match=message):
        parse_generic({"source": "taskcall"} | change, MAPPING, NOW)


def test_the_test_helpers_sign_what_they_send() -> None:
    body = body_of({"a": "é"})
    assert body == '{"a":"é"}'.encode()
