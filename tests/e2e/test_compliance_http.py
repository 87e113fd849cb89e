"""The compliance report over real HTTP, for a history written through the application.

Event times are real (now), so the history chooses when each incident was resolved instead:
`days_ago` days and one hour before now. Publications happen now, so a postmortem resolved
d days ago is published d + 1/24 days after resolution (rounded: d.04). See
tests/support/compliance_history.py for the twelve postmortems.
"""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime, timedelta
from typing import Any
from uuid import UUID

import pytest

from projections.runner import wait_until_idle
from tests.support.compliance_history import History, write_compliance_history
from tests.support.live import LiveService

REPORT = """
query Report($from: DateTime!, $to: DateTime!, $asOf: DateTime, $severity: Severity) {
  complianceReport(from: $from, to: $to, asOf: $asOf, severity: $severity) {
    from to asOf generatedAt position chainHeadHash postmortems
    byStateAndSeverity { state severity count }
    publicationSla {
      policyVersion sladays: slaDays { severity days }
      met breached pendingWithinSla pendingBreached noSla shareMet
      medianDaysToPublish p90DaysToPublish
      breaches { postmortemId status slaDays deadline firstPublishedAt daysToPublish }
    }
    actionItems {
      open overdue doneOnTime doneLate wontDo medianOpenAgeDays
      byOwner { owner open overdue doneOnTime doneLate wontDo }
    }
    reviewEvidence {
      postmortemId severity revision publishedAt version contentHash contentHashVerified
      policyVersion requiredApprovals meetsPolicy problems
      approvals { reviewerId approvedAt version contentHash valid }
    }
    publicationsNotMeetingPolicy publicationsUnverifiable
  }
}
"""
VERIFY = "{ verifyAuditChain { ok checkedEntries headHash } }"


@pytest.fixture
def history(service: LiveService) -> History:
    history = write_compliance_history(service.app)
    assert service.projector is not None
    wait_until_idle(service.projector, timeout=60)
    return history


def period(history: History) -> dict[str, str]:
    return {
        "from": (history.now - timedelta(days=60)).isoformat(),
        "to": (history.now + timedelta(days=1)).isoformat(),
        "asOf": (history.now + timedelta(minutes=5)).isoformat(),
    }


def report(service: LiveService, variables: dict[str, Any]) -> dict[str, Any]:
    body = service.graphql(REPORT, variables, user="carol", roles=["compliance"])
    assert "errors" not in body, body
    result: dict[str, Any] = body["data"]["complianceReport"]
    return result


