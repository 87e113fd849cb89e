"""`postmortems projection ...`: operating the projections (retry parked postmortems)."""

from __future__ import annotations

from typing import Annotated

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
        typer.echo("nothing is parked")
        return
    failed = sum(not o.ok for o in outcomes)
    typer.echo(f"{len(outcomes) - failed} applied again, {failed} still failing")
    if failed:
        raise typer.Exit(ExitCode.FINDING)
