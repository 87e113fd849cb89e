"""Session fixtures: the real servers (started here unless MONGODB_URI / POSTGRES_DSN are set)
and per-test isolation (a fresh MongoDB database, a fresh event store)."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from service.config import EventStoreKind, Settings
from tests.support.live import LiveService
from tests.support.servers import fresh_postgres_database, mongodb_server, postgres_server


@pytest.fixture(scope="session")
def mongodb_uri(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The MongoDB-wire server for the whole session."""
    with mongodb_server(tmp_path_factory.mktemp("mongodb")) as (uri, _):
        yield uri


@pytest.fixture(scope="session")
def postgres_dsn(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The PostgreSQL server for the whole session."""
    with postgres_server(tmp_path_factory.mktemp("postgres")) as dsn:
        yield dsn


@pytest.fixture(params=[EventStoreKind.SQLITE, EventStoreKind.POSTGRES])
def event_store_settings(
    request: pytest.FixtureRequest, tmp_path: Path, mongodb_uri: str
) -> Settings:
    """Settings for a fresh event store of each kind and a fresh MongoDB database."""
    kind: EventStoreKind = request.param
    common = {
        "data_dir": tmp_path,
        "mongodb_uri": mongodb_uri,
        "mongodb_database": "t_" + uuid.uuid4().hex[:12],
        "projection_poll_interval": 0.05,
    }
    if kind is EventStoreKind.POSTGRES:
        dsn = fresh_postgres_database(request.getfixturevalue("postgres_dsn"))
        return Settings(event_store=kind, postgres_dsn=dsn, **common)  # type: ignore[arg-type]
    return Settings(event_store=kind, **common)  # type: ignore[arg-type]


@pytest.fixture
def settings(tmp_path: Path, mongodb_uri: str) -> Settings:
    """Settings for a fresh SQLite event store and a fresh MongoDB database."""
    return Settings(
        data_dir=tmp_path,
        mongodb_uri=mongodb_uri,
        mongodb_database="t_" + uuid.uuid4().hex[:12],
        projection_poll_interval=0.05,
    )


@pytest.fixture
def service(settings: Settings, mongodb_uri: str) -> Iterator[LiveService]:
    """The whole service over real HTTP (SQLite event store, embedded projector)."""
    live = LiveService(settings, mongodb_uri).start()
    yield live
    live.stop()


@pytest.fixture(autouse=True)
def _restore_logging() -> Iterator[None]:
    """CLI commands configure logging for the whole process; each test starts as it found it."""
    import logging

    import structlog

    root = logging.getLogger()
    handlers, level = root.handlers[:], root.level
    yield
    root.handlers[:] = handlers
    root.setLevel(level)
    structlog.reset_defaults()
