"""Compares a read model with a fresh rebuild from the event store."""

from __future__ import annotations

import uuid

from pymongo import MongoClient

from projections.recurring.embeddings import GENERATION_ID
from projections.runner import Projector
from service.application.postmortems import PostmortemApplication
from service.bootstrap import all_projections, build_projector
from service.config import Settings
from service.domain.document import Document


def collection_contents(client: MongoClient[Document], database: str) -> dict[str, list[Document]]:
    """Returns every non-empty read-model collection's documents, sorted by id (projector
    bookkeeping excluded, and the embeddings' random generation marker, new in every
    rebuild by design)."""
    db = client[database]
    bookkeeping = {
        "projection_tracking",
        "projection_workers",
        "projection_parks",
        "projection_rebuilds",
    }
    names = sorted(n for n in db.list_collection_names() if n not in bookkeeping)
    contents = {
        name: sorted(db[name].find({"_id": {"$ne": GENERATION_ID}}), key=lambda d: str(d["_id"]))
        for name in names
    }
    return {name: docs for name, docs in contents.items() if docs}


def fresh_rebuild(
    settings: Settings, app: PostmortemApplication, client: MongoClient[Document]
) -> dict[str, list[Document]]:
    """Replays the whole event store into a new database and returns its contents."""
    database = "rebuild_" + uuid.uuid4().hex[:10]
    rebuilt = settings.model_copy(update={"mongodb_database": database})
    projector: Projector = build_projector(rebuilt, app, client, all_projections())
    projector.catch_up()
    projector.close()
    contents = collection_contents(client, database)
    client.drop_database(database)
    return contents
