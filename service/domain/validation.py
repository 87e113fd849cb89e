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
# Numbers and dates an impact or an action item may hold: wide enough for any real incident,
# narrow enough that a typo (1e308 hours, year 9999) is refused rather than stored.
MAX_COUNT = 1_000_000_000  # users affected, support tickets (GraphQL's Int stops at 2^31 - 1)
MAX_DOWNTIME_MINUTES = 10 * 525_600  # ten years
MAX_ENGINEERS = 100_000
MAX_HOURS = 8_760.0  # per engineer: a year
MAX_AMOUNT = Decimal(10) ** 15  # a quadrillion in any currency
MAX_AMOUNT_DECIMALS = 4  # ISO 4217 minor units go to 4 (CLF)
MAX_DUE_YEARS = 10  # a due date at most ten years after today

EARLIEST = datetime(1970, 1, 1, tzinfo=UTC)
# Incident and timeline times may be up to a day ahead of the server's clock (a sender's clock
# or time zone set wrong), no further; the schema's descriptions say so.
FUTURE_TOLERANCE = timedelta(days=1)
# A backfill's `occurred_at` is a recorded moment: only this much clock difference.
CLOCK_SKEW = timedelta(minutes=5)


def future_as_of(name: str, as_of: datetime | None) -> str | None:
    """Returns why a point-in-time read's `as_of` cannot be answered (it is later than now by
    more than CLOCK_SKEW: later events would change the answer), or None."""
    if as_of is None or as_of <= utc_now() + CLOCK_SKEW:
        return None
    minutes = int(CLOCK_SKEW.total_seconds() // 60)
    return (
        f"{name} must not be in the future (at most {minutes} minutes ahead of the server's "
        "clock): the answer must stay the same when asked again"
    )


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

    def count(self, field: str, value: Any, *, maximum: int = MAX_COUNT) -> None:
        """Checks an optional whole number from 0 to ``maximum``."""
        if value is None:
            return
        if isinstance(value, bool) or not isinstance(value, int):
            self.add(field, "must be a whole number")
        elif not 0 <= value <= maximum:
            self.add(field, f"must be between 0 and {maximum:,}")

    def number(self, field: str, value: Any, *, maximum: float) -> None:
        """Checks an optional number from 0 to ``maximum``."""
        if value is None:
            return
        if isinstance(value, bool) or not isinstance(value, int | float):
            self.add(field, "must be a number")
        elif value != value or not 0 <= value <= maximum:
            self.add(field, f"must be between 0 and {maximum:,g}")

    def money(self, field: str, amount: Any, currency: Any) -> None:
        """Checks an amount from 0 to MAX_AMOUNT with at most MAX_AMOUNT_DECIMALS decimal
        places, and an ISO 4217 currency code."""
        try:
            value = Decimal(str(amount))
        except (InvalidOperation, ValueError):
            self.add(f"{field}.amount", "must be a decimal number")
        else:
            if not value.is_finite() or not 0 <= value <= MAX_AMOUNT:
                self.add(f"{field}.amount", f"must be between 0 and {MAX_AMOUNT:,}")
            elif -value.as_tuple().exponent > MAX_AMOUNT_DECIMALS:  # type: ignore[operator]
                self.add(
                    f"{field}.amount", f"must have at most {MAX_AMOUNT_DECIMALS} decimal places"
                )
        if not isinstance(currency, str) or not _CURRENCY.fullmatch(currency):
            self.add(f"{field}.currency", "must be an ISO 4217 code of 3 uppercase letters")

    def instant(self, field: str, value: Any, *, now: datetime | None = None) -> bool:
        """Checks a tz-aware datetime from 1970 on and, given ``now``, not more than
        FUTURE_TOLERANCE (one day) after it."""
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

    def day(self, field: str, value: Any, *, today: date | None = None) -> None:
        """Checks an optional calendar date: not before 1970 and, given ``today``, at most
        MAX_DUE_YEARS after it."""
        if value is None:
            return
        if isinstance(value, datetime) or not isinstance(value, date):
            self.add(field, "must be a date")
        elif value < EARLIEST.date():
            self.add(field, "must not be before 1970")
        elif today is not None and value > latest_due_date(today):
            self.add(field, f"must be at most {MAX_DUE_YEARS} years after today")

    def choice(self, field: str, value: Any, enum_type: type[Any]) -> None:
        """Checks that ``value`` is a member of ``enum_type``."""
        if not isinstance(value, enum_type):
            allowed = ", ".join(str(member.value) for member in enum_type)
            self.add(field, f"must be one of {allowed}")


def latest_due_date(today: date) -> date:
    """Returns the latest due date allowed on `today` (MAX_DUE_YEARS later; 29 February
    becomes 28 February)."""
    try:
        return today.replace(year=today.year + MAX_DUE_YEARS)
    except ValueError:
        return today.replace(year=today.year + MAX_DUE_YEARS, day=28)


def utc_now() -> datetime:
    """Returns the current time in UTC."""
    return datetime.now(UTC)


def to_utc(value: datetime) -> datetime:
    """Returns the same instant in UTC."""
    return value.astimezone(UTC)


def to_utc_or_none(value: datetime | None) -> datetime | None:
    """Returns the same instant in UTC, or None."""
    return None if value is None else value.astimezone(UTC)
