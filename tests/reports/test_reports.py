import datetime
import hashlib
import io
import json
import re
import uuid
from decimal import Decimal

import openpyxl
import pypdf
import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.template.loader import render_to_string
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from events.models import Attendance, Meeting
from measures.models import Measure
from reports import periods, rendering
from reports.figures.building import report_figures
from reports.figures.types import ReportFigures
from reports.issuing import issue_report
from reports.models import Report
from reports.periods import default_period
from reports.sheets import report_xlsx
from tests.factories import (
    FocusAreaFactory,
    MeasureFactory,
    MunicipalityFactory,
    NetworkFactory,
    ParticipationFactory,
)
from tests.factories.portal import CORRECTION_NOTE, LEFT_EMPTY, ReportFactory
from tests.helpers import (
    concurrently,
    needs_pango,
    needs_postgresql,
    run_tasks,
    violates,
    with_totp,
)

pytestmark = pytest.mark.django_db

D = datetime.date
FIRST_YEAR = (datetime.date(2022, 7, 1), datetime.date(2023, 6, 30))


def noon(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(12)))


def founded_on(network, day: datetime.date):
    """Date the network's history to `day`, as if it had been founded (and last edited)
    then: a report of a period ending before that does not know it (issue 31)."""
    network.history.all().update(history_date=noon(day))
    return network


def story(measure: Measure, *steps: tuple[datetime.date, dict]) -> Measure:
    """Save the measure once per step and date each history record to its step's day,
    as if it had been worked on then."""
    for _day, changes in steps:
        for field, value in changes.items():
            setattr(measure, field, value)
        measure.save()
    records = list(measure.history.order_by("history_id"))
    for record, (day, _changes) in zip(records, steps, strict=True):
        type(record).objects.filter(pk=record.pk).update(history_date=noon(day))
    return measure


@pytest.fixture
def history(personas):
    """Four measures worked on over the term, and meetings in and after the first year.

    A: LED completed 10.05.2023 (100 MWh/a, 30 t); heating completed 01.02.2024.
    B: PV planned since 01.01.2023; a bus line begun in 2024, after the first year.
    """
    area = FocusAreaFactory(name="Beleuchtung")
    a, b = personas.participation_a, personas.participation_b

    def measure(participation, title, **values):
        if "co2_savings_t" in values:  # entered by hand, from the energy audit
            values |= {"co2_manual": True, "co2_manual_reason": "Audit"}
        return Measure(participation=participation, focus_area=area, title=title,
                       status=Measure.Status.PLANNED, **values)  # fmt: skip

    led = story(
        measure(a, "LED-Straßenbeleuchtung", energy_savings_kwh=Decimal(100_000),
                co2_savings_t=Decimal(30), investment_eur=Decimal(50_000),
                subsidy_eur=Decimal(20_000)),
        (datetime.date(2022, 9, 1), {}),
        (D(2023, 3, 1), {"status": "in_progress", "started_on": D(2023, 3, 1)}),
        (D(2023, 5, 10), {"status": "completed", "completed_on": D(2023, 5, 10)}),
    )  # fmt: skip
    heating = story(
        measure(a, "Heizung Sporthalle", energy_savings_kwh=Decimal(200_000),
                co2_savings_t=Decimal(50), investment_eur=Decimal(80_000)),
        (datetime.date(2022, 10, 1), {}),
        (D(2024, 2, 1), {"status": "completed", "completed_on": D(2024, 2, 1)}),
    )  # fmt: skip
    story(
        measure(b, "PV Schuldach", investment_eur=Decimal(10_000)),
        (datetime.date(2023, 1, 1), {}),
    )
    story(
        measure(b, "Bürgerbus", investment_eur=Decimal(5_000)),
        (datetime.date(2024, 1, 1), {}),
        (datetime.date(2024, 3, 1), {"status": "in_progress"}),
    )

    def meeting(day, title, status=Meeting.Status.HELD):
        return Meeting.objects.create(
            network=personas.network, title=title, starts_at=noon(day),
            ends_at=noon(day) + datetime.timedelta(hours=2), venue="Rathaus",
            moderator=personas.coordinator, status=status,
        )  # fmt: skip

    kick_off = meeting(datetime.date(2022, 9, 13), "Auftakt")
    second = meeting(datetime.date(2023, 3, 7), "2. Netzwerktreffen")
    meeting(datetime.date(2023, 4, 4), "Abgesagt", Meeting.Status.CANCELLED)
    later = meeting(datetime.date(2023, 9, 5), "3. Netzwerktreffen")
    for held, municipality, name in (
        (kick_off, personas.municipality_a, "Anna A"),
        (kick_off, personas.municipality_a, "Axel A"),
        (kick_off, personas.municipality_b, "Bea B"),
        (second, personas.municipality_a, "Anna A"),
        (second, None, "Gast ohne Kommune"),
        (later, personas.municipality_b, "Bea B"),
    ):
        Attendance.objects.create(meeting=held, name=name, municipality=municipality)
    return {"led": led, "heating": heating}


