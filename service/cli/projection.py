"""Operating the projections: `postmortems status` and `postmortems projection retry`."""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

import typer

from service.cli import runtime
from service.cli.errors import ExitCode, usage

app = typer.Typer(
    help="Operate the projections: re-apply parked postmortems.", no_args_is_help=True
)


@app.command("retry")
def retry(
    postmortem: Annotated[
        str | None, typer.Option(help="Only this postmortem id (default: every parked one).")
    ] = None,
    projection: Annotated[
        str | None, typer.Option(help="Only this projection (default: all).")
    ] = None,
) -> None:
    """Re-apply parked events once their cause is removed; exit 1 if some still fail."""
    from projections.retry import retry_parked
    from service.bootstrap import all_projections, mongo_client, outbound_projections

    if postmortem is not None:
        try:
            postmortem = str(UUID(postmortem.strip()))
        except ValueError:
            message = f"--postmortem must be a postmortem id (a UUID), not {postmortem[:40]!r}"
            raise usage(message) from None
    settings = runtime.settings()
    # The read models, and the notifications when configured (as the projector runs them).
    known = {p.name: p for p in [*all_projections(), *outbound_projections(settings)]}
    if projection is not None and projection not in known:
        raise usage(f"--projection: unknown {projection}; choose from {', '.join(known)}")
    chosen = [p for name, p in known.items() if projection in (None, name)]
    with runtime.read_store(settings, "postmortems projection retry") as uri:
        application = runtime.event_store(settings)
        client = mongo_client(uri)
        try:
            outcomes = retry_parked(
                application, client, settings.mongodb_database, chosen,
                postmortem_id=postmortem,
                max_document_bytes=settings.read_model_max_document_bytes,
                report=lambda outcome: typer.echo(outcome.line()),
            )  # fmt: skip
        finally:
            client.close()
            application.close()
    if not outcomes:
        typer.echo("nothing is parked" + (f" for postmortem {postmortem}" if postmortem else ""))
        return
    failed = sum(not o.ok for o in outcomes)
    typer.echo(f"{len(outcomes) - failed} applied again, {failed} still failing")
    if failed:
        raise typer.Exit(ExitCode.FINDING)


def status() -> None:
    """Show projections: position, lag, parks; exit 1 if one lags, stalls, parked or is ahead."""
    from projections.faults import one_line
    from projections.status import projection_status
    from service.bootstrap import mongo_client, projection_names

    settings = runtime.settings()
    with runtime.read_store(settings, "postmortems status") as uri:
        application = runtime.event_store(settings)
        client = mongo_client(uri)
        try:
            db = client[settings.mongodb_database]
            # The head is read after the positions: ahead of it means another store.
            statuses = projection_status(db, projection_names(), application.head_position)
        finally:
            client.close()
            application.close()
    problems = 0
    head = statuses[0].head_position if statuses else 0
    typer.echo(f"event store head {head}")
    width = max((len(item.name) for item in statuses), default=0)  # one column, any name
    for item in statuses:
        note = "ok"
        if item.ahead:
            note = "AHEAD of the event store (read models of another store)"
        elif item.halted is not None:
            cause = one_line(str(item.halted.get("error")))
            note = f"HALTED at position {item.halted.get('position')}: {cause}"
        elif item.lag > settings.projection_lag_threshold:
            note = f"LAGGING (over {settings.projection_lag_threshold})"
        elif item.stalled(settings.projection_stall_seconds):
            note = f"STALLED (no progress for {settings.projection_stall_seconds:g}s)"
        if item.parked:
            note = ("" if note == "ok" else note + "; ") + (
                f"PARKED {item.parked} postmortem{'s' * (item.parked != 1)} "
                "(`postmortems projection retry`)"
            )
        problems += note != "ok"
        rebuilding = ", rebuilding" if item.rebuilding else ""
        error = f", last error: {item.last_error}" if item.last_error else ""
        typer.echo(
            f"{item.name:<{width}}  position {item.position:>9}  lag {item.lag:>7}  {note}"
            f"{rebuilding}{error}"
        )
    mismatch = next((m for item in statuses if (m := item.mismatch()) is not None), None)
    if mismatch is not None:
        typer.echo(f"error: {mismatch}", err=True)
    if problems:
        raise typer.Exit(ExitCode.FINDING)
