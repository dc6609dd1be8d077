"""Demo meetings for `manage.py seed_demo` (see demo/data.py).

Networks 1 and 2 met as the programme asks: a kick-off, a network meeting every
three months, a site visit and a final event, each with agenda, answers,
attendance per municipality and final minutes with decisions and action items.
The successor network has its meetings ahead: an information workshop in the
acquisition phase and the kick-off, with invitations out and first answers in.
The running network (demo/partner.py) has met every quarter from its kick-off up to a
few weeks ago, and its next meeting is ahead with invitations out (`running_plan`).
Every meeting's minutes mention the slides of its talk: they are attached. No mail is
sent while seeding.
"""

import datetime
import io

from django.core.files.base import ContentFile
from django.utils import timezone
from PIL import Image, ImageDraw, ImageFont

from events import services
from events.models import ActionItem, AgendaItem, Decision, Invitee, Meeting, Minutes
from networks.models import FocusArea, Network, User

AGENDA = [
    ("Begrüßung und Protokoll des letzten Treffens", 15, "Netzwerkmanagement", None),
    ("Berichte aus den Kommunen: Stand der Maßnahmen", 60, "alle Kommunen", None),
    ("Fachimpuls: Förderaufruf Kommunalrichtlinie", 45, "Green Navigation", "energieversorgung"),
    ("Pause", 15, "", None),
    ("Austausch in Kleingruppen und Verabredungen", 45, "Moderation", None),
]
TOPICS = [
    ("LED-Umrüstung der Straßenbeleuchtung", "beleuchtung"),
    ("Heizungsoptimierung in Sporthallen", "energieversorgung"),
    ("PV auf Schuldächern", "energieversorgung"),
    ("Energieeffiziente Kläranlagen", "abwasser"),
    ("Quartierskonzepte", "quartier"),
    ("Klimafreundlicher Fuhrpark", "mobilitaet"),
]
MINUTES = """## Teilnehmende

Siehe Anwesenheitsliste im Portal.

## Ergebnisse

1. Die Kommunen berichteten über den Stand ihrer Maßnahmen; Details stehen in der
   Maßnahmenliste des Portals.
2. Der Fachimpuls zum Thema **{topic}** wurde diskutiert. Die Folien liegen als
   Anhang bei.
3. Die Kleingruppen verabredeten gegenseitige Besuche.

## Nächste Schritte

- Maßnahmen bis zum nächsten Treffen im Portal aktualisieren
- Fragen zur Förderung an das Netzwerkmanagement

*Beispieldaten (Demo): illustrativ, keine echten Ergebnisse.*
"""


VENUES = [
    ("Kreishaus Höxter, Sitzungssaal", "Moltkestraße 12\n37671 Höxter"),
    ("Kreishaus Paderborn", "Aldegreverstraße 10–14\n33102 Paderborn"),
]
# The running network meets in its towns' town halls in turn.
RUNNING_VENUES = [
    "Rathaus Harsewinkel, Sitzungssaal",
    "Rathaus Rietberg, Ratssaal",
    "Rathaus Schloß Holte-Stukenbrock, Sitzungssaal",
    "Rathaus Steinhagen, Sitzungssaal",
    "Rathaus Verl, Ratssaal",
    "Rathaus Hövelhof, Sitzungssaal",
]
RUNNING_PRESENTER = "Energieagentur Senne"
TUESDAY = 1  # datetime.date.weekday()
QUARTER_WEEKS = 13  # 91 days: within the programme rules' "about every three months"


def _at(day: datetime.date, hour: int, minute: int = 0) -> datetime.datetime:
    return datetime.datetime.combine(
        day, datetime.time(hour, minute), tzinfo=timezone.get_default_timezone()
    )


def load_meetings(*, networks: list[Network], successor: Network, today: datetime.date) -> None:
    coordinator = User.objects.get(email="koordination@example.org")
    moderator = User.objects.get(email="moderation@example.org")
    for number, network in enumerate(networks):
        if not network.meetings.exists():
            _past_meetings(network, number, coordinator, moderator, today)
            if number == 0:
                # The coordination shared the final event's record of Westfalen Weser 1
                # with the funder: foerderung@example.org reads its minutes and
                # attachments; of every other meeting date, agenda and attendance counted.
                network.meetings.filter(kind=Meeting.Kind.FINAL_EVENT).update(
                    shared_with_funder=True
                )
    if not successor.meetings.exists():
        _upcoming_meetings(successor, coordinator, moderator, today)


