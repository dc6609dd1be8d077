"""A person's browser and system in words, from the User-Agent header, for the list of
their sessions ("Firefox unter Windows" instead of "Mozilla/5.0 (Windows NT 10.0; …").

Only the families people recognise, found by the tokens browsers send today; a
library with a full database of agents would name rarer ones, but a person checking
whether a session is theirs needs no more, and the raw header stays in the page as
the cell's title.
"""

import re

from django.utils.translation import gettext as _

# The order matters: Edge and Opera also send "Chrome/", Chrome also sends "Safari/".
BROWSERS = (
    (re.compile(r"\b(?:Edg|EdgA|EdgiOS|Edge)/"), "Edge"),
    (re.compile(r"\b(?:OPR|Opera)/"), "Opera"),
    (re.compile(r"\bSamsungBrowser/"), "Samsung Internet"),
    (re.compile(r"\b(?:Firefox|FxiOS)/"), "Firefox"),
    (re.compile(r"\b(?:Chrome|CriOS|HeadlessChrome|Chromium)/"), "Chrome"),
    (re.compile(r"\bVersion/[\d.]+.*\bSafari/"), "Safari"),
)

# iOS and Android before macOS and Linux, whose tokens their agents contain as well.
SYSTEMS = (
    (re.compile(r"\b(?:iPhone|iPad|iPod)\b"), "iOS"),
    (re.compile(r"\bAndroid\b"), "Android"),
    (re.compile(r"\bWindows\b"), "Windows"),
    (re.compile(r"\bCrOS\b"), "ChromeOS"),
    (re.compile(r"\bMac OS X\b|\bMacintosh\b"), "macOS"),
    (re.compile(r"\bLinux\b|\bX11\b"), "Linux"),
)


def _first(patterns, text: str) -> str | None:
    return next((name for pattern, name in patterns if pattern.search(text)), None)


def describe(user_agent: str | None) -> str:
    """ "Firefox unter Windows", "Safari unter iOS", or what is known of the two."""
    text = user_agent or ""
    browser, system = _first(BROWSERS, text), _first(SYSTEMS, text)
    if browser and system:
        return _("%(browser)s unter %(system)s") % {"browser": browser, "system": system}
    if browser:
        return browser
    if system:
        return _("Unbekannter Browser unter %(system)s") % {"system": system}
    return _("Unbekannter Browser")
