"""The whole service running for real: uvicorn on a free port, an embedded projector,
the configured event store and MongoDB-wire server."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterable
from typing import Any

import httpx
import uvicorn

from projections.runner import Projector
from service.api.app import create_app
from service.api.auth import mint_token
from service.application.postmortems import PostmortemApplication
from service.bootstrap import build_application, build_projector, mongo_client
from service.config import Settings
from service.infrastructure.local_mongo import free_port


class LiveService:
    """Runs the API and a projector in this process, over real HTTP."""

    def __init__(self, settings: Settings, mongodb_uri: str, *, projector: bool = True) -> None:
        self.settings = settings
        self.mongodb_uri = mongodb_uri
        self.app: PostmortemApplication = build_application(settings)
        self.mongo = mongo_client(mongodb_uri)
        self.db = self.mongo[settings.mongodb_database]
        self.projector: Projector | None = None
        if projector:
            self.projector = build_projector(settings, self.app, self.mongo)
            self.projector.ensure_indexes()
            self.app.on_saved(self.projector.wake)
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self._server = uvicorn.Server(
            uvicorn.Config(
                create_app(settings, self.app, mongodb_uri, self.projector),
                host="127.0.0.1",
                port=self.port,
                log_level="warning",
                lifespan="on",
            )
        )
        self._thread = threading.Thread(target=self._server.run, daemon=True)
        self.http = httpx.Client(base_url=self.url, timeout=30)

    def start(self) -> LiveService:
        """Starts the projector and the HTTP server; returns once the server answers."""
        if self.projector is not None:
            self.projector.start()
        self._thread.start()
        deadline = time.monotonic() + 15
        while not self._server.started:
            if time.monotonic() > deadline:
                raise RuntimeError("uvicorn did not start")
            time.sleep(0.02)
        return self

    def stop(self) -> None:
        """Stops everything this service started."""
        self._server.should_exit = True
        self._thread.join(timeout=15)
        if self.projector is not None:
            self.projector.stop()
        self.http.close()
        self.mongo.close()
        self.app.close()

    def token(self, user: str, roles: Iterable[str]) -> str:
        """Returns a valid bearer token for a user."""
        return mint_token(self.settings, user, roles)

    def graphql(
        self,
        query: str,
        variables: dict[str, Any] | None = None,
        *,
        user: str = "alice",
        roles: Iterable[str] = ("author",),
        token: str | None = None,
    ) -> dict[str, Any]:
        """POSTs a GraphQL request and returns the JSON body (asserting HTTP 200)."""
        response = self.post_graphql(query, variables, token=token or self.token(user, roles))
        assert response.status_code == 200, response.text
        body: dict[str, Any] = response.json()
        return body

    def post_graphql(
        self, query: str, variables: dict[str, Any] | None = None, *, token: str | None
    ) -> httpx.Response:
        """POSTs a GraphQL request and returns the raw response."""
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        return self.http.post(
            "/graphql", json={"query": query, "variables": variables or {}}, headers=headers
        )
