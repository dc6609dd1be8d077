import pytest
from django.utils import translation

from lib.user_agents import describe

WINDOWS_FIREFOX = "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:128.0) Gecko/20100101 Firefox/128.0"
WINDOWS_EDGE = (
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/124.0.0.0 Safari/537.36 Edg/124.0.2478.51"
)
MAC_SAFARI = (
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_4_1) AppleWebKit/605.1.15 (KHTML, like Gecko) "
    "Version/17.4.1 Safari/605.1.15"
)
IPHONE_SAFARI = (
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 "
    "(KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1"
)
IPHONE_CHROME = (
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 "
    "(KHTML, like Gecko) CriOS/124.0.6367.88 Mobile/15E148 Safari/604.1"
)
ANDROID_SAMSUNG = (
    "Mozilla/5.0 (Linux; Android 14; SM-S921B) AppleWebKit/537.36 (KHTML, like Gecko) "
    "SamsungBrowser/24.0 Chrome/117.0.0.0 Mobile Safari/537.36"
)
ANDROID_CHROME = (
    "Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/124.0.0.0 Mobile Safari/537.36"
)
LINUX_OPERA = (
    "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/124.0.0.0 Safari/537.36 OPR/110.0.0.0"
)
CHROMEBOOK = (
    "Mozilla/5.0 (X11; CrOS x86_64 14541.0.0) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/124.0.0.0 Safari/537.36"
)


@pytest.mark.parametrize(
    ("user_agent", "expected"),
    [
        (WINDOWS_FIREFOX, "Firefox unter Windows"),
        (WINDOWS_EDGE, "Edge unter Windows"),
        (MAC_SAFARI, "Safari unter macOS"),
        (IPHONE_SAFARI, "Safari unter iOS"),
        (IPHONE_CHROME, "Chrome unter iOS"),
        (ANDROID_SAMSUNG, "Samsung Internet unter Android"),
        (ANDROID_CHROME, "Chrome unter Android"),
        (LINUX_OPERA, "Opera unter Linux"),
        (CHROMEBOOK, "Chrome unter ChromeOS"),
    ],
)
def test_browser_and_system_are_named_in_words(user_agent, expected):
    with translation.override("de"):
        assert describe(user_agent) == expected


def test_what_is_not_recognised_is_said_so():
    with translation.override("de"):
        assert describe("curl/8.5.0") == "Unbekannter Browser"
        assert describe("") == "Unbekannter Browser"
        assert describe(None) == "Unbekannter Browser"
        assert describe("SomeBot/1.0 (Windows NT 10.0)") == "Unbekannter Browser unter Windows"
        assert describe("Mozilla/5.0 Firefox/128.0") == "Firefox"
