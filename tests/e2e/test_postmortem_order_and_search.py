"""The postmortem list's orders and text search, through GraphQL over HTTP on the real servers:
every order both ways with pages that agree, keyset pages that neither skip nor repeat while
postmortems are inserted, and search that ignores case, accents and the Unicode form, covers
every narrative section, and finds CJK and emoji."""

from __future__ import annotations

import unicodedata
from typing import Any

import pytest

from tests.support.live import LiveService
from tests.support.postmortem_graphql import run

LIST = """
query List($first: Int!, $after: String, $orderBy: PostmortemOrder, $filter: PostmortemFilter) {
  postmortems(first: $first, after: $after, orderBy: $orderBy, filter: $filter) {
    totalCount pageInfo { hasNextPage endCursor } edges { cursor node { id title } }
  }
}
"""


def create(service: LiveService, title: str, severity: str, started: str) -> tuple[str, int]:
    data = {"title": title, "severity": severity, "incidentWindow": {"startedAt": started}}
    created = run(service, "createPostmortem", "$input: CreatePostmortemInput!",
                  {"input": data}, with_id=False)  # fmt: skip
    assert created["__typename"] == "Postmortem", created
    return str(created["id"]), int(created["version"])


def page(service: LiveService, **variables: Any) -> dict[str, Any]:
    body = service.graphql(LIST, {"first": 100, **variables})
    assert "errors" not in body, body
    result: dict[str, Any] = body["data"]["postmortems"]
    return result


def titles(service: LiveService, **variables: Any) -> list[str]:
    return [e["node"]["title"] for e in page(service, **variables)["edges"]]


def paged(service: LiveService, size: int, **variables: Any) -> list[str]:
    """Every title, fetched `size` at a time through the cursors."""
    found: list[str] = []
    after = None
    while True:
        result = page(service, first=size, after=after, **variables)
        found += [e["node"]["title"] for e in result["edges"]]
        if not result["pageInfo"]["hasNextPage"]:
            return found
        after = result["pageInfo"]["endCursor"]


@pytest.fixture
def five(service: LiveService) -> dict[str, str]:
    """Five postmortems created in the order A..E; B's summary is written last (latest update)."""
    ids = {}
    for title, severity, started in (
        ("A", "SEV3", "2025-03-01T10:00:00Z"),
        ("B", "SEV1", "2024-01-15T08:00:00Z"),  # a backfilled old incident
        ("C", "SEV2", "2025-06-01T10:00:00Z"),
        ("D", "SEV1", "2025-05-01T10:00:00Z"),
        ("E", "SEV4", "2025-04-01T10:00:00Z"),
    ):
        ids[title], _ = create(service, title, severity, started)
    run(service, "writeSummary", "$input: SummaryInput!",
        {"id": ids["B"], "v": 1, "input": {"summary": "Written last."}})  # fmt: skip
    return ids


@pytest.mark.parametrize(
    ("order_by", "expected"),
    [
        (None, ["C", "D", "E", "A", "B"]),  # newest incident first by default
        ({"field": "INCIDENT_START", "direction": "ASC"}, ["B", "A", "E", "D", "C"]),
        ({"field": "CREATED"}, ["E", "D", "C", "B", "A"]),
        ({"field": "CREATED", "direction": "ASC"}, ["A", "B", "C", "D", "E"]),
        ({"field": "UPDATED"}, ["B", "E", "D", "C", "A"]),
        ({"field": "UPDATED", "direction": "ASC"}, ["A", "C", "D", "E", "B"]),
        # SEV1 first, then the newest incident within a severity; ascending is the reverse.
        ({"field": "SEVERITY"}, ["D", "B", "C", "A", "E"]),
        ({"field": "SEVERITY", "direction": "ASC"}, ["E", "A", "C", "B", "D"]),
    ],
)
def test_every_order_both_ways_and_its_pages_agree(
    service: LiveService, five: dict[str, str], order_by: Any, expected: list[str]
) -> None:
    assert titles(service, orderBy=order_by) == expected
    assert paged(service, 2, orderBy=order_by) == expected


