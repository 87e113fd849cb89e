"""`postmortems demo`: loads the demo data set, safe to rerun.

Postmortems already loaded with the same seed (found by their incident refs) are skipped, so a
rerun adds only what is missing (e.g. after an interrupted run, or with a larger --count). An
event store holding other events is refused before anything is written, unless --append.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import UTC, datetime

import typer
from pymongo.errors import PyMongoError
from rich.console import Console
from rich.progress import Progress

from projections.faults import is_write_conflict
from projections.runner import Projector, TrackingConflict
from service.cli import runtime
from service.cli.errors import usage
from service.config import Settings
from service.demo.dataset import dataset
from service.demo.loader import DemoLoader


def project_until(
    runner: Projector, target: int, on_progress: Callable[[int], None], patience: float = 120.0
) -> None:
    """Projects up to `target`, sharing the work with any projector already running (a
    conflict with one means it moved first: read the positions again and go on). Gives up after
    `patience` seconds without progress (e.g. a rebuild holds the projections)."""
    last_move = time.monotonic()
    done = -1
    while time.monotonic() - last_move < patience:
        processed = 0
        try:
            processed = runner.run_once(target)
        except (TrackingConflict, PyMongoError) as error:
            if not (isinstance(error, TrackingConflict) or is_write_conflict(error)):
                raise
        positions = runner.positions().values()
        now_done = min(positions) if positions else target
        if now_done != done:
            done, last_move = now_done, time.monotonic()
            on_progress(done)
        if done >= target:
            return
        if not processed:
            time.sleep(0.1)
    typer.echo("the read models are still catching up; the running projector continues", err=True)


def run_demo(settings: Settings, *, count: int, seed: int, append: bool, project: bool) -> None:
    """Loads what is missing of the demo data set, then (optionally) projects it."""
    from service.bootstrap import all_projections, build_projector, mongo_client

    now = datetime.now(UTC)
    sla = {severity.value: days for severity, days in settings.publication_sla_by_severity.items()}
    specs = dataset(count, seed, now, sla)
    application = runtime.event_store(settings)
    try:
        loader = DemoLoader(application, seed)
        head = application.head_position()
        loaded = sum(1 for spec in specs if loader.existing(spec) is not None)
        if head and not loaded and not append:
            raise usage(
                f"the event store already holds {head} events that are not this demo's "
                f"(seed {seed}): pass --append to add the demo data anyway"
            )
        console = Console(stderr=True)
        with Progress(console=console) as progress:
            task = progress.add_task("loading postmortems", total=len(specs))
            written = loader.load(specs, lambda *_: progress.advance(task))
            if project:
                with runtime.read_store(settings, "postmortems demo") as uri:
                    client = mongo_client(uri)
                    try:
                        # Read models only: demo events are not news to notify anyone of.
                        runner = build_projector(settings, application, client, all_projections())
                        runner.ensure_indexes()
                        target = application.head_position()
                        step = progress.add_task("projecting events", total=target)
                        project_until(
                            runner, target, lambda done: progress.update(step, completed=done)
                        )
                    finally:
                        runner.close()
                        client.close()
        skipped = len(specs) - len(written)
        note = f", {skipped} already there" if skipped else ""
        typer.echo(
            f"loaded {len(written)} postmortems{note} ({application.head_position()} events)"
        )
    finally:
        application.close()
