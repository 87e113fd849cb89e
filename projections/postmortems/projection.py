"""Keeps one document per postmortem: its current state plus derived fields."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from pymongo import ASCENDING, DESCENDING, IndexModel, ReplaceOne

from projections.base import ProjectedEvent, Projection, WriteOp
from service.domain.document import Document

COLLECTION = "postmortems"


def read_document(event: ProjectedEvent) -> Document:
    """Returns the stored read-model document for the state after an event."""
    doc: Document = dict(event.after)
    doc["_id"] = doc.pop("id")
    doc["position"] = event.position
    return doc


class PostmortemsProjection(Projection):
    """Current state of each postmortem, replaced whole on every event."""

    name = "postmortems"
    collections = (COLLECTION,)

    def indexes(self) -> Mapping[str, list[IndexModel]]:
        """Returns the indexes the list queries use."""
        return {
            COLLECTION: [
                IndexModel([("created_at", DESCENDING), ("_id", DESCENDING)]),
                IndexModel([("state", ASCENDING), ("created_at", DESCENDING)]),
                IndexModel([("severity", ASCENDING), ("created_at", DESCENDING)]),
                IndexModel([("services", ASCENDING), ("created_at", DESCENDING)]),
            ]
        }

    def project(self, event: ProjectedEvent) -> Iterable[tuple[str, WriteOp]]:
        """Returns the replacement of the postmortem's document."""
        doc = read_document(event)
        yield COLLECTION, ReplaceOne({"_id": doc["_id"]}, doc, upsert=True)
