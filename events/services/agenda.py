"""A meeting's agenda: items in order, edited with conflict detection."""

from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from events.access import require_moderator
from events.models import (
    AgendaItem,
    Meeting,
)
from events.services.minutes import require_open_record
from lib.conflicts import EditConflict
from networks.models import User


def add_agenda_item(*, item: AgendaItem, user: User) -> AgendaItem:
    require_moderator(user, item.meeting.network_id)
    with transaction.atomic():
        Meeting.objects.select_for_update().get(pk=item.meeting_id)
        require_open_record(item.meeting)
        last = item.meeting.agenda_items.aggregate(last=Max("position"))["last"] or 0
        item.position = last + 1
        item.full_clean()
        item.save()
    return item


def update_agenda_item(*, item: AgendaItem, user: User, base_version: int) -> AgendaItem:
    require_moderator(user, item.meeting.network_id)
    with transaction.atomic():
        Meeting.objects.select_for_update().get(pk=item.meeting_id)
        require_open_record(item.meeting)
        current = item.lock_for_edit(base_version, conflict=_agenda_conflict)
        item.position = current.position
        item.full_clean()
        item.save()
    return item


def _agenda_conflict(current: AgendaItem, loaded_version: int | None) -> EditConflict:
    return EditConflict(
        _(
            "Jemand hat diesen Tagesordnungspunkt inzwischen geändert. Ihre Änderungen "
            "sind noch nicht gespeichert: Bitte prüfen Sie den aktuellen Stand."
        ),
        current=current,
    )


def remove_agenda_item(*, item: AgendaItem, user: User) -> None:
    require_moderator(user, item.meeting.network_id)
    with transaction.atomic():
        Meeting.objects.select_for_update().get(pk=item.meeting_id)
        require_open_record(item.meeting)
        meeting_items = AgendaItem.objects.filter(meeting_id=item.meeting_id)
        deleted, _rows = meeting_items.filter(pk=item.pk).delete()
        if deleted:
            for position, pk in enumerate(meeting_items.values_list("pk", flat=True), 1):
                meeting_items.filter(pk=pk).update(position=position)


def move_agenda_item(*, item: AgendaItem, user: User, up: bool) -> None:
    """Swap the item with its neighbour above or below; nothing at either end."""
    require_moderator(user, item.meeting.network_id)
    with transaction.atomic():
        Meeting.objects.select_for_update().get(pk=item.meeting_id)
        require_open_record(item.meeting)
        item = AgendaItem.objects.get(pk=item.pk)
        siblings = AgendaItem.objects.filter(meeting_id=item.meeting_id)
        neighbour = (
            siblings.filter(position__lt=item.position).order_by("-position").first()
            if up
            else siblings.filter(position__gt=item.position).order_by("position").first()
        )
        if neighbour is None:
            return
        mine, theirs = item.position, neighbour.position
        # Through a free position, since (meeting, position) is unique at every step.
        free = (siblings.aggregate(last=Max("position"))["last"] or 0) + 1
        siblings.filter(pk=item.pk).update(position=free)
        # Both read under the meeting's lock, which every change of its agenda takes.
        neighbour.position, item.position = mine, theirs
        neighbour.save(update_fields=["position", "version"])  # raises the version
        item.save(update_fields=["position", "version"])
