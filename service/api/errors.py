"""The one JSON error envelope of the HTTP endpoints outside GraphQL (and of the middleware
that answers before it): the GraphQL shape, so clients read one format everywhere.

    {"errors": [{"message": ..., "extensions": {"code": ..., "correlationId": ...}}]}

Codes come from one set (schema/error_codes.py, listed in the README). Starlette's own
refusals (no route: 404, a route without this method: 405) answer in it too
(`http_exception_handler`).
"""

from __future__ import annotations

from collections.abc import Mapping

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.types import Scope

from schema.error_codes import ErrorCode

CODE_FOR_STATUS: dict[int, ErrorCode] = {
    400: ErrorCode.BAD_REQUEST,
    401: ErrorCode.UNAUTHENTICATED,
    403: ErrorCode.FORBIDDEN,
    404: ErrorCode.NOT_FOUND,
    405: ErrorCode.METHOD_NOT_ALLOWED,
    413: ErrorCode.PAYLOAD_TOO_LARGE,
    415: ErrorCode.UNSUPPORTED_MEDIA_TYPE,
    422: ErrorCode.INVALID_PAYLOAD,
    500: ErrorCode.INTERNAL_SERVER_ERROR,
    503: ErrorCode.UNAVAILABLE,
}
_MESSAGES = {404: "no such path", 405: "method not allowed"}


def error_response(
    status: int,
    code: ErrorCode,
    message: str,
    *,
    scope: Scope | None = None,
    headers: Mapping[str, str] | None = None,
) -> JSONResponse:
    """Returns the error response; `scope` supplies the request's correlation id."""
    correlation_id = (scope or {}).get("state", {}).get("correlation_id")
    error = {"message": message, "extensions": {"code": code, "correlationId": correlation_id}}
    return JSONResponse({"errors": [error]}, status_code=status, headers=headers)


def status_error(
    status: int,
    message: str | None = None,
    *,
    scope: Scope | None = None,
    headers: Mapping[str, str] | None = None,
) -> JSONResponse:
    """Returns the error response of an HTTP status with its usual code (BAD_REQUEST if none)."""
    code = CODE_FOR_STATUS.get(status, ErrorCode.BAD_REQUEST)
    text = message or _MESSAGES.get(status) or code.lower().replace("_", " ")
    return error_response(status, code, text, scope=scope, headers=headers)


async def http_exception_handler(request: Request, error: Exception) -> Response:
    """Answers Starlette's HTTPException (404 no route, 405 wrong method with `Allow`) in the
    envelope; the method names the path it was refused for."""
    assert isinstance(error, HTTPException)
    message = _MESSAGES.get(error.status_code) or error.detail
    if error.status_code == 405:
        message = f"{request.method} is not allowed on {request.url.path}"
        if allowed := (error.headers or {}).get("Allow"):
            message += f"; use {allowed}"
    return status_error(error.status_code, message, scope=request.scope, headers=error.headers)
