from allauth.account.adapter import DefaultAccountAdapter
from allauth.core.internal.ratelimit import get_ip


class AccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request) -> bool:
        # People join by invitation only (networks.services.accept_invitation).
        return False

    def _get_login_attempts_cache_key(self, request, **credentials) -> str:
        # allauth counts failed logins per account from every address, so anyone who knows
        # an address could lock its owner out; the portal counts them per account and
        # client address (IPv6 by /64 prefix, as allauth's per-address limits do).
        key = super()._get_login_attempts_cache_key(request, **credentials)
        return f"{key}:{get_ip(request)}"
