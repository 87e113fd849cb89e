"""Views derived from postmortem documents, and the analyses over them (pure functions)."""

from __future__ import annotations

from collections import Counter
from datetime import date
from typing import Any

from projections.recurring.analysis import (
    months_between,
    recurred_despite_fix,
    trend_series,
)
from projections.recurring.documents import (
    ALL,
    PUBLISHED,
    facts,
    fix_completed_at,
    postmortem_view,
    scoped_documents,
    trend_keys,
)
from projections.recurring.projection import view_writes, views_of
from projections.recurring.similarity import (
    DEFAULT_THRESHOLD,
    link_edges,
    similar_pairs,
    tfidf_vector,
)
from tests.support.recurring_corpus import corpus, days_ago, item, postmortem


def published_views() -> dict[str, dict[str, Any]]:
    return {
        d["id"]: postmortem_view(d, PUBLISHED) for d in corpus() if PUBLISHED in scoped_documents(d)
    }


def test_a_fix_is_complete_when_every_item_is_closed_and_one_is_done() -> None:
    assert fix_completed_at([item("1", "done", 10), item("2", "wont_do", 5)]) == days_ago(5)
    assert fix_completed_at([item("1", "done", 10), item("2", "open")]) is None
    assert fix_completed_at([item("1", "wont_do", 10)]) is None
    assert fix_completed_at([]) is None


def test_withdrawn_postmortems_are_in_no_scope_and_drafts_only_in_the_unpublished_one() -> None:
    draft = postmortem("x", "t", "s", [], service="api", category="process", started_days_ago=1)
    draft["state"] = "DRAFT"
    assert set(scoped_documents(draft)) == {ALL}
    draft["state"] = "WITHDRAWN"
    assert scoped_documents(draft) == {}


def test_an_amended_postmortem_shows_its_published_text_with_current_action_item_statuses() -> None:
    published = postmortem(
        "x",
        "Old title",
        "old cause",
        [],
        service="api",
        category="process",
        started_days_ago=3,
        action_items=[item("i1", "open")],
    )
    amended = {
        **published,
        "state": "DRAFT",
        "title": "New title being written",
        "action_items": [item("i1", "done", 1), item("i2", "open")],
        "published_revisions": [{"revision": 1, "content": dict(published)}],
    }
    public = postmortem_view(scoped_documents(amended)[PUBLISHED], PUBLISHED)
    assert (public["title"], public["state"]) == ("Old title", "PUBLISHED")
    assert [(i["id"], i["status"]) for i in public["action_items"]] == [("i1", "done")]
    assert public["fix_completed_at"] == days_ago(1)
    assert postmortem_view(scoped_documents(amended)[ALL], ALL)["title"].startswith("New")


def test_facts_are_one_per_service_and_trends_count_a_postmortem_once_per_dimension() -> None:
    doc = postmortem("x", "t", "s", [], service="api", category="capacity", started_days_ago=1)
    doc["services"] = ["web", "api"]
    doc["team"] = None
    view = postmortem_view(doc, PUBLISHED)
    assert [(f["service"], f["category"]) for f in facts(view)] == [
        ("api", "capacity"),
        ("web", "capacity"),
    ]
    assert trend_keys(view) == [
        ("SERVICE", "api", "2026-06"),
        ("SERVICE", "web", "2026-06"),
        ("CATEGORY", "capacity", "2026-06"),
        ("SEVERITY", "SEV2", "2026-06"),
        ("TEAM", "(none)", "2026-06"),
    ]


def test_an_event_that_changes_nothing_visible_writes_nothing() -> None:
    doc = corpus()[0]
    commented = {**doc, "version": 11, "review_comments": [{"id": "c", "text": "ok"}]}
    assert list(view_writes(views_of(doc), views_of(commented), position=7)) == []


def test_recurrences_despite_completed_action_items_are_listed_latest_first() -> None:
    views = published_views()
    df: Counter[str] = Counter(t for v in views.values() for t in v["terms"])
    vectors = {k: tfidf_vector(v["tf"], df, len(views)) for k, v in views.items()}
    pairs = similar_pairs(vectors, DEFAULT_THRESHOLD)
    links = link_edges({k: v["recurrence_of"] for k, v in views.items()})
    found = recurred_despite_fix(views, pairs, links)
    # a1's fix (all closed 95 days ago) did not hold: a2 and a3 came later; b2's fix did not
    # hold for b3; c1's for c2. b1 and a2 still have open items; c3 is linked to c2 (no items).
    assert [(r.earlier, r.later) for r in found] == [
        ("a1", "a3"),
        ("b2", "b3"),
        ("a1", "a2"),
        ("c1", "c2"),
    ]
    assert all(r.similarity is not None and r.similarity >= DEFAULT_THRESHOLD for r in found)


def test_a_linked_recurrence_counts_even_when_the_wording_differs() -> None:
    views = published_views()
    views["c2"]["fix_completed_at"] = days_ago(50)
    found = recurred_despite_fix(views, [], link_edges({"c3": ["c2"]}))
    assert [(r.earlier, r.later, r.similarity, r.linked) for r in found] == [
        ("c2", "c3", None, True)
    ]


def test_monthly_trends_include_months_without_incidents() -> None:
    months = months_between(date(2025, 11, 1), date(2026, 6, 30))
    assert (months[0], months[-1], len(months)) == ("2025-11", "2026-06", 8)
    counters: Counter[tuple[str, str]] = Counter()
    for view in published_views().values():
        for dimension, key, month in trend_keys(view):
            if dimension == "CATEGORY":
                counters[(key, month)] += 1
    series = trend_series(
        [{"key": k, "month": m, "count": c} for (k, m), c in counters.items()], months
    )
    assert [(s.key, s.counts, s.total) for s in series] == [
        ("capacity", [1, 0, 0, 1, 1, 1, 1, 1], 6),
        ("configuration", [0, 0, 1, 0, 1, 0, 3, 0], 5),
        ("code_defect", [0, 0, 0, 1, 0, 1, 1, 0], 3),
        ("dependency", [0, 1, 0, 0, 0, 0, 1, 0], 2),
        ("deployment", [0, 0, 0, 0, 1, 0, 0, 0], 1),
        ("infrastructure", [0, 0, 0, 0, 0, 1, 0, 0], 1),
        ("security", [0, 0, 0, 0, 0, 0, 1, 0], 1),
    ]


def test_a_range_ending_before_it_starts_has_no_months() -> None:
    assert months_between(date(2026, 5, 1), date(2026, 4, 30)) == []