def first_year_figures(personas, **kwargs):
    start, end = FIRST_YEAR
    figures = report_figures(personas.network, start=start, end=end, **kwargs)
    return ReportFigures.from_json(figures.to_json())


# Figures -------------------------------------------------------------------------------


def test_figures_take_measures_as_they_stood_at_the_end_of_the_period(personas, history):
    figures = first_year_figures(personas)
    a, b = figures.participants
    assert a.municipality == "Altenbeken"
    assert a.by_status == {"planned": 1, "in_progress": 0, "completed": 1, "postponed": 0,
                              "cancelled": 0}  # fmt: skip
    assert a.achieved.energy_mwh == Decimal(100)
    assert a.achieved.co2_t == Decimal(30)
    assert a.completed_in_period == 1
    assert a.investment_eur == Decimal(50_000)  # the heating had not begun yet
    assert a.subsidy_eur == Decimal(20_000)
    # The bus line did not exist yet; PV was planned, so it brings no investment.
    assert b.measure_count == 1
    assert b.investment_eur == Decimal(0)
    assert figures.totals.achieved.energy_mwh == Decimal(100)
    assert figures.totals.measure_count == 3
    assert [m.title for m in figures.measures] == [
        "Heizung Sporthalle", "LED-Straßenbeleuchtung", "PV Schuldach",
    ]  # fmt: skip
    assert figures.measures[0].status_label == "geplant"
    assert figures.as_of.date() == datetime.date(2023, 6, 30)


def test_figures_of_the_whole_term_count_what_was_completed_later(personas, history):
    figures = ReportFigures.from_json(
        report_figures(personas.network, start=datetime.date(2022, 7, 1),
                       end=datetime.date(2025, 6, 30)).to_json()
    )  # fmt: skip
    a, b = figures.participants
    assert a.achieved.energy_mwh == Decimal(300)
    assert a.achieved.co2_t == Decimal(80)
    assert a.investment_eur == Decimal(130_000)
    assert b.by_status["in_progress"] == 1
    assert b.investment_eur == Decimal(5_000)
    assert figures.totals.meetings_held == 3


def test_figures_count_meetings_held_in_the_period_and_who_attended(personas, history):
    figures = first_year_figures(personas)
    assert [(m.title, m.municipalities, m.attendees) for m in figures.meetings] == [
        ("Auftakt", 2, 3),
        ("2. Netzwerktreffen", 1, 2),
    ]
    assert figures.meetings[0].kind_label == "Netzwerktreffen"
    assert figures.totals.meetings_held == 2
    assert [p.meetings_attended for p in figures.participants] == [2, 1]


def test_figures_leave_out_targets_of_a_municipality_that_left_before_the_period_ended(
    personas, history
):
    personas.participation_b.target_energy_mwh = Decimal(500)
    personas.participation_b.left_on = datetime.date(2023, 1, 31)
    personas.participation_b.save()
    personas.participation_a.target_energy_mwh = Decimal(400)
    personas.participation_a.save()
    ParticipationFactory(
        network=personas.network, municipality=MunicipalityFactory(name="Zuletzt"),
        joined_on=datetime.date(2024, 1, 1),
    )  # fmt: skip
    figures = first_year_figures(personas)
    assert [p.municipality for p in figures.participants] == ["Altenbeken", "Borchen"]
    assert figures.participants[1].left_on == datetime.date(2023, 1, 31)
    assert figures.participants[1].target.energy_mwh is None
    assert figures.totals.target.energy_mwh == Decimal(400)
    assert figures.totals.participant_count == 1


