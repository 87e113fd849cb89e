"""Filters of the postmortem list, as MongoDB conditions that never reveal unpublished content.

A reader who may not see a postmortem's drafts sees, while an amendment is in progress, its
last published content; the filters then match that content only (`last_published` in the read
model), so that a word in a draft never makes a postmortem turn up, nor counts it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from projections.base import half_open_range
from projections.postmortems.search import text_conditions
from service.application.read_rules import postmortem_filter
from service.domain.document import Document
from service.domain.values import Actor
from service.domain.values import PostmortemState as State

PUBLISHED_CONTENT = "last_published.content."


@dataclass(frozen=True)
class PostmortemFilter:
    """What a list asks for; every part is optional and the parts combine with AND."""

    states: tuple[str, ...] = ()
    severities: tuple[str, ...] = ()
    service: str | None = None
    team: str | None = None
    tag: str | None = None
    author: str | None = None  # one of the authors (a user id)
    started_from: datetime | None = None  # incident start, inclusive
    started_to: datetime | None = None  # incident start, exclusive
    text: str | None = None  # every word, anywhere in the searched text (`search`)

    def content_conditions(self, prefix: str = "") -> list[Document]:
        """Returns the conditions on content fields (under `prefix` inside a document)."""
        conditions: list[Document] = []
        if self.severities:
            conditions.append({prefix + "severity": {"$in": list(self.severities)}})
        exact = (
            ("services", self.service),
            ("team", self.team),
            ("tags", self.tag),
            ("authors", self.author),
        )
        for field, value in exact:
            if value is not None:
                conditions.append({prefix + field: value})
        started = half_open_range(self.started_from, self.started_to)
        if started:
            conditions.append({prefix + "window.started_at": started})
        if self.text:
            conditions += text_conditions(self.text, prefix + "search")
        return conditions

    def current_conditions(self) -> list[Document]:
        """Returns the conditions on a postmortem's current state and content."""
        conditions = self.content_conditions()
        if self.states:
            conditions.insert(0, {"state": {"$in": list(self.states)}})
        return conditions


def visible_matching(actor: Actor, wanted: PostmortemFilter) -> Document:
    """Returns the MongoDB filter of the postmortems the actor may see that match `wanted`
    (the rule: `read_rules.postmortem_filter`; `read_rules.as_seen_by` picks what each reader
    is shown)."""
    return postmortem_filter(
        actor,
        wanted.current_conditions(),
        wanted.content_conditions(PUBLISHED_CONTENT),
        include_amended=not wanted.states or State.PUBLISHED.value in wanted.states,
    )
