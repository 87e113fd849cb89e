"""Guarded reads of the audit trail: every read checks the read rule (read_rules.py) first."""

from __future__ import annotations

from collections.abc import AsyncIterator

from eventsourcing.persistence import ApplicationRecorder
from pymongo.asynchronous.database import AsyncDatabase

from projections.audit_log.queries import AuditFilter, AuditLogQueries, AuditPage, Order
from projections.audit_log.verify import Verification, verify_chain
from projections.paging import PageRequest
from service.application.read_rules import audit_entry_filter
from service.domain.document import Document
from service.domain.values import Actor


class AuditReader:
    """Audit-trail reads for compliance officers and admins."""

    def __init__(self, db: AsyncDatabase[Document], recorder: ApplicationRecorder) -> None:
        self._db = db
        self._recorder = recorder
        self.queries = AuditLogQueries(db)

    async def page(
        self, actor: Actor, filters: AuditFilter, *, request: PageRequest, order: Order
    ) -> AuditPage:
        """Returns a page of the trail."""
        audit_entry_filter(actor)
        return await self.queries.page(filters, request=request, order=order)

    def stream(
        self, actor: Actor, filters: AuditFilter, *, order: Order, batch_size: int = 1_000
    ) -> AsyncIterator[Document]:
        """Returns every matching entry as a stream (the role is checked before streaming)."""
        audit_entry_filter(actor, export=True)
        return self.queries.stream(filters, order=order, batch_size=batch_size)

    async def verify(self, actor: Actor) -> Verification:
        """Recomputes the chain from the event store and compares it with the trail."""
        audit_entry_filter(actor)
        return await verify_chain(self._recorder, self._db)
