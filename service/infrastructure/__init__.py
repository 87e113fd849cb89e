"""Adapters to the outside world: event-store configuration and local server processes."""