def test_the_report_counts_postmortems_sla_action_items_and_evidence(
    service: LiveService, history: History
) -> None:
    r = report(service, period(history))
    ids = {v: k for k, v in history.ids.items()}
    assert r["postmortems"] == 11  # p12 was resolved 90 days ago, before the period
    assert r["position"] == service.app.head_position()
    assert r["byStateAndSeverity"] == [
        {"state": "DRAFT", "severity": "SEV1", "count": 1},  # p03
        {"state": "DRAFT", "severity": "SEV2", "count": 1},  # p07
        {"state": "IN_REVIEW", "severity": "SEV1", "count": 1},  # p04
        {"state": "PUBLISHED", "severity": "SEV1", "count": 2},  # p01 p02
        {"state": "PUBLISHED", "severity": "SEV2", "count": 2},  # p05 p06
        {"state": "PUBLISHED", "severity": "SEV3", "count": 2},  # p08 p09
        {"state": "PUBLISHED", "severity": "SEV4", "count": 1},  # p10
        {"state": "WITHDRAWN", "severity": "SEV3", "count": 1},  # p11
    ]

    sla = r["publicationSla"]
    # met: p01 (3.04 of 5 days), p05 (9.04 of 10), p08 (19.04 of 20)
    # breached: p02 (8.04 > 5), p06 (12.04 > 10), p09 (25.04 > 20)
    # pending within: p03 (resolved 2 days ago); pending breached: p04 (6 > 5), p07 (16 > 10)
    # no SLA: p10 (SEV4); p11 is withdrawn
    assert (sla["met"], sla["breached"], sla["pendingWithinSla"], sla["pendingBreached"]) == (
        3, 3, 1, 2,
    )  # fmt: skip
    assert sla["noSla"] == 1
    assert sla["shareMet"] == 0.375  # 3 / (3 + 3 + 2)
    # days to publish: 3.04 8.04 9.04 12.04 19.04 25.04 40.04 -> p90 = 25.04 + 0.4 * 15
    assert (sla["medianDaysToPublish"], sla["p90DaysToPublish"]) == (12.04, 31.04)
    breaches = [(ids[b["postmortemId"]], b["status"], b["daysToPublish"]) for b in sla["breaches"]]
    assert breaches == [  # by deadline
        ("p07", "pending_breached", None),  # deadline 6 days ago
        ("p09", "breached", 25.04),  # 5 days ago
        ("p02", "breached", 8.04),  # 3 days ago
        ("p06", "breached", 12.04),  # 2 days ago
        ("p04", "pending_breached", None),  # 1 day ago
    ]

    items = r["actionItems"]
    # open: p01 (overdue), p06 (in progress), p08 (no due date); on time: p02; late: p05;
    # won't do: p04; p11 (withdrawn) and p12 (out of period) are left out
    assert (items["open"], items["overdue"], items["doneOnTime"], items["doneLate"]) == (3, 1, 1, 1)
    assert items["wontDo"] == 1
    assert items["medianOpenAgeDays"] == 0.0  # every item was added moments ago
    assert items["byOwner"] == [
        {"owner": "db", "open": 2, "overdue": 1, "doneOnTime": 1, "doneLate": 0, "wontDo": 0},
        {"owner": "sre", "open": 1, "overdue": 0, "doneOnTime": 0, "doneLate": 1, "wontDo": 1},
    ]


def test_the_review_evidence_proves_every_publication_met_the_policy(
    service: LiveService, history: History
) -> None:
    r = report(service, period(history))
    ids = {v: k for k, v in history.ids.items()}
    evidence = r["reviewEvidence"]
    assert [(ids[e["postmortemId"]], e["requiredApprovals"]) for e in evidence] == [
        ("p01", 2),
        ("p02", 2),
        ("p05", 2),
        ("p06", 2),
        ("p08", 1),
        ("p09", 1),
        ("p10", 1),
    ]  # fmt: skip  (in order of publication)
    for e in evidence:
        assert e["meetsPolicy"]
        assert e["contentHashVerified"]
        assert e["problems"] == []
        approvers = [a["reviewerId"] for a in e["approvals"]]
        assert approvers == (["carol", "dave"] if e["requiredApprovals"] == 2 else ["carol"])
        assert all(a["valid"] and a["contentHash"] == e["contentHash"] for a in e["approvals"])
        assert all(a["approvedAt"] <= e["publishedAt"] for a in e["approvals"])
        assert e["policyVersion"] == service.app.policy.version
        read = service.app.document(UUID(e["postmortemId"]))
        assert e["contentHash"] == read["published_revisions"][0]["content_hash"]
    assert (r["publicationsNotMeetingPolicy"], r["publicationsUnverifiable"]) == (0, 0)


def test_the_same_events_and_report_time_give_the_same_report(
    service: LiveService, history: History
) -> None:
    first = report(service, period(history))
    second = report(service, period(history))
    assert first.pop("generatedAt") <= second.pop("generatedAt")
    assert first == second
    chain = service.graphql(VERIFY, user="carol", roles=["compliance"])["data"]["verifyAuditChain"]
    assert chain["ok"]
    assert first["chainHeadHash"] == chain["headHash"]


def test_a_severity_filter_narrows_the_report(service: LiveService, history: History) -> None:
    r = report(service, {**period(history), "severity": "SEV2"})
    assert r["postmortems"] == 3  # p05, p06 published; p07 a draft
    assert r["byStateAndSeverity"] == [
        {"state": "DRAFT", "severity": "SEV2", "count": 1},
        {"state": "PUBLISHED", "severity": "SEV2", "count": 2},
    ]
    sla = r["publicationSla"]
    assert (sla["met"], sla["breached"], sla["pendingBreached"], sla["shareMet"]) == (
        1, 1, 1, 0.3333,
    )  # fmt: skip


