"""The projection commands of the command line: retry parked postmortems."""

from __future__ import annotations

from collections.abc import Callable

from projections.retry import RetryOutcome, retry_parked
from service.bootstrap import all_projections, build_application, mongo_client
from service.config import Settings


def run_retry(
    settings: Settings,
    uri: str,
    *,
    postmortem_id: str | None,
    projection: str | None,
    report: Callable[[RetryOutcome], None],
) -> list[RetryOutcome]:
    """Retries the parks (and halts) of every projection, or of one; returns the outcomes.
    Raises PyMongoError when MongoDB cannot be reached."""
    projections = [p for p in all_projections() if projection in (None, p.name)]
    application = build_application(settings)
    client = mongo_client(uri)
    try:
        return retry_parked(
            application,
            client,
            settings.mongodb_database,
            projections,
            postmortem_id=postmortem_id,
            max_document_bytes=settings.read_model_max_document_bytes,
            report=report,
        )
    finally:
        client.close()
        application.close()
