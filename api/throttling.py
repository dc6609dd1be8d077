"""The request limits, counted in the cache; beyond them 429 with Retry-After.

- API_REQUESTS_PER_MINUTE per token (per person for a session), checked by DRF after
  authentication (PerTokenThrottle).
- API_ANONYMOUS_REQUESTS_PER_MINUTE per client address for requests that bring no
  valid credentials: none (the public schema and reference page, or a forgotten
  header) or a key that opens nothing. DRF authenticates before it throttles, and a
  failed authentication ends the request, so these are counted before authentication
  (`limit_by_address`, called first in every API view's `initial`). An address that
  has used up its minute waits, whatever it sends, until the minute is over.

The client's address is the one the login limits use (allauth, TRUSTED_PROXY_COUNT
behind a proxy, IPv6 by its /64 prefix)."""

from allauth.core.internal.ratelimit import get_ip
from django.conf import settings
from rest_framework import exceptions
from rest_framework.throttling import SimpleRateThrottle


class PerTokenThrottle(SimpleRateThrottle):
    scope = "api"

    def get_cache_key(self, request, view):
        if request.auth is not None:  # a token: each has its own budget
            ident = f"token-{request.auth.pk}"
        elif request.user and request.user.is_authenticated:
            ident = f"user-{request.user.pk}"
        else:  # counted by address before authentication (limit_by_address)
            return None
        return self.cache_format % {"scope": self.scope, "ident": ident}

    def get_rate(self) -> str:
        # Read at each request, not once at import, so the setting is the one in force.
        return f"{settings.API_REQUESTS_PER_MINUTE}/min"


class AddressThrottle(SimpleRateThrottle):
    """Requests without valid credentials, per client address. Unlike DRF's throttles
    it looks (`used_up`) before it counts (`count`): only what turns out to bring no
    valid credentials is counted."""

    scope = "api-address"

    def get_cache_key(self, request, view):
        return self.cache_format % {"scope": self.scope, "ident": get_ip(request._request)}

    def get_rate(self) -> str:
        return f"{settings.API_ANONYMOUS_REQUESTS_PER_MINUTE}/min"

    def used_up(self, request, view) -> bool:
        self.key = self.get_cache_key(request, view)
        self.now = self.timer()
        self.history = [t for t in self.cache.get(self.key, []) if t > self.now - self.duration]
        return len(self.history) >= self.num_requests

    def count(self) -> None:
        self.throttle_success()  # adds this request to the history read by used_up


def limit_by_address(request, view) -> None:
    """429 for an address that has used up its minute; otherwise authenticates the
    request (as DRF would next) and counts it for the address if it brought no valid
    credentials."""
    throttle = AddressThrottle()
    if throttle.used_up(request, view):
        raise exceptions.Throttled(throttle.wait())
    try:
        user = request.user  # authenticates: a bad key raises AuthenticationFailed
    except exceptions.AuthenticationFailed:
        throttle.count()
        raise
    if not user.is_authenticated:
        throttle.count()
