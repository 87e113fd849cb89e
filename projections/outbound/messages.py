"""The words of each notification: a subject line and a plain-text body (pure functions).

Text taken from postmortems is kept raw here; each channel escapes it for its own format
(`escape_slack` for Slack's mrkdwn, nothing for plain-text email).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from projections.outbound.routing import Kind


@dataclass(frozen=True)
class Message:
    """What a notification says."""

    subject: str
    text: str
    link: str | None = None


def _label(doc: Mapping[str, Any]) -> str:
    team = doc.get("team")
    return f"{doc.get('severity')}" + (f", {team}" if team else "")


def _when(at: datetime) -> str:
    return at.strftime("%Y-%m-%d %H:%M UTC")


def review_requested(doc: Mapping[str, Any], actor: str, link: str | None) -> Message:
    """A postmortem went to review."""
    title = str(doc.get("title"))
    needed = (doc.get("approval_status") or {}).get("required")
    return Message(
        f"Review requested: {title}",
        f'{actor} submitted "{title}" ({_label(doc)}) for review; {needed} approval(s) publish it.',
        link,
    )


def changes_requested(
    doc: Mapping[str, Any], actor: str, section: str, comment: str, link: str | None
) -> Message:
    """A reviewer sent a postmortem back to its authors."""
    title = str(doc.get("title"))
    return Message(
        f"Changes requested: {title}",
        f'{actor} asked for changes to "{title}" ({_label(doc)}), '
        f"section {section.lower()}:\n{comment}",
        link,
    )


def published(doc: Mapping[str, Any], actor: str, link: str | None) -> Message:
    """A revision was published."""
    title = str(doc.get("title"))
    revision = int(doc.get("revision") or 1)
    if revision == 1:
        return Message(f"Published: {title}", f'{actor} published "{title}" ({_label(doc)}).', link)
    reason = doc.get("amendment_reason")
    return Message(
        f"Published revision {revision}: {title}",
        f'{actor} published revision {revision} of "{title}" ({_label(doc)})'
        + (f"; amended because: {reason}" if reason else "."),
        link,
    )


def action_item_reminder(kind: Kind, item: Mapping[str, Any], link: str | None) -> Message:
    """An open action item is due soon, or overdue."""
    title, due = str(item.get("title")), str(item.get("due_date"))
    source = f'the postmortem "{item.get("postmortem_title")}" ({_label(item)})'
    details = f"owner {item.get('owner') or 'nobody'}, priority {item.get('priority')}"
    if kind is Kind.ACTION_ITEM_OVERDUE:
        return Message(
            f"Action item overdue: {title}",
            f'"{title}" from {source} was due on {due} and is still open ({details}).',
            link,
        )
    return Message(
        f"Action item due {due}: {title}",
        f'"{title}" from {source} is due on {due} ({details}).',
        link,
    )


def deadline_reminder(
    kind: Kind, doc: Mapping[str, Any], last_day: date, zone: str, days: int, link: str | None
) -> Message:
    """An unpublished postmortem nears, or has passed, its publication deadline: the end of
    `last_day` in the IANA time zone `zone`."""
    title = str(doc.get("title"))
    by = f"the end of {last_day.isoformat()} ({zone})"
    state = str(doc.get("state")).replace("_", " ").lower()
    policy = f"the policy gives {doc.get('severity')} postmortems {days} days after resolution"
    if kind is Kind.PUBLICATION_DEADLINE_BREACHED:
        return Message(
            f"Publication deadline missed: {title}",
            f'"{title}" ({_label(doc)}) was due for publication by {by} and is still {state}; '
            f"{policy}.",
            link,
        )
    return Message(
        f"Publication due by {by}: {title}",
        f'"{title}" ({_label(doc)}) is {state}; publish it by {by} ({policy}).',
        link,
    )


# An "@" that starts a word: how Slack (with link_names), Mattermost and Rocket.Chat spell a
# mention (@channel, @here, @everyone, @all, a user group, a user). An "@" inside a word, as in
# an email address, mentions nobody and is kept.
_MENTION = re.compile(r"(?<![\w.+-])@(?=[\w.-])")
FULLWIDTH_AT = "\uff20"


def escape_slack(text: str) -> str:
    """Escapes text from a postmortem for a chat message, so it can mention nobody and forge
    no link: the three characters Slack's mrkdwn gives a meaning (&, <, >) become entities
    (Slack: "Escaping text"), which also disarms its `<!channel>`, `<!here>`,
    `<!subteam^ID>` and `<@U123>` forms; and an "@" that starts a word becomes the
    fullwidth at sign (U+FF20, which looks alike and mentions nobody) for the plain
    `@channel` that Slack with link_names, Mattermost and Rocket.Chat turn into mentions."""
    escaped = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _MENTION.sub(FULLWIDTH_AT, escaped)


def slack_payload(subject: str, text: str, link: str | None) -> dict[str, str]:
    """Returns the JSON body of an incoming-webhook post (Slack, Mattermost, Rocket.Chat)."""
    head = f"*{escape_slack(subject)}*"
    if link:
        head = f"*<{link}|{escape_slack(subject)}>*"
    return {"text": f"{head}\n{escape_slack(text)}"}
