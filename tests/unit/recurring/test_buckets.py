"""Counters and bundles: windows cut into months and days, keys, and the writes that move them."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

from pymongo import UpdateOne

from projections.recurring.analysis import rank_groups, window_buckets
from projections.recurring.documents import decode_key, encode_key, split_group_key
from projections.recurring.projection import BUNDLES, COUNTERS, view_writes, views_of
from tests.support.recurring_corpus import corpus


def at(day: int, month: int = 1, hour: int = 0) -> datetime:
    return datetime(2026, month, day, hour, tzinfo=UTC)


def test_a_window_is_cut_into_whole_months_whole_days_and_partial_edges() -> None:
    buckets = window_buckets(at(30, 1, 15), at(3, 5, 7))
    assert buckets.months == ["2026-02", "2026-03", "2026-04"]
    assert buckets.days == ["2026-01-31", "2026-05-01", "2026-05-02"]
    assert buckets.partial == [(at(30, 1, 15), at(31)), (at(3, 5), at(3, 5, 7))]


def test_a_window_inside_one_day_is_read_from_the_facts_only() -> None:
    buckets = window_buckets(at(5, 1, 3), at(5, 1, 9))
    assert (buckets.months, buckets.days, buckets.partial) == ([], [], [(at(5, 1, 3), at(5, 1, 9))])


def test_a_whole_month_is_one_bucket() -> None:
    buckets = window_buckets(at(1), at(1, 2))
    assert (buckets.months, buckets.days, buckets.partial) == (["2026-01"], [], [])


def test_windows_in_other_time_zones_are_cut_in_utc() -> None:
    two_am_plus_two = datetime(2026, 1, 2, 2, tzinfo=timezone(timedelta(hours=2)))
    buckets = window_buckets(two_am_plus_two, two_am_plus_two + timedelta(days=1))
    assert (buckets.days, buckets.partial) == (["2026-01-02"], [])


def test_service_names_with_dots_and_dollars_are_safe_counter_keys() -> None:
    for name in ["api.v2", "$weird|name", "plain"]:
        encoded = encode_key(name)
        assert not any(("." in encoded, encoded.startswith("$"), "|" in encoded))
        assert decode_key(encoded) == name
    assert split_group_key(f"{encode_key('a.b')}|{encode_key('capacity')}") == ("a.b", "capacity")


def test_groups_are_ranked_by_count_then_name_and_filtered() -> None:
    counts = {("web", "capacity"): 3, ("api", "capacity"): 3, ("api", "deployment"): 1}
    assert rank_groups(counts, min_occurrences=2) == [
        ("api", "capacity", 3),
        ("web", "capacity", 3),
    ]
    assert rank_groups(counts, min_occurrences=1, service="api", category="deployment") == [
        ("api", "deployment", 1)
    ]


def test_moving_an_incident_to_another_day_moves_its_signature_and_counters() -> None:
    doc = corpus()[0]
    moved = {
        **doc,
        "window": {**doc["window"], "started_at": doc["window"]["started_at"] + timedelta(days=40)},
    }
    writes = [
        (c, op)
        for c, op in view_writes(views_of(doc), views_of(moved), 9)
        if c in (BUNDLES, COUNTERS)
    ]
    bundle_ops = [op for c, op in writes if c == BUNDLES]
    assert all(isinstance(op, UpdateOne) for op in bundle_ops)
    unsets = [op for op in bundle_ops if "$unset" in op._doc]
    sets = [op for op in bundle_ops if "$set" in op._doc]
    assert [op._filter["_id"] for op in unsets] == ["published|2026-02-15", "all|2026-02-15"]
    assert [op._filter["_id"] for op in sets] == ["published|2026-03-27", "all|2026-03-27"]
    increments = {
        (op._filter["_id"], field): n
        for c, op in writes
        if c == COUNTERS
        for field, n in op._doc["$inc"].items()
    }
    assert increments[("published|GROUP_DAY|2026-02-15", "counts.payments|capacity")] == -1
    assert increments[("published|GROUP_DAY|2026-03-27", "counts.payments|capacity")] == 1
    assert increments[("published|CATEGORY|2026-02", "counts.capacity")] == -1
    assert increments[("published|CATEGORY|2026-03", "counts.capacity")] == 1
