"""What every resolver gets: the caller, the request id, and the service's ports."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from pymongo.asynchronous.database import AsyncDatabase
from starlette.requests import Request
from starlette.responses import Response
from starlette.websockets import WebSocket

from projections.audit_log.service import AuditService
from projections.compliance.service import ComplianceService
from projections.postmortems.queries import PostmortemQueries
from service.application.postmortems import PostmortemApplication
from service.config import Settings
from service.domain.errors import NotPermitted
from service.domain.values import Actor, CommandContext


@dataclass(frozen=True)
class Services:
    """The ports resolvers call: the write application and the read models."""

    settings: Settings
    app: PostmortemApplication
    db: AsyncDatabase[dict[str, Any]]
    postmortems: PostmortemQueries
    projection_names: tuple[str, ...]
    audit: AuditService
    compliance: ComplianceService


@dataclass
class Context:
    """Per-request context (a new one for every request)."""

    request: Request | WebSocket
    response: Response | WebSocket | None
    services: Services
    actor: Actor | None
    correlation_id: str
    extra: dict[str, Any] = field(default_factory=dict)
    connection_params: dict[str, Any] | None = None  # websocket `connection_init` payload

    def command_context(self) -> CommandContext:
        """Returns who issues commands in this request; refuses anonymous callers."""
        if self.actor is None:
            raise NotPermitted("authentication required")
        return CommandContext(actor=self.actor, correlation_id=self.correlation_id)
