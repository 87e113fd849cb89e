"""Records the event-driven notifications in the outbox, inside the projector's batch.

| event | kind | recipients |
| --- | --- | --- |
| SubmittedForReview | review_requested | the team route's `reviewers` (email) and webhooks |
| ChangesRequested | changes_requested | the authors (email) and the team's webhooks |
| Published | published | the authors, the team's `emails` and webhooks |

A route's `kinds` limits what it receives. People are emailed at their `USER_DIRECTORY`
address (no address: no email). When notifications are first enabled the projection starts
at the head of the log (`start_from_head`): past events are not news.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import UTC, datetime

from pymongo import IndexModel
from pymongo.database import Database
from pymongo.errors import DuplicateKeyError

from projections.base import ProjectedEvent, Projection, WriteOp
from projections.outbound import messages, outbox
from projections.outbound.messages import Message
from projections.outbound.outbox import Recipient
from projections.outbound.routing import (
    Channel,
    Kind,
    Routing,
    TeamRoute,
    UserDirectory,
    webhook_id,
)
from projections.outbound.status import NOTIFICATIONS
from projections.tracking import TRACKING_COLLECTION
from service.domain.document import Document


def start_from_head(db: Database[Document], head: int) -> bool:
    """Starts the notifications projection at `head` unless it has a position already;
    returns whether it did."""
    try:
        db[TRACKING_COLLECTION].insert_one(
            {
                "_id": NOTIFICATIONS,
                "position": head,
                "updated_at": datetime.now(UTC),
                "last_error": None,
            }
        )
    except DuplicateKeyError:
        return False
    return True


def route_recipients(
    route: TeamRoute | None,
    kind: Kind,
    directory: UserDirectory,
    people: Sequence[str] = (),
    *,
    team_emails: bool = False,
) -> list[Recipient]:
    """Returns the distinct recipients of one kind through a route: its webhooks, the
    `people` (user ids) by email, and the route's own `emails` when `team_emails`."""
    if route is None or kind not in route.kinds:
        return []
    found = [Recipient(Channel.SLACK, webhook_id(url)) for url in route.webhooks()]
    addresses = [directory.email(user) for user in people]
    if team_emails:
        addresses += list(route.emails)
    found += [Recipient(Channel.EMAIL, a.strip().lower()) for a in addresses if a]
    return list(dict.fromkeys(found))


def deliveries(
    kind: Kind,
    subject_key: str,
    recipients: Iterable[Recipient],
    message: Message,
    postmortem_id: str,
    now: datetime,
) -> list[Document]:
    """Returns one pending delivery per recipient."""
    return [outbox.delivery(kind, subject_key, r, message, postmortem_id, now) for r in recipients]


class NotificationsProjection(Projection):
    """Review requests, change requests and publications, into `notification_outbox`."""

    name = NOTIFICATIONS
    collections = (outbox.COLLECTION,)

    def __init__(self, routing: Routing, directory: UserDirectory) -> None:
        self.routing = routing
        self.directory = directory

    def indexes(self) -> Mapping[str, list[IndexModel]]:
        """Returns the outbox's indexes."""
        return {outbox.COLLECTION: outbox.indexes()}

    def project(self, event: ProjectedEvent) -> Iterable[tuple[str, WriteOp]]:
        """Returns the recording of each delivery the event calls for."""
        now = datetime.now(UTC)
        found = self._notification(event)
        if found is None:
            return
        kind, message, recipients = found
        key = f"{event.postmortem_id}@{event.version}"
        for doc in deliveries(kind, key, recipients, message, event.postmortem_id, now):
            yield outbox.COLLECTION, outbox.record(doc)

    def _notification(self, change: ProjectedEvent) -> tuple[Kind, Message, list[Recipient]] | None:
        doc = change.after
        route = self.routing.route(doc.get("team"))
        link = self.routing.link(change.postmortem_id)
        actor = self.directory.name(change.actor_id)
        authors = list(doc.get("authors") or [])
        if change.event_type == "SubmittedForReview":
            kind = Kind.REVIEW_REQUESTED
            reviewers = [r for r in (route.reviewers if route else ()) if r not in authors]
            recipients = route_recipients(route, kind, self.directory, reviewers)
            return kind, messages.review_requested(doc, actor, link), recipients
        if change.event_type == "ChangesRequested":
            kind = Kind.CHANGES_REQUESTED
            section = str(change.event_state.get("section", ""))
            comment = str(change.event_state.get("text", ""))
            recipients = route_recipients(route, kind, self.directory, authors)
            message = messages.changes_requested(doc, actor, section, comment, link)
            return kind, message, recipients
        if change.event_type == "Published":
            kind = Kind.PUBLISHED
            recipients = route_recipients(route, kind, self.directory, authors, team_emails=True)
            return kind, messages.published(doc, actor, link), recipients
        return None
