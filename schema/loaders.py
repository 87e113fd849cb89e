"""Per-request loaders: what a list of postmortems would otherwise read once per node
(published revisions, review comments, parks) is read in one query per request.

Loaders do not cache (`cache=False`): a websocket connection keeps its context for as long as it
lives, and a subscription must read what is there now; within one resolution step the keys of
every node are still batched into one query.
"""

from __future__ import annotations

from strawberry.dataloader import DataLoader

from projections.dependencies import Dependencies
from projections.parks import ReadModelNote
from service.domain.document import Document


class Loaders:
    """The loaders of one request (or websocket connection)."""

    def __init__(self, deps: Dependencies) -> None:
        async def revisions(ids: list[str]) -> list[list[Document]]:
            found = await deps.postmortems.revisions_of(ids)
            return [found.get(i, []) for i in ids]

        async def comments(ids: list[str]) -> list[list[Document]]:
            found = await deps.postmortems.comments_of(ids)
            return [found.get(i, []) for i in ids]

        async def read_model(ids: list[str]) -> list[ReadModelNote]:
            notes = await deps.staleness.notes_of(ids)
            return [notes[i] for i in ids]

        self.revisions: DataLoader[str, list[Document]] = DataLoader(revisions, cache=False)
        self.comments: DataLoader[str, list[Document]] = DataLoader(comments, cache=False)
        self.read_model: DataLoader[str, ReadModelNote] = DataLoader(read_model, cache=False)
