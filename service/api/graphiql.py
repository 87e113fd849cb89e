"""The development GraphiQL page and its assets, all served by the service (no CDN).

The assets are vendored from npm by `scripts/vendor_graphiql.py` (versions, licences and
hashes in `static/graphiql/VENDORED.json`); the page's CSP allows only 'self'
(`middleware/secure_headers.py`). Production serves neither.
"""

from __future__ import annotations

from pathlib import Path

from starlette.routing import Mount
from starlette.staticfiles import StaticFiles

ASSETS = Path(__file__).resolve().parent / "static" / "graphiql"
ASSETS_PATH = "/graphiql"


def graphiql_page() -> str:
    """Returns the GraphiQL page's HTML (it loads its scripts and styles from ASSETS_PATH)."""
    return (ASSETS / "index.html").read_text(encoding="utf-8")


def graphiql_assets() -> Mount:
    """Returns the route serving the page's scripts and styles (no authentication needed)."""
    return Mount(ASSETS_PATH, app=StaticFiles(directory=ASSETS), name="graphiql")
