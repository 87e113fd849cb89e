"""Incident metrics: time to detect, mitigate, resolve and publish per month."""
