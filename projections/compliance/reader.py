"""Guarded reads of compliance reports: the read rule (read_rules.py) is checked first."""

from __future__ import annotations

from pymongo.asynchronous.database import AsyncDatabase

from projections.compliance.model import ComplianceReport, ReportRequest
from projections.compliance.queries import ComplianceQueries
from service.application.read_rules import require_compliance_reader
from service.domain import Actor, ReviewPolicy
from service.domain.document import Document


class ComplianceReader:
    """Compliance reports for compliance officers and admins."""

    def __init__(self, db: AsyncDatabase[Document], policy: ReviewPolicy) -> None:
        self.queries = ComplianceQueries(db, policy)

    async def report(self, actor: Actor, request: ReportRequest) -> ComplianceReport:
        """Returns the report for a period."""
        require_compliance_reader(actor)
        return await self.queries.report(request)
