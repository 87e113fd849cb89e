"""Recurring-incident views: recurrence groups, similar root causes, fixes that did not hold,
monthly trends (SPEC section 7)."""