def test_ties_go_by_id_and_pages_neither_skip_nor_repeat_while_postmortems_are_inserted(
    service: LiveService,
) -> None:
    same = "2025-05-05T05:05:00Z"
    ids = {create(service, f"T{i}", "SEV2", same)[0]: f"T{i}" for i in range(4)}
    tied = [ids[i] for i in sorted(ids, reverse=True)]  # same start: by id, descending
    assert titles(service) == tied
    first = page(service, first=2)
    assert [e["node"]["title"] for e in first["edges"]] == tied[:2]
    # Inserted between two requests: one sorting before the cursor, one after it.
    create(service, "newer", "SEV2", "2025-09-01T00:00:00Z")
    create(service, "older", "SEV2", "2020-01-01T00:00:00Z")
    rest = paged_after(service, first["pageInfo"]["endCursor"], 1)
    assert rest == [*tied[2:], "older"]
    assert titles(service)[0] == "newer"


def paged_after(service: LiveService, after: str, size: int) -> list[str]:
    found: list[str] = []
    cursor: str | None = after
    while cursor is not None:
        result = page(service, first=size, after=cursor)
        found += [e["node"]["title"] for e in result["edges"]]
        cursor = result["pageInfo"]["endCursor"] if result["pageInfo"]["hasNextPage"] else None
    return found


def test_a_cursor_of_another_order_is_refused(service: LiveService, five: dict[str, str]) -> None:
    cursor = page(service, first=1)["pageInfo"]["endCursor"]
    body = service.graphql(LIST, {"first": 1, "after": cursor, "orderBy": {"field": "CREATED"}})
    assert body["data"] is None
    assert body["errors"][0]["message"].startswith("invalid cursor")
    bad = service.graphql(LIST, {"first": 1, "orderBy": {"field": "TITLE"}})
    assert bad["data"] is None
    assert "TITLE" in bad["errors"][0]["message"]


def write(service: LiveService, pm: str, version: int, name: str, argument: str,
          value: dict[str, Any]) -> int:  # fmt: skip
    done = run(service, name, f"$input: {argument}!", {"id": pm, "v": version, "input": value})
    assert done["__typename"] == "Postmortem", done
    return int(done["version"])


def test_search_ignores_case_accents_and_unicode_form_in_every_section(
    service: LiveService,
) -> None:
    nfc, nfd = "Échec du déploiement", unicodedata.normalize("NFD", "Échec du déploiement")
    assert nfc != nfd
    a, va = create(service, "Composed", "SEV2", "2025-01-01T00:00:00Z")
    b, vb = create(service, "Decomposed", "SEV2", "2025-01-02T00:00:00Z")
    c, vc = create(service, "Sections", "SEV3", "2025-01-03T00:00:00Z")
    write(service, a, va, "writeSummary", "SummaryInput", {"summary": nfc})
    write(service, b, vb, "writeSummary", "SummaryInput", {"summary": nfd})
    entry = {"at": "2025-01-03T00:05:00Z", "kind": "ALERT", "description": "Pager 🔥 fired"}
    vc = write(service, c, vc, "addTimelineEntry", "TimelineEntryInput", entry)
    vc = write(service, c, vc, "writeRootCauseAnalysis", "RootCauseAnalysisInput", {
        "statement": "東京リージョンの証明書が期限切れ", "category": "CONFIGURATION",
        "whys": [{"why": "Why did TLS fail?", "because": "The renewal cron was disabled"}],
        "contributingFactors": ["No expiry alert"]})  # fmt: skip
    vc = write(
        service,
        c,
        vc,
        "writeLessons",
        "LessonsInput",
        {"wentWell": ["Quick rollback"], "wentBadly": ["Status page was late"]},
    )
    write(
        service,
        c,
        vc,
        "addActionItem",
        "ActionItemInput",
        {"title": "Automate renewal", "description": "Use ACME everywhere"},
    )

    def found(text: str) -> list[str]:
        result = page(service, filter={"text": text})
        assert result["totalCount"] == len(result["edges"])
        return sorted(e["node"]["title"] for e in result["edges"])

    for query in ("echec", "ÉCHEC", unicodedata.normalize("NFD", "échec"), "DEPLOIEMENT"):
        assert found(query) == ["Composed", "Decomposed"], query
    for query in ("🔥", "リージョン", "証明書", "renewal cron", "EXPIRY", "rollback",
                  "status page", "acme", "automate"):  # fmt: skip
        assert found(query) == ["Sections"], query
    assert found("echec rollback") == []  # every word must occur
    assert found("ech") == ["Composed", "Decomposed"]  # part of a word
    assert found("d.ploiement") == []  # taken literally, not as a pattern
    refused = service.graphql(LIST, {"first": 5, "filter": {"text": "\u0301\ufe0f"}})
    assert refused["data"] is None
    assert refused["errors"][0]["message"] == (
        "filter.text has nothing searchable (only marks or invisible characters)"
    )
