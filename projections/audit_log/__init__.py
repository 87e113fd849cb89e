"""The `audit_log` read model: one hash-chained entry per event, with field-level changes."""
