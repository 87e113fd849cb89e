"""Revisions and review comments live one document per item; a list of postmortems reads them
in one query per request, not one per node."""

from __future__ import annotations

from collections import Counter
from typing import Any

import pytest
from pymongo import AsyncMongoClient, monitoring

from projections.runner import wait_until_idle
from service import bootstrap
from service.config import Settings
from service.domain import Section
from tests.support.live import LiveService
from tests.unit import factories

LIST = """
{ postmortems(first: 20) { edges { node {
    id revision
    revisions { revision content { title } }
    reviewComments { text }
    approvals { reviewer revision }
    readModel { state }
} } } }
"""


class Finds(monitoring.CommandListener):
    """Counts `find` commands by collection."""

    def __init__(self) -> None:
        self.counts: Counter[str] = Counter()

    def started(self, event: monitoring.CommandStartedEvent) -> None:
        if event.command_name == "find":
            self.counts[str(event.command.get("find"))] += 1

    def succeeded(self, event: monitoring.CommandSucceededEvent) -> None:
        pass

    def failed(self, event: monitoring.CommandFailedEvent) -> None:
        pass


def test_a_list_reads_revisions_and_comments_once_per_request(
    settings: Settings, mongodb_uri: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    finds = Finds()

    def counted(uri: str) -> AsyncMongoClient[Any]:
        return AsyncMongoClient(uri, tz_aware=True, event_listeners=[finds])

    monkeypatch.setattr(bootstrap, "async_mongo_client", counted)
    service = LiveService(settings, mongodb_uri).start()
    try:
        for n in range(6):
            pm = factories.oauth_token_outage(incident_ref=None)
            pm.add_review_comment(ctx=factories.ctx(factories.CAROL), section=Section.SUMMARY,
                                  text=f"comment {n}")  # fmt: skip
            factories.published(pm)
            if n % 2:
                pm.amend(ctx=factories.ctx(factories.ALICE), reason="more")
            service.app.save(pm)
        assert service.projector is not None
        wait_until_idle(service.projector)
        finds.counts.clear()
        body = service.graphql(LIST, user="root", roles=("admin",))
        nodes = [e["node"] for e in body["data"]["postmortems"]["edges"]]
        assert len(nodes) == 6
        for node in nodes:
            assert [r["revision"] for r in node["revisions"]] == [1]
            assert node["revisions"][0]["content"]["title"] == "OAuth token outage"
            assert len(node["reviewComments"]) == 1
            assert [a["revision"] for a in node["approvals"]] == [1, 1]
            assert node["readModel"] == {"state": "CURRENT"}
        assert finds.counts["postmortem_revisions"] == 1
        assert finds.counts["review_comments"] == 1
        assert finds.counts["projection_parks"] == 0  # the projector in this process knows
    finally:
        service.stop()
