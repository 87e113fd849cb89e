"""The `postmortems` command line.

Every command reports a failure as one line on stderr with the exit code of
`errors.ExitCode` (0 ok, 1 a finding, 2 usage or configuration, 3 infrastructure
unavailable); `--debug` anywhere on the command line adds the traceback.
"""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from service.cli import projection as projection_commands
from service.cli import runtime
from service.cli.errors import CliError, ExitCode, OneLineErrors, usage
from service.domain import events as domain_events

EXIT_CODES = (
    "Exit codes: 0 ok; 1 a finding (e.g. a broken audit chain, a lagging projection); "
    "2 usage or configuration error; 3 infrastructure unavailable (MongoDB, the event store, "
    "the port). --debug (anywhere) prints the traceback of an error."
)
app = typer.Typer(
    cls=OneLineErrors,
    help="Postmortem workflow service: event-sourced postmortems, MongoDB read models, GraphQL.",
    epilog=EXIT_CODES,
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
app.add_typer(projection_commands.app, name="projection")


# The audit filters as `export-audit` names them (projections/audit_log/filters.py).
AUDIT_OPTIONS = {
    "postmortemId": "--postmortem",
    "actorId": "--actor",
    "eventType": "--event-type",
    "from": "--from",
    "to": "--to",
}
EVENT_TYPE_HELP = "Only this event type (any case), one of: " + ", ".join(
    domain_events.event_type_names()
)


class ExportFormat(StrEnum):
    """The audit export's file formats."""

    csv = "csv"
    ndjson = "ndjson"


PROJECTION_HELP = (
    "Projection to rebuild (repeatable; default: all), one of: postmortems, audit_log, "
    "compliance_facts, recurring, incident_metrics, action_items, review_queue, "
    "recurring_embeddings."
)
ROLE_HELP = "Comma-separated roles, at least one of: admin, author, compliance, reviewer."


def main() -> None:
    """Runs the command line (the `postmortems` entry point)."""
    app()


@app.callback()
def root(
    debug: Annotated[
        bool, typer.Option("--debug", help="On an error, print the traceback too.")
    ] = False,
) -> None:
    """Postmortem workflow service."""


@app.command()
def serve(
    host: Annotated[str | None, typer.Option(help="Bind address (default: HOST).")] = None,
    port: Annotated[
        int | None, typer.Option(help="Port (default: PORT).", min=1, max=65535)
    ] = None,
    projector: Annotated[
        bool, typer.Option(help="Run the projections in this process too.")
    ] = True,
) -> None:
    """Run the API (with an embedded projector unless --no-projector)."""
    import uvicorn

    from service.api.app import create_app
    from service.bootstrap import build_projector, mongo_client
    from service.cli.outbound import check_outbound, start_outbound
    from service.shutdown import graceful_stop

    settings = runtime.settings()
    check_outbound(settings)
    bind_host, bind_port = host or settings.host, port or settings.port
    sock = runtime.listening_socket(bind_host, bind_port)  # before anything starts
    with graceful_stop() as stopping, runtime.read_store(settings, "postmortems serve") as uri:
        application = runtime.event_store(settings)
        client = mongo_client(uri)
        runner = build_projector(settings, application, client) if projector else None
        outbound = start_outbound(settings, application, client, runner) if runner else None
        if runner is not None:
            runner.ensure_indexes()
            application.on_saved(runner.wake)
            runner.start()
        try:
            server = uvicorn.Server(
                uvicorn.Config(
                    create_app(settings, application, uri, runner),
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
            server.run(sockets=[sock])
        finally:
            if outbound is not None:
                outbound.stop()
            if runner is not None:
                runner.stop()  # after its current batch
            client.close()
            application.close()
    typer.echo("stopped")


@app.command()
def project() -> None:
    """Run the projections as a separate process (follows the event log until stopped)."""
    from service.bootstrap import build_projector, mongo_client
    from service.cli.outbound import check_outbound, start_outbound
    from service.shutdown import graceful_stop

    settings = runtime.settings()
    check_outbound(settings)
    with graceful_stop() as stopping, runtime.read_store(settings, "postmortems project") as uri:
        application = runtime.event_store(settings)
        client = mongo_client(uri)
        runner = build_projector(settings, application, client)
        outbound = None
        try:
            runner.ensure_indexes()
            stopping.stop = runner.request_stop  # SIGTERM or Ctrl-C: end the batch, stop
            outbound = start_outbound(settings, application, client, runner)
            typer.echo(f"projecting (event log head {application.head_position()}); Ctrl-C stops")
            runner.run_forever()
        finally:
            if outbound is not None:
                outbound.stop()
            runner.close()
            client.close()
            application.close()
    typer.echo("stopped")


app.command("status")(projection_commands.status)


@app.command()
def token(
    user: Annotated[str, typer.Option(help="User id (the `sub` claim).")],
    roles: Annotated[str, typer.Option(help=ROLE_HELP)],
    hours: Annotated[int, typer.Option(help="Lifetime in hours.", min=1, max=720)] = 8,
) -> None:
    """Print a development (HS256) bearer token for a user."""
    from service.api.auth import ROLES, mint_token

    wanted = [r.strip() for r in roles.split(",") if r.strip()]
    known = ", ".join(sorted(ROLES))
    unknown = sorted(set(wanted) - ROLES)
    if unknown:
        raise usage(f"--roles: unknown role(s) {', '.join(unknown)}; choose from {known}")
    if not wanted:
        raise usage(f"--roles needs at least one role; choose from {known}")
    from service.api.auth import subject_problem

    if (problem := subject_problem(user)) is not None:
        raise usage(f"--user {problem}; the API would refuse such a token")
    settings = runtime.settings()
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

    try:
        path.write_text(schema_sdl())
    except OSError as error:
        raise usage(f"cannot write {path}: {error.strerror}; choose a writable --path") from None
    typer.echo(f"wrote {path}")


@app.command("export-audit")
def export_audit(
    out: Annotated[Path, typer.Option(help="File to write (created or replaced).")],
    format: Annotated[ExportFormat, typer.Option(help="File format.")] = ExportFormat.csv,
    postmortem: Annotated[
        str | None, typer.Option(help="Only this postmortem (its id, a UUID).")
    ] = None,
    actor: Annotated[
        str | None, typer.Option(help="Only this actor (a user id; case does not matter).")
    ] = None,
    event_type: Annotated[str | None, typer.Option(help=EVENT_TYPE_HELP)] = None,
    since: Annotated[
        str | None, typer.Option("--from", help="At or after (ISO 8601 with a time zone).")
    ] = None,
    until: Annotated[
        str | None, typer.Option("--to", help="Before (ISO 8601 with a time zone).")
    ] = None,
) -> None:
    """Export the audit trail (streamed, constant memory) to a CSV or NDJSON file."""
    from projections.audit_log.filters import InvalidAuditFilter, parse_audit_filter
    from service import audit_commands

    try:
        filters = parse_audit_filter(
            postmortem_id=postmortem, actor_id=actor, event_type=event_type,
            since=since, until=until,
        )  # fmt: skip
    except InvalidAuditFilter as error:
        what = "invalid time: " if error.name in ("from", "to") else ""
        raise usage(what + error.renamed(AUDIT_OPTIONS)) from None
    audit_commands.check_writable(out)
    settings = runtime.settings()
    with runtime.read_store(settings, "postmortems export-audit") as uri:
        written = audit_commands.run_export(settings, uri, out, format.value, filters)
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

    settings = runtime.settings()
    with runtime.read_store(settings, "postmortems verify-audit") as uri:
        runtime.event_store(settings).close()
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
                raise typer.Exit(ExitCode.FINDING)
        return
    broken = result.first_broken_link
    assert broken is not None
    typer.echo(
        f"BROKEN at position {broken.position} ({broken.kind}): {broken.message}\n"
        f"  expected (recorded): {broken.expected}\n  found (recomputed): {broken.found}\n"
        f"  {result.checked_entries} entries verified before it",
    )
    raise typer.Exit(ExitCode.FINDING)


@app.command()
def demo(
    count: Annotated[
        int,
        typer.Option(help="Postmortems (the OAuth outage, recurring ones, generated ones).", min=1),
    ] = 300,
    seed: Annotated[int, typer.Option(help="Seed of the generator (same seed, same data).")] = 7,
    append: Annotated[
        bool, typer.Option(help="Load even if the event store holds other events.")
    ] = False,
    project: Annotated[
        bool, typer.Option(help="Bring the read models up to date afterwards.")
    ] = True,
) -> None:
    """Load 18 months of demo postmortems through the application (safe to rerun)."""
    from service.demo.command import run_demo

    settings = runtime.settings()
    if settings.environment == "production":
        raise usage("demo data is for development: refusing with ENVIRONMENT=production")
    run_demo(settings, count=count, seed=seed, append=append, project=project)


@app.command()
def rebuild(
    projection: Annotated[
        list[str] | None,
        typer.Option(help=PROJECTION_HELP),
    ] = None,
    batch_size: Annotated[
        int, typer.Option(help="Events per transaction while replaying.", min=1, max=50_000)
    ] = 5_000,
) -> None:
    """Rebuild read models from the event store and swap them in, while the service runs."""
    from projections.rebuild import LeaseHeld
    from projections.rebuild import rebuild as rebuild_projections
    from service.bootstrap import all_projections, mongo_client
    from service.cli.rebuild_progress import RebuildBar

    known = [p.name for p in all_projections()]
    unknown = sorted(set(projection or []) - set(known))
    if unknown:
        raise usage(f"--projection: unknown {', '.join(unknown)}; choose from {', '.join(known)}")
    settings = runtime.settings()
    configured = {p.name: p for p in all_projections(settings)}  # the embedding model's settings
    chosen = [configured[name] for name in projection or known]
    with runtime.read_store(settings, "postmortems rebuild") as uri:
        application = runtime.event_store(settings)
        client = mongo_client(uri)
        try:
            with RebuildBar(application.head_position()) as bar:
                result = rebuild_projections(
                    application, client, settings.mongodb_database, chosen,
                    batch_size=batch_size, progress=bar.show,
                )  # fmt: skip
        except LeaseHeld as error:
            message = f"{error}; wait for that rebuild to finish"
            raise CliError(message, ExitCode.UNAVAILABLE) from None
        finally:
            client.close()
            application.close()
    rate = result.applied / result.seconds if result.seconds else 0.0
    typer.echo(
        f"rebuilt {', '.join(result.projections)}: {result.applied} events applied "
        f"in {result.seconds:.1f}s ({rate:,.0f} events/s), now at position {result.position}"
    )
    if result.parked or result.halted:
        typer.echo(
            f"still failing: {result.parked} parked postmortems"
            + (f", halted: {', '.join(result.halted)}" if result.halted else "")
            + " (see `postmortems status`)"
        )


@app.command("git-sync-rebuild")
def git_sync_rebuild(
    into: Annotated[Path, typer.Option(help="An empty (or missing) folder for the repository.")],
    branch: Annotated[str | None, typer.Option(help="Branch (default: GIT_SYNC_BRANCH).")] = None,
) -> None:
    """Replay every publication into a new Git repository (the same tree as the live sync)."""
    from service.cli.outbound import rebuild_git_sync

    rebuild_git_sync(runtime.settings(), into, branch)
