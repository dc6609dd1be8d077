"""What the meeting pages ask before an irreversible action (lib.confirm): the
form shows the question in a dialog, the view asks it on a page without JavaScript."""

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from events.models import AgendaItem, Meeting
from lib.confirm import Question


def cancel_question(meeting: Meeting, invitees: int | None = None) -> Question:
    """`invitees`: how many are invited, where the caller has counted them already."""
    if invitees is None:
        invitees = meeting.invitees.count()
    count = invitees if meeting.invited_at else 0
    if count:
        consequence = ngettext(
            "%(count)s Eingeladene Person erhält eine Absage; ihr Kalender entfernt den Termin.",
            "%(count)s Eingeladene erhalten eine Absage; ihr Kalender entfernt den Termin.",
            count,
        ) % {"count": count}
    else:
        consequence = _("Niemand ist eingeladen; das Treffen wird als abgesagt vermerkt.")
    return Question(title=_("Treffen absagen?"), consequence=consequence,
                    confirm=_("Ja, Treffen absagen"))  # fmt: skip


def finalise_question(meeting: Meeting) -> Question:
    return Question(
        title=_("Protokoll endgültig abschließen?"),
        consequence=_(
            "Danach sind Protokoll, Beschlüsse und Aufgaben, Tagesordnung und Anwesenheit "
            "gesperrt; ändern lässt sich das nur, wenn die Koordination das Protokoll "
            "wieder öffnet, und das wird vermerkt."
        ),
        confirm=_("Ja, abschließen"),
    )


def agenda_item_question(item: AgendaItem) -> Question:
    return Question(
        title=_("Tagesordnungspunkt entfernen?"),
        consequence=_("„%(title)s“ wird aus der Tagesordnung entfernt.") % {"title": item.title},
        confirm=_("Ja, entfernen"),
    )
