"""The audit commands of the command line: export the trail, verify its hash chain."""

from __future__ import annotations

import asyncio
from pathlib import Path

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

from projections.audit_log.queries import (
    AuditFilter,
    AuditLogQueries,
    Order,
    csv_header,
    csv_line,
    ndjson_line,
)
from projections.audit_log.verify import Verification, verify_chain
from service.bootstrap import async_mongo_client, build_application
from service.config import Settings


async def export_audit(
    settings: Settings,
    uri: str,
    out: Path,
    fmt: str,
    filters: AuditFilter,
    *,
    batch_size: int = 5_000,
    console: Console | None = None,
) -> int:
    """Writes the matching entries to `out` as CSV or NDJSON; returns how many it wrote."""
    client = async_mongo_client(uri)
    queries = AuditLogQueries(client[settings.mongodb_database])
    line = csv_line if fmt == "csv" else ndjson_line
    written = 0
    try:
        total = await queries.count(filters)
        columns = (
            TextColumn("exporting"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeRemainingColumn(),
        )
        with (
            Progress(*columns, console=console or Console(stderr=True)) as progress,
            out.open("w", encoding="utf-8", newline="") as file,
        ):
            task = progress.add_task("audit", total=total)
            if fmt == "csv":
                file.write(csv_header())
            async for entry in queries.stream(
                filters, order=Order.OLDEST_FIRST, batch_size=batch_size
            ):
                file.write(line(entry))
                written += 1
                if written % 1_000 == 0:
                    progress.update(task, completed=written)
            progress.update(task, completed=written)
    finally:
        await client.close()
    return written


async def verify_audit(settings: Settings, uri: str) -> Verification:
    """Recomputes the chain from the configured event store and compares it with the trail."""
    app = build_application(settings)
    client = async_mongo_client(uri)
    try:
        return await verify_chain(app.recorder, client[settings.mongodb_database])
    finally:
        await client.close()
        app.close()


def run_export(settings: Settings, uri: str, out: Path, fmt: str, filters: AuditFilter) -> int:
    """Runs `export_audit` to completion (the CLI is synchronous)."""
    return asyncio.run(export_audit(settings, uri, out, fmt, filters))


def run_verify(settings: Settings, uri: str) -> Verification:
    """Runs `verify_audit` to completion (the CLI is synchronous)."""
    return asyncio.run(verify_audit(settings, uri))


def check_writable(out: Path) -> None:
    """Raises a usage error (exit 2) unless `out` can be written, before any work is done."""
    from service.cli.errors import usage

    existed = out.exists()
    try:
        with out.open("a", encoding="utf-8"):
            pass
    except OSError as error:
        reason = error.strerror or type(error).__name__
        raise usage(f"cannot write {out}: {reason}; choose a writable --out path") from None
    if not existed:
        out.unlink(missing_ok=True)
