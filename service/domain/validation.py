"""Field validation: limits, and a collector that reports every problem at once."""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal, InvalidOperation
from typing import Any

from .errors import FieldProblem, ValidationFailed
from .text import problem as text_problem

MAX_TITLE = 200
MAX_SUMMARY = 20_000
MAX_DESCRIPTION = 5_000
MAX_SHORT_TEXT = 200
MAX_TAG = 64
MAX_TIMELINE_ENTRIES = 200
MAX_ACTION_ITEMS = 100
MAX_SERVICES = 50
MAX_TAGS = 50
MAX_LIST_ITEMS = 100
MAX_WHYS = 20
MAX_AUTHORS = 50
MAX_REVIEW_COMMENTS = 1_000
MAX_RECURRENCE_LINKS = 100
MAX_COUNT = 10**12

EARLIEST = datetime(1970, 1, 1, tzinfo=UTC)
FUTURE_TOLERANCE = timedelta(days=1)
_CURRENCY = re.compile(r"[A-Z]{3}")


class Problems:
    """Collects field problems and raises them together."""

    def __init__(self) -> None:
        self.items: list[FieldProblem] = []

    def add(self, field: str, message: str) -> None:
        """Records one problem."""
        self.items.append(FieldProblem(field, message))

    def raise_if_any(self) -> None:
        """Raises ValidationFailed when any problem was recorded."""
        if self.items:
            raise ValidationFailed(self.items)

    def text(self, field: str, value: Any, *, max_length: int, required: bool = False) -> None:
        """Checks a text field: a string of valid Unicode without control characters but
        newline and tab (text.py; commands were admitted in their kind's form already, see
        intake.py), not too long, not blank when required."""
        if not isinstance(value, str):
            self.add(field, "must be text")
            return
        if (message := text_problem(value)) is not None:
            self.add(field, message)
            return
        if required and not value.strip():
            self.add(field, "must not be empty")
        if len(value) > max_length:
            self.add(field, f"must be at most {max_length} characters")

    def optional_text(self, field: str, value: Any, *, max_length: int) -> None:
        """Checks an optional text field."""
        if value is not None:
            self.text(field, value, max_length=max_length, required=True)

    def text_list(self, field: str, values: Any, *, max_items: int, max_length: int) -> None:
        """Checks a list of non-empty texts."""
        if isinstance(values, str) or not isinstance(values, Sequence):
            self.add(field, "must be a list of texts")
            return
        if len(values) > max_items:
            self.add(field, f"must have at most {max_items} items")
        for index, value in enumerate(values):
            self.text(f"{field}[{index}]", value, max_length=max_length, required=True)

    def unique(self, field: str, values: Sequence[str]) -> None:
        """Checks that a list has no duplicates (case-insensitive)."""
        folded = [value.casefold() for value in values if isinstance(value, str)]
        if len(set(folded)) != len(folded):
            self.add(field, "must not contain duplicates")

    def count(self, field: str, value: Any) -> None:
        """Checks an optional non-negative integer."""
        if value is None:
            return
        if isinstance(value, bool) or not isinstance(value, int):
            self.add(field, "must be a whole number")
        elif not 0 <= value <= MAX_COUNT:
            self.add(field, f"must be between 0 and {MAX_COUNT}")

    def number(self, field: str, value: Any, *, maximum: float | None = None) -> None:
        """Checks an optional non-negative number, at most ``maximum``."""
        if value is None:
            return
        if isinstance(value, bool) or not isinstance(value, int | float):
            self.add(field, "must be a number")
        elif value != value or value < 0 or (maximum is not None and value > maximum):
            limit = "" if maximum is None else f" and at most {maximum:g}"
            self.add(field, f"must be at least 0{limit}")

    def money(self, field: str, amount: Any, currency: Any) -> None:
        """Checks a non-negative finite amount and an ISO 4217 currency code."""
        try:
            value = Decimal(str(amount))
        except (InvalidOperation, ValueError):
            self.add(f"{field}.amount", "must be a decimal number")
        else:
            if not value.is_finite() or value < 0:
                self.add(f"{field}.amount", "must be a finite amount, at least 0")
        if not isinstance(currency, str) or not _CURRENCY.fullmatch(currency):
            self.add(f"{field}.currency", "must be an ISO 4217 code of 3 uppercase letters")

    def instant(self, field: str, value: Any, *, now: datetime | None = None) -> bool:
        """Checks a tz-aware datetime after 1970 and, given ``now``, not in the future."""
        if not isinstance(value, datetime) or value.tzinfo is None:
            self.add(field, "must be a timezone-aware date and time")
            return False
        if value < EARLIEST:
            self.add(field, "must not be before 1970")
            return False
        if now is not None and value > now + FUTURE_TOLERANCE:
            self.add(field, "must not be more than one day in the future")
            return False
        return True

    def day(self, field: str, value: Any) -> None:
        """Checks an optional calendar date (not before 1970)."""
        if value is None:
            return
        if isinstance(value, datetime) or not isinstance(value, date):
            self.add(field, "must be a date")
        elif value < EARLIEST.date():
            self.add(field, "must not be before 1970")

    def choice(self, field: str, value: Any, enum_type: type[Any]) -> None:
        """Checks that ``value`` is a member of ``enum_type``."""
        if not isinstance(value, enum_type):
            allowed = ", ".join(str(member.value) for member in enum_type)
            self.add(field, f"must be one of {allowed}")


def utc_now() -> datetime:
    """Returns the current time in UTC."""
    return datetime.now(UTC)


def to_utc(value: datetime) -> datetime:
    """Returns the same instant in UTC."""
    return value.astimezone(UTC)


def to_utc_or_none(value: datetime | None) -> datetime | None:
    """Returns the same instant in UTC, or None."""
    return None if value is None else value.astimezone(UTC)
