import pytest

from lib.pdf import BASE_URL, GENERATED_PREFIX, fetch, static_file


@pytest.mark.parametrize(
    "url",
    [
        "https://tracker.example/pixel.png",
        "file:///etc/passwd",
        "data:image/png;base64,iVBORw0KGgo=",
        BASE_URL + "static/../../portal/settings.py",
        BASE_URL + "media/treffen/x.png",
        BASE_URL + "static/css/nicht-da.css",
    ],
)
def test_pdf_fetcher_refuses_everything_but_the_portals_static_files(url):
    with pytest.raises(ValueError):
        static_file(url)


def test_pdf_fetcher_serves_the_report_stylesheet():
    body, content_type = static_file(BASE_URL + "static/css/report.css")
    assert content_type == "text/css"
    assert b"@page" in body


def test_pdf_fetcher_serves_only_the_images_made_for_the_document():
    """A chart the caller made is served by its name; any other name under
    generated/ is refused like every other URL."""
    svg = '<svg xmlns="http://www.w3.org/2000/svg"/>'
    assert fetch(GENERATED_PREFIX + "target.svg", {"target.svg": svg}) == (
        svg.encode(),
        "image/svg+xml",
    )
    for url in ("other.svg", "../static/css/report.css", "target.svg/x"):
        with pytest.raises(ValueError):
            fetch(GENERATED_PREFIX + url, {"target.svg": svg})


def test_pdf_fetcher_serves_a_png_or_jpeg_handed_to_it_by_its_ending():
    """A funder's logo is read from the storage by the caller and handed over as bytes
    (networks.funding.for_print); its type comes from the name it was handed under."""
    png, jpeg = b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff"
    images = {"logo-a.png": png, "logo-b.jpg": jpeg, "logo-c.gif": b"GIF89a"}
    assert fetch(GENERATED_PREFIX + "logo-a.png", images) == (png, "image/png")
    assert fetch(GENERATED_PREFIX + "logo-b.jpg", images) == (jpeg, "image/jpeg")
    for url in (GENERATED_PREFIX + "logo-c.gif", GENERATED_PREFIX + "logo-d.png",
                BASE_URL + "media/organisationen/logos/logo-a.png"):  # fmt: skip
        with pytest.raises(ValueError):
            fetch(url, images)