def _plan(network: Network, number: int) -> list[tuple[str, str, datetime.date]]:
    """(kind, title, day): kick-off, quarterly network meetings, a site visit, final event."""
    kick_off = datetime.date(2022, 9, 13 + number * 2)
    plan = [(Meeting.Kind.KICK_OFF, "Auftaktveranstaltung", kick_off)]
    dates = services.series_dates(
        first=datetime.date(2022, 12, 6 + number * 2),
        interval_months=3,
        until=datetime.date(2025, 4, 30),
        limit=services.MAX_SERIES,
    )
    for index, day in enumerate(dates, 1):
        plan.append((Meeting.Kind.NETWORK_MEETING, f"{index}. Netzwerktreffen", day))
    plan.append(
        (Meeting.Kind.SITE_VISIT, "Exkursion: Klärwerk mit Energierückgewinnung",
         datetime.date(2024, 5, 22 + number))
    )  # fmt: skip
    plan.append((Meeting.Kind.FINAL_EVENT, "Gemeinsame Abschlussveranstaltung",
                 datetime.date(2025, 6, 17)))  # fmt: skip
    return sorted(plan, key=lambda row: row[2])


def _past_meetings(network, number, coordinator, moderator, today) -> None:
    venue, address = VENUES[number]
    for index, (kind, title, day) in enumerate(_plan(network, number)):
        if day >= today:
            continue
        meeting = _held_meeting(
            network, kind, title, day, venue=venue, address=address, created_by=coordinator,
            moderator=moderator,
        )  # fmt: skip
        _record(
            meeting, index=index, seed=index + number, moderator=moderator,
            coordinator=coordinator, presenter="Green Navigation", today=today,
        )  # fmt: skip


