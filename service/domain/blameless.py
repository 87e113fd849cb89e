"""Blameless-language check: deterministic warnings with positions, no I/O.

Two kinds of warning (SPEC §2: "blame words, 'human error', naming a person as the cause"):
blame words and phrases in any inflection (`careless`, `carelessly`, `carelessness`; words
are compared by their English Snowball stem, snowballstemmer's Porter2), and a person named
as the cause of a failure: a name as the subject of a failure verb (`Bob deleted`, `Bob
carelessly deleted`, `Alice has broken`), the agent of one (`caused by Alice`), or the owner
of the fault (`Bob's fault`, `the fault of Bob`, `the engineer's mistake`).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import snowballstemmer

# Blame words and phrases; each word is compared by its stem, so "blamed", "carelessly",
# "negligence" or "failing to notice" need no entry of their own (forms the stemmer keeps
# apart, such as "sloppily", are listed).
BLAME_PHRASES: tuple[str, ...] = (
    "human error", "operator error", "user error", "human mistake", "operator mistake",
    "careless", "negligent", "incompetent", "irresponsible", "reckless", "thoughtless",
    "inattentive", "sloppy", "sloppily", "lazy", "lazily", "clumsy", "clumsily", "stupid",
    "foolish", "idiot", "blame",
    "should have known", "should have noticed", "failed to notice", "screwed up", "messed up",
    "dropped the ball",
)  # fmt: skip
# Words whose stem is a blame word's but that blame no one ("negligible" stems to "neglig").
NOT_BLAME_WORDS: frozenset[str] = frozenset({"negligible", "negligibly"})

# Failure verbs that name their subject as the cause ("Bob deleted", "Bob failed to"); each
# word by its stem, irregular forms listed.
CAUSE_VERBS: tuple[str, ...] = (
    "cause", "break", "broke", "broken", "forget", "forgot", "forgotten", "fail to", "miss",
    "delete", "wipe", "misconfigure", "overlook", "ignore", "neglect", "take down",
    "took down", "taken down", "bring down", "brought down", "at fault",
)  # fmt: skip
# A failure verb names its subject as the cause in the past tense: "Bob deleted", not the
# nouns "Root cause" or "Coffee break".
_PAST = frozenset({"broke", "broken", "forgot", "forgotten", "took", "taken", "brought", "at"})
# Words that may stand between the person and the verb ("Bob carelessly deleted", "Bob had
# deleted", "Bob was at fault"); any lower-case word ending in -ly is one too.
_BETWEEN = frozenset({"had", "has", "have", "was", "were", "is", "then", "also", "just", "again"})
# People named by their role or a pronoun when they own a fault ("the engineer's fault").
PERSON_ROLES: frozenset[str] = frozenset({
    "engineer", "engineers", "operator", "operators", "developer", "developers", "admin",
    "administrator", "on-call", "oncall", "responder", "intern", "contractor", "user", "users",
    "team", "teammate", "colleague", "reviewer", "manager",
})  # fmt: skip
FAULT_NOUNS = ("fault", "faults", "mistake", "mistakes")

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

BLAME_MESSAGE = "blame language: describe what the system allowed, not who is at fault"
PERSON_MESSAGE = "names a person as the cause: describe the conditions that made it possible"

_STEMMER = snowballstemmer.stemmer("english")  # Porter2
_TOKEN = re.compile(r"[^\W\d_]+(?:['\u2019][^\W\d_]+)*")


@lru_cache(maxsize=65_536)
def _stem(word: str) -> str:
    return str(_STEMMER.stemWord(word.lower()))


def _stems(phrase: str) -> tuple[str, ...]:
    return tuple(_stem(word) for word in phrase.split())


def _by_first_stem(phrases: tuple[str, ...]) -> dict[str, list[tuple[str, ...]]]:
    """Returns the phrases' stems keyed by their first stem, the longest first."""
    index: dict[str, list[tuple[str, ...]]] = {}
    for stems in sorted({_stems(p) for p in phrases}, key=len, reverse=True):
        index.setdefault(stems[0], []).append(stems)
    return index


_BLAME_STEMS = _by_first_stem(BLAME_PHRASES)
_CAUSE_STEMS = _by_first_stem(CAUSE_VERBS)
_PRONOUNS = "his|her|their|my|your"
_ROLE = "|".join(re.escape(role) for role in sorted(PERSON_ROLES, key=len, reverse=True))
_NAME_WORD = r"[A-Z](?:[a-z]+|['\u2019][A-Z][a-z]+)(?:-[A-Z]?[a-z]+)?"
_NAME = rf"{_NAME_WORD}(?:\s+{_NAME_WORD})?"
_FAULT = "|".join(FAULT_NOUNS)
_OWNED_FAULT = re.compile(
    rf"\b(?:(?P<name>{_NAME})['\u2019]s?|(?i:{_PRONOUNS}|(?:the\s+)?(?:{_ROLE})['\u2019]s?))"
    rf"\s+(?i:{_FAULT})\b"
)
_FAULT_OF = re.compile(
    rf"\b(?i:{_FAULT})\s+of\s+(?:(?P<name>{_NAME})\b|(?i:him|her|them|me|you|the\s+(?:{_ROLE}))\b)"
)


