"""Markdown answers made safe: rendered with ``markdown``, then sanitised with nh3.

Supervisors write the answers, but an answer is still text shown to everyone: nothing in it
may run script, carry ``hx-*`` or event attributes, or link anywhere but http, https and
mailto (relative links to our own pages stay, they have no scheme).
"""

from __future__ import annotations

import functools
import html

import markdown
import nh3
from django.utils.html import strip_tags
from django.utils.safestring import SafeString, mark_safe

ALLOWED_TAGS = {
    "p",
    "br",
    "strong",
    "em",
    "b",
    "i",
    "code",
    "pre",
    "blockquote",
    "ul",
    "ol",
    "li",
    "a",
    "h2",
    "h3",
    "h4",
    "hr",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
}
# No generic attributes at all: no class, id, style, on*, hx-* or data-*.
ALLOWED_ATTRIBUTES: dict[str, set[str]] = {"a": {"href", "title"}, "ol": {"start"}}
URL_SCHEMES = {"http", "https", "mailto"}


# Answers are few and read all day (search results show an excerpt of each): each text is
# rendered once per process, not on every page.
@functools.lru_cache(maxsize=2048)
def render_markdown(text: str) -> SafeString:
    """The answer as HTML that is safe to show as is."""
    rendered = markdown.markdown(text, extensions=["sane_lists", "tables"], output_format="html")
    cleaned = nh3.clean(
        rendered,
        tags=ALLOWED_TAGS,
        clean_content_tags={"script", "style", "iframe", "object", "template", "textarea"},
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer nofollow",
        strip_comments=True,
    )
    # nh3 has just removed everything unsafe.
    return mark_safe(cleaned)  # noqa: S308  (nh3 output: nothing unsafe is left)


def plain_text(text: str) -> str:
    """The answer without markup, for excerpts (escaped again by the template)."""
    return " ".join(html.unescape(strip_tags(render_markdown(text))).split())


@functools.lru_cache(maxsize=2048)
def excerpt(text: str, length: int = 140) -> str:
    words = plain_text(text)
    return words if len(words) <= length else words[: length - 1].rstrip() + "…"
