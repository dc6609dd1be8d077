"""The demo's pages, full of data (tables, minutes, reports, history), are valid HTML
by the Nu HTML Checker too: each persona's pages are found by following the links
from the start page, two of each kind (URL name) at most. See test_html_validity.py
for the checker and the personas' pages."""

import re
from collections import Counter, deque
from urllib.parse import urlsplit

import pytest
from django.urls import Resolver404, resolve

from networks.models import User
from tests.helpers import with_totp
from tests.portal.test_html_validity import check, vnu  # noqa: F401 (the fixture)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("demo_seed")]

LINK = re.compile(r'href="(/[^"#]*)')
# The help (/hilfe/) is the documentation site as MkDocs writes it, not the portal's
# pages (tests/portal/test_help.py, tests/browser/test_help.py).
SKIPPED = ("/accounts/logout/", "/admin/", "/static/", "/media/", "/hilfe/")
PER_KIND = 2
# Files, not pages (the demo's uploads are not in the tests' media folder).
DOWNLOADS = ("_document", "_letter", "_pdf", "_xlsx", "_export", "_template", "calendar_feed",
             "meeting_calendar", "network_photo", "favicon", "_file")  # fmt: skip


def crawl(client, start: str = "/") -> dict[str, bytes]:
    """The HTML pages reached by links from `start`, at most PER_KIND per URL name."""
    seen: set[str] = set()
    kinds: Counter = Counter()
    pages: dict[str, bytes] = {}
    queue = deque([start])
    while queue:
        url = queue.popleft()
        path = urlsplit(url).path
        if url in seen or path.startswith(SKIPPED):
            continue
        seen.add(url)
        try:
            kind = resolve(path).url_name
        except Resolver404:
            continue
        if kinds[kind] >= PER_KIND or kind.endswith(DOWNLOADS):
            continue
        response = client.get(url)
        if response.status_code != 200 or not response["Content-Type"].startswith("text/html"):
            continue
        kinds[kind] += 1
        pages[url] = response.content
        queue.extend(link.replace("&amp;", "&") for link in LINK.findall(response.text))
    return pages


@pytest.mark.parametrize(
    "email",
    [
        "koordination@example.org",
        "klima.brakel@example.org",
        "klima.verl@example.org",
        "moderation@example.org",
        "foerderung@example.org",
    ],
)
def test_the_demos_pages_are_valid_html(client, vnu, email):  # noqa: F811
    client.force_login(with_totp(User.objects.get(email=email)))
    pages = crawl(client)
    assert len(pages) >= 10, sorted(pages)
    errors = check(vnu, pages)
    assert errors == [], "\n".join(errors)
