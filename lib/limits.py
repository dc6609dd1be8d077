"""A limit on downloads rendered in the request; imports no app of the project.

A PDF from WeasyPrint or a workbook from openpyxl holds a server process for up to a
second or two, so one person clicking again and again (or a script) could keep every
process busy. `heavy_download` lets each person have one such render at a time and
HEAVY_DOWNLOADS_PER_MINUTE of them a minute; beyond that they get 429 with a
Retry-After header. The counts live in the cache, which is shared by all processes
when it is Redis (production); a local memory cache counts per process.
"""

import math
import time
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.shortcuts import render
from django.utils.translation import gettext as _

WINDOW_SECONDS = 60
# A lock outlives a render by far, and gunicorn's worker timeout (30 s by default) too:
# a process killed in the middle, before its `finally`, blocks its person this long.
LOCK_SECONDS = 60
# A running render takes about a second; asking again after this is worth it.
BUSY_RETRY_SECONDS = 3


def lock_key(user) -> str:
    """The cache key held while one of the person's heavy downloads renders."""
    return f"heavy-download:{user.pk}:running"


def heavy_download(view):
    """Decorates a view that renders a download in the request; goes below
    `login_required`, since the limit counts per person."""

    @wraps(view)
    def limited(request, *args, **kwargs):
        lock = lock_key(request.user)
        if not cache.add(lock, 1, timeout=LOCK_SECONDS):
            return _too_many(
                request,
                _(
                    "Bitte warten Sie einen Moment: Ihr letzter Bericht oder Export wird "
                    "noch erstellt. Versuchen Sie es danach noch einmal."
                ),
                BUSY_RETRY_SECONDS,
            )
        try:
            retry_after = _count(f"heavy-download:{request.user.pk}")
            if retry_after:
                return _too_many(
                    request,
                    _(
                        "Bitte warten Sie einen Moment: Sie haben in der letzten Minute "
                        "schon viele Berichte und Exporte erstellen lassen. Versuchen Sie "
                        "es spätestens in einer Minute noch einmal."
                    ),
                    retry_after,
                )
            return view(request, *args, **kwargs)
        finally:
            cache.delete(lock)

    return limited


def _count(person: str) -> int:
    """Counts one render in the person's current minute, which begins with their first
    render; the seconds until it ends if that was one too many, else 0."""
    now = time.time()
    began = cache.get_or_set(f"{person}:since", int(now), timeout=WINDOW_SECONDS)
    key = f"{person}:{began}"
    cache.add(key, 0, timeout=WINDOW_SECONDS + 1)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr: the minute is over
        cache.set(key, count := 1, timeout=WINDOW_SECONDS + 1)
    if count <= settings.HEAVY_DOWNLOADS_PER_MINUTE:
        return 0
    return max(1, math.ceil(began + WINDOW_SECONDS - now))


def _too_many(request, message: str, retry_after: int):
    response = render(request, "429.html", {"message": message}, status=429)
    response["Retry-After"] = str(retry_after)
    return response
