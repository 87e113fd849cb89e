"""The read-side service of the audit trail: every read checks the caller's role first."""

from __future__ import annotations

from collections.abc import AsyncIterator

from eventsourcing.persistence import ApplicationRecorder
from pymongo.asynchronous.database import AsyncDatabase

from projections.audit_log.queries import AuditFilter, AuditLogQueries, AuditPage, Order
from projections.audit_log.verify import Verification, verify_chain
from service.application.permissions import Action, authorize
from service.domain.document import Document
from service.domain.values import Actor


class AuditReader:
    """Audit-trail reads for compliance officers and admins."""

    def __init__(self, db: AsyncDatabase[Document], recorder: ApplicationRecorder) -> None:
        self._db = db
        self._recorder = recorder
        self.queries = AuditLogQueries(db)

    async def page(
        self, actor: Actor, filters: AuditFilter, *, first: int, after: str | None, order: Order
    ) -> AuditPage:
        """Returns a page of the trail."""
        authorize(actor, Action.READ_AUDIT)
        return await self.queries.page(filters, first=first, after=after, order=order)

    def stream(
        self, actor: Actor, filters: AuditFilter, *, order: Order, batch_size: int = 1_000
    ) -> AsyncIterator[Document]:
        """Returns every matching entry as a stream (the role is checked before streaming)."""
        authorize(actor, Action.EXPORT_AUDIT)
        return self.queries.stream(filters, order=order, batch_size=batch_size)

    async def verify(self, actor: Actor) -> Verification:
        """Recomputes the chain from the event store and compares it with the trail."""
        authorize(actor, Action.READ_AUDIT)
        return await verify_chain(self._recorder, self._db)
