"""The action items list across postmortems, through GraphQL over HTTP on the real servers:
order, filters (overdue by owner), pages, who sees what, and bad input refused."""

from __future__ import annotations

from datetime import date
from typing import Any

from tests.support.live import LiveService
from tests.support.postmortem_graphql import run

LIST = """
query Items($filter: ActionItemFilter, $first: Int! = 50, $after: String) {
  actionItems(filter: $filter, first: $first, after: $after) {
    totalCount pageInfo { hasNextPage endCursor }
    edges { node { postmortemTitle severity overdue item { title owner dueDate status } } }
  }
}
"""
REVIEWER = {"user": "rita", "roles": ("reviewer",)}
OWNER = {"user": "bob", "roles": ("author",)}
OUTSIDER = {"user": "zoe", "roles": ("author",)}
COMPLIANCE = {"user": "carl", "roles": ("compliance",)}


def draft_with_items(service: LiveService) -> str:
    created = run(service, "createPostmortem", "$input: CreatePostmortemInput!",
                  {"input": {"title": "Login outage", "severity": "SEV2",
                             "incidentWindow": {"startedAt": "2025-07-15T17:42:00Z"}}},
                  with_id=False)  # fmt: skip
    pm = str(created["id"])
    items = [
        {"title": "No due date", "owner": "team-sre"},
        {"title": "Long overdue", "owner": "team-sre", "dueDate": "2020-01-01"},
        # Due dates reach at most ten years ahead (service/domain/validation.py).
        {"title": "Far ahead", "owner": "bob", "dueDate": f"{date.today().year + 9}-01-01"},
        {"title": "Overdue but done", "owner": "team-sre", "dueDate": "2020-02-01"},
    ]
    for version, item in enumerate(items, start=1):
        added = run(service, "addActionItem", "$input: ActionItemInput!",
                    {"id": pm, "v": version, "input": item})  # fmt: skip
        assert added["__typename"] == "Postmortem", added
    done = added["actionItems"][3]["id"]
    changed = run(service, "changeActionItemStatus", "$itemId: ID!, $input: ActionItemStatusInput!",
                  {"id": pm, "v": 5, "itemId": done, "input": {"status": "DONE"}})  # fmt: skip
    assert changed["__typename"] == "Postmortem", changed
    return pm


def listing(service: LiveService, who: dict[str, Any] | None = None, /, **variables: Any) -> Any:
    body = service.graphql(LIST, variables, **(who or {}))
    assert "errors" not in body, body
    page = body["data"]["actionItems"]
    return page


def titles(page: Any) -> list[str]:
    return [edge["node"]["item"]["title"] for edge in page["edges"]]


def test_items_come_soonest_due_first_and_filter_to_overdue_by_owner(
    service: LiveService,
) -> None:
    draft_with_items(service)
    every = listing(service)
    assert titles(every) == ["Long overdue", "Overdue but done", "Far ahead", "No due date"]
    assert every["totalCount"] == 4
    first = every["edges"][0]["node"]
    assert (first["postmortemTitle"], first["severity"], first["overdue"]) == (
        "Login outage", "SEV2", True)  # fmt: skip
    assert [e["node"]["overdue"] for e in every["edges"]] == [True, False, False, False]

    overdue = listing(service, filter={"overdue": True, "owner": "team-sre"})
    assert (titles(overdue), overdue["totalCount"]) == (["Long overdue"], 1)
    assert titles(listing(service, filter={"overdue": False})) == [
        "Overdue but done", "Far ahead", "No due date"]  # fmt: skip
    assert titles(listing(service, filter={"statuses": ["DONE"]})) == ["Overdue but done"]
    assert titles(listing(service, filter={"owner": "bob", "severities": ["SEV2"]})) == [
        "Far ahead"
    ]
    assert listing(service, filter={"severities": ["SEV1"]})["totalCount"] == 0

    # Pages continue where the last one ended.
    one = listing(service, first=3)
    assert (titles(one), one["pageInfo"]["hasNextPage"]) == (titles(every)[:3], True)
    rest = listing(service, first=3, after=one["pageInfo"]["endCursor"])
    assert (titles(rest), rest["pageInfo"]["hasNextPage"]) == (["No due date"], False)


def test_a_drafts_items_are_listed_only_for_who_may_see_the_draft(service: LiveService) -> None:
    draft_with_items(service)
    assert listing(service, REVIEWER)["totalCount"] == 4
    assert listing(service, OWNER)["totalCount"] == 4  # owns an item in it
    assert listing(service, COMPLIANCE)["totalCount"] == 4  # reads every draft (read_rules)
    hidden = listing(service, OUTSIDER, filter={"owner": "team-sre"})
    assert (hidden["totalCount"], hidden["edges"]) == (0, [])


def test_bad_arguments_are_refused(service: LiveService) -> None:
    draft_with_items(service)
    body = service.graphql(LIST, {"filter": {"owner": "", "team": "x" * 101}})
    assert body["data"] is None
    assert body["errors"][0]["message"] == (
        "filter.owner must be 1 to 100 characters; filter.team must be 1 to 100 characters"
    )
    for variables in ({"first": 0}, {"first": 101}, {"after": "not-a-cursor"}):
        refused = service.graphql(LIST, variables)
        assert refused["data"] is None, variables
        assert refused["errors"][0]["message"].startswith(("first must", "invalid cursor"))
