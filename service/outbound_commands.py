"""Command-line helpers of the outbound side: checking its configuration, starting it beside
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
from service.bootstrap import build_application, build_outbound, outbound_config
from service.config import ConfigurationError, Settings
from service.domain.document import Document


def check_outbound(settings: Settings) -> None:
    """Exits with status 2 and the problem when NOTIFICATIONS_CONFIG or USER_DIRECTORY is bad
    (before any server starts)."""
    try:
        outbound_config(settings)
    except ConfigurationError as error:
        typer.echo(f"invalid configuration:\n{error}", err=True)
        raise typer.Exit(2) from None


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
    except (ConfigurationError, GitSyncError) as error:
        typer.echo(f"invalid configuration:\n{error}", err=True)
        raise typer.Exit(2) from None
    if outbound is not None:
        runner.on_committed(outbound.wake)
        outbound.start()
    return outbound


def rebuild_git_sync(settings: Settings, into: Path, branch: str | None) -> None:
    """Replays every publication into a new repository at `into`, with a progress bar; exits
    with status 2 when `into` is not empty or the configuration is bad."""
    from rich.progress import Progress

    try:
        _, directory = outbound_config(settings)
        repo = SyncRepository(into, branch or settings.git_sync_branch)
    except (ConfigurationError, GitSyncError) as error:
        typer.echo(str(error), err=True)
        raise typer.Exit(2) from None
    if repo.head() is not None:
        repo.close()
        typer.echo(
            f"{into} already has commits on its branch: rebuild into an empty folder", err=True
        )
        raise typer.Exit(2)
    application = build_application(settings)
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
