"""Action items of the minutes: adding, ticking off, turning one into a measure."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from events.access import may_tick, require_moderator
from events.models import (
    ActionItem,
)
from events.services.minutes import require_open_minutes
from measures.models import Measure
from measures.services import save_measure
from networks.access import require_network_editor
from networks.models import Participation, User


def add_action_item(*, item: ActionItem, user: User) -> ActionItem:
    require_moderator(user, item.meeting.network_id)
    require_open_minutes(item.meeting)
    item.full_clean()
    item.save()
    return item


def delete_action_item(*, item: ActionItem, user: User) -> None:
    require_moderator(user, item.meeting.network_id)
    require_open_minutes(item.meeting)
    item.delete()


def set_action_item_done(*, item: ActionItem, user: User, done: bool) -> ActionItem:
    """Ticking an item off stays possible after the minutes are final: the work is
    done later."""
    if not may_tick(user, item):
        raise PermissionDenied
    item.done = done
    item.done_at = timezone.now() if done else None
    item.save(update_fields=["done", "done_at"])
    return item


def action_item_to_measure(*, item: ActionItem, user: User, focus_area) -> Measure:
    """A planned measure of the responsible municipality in the meeting's network,
    linked to the action item."""
    require_network_editor(user, item.meeting.network_id)
    meeting = item.meeting
    with transaction.atomic():
        # Locked and read again: the same item sent twice at once (a double click)
        # gives one measure; the second finds it linked and is refused.
        locked = ActionItem.objects.select_for_update().get(pk=item.pk)
        if locked.measure_id:
            raise ValidationError(_("Aus dieser Aufgabe ist schon eine Maßnahme entstanden."))
        participation = Participation.objects.filter(
            network=meeting.network_id, municipality=locked.responsible_municipality_id
        ).first()
        if participation is None:
            raise ValidationError(
                _("Die Aufgabe braucht eine verantwortliche Kommune, die am Netzwerk teilnimmt.")
            )
        measure = Measure(
            participation=participation,
            focus_area=focus_area,
            title=" ".join(locked.text.split())[:200],
            description=_("Aus der Aufgabe des Treffens „%(meeting)s“ vom %(date)s.")
            % {
                "meeting": meeting.title,
                "date": date_format(timezone.localtime(meeting.starts_at), "SHORT_DATE_FORMAT"),
            },
            responsible=locked.responsible_person_name(),
            planned_end=locked.due_on,
        )
        save_measure(measure=measure, user=user)
        locked.measure = measure
        locked.save(update_fields=["measure"])
    item.measure = measure
    return measure
