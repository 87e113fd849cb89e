"""A compliance report for a past `asOf` says what the service knew at that time, whatever is
recorded later: withdrawals, metadata edits, amendments, action item statuses, completions
recorded late with an earlier `completedAt`, new postmortems (SPEC §6: the same events give
the same report). Through real GraphQL, event store and MongoDB-wire server; also after a
rebuild of the compliance view.

The history is tests/support/compliance_history.py; its report at the time it was written is
checked in detail in test_compliance_http.py, and the figures below repeat what matters.
"""

from __future__ import annotations

import csv
import io
import time
from datetime import UTC, datetime, timedelta
from typing import Any
from uuid import UUID

from projections.compliance.projection import ComplianceFactsProjection
from projections.rebuild import rebuild
from projections.runner import wait_until_idle
from service.application.commands import (
    AmendPostmortem,
    ChangeActionItemStatus,
    CreatePostmortem,
    UpdatePostmortemMetadata,
    WithdrawPostmortem,
)
from service.domain import ActionItemStatus, IncidentWindow, Severity
from tests.e2e.test_compliance_http import REPORT
from tests.support.compliance_history import ADMIN, ALICE, History, write_compliance_history
from tests.support.live import LiveService

# What a later report must leave as it was (which events it read is another matter).
LATER = ("generatedAt", "position", "chainHeadHash")


def report(service: LiveService, history: History, as_of: datetime | None) -> dict[str, Any]:
    variables: dict[str, Any] = {
        "from": (history.now - timedelta(days=60)).isoformat(),
        "to": (history.now + timedelta(days=1)).isoformat(),
    }
    if as_of is not None:
        variables["asOf"] = as_of.isoformat()
    body = service.graphql(REPORT, variables, user="carol", roles=["compliance"])
    assert "errors" not in body, body
    result: dict[str, Any] = body["data"]["complianceReport"]
    return result


def wait(service: LiveService) -> None:
    assert service.projector is not None
    wait_until_idle(service.projector, timeout=60)


def written(service: LiveService) -> tuple[History, datetime, datetime]:
    """Writes the history; returns it, a time just after it, and the report time after that."""
    history = write_compliance_history(service.app)
    wait(service)
    done_at = datetime.now(UTC)
    time.sleep(0.01)
    as_of = datetime.now(UTC)
    time.sleep(0.01)  # every later event is recorded after `as_of`
    return history, done_at, as_of


def change_after(service: LiveService, history: History, completed: datetime) -> None:
    """Records changes of every kind the report reads, `completed` being when the work of
    p01's item was said to be done."""
    app = service.app
    ids = {name: UUID(pm) for name, pm in history.ids.items()}
    document = app.document

    def version(name: str) -> int:
        return int(document(ids[name])["version"])

    def item(name: str) -> str:
        return str(document(ids[name])["action_items"][0]["id"])

    # p03, a SEV1 draft pending within its SLA, is withdrawn.
    app.handle(
        WithdrawPostmortem(
            postmortem_id=ids["p03"], expected_version=version("p03"), reason="Duplicate"
        ),
        ADMIN,
    )
    # p07, a SEV2 draft past its SLA, becomes SEV4 (no SLA) and changes team.
    p07 = document(ids["p07"])
    app.handle(
        UpdatePostmortemMetadata(
            postmortem_id=ids["p07"], expected_version=version("p07"), title="Renamed",
            severity=Severity.SEV4, window=IncidentWindow(**p07["window"]), services=["api"],
            tags=[], team="infra",
        ),
        ALICE,
    )  # fmt: skip
    # p01's overdue item is done: the work was finished before the report time, recorded after.
    app.handle(
        ChangeActionItemStatus(
            postmortem_id=ids["p01"], expected_version=version("p01"), item_id=item("p01"),
            status=ActionItemStatus.DONE, completed_at=completed,
        ),
        ALICE,
    )  # fmt: skip
    # p06's item in progress is given up; p08, published, is being amended.
    app.handle(
        ChangeActionItemStatus(
            postmortem_id=ids["p06"],
            expected_version=version("p06"),
            item_id=item("p06"),
            status=ActionItemStatus.WONT_DO,
        ),
        ALICE,
    )
    app.handle(
        AmendPostmortem(
            postmortem_id=ids["p08"], expected_version=version("p08"), reason="New findings"
        ),
        ALICE,
    )
    # A postmortem of an incident of the period is written only now.
    resolved = history.now - timedelta(days=4)
    app.handle(
        CreatePostmortem(
            title="Written late", severity=Severity.SEV1, services=["api"], team="payments",
            window=IncidentWindow(started_at=resolved - timedelta(hours=1), resolved_at=resolved),
        ),
        ALICE,
    )  # fmt: skip
    wait(service)


