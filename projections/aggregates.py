"""Replays events onto in-memory aggregates so projections see state before and after."""

from __future__ import annotations

from collections import OrderedDict
from uuid import UUID

from service.application.postmortems import PostmortemApplication
from service.domain import Postmortem, PostmortemEvent
from service.domain.document import Document


class AggregateCache:
    """A bounded cache of aggregates and their documents, advanced event by event.

    On a miss the aggregate is loaded from the event store at the version before the event,
    so the result never depends on what happens to be cached.
    """

    def __init__(self, app: PostmortemApplication, max_size: int = 20_000) -> None:
        self._app = app
        self._max_size = max_size
        self._entries: OrderedDict[UUID, tuple[Postmortem, Document]] = OrderedDict()

    def clear(self) -> None:
        """Forgets everything (after a failed batch, whose in-memory changes are void)."""
        self._entries.clear()

    def forget(self, aggregate_id: UUID) -> None:
        """Forgets one aggregate (its last event could not be applied)."""
        self._entries.pop(aggregate_id, None)

    def advance(self, event: PostmortemEvent) -> tuple[Document | None, Document]:
        """Applies the event and returns the aggregate's documents before and after it."""
        aggregate_id = event.originator_id
        version = event.originator_version
        entry = self._entries.pop(aggregate_id, None)
        aggregate: Postmortem | None
        before: Document | None
        if version == 1:
            aggregate, before = None, None
        elif entry is not None and entry[0].version == version - 1:
            aggregate, before = entry
        else:
            loaded: object = self._app.repository.get(aggregate_id, version=version - 1)
            assert isinstance(loaded, Postmortem)
            aggregate, before = loaded, loaded.to_document(self._app.policy)
        mutated = event.mutate(aggregate)
        assert isinstance(mutated, Postmortem)
        after = mutated.to_document(self._app.policy)
        self._entries[aggregate_id] = (mutated, after)
        if len(self._entries) > self._max_size:
            self._entries.popitem(last=False)
        return before, after