def test_figures_take_a_constant_number_of_queries(personas, history, django_assert_num_queries):
    # participations, measures' history, meetings, attendance, service providers,
    # successor networks known by the period's end, the coordinator's networks sharing
    # the funding code by then; the programme's rules: meetings, participants, their
    # confirmations, reports (and the networks' settings); not the stale measures, a
    # working signal the annex leaves out
    with django_assert_num_queries(12):
        first_year_figures(personas)
    for participation in ParticipationFactory.create_batch(5, network=personas.network):
        MeasureFactory.create_batch(3, participation=participation)
    with django_assert_num_queries(12):
        first_year_figures(personas)


@pytest.mark.parametrize(
    ("today", "expected"),
    [
        (D(2022, 11, 1), ("interim", D(2022, 7, 1), D(2022, 11, 1))),
        (D(2023, 7, 1), ("interim", D(2022, 7, 1), D(2023, 6, 30))),
        (D(2025, 3, 1), ("interim", D(2023, 7, 1), D(2024, 6, 30))),
        (D(2025, 7, 1), ("final", D(2022, 7, 1), D(2025, 6, 30))),
    ],
)  # fmt: skip
def test_the_default_period_is_the_last_full_network_year_or_the_term(personas, today, expected):
    assert default_period(personas.network, today) == expected


@pytest.mark.parametrize(
    ("today", "expected"),
    [
        (D(2022, 6, 30), {}),  # before the term: nothing to report yet
        (D(2022, 11, 1), {"interim": (D(2022, 7, 1), D(2022, 11, 1))}),
        (D(2025, 3, 1), {"interim": (D(2023, 7, 1), D(2024, 6, 30))}),
        (D(2025, 7, 1), {"interim": (D(2024, 7, 1), D(2025, 6, 30)),
                         "final": (D(2022, 7, 1), D(2025, 6, 30))}),
    ],
)  # fmt: skip
def test_each_kind_of_report_has_its_own_likely_period(personas, today, expected):
    assert periods.default_periods(personas.network, today) == expected


def test_an_interim_report_over_the_whole_term_is_refused_as_the_final_one(client, personas):
    response = post(client, personas, period_start="2022-07-01", period_end="2025-06-30")
    assert response.status_code == 422
    assert response.context["form"].errors["kind"] == [
        "Ein Zwischenbericht über die ganze Laufzeit wäre der Schlussbericht: bitte "
        "„Schlussbericht“ wählen oder einen kürzeren Zeitraum angeben."
    ]
    assert not Report.objects.exists()


def test_the_form_carries_each_kinds_period_for_the_kind_choice(client, personas):
    client.force_login(with_totp(personas.coordinator))
    page = client.get(reverse("report_list", args=[personas.network.slug]))
    form = page.context["form"]
    assert json.loads(form.fields["kind"].widget.attrs["data-periods"]) == {
        "interim": ["2024-07-01", "2025-06-30"],
        "final": ["2022-07-01", "2025-06-30"],
    }
    assert "js/report-period.js" in page.content.decode()


def test_a_network_whose_term_has_not_begun_offers_no_report_form(client, personas):
    start = timezone.localdate() + datetime.timedelta(days=40)
    personas.network.term_start = start
    personas.network.term_end = start + datetime.timedelta(days=3 * 365)
    personas.network.save()
    client.force_login(with_totp(personas.coordinator))
    page = client.get(reverse("report_list", args=[personas.network.slug]))
    text = page.content.decode()
    assert f"Die Laufzeit des Netzwerks beginnt am {start:%d.%m.%Y}." in text
    assert 'name="period_start"' not in text
    assert reverse("confirmation_request", args=[personas.network.slug]) not in text


# Issuing -------------------------------------------------------------------------------


def issue(personas, kind=Report.Kind.FINAL, period=None, **kwargs):
    start, end = period or (personas.network.term_start, personas.network.term_end)
    same = Report.objects.filter(network=personas.network, kind=kind, period_start=start,
                                 period_end=end)  # fmt: skip
    if same.exists() and not kwargs.get("note"):
        kwargs["note"] = CORRECTION_NOTE  # a new version says what changed
    kwargs.setdefault("left_empty", LEFT_EMPTY)  # no draft: the final report's sections
    return issue_report(network=personas.network, user=personas.coordinator, kind=kind,
                        period_start=start, period_end=end, **kwargs)  # fmt: skip


