"""A meeting's printable record (agenda, attendance, minutes, decisions, tasks) as a
PDF: downloaded from the meeting page, and attached to the final minutes' mail."""

from django.utils import timezone
from django.utils.translation import gettext as _

from events.access import EVERYTHING, MeetingParts
from events.models import Meeting, Minutes
from lib.markup import render_markdown
from lib.pdf import render_pdf
from lib.uploads import file_slug
from networks.funding import for_print, funding_of


def attendance_by_municipality(meeting: Meeting, *, names: bool = True) -> list[tuple[str, list]]:
    """The attendances grouped by municipality's name; those without one last. Once
    attendance is recorded, every municipality the meeting is for
    (Meeting.expected_municipalities) is among them, whether anybody was invited from
    it or not: with nobody in its list where nobody attended for it ("Nicht vertreten").
    For a person who sees no names (events.access.MeetingParts) each group is only
    counted: (name, number of people)."""
    entries = list(meeting.attendances.select_related("municipality"))
    groups: dict[str, list] = {}
    if entries:
        groups = {municipality.name: [] for municipality in meeting.expected_municipalities()}
    for entry in entries:
        label = entry.municipality.name if entry.municipality else _("ohne Kommune")
        groups.setdefault(label, []).append(entry)
    rows = sorted(groups.items(), key=lambda group: (group[0] == _("ohne Kommune"), group[0]))
    return rows if names else [(label, len(entries)) for label, entries in rows]


def file_name(meeting: Meeting, suffix: str) -> str:
    """`2024-03-12-netzwerktreffen.pdf`: the meeting's day and title."""
    day = timezone.localtime(meeting.starts_at).date().isoformat()
    return f"{day}-{file_slug(meeting.title)[:60] or 'treffen'}.{suffix}"


def record_pdf(meeting: Meeting, sees: MeetingParts = EVERYTHING) -> bytes:
    """The record in the active language, with the minutes' final version (the last
    one after a reopen; none while they have never been final). `sees`: what the
    reader may see of it (events.access.meeting_parts_for); a funder's record counts
    the people present per municipality and has minutes only once shared."""
    minutes = Minutes.objects.filter(meeting=meeting).first() if sees.minutes else None
    minutes = minutes.final_version() if minutes is not None else None
    context = {
        "meeting": meeting,
        "network": meeting.network,
        "sees": sees,
        "agenda": meeting.agenda_with_times(),
        "attendance": attendance_by_municipality(meeting, names=sees.names),
        "minutes": minutes,
        "minutes_html": render_markdown(minutes.text, top_heading=3) if minutes else "",
        "decisions": meeting.decisions.all() if sees.minutes else [],
        "action_items": meeting.action_items.select_related(
            "responsible_municipality", "responsible_person"
        )
        if sees.minutes
        else [],
        "printed_at": timezone.localtime(),
    }
    funding, logos = for_print(funding_of(meeting.network))
    return render_pdf("events/print/record.html", context | {"funding": funding}, images=logos)
