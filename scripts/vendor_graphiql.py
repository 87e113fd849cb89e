"""Vendors GraphiQL's browser assets from the npm registry into service/api/static/graphiql/.

The development GraphiQL page loads only these files from the service itself (no CDN), so it
works offline and its CSP allows only 'self'. Run from the repository root after changing a
version below; needs `npm` (Node is for the web app and this script only, never at run time):

    python scripts/vendor_graphiql.py

Writes each file, the packages' LICENSE files, and VENDORED.json recording every package's
version, licence, npm integrity and each file's SHA-256. Source maps are not vendored (their
`sourceMappingURL` comment is removed so browsers do not ask for them).
"""

from __future__ import annotations

import hashlib
import json
import re
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

TARGET = Path(__file__).resolve().parent.parent / "service" / "api" / "static" / "graphiql"
# package, version, files to copy (paths inside the npm tarball's `package/` folder)
PACKAGES = (
    ("react", "18.3.1", ("umd/react.production.min.js",)),
    ("react-dom", "18.3.1", ("umd/react-dom.production.min.js",)),
    ("graphiql", "3.9.0", ("graphiql.min.js", "graphiql.min.css")),
)
SOURCE_MAP = re.compile(rb"\n?/[/*][#@] sourceMappingURL=[^\n]*\s*$")


def pack(name: str, version: str, workdir: Path) -> tuple[Path, dict[str, str]]:
    """Downloads a package tarball with `npm pack`; returns it and npm's metadata."""
    out = subprocess.run(
        ["npm", "pack", f"{name}@{version}", "--json", "--pack-destination", str(workdir)],
        check=True,
        capture_output=True,
        text=True,
    )
    info = json.loads(out.stdout)[0]
    return workdir / info["filename"], {"integrity": info["integrity"], "shasum": info["shasum"]}


def main() -> int:
    """Vendors every package; returns the exit code."""
    TARGET.mkdir(parents=True, exist_ok=True)
    record: dict[str, object] = {"script": "scripts/vendor_graphiql.py", "packages": []}
    with tempfile.TemporaryDirectory() as tmp:
        for name, version, files in PACKAGES:
            tarball, meta = pack(name, version, Path(tmp))
            with tarfile.open(tarball) as archive:
                manifest = json.load(archive.extractfile("package/package.json"))  # type: ignore[arg-type]
                licence_text = archive.extractfile("package/LICENSE")
                assert licence_text is not None
                (TARGET / f"LICENSE.{name}").write_bytes(licence_text.read())
                copied = {}
                for path in files:
                    member = archive.extractfile(f"package/{path}")
                    assert member is not None
                    data = SOURCE_MAP.sub(b"\n", member.read())
                    destination = TARGET / Path(path).name
                    destination.write_bytes(data)
                    copied[destination.name] = hashlib.sha256(data).hexdigest()
            record["packages"].append(  # type: ignore[attr-defined]
                {
                    "name": name,
                    "version": version,
                    "license": manifest.get("license"),
                    "npm_integrity": meta["integrity"],
                    "files_sha256": copied,
                }
            )
            print(f"vendored {name}@{version} ({manifest.get('license')}): {', '.join(copied)}")
    (TARGET / "VENDORED.json").write_text(json.dumps(record, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
