"""Incident metrics: the durations kept per postmortem and scope, and the monthly median and
90th percentile per service and severity, every figure worked out by hand."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from projections.incident_metrics.projection import metric_documents
from projections.incident_metrics.queries import DurationStats, summarise
from service.domain.calendar import time_zone

MINUTE = 60.0


def utc(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=UTC)  # type: ignore[misc]


def incident(started: datetime, services: list[str], severity: str, **minutes: float | None) -> Any:
    return {
        "started_at": started,
        "services": services,
        "severity": severity,
        "seconds": {k: None if v is None else v * MINUTE for k, v in minutes.items()},
    }


DOCS = [
    incident(utc(2026, 3, 2), ["api"], "SEV1", detect=5, mitigate=30, resolve=60, publish=2880),
    incident(utc(2026, 3, 9), ["api"], "SEV1", detect=10, mitigate=60, resolve=120, publish=None),
    incident(utc(2026, 3, 20), ["api"], "SEV1", detect=20, mitigate=None, resolve=180,
             publish=5760),
    incident(utc(2026, 3, 25), ["api", "db"], "SEV2", detect=1, mitigate=2, resolve=3, publish=4),
    # 28 Feb 12:00Z: February in UTC, 1 March 01:00 in Auckland.
    incident(utc(2026, 2, 28, 12), [], "SEV3", detect=7, mitigate=None, resolve=None,
             publish=None),
]  # fmt: skip


def test_median_and_p90_per_month_service_and_severity() -> None:
    found = summarise(DOCS, ["2026-02", "2026-03"], time_zone("UTC"))
    api_sev1 = next(g for g in found.groups if (g.month, g.service, g.severity) == (
        "2026-03", "api", "SEV1"))  # fmt: skip
    assert api_sev1.incidents == 3
    # detect 5, 10, 20: median 10; p90 at rank 1.8: 10 + 0.8 x 10 = 18
    assert api_sev1.durations["detect"] == DurationStats(3, 10.0, 18.0)
    # mitigate 30, 60 (one unknown): median 45; p90 at rank 0.9: 30 + 0.9 x 30 = 57
    assert api_sev1.durations["mitigate"] == DurationStats(2, 45.0, 57.0)
    # resolve 60, 120, 180: median 120; p90 120 + 0.8 x 60 = 168
    assert api_sev1.durations["resolve"] == DurationStats(3, 120.0, 168.0)
    # publish 2 and 4 days: median 3 days = 4320 min; p90 2880 + 0.9 x 2880 = 5472
    assert api_sev1.durations["publish"] == DurationStats(2, 4320.0, 5472.0)
    # The two-service incident counts in both services' groups, once in the month's total.
    assert [(g.month, g.service, g.severity, g.incidents) for g in found.groups] == [
        ("2026-02", None, "SEV3", 1),
        ("2026-03", "api", "SEV1", 3),
        ("2026-03", "api", "SEV2", 1),
        ("2026-03", "db", "SEV2", 1),
    ]
    february, march = found.totals
    assert (february.month, february.incidents, march.incidents) == ("2026-02", 1, 4)
    # detect 1, 5, 10, 20: median 7.5; p90 at rank 2.7: 10 + 0.7 x 10 = 17
    assert march.durations["detect"] == DurationStats(4, 7.5, 17.0)
    assert february.durations["resolve"] == DurationStats(0, None, None)


def test_months_are_those_of_the_zone() -> None:
    found = summarise(DOCS, ["2026-02", "2026-03"], time_zone("Pacific/Auckland"))
    assert [t.incidents for t in found.totals] == [0, 5]


def _postmortem(**changes: Any) -> dict[str, Any]:
    started = utc(2026, 3, 2, 10)
    doc = {
        "id": "pm-1", "state": "PUBLISHED", "severity": "SEV2", "services": ["api", "api"],
        "team": "sre", "first_published_at": started + timedelta(days=3),
        "window": {"started_at": started, "detected_at": started + timedelta(minutes=4),
                   "mitigated_at": started + timedelta(minutes=50),
                   "resolved_at": started + timedelta(hours=2)},
        "published_revisions": [],
    }  # fmt: skip
    doc.update(changes)
    return doc


def test_the_view_keeps_each_scopes_durations_in_seconds() -> None:
    docs = metric_documents(_postmortem())
    assert sorted(docs) == ["all:pm-1", "published:pm-1"]
    assert docs["published:pm-1"]["services"] == ["api"]
    assert docs["published:pm-1"]["seconds"] == {
        "detect": 240.0, "mitigate": 3000.0, "resolve": 7200.0,
        "publish": 3 * 86400.0 - 7200.0,
    }  # fmt: skip
    assert metric_documents(_postmortem(state="WITHDRAWN")) == {}
    draft = metric_documents(_postmortem(state="DRAFT", first_published_at=None))
    assert sorted(draft) == ["all:pm-1"]
    assert draft["all:pm-1"]["seconds"]["publish"] is None


def test_an_amendment_in_progress_shows_readers_the_published_window() -> None:
    published = _postmortem()
    frozen = {k: published[k] for k in ("severity", "services", "team", "window")}
    amended = _postmortem(
        state="DRAFT",
        window={**published["window"], "resolved_at": published["window"]["started_at"]
                + timedelta(hours=5)},
        published_revisions=[{"revision": 1, "content": frozen}],
    )  # fmt: skip
    docs = metric_documents(amended)
    assert docs["published:pm-1"]["seconds"]["resolve"] == 7200.0
    assert docs["all:pm-1"]["seconds"]["resolve"] == 5 * 3600.0
    # Resolved (in the draft) after the first publication: no negative time to publish.
    late = _postmortem(window={**published["window"], "resolved_at": utc(2026, 3, 9)})
    assert metric_documents(late)["all:pm-1"]["seconds"]["publish"] is None
