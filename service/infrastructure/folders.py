"""The folders the embedded default writes to, checked before anything uses them: a mistake
in DATA_DIR or SQLITE_PATH is a configuration error naming the variable (the command line's
exit 2), never a crash halfway through starting."""

from __future__ import annotations

import os
from pathlib import Path

from service.config import ConfigurationError, EventStoreKind, Settings


def ensure_data_dir(path: Path) -> Path:
    """Returns DATA_DIR, creating it (and its parents) when missing; raises
    ConfigurationError when it is a file, cannot be created, or cannot be written."""
    try:
        path.mkdir(parents=True, exist_ok=True)
    except FileExistsError:
        raise ConfigurationError(
            f"DATA_DIR: {path} is a file, not a folder; set DATA_DIR to a folder"
        ) from None
    except OSError as error:
        raise ConfigurationError(
            f"DATA_DIR: cannot create the folder {path} ({error.strerror or error}); set "
            "DATA_DIR to a folder you may write"
        ) from None
    if not os.access(path, os.W_OK | os.X_OK):
        raise ConfigurationError(
            f"DATA_DIR: the folder {path} is not writable; set DATA_DIR to a folder you may write"
        )
    return path


def sqlite_file(settings: Settings) -> Path:
    """Returns the SQLite event store's file. The default (DATA_DIR/events.sqlite) gets its
    folder created; an explicit SQLITE_PATH must name a file in a folder that exists, since
    creating a mistyped folder would silently start an empty event store. Raises
    ConfigurationError otherwise."""
    if settings.event_store is not EventStoreKind.SQLITE or settings.sqlite_path is None:
        ensure_data_dir(settings.data_dir)
        return settings.resolved_sqlite_path
    path = settings.sqlite_path
    if path.is_dir():
        raise ConfigurationError(f"SQLITE_PATH: {path} is a folder; name the database file")
    if not path.parent.is_dir():
        raise ConfigurationError(
            f"SQLITE_PATH: the folder {path.parent} does not exist (it is not created: a "
            "mistyped path would start an empty event store); create it, or fix SQLITE_PATH"
        )
    return path
