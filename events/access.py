"""Object access for the events views (404 for outsiders, 403 for members who only
read) and the check every writing service makes (`require_moderator`).

The rules live in MeetingQuerySet.for_user() and moderated_by() and in
Network.objects.is_editable_by() (coordinators, who alone reopen final minutes;
services check it with networks.access.require_network_editor).
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404

from events.models import ActionItem, Invitee, Meeting
from networks.models import Network, User


def require_moderator(user, network_id: int) -> None:
    """Services that write a meeting's record check who calls them (see README, house
    style): coordinators and the network's service providers moderate."""
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
