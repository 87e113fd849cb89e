"""Incident import over HTTP: `POST /webhooks/pagerduty|opsgenie|generic`.

No bearer token: each delivery authenticates itself (PagerDuty: HMAC over the body;
generic: HMAC over a timestamp and the body; Opsgenie: a shared token header). In order:
the body is read up to WEBHOOK_MAX_BODY_BYTES (413), authenticated (401: missing, bad or
too old), parsed (400: not JSON; 422: not the documented shape or invalid values), then
imported as the integration's actor (`integration:<provider>`, role `integration`).
Nothing is stored unless every step passes. Answers (JSON, 200 unless an error):
`{"status": "created"|"updated"|"unchanged"|"duplicate"|"ignored", "postmortemId",
"version", "timelineEntriesAdded", "timelineEntriesSkipped", "fieldsSkipped", "reason",
"readModel": {"state", "reason", "projections"}}`, sent once the read models show the change
(bounded by READ_YOUR_WRITES_TIMEOUT), marked CURRENT, PENDING or STALE like a mutation's
`readModel`.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from anyio import to_thread
from starlette.datastructures import Headers
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from projections.dependencies import Dependencies
from projections.read_your_writes import read_model_note
from schema.error_codes import ErrorCode
from service.api.errors import error_response
from service.application.commands import ImportIncident
from service.application.incident_import import ImportResult
from service.application.permissions import INTEGRATION_ROLE
from service.config import Settings
from service.domain import (
    CommandContext,
    ConcurrencyConflict,
    ImportedIncident,
    InvalidTransition,
    ValidationFailed,
)
from service.domain.actors import INTEGRATION_PREFIX
from service.domain.intake import admit
from service.domain.values import Actor
from service.integrations.generic import parse_generic
from service.integrations.mapping import ImportMapping, PayloadInvalid
from service.integrations.opsgenie import parse_opsgenie
from service.integrations.pagerduty import parse_pagerduty
from service.integrations.settings import secret_list
from service.integrations.signatures import (
    SignatureRejected,
    check_age,
    verify_pagerduty,
    verify_timestamped,
    verify_token,
)

PATH_PREFIX = "/webhooks/"
log = logging.getLogger(__name__)

Authenticate = Callable[[Headers, bytes, list[str], Settings], datetime | None]
Parse = Callable[[Any, ImportMapping, datetime | None], ImportedIncident | None]


@dataclass(frozen=True)
class Provider:
    """One incident platform: where its secrets are, how deliveries prove themselves, and
    how they translate; `check_event_age`: refuse events older than WEBHOOK_MAX_EVENT_AGE
    (for senders whose requests carry no signed timestamp of their own)."""

    name: str
    secrets: Callable[[Settings], list[str]]
    authenticate: Authenticate
    parse: Parse
    check_event_age: bool


def _pagerduty_auth(headers: Headers, body: bytes, secrets: list[str], _: Settings) -> None:
    verify_pagerduty(body, headers.get("x-pagerduty-signature"), secrets)


def _opsgenie_auth(headers: Headers, _: bytes, tokens: list[str], __: Settings) -> None:
    verify_token(headers.get("x-webhook-token"), tokens)


def _generic_auth(headers: Headers, body: bytes, secrets: list[str], s: Settings) -> datetime:
    return verify_timestamped(
        body, headers.get("x-webhook-timestamp"), headers.get("x-webhook-signature"), secrets,
        tolerance_seconds=s.webhook_timestamp_tolerance,
    )  # fmt: skip


def _parse_generic(
    payload: Any, mapping: ImportMapping, signed_at: datetime | None
) -> ImportedIncident:
    assert signed_at is not None  # _generic_auth returned it
    return parse_generic(payload, mapping, signed_at)


PROVIDERS = (
    Provider(
        "pagerduty", lambda s: secret_list(s.pagerduty_webhook_secrets), _pagerduty_auth,
        lambda payload, mapping, _: parse_pagerduty(payload, mapping), check_event_age=True,
    ),
    Provider(
        "opsgenie", lambda s: secret_list(s.opsgenie_webhook_tokens), _opsgenie_auth,
        lambda payload, mapping, _: parse_opsgenie(payload, mapping), check_event_age=True,
    ),
    Provider(
        "generic", lambda s: secret_list(s.generic_webhook_secrets), _generic_auth,
        _parse_generic, check_event_age=False,
    ),
)  # fmt: skip


class _TooLarge(Exception):
    pass


def webhook_routes(deps: Dependencies) -> list[Route]:
    """Returns the webhook routes (POST only)."""
    return [
        Route(f"{PATH_PREFIX}{p.name}", _endpoint(deps, p), methods=["POST"]) for p in PROVIDERS
    ]


def _endpoint(deps: Dependencies, provider: Provider) -> Callable[[Request], Awaitable[Response]]:
    settings = deps.settings

    async def receive(request: Request) -> Response:
        secrets = provider.secrets(settings)
        if not secrets:
            return _error(
                request,
                404,
                ErrorCode.NOT_CONFIGURED,
                f"the {provider.name} webhook is not configured",
            )
        try:
            body = await _read_body(request, settings.webhook_max_body_bytes)
        except _TooLarge:
            limit = settings.webhook_max_body_bytes
            return _error(
                request,
                413,
                ErrorCode.PAYLOAD_TOO_LARGE,
                f"webhook bodies are limited to {limit} bytes",
            )
        try:
            signed_at = provider.authenticate(request.headers, body, secrets, settings)
        except SignatureRejected as error:
            log.warning("refused a %s webhook: %s", provider.name, error)
            return _error(request, 401, ErrorCode.UNAUTHENTICATED, str(error))
        try:
            payload = json.loads(body)
            incident = provider.parse(payload, settings.import_mapping, signed_at)
        except (ValueError, RecursionError) as error:
            if isinstance(error, PayloadInvalid):
                return _invalid(request, error, settings)
            return _error(request, 400, ErrorCode.BAD_REQUEST, "the body is not JSON")
        if incident is None:
            return JSONResponse({"status": "ignored", "reason": "not an incident event"})
        if provider.check_event_age:
            try:
                check_age(incident.observed_at, settings.webhook_max_event_age, what="the event")
            except SignatureRejected as error:
                log.warning("refused a %s webhook: %s", provider.name, error)
                return _error(request, 401, ErrorCode.UNAUTHENTICATED, str(error))
        return await _import(deps, request, provider, incident)

    return receive


async def _import(
    deps: Dependencies, request: Request, provider: Provider, incident: ImportedIncident
) -> Response:
    correlation_id = request.scope.get("state", {}).get("correlation_id") or ""
    actor = Actor(f"{INTEGRATION_PREFIX}{incident.provider}", frozenset({INTEGRATION_ROLE}))
    ctx = CommandContext(actor=actor, correlation_id=correlation_id)
    command = ImportIncident(
        incident=incident, default_severity=deps.settings.import_default_severity
    )
    try:
        result = await to_thread.run_sync(lambda: deps.app.handle(command, ctx))
    except InvalidTransition as refused:
        return JSONResponse({"status": "ignored", "reason": str(refused)})
    except ValidationFailed as invalid:
        fields = [{"field": p.field, "message": p.message} for p in invalid.problems]
        extensions = {"code": ErrorCode.VALIDATION_FAILED, "correlationId": correlation_id}
        error = {"message": str(invalid), "extensions": extensions | {"fields": fields}}
        return JSONResponse({"errors": [error]}, 422)
    except ConcurrencyConflict:
        return _error(
            request, 503, ErrorCode.CONFLICT, "other deliveries of this incident kept winning",
            headers={"Retry-After": "1"},
        )  # fmt: skip
    assert isinstance(result, ImportResult)
    # Like a mutation: answer once the read models show the change (bounded), so the
    # platform's or a person's next read sees the imported draft, and say what they show.
    note = await read_model_note(deps, str(result.postmortem_id), result.version, result.position)
    log.info(
        "imported a %s webhook: %s postmortem %s v%s (%s entries added, %s skipped)",
        provider.name, result.outcome, result.postmortem_id, result.version, result.added,
        result.skipped,
    )  # fmt: skip
    return JSONResponse(
        {
            "status": result.outcome.value,
            "postmortemId": str(result.postmortem_id),
            "version": result.version,
            "timelineEntriesAdded": result.added,
            "timelineEntriesSkipped": result.skipped,
            "fieldsSkipped": list(result.fields_skipped),
            "readModel": {
                "state": note.state.value,
                "reason": note.reason,
                "projections": list(note.projections),
            },
        }
    )


def _invalid(request: Request, error: PayloadInvalid, settings: Settings) -> JSONResponse:
    """Returns the 422 naming every problem: the payload's, and those the domain finds in
    what could be read of it (`intake.admit`, as the import would run it)."""
    problems = [(p.field, p.message) for p in error.problems]
    if error.partial is not None:
        command = ImportIncident(
            incident=error.partial, default_severity=settings.import_default_severity
        )
        try:
            admit(command)
        except ValidationFailed as invalid:
            problems += [(p.field, f"{p.field}: {p.message}") for p in invalid.problems]
    correlation_id = request.scope.get("state", {}).get("correlation_id")
    fields = [{"field": field, "message": message} for field, message in problems]
    extensions = {"code": ErrorCode.INVALID_PAYLOAD, "correlationId": correlation_id}
    message = "; ".join(m for _, m in problems)
    return JSONResponse(
        {"errors": [{"message": message, "extensions": extensions | {"fields": fields}}]}, 422
    )


async def _read_body(request: Request, limit: int) -> bytes:
    declared = request.headers.get("content-length")
    if declared is not None and (not declared.isdigit() or int(declared) > limit):
        raise _TooLarge
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise _TooLarge
        chunks.append(chunk)
    return b"".join(chunks)


def _error(
    request: Request,
    status: int,
    code: ErrorCode,
    message: str,
    *,
    headers: dict[str, str] | None = None,
) -> JSONResponse:
    return error_response(status, code, message, scope=request.scope, headers=headers)
