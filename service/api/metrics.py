"""The `/metrics` endpoint: Prometheus text format, projection lag measured at scrape time.

Open unless METRICS_TOKEN is set (then it needs `Authorization: Bearer <METRICS_TOKEN>`).
"""

from __future__ import annotations

import hmac
from typing import Any

from anyio import to_thread
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest
from pymongo.asynchronous.database import AsyncDatabase
from pymongo.errors import PyMongoError
from starlette.requests import Request
from starlette.responses import Response

from projections.dependencies import Dependencies
from projections.outbound.status import outbound_status_async
from projections.tracking import TRACKING_COLLECTION, positions
from schema.error_codes import ErrorCode
from service.api.errors import error_response
from service.infrastructure import metrics


async def projection_positions(
    db: AsyncDatabase[dict[str, Any]], names: tuple[str, ...]
) -> dict[str, int]:
    """Returns each named projection's position from the tracking collection (0 if it has
    not started); lag is the head position minus this."""
    known = await positions(db)
    return {name: known.get(name, 0) for name in names}


async def projection_parks(
    db: AsyncDatabase[dict[str, Any]], names: tuple[str, ...]
) -> dict[str, tuple[int, bool]]:
    """Returns each named projection's count of parked postmortems and whether it halted."""
    docs = db[TRACKING_COLLECTION].find({"_id": {"$in": list(names)}}, {"parked": 1, "halted": 1})
    found = {d["_id"]: (int(d.get("parked") or 0), bool(d.get("halted"))) async for d in docs}
    return {name: found.get(name, (0, False)) for name in names}


class MetricsEndpoint:
    """Renders the default Prometheus registry after refreshing the projection gauges."""

    def __init__(self, deps: Dependencies) -> None:
        self.deps = deps
        token = deps.settings.metrics_token
        self._token = token.get_secret_value() if token is not None else None

    async def render(self, request: Request) -> Response:
        """Returns the metrics (401 without the token when one is configured)."""
        if self._token is not None and not self._authorized(request):
            return error_response(
                401,
                ErrorCode.UNAUTHENTICATED,
                "metrics need the METRICS_TOKEN bearer token",
                scope=request.scope,
                headers={"WWW-Authenticate": 'Bearer realm="metrics"'},
            )
        await self._refresh()
        return Response(generate_latest(), media_type=CONTENT_TYPE_LATEST)

    def _authorized(self, request: Request) -> bool:
        header = request.headers.get("authorization", "")
        given = header[7:].strip() if header.lower().startswith("bearer ") else ""
        return hmac.compare_digest(given.encode(), (self._token or "").encode())

    async def _refresh(self) -> None:
        try:
            head = await to_thread.run_sync(self.deps.app.head_position)
        except Exception:
            metrics.EVENT_STORE_ERRORS.labels("head_position").inc()
            return
        try:
            known = await projection_positions(self.deps.db, self.deps.projection_names)
            parks = await projection_parks(self.deps.db, self.deps.projection_names)
            outbound = await outbound_status_async(self.deps.db, head)
        except PyMongoError:
            return  # counted by the MongoDB listener; the gauges keep their last values
        metrics.observe_projections(head, known | {s.name: s.position for s, _ in outbound})
        metrics.observe_parks(parks)
        for _, deliveries in outbound:
            if deliveries is not None:
                metrics.observe_outbox(deliveries.counts())
