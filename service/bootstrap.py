"""The composition root: the one place that wires adapters to the application."""

from __future__ import annotations

from pymongo import AsyncMongoClient, MongoClient

from projections.action_items.projection import ActionItemsProjection
from projections.audit_log.projection import AuditLogProjection
from projections.audit_log.reader import AuditReader
from projections.base import Projection
from projections.compliance.projection import ComplianceFactsProjection
from projections.compliance.reader import ComplianceReader
from projections.dependencies import Dependencies
from projections.incident_metrics.projection import IncidentMetricsProjection
from projections.outbound.dispatcher import Dispatcher
from projections.outbound.git_repo import SyncRepository
from projections.outbound.git_sync import GitSync, GitSyncWorker
from projections.outbound.notifications import NotificationsProjection, start_from_head
from projections.outbound.outbox import Outbox
from projections.outbound.reminders import ReminderScan
from projections.outbound.routing import Routing, UserDirectory, load_directory, load_routing
from projections.outbound.senders import Sender, SmtpSender, WebhookSender
from projections.outbound.worker import OutboundWorker
from projections.postmortems.projection import PostmortemsProjection
from projections.postmortems.queries import PostmortemQueries
from projections.recurring.embedding_model import ModelSpec, shared_model
from projections.recurring.embeddings import RecurringEmbeddingsProjection
from projections.recurring.projection import RecurringProjection
from projections.recurring.queries import RecurringQueries
from projections.review_queue.projection import ReviewQueueProjection
from projections.runner import Projector
from projections.staleness import Staleness
from projections.tracking import LocalProgress
from service.application.observed import observe_commands
from service.application.postmortems import PostmortemApplication
from service.config import ConfigurationError, Settings
from service.domain import ReviewPolicy
from service.domain.calendar import time_zone
from service.domain.document import Document
from service.infrastructure import metrics
from service.infrastructure.event_store import event_store_env


def embedding_model_spec(settings: Settings | None = None) -> ModelSpec:
    """Returns the sentence-embedding model the settings name (default: the pinned one)."""
    spec = ModelSpec()
    if settings is None:
        return spec
    return ModelSpec(
        model_path=settings.embedding_model_path,
        tokenizer_path=settings.embedding_tokenizer_path,
        model_sha256=(settings.embedding_model_sha256 or spec.model_sha256).lower(),
        tokenizer_sha256=(settings.embedding_tokenizer_sha256 or spec.tokenizer_sha256).lower(),
        name=settings.embedding_model_name or spec.name,
    )


def all_projections(settings: Settings | None = None) -> list[Projection]:
    """Returns one instance of every projection (the embedding model as the settings name it,
    loaded on first use)."""
    return [
        PostmortemsProjection(),
        AuditLogProjection(),
        ComplianceFactsProjection(),
        RecurringProjection(),
        IncidentMetricsProjection(),
        ActionItemsProjection(),
        ReviewQueueProjection(),
        RecurringEmbeddingsProjection(shared_model(embedding_model_spec(settings))),
    ]


def outbound_config(settings: Settings) -> tuple[Routing | None, UserDirectory]:
    """Returns the notification routing (None: notifications off) and the user directory;
    raises ConfigurationError naming the file and what is wrong."""
    try:
        path = settings.notifications_config
        routing = load_routing(path) if path is not None else None
        return routing, load_directory(settings.user_directory)
    except ValueError as error:
        raise ConfigurationError(str(error)) from None


def outbound_projections(settings: Settings) -> list[Projection]:
    """Returns the outbound projections a live projector runs besides the read models (the
    notifications, when configured); they are never rebuilt (that would send again)."""
    routing, directory = outbound_config(settings)
    return [NotificationsProjection(routing, directory)] if routing is not None else []


def build_outbound(
    settings: Settings, app: PostmortemApplication, client: MongoClient[Document]
) -> OutboundWorker | None:
    """Returns the notification dispatcher, reminder scheduler and Git sync the settings
    ask for (None: none of them)."""
    routing, directory = outbound_config(settings)
    db = client[settings.mongodb_database]
    worker = OutboundWorker(db)
    if routing is not None:
        senders: dict[str, Sender] = {"slack": WebhookSender(routing)}
        if routing.smtp is not None:
            senders["email"] = SmtpSender(routing.smtp)
        worker.dispatcher = Dispatcher(
            Outbox(db), senders, routing.delivery, on_outcome=metrics.observe_delivery
        )
        worker.reminders = ReminderScan(
            db,
            routing,
            directory,
            build_review_policy(settings),
            zone=time_zone(settings.organisation_time_zone),
        )
    if settings.git_sync_path is not None:
        repo = SyncRepository(
            settings.git_sync_path, settings.git_sync_branch, settings.git_sync_remote
        )
        worker.git_sync = GitSyncWorker(
            GitSync(app, repo, directory), db, poll_interval=settings.projection_poll_interval
        )
    if worker.dispatcher is None and worker.git_sync is None:
        return None
    return worker