def test_a_correction_is_a_new_version_and_supersedes_the_earlier(personas):
    first = issue(personas, notify=False)
    interim = issue(personas, Report.Kind.INTERIM, FIRST_YEAR, notify=False)
    second = issue(personas, notify=False)
    assert (first.version, interim.version, second.version) == (1, 1, 2)
    superseded = dict(Report.objects.with_superseded().values_list("pk", "superseded"))
    assert superseded == {first.pk: True, interim.pk: False, second.pk: False}


def test_the_database_refuses_a_second_report_with_the_same_version(personas):
    report = issue(personas, notify=False)
    report.pk = None
    with violates("portal_report_unique_version", sqlite_says="UNIQUE constraint failed"):
        report.save()


def test_the_database_refuses_a_period_that_ends_before_it_begins(personas):
    report = issue(personas, notify=False)
    with violates("portal_report_period_order"):
        Report.objects.filter(pk=report.pk).update(period_end=datetime.date(2021, 1, 1))


def test_only_the_coordinator_issues_reports(personas):
    for person in (personas.funder, personas.climate_manager_a, personas.service_provider,
                   personas.other_coordinator):  # fmt: skip
        with pytest.raises(PermissionDenied):
            issue_report(network=personas.network, user=person, kind="final",
                         period_start=personas.network.term_start,
                         period_end=personas.network.term_end)  # fmt: skip
    assert not Report.objects.exists()


def test_an_issued_report_keeps_its_figures_when_measures_change(client, personas, history):
    report = issue(personas, notify=False)
    led = history["led"]
    led.energy_savings_kwh = Decimal(999_000)
    led.save()
    client.force_login(personas.funder)
    html = client.get(report.get_absolute_url()).content.decode()
    assert "300,0 / –" in html  # Altenbeken: 100 + 200 MWh/a, no target
    assert "999" not in html


def test_issuing_mails_the_funders_in_their_language(
    personas, history, django_capture_on_commit_callbacks
):
    personas.funder.language = "en"
    personas.funder.save()
    with django_capture_on_commit_callbacks(execute=True):
        report = issue(personas)
    run_tasks()
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["foerderung@example.org"]
    assert message.subject == "Final report issued: Netzwerk Test"
    assert f"http://127.0.0.1:8000/berichte/{report.pk}/" in message.body


