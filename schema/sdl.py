"""The exported SDL: the schema as text, kept in `schema/schema.graphql`."""

from __future__ import annotations

from pathlib import Path

from schema.schema import build_schema

SDL_PATH = Path(__file__).with_name("schema.graphql")


def schema_sdl() -> str:
    """Returns the SDL of the current schema, newline-terminated."""
    return build_schema().as_str() + "\n"