def exported_json(service: LiveService, history: History, as_of: datetime) -> dict[str, Any]:
    params = {
        "from": (history.now - timedelta(days=60)).isoformat(),
        "to": (history.now + timedelta(days=1)).isoformat(),
        "asOf": as_of.isoformat(),
    }
    officer = {"Authorization": f"Bearer {service.token('carol', ['compliance'])}"}
    answer = service.http.get("/exports/compliance.json", params=params, headers=officer)
    assert answer.status_code == 200, answer.text
    data: dict[str, Any] = answer.json()
    return data


def test_a_report_for_a_past_as_of_stays_what_it_was_then(service: LiveService) -> None:
    history, done_at, as_of = written(service)
    head_then = service.app.head_position()
    then = report(service, history, as_of)
    exported_then = exported_json(service, history, as_of)
    change_after(service, history, done_at)
    assert service.app.head_position() > head_then

    again = report(service, history, as_of)
    # Everything but the time of asking, including which events it reflects: the last one
    # recorded at or before `asOf`, and the audit chain's hash there (fresh3 #3).
    assert {k: v for k, v in again.items() if k != "generatedAt"} == {
        k: v for k, v in then.items() if k != "generatedAt"
    }
    assert again["position"] == head_then
    chain = service.graphql(
        "{ verifyAuditChain { headHash } }", user="carol", roles=["compliance"]
    )["data"]["verifyAuditChain"]
    assert again["chainHeadHash"] != chain["headHash"]  # the chain moved on; the report did not
    exported_again = exported_json(service, history, as_of)
    for key in ("position", "chain_head_hash"):
        assert exported_again[key] == exported_then[key]
    assert (exported_again["position"], exported_again["chain_head_hash"]) == (
        then["position"],
        then["chainHeadHash"],
    )
    del exported_again["generated_at"], exported_then["generated_at"]
    assert exported_again == exported_then
    # What it was then, spelled out: p03 a SEV1 draft within its SLA, p07 a SEV2 draft past
    # it, p01's item open and overdue, p06's in progress, p08 published, no late postmortem.
    ids = {v: k for k, v in history.ids.items()}
    assert again["postmortems"] == 11
    states = {(s["state"], s["severity"]): s["count"] for s in again["byStateAndSeverity"]}
    assert states[("DRAFT", "SEV1")] == 1
    assert states[("DRAFT", "SEV2")] == 1
    assert states[("PUBLISHED", "SEV3")] == 2
    assert ("WITHDRAWN", "SEV1") not in states
    sla = again["publicationSla"]
    assert (sla["met"], sla["breached"], sla["pendingWithinSla"], sla["pendingBreached"]) == (
        3, 3, 1, 2,
    )  # fmt: skip
    assert ids[sla["breaches"][0]["postmortemId"]] == "p07"
    items = again["actionItems"]
    assert (items["open"], items["overdue"], items["doneOnTime"], items["doneLate"]) == (3, 1, 1, 1)
    assert items["wontDo"] == 1

    # The exports read the same history.
    params = {
        "from": (history.now - timedelta(days=60)).isoformat(),
        "to": (history.now + timedelta(days=1)).isoformat(),
        "asOf": as_of.isoformat(),
    }
    officer = {"Authorization": f"Bearer {service.token('carol', ['compliance'])}"}
    exported = service.http.get("/exports/compliance.json", params=params, headers=officer)
    assert exported.status_code == 200
    assert exported.json()["postmortems"] == 11
    assert exported.json()["publication_sla"]["pending_within_sla"] == 1
    as_csv = service.http.get("/exports/compliance.csv", params=params, headers=officer)
    rows = csv.DictReader(io.StringIO(as_csv.text))
    by_id = {ids[r["postmortem_id"]]: r for r in rows if r["postmortem_id"] in ids}
    assert (by_id["p03"]["status"], by_id["p03"]["severity"]) == ("pending_within_sla", "SEV1")
    assert (by_id["p07"]["severity"], by_id["p07"]["status"]) == ("SEV2", "pending_breached")

    # Now the same history reads as it is now.
    now = report(service, history, None)
    assert now["postmortems"] == 12  # the late one
    states = {(s["state"], s["severity"]): s["count"] for s in now["byStateAndSeverity"]}
    assert states[("WITHDRAWN", "SEV1")] == 1  # p03
    assert states[("DRAFT", "SEV4")] == 1  # p07
    assert states[("DRAFT", "SEV1")] == 1  # the late one; p03 withdrawn
    assert ("DRAFT", "SEV2") not in states
    assert states[("PUBLISHED", "SEV3")] == 1  # p09; p08 is amending
    sla = now["publicationSla"]
    # p07 has no SLA now; p03 is withdrawn; the late one is pending within its SLA.
    assert (sla["pendingWithinSla"], sla["pendingBreached"], sla["noSla"]) == (1, 1, 2)
    items = now["actionItems"]
    # p01's item done (after its due date: late); p06's won't do.
    assert (items["open"], items["overdue"], items["doneLate"], items["wontDo"]) == (1, 0, 2, 2)