def test_the_report_exports_as_json_and_csv_for_compliance_only(
    service: LiveService, history: History
) -> None:
    params = period(history)
    officer = {"Authorization": f"Bearer {service.token('carol', ['compliance'])}"}
    as_json = service.http.get("/exports/compliance.json", params=params, headers=officer)
    assert as_json.status_code == 200
    data = as_json.json()
    assert data["postmortems"] == 11
    assert data["publication_sla"]["share_met"] == 0.375
    assert data["publications_not_meeting_policy"] == 0
    as_csv = service.http.get("/exports/compliance.csv", params=params, headers=officer)
    rows = list(csv.DictReader(io.StringIO(as_csv.text)))
    assert len(rows) == 10  # one per postmortem with an SLA status (p11 withdrawn)
    assert sorted(r["status"] for r in rows).count("breached") == 3
    evidence = service.http.get(
        "/exports/compliance.csv", params={**params, "section": "evidence"}, headers=officer
    )
    assert len(list(csv.DictReader(io.StringIO(evidence.text)))) == 11  # 4 x 2 + 3 x 1

    author = {"Authorization": f"Bearer {service.token('alice', ['author'])}"}
    assert (
        service.http.get("/exports/compliance.json", params=params, headers=author).status_code
        == 403
    )
    assert service.http.get("/exports/compliance.json", params=params).status_code == 401
    bad = service.http.get(
        "/exports/compliance.json", params={"from": params["from"]}, headers=officer
    )
    assert bad.status_code == 400
    body = service.graphql(REPORT, period(history), user="alice", roles=["author", "reviewer"])
    assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN"


def test_a_report_period_must_run_forwards(service: LiveService) -> None:
    now = datetime.now().astimezone()
    variables = {"from": now.isoformat(), "to": (now - timedelta(days=1)).isoformat()}
    body = service.graphql(REPORT, variables, user="carol", roles=["compliance"])
    assert "from must be before to" in body["errors"][0]["message"]


def test_every_documented_parameter_works_on_both_export_formats(
    service: LiveService, history: History
) -> None:
    """README: `compliance.json|csv?from=&to=&timeZone=&severity=&service=&team=&asOf=&section=`
    (fromDate/toDate: tests/e2e/test_time_zones.py)."""
    officer = {"Authorization": f"Bearer {service.token('carol', ['compliance'])}"}
    params = {**period(history), "severity": "SEV2", "service": "", "team": "",
              "asOf": datetime.now(UTC).isoformat(), "timeZone": "Europe/Paris"}  # fmt: skip
    whole = service.http.get("/exports/compliance.json", params=params, headers=officer)
    assert whole.status_code == 200, whole.text
    for section, keys in (("sla", {"publication_sla", "sla_cases"}),
                          ("evidence", {"review_evidence", "publications_not_meeting_policy"}),
                          ("owners", {"action_items"})):  # fmt: skip
        for fmt in ("json", "csv"):
            answer = service.http.get(
                f"/exports/compliance.{fmt}", params={**params, "section": section},
                headers=officer,
            )  # fmt: skip
            assert answer.status_code == 200, (fmt, section, answer.text)
            assert f'filename="compliance-{section}.{fmt}"' in answer.headers["content-disposition"]
        data = service.http.get(
            "/exports/compliance.json", params={**params, "section": section}, headers=officer
        ).json()
        assert keys <= set(data)
        assert {"since", "until", "as_of", "time_zone", "position", "chain_head_hash"} <= set(data)
        assert "postmortems" not in data  # only the section, and which report it is
        assert data["time_zone"] == "Europe/Paris"
        for key in keys:
            assert data[key] == whole.json()[key]
    for fmt in ("json", "csv"):
        wrong = service.http.get(
            f"/exports/compliance.{fmt}", params={**params, "section": "nope"}, headers=officer
        )
        assert wrong.status_code == 400
        assert "section must be one of sla, evidence, owners" in wrong.text
