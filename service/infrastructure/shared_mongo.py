"""One embedded MongoDB-wire server per data folder, shared by every command that uses it.

Files in `DATA_DIR`:
- `mongo/`: the server's storage; `mongo.log`: its log and its keeper's.
- `mongo.json`: the running server's address, with its keeper's pid (the owner) and the pid of
  the command that started it. Written by the keeper once the server answers.
- `mongo.lock`: held (flock, exclusive) only while a command looks up or starts the server,
  and while the keeper decides to stop it; the kernel releases it when a holder dies.
- `mongo.users`: every command using the server holds a shared flock on it for its lifetime.

The keeper (`mongo_keeper.py`, a detached process) runs the server and stops it a few seconds
after no command holds `mongo.users` any more, however those commands ended (a crash or
SIGKILL releases their lock too). A command that finds no record, or a record whose keeper died
or whose server does not answer, starts a new keeper. Requires `fcntl` (Linux, macOS).
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from service.infrastructure.folders import ensure_data_dir
from service.infrastructure.local_mongo import LocalMongo, LocalMongoError

START_TIMEOUT = 60.0  # seconds to wait for a new server to answer, or for the lock


@dataclass(frozen=True)
class ServerRecord:
    """What `mongo.json` says about the running server."""

    uri: str
    port: int
    owner_pid: int  # the keeper process that runs the server
    server_pid: int
    started_by_pid: int
    started_by: str  # the command that started it, e.g. "postmortems serve"

    @staticmethod
    def from_json(data: dict[str, Any]) -> ServerRecord:
        """Returns the record in a parsed `mongo.json` (KeyError/TypeError when malformed)."""
        return ServerRecord(
            uri=str(data["uri"]),
            port=int(data["port"]),
            owner_pid=int(data["owner_pid"]),
            server_pid=int(data["server_pid"]),
            started_by_pid=int(data["started_by_pid"]),
            started_by=str(data["started_by"]),
        )


@dataclass(frozen=True)
class Paths:
    """The shared server's files in a data folder."""

    data_dir: Path

    @property
    def storage(self) -> Path:
        """Returns the server's storage folder."""
        return self.data_dir / "mongo"

    @property
    def record(self) -> Path:
        """Returns the address record."""
        return self.data_dir / "mongo.json"

    @property
    def lock(self) -> Path:
        """Returns the start/stop lock."""
        return self.data_dir / "mongo.lock"

    @property
    def users(self) -> Path:
        """Returns the file every user holds a shared lock on."""
        return self.data_dir / "mongo.users"

    @property
    def log(self) -> Path:
        """Returns the log of the server and its keeper."""
        return self.data_dir / "mongo.log"


@dataclass
class Attachment:
    """A command's use of the shared server; the server stays up until it is closed."""

    record: ServerRecord
    started: bool  # whether this command started the server
    _users: IO[str]

    def close(self) -> None:
        """Stops using the server (its keeper stops it when nobody else uses it)."""
        self._users.close()


def process_alive(pid: int) -> bool:
    """Returns whether a process with this id runs (and is not a zombie we could reap)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


@contextlib.contextmanager
def exclusive(path: Path, timeout: float = START_TIMEOUT) -> Iterator[None]:
    """Holds an exclusive flock on `path` (waiting up to `timeout` seconds)."""
    with path.open("a") as file:
        deadline = time.monotonic() + timeout
        while True:
            try:
                fcntl.flock(file, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() > deadline:
                    raise LocalMongoError(
                        f"{path} stayed locked for {timeout:.0f}s: another command is starting "
                        "the MongoDB-wire server; try again"
                    ) from None
                time.sleep(0.05)
        try:
            yield
        finally:
            fcntl.flock(file, fcntl.LOCK_UN)


def read_record(paths: Paths) -> ServerRecord | None:
    """Returns the record of the running server, or None when there is none or it is stale
    (its keeper or server died, or it does not answer)."""
    try:
        record = ServerRecord.from_json(json.loads(paths.record.read_text()))
    except (OSError, ValueError, KeyError, TypeError):
        return None
    if not (process_alive(record.owner_pid) and process_alive(record.server_pid)):
        return None
    probe = LocalMongo(paths.storage, port=record.port)
    return record if probe.is_answering() else None


def write_record(paths: Paths, record: ServerRecord) -> None:
    """Writes the record atomically (a reader sees the old file or the new one)."""
    temporary = paths.record.with_suffix(".json.tmp")
    temporary.write_text(json.dumps(record.__dict__, indent=2) + "\n")
    temporary.replace(paths.record)


def attach(data_dir: Path, command: str = "postmortems") -> Attachment:
    """Returns a use of the data folder's server, starting one (with its keeper) when none
    runs or its owner died. Raises LocalMongoError when it cannot start, ConfigurationError
    when the data folder is not one it may write."""
    ensure_data_dir(data_dir)
    paths = Paths(data_dir)
    users = paths.users.open("a")
    try:
        with exclusive(paths.lock):
            record = read_record(paths)
            started = record is None
            if record is None:
                _stop_orphan(paths)
                paths.record.unlink(missing_ok=True)
                record = _start_keeper(paths, command)
            fcntl.flock(users, fcntl.LOCK_SH)
    except BaseException:
        users.close()
        raise
    return Attachment(record, started, users)


def _stop_orphan(paths: Paths, timeout: float = 15.0) -> None:
    """Stops a server whose keeper died (it may still hold the storage), if one is left."""
    try:
        record = ServerRecord.from_json(json.loads(paths.record.read_text()))
    except (OSError, ValueError, KeyError, TypeError):
        return
    pid = record.server_pid
    if process_alive(record.owner_pid) or not process_alive(pid):
        return
    cmdline = Path(f"/proc/{pid}/cmdline")
    if cmdline.exists() and b"secantus" not in cmdline.read_bytes():
        return  # the pid was reused by another program
    with contextlib.suppress(ProcessLookupError):
        os.kill(pid, signal.SIGTERM)
    deadline = time.monotonic() + timeout
    while process_alive(pid) and time.monotonic() < deadline:
        time.sleep(0.1)


def _start_keeper(paths: Paths, command: str) -> ServerRecord:
    """Starts a keeper process and waits until it records a server that answers."""
    with paths.log.open("ab") as log:
        keeper = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "service.infrastructure.mongo_keeper",
                str(paths.data_dir),
                "--started-by-pid",
                str(os.getpid()),
                "--started-by",
                command,
            ],
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # Ctrl-C in this terminal must not stop other users' server
        )
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if keeper.poll() is not None:
            raise LocalMongoError(
                f"the MongoDB-wire server for {paths.data_dir} did not start: "
                f"{_last_line(paths.log)} (full log: {paths.log})"
            )
        try:
            record = ServerRecord.from_json(json.loads(paths.record.read_text()))
        except (OSError, ValueError, KeyError, TypeError):
            record = None
        if record is not None and record.owner_pid == keeper.pid:
            return record
        time.sleep(0.1)
    keeper.terminate()
    raise LocalMongoError(
        f"the MongoDB-wire server for {paths.data_dir} did not answer in {START_TIMEOUT:.0f}s "
        f"(log: {paths.log})"
    )


def _last_line(log: Path) -> str:
    try:
        lines = [line for line in log.read_text(errors="replace").splitlines() if line.strip()]
    except OSError:
        return "no log"
    return lines[-1].strip()[:300] if lines else "no log"
