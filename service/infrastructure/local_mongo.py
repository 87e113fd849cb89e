"""Starts a local MongoDB-wire server (SecantusDB) as a separate process.

SecantusDB is a development/test extra (GPL-2.0, beta): it is run as a program, never imported.
"""

from __future__ import annotations

import ctypes
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from types import TracebackType

from pymongo import MongoClient
from pymongo.errors import PyMongoError

EXECUTABLE = "secantusd-py"


class LocalMongoError(RuntimeError):
    """The local MongoDB-wire server could not be started."""


def free_port() -> int:
    """Returns a TCP port on the loopback interface that is free right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def _die_with_parent() -> None:
    """Asks Linux to stop this (child) process when its parent dies, however it dies."""
    if sys.platform == "linux":
        libc = ctypes.CDLL(None, use_errno=True)
        pr_set_pdeathsig = 1
        libc.prctl(pr_set_pdeathsig, signal.SIGTERM)


def _executable() -> str:
    beside = Path(sys.executable).with_name(EXECUTABLE)
    if beside.exists():
        return str(beside)
    found = shutil.which(EXECUTABLE)
    if found is None:
        raise LocalMongoError(
            f"{EXECUTABLE} not found: install the embedded extra (pip install -e '.[embedded]') "
            "or set MONGODB_URI to a MongoDB server"
        )
    return found


class LocalMongo:
    """A SecantusDB server process on a loopback port, storing its data in a folder."""

    def __init__(self, storage_path: Path, port: int | None = None) -> None:
        self.storage_path = storage_path
        self.port = port or free_port()
        self._process: subprocess.Popen[bytes] | None = None

    @property
    def uri(self) -> str:
        """Returns the connection string of the server."""
        return f"mongodb://127.0.0.1:{self.port}/?directConnection=true"

    def start(self, timeout: float = 30.0) -> LocalMongo:
        """Starts the server and waits until it answers a ping."""
        self.storage_path.mkdir(parents=True, exist_ok=True)
        log = (self.storage_path.parent / f"{self.storage_path.name}.log").open("ab")
        self._process = subprocess.Popen(
            [
                _executable(),
                "--host",
                "127.0.0.1",
                "--port",
                str(self.port),
                "--storage-path",
                str(self.storage_path),
                "--log-level",
                "WARNING",
            ],
            stdout=log,
            stderr=subprocess.STDOUT,
            # uvicorn re-raises SIGTERM after its shutdown, so `finally` blocks never run:
            # the server must not outlive the service that started it.
            preexec_fn=_die_with_parent,
        )
        log.close()
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self._process.poll() is not None:
                raise LocalMongoError(
                    f"{EXECUTABLE} exited with {self._process.returncode}; "
                    f"see {self.storage_path}.log"
                )
            if self.is_answering():
                return self
            time.sleep(0.1)
        self.stop()
        raise LocalMongoError(f"{EXECUTABLE} did not answer on port {self.port} in {timeout}s")

    @property
    def pid(self) -> int | None:
        """Returns the server's process id while this object runs it."""
        return None if self._process is None else self._process.pid

    @property
    def running(self) -> bool:
        """Returns whether the server process this object started still runs."""
        return self._process is not None and self._process.poll() is None

    def is_answering(self) -> bool:
        """Returns whether the server answers a ping."""
        client: MongoClient[dict[str, object]] = MongoClient(
            self.uri, serverSelectionTimeoutMS=300, connectTimeoutMS=300
        )
        try:
            client.admin.command("ping")
            return True
        except PyMongoError:
            return False
        finally:
            client.close()

    def stop(self) -> None:
        """Stops the server (gracefully, then by force)."""
        if self._process is None:
            return
        if self._process.poll() is None:
            self._process.terminate()
            try:
                self._process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self._process.kill()
                self._process.wait()
        self._process = None

    def kill(self) -> None:
        """Kills the server at once, as a crash would."""
        if self._process is not None and self._process.poll() is None:
            self._process.kill()
            self._process.wait()
        self._process = None

    def __enter__(self) -> LocalMongo:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()
