"""The report for a municipality's mayor and council (reports.mayors.mayors_report_pdf):
its own target, results, measures and meetings, the network's totals, and nothing of
the other municipalities; made from the participant page by the coordination and the
municipality's own climate managers."""

import datetime
import io

import pypdf
import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from events.models import Attendance, Meeting
from measures.models import Measure
from reports.mayors import mayors_report_pdf
from tests.factories import MeasureFactory, MeetingFactory
from tests.helpers import needs_pango, with_totp

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("module_personas")]


def text_of(content: bytes) -> str:
    reader = pypdf.PdfReader(io.BytesIO(content))
    return " ".join(" ".join(page.extract_text().split()) for page in reader.pages)


@pytest.fixture
def story(personas):
    a, b = personas.participation_a, personas.participation_b
    a.target_energy_mwh, a.target_co2_t = 48, 12
    a.save()
    for participation, title in [(a, "LED im Rathaus Altenbeken"), (b, "Heizung Borchen")]:
        MeasureFactory(
            participation=participation, title=title, status=Measure.Status.COMPLETED,
            completed_on=datetime.date(2023, 5, 2), energy_savings_kwh=12000,
            co2_savings_t=3, co2_manual=True, co2_manual_reason="Audit",
        )  # fmt: skip
    Measure.history.update(history_date=datetime.datetime(2023, 5, 2, 12, tzinfo=datetime.UTC))
    kickoff, second = (
        MeetingFactory(network=personas.network, title=title, status=Meeting.Status.HELD,
                       starts_at=datetime.datetime(2022, month, 15, 9, tzinfo=datetime.UTC))
        for title, month in [("Auftakt", 9), ("Zweites Treffen", 12)]
    )  # fmt: skip
    Attendance.objects.create(meeting=kickoff, name="Frau Rat", municipality=a.municipality)
    Attendance.objects.create(meeting=second, name="Herr Nachbar", municipality=b.municipality)
    return personas


def test_the_climate_manager_makes_the_report_of_their_municipality(story):
    needs_pango()
    p = story.participation_a
    text = text_of(
        mayors_report_pdf(participation=p, user=story.climate_manager_a,
                          start=p.network.term_start, end=p.network.term_end)
    ).replace("\xa0", " ")  # fmt: skip
    for fact in [
        "Altenbeken im Klimaschutz-Netzwerk",
        "Zeitraum 01.07.2022 – 30.06.2025",
        "Endenergie-Einsparung erreicht / Ziel 12,0 / 48,0 MWh/a (25 %)",
        "THG-Einsparung erreicht / Ziel 3,0 / 12,0 t CO₂/a (25 %)",
        "Netzwerktreffen besucht 1 von 2",
        # The network's totals, and Altenbeken's part of them.
        "Endenergie-Einsparung des Netzwerks erreicht / Ziel 24,0 /",
        "Beitrag von Altenbeken zur Endenergie-Einsparung des Netzwerks 50 %",
        "LED im Rathaus Altenbeken",
        "Auftakt ja",
        "Zweites Treffen nein",
    ]:
        assert fact in text, fact
    # Nothing of the other municipality beyond the totals.
    assert "Borchen" not in text


@pytest.mark.parametrize("persona", ["climate_manager_b", "foreign_climate_manager", "funder",
                                     "service_provider", "other_coordinator"])  # fmt: skip
def test_nobody_else_makes_it(story, persona):
    p = story.participation_a
    with pytest.raises(PermissionDenied):
        mayors_report_pdf(participation=p, user=getattr(story, persona),
                          start=p.network.term_start, end=p.network.term_end)  # fmt: skip


def test_the_participant_page_offers_it_to_those_who_may(client, story):
    page = reverse("participant", args=[story.network.slug, story.municipality_a.slug])
    for user, offered in [(story.climate_manager_a, True), (with_totp(story.coordinator), True),
                          (story.climate_manager_b, False), (story.funder, False)]:  # fmt: skip
        client.force_login(user)
        html = client.get(page).content.decode()
        assert ("Bericht erstellen (PDF)" in html) is offered, user


def test_before_the_term_the_page_says_when_the_report_becomes_possible(client, story):
    import datetime

    from django.utils import timezone

    start = timezone.localdate() + datetime.timedelta(days=30)
    story.network.term_start, story.network.term_end = start, start + datetime.timedelta(days=900)
    story.network.save()
    client.force_login(story.climate_manager_a)
    html = client.get(
        reverse("participant", args=[story.network.slug, story.municipality_a.slug])
    ).content.decode()
    assert f"Möglich ab Beginn der Laufzeit am {start:%d.%m.%Y}." in html
    assert "Bericht erstellen (PDF)" not in html  # no form for a period in the future


def test_a_wrong_period_is_explained_in_german_on_the_participant_page(client, story):
    client.force_login(story.climate_manager_a)
    url = reverse("mayors_report", args=[story.network.slug, story.municipality_a.slug])
    response = client.get(url, {"period_start": "2022-07-01", "period_end": "2030-01-01"},
                          follow=True)  # fmt: skip
    assert response.redirect_chain[-1][0].endswith(
        reverse("participant", args=[story.network.slug, story.municipality_a.slug])
    )
    assert "nicht in der Zukunft enden" in response.content.decode()


def test_the_pdf_comes_from_the_participant_pages_form(client, story):
    needs_pango()
    client.force_login(story.climate_manager_a)
    url = reverse("mayors_report", args=[story.network.slug, story.municipality_a.slug])
    response = client.get(url, {"period_start": "2022-07-01", "period_end": "2022-12-31"})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "ratsbericht-altenbeken-2022-12.pdf" in response["Content-Disposition"]
    assert "Zeitraum 01.07.2022 – 31.12.2022" in text_of(response.content)


def test_a_date_outside_the_range_is_explained_too(client, story):
    client.force_login(story.climate_manager_a)
    url = reverse("mayors_report", args=[story.network.slug, story.municipality_a.slug])
    response = client.get(url, {"period_start": "0001-01-01", "period_end": "2022-12-31"},
                          follow=True)  # fmt: skip
    assert response.status_code == 200
    assert "Bitte ein Datum zwischen 1990 und 2100 angeben." in response.content.decode()


def test_a_member_who_may_not_make_it_gets_403_whatever_the_period(client, story):
    url = reverse("mayors_report", args=[story.network.slug, story.municipality_a.slug])
    client.force_login(story.funder)
    assert client.get(url, {"period_start": "x", "period_end": "2030-01-01"}).status_code == 403
