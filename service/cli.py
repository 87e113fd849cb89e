"""The `postmortems` command line."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path
from typing import Annotated

import typer
import uvicorn

from service.config import ConfigurationError, Settings, load_settings
from service.infrastructure.logs import configure_logging

app = typer.Typer(
    help="Postmortem workflow service: event-sourced postmortems, MongoDB read models, GraphQL.",
    no_args_is_help=True,
    add_completion=False,
)


def _settings() -> Settings:
    try:
        settings = load_settings()
    except ConfigurationError as error:
        typer.echo(f"invalid configuration (environment or .env):\n{error}", err=True)
        raise typer.Exit(2) from None
    configure_logging(settings)
    return settings


@contextlib.contextmanager
def _mongodb(settings: Settings) -> Iterator[str]:
    """Yields the MongoDB URI: MONGODB_URI, or a local SecantusDB server started for us."""
    if settings.mongodb_uri:
        yield settings.mongodb_uri
        return
    from service.infrastructure.local_mongo import LocalMongo

    typer.echo(f"MONGODB_URI not set: starting a local MongoDB-wire server in {settings.data_dir}")
    with LocalMongo(settings.data_dir / "mongo") as server:
        yield server.uri


@app.command()
def serve(
    host: Annotated[str | None, typer.Option(help="Bind address (default: HOST).")] = None,
    port: Annotated[int | None, typer.Option(help="Port (default: PORT).")] = None,
    projector: Annotated[
        bool, typer.Option(help="Run the projections in this process too.")
    ] = True,
) -> None:
    """Run the API (with an embedded projector unless --no-projector)."""
    from service.api.app import create_app
    from service.bootstrap import build_application, build_projector, mongo_client
    from service.shutdown import graceful_stop

    settings = _settings()
    with graceful_stop() as stopping, _mongodb(settings) as uri:
        application = build_application(settings)
        client = mongo_client(uri)
        runner = build_projector(settings, application, client) if projector else None
        if runner is not None:
            runner.ensure_indexes()
            application.on_saved(runner.wake)
            runner.start()
        try:
            bind_host, bind_port = host or settings.host, port or settings.port
            server = uvicorn.Server(
                uvicorn.Config(
                    create_app(settings, application, uri, runner),
                    host=bind_host,
                    port=bind_port,
                    log_level=settings.log_level.lower(),
                    log_config=None,  # logging is configured by configure_logging (one format)
                    access_log=False,  # replaced by the request log middleware
                )
            )
            # While it serves, uvicorn's own handler stops it gracefully on SIGTERM/SIGINT and
            # then raises the signal again, which lands here: nothing left to stop but what
            # `finally` closes. A signal while it starts tells it to stop as soon as it can.
            stopping.stop = lambda: setattr(server, "should_exit", True)
            typer.echo(f"GraphQL at http://{bind_host}:{bind_port}/graphql")
            server.run()
        finally:
            if runner is not None:
                runner.stop()  # after its current batch
            client.close()
            application.close()
    typer.echo("stopped")


@app.command()
def project() -> None:
    """Run the projections as a separate process (follows the event log until stopped)."""
    from service.bootstrap import build_application, build_projector, mongo_client
    from service.shutdown import graceful_stop

    settings = _settings()
    with graceful_stop() as stopping, _mongodb(settings) as uri:
        application = build_application(settings)
        client = mongo_client(uri)
        runner = build_projector(settings, application, client)
        runner.ensure_indexes()
        stopping.stop = runner.request_stop  # SIGTERM or Ctrl-C: end the current batch, stop
        typer.echo(f"projecting {application.head_position()} events' worth of log; Ctrl-C stops")
        try:
            runner.run_forever()
        finally:
            runner.close()
            client.close()
            application.close()
    typer.echo("stopped")


projection_app = typer.Typer(
    help="Operate the projections: re-apply parked postmortems.", no_args_is_help=True
)
app.add_typer(projection_app, name="projection")


@projection_app.command("retry")
def projection_retry(
    postmortem: Annotated[
        str | None, typer.Option(help="Only this postmortem id (default: every parked one).")
    ] = None,
    projection: Annotated[
        str | None, typer.Option(help="Only this projection (default: all).")
    ] = None,
) -> None:
    """Re-apply parked events once their cause is removed; exit 1 if some still fail."""
    from pymongo.errors import PyMongoError

    from service.bootstrap import projection_names
    from service.projection_commands import run_retry

    if projection is not None and projection not in projection_names():
        typer.echo(f"unknown projection {projection!r} (known: {', '.join(projection_names())})")
        raise typer.Exit(2)
    settings = _settings()
    with _mongodb(settings) as uri:
        try:
            outcomes = run_retry(
                settings,
                uri,
                postmortem_id=postmortem,
                projection=projection,
                report=lambda outcome: typer.echo(outcome.line()),
            )
        except PyMongoError as error:
            typer.echo(f"MongoDB is not reachable: {type(error).__name__}", err=True)
            raise typer.Exit(3) from None
    if not outcomes:
        typer.echo("nothing is parked")
        return
    failed = sum(not o.ok for o in outcomes)
    typer.echo(f"{len(outcomes) - failed} applied again, {failed} still failing")
    if failed:
        raise typer.Exit(1)


@app.command()
def token(
    user: Annotated[str, typer.Option(help="User id (the `sub` claim).")],
    roles: Annotated[str, typer.Option(help="Comma-separated: author,reviewer,compliance,admin.")],
    hours: Annotated[int, typer.Option(help="Lifetime in hours.", min=1, max=720)] = 8,
) -> None:
    """Print a development (HS256) bearer token for a user."""
    from service.api.auth import ROLES, mint_token

    wanted = [r.strip() for r in roles.split(",") if r.strip()]
    unknown = sorted(set(wanted) - ROLES)
    if unknown:
        typer.echo(f"unknown roles: {', '.join(unknown)} (known: {', '.join(sorted(ROLES))})")
        raise typer.Exit(2)
    settings = _settings()
    if settings.jwks_url:
        typer.echo("note: JWKS_URL is set, so the service will not accept HS256 tokens", err=True)
    typer.echo(mint_token(settings, user, wanted, ttl_seconds=hours * 3600))


@app.command("export-schema")
def export_schema(
    path: Annotated[Path, typer.Option(help="Where to write the SDL.")] = Path(
        "schema/schema.graphql"
    ),
) -> None:
    """Write the GraphQL schema's SDL (kept in the repository)."""
    from schema.sdl import schema_sdl

    path.write_text(schema_sdl())
    typer.echo(f"wrote {path}")


