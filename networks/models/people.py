"""People: accounts that sign in with an e-mail address; there are no usernames."""

from typing import TYPE_CHECKING

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from networks.models.roles import Role

if TYPE_CHECKING:
    from networks.models.networks import Network


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email: str, password: str | None, **extra_fields):
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email: str, password: str | None = None, **extra_fields):
        extra_fields["is_staff"] = True
        extra_fields["is_superuser"] = True
        return self._create_user(email, password, **extra_fields)

    def moderators_of(self, network: "Network"):
        """The people who may moderate a network's meetings: its coordinator's staff and
        its service providers' staff (the people for whom Network.objects.moderated_by
        lists it, administrators aside)."""
        return (
            self.filter(is_active=True)
            .filter(
                Q(
                    memberships__role=Role.COORDINATOR,
                    memberships__organisation=network.coordinator_id,
                )
                | Q(memberships__role=Role.SERVICE_PROVIDER, memberships__network=network)
            )
            .distinct()
            .order_by("name", "email")
        )


class User(AbstractBaseUser, PermissionsMixin):
    """A person who signs in with an e-mail address; there are no usernames."""

    email = models.EmailField(_("E-Mail-Adresse"), max_length=254, unique=True)
    name = models.CharField(_("Name"), max_length=150, blank=True)
    language = models.CharField(
        _("Sprache"), max_length=8, choices=settings.LANGUAGES, default="de"
    )
    is_staff = models.BooleanField(
        _("Zugang zur Verwaltung"),
        default=False,
        help_text=_("Darf sich an der Verwaltungsoberfläche anmelden."),
    )
    is_active = models.BooleanField(_("aktiv"), default=True)
    date_joined = models.DateTimeField(_("registriert am"), default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    class Meta:
        verbose_name = _("Person")
        verbose_name_plural = _("Personen")
        ordering = ["name", "email"]
        constraints = [
            models.UniqueConstraint(Lower("email"), name="networks_user_unique_email"),
        ]

    def __str__(self) -> str:
        return f"{self.name} <{self.email}>" if self.name else self.email

    def clean(self) -> None:
        super().clean()
        self.email = self.__class__.objects.normalize_email(self.email).lower()
        clash = User.objects.filter(email__iexact=self.email).exclude(pk=self.pk)
        if self.email and clash.exists():
            raise ValidationError(
                {"email": _("Es gibt schon eine Person mit dieser E-Mail-Adresse.")}
            )

    def get_full_name(self) -> str:
        return self.name or self.email

    def must_use_second_factor(self) -> bool:
        """Coordinators and administrators must use a second factor (portal.middleware)."""
        return self.is_superuser or self.memberships.filter(role=Role.COORDINATOR).exists()

    def get_short_name(self) -> str:
        return self.name or self.email