def test_issuing_without_notice_sends_no_mail(personas, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        issue(personas, notify=False)
    run_tasks()
    assert mail.outbox == []


# The page and the form -------------------------------------------------------------------


def post(client, personas, **data):
    client.force_login(with_totp(personas.coordinator))
    values = {"kind": "interim", "period_start": "2022-07-01", "period_end": "2023-06-30",
              "language": "de", "note": "", "intent": str(uuid.uuid4()),
              "bestaetigt": "1"} | data  # fmt: skip
    return client.post(reverse("report_list", args=[personas.network.slug]), values)


def test_coordinator_issues_a_report_from_the_reports_page(client, personas, history):
    response = post(client, personas, note="Danke an alle Kommunen.")
    report = Report.objects.get()
    assert response.status_code == 302
    assert response["Location"] == report.get_absolute_url()
    assert (report.kind, report.period_start, report.period_end) == ("interim", *FIRST_YEAR)
    assert report.issued_by == personas.coordinator
    assert report.note == "Danke an alle Kommunen."
    page = client.get(report.get_absolute_url()).content.decode()
    assert "Zwischenbericht" in page
    assert "Danke an alle Kommunen." in page


def test_the_same_form_sent_twice_issues_one_report_and_mails_the_funders_once(
    client, personas, django_capture_on_commit_callbacks
):
    intent = str(uuid.uuid4())
    with django_capture_on_commit_callbacks(execute=True):
        first = post(client, personas, intent=intent)
        second = post(client, personas, intent=intent, note="Doppelklick")
    report = Report.objects.get()
    assert (report.version, report.note, str(report.intent)) == (1, "", intent)
    assert first["Location"] == second["Location"] == report.get_absolute_url()
    run_tasks()
    assert [message.to for message in mail.outbox] == [[personas.funder.email]]
    page = client.get(second["Location"]).content.decode()
    assert "Dieser Bericht ist bereits ausgestellt; das Formular wurde zweimal abgeschickt." in page


def test_a_new_form_issues_a_new_version(client, personas):
    post(client, personas)
    post(client, personas, note="Fassung 2: nachgemeldete Maßnahme aufgenommen.")
    assert list(Report.objects.order_by("version").values_list("version", flat=True)) == [1, 2]


def test_a_new_version_without_a_note_of_what_changed_is_refused(client, personas):
    post(client, personas)
    response = post(client, personas, note="   ")
    assert response.status_code == 422
    assert response.context["form"].errors["note"] == [
        "Eine neue Fassung braucht eine Bemerkung: was sich gegenüber der vorigen geändert hat."
    ]
    assert Report.objects.count() == 1
    # The database holds the rule too.
    second = Report.objects.get()
    second.pk, second.version, second.intent = None, 2, None
    with violates("portal_report_correction_note"):
        second.save()


@pytest.mark.parametrize("intent", ["", "kein-token"])
def test_issuing_without_the_forms_token_is_refused(client, personas, intent):
    response = post(client, personas, intent=intent)
    assert response.status_code == 422
    assert response.context["form"].errors["intent"] == [
        "Bitte laden Sie die Seite neu und stellen Sie den Bericht erneut aus."
    ]
    assert not Report.objects.exists()


def test_the_form_carries_a_fresh_token_each_time(client, personas):
    client.force_login(with_totp(personas.coordinator))
    url = reverse("report_list", args=[personas.network.slug])
    tokens = {client.get(url).context["form"]["intent"].value() for _ in range(2)}
    assert len(tokens) == 2
    assert all(str(uuid.UUID(token)) == token for token in tokens)


@pytest.mark.django_db(transaction=True)
def test_two_simultaneous_posts_of_one_form_issue_one_report_and_one_mail(personas):
    needs_postgresql()
    coordinator = with_totp(personas.coordinator)
    url = reverse("report_list", args=[personas.network.slug])
    data = {"kind": "interim", "period_start": "2022-07-01", "period_end": "2023-06-30",
            "language": "de", "note": "", "intent": str(uuid.uuid4()),
            "bestaetigt": "1"}  # fmt: skip
    clients = [Client(), Client()]
    for browser in clients:
        browser.force_login(coordinator)
    responses = concurrently(
        *(lambda browser=browser: browser.post(url, data) for browser in clients)
    )
    report = Report.objects.get()
    assert [response.status_code for response in responses] == [302, 302]
    assert {response["Location"] for response in responses} == {report.get_absolute_url()}
    run_tasks()
    assert [message.to for message in mail.outbox] == [[personas.funder.email]]


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"period_end": "2099-06-30", "period_start": "2025-01-01"}, "period_end",
         "Der Berichtszeitraum kann nicht in der Zukunft enden"),
        ({"period_start": "2021-01-01"}, "period_start",
         "Der Berichtszeitraum muss in der Laufzeit des Netzwerks liegen "
         "(01.07.2022 – 30.06.2025)."),
        ({"period_end": "2022-06-30"}, "period_end",
         "Der Berichtszeitraum kann nicht vor seinem Beginn enden."),
        ({"kind": "final"}, "kind",
         "Der Schlussbericht umfasst die ganze Laufzeit und ist erst nach ihrem Ende möglich."),
        ({"period_end": ""}, "period_end", "Dieses Feld ist zwingend erforderlich."),
    ],
)  # fmt: skip
def test_a_wrong_period_is_refused_in_german_and_nothing_is_issued(
    client, personas, data, field, message
):
    response = post(client, personas, **data)
    assert response.status_code == 422
    assert message in response.context["form"].errors[field][0]
    assert message in response.content.decode()
    assert not Report.objects.exists()


def test_the_report_pages_escape_what_the_coordinator_wrote(client, personas):
    report = issue(personas, note='<script>alert(1)</script><img src="http://example.org/x">',
                   notify=False)  # fmt: skip
    client.force_login(personas.funder)
    html = client.get(report.get_absolute_url()).content.decode()
    assert "<script>alert(1)" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert '<img src="http://example.org' not in html


def test_the_reports_page_lists_versions_and_offers_the_form_only_to_coordinators(client, personas):
    issue(personas, notify=False)
    issue(personas, notify=False)
    url = reverse("report_list", args=[personas.network.slug])
    client.force_login(personas.funder)
    html = client.get(url).content.decode()
    assert html.count("PDF öffnen") == 2
    assert "ersetzt" in html
    assert "Bericht ausstellen" not in html
    client.force_login(with_totp(personas.coordinator))
    assert "Bericht ausstellen</button>" in client.get(url).content.decode()


