"""Multi-object writes of the networks app: invitations into roles."""

import datetime
import hashlib
import secrets
from collections.abc import Iterable

from allauth.account.models import EmailAddress
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from lib.conflicts import EditConflict, when_text
from lib.documents import delete_with_file
from lib.mail import queue_mail_to_each
from lib.uploads import check_image, check_logo, image_without_metadata
from networks.access import require_network_editor
from networks.models import (
    FocusArea,
    Invitation,
    Membership,
    Network,
    NetworkPhoto,
    Organisation,
    OrganisationLogo,
    Participation,
    User,
)


class InvitationError(Exception):
    """An invitation link that cannot be used; `state` says why."""

    def __init__(self, state: str):
        super().__init__(state)
        self.state = state


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _send(invitation: Invitation, token: str) -> None:
    link = settings.PORTAL_BASE_URL + reverse("accept_invitation", args=[token])
    context = {
        "invitation": invitation,
        "link": link,
        "inviter": invitation.invited_by,
        "valid_days": settings.INVITATION_VALID_DAYS,
    }
    # In the invitee's language if they have an account already, else the portal's first.
    existing = User.objects.filter(email__iexact=invitation.email).first()
    # Queued in the caller's transaction: the invitation is never saved without its mail.
    queue_mail_to_each(
        [invitation],
        "invitation",
        lambda invitation: context,
        person=lambda invitation: existing,
        to=lambda invitation: invitation.email,
    )


def new_token(invitation: Invitation) -> str:
    """Give the invitation a fresh link token, valid for the full period; return the token."""
    token = secrets.token_urlsafe(32)
    now = timezone.now()
    invitation.token_hash = _hash(token)
    invitation.sent_at = now
    invitation.expires_at = now + datetime.timedelta(days=settings.INVITATION_VALID_DAYS)
    return token


def invite(*, inviter: User, invitation: Invitation, notify: bool = True) -> Invitation:
    """Save a new invitation (email and role scope filled in) and mail its link.

    notify=False records it without a mail (the demo data uses it)."""
    if not invitation.may_be_sent_by(inviter):
        raise PermissionDenied
    invitation.email = User.objects.normalize_email(invitation.email).lower()
    invitation.invited_by = inviter
    token = new_token(invitation)
    with transaction.atomic():
        invitation.full_clean()
        invitation.save()
        if notify:
            _send(invitation, token)
    return invitation


def _require_manager(user: User, invitation: Invitation) -> None:
    """Only the invitation's organisation (or an administrator) re-sends or revokes it."""
    if not Invitation.objects.managed_by(user).filter(pk=invitation.pk).exists():
        raise PermissionDenied


def resend_invitation(*, invitation: Invitation, user: User) -> Invitation:
    """A new link, valid for the full period again; the old link stops working."""
    _require_manager(user, invitation)
    with transaction.atomic():
        invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
        if invitation.accepted_at or invitation.revoked_at:
            raise ValidationError(_("Angenommene oder widerrufene Einladungen gehen nicht neu."))
        token = new_token(invitation)
        invitation.save(update_fields=["token_hash", "sent_at", "expires_at"])
        _send(invitation, token)
    return invitation


def revoke_invitation(*, invitation: Invitation, user: User) -> Invitation:
    _require_manager(user, invitation)
    with transaction.atomic():
        invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
        if invitation.accepted_at:
            raise ValidationError(_("Eine angenommene Einladung kann nicht widerrufen werden."))
        if not invitation.revoked_at:
            invitation.revoked_at = timezone.now()
            invitation.save(update_fields=["revoked_at"])
    return invitation


def find_invitation(token: str) -> Invitation:
    """The invitation of a usable link; InvitationError with the reason otherwise."""
    invitation = (
        Invitation.objects.select_related("organisation", "network", "municipality")
        .filter(token_hash=_hash(token))
        .first()
    )
    if invitation is None:
        raise InvitationError("invalid")
    state = invitation.state()
    if state != Invitation.State.PENDING:
        raise InvitationError(state)
    return invitation


