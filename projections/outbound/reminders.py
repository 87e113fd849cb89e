"""Time-based reminders: a scan of the read models that records deliveries in the outbox.

| kind | when | recipients |
| --- | --- | --- |
| action_item_due_soon | open, due within `action_item_due_soon_days` (calendar dates) | the owner |
| action_item_overdue | open, due before today (as the compliance report counts it) | the owner |
| publication_deadline_near | unpublished, deadline within the warning days | authors, team |
| publication_deadline_breached | unpublished, deadline passed | authors, team |

The owner of an action item is a person (emailed at their directory address, if the
postmortem's team route takes the kind) or a team (that team's webhooks and `emails`);
otherwise the postmortem's team's webhooks. Calendar dates are those of the organisation's
time zone (ORGANISATION_TIME_ZONE). The deadline is the end of the policy's number of days
for the severity after the day of resolution (`projections.compliance.report`
`publication_deadline`), and withdrawn postmortems are left out. Each reminder's key holds the
due date or deadline, so it is sent once per date however often and in however many processes
the scan runs; moving the date makes a new one. Only due dates and deadlines less than
`lookback_days` past are considered, so a scan reads a bounded window of the read models (a
projector down for less than that catches up; older ones were reminded of already, or predate
the notifications).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta, tzinfo
from typing import Any

from pymongo.database import Database

from projections.action_items.projection import COLLECTION as ACTION_ITEMS
from projections.compliance.report import publication_deadline
from projections.outbound import messages
from projections.outbound.notifications import deliveries, route_recipients
from projections.outbound.outbox import Outbox
from projections.outbound.routing import Channel, Kind, Routing, UserDirectory
from projections.postmortems.projection import COLLECTION as POSTMORTEMS
from service.domain import ReviewPolicy, Severity
from service.domain.calendar import local_date

Document = dict[str, Any]
OPEN = ["open", "in_progress"]
UNPUBLISHED = ["DRAFT", "IN_REVIEW", "CHANGES_REQUESTED"]


class ReminderScan:
    """Finds the reminders due at a time and records them in the outbox."""

    def __init__(
        self,
        db: Database[Document],
        routing: Routing,
        directory: UserDirectory,
        policy: ReviewPolicy,
        zone: tzinfo = UTC,
    ) -> None:
        self.db = db
        self.zone = zone  # whose calendar dates count
        self.routing = routing
        self.directory = directory
        self.policy = policy
        self.outbox = Outbox(db)

    def run(self, now: datetime | None = None) -> int:
        """Records every reminder due at `now` (default: now); returns how many were new."""
        at = now or datetime.now(UTC)
        return self.outbox.add([*self._action_items(at), *self._deadlines(at)])

    def _action_items(self, now: datetime) -> Iterator[Document]:
        today = local_date(now, self.zone)
        policy = self.routing.reminders
        horizon = today + timedelta(days=policy.action_item_due_soon_days)
        since = today - timedelta(days=policy.lookback_days)
        query = {
            "status": {"$in": OPEN},
            "due_sort": {"$gte": since.isoformat(), "$lte": horizon.isoformat()},
            "due_date": {"$ne": None},
            "state": {"$ne": "WITHDRAWN"},
            # Owners are reminded of the items they work on (an amendment's, not its copy
            # of the published revision's that other readers list).
            "published_copy": {"$ne": True},
        }
        for item in self.db[ACTION_ITEMS].find(query):
            due = str(item["due_date"])
            kind = (
                Kind.ACTION_ITEM_OVERDUE if due < today.isoformat() else Kind.ACTION_ITEM_DUE_SOON
            )
            owner = str(item.get("owner") or "")
            if self.directory.email(owner):
                route, people = self.routing.route(item.get("team")), [owner]
                recipients = route_recipients(route, kind, self.directory, people)
                recipients = [r for r in recipients if r.channel is Channel.EMAIL]
            elif self.routing.has_team(owner):
                route = self.routing.route(owner)
                recipients = route_recipients(route, kind, self.directory, team_emails=True)
            else:
                route = self.routing.route(item.get("team"))
                recipients = route_recipients(route, kind, self.directory)
            postmortem_id = str(item["postmortem_id"])
            message = messages.action_item_reminder(kind, item, self.routing.link(postmortem_id))
            key = f"{postmortem_id}:{item['action_item_id']}:{due}"
            yield from deliveries(kind, key, recipients, message, postmortem_id, now)

    def _deadlines(self, now: datetime) -> Iterator[Document]:
        warning = timedelta(days=self.routing.reminders.publication_deadline_warning_days)
        lookback = timedelta(days=self.routing.reminders.lookback_days)
        query = {
            "state": {"$in": UNPUBLISHED},
            "first_published_at": None,
            "window.resolved_at": {"$ne": None},
        }
        fields = ["title", "severity", "team", "state", "authors", "window.resolved_at"]
        for doc in self.db[POSTMORTEMS].find(query, fields):
            days = self.policy.publication_sla(Severity(doc["severity"]))
            if days is None:
                continue
            resolved: datetime = doc["window"]["resolved_at"]
            last_day, deadline = publication_deadline(resolved, days, self.zone)
            if now < deadline - warning or now - deadline > lookback:
                continue
            kind = (
                Kind.PUBLICATION_DEADLINE_BREACHED
                if now >= deadline
                else Kind.PUBLICATION_DEADLINE_NEAR
            )
            postmortem_id = str(doc["_id"])
            route = self.routing.route(doc.get("team"))
            authors = list(doc.get("authors") or [])
            recipients = route_recipients(route, kind, self.directory, authors, team_emails=True)
            link = self.routing.link(postmortem_id)
            message = messages.deadline_reminder(kind, doc, last_day, str(self.zone), days, link)
            key = f"{postmortem_id}:{deadline.isoformat()}"
            yield from deliveries(kind, key, recipients, message, postmortem_id, now)
