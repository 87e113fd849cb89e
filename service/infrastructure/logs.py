"""Logging: structlog for our own logs, the same renderer for uvicorn's and libraries' logs.

`LOG_FORMAT=json` writes one JSON object per line (production); `console` writes aligned,
coloured lines for people (development). Everything goes through the standard library's root
handler, so uvicorn, pymongo and eventsourcing records look like ours.
"""

from __future__ import annotations

import logging
import sys
from typing import Any, TextIO

import structlog
from structlog.types import Processor

from service.config import Settings

# Loggers of libraries that install their own handlers: routed to the root handler instead.
_ROUTED = ("uvicorn", "uvicorn.error", "uvicorn.access", "strawberry")

_SHARED: list[Processor] = [
    structlog.contextvars.merge_contextvars,
    structlog.stdlib.add_log_level,
    structlog.stdlib.add_logger_name,
    structlog.processors.TimeStamper(fmt="iso", utc=True),
]


class _StderrHandler(logging.StreamHandler):  # type: ignore[type-arg]
    """Writes to whatever `sys.stderr` is at the time (test runners swap it)."""

    @property
    def stream(self) -> TextIO:
        """Returns the current standard error."""
        return sys.stderr

    @stream.setter
    def stream(self, _value: TextIO) -> None:
        pass


def configure_logging(settings: Settings, stream: TextIO | None = None) -> None:
    """Configures structlog and the standard library's logging from the settings."""
    json = settings.resolved_log_format == "json"
    renderer: Processor = (
        structlog.processors.JSONRenderer()
        if json
        else structlog.dev.ConsoleRenderer(colors=(stream or sys.stderr).isatty())
    )
    handler = logging.StreamHandler(stream) if stream is not None else _StderrHandler()
    handler.setFormatter(
        structlog.stdlib.ProcessorFormatter(
            foreign_pre_chain=_SHARED,
            processors=[
                structlog.stdlib.ProcessorFormatter.remove_processors_meta,
                *([structlog.processors.format_exc_info] if json else []),
                renderer,
            ],
        )
    )
    root = logging.getLogger()
    for old in list(root.handlers):
        root.removeHandler(old)
    root.addHandler(handler)
    root.setLevel(settings.log_level)
    for name in _ROUTED:
        library = logging.getLogger(name)
        library.handlers.clear()
        library.propagate = True
    # uvicorn's access log is replaced by our request log (service/api/middleware/request_log.py).
    logging.getLogger("uvicorn.access").disabled = True
    structlog.configure(
        processors=[
            structlog.stdlib.filter_by_level,
            *_SHARED,
            structlog.processors.StackInfoRenderer(),
            structlog.stdlib.ProcessorFormatter.wrap_for_formatter,
        ],
        logger_factory=structlog.stdlib.LoggerFactory(),
        wrapper_class=structlog.stdlib.BoundLogger,
        cache_logger_on_first_use=False,
    )


def get_logger(name: str, **bound: Any) -> structlog.stdlib.BoundLogger:
    """Returns a structlog logger with the given name and bound fields."""
    logger: structlog.stdlib.BoundLogger = structlog.stdlib.get_logger(name, **bound)
    return logger
