"""Blameless-language check: deterministic warnings with positions, no I/O."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

BLAME_PHRASES: tuple[str, ...] = (
    "human error",
    "operator error",
    "user error",
    "careless",
    "carelessness",
    "fault of",
    "his fault",
    "her fault",
    "their fault",
    "my fault",
    "your fault",
    "should have known",
    "should have noticed",
    "negligent",
    "negligence",
    "incompetent",
    "incompetence",
    "blame",
    "blamed",
    "blaming",
    "failed to notice",
    "screwed up",
    "messed up",
    "dropped the ball",
    "lazy",
    "sloppy",
    "stupid",
    "reckless",
)

CAUSE_VERBS: tuple[str, ...] = ("caused", "broke", "forgot", "failed to", "missed", "deleted")

# fmt: off
NON_PERSON_WORDS: frozenset[str] = frozenset({
    # articles, pronouns and other sentence starters
    "The", "A", "An", "We", "Our", "Us", "This", "That", "These", "Those", "It", "Its",
    "They", "Their", "He", "She", "His", "Her", "I", "You", "Someone", "Nobody",
    "Everyone", "Somebody", "Then", "When", "After", "Before", "While", "Because", "Also",
    "Later", "Finally", "Eventually", "Yesterday", "Today", "Tonight", "Initially",
    "Unfortunately", "And", "But", "So", "If", "Which", "What", "Who", "Nothing",
    "Everything", "Something", "Team", "Teams",
    # weekdays and months
    "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday",
    "January", "February", "March", "April", "May", "June", "July", "August",
    "September", "October", "November", "December",
    # service-like and technical words
    "Service", "Services", "Server", "Servers", "Deploy", "Deployment", "Release",
    "Rollout", "Change", "Migration", "Database", "Cache", "Config", "Configuration",
    "Script", "Job", "Cron", "Pipeline", "Build", "Alert", "Alerts", "Monitoring",
    "Network", "Proxy", "Gateway", "Load", "Balancer", "Cluster", "Node", "Pod", "Queue",
    "Worker", "Scheduler", "Upgrade", "Patch", "Update", "Certificate", "Token",
    "Traffic", "Outage", "Incident", "Bug", "Code", "Query", "Kubernetes", "Redis",
    "Postgres", "Postgresql", "Mongo", "Mongodb", "Kafka", "Nginx", "Terraform",
    "Ansible", "Jenkins", "Docker", "Linux", "Cloudflare", "Azure", "Google", "Amazon",
    "Auth", "Oauth", "Api", "Customer", "Customers", "Users", "User", "Vendor",
    "Provider", "Engineer", "Engineers", "Operator", "Oncall", "Responder",
})
# fmt: on

_BLAME = re.compile(
    r"\b(?:"
    + "|".join(
        re.escape(phrase).replace(r"\ ", r"\s+")
        for phrase in sorted(BLAME_PHRASES, key=len, reverse=True)
    )
    + r")\b",
    re.IGNORECASE,
)
_WORD = r"[A-Z](?:[a-z]+|'[A-Z][a-z]+)(?:-[A-Z]?[a-z]+)?"
_NAME = rf"{_WORD}(?:\s+{_WORD})?"
_VERBS = "|".join(verb.replace(" ", r"\s+") for verb in CAUSE_VERBS)
_NAME_THEN_VERB = re.compile(rf"\b(?P<name>{_NAME})\s+(?P<verb>(?i:{_VERBS}))\b")
_CAUSED_BY_NAME = re.compile(rf"\b(?i:caused\s+by)\s+(?P<name>{_NAME})\b")

BLAME_MESSAGE = "blame language: describe what the system allowed, not who is at fault"
PERSON_MESSAGE = "names a person as the cause: describe the conditions that made it possible"


@dataclass(frozen=True)
class BlamelessWarning:
    """A phrase in a field that reads as blaming someone; ``end`` is exclusive."""

    field: str
    start: int
    end: int
    phrase: str
    message: str

    def to_dict(self) -> dict[str, Any]:
        """Returns the warning as a plain dict."""
        return {
            "field": self.field,
            "start": self.start,
            "end": self.end,
            "phrase": self.phrase,
            "message": self.message,
        }


def check_text(field: str, text: str) -> list[BlamelessWarning]:
    """Returns the blameless-language warnings for one text, ordered by position."""
    warnings = [
        BlamelessWarning(field, match.start(), match.end(), match.group(), BLAME_MESSAGE)
        for match in _BLAME.finditer(text)
    ]
    warnings.extend(_named_causes(field, text))
    return sorted(warnings, key=lambda warning: (warning.start, warning.end))


def _named_causes(field: str, text: str) -> Iterator[BlamelessWarning]:
    for match in _NAME_THEN_VERB.finditer(text):
        name_start = _person_start(text, match.start("name"), match.end("name"))
        if name_start is not None:
            end = match.end()
            yield BlamelessWarning(field, name_start, end, text[name_start:end], PERSON_MESSAGE)
    for match in _CAUSED_BY_NAME.finditer(text):
        name_start = _person_start(text, match.start("name"), match.end("name"))
        if name_start == match.start("name"):
            end = match.end()
            yield BlamelessWarning(
                field, match.start(), end, text[match.start() : end], PERSON_MESSAGE
            )


def _person_start(text: str, start: int, end: int) -> int | None:
    """Returns where the person's name starts, skipping leading non-person words."""
    offset = start
    words = list(re.finditer(r"\S+", text[start:end]))
    for position, word in enumerate(words):
        if _root(word.group()) not in NON_PERSON_WORDS:
            rest = words[position:]
            if any(_root(other.group()) in NON_PERSON_WORDS for other in rest):
                return None
            return offset + word.start()
    return None


def _root(word: str) -> str:
    return re.split(r"[-']", word, maxsplit=1)[0]


def check_postmortem(doc: Mapping[str, Any]) -> list[BlamelessWarning]:
    """Returns the warnings for every narrative text of a postmortem document."""
    warnings: list[BlamelessWarning] = []
    for field, text in _narrative_texts(doc):
        warnings.extend(check_text(field, text))
    return warnings


def _narrative_texts(doc: Mapping[str, Any]) -> Iterator[tuple[str, str]]:
    yield "summary", doc.get("summary") or ""
    for index, entry in enumerate(doc.get("timeline") or []):
        yield f"timeline[{index}].description", entry.get("description") or ""
    root_cause = doc.get("root_cause") or {}
    for index, why in enumerate(root_cause.get("whys") or []):
        yield f"root_cause.whys[{index}].why", why.get("why") or ""
        yield f"root_cause.whys[{index}].because", why.get("because") or ""
    yield "root_cause.statement", root_cause.get("statement") or ""
    for index, factor in enumerate(root_cause.get("contributing_factors") or []):
        yield f"root_cause.contributing_factors[{index}]", factor
    for key in ("went_well", "went_badly"):
        for index, text in enumerate(doc.get(key) or []):
            yield f"{key}[{index}]", text
    impact = doc.get("impact") or {}
    yield "impact.notes", impact.get("notes") or ""
