"""Readiness: the event store and MongoDB answer, and no projection lags, stalls, or is ahead
of the event store (read models built from another store).

A parked postmortem or a halted projection does not make the service unready (it serves
everyone else; taking every replica out of the load balancer for one postmortem would stop
the service for all): the check `parked` then says what is wrong, and `/readyz` answers 200
with status "degraded" (see service/api/app.py).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from anyio import to_thread
from pymongo.asynchronous.database import AsyncDatabase

from projections.parks import parks_by_projection
from projections.status import ProjectionStatus, projection_status_async
from service.application.postmortems import PostmortemApplication
from service.config import Settings


async def readiness(
    settings: Settings,
    app: PostmortemApplication,
    db: AsyncDatabase[dict[str, Any]],
    projection_names: Sequence[str],
) -> dict[str, str]:
    """Returns each check's result: "ok", or what is wrong (never raises)."""
    checks: dict[str, str] = {}
    head: int | None = None
    try:
        head = await to_thread.run_sync(app.head_position)
        checks["event_store"] = "ok"
    except Exception as error:
        checks["event_store"] = f"error: {type(error).__name__}"
    try:
        await db.command("ping")
        checks["mongodb"] = "ok"
    except Exception as error:
        checks["mongodb"] = f"error: {type(error).__name__}"
    if head is None or checks["mongodb"] != "ok":
        checks["projections"] = "unknown: needs the event store and MongoDB"
        return checks

    async def head_now() -> int:
        return await to_thread.run_sync(app.head_position)

    try:
        # The head again, read after the positions: a projection ahead of it is a mismatch.
        statuses = await projection_status_async(db, projection_names, head_now)
    except Exception as error:
        checks["projections"] = f"error: {type(error).__name__}"
        return checks
    problems = []
    for status in statuses:
        if (mismatch := status.mismatch()) is not None:
            problems.append(mismatch)
        elif status.halted is not None:
            continue  # reported as `parked` below
        elif status.lag > settings.projection_lag_threshold:
            problems.append(f"{status.name} lags {status.lag} events")
        elif status.stalled(settings.projection_stall_seconds):
            problems.append(f"{status.name} stalled {status.lag} events behind")
    checks["projections"] = "; ".join(problems) if problems else "ok"
    parked = await _parked(db, statuses)
    if parked:
        checks[PARKED] = parked
    return checks


PARKED = "parked"  # a check that degrades, but does not fail, readiness
MAX_NAMED = 5


async def _parked(db: AsyncDatabase[dict[str, Any]], statuses: Sequence[ProjectionStatus]) -> str:
    """Returns what is parked or halted ("" if nothing): counts, and the first few ids."""
    parts = []
    total = sum(s.parked for s in statuses)
    if total:
        names = [s.name for s in statuses if s.parked]
        parks = await parks_by_projection(db, names, MAX_NAMED)
        for name in names:
            listed = ", ".join(f"{p.postmortem_id} (position {p.position})" for p in parks[name])
            count = next(s.parked for s in statuses if s.name == name)
            parts.append(f"{name}: {count} parked postmortem{'s' * (count != 1)}: {listed}")
    for status in statuses:
        if status.halted is not None:
            halt = status.halted
            parts.append(
                f"{status.name}: halted at position {halt.get('position')} (postmortem "
                f"{halt.get('postmortem_id')}): {halt.get('error')}"
            )
    return "; ".join(parts)