def test_the_reports_page_runs_a_constant_number_of_queries(
    client, personas, django_assert_num_queries
):
    issue(personas, notify=False)
    client.force_login(personas.funder)
    url = reverse("report_list", args=[personas.network.slug])
    client.get(url)
    with django_assert_num_queries(7) as one:
        client.get(url)
    for _ in range(5):
        issue(personas, Report.Kind.INTERIM, FIRST_YEAR, notify=False)
    with django_assert_num_queries(len(one.captured_queries)):
        assert client.get(url).content.decode().count("PDF öffnen") == 6


def test_funders_and_members_see_issued_reports_on_start_and_network_pages(client, personas):
    report = issue(personas, notify=False)
    label = "Schlussbericht 01.07.2022 – 30.06.2025"
    for person in (personas.funder, personas.climate_manager_a):
        client.force_login(person)
        assert label in client.get(reverse("start")).content.decode()
        network_page = client.get(personas.network.get_absolute_url()).content.decode()
        assert report.get_absolute_url() in network_page
    client.force_login(personas.other_coordinator)
    assert label not in client.get(reverse("start")).content.decode()


# The PDF -----------------------------------------------------------------------------


def pdf_text(content: bytes) -> str:
    return " ".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(content)).pages)


def test_the_pdf_is_made_once_and_then_kept(client, personas, history, monkeypatch):
    needs_pango()
    report = issue(personas, note='Bitte beachten: <img src="file:///etc/passwd"> & Co.',
                   notify=False)  # fmt: skip
    client.force_login(personas.funder)
    # Until the worker has made it, the download leads back to the report's page.
    waiting = client.get(report.pdf_url())
    assert waiting.status_code == 302
    assert waiting["Location"] == report.get_absolute_url()
    assert run_tasks() == 1
    report.refresh_from_db()
    assert re.fullmatch("[0-9a-f]{64}", report.pdf_sha256)  # from issuing, not downloading
    first = client.get(report.pdf_url())
    assert first.status_code == 200
    assert first["Content-Type"] == "application/pdf"
    assert 'filename="schlussbericht-netzwerk-test-2025-06.pdf"' in first["Content-Disposition"]
    assert report.pdf_sha256 == hashlib.sha256(first.content).hexdigest()

    def no_second_rendering(*args, **kwargs):
        raise AssertionError("rendered again")

    monkeypatch.setattr(rendering, "render_pdf", no_second_rendering)
    assert rendering.make_report_pdf(report_id=report.pk) == report.pdf_sha256
    second = client.get(report.pdf_url())
    assert second.content == first.content
    text = pdf_text(first.content)
    for expected in (
        "Schlussbericht", "NETZWERK TEST", "67K18876", "Altenbeken", "Borchen",
        "300,0", "80,0", "130.000", "Straßenbeleuchtung", "Auftakt",
        'Bitte beachten: <img src="file:///etc/passwd"> & Co.',
    ):  # fmt: skip
        assert expected in text, expected
    assert "VORSCHAU" not in text


PREVIEW = {"kind": "interim", "period_start": "2022-07-01", "period_end": "2023-06-30",
           "language": "de", "note": ""}  # fmt: skip


def ask_for_preview(client, personas, data=PREVIEW):
    client.force_login(with_totp(personas.coordinator))
    return client.post(reverse("report_preview", args=[personas.network.slug]), data)


def test_the_preview_is_made_by_the_worker_and_shows_the_pdf_without_issuing_it(
    client, personas, history
):
    needs_pango()
    response = ask_for_preview(client, personas)
    assert response.status_code == 302
    page = response["Location"]
    # The page says the worker is on it, asks again by htmx, and reloads without it.
    html = client.get(page).content.decode()
    assert "Die Vorschau ist in Auftrag gegeben" in html
    assert f'hx-get="{page}"' in html and f'href="{page}"' in html
    assert "Vorschau öffnen" not in html

    assert run_tasks() == 1
    fragment = client.get(page, headers={"HX-Request": "true"}).content.decode()
    assert fragment.lstrip().startswith('<section id="preview-state"')
    assert "hx-get" not in fragment  # done: no more polling
    link = re.search(r'href="([^"]+/vorschau\.pdf)"', fragment).group(1)
    response = client.get(link)
    assert response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content)
    assert "VORSCHAU – NICHT AUSGESTELLT" in text
    assert "Zwischenbericht" in text
    assert "Heizung Sporthalle" in text
    assert not Report.objects.exists()


