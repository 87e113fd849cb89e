"""The pure domain: the Postmortem aggregate, its events, rules and value types."""