def running_plan(term_start: datetime.date, today: datetime.date) -> list[tuple]:
    """(kind, title, day) of the running network's meetings when the demo is loaded on
    `today`, on Tuesdays: the kick-off two to three weeks into the term, network
    meetings at most 13 weeks apart (the programme asks for one about every three
    months) up to the last one four to five weeks ago, whose minutes are final, and the
    next one 13 weeks after that, the only one ahead."""
    kick_off = term_start + datetime.timedelta(days=14 + (TUESDAY - term_start.weekday()) % 7)
    last = today - datetime.timedelta(days=28 + (today.weekday() - TUESDAY) % 7)
    weeks = (last - kick_off).days // 7
    gaps = -(-weeks // QUARTER_WEEKS)  # as few as keep every gap within 13 weeks
    days = [kick_off + datetime.timedelta(weeks=round(weeks * n / gaps)) for n in range(gaps + 1)]
    days.append(last + datetime.timedelta(weeks=QUARTER_WEEKS))
    return [(Meeting.Kind.KICK_OFF, "Auftaktveranstaltung", days[0])] + [
        (Meeting.Kind.NETWORK_MEETING, f"{number}. Netzwerktreffen", day)
        for number, day in enumerate(days[1:], 1)
    ]


def load_running_meetings(*, network: Network, moderator: User, today: datetime.date) -> None:
    """The running network's meetings, moderated by its coordination (it has no
    service provider)."""
    if network.meetings.exists():
        return
    *held, (kind, title, day) = running_plan(network.term_start, today)
    for index, (held_kind, held_title, held_day) in enumerate(held):
        meeting = _held_meeting(
            network, held_kind, held_title, held_day, address="", moderator=moderator,
            venue=RUNNING_VENUES[index % len(RUNNING_VENUES)], created_by=moderator,
        )  # fmt: skip
        _record(
            meeting, index=index, seed=index, moderator=moderator, coordinator=moderator,
            presenter=RUNNING_PRESENTER, today=today,
        )  # fmt: skip
    coming = Meeting(
        network=network,
        kind=kind,
        title=title,
        starts_at=_at(day, 9, 30),
        ends_at=_at(day, 13, 0),
        venue=RUNNING_VENUES[len(held) % len(RUNNING_VENUES)],
        description="Regelmäßiges Treffen des Netzwerks (Beispieldaten).",
        moderator=moderator,
    )
    services.create_meeting(meeting=coming, user=moderator)
    topic, area = TOPICS[len(held) % len(TOPICS)]
    _agenda(coming, topic, FocusArea.objects.filter(slug=area).first(), RUNNING_PRESENTER)
    invited = timezone.now() - datetime.timedelta(days=2)
    _invitees(coming, answered=False, seed=0, sent_at=invited)
    Meeting.objects.filter(pk=coming.pk).update(invited_at=invited, invited_sequence=0)


def _held_meeting(network, kind, title, day, *, venue, address, moderator, created_by) -> Meeting:
    return Meeting.objects.create(
        network=network,
        kind=kind,
        title=title,
        starts_at=_at(day, 9, 30),
        ends_at=_at(day, 13, 0),
        venue=venue,
        address=address,
        description="Regelmäßiges Treffen des Netzwerks (Beispieldaten).",
        moderator=moderator,
        created_by=created_by,
        status=Meeting.Status.HELD,
    )


def _record(meeting, *, index, seed, moderator, coordinator, presenter, today) -> None:
    """What a held meeting left: agenda, answers, attendance, final minutes with the
    slides they mention, all dated to its time."""
    participations = list(meeting.network.participations.select_related("municipality"))
    topic, area = TOPICS[index % len(TOPICS)]
    _agenda(meeting, topic, FocusArea.objects.filter(slug=area).first(), presenter)
    invited = _at(meeting.starts_at.date() - datetime.timedelta(days=28), 8)
    _invitees(
        meeting, answered=True, seed=index, sent_at=meeting.starts_at - datetime.timedelta(days=28)
    )
    _attendance(meeting, participations, moderator, seed=seed)
    _minutes(meeting, moderator, coordinator, topic, participations, index, today)
    _slides(meeting, moderator, topic)
    Meeting.objects.filter(pk=meeting.pk).update(
        invited_at=invited, invited_sequence=0, reminded_at=invited, created_at=invited
    )


def _agenda(meeting: Meeting, topic: str, area, speaker: str = "Green Navigation") -> None:
    """The usual agenda; the talk is on `topic`, given by `speaker`."""
    AgendaItem.objects.bulk_create(
        AgendaItem(
            meeting=meeting,
            position=position,
            title=f"Fachimpuls: {topic}" if title.startswith("Fachimpuls") else title,
            duration_minutes=minutes,
            presenter=speaker if title.startswith("Fachimpuls") else presenter,
            focus_area=area if slug else None,
        )
        for position, (title, minutes, presenter, slug) in enumerate(AGENDA, 1)
    )


def _invitees(meeting: Meeting, *, answered: bool, seed: int, sent_at: datetime.datetime) -> None:
    """Everyone invited, mailed at `sent_at`; answers came ten days before the meeting
    (a meeting still ahead: the day after the invitation)."""
    answered_at = meeting.starts_at - datetime.timedelta(days=10)
    if answered_at > timezone.now():
        answered_at = sent_at + datetime.timedelta(days=1)
    answers = [Invitee.Answer.YES, Invitee.Answer.YES, Invitee.Answer.MAYBE, Invitee.Answer.NO]
    rows = []
    for position, (user, role, municipality) in enumerate(services.invitation_recipients(meeting)):
        answer = answers[(position + seed) % len(answers)] if answered else Invitee.Answer.PENDING
        if not answered and position % 3 == 0:
            answer = Invitee.Answer.YES
        rows.append(
            Invitee(
                meeting=meeting,
                user=user,
                role=role,
                municipality_id=municipality,
                answer=answer,
                answered_at=answered_at if answer != Invitee.Answer.PENDING else None,
                substitute_name="Vertretung aus dem Bauamt (Demo)"
                if answer == Invitee.Answer.NO and position % 2
                else "",
                sent_at=sent_at,
            )
        )
    Invitee.objects.bulk_create(rows)


def _attendance(meeting, participations, moderator, *, seed: int) -> None:
    """Those who said yes came, substitutes instead of those who sent one, nobody who
    declined; every few meetings someone who said yes was missing after all."""
    candidates = services.attendance_candidates(meeting)
    present = [
        candidate
        for position, candidate in enumerate(candidates)
        if candidate.preset and (candidate.user_id == moderator.pk or (position + seed) % 7 != 3)
    ]
    services.record_attendance(meeting=meeting, user=moderator, attended=present, guests=[])
    meeting.attendances.update(recorded_at=meeting.ends_at)


def _minutes(meeting, moderator, coordinator, topic, participations, index, today) -> None:
    services.save_minutes(
        meeting=meeting, user=moderator, text=MINUTES.format(topic=topic), base_version=0
    )
    Decision.objects.create(
        meeting=meeting,
        text=f"Das Netzwerk greift das Thema „{topic}“ in einer Arbeitsgruppe auf.",
    )
    municipality = participations[index % len(participations)].municipality
    due = meeting.starts_at.date() + datetime.timedelta(days=60)
    ActionItem.objects.create(  # done by its day, if that has come
        meeting=meeting,
        text=f"Erfahrungen zu „{topic}“ für das nächste Treffen aufbereiten",
        responsible_municipality=municipality,
        due_on=due,
        done=due < today,
        done_at=_at(due - datetime.timedelta(days=5), 12) if due < today else None,
    )
    if meeting.kind == Meeting.Kind.FINAL_EVENT:
        # Still open: continuing municipalities deliver their part of the final report.
        for slug in ("brakel", "altenbeken", "borchen"):
            participation = next((p for p in participations if p.municipality.slug == slug), None)
            if participation is not None:
                ActionItem.objects.create(
                    meeting=meeting,
                    text="Beitrag zum Schlussbericht (Maßnahmen, Einsparungen, Fotos) liefern",
                    responsible_municipality=participation.municipality,
                    due_on=today + datetime.timedelta(days=14 if slug != "borchen" else -7),
                )
    # Minutes of the past: they went out by mail when they became final.
    services.finalise_minutes(meeting=meeting, user=moderator, notify=False)
    written = meeting.ends_at + datetime.timedelta(days=3)
    minutes = Minutes.objects.get(meeting=meeting)
    for offset, record in enumerate(minutes.history.order_by("history_id")):
        type(record).objects.filter(pk=record.pk).update(
            history_date=written + datetime.timedelta(days=4 * offset)
        )
    Minutes.objects.filter(pk=minutes.pk).update(
        updated_at=written + datetime.timedelta(days=4),
        finalised_at=written + datetime.timedelta(days=4),
        mailed_at=written + datetime.timedelta(days=4, minutes=2),
    )


def _slides(meeting: Meeting, author: User, topic: str) -> None:
    """Drawn title slides as PDF (made with Pillow, no real presentation), uploaded by
    the moderator right after the meeting."""
    slide = Image.new("RGB", (960, 540), "white")
    draw = ImageDraw.Draw(slide)
    draw.rectangle((0, 0, 960, 120), fill=(11, 61, 44))
    for position, text, colour, size in (
        ((40, 24), meeting.network.name, "white", 24),
        ((40, 62), meeting.title, "white", 32),
        ((40, 200), f"Fachimpuls: {topic}", "black", 40),
        ((40, 270), "Folien (Beispieldaten)", (90, 90, 90), 28),
    ):
        draw.text(position, text, fill=colour, font=_font(size))
    buffer = io.BytesIO()
    slide.save(buffer, "PDF")
    document = services.add_meeting_document(
        meeting=meeting, user=author, upload=ContentFile(buffer.getvalue(), name="Folien.pdf")
    )
    type(document).objects.filter(pk=document.pk).update(uploaded_at=meeting.ends_at)


def _font(size: int) -> ImageFont.FreeTypeFont:
    """DejaVu Sans, which the PDFs use too (the Dockerfile installs it), for its
    umlauts; Pillow's own font where it is missing, which has none."""
    try:
        return ImageFont.truetype("DejaVuSans.ttf", size)
    except OSError:
        return ImageFont.load_default(size)


def _upcoming_meetings(network, coordinator, moderator, today) -> None:
    """The successor's information workshop (before its term: confirmed) and kick-off."""
    workshop_day = today + datetime.timedelta(days=10)
    workshop = Meeting(
        network=network,
        kind=Meeting.Kind.WORKSHOP,
        title="Informationsworkshop für das Nachfolgenetzwerk",
        starts_at=_at(workshop_day, 14),
        ends_at=_at(workshop_day, 16, 30),
        online_url="https://konferenz.example.org/westfalen-weser-3",
        description="Online: Programm, Förderquote und Zeitplan des neuen Netzwerks.",
        moderator=moderator,
        outside_term_confirmed=True,
    )
    kick_off_day = network.term_start + datetime.timedelta(days=20)
    kick_off = Meeting(
        network=network,
        kind=Meeting.Kind.KICK_OFF,
        title="Auftaktveranstaltung Netzwerk 3",
        starts_at=_at(kick_off_day, 10),
        ends_at=_at(kick_off_day, 15),
        venue="Rathaus Brakel, Ratssaal",
        address="Am Markt 5\n33034 Brakel",
        description="Offizieller Start des Nachfolgenetzwerks mit den Bürgermeister*innen.",
        moderator=coordinator,
    )
    invited = timezone.now() - datetime.timedelta(days=2)
    for meeting in (workshop, kick_off):
        services.create_meeting(meeting=meeting, user=coordinator)
        _agenda(meeting, "Ziele des neuen Netzwerks", None)
        _invitees(meeting, answered=False, seed=0, sent_at=invited)
        Meeting.objects.filter(pk=meeting.pk).update(invited_at=invited, invited_sequence=0)
