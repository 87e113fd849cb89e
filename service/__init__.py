"""Postmortem workflow service: domain, application, API wiring and CLI."""
