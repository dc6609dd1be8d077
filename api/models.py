"""Personal API tokens: a person's key for the read-only API (api/), stored hashed."""

import datetime
import hashlib

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Cast
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from lib.constraints import ChecksMirroredInClean
from lib.dates import in_sane_range

# A token reads "kn_" + the prefix shown in lists + the secret's rest.
TOKEN_START = "kn_"  # noqa: S105  (the start of every token, not a secret)
PREFIX_LENGTH = 8


def hash_key(key: str) -> str:
    """The SHA-256 of a whole token, as stored: the token itself is never kept.
    A token is 40 random characters, so a plain (unsalted) hash is as safe as the
    token is unguessable, and finding it by its hash takes one indexed query."""
    return hashlib.sha256(key.encode()).hexdigest()


class ApiTokenQuerySet(models.QuerySet):
    def active(self, today: datetime.date | None = None) -> "ApiTokenQuerySet":
        """Tokens that still open the API: not revoked and not expired."""
        return self.filter(revoked_at__isnull=True, expires_on__gte=today or timezone.localdate())


class ApiToken(ChecksMirroredInClean, models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="api_tokens",
        verbose_name=_("Person"),
    )
    name = models.CharField(
        _("Name"), max_length=100, help_text=_("Wofür der Schlüssel ist, z. B. „Dashboard“.")
    )
    prefix = models.CharField(_("Anfang des Schlüssels"), max_length=20, editable=False)
    key_hash = models.CharField(_("SHA-256 des Schlüssels"), max_length=64, editable=False)
    created_at = models.DateTimeField(_("angelegt am"), default=timezone.now, editable=False)
    expires_on = models.DateField(_("gültig bis"))
    last_used_at = models.DateTimeField(_("zuletzt benutzt"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("widerrufen am"), null=True, blank=True)

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        verbose_name = _("API-Schlüssel")
        verbose_name_plural = _("API-Schlüssel")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["key_hash"], name="api_apitoken_unique_key_hash"),
            models.CheckConstraint(
                condition=Q(key_hash__regex=r"^[0-9a-f]{64}$"), name="api_apitoken_key_hash"
            ),
            models.CheckConstraint(condition=~Q(prefix=""), name="api_apitoken_prefix"),
            models.CheckConstraint(condition=~Q(name=""), name="api_apitoken_name"),
            models.CheckConstraint(
                condition=in_sane_range("expires_on"), name="api_apitoken_expires_on_range"
            ),
            # Not before the day it was made (UTC, as the database compares it).
            models.CheckConstraint(
                condition=Q(expires_on__gte=Cast("created_at", models.DateField())),
                name="api_apitoken_expires_after_creation",
            ),
            models.CheckConstraint(
                condition=Q(revoked_at__isnull=True) | Q(revoked_at__gte=F("created_at")),
                name="api_apitoken_revoked_after_creation",
            ),
            models.CheckConstraint(
                condition=Q(last_used_at__isnull=True) | Q(last_used_at__gte=F("created_at")),
                name="api_apitoken_used_after_creation",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    def clean(self) -> None:
        super().clean()
        errors = {}
        if not (self.name or "").strip():
            errors["name"] = _("Bitte einen Namen angeben.")
        if self.expires_on is not None:
            errors.update(expiry_errors(self.expires_on, timezone.localdate()))
        if errors:
            raise ValidationError(errors)

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None

    def is_expired(self, today: datetime.date | None = None) -> bool:
        return self.expires_on < (today or timezone.localdate())

    @property
    def is_active(self) -> bool:
        return not self.is_revoked and not self.is_expired()


def expiry_errors(expires_on: datetime.date, today: datetime.date) -> dict:
    """The expiry's rule with its message: from today to API_TOKEN_MAX_DAYS ahead."""
    latest = today + datetime.timedelta(days=settings.API_TOKEN_MAX_DAYS)
    if expires_on < today:
        return {"expires_on": _("Das Ablaufdatum darf nicht in der Vergangenheit liegen.")}
    if expires_on > latest:
        return {
            "expires_on": _("Ein Schlüssel gilt höchstens bis %(day)s (ein Jahr).")
            % {"day": date_format(latest, "SHORT_DATE_FORMAT")}
        }
    return {}