def accept_invitation(
    *, token: str, name: str = "", password: str | None = None, language: str = "de"
) -> User:
    """Accept an invitation once: the account (new, or existing for that address) gets
    the membership, and the address counts as verified."""
    with transaction.atomic():
        invitation = find_invitation(token)
        invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
        if invitation.state() != Invitation.State.PENDING:
            raise InvitationError(invitation.state())
        user = User.objects.filter(email__iexact=invitation.email).first()
        if user is None:
            if not password:
                raise ValueError("A new account needs a password.")
            user = User.objects.create_user(
                invitation.email, password, name=name, language=language
            )
        Membership.objects.get_or_create(
            user=user, **invitation.unique_scope(), defaults=invitation.scope_fields()
        )
        address, _created = EmailAddress.objects.get_or_create(
            user=user, email=invitation.email, defaults={"primary": True, "verified": True}
        )
        if not address.verified:
            address.verified = True
            address.save(update_fields=["verified"])
        invitation.accepted_at = timezone.now()
        invitation.accepted_by = user
        invitation.save(update_fields=["accepted_at", "accepted_by"])
    return user


def remove_participant(*, participation: Participation, user: User) -> None:
    """Take a municipality out of a network it never worked in; one with measures
    leaves with a leaving date instead, so its history stays."""
    require_network_editor(user, participation.network_id)
    if participation.measures.exists():
        raise ValidationError(
            _(
                "%(municipality)s hat schon Maßnahmen in diesem Netzwerk. Bitte statt "
                "dessen ein Austrittsdatum eintragen."
            )
            % {"municipality": participation.municipality}
        )
    participation.delete()


def update_network(
    *,
    network: Network,
    user: User,
    base_version: int,
    focus_areas: Iterable[FocusArea],
    service_providers: Iterable[Organisation],
) -> Network:
    """Save a coordinator's edit of a network (its focus areas and service providers
    given apart, as they are relations) unless somebody changed the network since
    `base_version`, the version the edit was based on; then nothing is saved."""
    with transaction.atomic():
        require_network_editor(user, network.pk)
        network.lock_for_edit(base_version, conflict=_network_conflict)
        network.full_clean()
        network.save()
        network.focus_areas.set(focus_areas)
        network.service_providers.set(service_providers)
    return network


def _network_conflict(current: Network, loaded_version: int | None) -> EditConflict:
    return EditConflict(
        _(
            "Das Netzwerk wurde inzwischen geändert (%(when)s). Ihre Änderungen sind "
            "nicht gespeichert: bitte die Seite neu laden und erneut eintragen."
        )
        % {"when": when_text(current.updated_at)},
        current=current,
    )


def add_network_photo(
    *, network: Network, user: User, upload, alt_text: str, caption: str = ""
) -> NetworkPhoto:
    """Store an uploaded photo under a random name once its content proved to be an
    image, without its metadata (a photo's EXIF may hold where it was taken)."""
    require_network_editor(user, network.pk)
    extension = check_image(upload)
    photo = NetworkPhoto(network=network, alt_text=alt_text.strip(), caption=caption.strip())
    photo.full_clean(exclude=["image"])
    with transaction.atomic():
        content = image_without_metadata(upload, extension)
        photo.image.save(content.name, content, save=False)  # renamed by photo_path
        photo.save()
    return photo


def add_organisation_logo(*, organisation, upload, ordering: int = 0) -> OrganisationLogo:
    """Store an organisation's logo (a PNG or JPEG, never SVG) under a random name,
    without its metadata. The administrator's upload (networks.admin) checks the same;
    this is the demo's way in, which has no request to check a person by."""
    extension = check_logo(upload)
    logo = OrganisationLogo(organisation=organisation, ordering=ordering)
    with transaction.atomic():
        content = image_without_metadata(upload, extension)
        logo.image.save(content.name, content, save=False)  # renamed by logo_path
        logo.full_clean()
        logo.save()
    return logo


def delete_network_photo(*, photo: NetworkPhoto, user: User) -> None:
    require_network_editor(user, photo.network_id)
    delete_with_file(photo, "image")
