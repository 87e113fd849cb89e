"""The compliance view: per-postmortem facts, and the period report computed from them."""
