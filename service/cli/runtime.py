"""What the commands share: settings, the read store (MONGODB_URI or the data folder's shared
embedded server), the event store and the listening socket, each checked up front so that a
missing one ends the command with one line and exit 3 (errors.py)."""

from __future__ import annotations

import contextlib
import socket
from collections.abc import Iterator
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

import typer
from pymongo import MongoClient
from pymongo.errors import PyMongoError

from service.cli.errors import unavailable
from service.config import ConfigurationError, Settings, load_settings
from service.infrastructure.logs import configure_logging

if TYPE_CHECKING:
    from service.application.postmortems import PostmortemApplication


def settings() -> Settings:
    """Returns the settings (ConfigurationError: exit 2) with logging configured."""
    loaded = load_settings()
    configure_logging(loaded)
    return loaded


def where(uri: str) -> str:
    """Returns a connection string without its credentials (for messages)."""
    parts = urlsplit(uri)
    host = parts.netloc.rsplit("@", 1)[-1]
    return f"{parts.scheme}://{host}{parts.path}" if parts.scheme else "the configured server"


def check_mongodb(uri: str, timeout_ms: int = 5_000) -> None:
    """Raises a one-line error (exit 3) unless MongoDB answers a ping within `timeout_ms`."""
    client: MongoClient[dict[str, object]] = MongoClient(
        uri, serverSelectionTimeoutMS=timeout_ms, connectTimeoutMS=timeout_ms
    )
    try:
        client.admin.command("ping")
    except PyMongoError as error:
        raise unavailable(
            f"MongoDB at {where(uri)} is unreachable ({type(error).__name__}): start it, "
            "or fix MONGODB_URI (unset, the commands share an embedded server in DATA_DIR)"
        ) from None
    finally:
        client.close()


@contextlib.contextmanager
def read_store(config: Settings, command: str) -> Iterator[str]:
    """Yields the MongoDB URI: MONGODB_URI, or the data folder's shared embedded server
    (started if none runs; it stays up while any command uses it)."""
    if config.mongodb_uri:
        check_mongodb(config.mongodb_uri)
        yield config.mongodb_uri
        return
    from service.infrastructure.shared_mongo import attach

    attachment = attach(config.data_dir, command)
    record = attachment.record
    if attachment.started:
        how = "started"
    else:
        how = f"using (started by `{record.started_by}`, pid {record.started_by_pid})"
    typer.echo(
        f"MONGODB_URI not set: {how} the local MongoDB-wire server of {config.data_dir} "
        f"at {record.uri}",
        err=True,
    )
    try:
        check_mongodb(record.uri)
        yield record.uri
    finally:
        attachment.close()


def event_store(config: Settings) -> PostmortemApplication:
    """Returns the write application after checking that its event store answers (exit 3)."""
    from service.bootstrap import build_application

    try:
        application = build_application(config)
        application.head_position()
    except ConfigurationError:
        raise  # DATA_DIR or SQLITE_PATH: exit 2, not "unavailable"
    except Exception as error:
        store = (
            f"PostgreSQL at {where(config.postgres_dsn or '')}"
            if config.postgres_dsn and config.event_store.value == "postgres"
            else f"SQLite file {config.resolved_sqlite_path}"
        )
        raise unavailable(
            f"the event store ({store}) is unavailable: {type(error).__name__}: "
            f"{' '.join(str(error).split())[:200]}; check that it runs and EVENT_STORE, "
            "POSTGRES_DSN or SQLITE_PATH"
        ) from None
    return application


def listening_socket(host: str, port: int) -> socket.socket:
    """Returns a socket bound to host:port, or a one-line error (exit 3) when it is taken."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, port))
    except OSError as error:
        sock.close()
        raise unavailable(
            f"cannot listen on {host}:{port}: {error.strerror or error}; stop what uses it, "
            "or choose another port with --port or PORT"
        ) from None
    sock.set_inheritable(True)
    return sock
