"""Demo data: the recruitment of network 3 in its Gewinnungsphase. The 14 continuing
municipalities confirmed in writing (sample letters of intent) and were taken in as
participants; of the six who did not continue, two are interested and two declined,
each with a written answer. An information evening for them took place: nobody was
invited through the portal, and the coordination recorded afterwards who came (the
climate managers of most municipalities approached; three were not represented).
"""

import datetime
import io

from django.core.files.base import ContentFile
from django.utils import timezone
from PIL import Image, ImageDraw

from events.models import Meeting
from events.services import network_people, record_attendance
from networks.models import Municipality, Network, Prospect, User
from networks.recruitment import save_prospect

INTERESTED = ("lichtenau", "bad-wuennenberg")
DECLINED = {
    "nieheim": "Die Stelle im Klimaschutzmanagement ist seit dem Sommer unbesetzt; "
    "ohne sie kann die Stadt die Arbeit im Netzwerk nicht leisten.",
    "borgentreich": "Der Eigenanteil ist im Haushalt des kommenden Jahres nicht gedeckt.",
}


def load_recruitment(*, network: Network, today: datetime.date) -> None:
    """Create the recruitment unless the network has one already."""
    if network.prospects.exists():
        return
    coordinator = User.objects.get(email="koordination@example.org")
    # The first approach lies within the 12 months before the term and before today.
    first = min(
        today,
        max(today - datetime.timedelta(days=60), network.term_start - datetime.timedelta(days=330)),
    )

    def day(offset: int) -> datetime.date:
        return min(today, first + datetime.timedelta(days=offset))

    participations = network.participations.select_related("municipality").order_by(
        "municipality__name"
    )
    for index, participation in enumerate(participations):
        municipality = participation.municipality
        prospect = Prospect(
            network=network,
            municipality=municipality,
            status=Prospect.Status.CONFIRMED,
            contact_name=f"Klimaschutzmanagement {municipality.name} (Demo)",
            approached_on=day(index),
            interested_on=day(index + 7),
            answered_on=day(index + 21),
            target_energy_mwh=participation.target_energy_mwh,
            target_co2_t=participation.target_co2_t,
            participation=participation,
        )
        letter = sample_letter(network, municipality, "Absichtserklärung")
        save_prospect(prospect=prospect, user=coordinator, letter=letter)
    _not_yet_and_declined(network, day, coordinator)
    _information_evening(network, day(14), organiser=coordinator)


def _not_yet_and_declined(network: Network, day, coordinator: User) -> None:
    """The municipalities still deciding, and those that declined with their reason
    and letter."""
    for offset, slug in enumerate(INTERESTED):
        save_prospect(
            prospect=Prospect(
                network=network,
                municipality=Municipality.objects.get(slug=slug),
                status=Prospect.Status.INTERESTED,
                approached_on=day(20 + offset),
                interested_on=day(30 + offset),
                notes="Ratsbeschluss zur Teilnahme steht noch aus.",
            ),
            user=coordinator,
        )
    for offset, (slug, reason) in enumerate(DECLINED.items()):
        municipality = Municipality.objects.get(slug=slug)
        save_prospect(
            prospect=Prospect(
                network=network,
                municipality=municipality,
                status=Prospect.Status.DECLINED,
                approached_on=day(2 + offset),
                answered_on=day(25 + offset),
                decline_reason=reason,
            ),
            user=coordinator,
            letter=sample_letter(network, municipality, "Absage"),
        )


def _information_evening(network: Network, day: datetime.date, *, organiser: User) -> None:
    """The information evening for the municipalities approached, two weeks in."""
    evening = datetime.datetime.combine(
        day, datetime.time(17), tzinfo=timezone.get_default_timezone()
    )
    meeting = Meeting(
        network=network,
        kind=Meeting.Kind.INFORMATION_EVENT,
        title="Informationsabend zum Nachfolgenetzwerk",
        starts_at=evening,
        ends_at=evening + datetime.timedelta(hours=2),
        venue="Kreishaus Paderborn, Raum 101",
        description="Was das Netzwerk leistet, was es kostet, wie die Förderung läuft.",
        moderator=User.objects.get(email="moderation@example.org"),
        status=Meeting.Status.HELD if evening < timezone.now() else Meeting.Status.PLANNED,
        created_by=organiser,
    )
    meeting.full_clean()
    meeting.save()
    if meeting.has_started():
        _attendance(meeting, organiser)


def _attendance(meeting: Meeting, coordinator: User) -> None:
    """Recorded after the fact, without invitations: the climate managers of the
    municipalities approached, but for three (not represented), the coordination and
    the moderation, and a guest without an account."""
    people = network_people(meeting)
    approached = sorted(meeting.expected_municipalities().values_list("pk", flat=True))
    absent = set(approached[1::6])
    attended = [
        candidate
        for candidate in people.values()
        if candidate.municipality_id is None
        or (candidate.municipality_id in approached and candidate.municipality_id not in absent)
    ]
    guest = Municipality.objects.get(pk=approached[0])
    record_attendance(
        meeting=meeting,
        user=coordinator,
        attended=attended,
        guests=[(f"Kämmerei {guest.name} (Demo)", guest.pk)],
    )


def sample_letter(network: Network, municipality: Municipality, kind: str) -> ContentFile:
    """A drawn one-page letter as PDF (made with Pillow; no real letter)."""
    page = Image.new("RGB", (827, 1169), "white")
    draw = ImageDraw.Draw(page)
    draw.text((80, 80), f"{municipality.get_kind_display()} {municipality.name}", fill="black")
    draw.text((80, 160), f"{kind}: {network.name}", fill="black")
    draw.text((80, 220), "Beispieldaten (Demo): kein echtes Schreiben.", fill=(90, 90, 90))
    buffer = io.BytesIO()
    page.save(buffer, "PDF")
    return ContentFile(buffer.getvalue(), name=f"{kind} {municipality.name}.pdf")
