"""Time zones through GraphQL over HTTP on the real servers: the organisation's zone (the
ORGANISATION_TIME_ZONE setting; Pacific/Kiritimati, UTC+14, here) is the default, and every
calendar query takes `timeZone`: overdue action items, monthly trends and metrics, and the
compliance report's days. An unknown zone is a validation error that answers no data."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from service.config import Settings
from service.domain.calendar import local_date, time_zone
from tests.support.live import LiveService
from tests.support.postmortem_graphql import run

ORGANISATION = "Pacific/Kiritimati"  # UTC+14: always a day or two ahead of Pago Pago (-11)
REVIEWER = {"user": "rita", "roles": ("reviewer",)}
OFFICER = {"user": "olga", "roles": ("compliance",)}


@pytest.fixture
def settings(tmp_path: Path, mongodb_uri: str) -> Settings:
    return Settings(
        data_dir=tmp_path,
        mongodb_uri=mongodb_uri,
        mongodb_database="t_" + uuid.uuid4().hex[:12],
        projection_poll_interval=0.05,
        organisation_time_zone=ORGANISATION,
    )


def create(service: LiveService, title: str, window: dict[str, str], **fields: Any) -> str:
    data = {"title": title, "severity": fields.pop("severity", "SEV2"), "services": ["api"],
            "incidentWindow": window, **fields}  # fmt: skip
    created = run(service, "createPostmortem", "$input: CreatePostmortemInput!",
                  {"input": data}, with_id=False)  # fmt: skip
    assert created["__typename"] == "Postmortem", created
    return str(created["id"])


ITEMS = """query($tz: TimeZone, $overdue: Boolean) {
  actionItems(timeZone: $tz, filter: {overdue: $overdue}) {
    timeZone today totalCount edges { node { overdue item { title dueDate } } } } }"""


def test_an_item_due_today_is_overdue_only_where_today_is_over(service: LiveService) -> None:
    pago = time_zone("Pacific/Pago_Pago")
    due = local_date(datetime.now(UTC), pago)  # today in Pago Pago, already past in Kiritimati
    pm = create(service, "Login outage", {"startedAt": "2025-07-15T17:42:00Z"})
    item = {"title": "Rotate keys", "dueDate": due.isoformat()}
    run(service, "addActionItem", "$input: ActionItemInput!", {"id": pm, "v": 1, "input": item})

    def items(**variables: Any) -> dict[str, Any]:
        body = service.graphql(ITEMS, variables)
        assert "errors" not in body, body
        result: dict[str, Any] = body["data"]["actionItems"]
        return result

    there = items(tz="Pacific/Pago_Pago")
    assert there["timeZone"] == "Pacific/Pago_Pago"
    [edge] = there["edges"]
    # Not overdue on its due day (unless Pago Pago's midnight passed during the test).
    assert edge["node"]["overdue"] is (there["today"] > due.isoformat())
    default = items()
    assert (default["timeZone"], default["today"] > due.isoformat()) == (ORGANISATION, True)
    assert [e["node"]["overdue"] for e in default["edges"]] == [True]
    assert items(overdue=True)["totalCount"] == 1
    if there["today"] == due.isoformat():
        assert items(tz="Pacific/Pago_Pago", overdue=True)["totalCount"] == 0


TRENDS = """query($tz: TimeZone) { incidentTrends(from: "2026-02-01", to: "2026-03-31",
  groupBy: SERVICE, includeUnpublished: true, timeZone: $tz) {
    timeZone months series { key counts } } }"""
METRICS = """query($tz: TimeZone) { incidentMetrics(from: "2026-02-01", to: "2026-03-31",
  includeUnpublished: true, timeZone: $tz) {
    timeZone months
    totals { month incidents timeToDetect { count medianMinutes p90Minutes } }
    groups { month service severity incidents
      timeToDetect { count medianMinutes p90Minutes }
      timeToMitigate { count medianMinutes p90Minutes }
      timeToResolve { count medianMinutes p90Minutes }
      timeToPublish { count medianMinutes p90Minutes } } } }"""


def test_months_of_trends_and_metrics_are_those_of_the_zone(service: LiveService) -> None:
    # 28 Feb 11:30Z: February in UTC and Los Angeles, 1 March 01:30 in Kiritimati (+14).
    create(service, "Edge", {"startedAt": "2026-02-28T11:30:00Z",
                             "detectedAt": "2026-02-28T11:34:00Z",
                             "mitigatedAt": "2026-02-28T12:20:00Z",
                             "resolvedAt": "2026-02-28T13:30:00Z"})  # fmt: skip
    create(service, "Mid", {"startedAt": "2026-03-10T08:00:00Z",
                            "detectedAt": "2026-03-10T08:10:00Z",
                            "mitigatedAt": "2026-03-10T08:30:00Z",
                            "resolvedAt": "2026-03-10T09:00:00Z"})  # fmt: skip

    def query(document: str, name: str, tz: str | None) -> Any:
        body = service.graphql(document, {"tz": tz}, **REVIEWER)
        assert "errors" not in body, body
        return body["data"][name]

    # Clients learn the default from `organisation`, to show times in it.
    assert service.graphql("{ organisation { timeZone } }")["data"] == {
        "organisation": {"timeZone": ORGANISATION}
    }
    trends = query(TRENDS, "incidentTrends", None)
    assert (trends["timeZone"], trends["months"]) == (ORGANISATION, ["2026-02", "2026-03"])
    assert trends["series"] == [{"key": "api", "counts": [0, 2]}]
    assert query(TRENDS, "incidentTrends", "UTC")["series"] == [{"key": "api", "counts": [1, 1]}]
    assert query(TRENDS, "incidentTrends", "America/Los_Angeles")["series"] == [
        {"key": "api", "counts": [1, 1]}
    ]

    metrics = query(METRICS, "incidentMetrics", None)
    assert metrics["timeZone"] == ORGANISATION
    assert [(t["month"], t["incidents"]) for t in metrics["totals"]] == [
        ("2026-02", 0), ("2026-03", 2)]  # fmt: skip
    [group] = metrics["groups"]
    assert (group["month"], group["service"], group["severity"], group["incidents"]) == (
        "2026-03", "api", "SEV2", 2)  # fmt: skip
    # detect 4 and 10 min: median 7, p90 4 + 0.9 x 6 = 9.4; mitigate 50 and 30: median 40,
    # p90 30 + 0.9 x 20 = 48; resolve 120 and 60: median 90, p90 114; none published yet.
    assert group["timeToDetect"] == {"count": 2, "medianMinutes": 7.0, "p90Minutes": 9.4}
    assert group["timeToMitigate"] == {"count": 2, "medianMinutes": 40.0, "p90Minutes": 48.0}
    assert group["timeToResolve"] == {"count": 2, "medianMinutes": 90.0, "p90Minutes": 114.0}
    assert group["timeToPublish"] == {"count": 0, "medianMinutes": None, "p90Minutes": None}
    in_utc = query(METRICS, "incidentMetrics", "UTC")
    assert [(t["month"], t["incidents"]) for t in in_utc["totals"]] == [
        ("2026-02", 1), ("2026-03", 1)]  # fmt: skip
    # Readers see published postmortems only; drafts need readers of every draft.
    published_only = service.graphql(METRICS.replace("includeUnpublished: true", ""), {})
    assert [t["incidents"] for t in published_only["data"]["incidentMetrics"]["totals"]] == [0, 0]
    refused = service.graphql(METRICS, {})
    assert refused["data"] is None
    assert refused["errors"][0]["extensions"]["code"] == "FORBIDDEN"


REPORT = """query($from: Date, $to: Date, $tz: TimeZone) {
  complianceReport(fromDate: $from, toDate: $to, timeZone: $tz) {
    from to timeZone postmortems
    publicationSla { pendingBreached breaches { postmortemId deadline deadlineDate } } } }"""


def test_the_compliance_period_is_calendar_days_of_the_zone(service: LiveService) -> None:
    # Resolved 28 Feb 11:30Z: 1 March 01:30 in Kiritimati, still 28 February in UTC.
    pm = create(service, "Edge", {"startedAt": "2026-02-28T10:00:00Z",
                                  "resolvedAt": "2026-02-28T11:30:00Z"})  # fmt: skip
    march = {"from": "2026-03-01", "to": "2026-03-31"}
    body = service.graphql(REPORT, march, **OFFICER)
    assert "errors" not in body, body
    report = body["data"]["complianceReport"]
    # Kiritimati: 1 March 00:00 +14 = 28 Feb 10:00Z to 1 April 00:00 +14 = 31 Mar 10:00Z.
    assert (report["from"], report["to"], report["timeZone"], report["postmortems"]) == (
        "2026-02-28T10:00:00+00:00", "2026-03-31T10:00:00+00:00", ORGANISATION, 1)  # fmt: skip
    # SEV2, 10 days after 1 March: last day 11 March, deadline 12 March 00:00 +14.
    assert report["publicationSla"]["breaches"] == [{
        "postmortemId": pm, "deadline": "2026-03-11T10:00:00+00:00",
        "deadlineDate": "2026-03-11"}]  # fmt: skip
    in_utc = service.graphql(REPORT, {**march, "tz": "UTC"}, **OFFICER)["data"]
    assert in_utc["complianceReport"]["postmortems"] == 0
    exported = service.http.get(
        "/exports/compliance.json",
        params={"fromDate": "2026-03-01", "toDate": "2026-03-31", "timeZone": "UTC"},
        headers={"Authorization": f"Bearer {service.token('olga', ['compliance'])}"},
    )  # fmt: skip
    assert exported.status_code == 200, exported.text
    assert (exported.json()["time_zone"], exported.json()["postmortems"]) == ("UTC", 0)


@pytest.mark.parametrize(
    "document",
    [
        '{ actionItems(timeZone: "Mars/Olympus") { totalCount } }',
        '{ incidentTrends(from: "2026-01-01", to: "2026-02-01", timeZone: "Mars/Olympus") '
        "{ months } }",
        '{ incidentMetrics(from: "2026-01-01", to: "2026-02-01", timeZone: "Mars/Olympus") '
        "{ months } }",
        '{ complianceReport(fromDate: "2026-01-01", toDate: "2026-01-31", '
        'timeZone: "Mars/Olympus") { postmortems } }',
    ],
)
def test_an_unknown_time_zone_is_a_validation_error(service: LiveService, document: str) -> None:
    body = service.graphql(document, **OFFICER)
    assert body["data"] is None
    assert "unknown time zone 'Mars/Olympus': expected an IANA name" in body["errors"][0]["message"]


def test_an_unknown_time_zone_in_an_export_is_a_bad_request(service: LiveService) -> None:
    response = service.http.get(
        "/exports/compliance.csv",
        params={"fromDate": "2026-03-01", "toDate": "2026-03-31", "timeZone": "europe/paris"},
        headers={"Authorization": f"Bearer {service.token('olga', ['compliance'])}"},
    )
    assert response.status_code == 400
    assert response.json()["errors"][0]["message"].startswith(
        "unknown time zone 'europe/paris' (did you mean 'Europe/Paris'?)"
    )
