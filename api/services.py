"""Creating and revoking personal API tokens."""

import datetime
import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import ngettext

from api.models import PREFIX_LENGTH, TOKEN_START, ApiToken, hash_key


def new_key() -> str:
    """A fresh token: "kn_" and 40 random URL-safe characters (240 bits)."""
    return TOKEN_START + secrets.token_urlsafe(30)


@transaction.atomic
def create_token(*, user, name: str, expires_on: datetime.date, key: str | None = None):
    """A new token for the person; returns it with its secret, which is shown once and
    kept nowhere (only its hash). `key` is for the demo's documented token only.

    Refused with a ValidationError once the person holds API_TOKENS_PER_PERSON active
    tokens. The person's row is locked while counting, so two requests at once cannot
    both pass the count."""
    get_user_model()._default_manager.select_for_update().only("pk").get(pk=user.pk)
    limit = settings.API_TOKENS_PER_PERSON
    if ApiToken.objects.filter(user=user).active().count() >= limit:
        raise ValidationError(
            ngettext(
                "Sie haben bereits %(count)s aktiven API-Schlüssel. Widerrufen Sie ihn, "
                "bevor Sie einen neuen anlegen.",
                "Sie haben bereits %(count)s aktive API-Schlüssel. Widerrufen Sie einen, "
                "bevor Sie einen neuen anlegen.",
                limit,
            )
            % {"count": limit},
            code="too_many_tokens",
        )
    key = key or new_key()
    token = ApiToken(
        user=user,
        name=name.strip(),
        expires_on=expires_on,
        prefix=key[: len(TOKEN_START) + PREFIX_LENGTH],
        key_hash=hash_key(key),
    )
    token.full_clean()
    token.save()
    return token, key


@transaction.atomic
def revoke_token(*, token: ApiToken, user) -> ApiToken:
    """The owner revokes a token: it stops working at once, and stays listed."""
    if token.user_id != user.pk:
        raise PermissionDenied
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
    return token
