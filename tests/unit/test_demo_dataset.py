"""The demo data set looks like a live organisation on today's clock (pure: no database)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from statistics import median

from service.demo.dataset import OAUTH_KEY, dataset
from service.demo.generator import DEFAULT_SLA_DAYS

NOW = datetime(2026, 11, 29, 12, 0, tzinfo=UTC)


def test_incidents_span_the_last_18_months_up_to_this_week_and_nothing_is_in_the_future() -> None:
    specs = dataset(300, 7, NOW)
    assert len(specs) == 300
    generated = [s for s in specs if s.key != OAUTH_KEY]
    assert min(s.started_at for s in generated) >= NOW - timedelta(days=549)
    assert max(s.started_at for s in generated) >= NOW - timedelta(days=7)
    for spec in specs:
        wf = spec.workflow
        times = [wf.created_at, wf.submitted_at, wf.published_at, wf.withdrawn_at]
        times += [item.changed_at for item in spec.action_items]
        assert all(t is None or t <= NOW for t in times), spec.key
        assert spec.resolved_at <= wf.created_at
        if wf.published_at is not None:
            assert wf.submitted_at is not None
            assert wf.created_at < wf.submitted_at < wf.published_at


def test_most_postmortems_are_published_within_the_sla_and_some_are_not() -> None:
    specs = dataset(300, 7, NOW)
    met = late = 0
    days_by_severity: dict[str, list[float]] = {}
    for spec in specs:
        published = spec.workflow.published_at
        days = DEFAULT_SLA_DAYS[spec.severity]
        if published is None:
            continue
        taken = (published - spec.resolved_at).total_seconds() / 86400
        days_by_severity.setdefault(spec.severity, []).append(taken)
        if days is not None:
            met += taken <= days
            late += taken > days
    assert 0.75 <= met / (met + late) <= 0.95, (met, late)
    assert median(days_by_severity["SEV1"]) < median(days_by_severity["SEV3"])
    states = {spec.target_state for spec in specs}
    assert states == {"DRAFT", "IN_REVIEW", "CHANGES_REQUESTED", "PUBLISHED", "WITHDRAWN"}


def test_action_items_are_done_open_and_overdue() -> None:
    items = [(i, s) for s in dataset(300, 7, NOW) for i in s.action_items]
    today = NOW.date()
    done = [i for i, _ in items if i.status == "done"]
    overdue = [i for i, _ in items if i.status in ("open", "in_progress") and i.due_date < today]
    upcoming = [i for i, _ in items if i.status in ("open", "in_progress") and i.due_date >= today]
    assert len(done) > len(items) / 3
    assert overdue
    assert upcoming
    assert any(i.changed_at and i.changed_at.date() > i.due_date for i in done)  # some late


def test_recurring_incidents_fall_inside_the_default_windows_with_the_oauth_outage() -> None:
    specs = {s.key: s for s in dataset(40, 7, NOW)}
    oauth = specs[OAUTH_KEY]
    assert oauth.target_state == "PUBLISHED"
    assert oauth.started_at == datetime(2025, 7, 15, 17, 42, tzinfo=UTC)
    pool = [specs[f"pool-{n}"] for n in (1, 2, 3)]
    assert all(NOW - s.started_at < timedelta(days=90) for s in pool)
    assert {s.services for s in pool} == {("payments",)}
    closed = max(i.changed_at for i in pool[0].action_items if i.changed_at)
    assert closed < pool[1].started_at  # recurred after every action item was closed
    assert specs["oauth-again"].recurrence_of == (OAUTH_KEY,)


def test_the_same_count_seed_and_clock_give_the_same_data() -> None:
    assert dataset(60, 3, NOW) == dataset(60, 3, NOW)
    assert dataset(60, 3, NOW) != dataset(60, 4, NOW)