def test_a_preview_with_a_wrong_period_shows_the_form_with_the_error(client, personas):
    response = ask_for_preview(client, personas, PREVIEW | {"kind": "final"})
    assert response.status_code == 422
    assert "Der Schlussbericht umfasst die ganze Laufzeit" in response.content.decode()
    assert not DBTaskResult.objects.exists()


def test_a_failed_preview_says_so_in_german(client, personas, monkeypatch):
    def broken(**kwargs):
        raise RuntimeError("Pango missing")

    monkeypatch.setattr("reports.previews.preview_pdf", broken)
    page = ask_for_preview(client, personas)["Location"]
    run_tasks()
    html = client.get(page).content.decode()
    assert "Die Vorschau konnte nicht erstellt werden." in html
    assert "hx-get" not in html
    response = client.get(page + "vorschau.pdf")
    assert response.status_code == 302 and response["Location"] == page


def test_a_preview_is_only_found_under_its_own_network(client, personas):
    other = NetworkFactory(coordinator=personas.coordinator_org, slug="zweites-netz")
    page = ask_for_preview(client, personas)["Location"]
    job = page.rstrip("/").rsplit("/", 1)[1]
    client.force_login(with_totp(personas.coordinator))
    assert client.get(reverse("report_preview_job", args=[other.slug, job])).status_code == 404
    # Nor under the id of another kind of job.
    report = ReportFactory(network=personas.network)
    url = reverse("report_preview_job", args=[personas.network.slug, report.pdf_task_id])
    assert client.get(url).status_code == 404
    # The coordinator of another organisation does not see it.
    client.force_login(with_totp(personas.other_coordinator))
    assert client.get(page).status_code == 404


def test_another_networks_report_is_not_found(client, personas):
    other = NetworkFactory(coordinator=personas.other_org)
    report = issue_report(network=other, user=personas.other_coordinator, kind="final",
                          period_start=other.term_start, period_end=other.term_end,
                          notify=False, left_empty=LEFT_EMPTY)  # fmt: skip
    client.force_login(personas.funder)
    assert client.get(report.get_absolute_url()).status_code == 404
    assert client.get(report.pdf_url()).status_code == 404


def test_the_figures_download_as_a_workbook_with_real_numbers(client, personas, history):
    report = issue(personas, note="", notify=False)
    led = history["led"]
    led.title = "Umbenannt"
    led.save()  # after issuing: the workbook still has the issued title
    client.force_login(personas.funder)
    response = client.get(reverse("report_xlsx", args=[report.pk]))
    assert response.status_code == 200
    assert 'filename="schlussbericht-netzwerk-test-2025-06.xlsx"' in response["Content-Disposition"]
    workbook = openpyxl.load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames == ["Bericht", "Kommunen", "Themenschwerpunkte", "Kategorien",
                                   "Treffen", "Maßnahmen"]  # fmt: skip
    municipalities = list(workbook["Kommunen"].iter_rows(values_only=True))
    header = municipalities[0]
    altenbeken = dict(zip(header, municipalities[1], strict=True))
    assert altenbeken["Kommune"] == "Altenbeken"
    assert altenbeken["Endenergie erreicht (MWh/a)"] == 300
    assert altenbeken["THG erreicht (t CO₂/a)"] == 80
    assert altenbeken["Investitionen (€)"] == 130_000
    assert altenbeken["abgeschlossen"] == 2
    assert altenbeken["Treffen besucht"] == 2
    measures = list(workbook["Maßnahmen"].iter_rows(values_only=True))
    assert [row[1] for row in measures[1:]] == [
        "Heizung Sporthalle", "LED-Straßenbeleuchtung", "Bürgerbus", "PV Schuldach",
    ]  # fmt: skip
    meetings = list(workbook["Treffen"].iter_rows(values_only=True))
    assert meetings[1][:2] == (datetime.datetime(2022, 9, 13), "Auftakt")
    assert workbook["Bericht"]["B1"].value == "Netzwerk Test"


