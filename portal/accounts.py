from allauth.account.adapter import DefaultAccountAdapter
from allauth.core import context as allauth_context
from allauth.core.internal.ratelimit import get_ip
from django.contrib.sites.shortcuts import get_current_site

from lib.mail import queue_message


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

    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        # As allauth's own, but queued for the background worker like every mail of the
        # portal (lib.mail): retried when the server refuses it, never lost.
        request = allauth_context.request
        context = {"request": request, "email": email,
                   "current_site": get_current_site(request)} | context  # fmt: skip
        message = self.render_mail(template_prefix, email, context)
        queue_message(message, name=template_prefix.rsplit("/", 1)[-1])
