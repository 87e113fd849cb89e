"""The one set of machine-readable error codes (`extensions.code`) every error carries: GraphQL
errors, and the JSON envelope of every other HTTP answer that is not a success
(`{"errors": [{"message", "extensions": {"code", "correlationId"}}]}`).

The README's *Errors* table lists exactly these (a test compares them). The GraphQL codes
follow Apollo Server's names, which GraphQL clients already know.
"""

from __future__ import annotations

from enum import StrEnum


class ErrorCode(StrEnum):
    """`extensions.code` of an error; the value is the code itself."""

    # GraphQL (HTTP 200, `data` null or partial)
    GRAPHQL_PARSE_FAILED = "GRAPHQL_PARSE_FAILED"
    GRAPHQL_VALIDATION_FAILED = "GRAPHQL_VALIDATION_FAILED"
    OPERATION_RESOLUTION_FAILURE = "OPERATION_RESOLUTION_FAILURE"
    BAD_USER_INPUT = "BAD_USER_INPUT"
    UNAUTHENTICATED = "UNAUTHENTICATED"
    FORBIDDEN = "FORBIDDEN"
    NOT_FOUND = "NOT_FOUND"
    INTERNAL_SERVER_ERROR = "INTERNAL_SERVER_ERROR"
    # HTTP only
    BAD_REQUEST = "BAD_REQUEST"
    METHOD_NOT_ALLOWED = "METHOD_NOT_ALLOWED"
    PAYLOAD_TOO_LARGE = "PAYLOAD_TOO_LARGE"
    UNSUPPORTED_MEDIA_TYPE = "UNSUPPORTED_MEDIA_TYPE"
    NOT_CONFIGURED = "NOT_CONFIGURED"
    INVALID_PAYLOAD = "INVALID_PAYLOAD"
    VALIDATION_FAILED = "VALIDATION_FAILED"
    CONFLICT = "CONFLICT"
    UNAVAILABLE = "UNAVAILABLE"


MEANING: dict[ErrorCode, str] = {
    ErrorCode.GRAPHQL_PARSE_FAILED: "the document is not GraphQL (a syntax error), or holds "
    "more than 2,000 tokens",
    ErrorCode.GRAPHQL_VALIDATION_FAILED: "the document does not fit the schema: an unknown "
    "field or type, a literal of the wrong type (unknown enum value, a DateTime without a "
    "time zone), deeper than 12 or more than 15 aliases",
    ErrorCode.OPERATION_RESOLUTION_FAILURE: "which operation to run is unclear: several in "
    "the document and no `operationName`, or no operation of that name",
    ErrorCode.BAD_USER_INPUT: "an argument or variable is invalid: wrong type or value, a bad "
    "id, cursor, page size or filter, a string too long or not valid text",
    ErrorCode.UNAUTHENTICATED: "no valid bearer token (HTTP 401 outside GraphQL)",
    ErrorCode.FORBIDDEN: "the caller's roles do not allow it (HTTP 403 outside GraphQL)",
    ErrorCode.NOT_FOUND: "no such postmortem or path, or one the caller may not see (HTTP 404)",
    ErrorCode.INTERNAL_SERVER_ERROR: "a bug or a failing dependency: the message is only "
    '"Internal server error"; the log has the rest under the `correlationId` (HTTP 500)',
    ErrorCode.BAD_REQUEST: "HTTP 400: the body is not UTF-8 or JSON, no query, a subscription "
    "(it runs over a websocket, graphql-transport-ws), a bad query parameter of an export",
    ErrorCode.METHOD_NOT_ALLOWED: "HTTP 405: the path exists, not for this method (`Allow` "
    "names those that do)",
    ErrorCode.PAYLOAD_TOO_LARGE: "HTTP 413: the body is over `MAX_BODY_BYTES` (webhooks: "
    "`WEBHOOK_MAX_BODY_BYTES`)",
    ErrorCode.UNSUPPORTED_MEDIA_TYPE: "HTTP 415: a content type GraphQL does not take",
    ErrorCode.NOT_CONFIGURED: "HTTP 404: this webhook has no secret configured",
    ErrorCode.INVALID_PAYLOAD: "HTTP 422: a webhook body is not the documented shape",
    ErrorCode.VALIDATION_FAILED: "HTTP 422: a webhook's values the postmortem would refuse "
    "(`extensions.fields` names each)",
    ErrorCode.CONFLICT: "HTTP 503 with `Retry-After`: other deliveries of the incident kept "
    "winning the race; retry",
    ErrorCode.UNAVAILABLE: "HTTP 503: a dependency of this answer is missing (the PDF "
    "renderer's system libraries, the web app's build)",
}
