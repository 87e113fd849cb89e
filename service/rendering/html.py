"""A postmortem as a standalone HTML page (one file: styles inline, nothing loaded).

Every value from the postmortem goes through Jinja2's autoescaping, so text such as
``<script>`` or ``"><img onerror=…>`` shows as text and never becomes markup.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache
from importlib import resources
from typing import Any

from jinja2 import Environment, Template, select_autoescape
from markupsafe import Markup

from .view import NONE_RECORDED, STATE_LABELS, build_view

TEMPLATE = "postmortem.html.j2"
STYLESHEET = "postmortem.css"
# Front-matter fields repeated as <meta name="postmortem:…"> tags (machine-readable).
META_FIELDS = ("id", "version", "revision", "state", "severity", "incident_ref", "started_at",
               "resolved_at", "published_at", "content_hash")  # fmt: skip


def render_html(document: Mapping[str, Any]) -> str:
    """Returns the postmortem as an HTML5 page (UTF-8 text) with every section.

    `document`: a postmortem document (see ``service.rendering.view``). The page has no
    scripts and loads nothing (its stylesheet is inline), so it can be saved, mailed or
    printed as it is; the PDF export renders this same page.
    """
    view = build_view(document)
    meta = [
        (key, value) for key in META_FIELDS if (value := view.front_matter.get(key)) is not None
    ]
    return _template().render(
        view=view,
        meta=meta,
        state_label=STATE_LABELS.get(view.state, view.state),
        none_text=NONE_RECORDED,
        css=Markup(_stylesheet()),  # noqa: S704 (our own stylesheet, never postmortem text)
    )


@cache
def _template() -> Template:
    environment = Environment(
        autoescape=select_autoescape(default=True, default_for_string=True),
        keep_trailing_newline=True,
        auto_reload=False,
    )
    source = resources.files(__package__).joinpath("templates", TEMPLATE).read_text("utf-8")
    return environment.from_string(source)


@cache
def _stylesheet() -> str:
    return resources.files(__package__).joinpath("templates", STYLESHEET).read_text("utf-8")
