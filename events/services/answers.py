"""Answers to invitations: answer links (RSVP tokens), who may still answer, substitutes."""

import datetime

from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from events.access import may_answer
from events.models import (
    Invitee,
)
from networks.models import Membership, User

RSVP_SALT = "events.rsvp"
RSVP_MAX_AGE = datetime.timedelta(days=365)
ANSWER_CLOSED = gettext_lazy(
    "Sie gehören nicht mehr zum Netzwerk dieses Treffens (oder Ihr Konto ist gesperrt) und "
    "können deshalb nicht mehr antworten. Wenn das ein Irrtum ist, wenden Sie sich bitte an "
    "die Koordination des Netzwerks."
)


def rsvp_token(invitee: Invitee) -> str:
    return signing.dumps({"i": invitee.pk}, salt=RSVP_SALT, compress=True)


def invitee_from_token(token: str) -> Invitee | None:
    try:
        data = signing.loads(token, salt=RSVP_SALT, max_age=RSVP_MAX_AGE)
    except signing.BadSignature:
        return None
    return (
        Invitee.objects.select_related("meeting__network", "user", "municipality")
        .filter(pk=data.get("i"))
        .first()
    )


def substitutes_for(invitee: Invitee):
    """People who may stand in for a climate manager: the other climate managers of
    their municipality in the meeting's network."""
    if not invitee.municipality_id:
        return User.objects.none()
    colleagues = Membership.objects.climate_managers_in(
        invitee.meeting.network, [invitee.municipality_id]
    )
    return User.objects.filter(pk__in=colleagues.values("user")).exclude(pk=invitee.user_id)


def answer_invitation(
    *,
    invitee: Invitee,
    answer: str,
    substitute: User | None = None,
    substitute_name: str = "",
    comment: str = "",
) -> Invitee:
    if not may_answer(invitee):
        raise PermissionDenied(ANSWER_CLOSED)
    if invitee.meeting.is_cancelled:
        raise ValidationError(_("Das Treffen ist abgesagt."))
    if invitee.meeting.is_past():
        raise ValidationError(_("Das Treffen ist vorbei; Antworten sind nicht mehr möglich."))
    if substitute is not None and not substitutes_for(invitee).filter(pk=substitute.pk).exists():
        raise ValidationError({"substitute": _("Vertreten kann nur jemand aus Ihrer Kommune.")})
    invitee.answer = answer
    invitee.answered_at = timezone.now()
    invitee.substitute = substitute
    invitee.substitute_name = substitute_name.strip() if substitute is None else ""
    invitee.comment = comment.strip()
    invitee.full_clean()
    invitee.save()
    return invitee
