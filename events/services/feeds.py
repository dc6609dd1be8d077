"""Personal calendar feeds: a secret address per person, stored as a hash."""

import hashlib
import secrets

from django.utils import timezone

from events.models import (
    CalendarFeed,
)
from networks.models import User


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def renew_calendar_feed(*, user: User) -> str:
    """A new secret for the person's feed; the old address stops working."""
    token = secrets.token_urlsafe(32)
    CalendarFeed.objects.update_or_create(
        user=user, defaults={"token_hash": _hash(token), "created_at": timezone.now()}
    )
    return token


def feed_owner(token: str) -> User | None:
    feed = (
        CalendarFeed.objects.select_related("user")
        .filter(token_hash=_hash(token), user__is_active=True)
        .first()
    )
    if feed is None:
        return None
    CalendarFeed.objects.filter(pk=feed.pk).update(last_used_at=timezone.now())
    return feed.user