def test_a_partners_own_funding_code_is_in_the_report_and_its_workbook(client, personas):
    personas.network.funding_code = "03KF0069A"
    personas.network.save()
    personas.participation_a.funding_code = "03KF0069B"
    personas.participation_a.save()
    report = issue(personas, notify=False)
    figures = ReportFigures.from_json(report.figures)
    codes = {row.municipality: row.funding_code for row in figures.participants}
    assert codes == {"Altenbeken": "03KF0069B", "Borchen": ""}
    table = render_to_string(
        "reports/includes/participants_table.html", {"figures": figures, "totals": figures.totals}
    )
    assert table.count("Förderkennzeichen 03KF0069") == 1  # only the partner's own
    client.force_login(personas.funder)
    response = client.get(reverse("report_xlsx", args=[report.pk]))
    rows = list(openpyxl.load_workbook(io.BytesIO(response.content))["Kommunen"].values)
    by_name = {row[0]: dict(zip(rows[0], row, strict=True)) for row in rows[1:]}
    # In the spreadsheet each municipality has the code it reports under.
    assert by_name["Altenbeken"]["Förderkennzeichen"] == "03KF0069B"
    assert by_name["Borchen"]["Förderkennzeichen"] == "03KF0069A"


def test_text_in_the_workbook_never_becomes_a_formula(client, personas):
    area = FocusAreaFactory(name="=SUM(A1:A9)")
    story(
        Measure(participation=personas.participation_a, focus_area=area,
                title="=HYPERLINK(\"http://example.org\")"),
        (datetime.date(2023, 1, 1), {}),
    )  # fmt: skip
    report = issue(personas, notify=False)
    client.force_login(personas.funder)
    response = client.get(reverse("report_xlsx", args=[report.pk]))
    sheet = openpyxl.load_workbook(io.BytesIO(response.content))["Maßnahmen"]
    assert sheet["B2"].value == '=HYPERLINK("http://example.org")'
    assert sheet["B2"].data_type == "s"
    assert sheet["B2"].quotePrefix
    assert sheet["C2"].data_type == "s"


def test_the_share_of_each_target_reached_is_given_in_percent(personas, history):
    needs_pango()
    a = personas.participation_a
    a.target_energy_mwh, a.target_co2_t = Decimal(1200), Decimal(160)
    a.save()
    report = issue(personas, notify=False)
    figures = ReportFigures.from_json(report.figures)
    row = next(p for p in figures.participants if p.municipality == "Altenbeken")
    # Altenbeken: 100 + 200 MWh/a and 30 + 50 t achieved; Borchen has no target.
    assert (row.energy_share, row.co2_share) == (25, 50)
    assert (figures.totals.energy_share, figures.totals.co2_share) == (25, 50)
    borchen = next(p for p in figures.participants if p.municipality == "Borchen")
    assert (borchen.energy_share, borchen.co2_share) == (None, None)
    text = pdf_text(rendering.report_pdf(report)).replace("\xa0", " ")
    assert "300,0 / 1.200,0 MWh/a (25 %)" in text
    assert "80,0 / 160,0 t CO₂/a (50 %)" in text


def test_the_meeting_chronology_names_who_was_not_represented(personas, history):
    needs_pango()
    figures = first_year_figures(personas)
    # Kick-off: A and B; second: A and a guest without a municipality (who empties
    # nothing); the cancelled one is not held.
    assert [(m.title, m.not_represented) for m in figures.meetings] == [
        ("Auftakt", ()),
        ("2. Netzwerktreffen", ("Borchen",)),
    ]
    later = report_figures(personas.network, start=datetime.date(2023, 7, 1),
                           end=datetime.date(2024, 6, 30))  # fmt: skip
    assert [m.not_represented for m in later.meetings] == [("Altenbeken",)]
    report = issue(personas, Report.Kind.INTERIM, FIRST_YEAR, notify=False)
    text = pdf_text(rendering.report_pdf(report))
    assert "Nicht vertreten" in text
    assert re.search(r"2\. Netzwerktreffen.*Borchen", text)
    workbook = openpyxl.load_workbook(
        io.BytesIO(report_xlsx(report, ReportFigures.from_json(report.figures)))
    )
    rows = list(workbook["Treffen"].iter_rows(values_only=True))
    assert rows[0][-1] == "Nicht vertreten"
    assert [row[-1] for row in rows[1:]] == [None, "Borchen"]