def test_a_completion_recorded_late_counts_from_when_it_was_recorded(
    service: LiveService,
) -> None:
    history, completed, _ = written(service)
    change_after(service, history, completed)
    # p01's last event is that status change: its document's update time is when it was recorded.
    recorded_at = service.app.document(UUID(history.ids["p01"]))["updated_at"]
    assert completed < recorded_at
    # Between the work and its recording, the service knew the item as open (and overdue).
    between = report(service, history, completed + (recorded_at - completed) / 2)
    assert between["actionItems"]["byOwner"][0] == {
        "owner": "db", "open": 2, "overdue": 1, "doneOnTime": 1, "doneLate": 0, "wontDo": 0,
    }  # fmt: skip
    # From its recording on, done: late, since its due date was three days before the work.
    after = report(service, history, recorded_at)
    assert after["actionItems"]["byOwner"][0] == {
        "owner": "db", "open": 1, "overdue": 0, "doneOnTime": 1, "doneLate": 1, "wontDo": 0,
    }  # fmt: skip


def test_a_rebuilt_compliance_view_gives_the_same_past_reports(service: LiveService) -> None:
    history, done_at, as_of = written(service)
    change_after(service, history, done_at)
    later = datetime.now(UTC)
    then, now = report(service, history, as_of), report(service, history, later)
    rebuild(
        service.app, service.mongo, service.settings.mongodb_database,
        [ComplianceFactsProjection()], batch_size=7,
    )  # fmt: skip
    assert {k: v for k, v in report(service, history, as_of).items() if k not in LATER} == {
        k: v for k, v in then.items() if k not in LATER
    }
    rebuilt_now = report(service, history, later)
    assert {k: v for k, v in rebuilt_now.items() if k not in LATER} == {
        k: v for k, v in now.items() if k not in LATER
    }
