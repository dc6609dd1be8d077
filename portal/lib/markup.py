"""Markdown written by people, rendered to HTML that is safe to show; imports no app.

markdown-it-py turns the text into HTML (raw HTML in the text is escaped, not passed
through), then nh3 keeps only harmless tags and attributes: no script or style
elements or attributes, no event handlers, links only to http(s), mail addresses or
within the portal, and images only from the portal itself, so rendering (also into
a PDF) never reaches another server.
"""

from urllib.parse import urlsplit

import nh3
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


def _filter(tag: str, attribute: str, value: str) -> str | None:
    if tag == "img" and attribute == "src":
        return value if _own_path(value) else None
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
