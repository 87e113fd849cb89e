"""The HTTP entry point: Starlette app, authentication, health."""
