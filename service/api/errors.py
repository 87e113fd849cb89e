"""The one JSON error envelope of the HTTP endpoints outside GraphQL (and of the middleware
that answers before it): the GraphQL shape, so clients read one format everywhere.

    {"errors": [{"message": ..., "extensions": {"code": ..., "correlationId": ...}}]}
"""

from __future__ import annotations

from collections.abc import Mapping

from starlette.responses import JSONResponse
from starlette.types import Scope


def error_response(
    status: int,
    code: str,
    message: str,
    *,
    scope: Scope | None = None,
    headers: Mapping[str, str] | None = None,
) -> JSONResponse:
    """Returns the error response; `scope` supplies the request's correlation id."""
    correlation_id = (scope or {}).get("state", {}).get("correlation_id")
    error = {"message": message, "extensions": {"code": code, "correlationId": correlation_id}}
    return JSONResponse({"errors": [error]}, status_code=status, headers=headers)
