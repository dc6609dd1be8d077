"""The walk of every page a persona opens, shared by the browser walk
(tests/browser/test_every_page.py) and the HTML check (tests/portal/test_html_validity.py).

The pages come from the permission matrix (every URL of the project's apps, with
objects of the personas' world), allauth's pages without arguments and, for the
superuser, the admin's pages of the project's models, so a new page is visited
without anybody adding it here.
"""

import time

from django.contrib import admin
from django.test import Client
from django.urls import URLResolver, get_resolver, reverse

from tests.helpers import keep_running
from tests.portal.test_permission_matrix import (
    HELP_PAGES,
    MATRIX,
    PDF_PAGES,
    matrix_meeting,
    url_of,
)

REPORT_VIOLATIONS = """
document.addEventListener("securitypolicyviolation", (event) => {
  window.reportCspViolation(
    `${location.pathname}: ${event.violatedDirective} refused ${event.blockedURI || "inline"}`
    + ` (line ${event.lineNumber}) ${event.sample}`
  );
});
"""


def allauth_urls(resolver=None) -> list[str]:
    """allauth's pages that take no arguments."""
    urls = []
    for pattern in (resolver or get_resolver()).url_patterns:
        if isinstance(pattern, URLResolver):
            urls += allauth_urls(pattern)
        elif pattern.callback.__module__.startswith("allauth.") and "<" not in str(pattern.pattern):
            urls.append(reverse(pattern.name))
    return urls


def admin_urls() -> list[str]:
    """The admin's index, and list, add and change pages of the project's models."""
    urls = [reverse("admin:index")]
    for model in admin.site._registry:
        opts = model._meta
        apps = ("networks", "measures", "events", "finances", "reports", "portal")
        if opts.app_label not in apps:
            continue
        urls.append(reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist"))
        urls.append(reverse(f"admin:{opts.app_label}_{opts.model_name}_add"))
        if first := model.objects.order_by("pk").first():
            name = f"admin:{opts.app_label}_{opts.model_name}_change"
            urls.append(reverse(name, args=[first.pk]))
    return urls


def pages_of(persona: str, personas) -> list[str]:
    """The HTML pages this persona opens: those of the project's pages the permission
    matrix gives them (200), with objects of one meeting for the meeting pages, and
    allauth's and, for staff, the admin's pages that answer them with HTML."""
    return list(documents_of(persona, personas))


def documents_of(persona: str, personas) -> dict[str, bytes]:
    """The pages of `pages_of`, each with the HTML it answered this persona."""
    client = client_of(personas, persona)
    meeting = matrix_meeting(personas)
    wanted = [
        name
        for (name, method), statuses in MATRIX.items()
        if method == "GET" and statuses[persona] == 200 and name not in PDF_PAGES | HELP_PAGES
    ]
    # The reports are issued for the ended networks first; the measure pages are those
    # of running networks, as in the matrix (climate managers change measures only then).
    urls = [url_of(name, personas, meeting)[0] for name in wanted if not name.startswith("measure")]
    keep_running(personas.network, personas.other_network)
    urls += [url_of(name, personas, meeting)[0] for name in wanted if name.startswith("measure")]
    staff = persona != "anonymous" and getattr(personas, persona).is_staff
    documents = {}
    for url in urls + allauth_urls() + (admin_urls() if staff else []):
        response = client.get(url)
        assert response.status_code == 200 or url not in urls, url
        # Pages, not the fragments htmx asks for (suggestions as one types).
        html = response.status_code == 200 and response["Content-Type"].startswith("text/html")
        if html and response.content.lstrip()[:15].lower() == b"<!doctype html>":
            documents[url] = response.content
    return documents


def client_of(personas, persona: str) -> Client:
    """A client of this persona, freshly authenticated (so allauth asks for no password
    again before the MFA pages)."""
    from allauth.account.internal.flows.login import (
        _AUTHENTICATION_METHODS_USER_SESSION_KEY,
        AUTHENTICATION_METHODS_SESSION_KEY,
    )

    client = Client()
    if persona == "anonymous":
        return client
    user = getattr(personas, persona)
    client.force_login(user)
    session = client.session
    session[AUTHENTICATION_METHODS_SESSION_KEY] = [{"method": "password", "at": time.time()}]
    session[_AUTHENTICATION_METHODS_USER_SESSION_KEY] = str(user.pk)
    session.save()
    return client


WIDTHS = {"desktop": 1280, "phone": 390}

# The regions whose table scrolls sideways: [label, width, table's width].
SCROLLING_TABLES = """
() => [...document.querySelectorAll(".table-wrap")]
  .filter((wrap) => wrap.scrollWidth > wrap.clientWidth + 1)
  .map((wrap) => `table ${wrap.getAttribute("aria-labelledby") || wrap.getAttribute("aria-label")}`
       + ` ${wrap.scrollWidth} px in ${wrap.clientWidth} px`)
"""

# What sticks out of the window, for the message: the widest elements wider than it.
WIDER_THAN_WINDOW = """
() => {
  const width = document.documentElement.clientWidth;
  if (document.documentElement.scrollWidth <= width) return [];
  const wide = [];
  for (const element of document.body.querySelectorAll("*")) {
    const box = element.getBoundingClientRect();
    if (box.right > width + 1 && !element.closest(".table-wrap, pre")) {
      const name = element.tagName.toLowerCase() + (element.id ? "#" + element.id : "")
        + (element.className && typeof element.className === "string"
           ? "." + element.className.trim().split(/\\s+/).join(".") : "");
      wide.push(`${name} to ${Math.round(box.right)} px`);
    }
  }
  return [`document ${document.documentElement.scrollWidth} px`, ...wide.slice(0, 5)];
}
"""
