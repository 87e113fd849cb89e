"""Keeps `incident_metrics`: one small document per postmortem and visibility scope with its
incident start, services, severity and the four durations, so that monthly metrics read these
documents instead of replaying events.

Durations, in seconds, from the incident window (UTC): detect = detected - started, mitigate =
mitigated - started, resolve = resolved - started, publish = first publication - resolved.
A duration is null while either end is missing, or when it would be negative (an amendment
moved the resolution after the first publication).

Scopes as in the recurring views (`projections.recurring.documents.scoped_documents`):
`published` holds the latest published revision's window (what every reader may see), `all`
the current content of every postmortem that is not withdrawn (readers of every draft).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime
from typing import Any

from pymongo import ASCENDING, DeleteOne, IndexModel, ReplaceOne

from projections.base import ProjectedEvent, Projection, WriteOp
from projections.recurring.documents import scoped_documents
from service.domain.document import Document

COLLECTION = "incident_metrics"
DURATIONS = ("detect", "mitigate", "resolve", "publish")


def _seconds(start: datetime | None, end: datetime | None) -> float | None:
    if start is None or end is None or end < start:
        return None
    return (end - start).total_seconds()


def metric_document(
    doc: Mapping[str, Any], scope: str, first_published_at: datetime | None
) -> Document:
    """Returns the metrics document of a postmortem as one scope sees it."""
    window = doc.get("window") or {}
    started, resolved = window.get("started_at"), window.get("resolved_at")
    return {
        "_id": f"{scope}:{doc['id']}",
        "scope": scope,
        "postmortem_id": str(doc["id"]),
        "severity": doc.get("severity"),
        "services": sorted(set(doc.get("services") or [])),
        "team": doc.get("team"),
        "started_at": started,
        "seconds": {
            "detect": _seconds(started, window.get("detected_at")),
            "mitigate": _seconds(started, window.get("mitigated_at")),
            "resolve": _seconds(started, resolved),
            "publish": _seconds(resolved, first_published_at),
        },
    }


def metric_documents(doc: Mapping[str, Any] | None) -> dict[str, Document]:
    """Returns the postmortem's metrics documents by id (none for withdrawn ones)."""
    if doc is None:
        return {}
    published_at = doc.get("first_published_at")
    found = [metric_document(d, s, published_at) for s, d in scoped_documents(doc).items()]
    return {m["_id"]: m for m in found if m["started_at"] is not None}


class IncidentMetricsProjection(Projection):
    """Durations of each incident, for the monthly incident metrics."""

    name = "incident_metrics"
    collections = (COLLECTION,)

    def indexes(self) -> Mapping[str, list[IndexModel]]:
        """Returns the index of the period query."""
        return {COLLECTION: [IndexModel([("scope", ASCENDING), ("started_at", ASCENDING)])]}

    def project(self, event: ProjectedEvent) -> Iterable[tuple[str, WriteOp]]:
        """Returns the writes that turn the documents before the event into those after."""
        before, after = metric_documents(event.before), metric_documents(event.after)
        for key in sorted(before.keys() - after.keys()):
            yield COLLECTION, DeleteOne({"_id": key})
        for key, doc in sorted(after.items()):
            if before.get(key) != doc:
                yield COLLECTION, ReplaceOne({"_id": key}, doc, upsert=True)
