"""The dependency bundle: what the entry points and resolvers use, built once by
`service.bootstrap` (the composition root) and passed in, never built by its users."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from pymongo.asynchronous.database import AsyncDatabase

from projections.audit_log.reader import AuditReader
from projections.compliance.reader import ComplianceReader
from projections.postmortems.queries import PostmortemQueries
from projections.recurring.queries import RecurringQueries
from projections.staleness import Staleness
from projections.tracking import LocalProgress
from service.application.postmortems import PostmortemApplication
from service.config import Settings


@dataclass(frozen=True)
class Dependencies:
    """The write application and the read models, with the settings they run under."""

    settings: Settings
    app: PostmortemApplication
    db: AsyncDatabase[dict[str, Any]]
    postmortems: PostmortemQueries
    projection_names: tuple[str, ...]
    audit: AuditReader
    compliance: ComplianceReader
    recurring: RecurringQueries
    staleness: Staleness  # parked postmortems and halted projections
    # Positions of projectors running in this process (None: poll MongoDB).
    progress: LocalProgress | None = None
