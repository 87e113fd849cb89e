"""Command-line parts of the outbound side: checking its configuration, starting it beside
a projector, and rebuilding the Git sync into a new repository."""

from __future__ import annotations

from pathlib import Path

import typer
from pymongo import MongoClient

from projections.outbound.git_repo import GitSyncError, SyncRepository
from projections.outbound.git_sync import GitSync
from projections.outbound.worker import OutboundWorker
from projections.runner import Projector
from service.application.postmortems import PostmortemApplication
from service.bootstrap import build_outbound, outbound_config
from service.cli import runtime
from service.cli.errors import usage
from service.config import Settings
from service.domain.document import Document


def check_outbound(settings: Settings) -> None:
    """Raises ConfigurationError (exit 2) when NOTIFICATIONS_CONFIG or USER_DIRECTORY is bad,
    before any server starts."""
    outbound_config(settings)


def start_outbound(
    settings: Settings,
    application: PostmortemApplication,
    client: MongoClient[Document],
    runner: Projector,
) -> OutboundWorker | None:
    """Starts the notification dispatcher, reminder scheduler and Git sync that the settings
    configure (None: none), woken by the projector's commits."""
    try:
        outbound = build_outbound(settings, application, client)
    except GitSyncError as error:
        raise usage(f"GIT_SYNC_PATH: {error}") from None
    if outbound is not None:
        runner.on_committed(outbound.wake)
        outbound.start()
    return outbound


def rebuild_git_sync(settings: Settings, into: Path, branch: str | None) -> None:
    """Replays every publication into a new repository at `into`, with a progress bar; exits
    with status 2 when `into` is not empty or the configuration is bad, 3 when the event store
    is unavailable."""
    from rich.progress import Progress

    _, directory = outbound_config(settings)
    try:
        repo = SyncRepository(into, branch or settings.git_sync_branch)
    except GitSyncError as error:
        raise usage(f"--into: {error}") from None
    if repo.head() is not None:
        repo.close()
        raise usage(f"--into: {into} already has commits on its branch; choose an empty folder")
    application = runtime.event_store(settings)
    sync = GitSync(application, repo, directory)
    try:
        with Progress() as progress:
            task = progress.add_task("replaying publications", total=application.head_position())
            made = sync.catch_up(
                progress=lambda at, head: progress.update(task, completed=at, total=head)
            )
    finally:
        sync.close()
        application.close()
    typer.echo(f"wrote {made} commits to {into}")
