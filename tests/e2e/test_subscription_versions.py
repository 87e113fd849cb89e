"""`postmortemChanged` sends each version once, in ascending order and above `afterVersion`,
for every read rule: authors and compliance officers see every version; a reader who may not
see an amendment in progress sees the published revision, once per change of what they see
(fresh3 #1: the replay sent the published revision's own version again, out of order). Through
the real websocket endpoint, event store and MongoDB-wire server."""

from __future__ import annotations

from typing import Any
from uuid import UUID

import pytest

from projections.runner import wait_until_idle
from service.application.commands import ChangeActionItemStatus, DiscardAmendment
from service.domain import ActionItemStatus
from tests.support.compliance_history import ALICE
from tests.support.live import LiveService
from tests.support.publishing import (
    amend,
    approve_and_publish,
    create_seed,
    rewrite_summary,
    submit,
)
from tests.support.ws import GraphQLWebSocket

CHANGED = """
subscription Changed($id: ID!, $after: Int) {
  postmortemChanged(id: $id, afterVersion: $after) {
    version state summary actionItems { status }
  }
}
"""
DRAFT_TEXT = "Amendment draft text"
ZED = ("zed", ("author",))  # an author who is not on this postmortem
READERS = {"author": ("alice", ("author",)), "compliance": ("carl", ("compliance",)), "zed": ZED}


def received(
    service: LiveService, who: tuple[str, tuple[str, ...]], pm_id: str, after: int | None
) -> tuple[GraphQLWebSocket, list[dict[str, Any]]]:
    """Subscribes as `who` and returns the socket and what arrived until it went quiet."""
    ws = GraphQLWebSocket(service.url)
    ack = ws.init({"Authorization": f"Bearer {service.token(*who)}"})
    assert ack["type"] == "connection_ack"
    ws.subscribe("1", CHANGED, {"id": pm_id, "after": after})
    return ws, drain(ws)


def drain(ws: GraphQLWebSocket, quiet: float = 1.5) -> list[dict[str, Any]]:
    nodes = []
    while True:
        try:
            message = ws.receive(timeout=quiet)
        except TimeoutError:
            return nodes
        assert message["type"] == "next", message
        assert "errors" not in message["payload"], message
        nodes.append(message["payload"]["data"]["postmortemChanged"])


def amend_edit_and_discard(
    service: LiveService, pm_id: str, version: int, status: str = "IN_PROGRESS"
) -> dict[str, int]:
    """Amends, edits the draft, changes an item's status, edits again, discards; returns the
    version of each step."""
    steps = {"amended": amend(service, pm_id, version, "New findings")}
    steps["edited"] = rewrite_summary(service, pm_id, steps["amended"], DRAFT_TEXT)
    item = service.app.document(UUID(pm_id))["action_items"][0]["id"]
    service.app.handle(
        ChangeActionItemStatus(
            postmortem_id=UUID(pm_id), expected_version=steps["edited"], item_id=item,
            status=ActionItemStatus[status],
        ),
        ALICE,
    )  # fmt: skip
    steps["status"] = steps["edited"] + 1
    steps["edited again"] = rewrite_summary(service, pm_id, steps["status"], DRAFT_TEXT + " 2")
    service.app.handle(
        DiscardAmendment(
            postmortem_id=UUID(pm_id), expected_version=steps["edited again"], reason="Not yet"
        ),
        ALICE,
    )
    steps["discarded"] = steps["edited again"] + 1
    assert service.projector is not None
    wait_until_idle(service.projector, timeout=60)
    return steps


def check(nodes: list[dict[str, Any]], after: int) -> list[int]:
    versions = [n["version"] for n in nodes]
    assert versions == sorted(set(versions)), versions  # once each, ascending
    assert all(v > after for v in versions), (after, versions)
    return versions


def test_every_reader_gets_each_version_once_in_order_after_the_one_they_resume_from(
    service: LiveService,
) -> None:
    pm_id, version = create_seed(service)
    published = approve_and_publish(service, pm_id, submit(service, pm_id, version))
    first = amend_edit_and_discard(service, pm_id, published)
    second = amend_edit_and_discard(service, pm_id, first["discarded"], "WONT_DO")
    last = second["discarded"]

    for after in (published - 1, first["amended"], first["edited"], second["status"]):
        for name, who in READERS.items():
            ws, nodes = received(service, who, pm_id, after)
            ws.close()
            versions = check(nodes, after)
            assert versions[-1] == last, (name, after, versions)
            if name != "zed":  # they may see every version
                assert versions == list(range(after + 1, last + 1)), (name, versions)
                continue
            # zed: published content only, each change of it (both discards, the status
            # changes), never the draft's edits.
            assert all(DRAFT_TEXT not in (n["summary"] or "") for n in nodes), nodes
            assert {n["state"] for n in nodes} == {"PUBLISHED"}
            for step, status in ((first, "IN_PROGRESS"), (second, "WONT_DO")):
                assert step["edited"] not in versions
                assert step["edited again"] not in versions
                assert step["discarded"] in versions or step["discarded"] <= after
                if step["status"] > after:
                    assert step["status"] in versions, versions
                    node = nodes[versions.index(step["status"])]
                    assert node["actionItems"][0]["status"] == status


def test_a_reader_resuming_from_before_publication_gets_the_published_versions(
    service: LiveService,
) -> None:
    pm_id, version = create_seed(service)
    published = approve_and_publish(service, pm_id, submit(service, pm_id, version))
    ws, nodes = received(service, ZED, pm_id, 1)  # drafts hidden from zed are skipped
    assert check(nodes, 1) == [published]
    # Then live, through an amendment: versions above the current one, once each.
    steps = amend_edit_and_discard(service, pm_id, published)
    live = drain(ws)
    versions = check(live, published)
    assert versions[-1] == steps["discarded"]
    assert steps["status"] in versions
    assert steps["edited"] not in versions
    assert steps["edited again"] not in versions
    assert all(DRAFT_TEXT not in (n["summary"] or "") for n in live)
    with pytest.raises(TimeoutError):
        ws.receive(timeout=0.5)
    ws.close()
