"""What every resolver gets: the caller, the request id, and the dependency bundle."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from graphql import GraphQLError
from starlette.requests import Request
from starlette.responses import Response
from starlette.websockets import WebSocket

from projections.dependencies import Dependencies
from projections.parks import ReadModelNote
from schema.error_codes import ErrorCode
from schema.loaders import Loaders
from service.domain.errors import NotPermitted
from service.domain.values import Actor, CommandContext


@dataclass
class Context:
    """Per-request context (a new one for every request)."""

    request: Request | WebSocket
    response: Response | WebSocket | None
    deps: Dependencies
    actor: Actor | None
    correlation_id: str
    extra: dict[str, Any] = field(default_factory=dict)
    # The websocket `connection_init` payload (where browsers put the bearer token).
    connection_params: dict[str, Any] | None = None
    # Websockets: until when the connection's token is accepted (seconds since the epoch).
    token_valid_until: float | None = None
    # What the read model showed of the postmortems this request wrote or read (the response's
    # `extensions.readModel` says the worst of them: schema/read_model.py).
    read_model_notes: list[ReadModelNote] = field(default_factory=list)
    loaders: Loaders = field(init=False)

    def __post_init__(self) -> None:
        self.loaders = Loaders(self.deps)

    def require_actor(self) -> Actor:
        """Returns the authenticated caller; refuses anonymous callers with a GraphQL error."""
        if self.actor is None:
            raise GraphQLError(
                "authentication required", extensions={"code": ErrorCode.UNAUTHENTICATED}
            )
        return self.actor

    def command_context(self) -> CommandContext:
        """Returns who issues commands in this request; refuses anonymous callers."""
        if self.actor is None:
            raise NotPermitted("authentication required")
        return CommandContext(actor=self.actor, correlation_id=self.correlation_id)
