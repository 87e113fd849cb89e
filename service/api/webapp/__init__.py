"""Serves the web app: the committed Vite build in `dist/` (built from `web/`, see the README).

`/assets/*` are content-hashed files, cached for a year. Every other GET that is not an API
path gets `index.html` (the app routes on the client: `/postmortems/<id>/edit` is a page), so a
reload or a shared link works. The HTML and assets hold no data, so they need no bearer token;
the app signs in and then calls `/graphql` and `/exports` with one.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

from starlette.requests import Request
from starlette.responses import FileResponse, Response
from starlette.routing import BaseRoute, Match, Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.types import Scope

from service.api.errors import status_error
from service.config import Settings

DIST = Path(__file__).parent / "dist"
# Paths the API owns (exactly, or as a folder): never answered with the app.
API_PATHS = (
    "/graphql",
    "/graphiql",
    "/exports",
    "/webhooks",
    "/metrics",
    "/healthz",
    "/readyz",
    "/auth",
)
IMMUTABLE = "public, max-age=31536000, immutable"
ALL_METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]


def is_api_path(path: str) -> bool:
    """Tells whether a path belongs to the API (never answered with the app)."""
    return any(path == prefix or path.startswith(prefix + "/") for prefix in API_PATHS)


def is_app_path(scope: Scope) -> bool:
    """Tells whether an HTTP request asks for the web app (a GET or HEAD outside the API)."""
    if scope["type"] != "http" or scope["method"] not in ("GET", "HEAD"):
        return False
    return not is_api_path(scope["path"])


def content_security_policy(settings: Settings) -> str:
    """Returns the app page's CSP: its own scripts and styles only; it talks to this service
    (HTTP and websockets) and, when OIDC sign-in is configured, to the identity provider."""
    connect = ["'self'"]
    if settings.oidc_issuer:
        parts = urlsplit(settings.oidc_issuer)
        connect.append(f"{parts.scheme}://{parts.netloc}")
    return (
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
        f"font-src 'self'; connect-src {' '.join(connect)}; manifest-src 'self'; "
        "frame-ancestors 'none'; base-uri 'none'; form-action 'self'; object-src 'none'"
    )


class _Assets(StaticFiles):
    """Hashed bundle files: cached for a year (a new build has new names)."""

    async def get_response(self, path: str, scope: Scope) -> Response:
        response = await super().get_response(path, scope)
        if response.status_code == 200:
            response.headers["Cache-Control"] = IMMUTABLE
        return response


def webapp_routes(settings: Settings, dist: Path = DIST) -> list[BaseRoute]:
    """Returns the routes serving the app; add them after the API routes (the last one
    catches every other path)."""
    csp = content_security_policy(settings)
    index = dist / "index.html"
    built = index.is_file()
    # Top-level files of the build (favicon…), read once: the bundle changes only on deploy.
    top_level = {file.name: file for file in (dist.iterdir() if built else ()) if file.is_file()}
    top_level.pop("index.html", None)

    async def page(request: Request) -> Response:
        path: str = request.path_params.get("path", "")
        if not is_app_path(request.scope):
            return _not_served(request)
        if path in top_level:
            return FileResponse(top_level[path])
        if "." in path.rsplit("/", 1)[-1]:
            return status_error(404, f"no such file: /{path}", scope=request.scope)
        if not built:
            return status_error(
                503, "the web app is not built: run `npm ci && npm run build` in web/",
                scope=request.scope,
            )  # fmt: skip
        return FileResponse(index, headers={"Content-Security-Policy": csp})

    return [
        Mount("/assets", app=_Assets(directory=dist / "assets", check_dir=False)),
        Route("/{path:path}", page, methods=ALL_METHODS),  # last: what no other route serves
    ]


def _not_served(request: Request) -> Response:
    """Answers a request no route fully serves, in the JSON error envelope: 405 with `Allow`
    when routes serve the path with other methods (a page path: GET and HEAD), else 404."""
    allowed: set[str] = set()
    router = request.scope.get("router")
    for route in getattr(router, "routes", ()):
        if isinstance(route, Route) and route.path != "/{path:path}":
            match, _ = route.matches(request.scope)
            if match is Match.PARTIAL:
                allowed |= route.methods or set()
    if not is_api_path(request.url.path):
        allowed |= {"GET", "HEAD"}
    if not allowed:
        return status_error(404, f"no such path: {request.url.path}", scope=request.scope)
    allow = ", ".join(sorted(allowed))
    message = f"{request.method} is not allowed on {request.url.path}; use {allow}"
    return status_error(405, message, scope=request.scope, headers={"Allow": allow})
