"""One benchmark server: `python -m bench.server KIND PORT MONGODB_URI DATABASE DATA_DIR`.

KIND is `service` (the real thing: SQLite event store, embedded projector), `floor` (the same
Starlette + strawberry stack and middleware, mutations that return a constant) or `crud`
(bench/plain_crud.py: the same API writing documents straight to MongoDB, no events).
Every kind logs JSON request lines to DATA_DIR/KIND.log, as production would.
"""

from __future__ import annotations

import sys
from pathlib import Path

import uvicorn
from starlette.applications import Starlette

from bench.common import BENCH_JWT_SECRET
from service.config import Settings
from service.infrastructure.logs import configure_logging


def bench_settings(mongodb_uri: str, database: str, data_dir: Path) -> Settings:
    return Settings(
        data_dir=data_dir,
        mongodb_uri=mongodb_uri,
        mongodb_database=database,
        environment="production",
        log_format="json",
        jwt_secret=BENCH_JWT_SECRET,  # type: ignore[arg-type]
    )


def build(kind: str, settings: Settings) -> Starlette:
    """Returns the ASGI app of a kind (and starts the projector for `service`)."""
    if kind == "service":
        from service.api.app import create_app
        from service.bootstrap import build_application, build_projector, mongo_client

        application = build_application(settings)
        runner = build_projector(settings, application, mongo_client(settings.mongodb_uri or ""))
        runner.ensure_indexes()
        application.on_saved(runner.wake)
        runner.start()
        return create_app(settings, application, settings.mongodb_uri or "", runner)
    if kind == "floor":
        from bench.floor import floor_app

        return floor_app(settings)
    if kind == "crud":
        from bench.plain_crud import crud_app

        return crud_app(settings)
    raise SystemExit(f"unknown kind {kind}")


def main() -> None:
    """Runs the server until terminated."""
    kind, port, mongodb_uri, database, data_dir = sys.argv[1:6]
    settings = bench_settings(mongodb_uri, database, Path(data_dir) / kind)
    log = (Path(data_dir) / f"{kind}.log").open("a")
    configure_logging(settings, stream=log)
    uvicorn.run(
        build(kind, settings),
        host="127.0.0.1",
        port=int(port),
        log_config=None,
        access_log=False,
        log_level="warning",
    )


if __name__ == "__main__":
    main()
