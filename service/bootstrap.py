"""The composition root: the one place that wires adapters to the application."""

from __future__ import annotations

from typing import Any

from pymongo import AsyncMongoClient, MongoClient

from projections.action_items.projection import ActionItemsProjection
from projections.base import Projection
from projections.postmortems.projection import PostmortemsProjection
from projections.postmortems.queries import PostmortemQueries
from projections.review_queue.projection import ReviewQueueProjection
from projections.runner import Projector
from schema.context import Services
from service.application.postmortems import PostmortemApplication
from service.config import Settings
from service.infrastructure.event_store import event_store_env

Document = dict[str, Any]


def all_projections() -> list[Projection]:
    """Returns one instance of every projection."""
    return [
        PostmortemsProjection(),
        ActionItemsProjection(),
        ReviewQueueProjection(),
    ]


def projection_names() -> tuple[str, ...]:
    """Returns the names a mutation waits for before it answers (read-your-writes)."""
    return tuple(p.name for p in all_projections())


def build_application(settings: Settings) -> PostmortemApplication:
    """Returns the write application on the configured event store."""
    return PostmortemApplication(env=event_store_env(settings))


def mongo_client(uri: str) -> MongoClient[Document]:
    """Returns a synchronous client (projectors run on threads)."""
    # Fail within seconds while MongoDB is away, so projectors back off and retry.
    return MongoClient(uri, tz_aware=True, serverSelectionTimeoutMS=5_000)


def async_mongo_client(uri: str) -> AsyncMongoClient[Document]:
    """Returns an asynchronous client (the API)."""
    # Fail fast while MongoDB is away: mutations then answer from the event store.
    return AsyncMongoClient(uri, tz_aware=True, serverSelectionTimeoutMS=2_000)


def build_projector(
    settings: Settings,
    app: PostmortemApplication,
    client: MongoClient[Document],
    projections: list[Projection] | None = None,
    collection_suffix: str = "",
) -> Projector:
    """Returns a projector running the given (default: all) projections."""
    return Projector(
        app,
        client,
        settings.mongodb_database,
        projections if projections is not None else all_projections(),
        batch_size=settings.projection_batch_size,
        poll_interval=settings.projection_poll_interval,
        collection_suffix=collection_suffix,
    )


def build_services(
    settings: Settings, app: PostmortemApplication, client: AsyncMongoClient[Document]
) -> Services:
    """Returns what the GraphQL resolvers use."""
    db = client[settings.mongodb_database]
    return Services(
        settings=settings,
        app=app,
        db=db,
        postmortems=PostmortemQueries(db),
        projection_names=projection_names(),
    )
