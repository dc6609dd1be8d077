"""The project's one place that uses WeasyPrint; imports no app.

`render_pdf(template, context)` renders a template of `templates/reports/` to a
tagged, accessible PDF (PDF/UA-1).
The document may load the project's own static files (stylesheet, logo) and the
images made for it (charts, a funder's logos: `images=`), and nothing else: no network, no file
paths, no data: URLs, whatever a person wrote into the text that ends up in the
document.
"""

import posixpath
from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string

# Relative URLs in the document resolve against this base; only paths under
# STATIC_URL on it are ever served, from the static files on disk.
BASE_URL = "https://portal.invalid/"
MIME_TYPES = {
    ".css": "text/css",
    ".svg": "image/svg+xml",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".woff2": "font/woff2",
}


# PDF/UA-1 (ISO 14289-1), the standard for accessible PDF: every page's content is
# tagged (headings, paragraphs, tables with their header cells, figures), the
# document's language, title and author are set, and a screen reader reads it in
# order. Archival (PDF/A) would freeze fonts and colours too, but says nothing about
# structure; a funder's reviewers need the structure, and an issued report is kept
# byte for byte by the portal anyway. The templates give title (<title>), author
# (<meta name="author">) and language (<html lang>).
PDF_VARIANT = "pdf/ua-1"


def scope_header_cells(document, pdf) -> None:
    """WeasyPrint's finisher: give each header cell's structure element (TH) the
    /Scope its `scope` attribute names, Row for "row", else Column.

    PDF/UA-1 asks a TH for /Scope (Matterhorn 15-003) so a screen reader ties a figure
    to its column and row; WeasyPrint 70 reads `scope` only to link the data cells to
    their headers (/Headers) and writes no /Scope (Kozea/WeasyPrint#2508). This leans
    on two internals of the pinned version: the pages' laid-out boxes (`_page_box`)
    and the structure element its tagging keeps on each cell's box (`mark`); the PDF
    tests check the result, so an upgrade that moves them fails there. A missing
    `scope` (a Markdown table's head) heads a column, as WeasyPrint's /Headers read
    it. Once WeasyPrint writes /Scope itself, this goes."""
    for page in document.pages:
        for box in page._page_box.descendants():
            element = getattr(box, "mark", None)
            if box.element_tag == "th" and element is not None:
                row = box.element.get("scope", "").strip().lower() == "row"
                element["A"]["Scope"] = "/Row" if row else "/Column"


def static_file(url: str) -> tuple[bytes, str]:
    """Content and type of the portal's own static file at `url`; ValueError for
    anything else (other hosts, file: and data: URLs, paths out of the static folders)."""
    static_prefix = BASE_URL.rstrip("/") + settings.STATIC_URL
    if not url.startswith(static_prefix):
        raise ValueError(f"Not a static file of the portal: {url[:100]}")
    relative = posixpath.normpath(url[len(static_prefix) :].split("?")[0].split("#")[0])
    if relative.startswith(("..", "/")) or Path(relative).suffix not in MIME_TYPES:
        raise ValueError(f"Not a static file of the portal: {url[:100]}")
    found = finders.find(relative)
    if not found:
        raise ValueError(f"No such static file: {relative}")
    return Path(found).read_bytes(), MIME_TYPES[Path(relative).suffix]


GENERATED_PREFIX = BASE_URL + "generated/"


# Raster images handed to a document (a funder's logos, read from the storage by the
# caller after their upload was checked): by the name's ending.
RASTER_TYPES = {".png": "image/png", ".jpg": "image/jpeg"}


def fetch(url: str, generated: dict[str, str | bytes]) -> tuple[bytes, str]:
    """What the document may load: an image made for it, by its exact name, or one of
    the portal's static files; ValueError for anything else."""
    if url.startswith(GENERATED_PREFIX):
        name = url[len(GENERATED_PREFIX) :]
        if name not in generated:
            raise ValueError(f"Not an image made for this document: {url[:100]}")
        content = generated[name]
        if isinstance(content, str):
            return content.encode(), "image/svg+xml"
        suffix = posixpath.splitext(name)[1]
        if suffix not in RASTER_TYPES:
            raise ValueError(f"Not a PNG or JPEG image: {name[:100]}")
        return content, RASTER_TYPES[suffix]
    return static_file(url)


def render_pdf(
    template: str, context: dict, *, images: dict[str, str | bytes] | None = None
) -> bytes:
    """`images` are images made for this PDF, by name: SVG documents as text (charts),
    PNG or JPEG files as bytes (logos, named `….png` or `….jpg`). The template shows
    one as `<img src="{{ generated }}name.svg" alt="…">`, so each is a tagged figure
    with its text alternative."""
    return _html(template, context, images).write_pdf(
        pdf_variant=PDF_VARIANT, finisher=scope_header_cells
    )


def lay_out(template: str, context: dict, *, images: dict[str, str | bytes] | None = None):
    """The document laid out in pages (WeasyPrint's Document), as render_pdf would
    print it: for tests of the print rules (widths, breaks)."""
    return _html(template, context, images).render(pdf_variant=PDF_VARIANT)


def _html(template: str, context: dict, images: dict[str, str | bytes] | None):
    # Imported here: WeasyPrint loads the Pango libraries, which only PDFs need, so
    # the portal starts without them.
    from weasyprint import HTML
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    generated = images or {}

    class StaticFilesOnly(URLFetcher):
        def fetch(self, url, headers=None):
            body, content_type = fetch(url, generated)
            return URLFetcherResponse(url, body=body, headers={"Content-Type": content_type})

    html = render_to_string(template, context | {"generated": GENERATED_PREFIX})
    return HTML(string=html, base_url=BASE_URL, url_fetcher=StaticFilesOnly())
