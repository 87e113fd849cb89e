"""The Git repository published postmortems are written to (dulwich: pure Python, no `git`
binary needed).

The service owns one branch of a local repository (`GIT_SYNC_PATH`, created bare when
missing) and builds each commit from the branch's tree plus the changed files, never from a
working tree, so people clone or pull from it rather than edit in it. Each commit carries
the position of the event it records in a trailer (`Postmortem-Event-Position: N`): the
branch's head says how far the sync got. With a remote (`GIT_SYNC_REMOTE`, any URL dulwich
speaks: a path, file://, ssh://, https://), the remote's branch is the truth: it is fetched
before writing and pushed after.
"""

from __future__ import annotations

import io
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from dulwich import porcelain
from dulwich.object_store import commit_tree_changes
from dulwich.objects import Blob, Commit, ObjectID, Tree
from dulwich.refs import Ref
from dulwich.repo import Repo

TRAILER = "Postmortem-Event-Position"
_TRAILER = re.compile(rf"^{TRAILER}: (\d+)$", re.MULTILINE)
FILE_MODE = 0o100644
COMMITTER = b"Postmortem service <postmortems@postmortems.invalid>"


class GitSyncError(RuntimeError):
    """The repository or its remote refused an operation."""


@dataclass(frozen=True)
class Author:
    """Who a commit is by."""

    name: str
    email: str

    def identity(self) -> bytes:
        """Returns `Name <email>` as Git writes it (angle brackets and line breaks removed)."""
        name = re.sub(r"[<>\n]", "", self.name).strip() or "unknown"
        email = re.sub(r"[<>\s]", "", self.email)
        return f"{name} <{email}>".encode()


class SyncRepository:
    """One branch of a local repository, optionally mirrored to a remote."""

    def __init__(self, path: Path, branch: str = "main", remote: str | None = None) -> None:
        self.path = path
        self.ref = Ref(f"refs/heads/{branch}".encode())
        self.remote = remote
        if (path / "HEAD").exists() or (path / ".git").exists():
            self.repo = Repo(str(path))
        else:
            path.mkdir(parents=True, exist_ok=True)
            if any(path.iterdir()):
                raise GitSyncError(f"{path} is neither empty nor a Git repository")
            self.repo = Repo.init_bare(str(path), default_branch=branch.encode())

    def close(self) -> None:
        """Closes the repository's files."""
        self.repo.close()

    def head(self) -> ObjectID | None:
        """Returns the branch's commit id (None: no commit yet)."""
        return self.repo.refs.as_dict().get(self.ref)

    def position(self) -> int:
        """Returns the event position the branch's newest commit records (0: none)."""
        head = self.head()
        if head is None:
            return 0
        commit = self.repo[head]
        assert isinstance(commit, Commit)
        found = _TRAILER.findall(commit.message.decode("utf-8", "replace"))
        return int(found[-1]) if found else 0

    def files(self, directory: str) -> list[str]:
        """Returns the paths of the files in one directory of the branch's tree."""
        head = self.head()
        if head is None:
            return []
        commit = self.repo[head]
        assert isinstance(commit, Commit)
        tree = self.repo[commit.tree]
        assert isinstance(tree, Tree)
        try:
            _, sub = tree.lookup_path(self.repo.object_store.__getitem__, directory.encode())
        except KeyError:
            return []
        subtree = self.repo[sub]
        assert isinstance(subtree, Tree)
        return [f"{directory}/{entry.path.decode()}" for entry in subtree.iteritems()]

    def read(self, path: str, commit_id: ObjectID | None = None) -> bytes | None:
        """Returns a file's bytes at a commit (default: the branch's head), None if absent."""
        commit_id = commit_id or self.head()
        if commit_id is None:
            return None
        commit = self.repo[commit_id]
        assert isinstance(commit, Commit)
        tree = self.repo[commit.tree]
        assert isinstance(tree, Tree)
        try:
            _, sha = tree.lookup_path(self.repo.object_store.__getitem__, path.encode())
        except KeyError:
            return None
        blob = self.repo[sha]
        assert isinstance(blob, Blob)
        return blob.data

    def commit(
        self,
        files: Mapping[str, bytes | None],
        message: str,
        author: Author,
        at: datetime,
        position: int,
    ) -> ObjectID:
        """Writes `files` (path to bytes; None deletes) as one commit on the branch, dated
        `at` (author and committer alike, so a rebuild makes the same commits) and carrying
        `position`; returns the commit id."""
        parent = self.head()
        base: bytes | Tree = Tree()
        if parent is not None:
            parent_commit = self.repo[parent]
            assert isinstance(parent_commit, Commit)
            base = parent_commit.tree
        else:
            self.repo.object_store.add_object(base)  # type: ignore[arg-type]
            base = base.id  # type: ignore[union-attr]
        changes: list[tuple[bytes, int | None, bytes | None]] = []
        for path, data in sorted(files.items()):
            if data is None:
                changes.append((path.encode(), None, None))
                continue
            blob = Blob.from_string(data)
            self.repo.object_store.add_object(blob)
            changes.append((path.encode(), FILE_MODE, blob.id))
        tree_id = commit_tree_changes(self.repo.object_store, base, changes)  # type: ignore[arg-type]
        commit = Commit()
        commit.tree = tree_id
        commit.parents = [parent] if parent is not None else []
        commit.author = author.identity()
        commit.committer = COMMITTER
        commit.author_time = commit.commit_time = int(at.timestamp())
        commit.author_timezone = commit.commit_timezone = 0
        commit.encoding = b"UTF-8"
        commit.message = f"{message.rstrip()}\n\n{TRAILER}: {position}\n".encode()
        self.repo.object_store.add_object(commit)
        if not self.repo.refs.set_if_equals(self.ref, parent, commit.id):
            raise GitSyncError(f"{self.ref.decode()} moved while a commit was being written")
        return commit.id

    def pull(self) -> None:
        """Makes the branch the remote's (objects fetched); no-op without a remote or when
        the remote has no such branch yet."""
        if self.remote is None:
            return
        try:
            result = porcelain.fetch(
                self.repo, self.remote, outstream=io.StringIO(), errstream=io.BytesIO()
            )
        except Exception as error:
            raise GitSyncError(f"fetch from {self.remote} failed: {error}") from error
        remote_head = result.refs.get(self.ref)
        if remote_head is not None and remote_head != self.head():
            self.repo.refs[self.ref] = remote_head

    def push(self) -> None:
        """Pushes the branch to the remote (fast-forward only); no-op without a remote."""
        if self.remote is None or self.head() is None:
            return
        errors = io.BytesIO()
        try:
            result = porcelain.push(
                self.repo, self.remote, self.ref, outstream=io.BytesIO(), errstream=errors
            )
        except Exception as error:
            raise GitSyncError(f"push to {self.remote} failed: {error}") from error
        refused = {ref: status for ref, status in (result.ref_status or {}).items() if status}
        if refused:
            raise GitSyncError(f"push to {self.remote} refused: {refused}")
