"""Who calls the API: a personal token (`Authorization: Bearer <token>`, or `Token`),
or the signed-in browser session. A token acts as its person, read-only, while they
are active and hold a role; its last use is written at most once a minute."""

import datetime

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rest_framework import authentication, exceptions

from api.models import ApiToken, hash_key
from networks.models import Membership

# Compared as bytes: a header is whatever the client sent, not necessarily UTF-8.
KEYWORDS = (b"bearer", b"token")
# Writing the last use on every request would make each read a write.
LAST_USE_EVERY = datetime.timedelta(minutes=1)


def holds_a_role(user) -> bool:
    """Whether the person still reaches anything through a role: administrators, and
    active people with a membership. Memberships end by being removed (networks'
    admin and pages); a deactivated account ends them all."""
    if not user.is_active:
        return False
    return user.is_superuser or Membership.objects.filter(user=user).exists()


class TokenAuthentication(authentication.BaseAuthentication):
    def authenticate(self, request):
        header = authentication.get_authorization_header(request).split()
        if not header or header[0].lower() not in KEYWORDS:
            return None
        if len(header) != 2:
            raise exceptions.AuthenticationFailed(
                _("Ungültiger Authorization-Header: erwartet wird „Bearer <Schlüssel>“.")
            )
        try:
            key = header[1].decode()
        except UnicodeError as error:
            raise exceptions.AuthenticationFailed(
                _("Dieser API-Schlüssel ist unbekannt.")
            ) from error
        token = ApiToken.objects.select_related("user").filter(key_hash=hash_key(key)).first()
        if token is None:
            raise exceptions.AuthenticationFailed(_("Dieser API-Schlüssel ist unbekannt."))
        if token.is_revoked:
            raise exceptions.AuthenticationFailed(_("Dieser API-Schlüssel wurde widerrufen."))
        if token.is_expired():
            raise exceptions.AuthenticationFailed(_("Dieser API-Schlüssel ist abgelaufen."))
        if not holds_a_role(token.user):
            raise exceptions.AuthenticationFailed(
                _("Die Person dieses API-Schlüssels hat keine Rolle mehr im Portal.")
            )
        note_use(token)
        return token.user, token

    def authenticate_header(self, request) -> str:
        # A 401 (not 403) for requests without credentials, with how to send them.
        return 'Bearer realm="api"'


def note_use(token: ApiToken) -> None:
    """Record the token's last use, at most once a minute (one UPDATE, no read)."""
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at >= LAST_USE_EVERY:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now


class SessionAuthentication(authentication.SessionAuthentication):
    """The browser's session, for the reference page and a quick look. The API only
    reads (safe methods), so DRF's CSRF check never has anything to protect."""

    def enforce_csrf(self, request):
        return None
