"""The request limit: API_REQUESTS_PER_MINUTE per token (per person for a session),
counted in the cache; beyond it 429 with Retry-After."""

from django.conf import settings
from rest_framework.throttling import SimpleRateThrottle


class PerTokenThrottle(SimpleRateThrottle):
    scope = "api"

    def get_cache_key(self, request, view):
        if request.auth is not None:  # a token: each has its own budget
            ident = f"token-{request.auth.pk}"
        elif request.user and request.user.is_authenticated:
            ident = f"user-{request.user.pk}"
        else:
            ident = f"address-{self.get_ident(request)}"
        return self.cache_format % {"scope": self.scope, "ident": ident}

    def get_rate(self) -> str:
        # Read at each request, not once at import, so the setting is the one in force.
        return f"{settings.API_REQUESTS_PER_MINUTE}/min"