@dataclass(frozen=True)
class _Token:
    start: int
    end: int
    text: str
    stem: str


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
    """Returns the blameless-language warnings for one text, ordered by position (offsets in
    code points, ``end`` exclusive); overlapping warnings of both kinds are all listed."""
    tokens = [
        _Token(m.start(), m.end(), m.group(), _stem(m.group())) for m in _TOKEN.finditer(text)
    ]
    spans = [(start, end, BLAME_MESSAGE) for start, end in _blame_spans(text, tokens)]
    spans.extend((start, end, PERSON_MESSAGE) for start, end in _person_spans(text, tokens))
    found = {BlamelessWarning(field, s, e, text[s:e], message) for s, e, message in spans}
    return sorted(found, key=lambda w: (w.start, w.end, w.message))


def _phrase_at(text: str, tokens: list[_Token], index: int, phrase: tuple[str, ...]) -> int:
    """Returns how many tokens from `index` spell the phrase (by stems, separated only by
    whitespace or a hyphen), or 0."""
    if index + len(phrase) > len(tokens):
        return 0
    for offset, stem in enumerate(phrase):
        token = tokens[index + offset]
        if token.stem != stem or token.text.lower() in NOT_BLAME_WORDS:
            return 0
        if offset and not _joined(text, tokens[index + offset - 1], token):
            return 0
    return len(phrase)


def _joined(text: str, before: _Token, after: _Token) -> bool:
    gap = text[before.end : after.start]
    return gap == "-" or (gap != "" and gap.isspace())


def _blame_spans(text: str, tokens: list[_Token]) -> Iterator[tuple[int, int]]:
    index = 0
    while index < len(tokens):
        phrases = _BLAME_STEMS.get(tokens[index].stem, [])
        length = next((n for p in phrases if (n := _phrase_at(text, tokens, index, p))), 0)
        if length:
            yield tokens[index].start, tokens[index + length - 1].end
        index += length or 1


def _person_spans(text: str, tokens: list[_Token]) -> Iterator[tuple[int, int]]:
    for index, token in enumerate(tokens):
        word = token.text
        if not word[0].islower():  # Title Case: a capital is no sign of a name there
            continue
        if not (word.endswith("ed") or word in _PAST):
            continue
        phrases = _CAUSE_STEMS.get(token.stem, [])
        length = next((n for p in phrases if (n := _phrase_at(text, tokens, index, p))), 0)
        if not length:
            continue
        end = tokens[index + length - 1].end
        subject = _subject_start(text, tokens, index)
        if subject is not None:
            yield subject, end
        agent = _agent_end(text, tokens, index + length)
        if agent is not None:
            yield token.start, agent
    for pattern in (_OWNED_FAULT, _FAULT_OF):
        for match in pattern.finditer(text):
            if match.group("name") is None or _person_start(
                text, match.start("name"), match.end("name")
            ) == match.start("name"):
                yield match.start(), match.end()


def _subject_start(text: str, tokens: list[_Token], verb: int) -> int | None:
    """Returns where the person named just before a failure verb starts (a name of up to three
    capitalised words, then up to three words such as "carelessly" or "had"), or None."""
    index = verb - 1
    while index >= 0 and verb - index <= 3 and _joined(text, tokens[index], tokens[index + 1]):
        word = tokens[index].text
        if not (word in _BETWEEN or (word.islower() and word.endswith("ly"))):
            break
        index -= 1
    if index < 0 or not _joined(text, tokens[index], tokens[index + 1]):
        return None
    first = index
    while first > 0 and index - first < 2 and _joined(text, tokens[first - 1], tokens[first]):
        if not _is_name_word(tokens[first - 1].text):
            break
        first -= 1
    if not _is_name_word(tokens[index].text):
        return None
    return _person_start(text, tokens[first].start, tokens[index].end)


def _agent_end(text: str, tokens: list[_Token], after: int) -> int | None:
    """Returns where "by <name>" after a failure verb ends ("caused by Alice"), or None."""
    if after + 1 >= len(tokens) or tokens[after].text != "by":
        return None
    if not _joined(text, tokens[after - 1], tokens[after]):
        return None
    name = re.match(rf"\s+(?P<name>{_NAME})\b", text[tokens[after].end :])
    if name is None:
        return None
    start = tokens[after].end + name.start("name")
    end = tokens[after].end + name.end("name")
    return end if _person_start(text, start, end) == start else None


def _is_name_word(word: str) -> bool:
    return re.fullmatch(_NAME_WORD, word) is not None


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
    return re.split(r"[-'\u2019]", word, maxsplit=1)[0]


def check_postmortem(doc: Mapping[str, Any]) -> list[BlamelessWarning]:
    """Returns the warnings for every text of a postmortem content document (its title and
    every narrative text, action items included), in document order."""
    warnings: list[BlamelessWarning] = []
    for field, text in _texts(doc):
        warnings.extend(check_text(field, text))
    return warnings


def _texts(doc: Mapping[str, Any]) -> Iterator[tuple[str, str]]:
    yield "title", doc.get("title") or ""
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
    for index, item in enumerate(doc.get("action_items") or []):
        yield f"action_items[{index}].title", item.get("title") or ""
        yield f"action_items[{index}].description", item.get("description") or ""
