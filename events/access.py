"""Object access for the events views (404 for outsiders, 403 for members who only
read), the check every writing service makes (`require_moderator`) and what a person
may see of a meeting (`meeting_parts_for`).

The rules live in MeetingQuerySet.for_user(), moderated_by(), with_names_for() and
with_record_for() and in Network.objects.is_editable_by() (coordinators, who alone
reopen final minutes and share a meeting's record with the funder; services check it
with networks.access.require_network_editor).
"""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404

from events.models import ActionItem, Invitee, Meeting
from networks.models import Network, User


def require_moderator(user, network_id: int) -> None:
    """Services that write a meeting's record check who calls them
    (docs/development/rules.md): coordinators and the network's service providers
    moderate."""
    if not Network.objects.moderated_by(user).filter(pk=network_id).exists():
        raise PermissionDenied


def get_meeting_for(user, pk: int) -> tuple[Meeting, bool]:
    """The meeting if the person belongs to its network (else 404), and whether they
    moderate it (coordinators and the network's service providers)."""
    meeting = get_object_or_404(
        Meeting.objects.for_user(user).select_related("network__coordinator", "moderator"),
        pk=pk,
    )
    return meeting, Meeting.objects.moderated_by(user).filter(pk=meeting.pk).exists()


@dataclass(frozen=True)
class MeetingParts:
    """What a person may see of a meeting beyond what every member of its network
    sees (date, time, kind, place, agenda, attendance counted per municipality):
    `names` of the people invited and present, `minutes` (final, with decisions and
    tasks) and `files` (attachments)."""

    names: bool
    minutes: bool
    files: bool


EVERYTHING = MeetingParts(names=True, minutes=True, files=True)


def meeting_parts_for(user, meeting: Meeting) -> MeetingParts:
    """The one rule every page, PDF and download of a meeting follows: the network's
    coordination, service providers and climate managers see everything (drafts stay
    the moderators', Minutes.shown_to); its funder sees no names, and the minutes and
    attachments only once the coordination shared them (Meeting.shared_with_funder)."""
    if sees_names(user, meeting.network_id):
        return EVERYTHING
    shared = Meeting.objects.with_record_for(user).filter(pk=meeting.pk).exists()
    return MeetingParts(names=False, minutes=shared, files=shared)


def sees_names(user, network_id: int) -> bool:
    """Whether a person sees who was invited to, presents at and attended the
    network's meetings (see networks_with_names)."""
    return networks_with_names(user).filter(pk=network_id).exists()


def networks_with_names(user):
    """The networks whose meetings' people (invited, presenting, present by name) a
    person sees: those they belong to other than as the funder
    (MeetingQuerySet.with_names_for). The pages ask sees_names, the API this, for a
    whole list at once."""
    return Network.objects.with_readable_measures(user)


def get_meeting_to_moderate(user, pk: int) -> Meeting:
    meeting, can_moderate = get_meeting_for(user, pk)
    if not can_moderate:
        raise PermissionDenied
    return meeting


def get_network_for(user, slug: str) -> tuple[Network, bool]:
    """A network for its meeting list if the person belongs to it (else 404), and
    whether they moderate its meetings."""
    network = get_object_or_404(Network.objects.for_user(user), slug=slug)
    return network, Network.objects.moderated_by(user).filter(pk=network.pk).exists()


def require_member(user) -> None:
    """404 for people in no network: they have no meetings to list."""
    if not Network.objects.for_user(user).exists():
        raise Http404


def get_own_invitation(user, meeting: Meeting) -> Invitee:
    """The person's invitation to the meeting; 403 for members who were not invited."""
    invitee = meeting.invitees.filter(user=user).first()
    if invitee is None:
        raise PermissionDenied
    return invitee


def get_network_to_moderate(user, slug: str) -> Network:
    network = get_object_or_404(Network.objects.for_user(user), slug=slug)
    if not Network.objects.moderated_by(user).filter(pk=network.pk).exists():
        raise PermissionDenied
    return network


def may_tick(user: User, item: ActionItem) -> bool:
    """Moderators of the meeting and the people responsible tick an item off."""
    return (
        Meeting.objects.moderated_by(user).filter(pk=item.meeting_id).exists()
        or ActionItem.objects.responsible(user).filter(pk=item.pk).exists()
    )


def may_answer(invitee: Invitee) -> bool:
    """Whether the invitee may still answer and hear about the meeting: their account
    is active and still opens the meeting's network. When a membership ends, the
    answer link in earlier mails stops working and no more updates or reminders go."""
    user = invitee.user
    return user.is_active and Meeting.objects.for_user(user).filter(pk=invitee.meeting_id).exists()