def projection_names() -> tuple[str, ...]:
    """Returns the names a mutation waits for before it answers (read-your-writes)."""
    return tuple(p.name for p in all_projections())


def build_review_policy(settings: Settings) -> ReviewPolicy:
    """Returns the review policy the settings describe."""
    return ReviewPolicy(
        version=settings.review_policy_version,
        approvals_by_severity=settings.approvals_by_severity,
        block_on_blameless_warnings=settings.block_on_blameless_warnings,
        publication_sla_days=settings.publication_sla_by_severity,
    )


def build_application(settings: Settings) -> PostmortemApplication:
    """Returns the write application on the configured event store and review policy
    (its commands measured)."""
    app = PostmortemApplication(
        env=event_store_env(settings),
        policy=build_review_policy(settings),
        limits=settings.limits,
    )
    observe_commands(app, metrics.observe_command)
    return app


def mongo_client(uri: str) -> MongoClient[Document]:
    """Returns a synchronous client (projectors run on threads); failures are counted."""
    # Fail within seconds while MongoDB is away, so projectors back off and retry.
    return MongoClient(
        uri,
        tz_aware=True,
        serverSelectionTimeoutMS=5_000,
        event_listeners=[metrics.MongoErrorListener()],
    )


def async_mongo_client(uri: str) -> AsyncMongoClient[Document]:
    """Returns an asynchronous client (the API); failures are counted."""
    # Fail fast while MongoDB is away: mutations then answer from the event store.
    return AsyncMongoClient(
        uri,
        tz_aware=True,
        serverSelectionTimeoutMS=2_000,
        event_listeners=[metrics.MongoErrorListener()],
    )


def build_projector(
    settings: Settings,
    app: PostmortemApplication,
    client: MongoClient[Document],
    projections: list[Projection] | None = None,
    collection_suffix: str = "",
) -> Projector:
    """Returns a projector running the given projections (default: every read model, plus the
    notifications when configured); a live one (no collection suffix) records in the metrics
    how long each event took to become visible. Raises ModelUnavailable (naming the setting to
    fix) when the embedding model's files are missing or do not match their checksums."""
    if projections is None:
        outbound = outbound_projections(settings) if not collection_suffix else []
        if outbound:
            # Notifications start where the log is when first enabled: history is not news.
            start_from_head(client[settings.mongodb_database], app.head_position())
        projections = all_projections(settings) + outbound
    for projection in projections:
        if isinstance(projection, RecurringEmbeddingsProjection):
            projection.model.load()
    projector = Projector(
        app,
        client,
        settings.mongodb_database,
        projections,
        batch_size=settings.projection_batch_size,
        poll_interval=settings.projection_poll_interval,
        collection_suffix=collection_suffix,
        max_document_bytes=settings.read_model_max_document_bytes,
    )
    if not collection_suffix:
        projector.on_applied(metrics.observe_projection_delay)
    return projector


def build_dependencies(
    settings: Settings,
    app: PostmortemApplication,
    client: AsyncMongoClient[Document],
    projector: Projector | None = None,
) -> Dependencies:
    """Returns what the GraphQL resolvers use; with this process's projector, mutations wait
    for its commits instead of polling MongoDB."""
    db = client[settings.mongodb_database]
    progress = None
    if projector is not None:
        progress = LocalProgress()
        projector.on_committed(progress.advanced)
        projector.on_failed(progress.failed)
        projector.on_parks(progress.parks_changed)
    names = projection_names()
    return Dependencies(
        settings=settings,
        app=app,
        db=db,
        postmortems=PostmortemQueries(db),
        projection_names=names,
        staleness=Staleness(db, names, progress),
        progress=progress,
        audit=AuditReader(db, app.recorder),
        compliance=ComplianceReader(db, app.policy),
        recurring=RecurringQueries(db, embedding_model_spec(settings).version),
    )


def api_dependencies(
    settings: Settings,
    app: PostmortemApplication,
    mongodb_uri: str,
    projector: Projector | None = None,
) -> Dependencies:
    """Returns the API's dependency bundle on a new asynchronous MongoDB client (closed with
    `deps.db.client.close()`)."""
    return build_dependencies(settings, app, async_mongo_client(mongodb_uri), projector)
