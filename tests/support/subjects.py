"""The postmortems the access matrix acts on, built through the application (the real write
path) in each workflow stage, and the slim mutation documents it sends."""

from __future__ import annotations

import re
import time
from dataclasses import dataclass
from enum import IntEnum
from typing import Any

from service.domain import Section
from service.domain.values import Actor
from tests.support.live import LiveService
from tests.unit import factories

SLIM = "__typename ... on Postmortem { id version } ... on Error { message }"


def mutation(field: str, arguments: str = "", *, with_id: bool = True) -> str:
    """Returns a one-field mutation aliased `result`, selecting just enough to judge it;
    `arguments` declares the extra variables, each named like the argument it fills."""
    names = re.findall(r"\$(\w+)", arguments)
    declared = (["$id: ID!", "$v: Int!"] if with_id else []) + ([arguments] if arguments else [])
    passed = (["id: $id", "expectedVersion: $v"] if with_id else []) + [f"{n}: ${n}" for n in names]
    selection = f"result: {field}({', '.join(passed)}) {{ {SLIM} }}"
    return f"mutation Run({', '.join(declared)}) {{ {selection} }}"


class Stage(IntEnum):
    """How far the postmortem under test has come (each includes the previous ones)."""

    NEW_DRAFT = 0  # metadata, one timeline entry, one action item (quick to build)
    DRAFT = 1  # complete: ready to submit
    IN_REVIEW = 2
    APPROVED = 3
    PUBLISHED = 4
    AMENDED = 5  # published, then reopened by an amendment


@dataclass(frozen=True)
class Subject:
    """The postmortem a case acts on: the seed "OAuth token outage" written by the owner
    (alice), with a recurrence link and a review comment by the reviewer (rita)."""

    id: str
    version: int
    entry_id: str
    item_id: str
    comment_id: str
    linked_id: str
    unlinked_id: str


class Subjects:
    """Builds subjects through the application (the real write path) and reuses one per
    stage until a call changes it."""

    def __init__(self, service: LiveService) -> None:
        self.service = service
        self.cache: dict[Stage, Subject] = {}
        self.references = [self._save(factories.new_draft(incident_ref=None)) for _ in range(2)]

    def get(self, stage: Stage, *, fresh: bool = False) -> Subject:
        """Returns a subject in this stage."""
        if fresh or stage not in self.cache:
            self.cache[stage] = self._build(stage)
        return self.cache[stage]

    def changed(self, stage: Stage) -> None:
        """Forgets the stage's subject (a call changed it)."""
        self.cache.pop(stage, None)

    def _build(self, stage: Stage) -> Subject:
        alice, rita = factories.ctx(factories.ALICE), factories.ctx(RITA)
        if stage is Stage.NEW_DRAFT:
            pm = factories.new_draft(incident_ref=None)
            at, kind, description, source = factories.TIMELINE[0]
            pm.add_timeline_entry(ctx=alice, at=at, kind=kind, description=description,
                                  source=source)  # fmt: skip
            title, owner, due, priority, tracker = factories.ACTION_ITEMS[0]
            pm.add_action_item(ctx=alice, title=title, owner=owner, due_date=due,
                               priority=priority, tracker=tracker)  # fmt: skip
        else:
            pm = factories.oauth_token_outage(incident_ref=None)
        pm.link_recurrence(ctx=alice, postmortem_id=self.references[0].id)
        comment_id = pm.add_review_comment(ctx=rita, section=Section.GENERAL, text="Which key?")
        if stage is Stage.IN_REVIEW:
            factories.submitted(pm)
        elif stage is Stage.APPROVED:
            factories.approved(pm)
        elif stage is Stage.PUBLISHED:
            factories.published(pm)
        elif stage is Stage.AMENDED:
            factories.published(pm)
            pm.amend(ctx=alice, reason="The revenue figure changed.")
        self._save(pm)
        return Subject(
            id=str(pm.id),
            version=pm.version,
            entry_id=pm.timeline[0].id,
            item_id=pm.action_items[0].id,
            comment_id=comment_id,
            linked_id=str(self.references[0].id),
            unlinked_id=str(self.references[1].id),
        )

    def _save(self, pm: Any) -> Any:
        self.service.app.save(pm)
        wait_for_version(self.service, str(pm.id), pm.version)
        return pm


RITA = Actor("rita", frozenset({"reviewer"}))


def wait_for_version(service: LiveService, postmortem_id: str, version: int) -> None:
    """Waits until the read model shows the postmortem at (at least) this version."""
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        doc = service.db["postmortems"].find_one({"_id": postmortem_id})
        if doc is not None and doc["version"] >= version:
            return
        time.sleep(0.02)
    raise AssertionError(f"postmortem {postmortem_id} never reached version {version}")
