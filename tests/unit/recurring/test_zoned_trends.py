"""Where a month of a time zone starts relative to the UTC month: the edge each boundary reads
from the quarter-hour counters (or, off the quarter hours, from the views)."""

from __future__ import annotations

from datetime import UTC, date, datetime

from projections.recurring.documents import edge_counter_keys, is_month_edge
from projections.recurring.trends import Edge, _slot_bounds, boundary_edge
from service.domain.calendar import time_zone


def utc(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=UTC)  # type: ignore[misc]


def test_a_month_east_of_utc_starts_on_the_last_utc_day_of_the_month_before() -> None:
    # Auckland, 1 March 2026 00:00 +13 = 28 February 11:00Z: incidents from then to the UTC
    # month's start belong to March there (they leave the UTC February count).
    edge = boundary_edge(date(2026, 3, 1), time_zone("Pacific/Auckland"))
    assert edge == Edge(day="2026-02-28", low=utc(2026, 2, 28, 11), high=utc(2026, 3, 1), sign=-1)
    assert _slot_bounds(edge) == (44, 96)
    kolkata = boundary_edge(date(2026, 3, 1), time_zone("Asia/Kolkata"))
    assert kolkata is not None
    assert _slot_bounds(kolkata) == (74, 96)  # 18:30Z: a half-hour offset
    chatham = boundary_edge(date(2026, 3, 1), time_zone("Pacific/Chatham"))
    assert chatham is not None
    assert _slot_bounds(chatham) == (41, 96)  # 10:15Z: +13:45


def test_a_month_west_of_utc_starts_on_the_first_utc_day_of_the_month() -> None:
    la = time_zone("America/Los_Angeles")
    assert boundary_edge(date(2026, 3, 1), la) == Edge(
        day="2026-03-01", low=utc(2026, 3, 1), high=utc(2026, 3, 1, 8), sign=1
    )
    april = boundary_edge(date(2026, 4, 1), la)  # daylight time: 7 hours, not 8
    assert april is not None
    assert (april.high, _slot_bounds(april)) == (utc(2026, 4, 1, 7), (0, 28))
    assert boundary_edge(date(2026, 3, 1), time_zone("UTC")) is None
    assert boundary_edge(date(2026, 3, 1), time_zone("Europe/London")) is None  # GMT in winter


def test_a_boundary_off_the_quarter_hours_is_counted_from_the_views() -> None:
    # Amsterdam kept local mean time (+00:19:32) until 1937.
    edge = boundary_edge(date(1930, 6, 1), time_zone("Europe/Amsterdam"))
    assert edge is not None
    assert (edge.day, edge.low, edge.sign) == ("1930-05-31", utc(1930, 5, 31, 22, 40, 28), -1)
    assert _slot_bounds(edge) is None


def test_only_incidents_of_a_months_first_or_last_utc_day_get_edge_counters() -> None:
    assert [is_month_edge(date(2026, 2, d)) for d in (1, 2, 27, 28)] == [True, False, False, True]
    assert is_month_edge(date(2024, 2, 29))
    view = {"started_at": utc(2026, 2, 28, 18, 31), "services": ["api", "db"],
            "category": "deployment", "severity": "SEV2", "team": None}  # fmt: skip
    assert edge_counter_keys(view) == [
        ("EDGE_SERVICE", "2026-02-28", "74|api"),
        ("EDGE_SERVICE", "2026-02-28", "74|db"),
        ("EDGE_CATEGORY", "2026-02-28", "74|deployment"),
        ("EDGE_SEVERITY", "2026-02-28", "74|SEV2"),
        ("EDGE_TEAM", "2026-02-28", "74|%28none%29"),
    ]
    assert edge_counter_keys({**view, "started_at": utc(2026, 2, 15, 12)}) == []