@app.command("export-audit")
def export_audit(
    out: Annotated[Path, typer.Option(help="File to write.")],
    format: Annotated[str, typer.Option(help="csv or ndjson.")] = "csv",
    postmortem: Annotated[str | None, typer.Option(help="Only this postmortem id.")] = None,
    actor: Annotated[str | None, typer.Option(help="Only this actor (user id).")] = None,
    event_type: Annotated[str | None, typer.Option(help="Only this event type.")] = None,
    since: Annotated[str | None, typer.Option("--from", help="At or after (ISO 8601).")] = None,
    until: Annotated[str | None, typer.Option("--to", help="Before (ISO 8601).")] = None,
) -> None:
    """Export the audit trail (streamed, constant memory) to a CSV or NDJSON file."""
    from projections.audit_log.queries import AuditFilter
    from service import audit_commands

    if format not in {"csv", "ndjson"}:
        typer.echo("--format must be csv or ndjson", err=True)
        raise typer.Exit(2)
    try:
        filters = AuditFilter(
            postmortem_id=postmortem,
            actor_id=actor,
            event_type=event_type,
            since=audit_commands.parse_time(since, "from"),
            until=audit_commands.parse_time(until, "to"),
        )
    except ValueError as error:
        typer.echo(f"invalid time: {error}", err=True)
        raise typer.Exit(2) from None
    settings = _settings()
    with _mongodb(settings) as uri:
        written = audit_commands.run_export(settings, uri, out, format, filters)
    typer.echo(f"wrote {written} entries to {out}")


@app.command("verify-audit")
def verify_audit(
    require_complete: Annotated[
        bool,
        typer.Option(
            "--require-complete",
            help="Exit 1 also when events of the store are not in the trail yet.",
        ),
    ] = False,
) -> None:
    """Recompute the audit hash chain from the event store; exit 1 at a broken link."""
    from service import audit_commands

    settings = _settings()
    with _mongodb(settings) as uri:
        result = audit_commands.run_verify(settings, uri)
    if result.ok:
        typer.echo(
            f"OK: {result.checked_entries} entries verified through position "
            f"{result.verified_through} (event store head {result.head_position}), "
            f"head hash {result.head_hash}"
        )
        if result.halted:
            typer.echo(f"the audit projection is {result.halted}")
        if not result.complete:
            typer.echo(
                f"INCOMPLETE: {result.pending_events} events of the event store are not in the "
                f"audit trail yet (it is at position {result.verified_through}, the store at "
                f"{result.head_position}), so they are not verified"
            )
            if require_complete:
                raise typer.Exit(1)
        return
    broken = result.first_broken_link
    assert broken is not None
    typer.echo(
        f"BROKEN at position {broken.position} ({broken.kind}): {broken.message}\n"
        f"  expected (recorded): {broken.expected}\n  found (recomputed): {broken.found}\n"
        f"  {result.checked_entries} entries verified before it",
    )
    raise typer.Exit(1)


