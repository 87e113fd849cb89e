"""Incident platforms' webhooks, translated into imports of the domain (anti-corruption
layer): PagerDuty v3, Opsgenie, and a documented generic JSON format. Pure functions over
the delivery's bytes and JSON; the HTTP endpoint is service/api/webhooks.py."""
