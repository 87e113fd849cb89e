"""Helpers for the security tests: tokens of every kind of wrong, and "nothing changed" checks."""

from __future__ import annotations

import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import jwt

from service.config import Settings
from tests.support.live import LiveService
from tests.support.readmodel import collection_contents

Snapshot = tuple[int, dict[str, list[dict[str, Any]]]]


@contextmanager
def live_service(tmp: Path, mongodb_uri: str, **overrides: Any) -> Iterator[LiveService]:
    """Runs a whole service on a fresh event store and database (for module-scoped fixtures)."""
    settings = Settings(
        data_dir=tmp,
        mongodb_uri=mongodb_uri,
        mongodb_database="t_" + uuid.uuid4().hex[:12],
        projection_poll_interval=0.05,
        **overrides,
    )
    live = LiveService(settings, mongodb_uri).start()
    try:
        yield live
    finally:
        live.stop()


def snapshot(service: LiveService) -> Snapshot:
    """Returns the event store's head and every read-model document: equal means unchanged."""
    return (
        service.app.head_position(),
        collection_contents(service.mongo, service.settings.mongodb_database),
    )


def focused_snapshot(service: LiveService, postmortem_id: str) -> Snapshot:
    """Returns the event store's head, every read-model collection's size, and every read-model
    document about one postmortem: enough to see a change when only that one can change."""
    db = service.mongo[service.settings.mongodb_database]
    about = {"$or": [{"_id": postmortem_id}, {"postmortem_id": postmortem_id}]}
    contents: dict[str, list[dict[str, Any]]] = {}
    for name in sorted(db.list_collection_names()):
        if name == "projection_tracking":
            continue
        contents[name] = [{"count": db[name].estimated_document_count()}, *db[name].find(about)]
    return service.app.head_position(), contents


def claims(settings: Settings, user: str = "mallory", **changes: Any) -> dict[str, Any]:
    """Returns valid claims for a user with the author role, with some changed."""
    now = int(time.time())
    base: dict[str, Any] = {
        "sub": user,
        "roles": ["author"],
        "aud": settings.jwt_audience,
        "iss": settings.jwt_issuer,
        "iat": now,
        "nbf": now,
        "exp": now + 600,
    }
    base.update(changes)
    return base


def bad_tokens(settings: Settings) -> dict[str, str | None]:
    """Returns tokens that must all be refused, by what is wrong with them."""
    secret = settings.jwt_secret.get_secret_value()
    now = int(time.time())

    def hs256(**changes: Any) -> str:
        return jwt.encode(claims(settings, **changes), secret, algorithm="HS256")

    return {
        "no token": None,
        "not a JWT": "not-a-jwt",
        "expired": hs256(iat=now - 7200, nbf=now - 7200, exp=now - 3600),
        "wrongly signed": jwt.encode(claims(settings), "another-secret-" + "x" * 32, "HS256"),
        "wrong audience": hs256(aud="someone-else"),
        "wrong issuer": hs256(iss="https://evil.example"),
        "not yet valid": hs256(nbf=now + 3600),
        "unsigned (alg none)": jwt.encode(claims(settings), None, algorithm="none"),
        "without subject": jwt.encode(
            {k: v for k, v in claims(settings).items() if k != "sub"}, secret, "HS256"
        ),
        # The incident webhooks' actor ids are reserved: no token may act as one.
        "an integration's subject": hs256(sub="integration:pagerduty", roles=["admin"]),
        "a subject with a control character": hs256(sub="mal\x01lory"),
    }