@app.command()
def demo(
    count: Annotated[
        int, typer.Option(help="Postmortems to load (the OAuth outage plus generated ones).", min=1)
    ] = 300,
    seed: Annotated[int, typer.Option(help="Seed of the generator (same seed, same data).")] = 7,
    append: Annotated[
        bool, typer.Option(help="Load even if the event store already holds events.")
    ] = False,
    project: Annotated[
        bool, typer.Option(help="Bring the read models up to date afterwards.")
    ] = True,
) -> None:
    """Load realistic demo postmortems through the application (real events)."""
    from rich.progress import Progress

    from service.bootstrap import build_application, build_projector, mongo_client
    from service.demo.dataset import dataset
    from service.demo.loader import DemoLoader

    settings = _settings()
    application = build_application(settings)
    try:
        if application.head_position() and not append:
            typer.echo(
                f"the event store already holds {application.head_position()} events; "
                "pass --append to add the demo data anyway",
                err=True,
            )
            raise typer.Exit(1)
        specs = dataset(count, seed)
        with Progress() as progress:
            task = progress.add_task("loading postmortems", total=len(specs))
            DemoLoader(application).load(specs, lambda *_: progress.advance(task))
            if project:
                with _mongodb(settings) as uri:
                    client = mongo_client(uri)
                    try:
                        runner = build_projector(settings, application, client)
                        runner.ensure_indexes()
                        head = application.head_position()
                        step = progress.add_task("projecting events", total=head)
                        while processed := runner.run_once():
                            progress.advance(step, processed)
                    finally:
                        client.close()
        typer.echo(f"loaded {len(specs)} postmortems ({application.head_position()} events)")
    finally:
        application.close()


@app.command()
def rebuild(
    projection: Annotated[
        list[str] | None,
        typer.Option(help="Projection to rebuild (repeatable; default: all)."),
    ] = None,
    batch_size: Annotated[
        int, typer.Option(help="Events per transaction while replaying.", min=1, max=50_000)
    ] = 5_000,
) -> None:
    """Rebuild read models from the event store and swap them in, while the service runs."""
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeRemainingColumn,
    )

    from projections.rebuild import LeaseHeld
    from projections.rebuild import rebuild as rebuild_projections
    from service.bootstrap import all_projections, build_application, mongo_client

    settings = _settings()
    known = {p.name: p for p in all_projections()}
    unknown = sorted(set(projection or []) - set(known))
    if unknown:
        typer.echo(f"unknown projections: {', '.join(unknown)} (known: {', '.join(known)})")
        raise typer.Exit(2)
    chosen = [known[name] for name in projection] if projection else list(known.values())
    with _mongodb(settings) as uri:
        application = build_application(settings)
        client = mongo_client(uri)
        columns = (
            TextColumn("[bold]rebuilding"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("{task.fields[rate]:>10,.0f} events/s"),
            TimeRemainingColumn(),
        )
        try:
            with Progress(*columns) as bar:
                task = bar.add_task("rebuild", total=application.head_position(), rate=0.0)

                def show(position: int, head: int) -> None:
                    speed = bar.tasks[task].speed or 0.0
                    bar.update(task, completed=position, total=max(head, 1), rate=speed)

                result = rebuild_projections(
                    application,
                    client,
                    settings.mongodb_database,
                    chosen,
                    batch_size=batch_size,
                    progress=show,
                )
        except LeaseHeld as error:
            typer.echo(str(error), err=True)
            raise typer.Exit(1) from None
        finally:
            client.close()
            application.close()
    rate = result.applied / result.seconds if result.seconds else 0.0
    typer.echo(
        f"rebuilt {', '.join(result.projections)}: {result.applied} events applied "
        f"in {result.seconds:.1f}s ({rate:,.0f} events/s), now at position {result.position}"
    )
