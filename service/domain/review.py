"""Value objects of the review: comments, approvals and published revisions."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from uuid import UUID, uuid5

from .enums import Section


@dataclass(frozen=True)
class ReviewComment:
    """A reviewer's (or author's) comment on a section of the document."""

    id: str
    author: str
    section: Section
    text: str
    at: datetime
    resolved: bool = False

    def to_dict(self) -> dict[str, Any]:
        """Returns the comment as a plain dict."""
        return {
            "id": self.id,
            "author": self.author,
            "section": self.section.value,
            "text": self.text,
            "at": self.at,
            "resolved": self.resolved,
        }


@dataclass(frozen=True)
class Approval:
    """A reviewer's approval, bound to the content it approved.

    ``id`` identifies the approval among the postmortem's approvals (the audit trail addresses
    it by this id); approvals recorded before approvals had ids get a deterministic one,
    ``legacy_approval_id(postmortem id, approved version)``.
    """

    id: str
    reviewer_id: str
    approved_at: datetime
    version: int
    content_hash: str
    revision: int
    policy_version: str
    voided: bool = False

    def to_dict(self) -> dict[str, Any]:
        """Returns the approval as a plain dict."""
        return {
            "id": self.id,
            "reviewer_id": self.reviewer_id,
            "approved_at": self.approved_at,
            "version": self.version,
            "content_hash": self.content_hash,
            "revision": self.revision,
            "policy_version": self.policy_version,
            "voided": self.voided,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Approval:
        """Returns the approval stored in ``data``."""
        return cls(
            id=data["id"],
            reviewer_id=data["reviewer_id"],
            approved_at=data["approved_at"],
            version=data["version"],
            content_hash=data["content_hash"],
            revision=data["revision"],
            policy_version=data["policy_version"],
            voided=data.get("voided", False),
        )


def legacy_approval_id(postmortem_id: UUID | str, approved_version: int) -> str:
    """Returns the id of an approval recorded before approvals had ids: a UUID 5 of the
    postmortem id and the version the reviewer approved (one approval per version, since each
    approval is an event that moves the version on)."""
    return str(uuid5(_APPROVAL_IDS, f"{postmortem_id}/{approved_version}"))


_APPROVAL_IDS = UUID("4b1f7f1e-2f0c-5a53-9d7e-6a1c0c0de5a1")


@dataclass(frozen=True)
class PublishedRevision:
    """A published revision: the frozen content and the approvals that published it."""

    revision: int
    published_at: datetime
    version: int
    content_hash: str
    content: Mapping[str, Any]
    approvals: tuple[Approval, ...] = field(default=())
    policy_version: str = ""

    def to_dict(self) -> dict[str, Any]:
        """Returns the revision as a plain dict (a deep copy of the content)."""
        return {
            "revision": self.revision,
            "published_at": self.published_at,
            "version": self.version,
            "content_hash": self.content_hash,
            "content": deep_copy(self.content),
            "approvals": [approval.to_dict() for approval in self.approvals],
            "policy_version": self.policy_version,
        }


def deep_copy(value: Any) -> Any:
    """Returns a deep copy of nested dicts and lists (tuples become lists)."""
    if isinstance(value, Mapping):
        return {key: deep_copy(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [deep_copy(item) for item in value]
    return value
