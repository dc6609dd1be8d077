"""Markdown written by people, rendered to HTML that is safe to show; imports no app.

markdown-it-py turns the text into HTML (raw HTML in the text is escaped, not passed
through), then nh3 keeps only harmless tags and attributes: no script or style
elements or attributes, no event handlers, links only to http(s), mail addresses or
within the portal, and images only of the portal's own uploads: a path the portal
answers with a view marked `@image_source`, which serves a stored file and records
nothing. So rendering (also into a PDF) never reaches another server, and an image
in someone's minutes never makes the reader's browser do something in their name
(fetch a report's PDF, which a followed link records as a download).
"""

from collections.abc import Callable
from urllib.parse import urlsplit

import nh3
from django.urls import Resolver404, resolve
from django.utils.safestring import SafeString, mark_safe
from markdown_it import MarkdownIt

_markdown = MarkdownIt("commonmark", {"html": False, "linkify": False}).enable("table")
_markdown.enable("strikethrough")

TAGS = {
    "p", "br", "hr", "h1", "h2", "h3", "h4", "h5", "h6", "strong", "em", "del", "s",
    "code", "pre", "blockquote", "ul", "ol", "li", "a", "img",
    "table", "thead", "tbody", "tr", "th", "td",
}  # fmt: skip
ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "title"},
    "ol": {"start"},
}
LINK_SCHEMES = {"http", "https", "mailto"}


def _own_path(value: str) -> bool:
    """A path on this portal: starts with one slash, no scheme, no host."""
    parts = urlsplit(value)
    return value.startswith("/") and not value.startswith("//") and not parts.scheme


def image_source(view: Callable) -> Callable:
    """Mark a view whose GET only hands out a stored upload (a photo, a document) after
    its read check: Markdown may show it as an image."""
    view.image_source = True
    return view


def _own_image(value: str) -> bool:
    if not _own_path(value):
        return False
    try:
        match = resolve(urlsplit(value).path)
    except Resolver404:
        return False
    return getattr(match.func, "image_source", False)


def _filter(tag: str, attribute: str, value: str) -> str | None:
    if tag == "img" and attribute == "src":
        return value if _own_image(value) else None
    return value


def render_markdown(text: str, *, top_heading: int | None = None) -> SafeString:
    """`top_heading` sets the level of the writer's highest heading (with 3, both
    "# A" and "## A" become h3, and the headings below it follow one level each),
    for text shown under a heading of the page's own: no level is skipped; h6 is
    the lowest."""
    tokens = _markdown.parse(text or "")
    headings = [token for token in tokens if token.type in ("heading_open", "heading_close")]
    if top_heading and headings:
        levels = sorted({int(token.tag[1]) for token in headings})
        new_level = {level: min(top_heading + rank, 6) for rank, level in enumerate(levels)}
        for token in headings:
            token.tag = f"h{new_level[int(token.tag[1])]}"
    for token in tokens:  # an image of anything but the portal's uploads: its alt text
        for child in token.children or ():
            if child.type == "image" and not _own_image(child.attrGet("src") or ""):
                child.type, child.tag, child.attrs, child.children = "text", "", {}, None
    html = _markdown.renderer.render(tokens, _markdown.options, {})
    clean = nh3.clean(
        html,
        tags=TAGS,
        attributes=ATTRIBUTES,
        url_schemes=LINK_SCHEMES,
        attribute_filter=_filter,
        link_rel="noopener noreferrer nofollow",
        strip_comments=True,
    )
    return mark_safe(clean)  # noqa: S308 - sanitised by nh3 just above
