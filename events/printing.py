"""A meeting's printable record (agenda, attendance, minutes, decisions, tasks) as a
PDF: downloaded from the meeting page, and attached to the final minutes' mail."""

from django.utils import timezone
from django.utils.translation import gettext as _

from events.models import Meeting, Minutes
from lib.markup import render_markdown
from lib.pdf import render_pdf
from lib.uploads import file_slug
from networks.funding import for_print, funding_of


def attendance_by_municipality(meeting: Meeting) -> list[tuple[str, list]]:
    """The attendances grouped by municipality's name; those without one last."""
    groups: dict[str, list] = {}
    for entry in meeting.attendances.select_related("municipality"):
        label = entry.municipality.name if entry.municipality else _("ohne Kommune")
        groups.setdefault(label, []).append(entry)
    return sorted(groups.items(), key=lambda group: (group[0] == _("ohne Kommune"), group[0]))


def file_name(meeting: Meeting, suffix: str) -> str:
    """`2024-03-12-netzwerktreffen.pdf`: the meeting's day and title."""
    day = timezone.localtime(meeting.starts_at).date().isoformat()
    return f"{day}-{file_slug(meeting.title)[:60] or 'treffen'}.{suffix}"


def record_pdf(meeting: Meeting) -> bytes:
    """The record in the active language, with the minutes' final version (the last
    one after a reopen; none while they have never been final)."""
    minutes = Minutes.objects.filter(meeting=meeting).first()
    minutes = minutes.final_version() if minutes is not None else None
    context = {
        "meeting": meeting,
        "network": meeting.network,
        "agenda": meeting.agenda_with_times(),
        "attendance": attendance_by_municipality(meeting),
        "absent": meeting.not_represented(),
        "minutes": minutes,
        "minutes_html": render_markdown(minutes.text, top_heading=3) if minutes else "",
        "decisions": meeting.decisions.all(),
        "action_items": meeting.action_items.select_related(
            "responsible_municipality", "responsible_person"
        ),
        "printed_at": timezone.localtime(),
    }
    funding, logos = for_print(funding_of(meeting.network))
    return render_pdf("events/print/record.html", context | {"funding": funding}, images=logos)
