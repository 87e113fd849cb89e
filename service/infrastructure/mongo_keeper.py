"""Keeps a data folder's MongoDB-wire server running while any command uses it.

Run by `shared_mongo.attach` as a detached process (`python -m
service.infrastructure.mongo_keeper DATA_DIR`): starts SecantusDB (which dies with this
process), records its address in `DATA_DIR/mongo.json`, and stops it once no command has held
`DATA_DIR/mongo.users` for `--linger` seconds, or exits when the server dies.
"""

from __future__ import annotations

import argparse
import fcntl
import json
import os
import signal
import sys
import time
from datetime import UTC, datetime
from pathlib import Path
from types import FrameType

from service.infrastructure.local_mongo import LocalMongo, LocalMongoError
from service.infrastructure.shared_mongo import Paths, ServerRecord, exclusive, write_record

POLL_SECONDS = 0.5


def _nobody_uses(paths: Paths) -> bool:
    """Returns whether no command holds its shared lock on `mongo.users`."""
    with paths.users.open("a") as users:
        try:
            fcntl.flock(users, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        fcntl.flock(users, fcntl.LOCK_UN)
        return True


def keep(paths: Paths, started_by_pid: int, started_by: str, linger: float) -> int:
    """Runs the server until nobody has used it for `linger` seconds; returns the exit code."""
    server = LocalMongo(paths.storage)
    stopping = False

    def stop(signum: int, frame: FrameType | None) -> None:
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    try:
        server.start()
    except LocalMongoError as error:
        print(f"{datetime.now(UTC).isoformat()} keeper: {error}", flush=True)
        return 1
    assert server.pid is not None
    record = ServerRecord(
        uri=server.uri,
        port=server.port,
        owner_pid=os.getpid(),
        server_pid=server.pid,
        started_by_pid=started_by_pid,
        started_by=started_by,
    )
    write_record(paths, record)
    print(f"{datetime.now(UTC).isoformat()} keeper: serving {server.uri}", flush=True)
    idle_since: float | None = None
    try:
        while not stopping:
            time.sleep(POLL_SECONDS)
            if not server.running:
                print(f"{datetime.now(UTC).isoformat()} keeper: the server exited", flush=True)
                return 1
            with exclusive(paths.lock):
                if not _nobody_uses(paths):
                    idle_since = None
                    continue
                idle_since = idle_since or time.monotonic()
                if time.monotonic() - idle_since >= linger:
                    paths.record.unlink(missing_ok=True)
                    server.stop()
                    return 0
        return 0
    finally:
        _forget(paths, record)
        server.stop()


def _forget(paths: Paths, record: ServerRecord) -> None:
    """Removes the address record if it is still this keeper's."""
    try:
        if json.loads(paths.record.read_text()).get("owner_pid") == record.owner_pid:
            paths.record.unlink(missing_ok=True)
    except (OSError, ValueError, AttributeError):
        pass


def main(argv: list[str] | None = None) -> int:
    """Parses the arguments and keeps the server."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("data_dir", type=Path)
    parser.add_argument("--started-by-pid", type=int, default=0)
    parser.add_argument("--started-by", default="postmortems")
    parser.add_argument("--linger", type=float, default=3.0, help="idle seconds before stopping")
    args = parser.parse_args(argv)
    return keep(Paths(args.data_dir), args.started_by_pid, args.started_by, args.linger)


if __name__ == "__main__":
    sys.exit(main())
