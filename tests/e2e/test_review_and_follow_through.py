"""Action items around review and amendment, over real HTTP on the real servers (fresh2 #1, #2):
reviewers approve exactly the statuses that are published, and readers of an amended
postmortem list the published revision's items, as `postmortem(id)` shows them."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from tests.support.live import LiveService
from tests.support.postmortem_graphql import read, run
from tests.support.publishing import ALICE, CAROL, DAVE, amend, create_seed, submit
from tests.support.security import live_service

STATUS = "$itemId: ID!, $input: ActionItemStatusInput!"
ADA: dict[str, Any] = {"user": "ada", "roles": ("admin",)}
SRE: dict[str, Any] = {"user": "sre", "roles": ("author",)}  # owns the JWKS alert item
ZED: dict[str, Any] = {"user": "zed", "roles": ("author",)}  # on none of them
TRAIL = """query($id: ID) { auditTrail(filter: {postmortemId: $id}, first: 100) {
  totalCount edges { node { version eventType } } } }"""
LIST = """query($team: String!) { actionItems(first: 100, filter: {team: $team}) {
  totalCount edges { node { postmortemId postmortemTitle overdue
  item { id title owner dueDate status } } } } }"""
OWNED = """query($team: String!) { actionItems(first: 10, filter: {owner: "SRE", team: $team}) {
  totalCount } }"""
ITEMS = """query($id: ID!) { postmortem(id: $id) { state
  actionItems { id title owner dueDate status } } }"""


@pytest.fixture(scope="module")
def shared(tmp_path_factory: pytest.TempPathFactory, mongodb_uri: str) -> Iterator[LiveService]:
    with live_service(tmp_path_factory.mktemp("follow-through"), mongodb_uri) as live:
        yield live


def trail(service: LiveService, pm_id: str) -> list[dict[str, Any]]:
    body = service.graphql(TRAIL, {"id": pm_id}, user="carl", roles=["compliance"])
    assert "errors" not in body, body
    return [edge["node"] for edge in body["data"]["auditTrail"]["edges"]]


def change_status(
    service: LiveService, pm_id: str, version: int, item_id: str, status: str, **who: Any
) -> dict[str, Any]:
    variables = {"id": pm_id, "v": version, "itemId": item_id, "input": {"status": status}}
    return run(service, "changeActionItemStatus", STATUS, variables, **(who or ALICE))


def listed(service: LiveService, team: str, **who: Any) -> list[dict[str, Any]]:
    """Returns the action items of `team` that `who` lists, by item id, with their totalCount."""
    body = service.graphql(LIST, {"team": team}, **who)
    assert "errors" not in body, body
    page = body["data"]["actionItems"]
    assert page["totalCount"] == len(page["edges"])
    return sorted((edge["node"] for edge in page["edges"]), key=lambda n: n["item"]["id"])


def shown(service: LiveService, pm_id: str, **who: Any) -> list[dict[str, Any]]:
    body = service.graphql(ITEMS, {"id": pm_id}, **who)
    assert "errors" not in body, body
    return sorted(body["data"]["postmortem"]["actionItems"], key=lambda item: item["id"])


def test_a_status_is_frozen_in_review_so_the_published_revision_holds_the_approved_ones(
    shared: LiveService,
) -> None:
    pm_id, version = create_seed(shared, incidentRef=None, team="team-frozen")
    version = submit(shared, pm_id, version)
    version = run(shared, "approvePostmortem", variables={"id": pm_id, "v": version},
                  **CAROL)["version"]  # fmt: skip
    before, history = read(shared, pm_id), trail(shared, pm_id)
    alert = next(item["id"] for item in before["actionItems"] if item["owner"] == "sre")
    assert "CHANGE_ACTION_ITEM_STATUS" not in before["allowedTransitions"]
    assert "CHANGE_ACTION_ITEM_STATUS" not in read(shared, pm_id, **SRE)["allowedTransitions"]

    # Its authors, the item's owner and an admin are all refused, and nothing changes.
    for who in (ALICE, SRE, ADA):
        refused = change_status(shared, pm_id, version, alert, "WONT_DO", **who)
        assert refused["__typename"] == "InvalidTransition", refused
        assert (refused["fromState"], refused["action"]) == ("IN_REVIEW", "changeActionItemStatus")
        assert "recallSubmission" in refused["message"], refused
        assert "published" in refused["message"], refused
    assert (read(shared, pm_id), trail(shared, pm_id)) == (before, history)

    version = run(shared, "approvePostmortem", variables={"id": pm_id, "v": version},
                  **DAVE)["version"]  # fmt: skip
    published = run(shared, "publishPostmortem", variables={"id": pm_id, "v": version}, **DAVE)
    assert published["state"] == "PUBLISHED", published
    assert [i["status"] for i in published["actionItems"]] == ["OPEN"] * 3
    token = shared.token("alice", ["author"])
    markdown = shared.http.get(
        f"/postmortems/{pm_id}.md?version={published['version']}",
        headers={"Authorization": f"Bearer {token}"},
    )
    assert markdown.status_code == 200
    assert "Won't do" not in markdown.text
    assert "Open" in markdown.text

    # Follow-through after publication: the owner's change is accepted.
    done = change_status(shared, pm_id, published["version"], alert, "WONT_DO", **SRE)
    assert done["__typename"] == "Postmortem", done
    assert next(i for i in done["actionItems"] if i["id"] == alert)["status"] == "WONT_DO"


def test_readers_list_the_published_items_of_an_amended_postmortem_as_they_read_it(
    shared: LiveService,
) -> None:
    team = "team-amended-items"
    pm_id, version = create_seed(shared, incidentRef=None, team=team)
    version = submit(shared, pm_id, version)
    for reviewer in (CAROL, DAVE):
        version = run(shared, "approvePostmortem", variables={"id": pm_id, "v": version},
                      **reviewer)["version"]  # fmt: skip
    version = run(shared, "publishPostmortem", variables={"id": pm_id, "v": version},
                  **DAVE)["version"]  # fmt: skip
    published = listed(shared, team, **ZED)
    by_owner = {node["item"]["owner"]: node["item"] for node in published}
    keys, alert, status_page = (
        by_owner[owner]["id"] for owner in ("identity-platform", "sre", "incident-management")
    )
    titles = {item["id"]: item["title"] for item in by_owner.values()}
    version = change_status(shared, pm_id, version, alert, "IN_PROGRESS")["version"]

    # Alice amends: renames one item, adds one, and records progress on another.
    version = amend(shared, pm_id, version, "The status page item was done differently.")
    renamed = {"title": "Automate the status page", "owner": "incident-management",
               "dueDate": "2025-09-01", "priority": "P2"}  # fmt: skip
    version = run(shared, "editActionItem", "$itemId: ID!, $input: ActionItemInput!",
                  {"id": pm_id, "v": version, "itemId": status_page, "input": renamed}
                  )["version"]  # fmt: skip
    version = run(shared, "addActionItem", "$input: ActionItemInput!",
                  {"id": pm_id, "v": version, "input": {"title": "New", "owner": "sre"}}
                  )["version"]  # fmt: skip
    version = change_status(shared, pm_id, version, keys, "DONE")["version"]

    # Those who may not see the amendment (Zed, on none of it; a user without a role) list
    # the published revision's three items with today's statuses, exactly as postmortem(id).
    for who in (ZED, {"user": "nina", "roles": ()}):
        nodes = listed(shared, team, **who)
        items = [node["item"] for node in nodes]
        assert items == shown(shared, pm_id, **who), who
        assert {i["id"]: (i["title"], i["status"]) for i in items} == {
            keys: (titles[keys], "DONE"),
            alert: (titles[alert], "IN_PROGRESS"),
            status_page: (titles[status_page], "OPEN"),
        }
        assert {node["postmortemId"] for node in nodes} == {pm_id}
        # The owner filter works on what they see.
        sre = shared.graphql(OWNED, {"team": team}, **who)["data"]["actionItems"]
        assert sre["totalCount"] == 1, who
    # Those who may see the amendment list its four items, each once.
    for who in (ALICE, ADA, CAROL, {"user": "carl", "roles": ("compliance",)}):
        items = [node["item"] for node in listed(shared, team, **who)]
        assert items == shown(shared, pm_id, **who), who
        assert len(items) == 4
        assert "Automate the status page" in {i["title"] for i in items}

    # Discarding the amendment: everyone lists the published items again, once.
    discarded = run(shared, "discardAmendment", "$input: DiscardAmendmentInput!",
                    {"id": pm_id, "v": version, "input": {"reason": "Not needed."}})  # fmt: skip
    assert discarded["state"] == "PUBLISHED", discarded
    for who in (ZED, ALICE, ADA):
        items = [node["item"] for node in listed(shared, team, **who)]
        assert items == shown(shared, pm_id, **who), who
        assert sorted(i["id"] for i in items) == sorted([keys, alert, status_page]), who
