"""The domain's value boundary: every command is admitted here once, whatever its path (GraphQL,
webhooks, demo loader, command line), before any rule looks at it.

`admit` walks a command (a dataclass, and the value objects and sequences inside it) and
returns it with
- every text normalised by the kind of its field (text.py: NFC, line breaks, trimming, user ids
  in canonical form), and refused when it is not valid Unicode or holds control characters
  (or, for names and ids, invisible characters);
- every date-time at the one precision the service keeps, milliseconds (what BSON stores),
  in UTC when it has a time zone (a naive one is left for the command's rules to refuse),
  so the event store, the read model and point-in-time reads hold the same instant and
  sending back a value just read changes nothing.

Problems are reported all at once as ValidationFailed, named like the domain's other field
problems ("summary", "root_cause.whys[0].because", "services[2]"); `decide_admitted` reports
them together with the command's other problems.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping
from datetime import datetime
from enum import Enum
from typing import Any, TypeVar

from . import text
from .errors import DomainError, FieldProblem, ValidationFailed
from .instants import to_millis
from .text import TextKind

T = TypeVar("T")
R = TypeVar("R")

# The domain's name of a command field where it differs from the field's.
FIELD_NAMES: Mapping[str, str] = {"analysis": "root_cause"}
# The kind of text a field holds (list items take their list's); any other text is PROSE.
KINDS: Mapping[str, TextKind] = {
    "title": TextKind.LINE,
    "source": TextKind.LINE,
    "tracker": TextKind.LINE,
    "currency": TextKind.LINE,
    "services": TextKind.LABEL,
    "tags": TextKind.LABEL,
    "team": TextKind.LABEL,
    "incident_ref": TextKind.KEY,
    "provider": TextKind.KEY,
    "key": TextKind.KEY,
    "delivery_key": TextKind.KEY,
    "user_id": TextKind.USER,
    "owner": TextKind.USER,
    "authors": TextKind.USER,
}


def kind_of(field: str) -> TextKind:
    """Returns the kind of text a field holds: its entry in KINDS; any other `..._id` is a KEY
    (ids of timeline entries, action items, comments); everything else PROSE."""
    return KINDS.get(field) or (TextKind.KEY if field.endswith("_id") else TextKind.PROSE)


def admit(command: T) -> T:
    """Returns the command with its texts and times in the form the domain keeps; raises
    ValidationFailed with every text that cannot be admitted."""
    problems: list[FieldProblem] = []
    admitted = _fields(command, "", problems)
    if problems:
        raise ValidationFailed(problems)
    return admitted


def decide_admitted(command: T, decide: Callable[[T], R]) -> R:
    """Admits the command and returns what `decide` returns for it. A text that cannot be
    admitted is reported with every problem the command's rules find, not before them: the
    rules run on the command with the offending characters left out, and ValidationFailed
    then lists the texts' problems and theirs on other fields (another refusal of theirs
    gives way to the texts' problems). Whatever `decide` did is dropped when this raises
    (callers save only what it returns)."""
    problems: list[FieldProblem] = []
    admitted = _fields(command, "", problems)
    if not problems:
        return decide(admitted)
    try:
        decide(admitted)
    except ValidationFailed as error:
        # A field with a text problem keeps that one (what its rules saw was not what was sent).
        texts = {p.field for p in problems}
        problems += [p for p in error.problems if p.field not in texts]
    except DomainError:
        pass
    raise ValidationFailed(problems)


def _fields(value: T, prefix: str, problems: list[FieldProblem]) -> T:
    if not dataclasses.is_dataclass(value) or isinstance(value, type):
        return value
    changes: dict[str, Any] = {}
    for field in dataclasses.fields(value):
        if not field.init:
            continue
        current = getattr(value, field.name)
        path = prefix + FIELD_NAMES.get(field.name, field.name)
        admitted = _value(current, path, kind_of(field.name), problems)
        if admitted is not current:
            changes[field.name] = admitted
    return dataclasses.replace(value, **changes) if changes else value


def _value(value: Any, path: str, kind: TextKind, problems: list[FieldProblem]) -> Any:
    if isinstance(value, Enum) or value is None:
        return value
    if isinstance(value, str):
        normalised = text.normalise(value, kind)
        if (message := text.problem(normalised, kind)) is not None:
            problems.append(FieldProblem(path, message))
            return text.without_problems(value, kind)  # for the rules (`decide_admitted`)
        return value if normalised == value else normalised
    if isinstance(value, datetime):
        admitted = to_millis(value)
        return value if admitted == value and admitted.tzinfo == value.tzinfo else admitted
    if isinstance(value, list | tuple):
        items = [_value(item, f"{path}[{i}]", kind, problems) for i, item in enumerate(value)]
        if all(new is old for new, old in zip(items, value, strict=True)):
            return value
        return type(value)(items) if isinstance(value, tuple) else items
    if isinstance(value, Mapping):  # e.g. an import's metadata: its keys name the fields
        admitted_items = {
            key: _value(item, f"{path}.{key}", kind_of(str(key)), problems)
            for key, item in value.items()
        }
        if all(admitted_items[key] is item for key, item in value.items()):
            return value
        return admitted_items
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return _fields(value, path + ".", problems)
    return value
