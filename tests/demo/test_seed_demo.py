import datetime
from decimal import Decimal
from io import StringIO

import pytest
from django.apps import apps
from django.core.management import call_command
from django.forms.models import model_to_dict
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from demo import regional
from demo.data import DemoLogin, load_demo_data
from demo.management.commands import seed_demo
from events.models import Meeting, Minutes
from events.services import attendance_candidates
from lib.rules import RED
from measures.models import Measure, MeasureImport
from networks.models import Invitation, Membership, Municipality, Network, Organisation, User
from reports.compliance import MAX_GAP_DAYS, check_network, report_deadlines
from reports.models import Report

pytestmark = pytest.mark.django_db

WW1 = "klimaschutz-netzwerk-westfalen-weser-1"
WW2 = "klimaschutz-netzwerk-westfalen-weser-2"
WW3 = "klimaschutz-netzwerk-westfalen-weser-3"
SENNE = "klimaschutz-netzwerk-senne"


@pytest.fixture(scope="module")
def seeded(demo_seed):
    """The demo data, loaded once for this module (see `demo_seed`); the output of
    `seed_demo`. The refusal in production is tested in test_seed_demo_refused.py,
    where the database is empty."""
    return demo_seed


def snapshot() -> dict:
    """Every row of every project model, with all its field values."""
    return {
        model._meta.label: sorted(
            repr(sorted(model_to_dict(obj).items())) for obj in model.objects.all()
        )
        for app in ("networks", "measures", "events", "finances", "reports", "opendata", "portal")
        for model in apps.get_app_config(app).get_models()
    }


def test_second_run_changes_nothing(seeded):
    before = snapshot()
    call_command("seed_demo", stdout=StringIO())
    assert snapshot() == before
    assert sum(len(rows) for rows in before.values()) > 100


def test_the_printed_logins_and_curl_line_name_the_portals_address(seeded, monkeypatch):
    assert "Demo-Zugänge (Passwort „demo“) für http://127.0.0.1:8000:\n" in seeded
    assert (
        "kn_demo-koordination-nur-fuer-die-demo' http://127.0.0.1:8000/api/v1/measures/\n" in seeded
    )
    # `make run PORT=8001` passes PORTAL_BASE_URL (the data is the same: not loaded again).
    monkeypatch.setattr(seed_demo, "load_demo_data", lambda **_: [DemoLogin("a@example.org", "A")])
    out = StringIO()
    with override_settings(PORTAL_BASE_URL="http://127.0.0.1:8001"):
        call_command("seed_demo", stdout=out)
    assert "für http://127.0.0.1:8001:\n" in out.getvalue()
    assert "' http://127.0.0.1:8001/api/v1/measures/\n" in out.getvalue()
    assert ":8000" not in out.getvalue()


def test_the_two_networks_of_the_source_page(seeded):
    networks = Network.objects.filter(slug__in=[WW1, WW2]).order_by("name")
    assert [n.name for n in networks] == [
        "Klimaschutz-Netzwerk Westfalen Weser 1",
        "Klimaschutz-Netzwerk Westfalen Weser 2",
    ]
    for network in networks:
        assert (network.term_start, network.term_end) == (
            datetime.date(2022, 7, 1),
            datetime.date(2025, 6, 30),
        )
        assert network.funding_code == "67K18876"
        assert network.coordinator.name == "Westfalen Weser"
        assert sorted(o.name for o in network.service_providers.all()) == [
            "Green Navigation GmbH",
            "target GmbH",
        ]
        assert network.focus_areas.count() == 5
        assert network.funding_notice.startswith(
            "Gefördert vom Bundesministerium für Umwelt, Naturschutz und nukleare Sicherheit"
        )
        assert network.funding_agency == "Zukunft – Umwelt – Gesellschaft (ZUG) gGmbH"
        assert network.participations.count() == 10
        assert network.is_public
        assert "Beispieldaten" in network.description
        assert network.phase == Network.Phase.COMPLETED


def test_the_grants_name_the_ministry_as_their_notices_do_with_the_funders_logo(seeded, client):
    """Issue 31: the seed's notice names the ministry by its name before 2021, and the
    reports print that name, not the funder organisation's later one (BMUV); the newer
    networks name it by its name since 2025. The funder has a drawn logo."""
    bmu = "Bundesministerium für Umwelt, Naturschutz und nukleare Sicherheit"
    bmukn = "Bundesministerium für Umwelt, Klimaschutz, Naturschutz und nukleare Sicherheit"
    ministries = dict(Network.objects.values_list("slug", "funding_ministry"))
    regional_slugs = Network.objects.filter(coordinator__name=regional.ORGANISATION).values_list(
        "slug", flat=True
    )
    assert len(regional_slugs) == len(regional.REGIONS)
    assert ministries == {
        WW1: bmu, WW2: bmu, "klimaschutz-netzwerk-westfalen-weser-3": bmukn,
        "klimaschutz-netzwerk-senne": bmukn,
        **dict.fromkeys(regional_slugs, bmukn),
    }  # fmt: skip
    for network in Network.objects.all():
        assert network.notice_names_ministry()
        assert network.funder.logos.count() == 1
    first = Network.objects.get(slug=WW1)
    assert first.funding_notice == (
        f"Gefördert vom {bmu} aufgrund eines Beschlusses des Deutschen Bundestages."
    )
    page = client.get(f"/oeffentlich/{WW1}/").content.decode()
    assert f"<td>{bmu}</td>" in page
    assert f'alt="{first.funder.name}"' in page
    issued = Report.objects.filter(network=first).order_by("pk").first()
    assert issued.figures["network"]["funding_ministry"] == bmu
    assert len(issued.figures["network"]["funder_logos"]) == 1


def test_twenty_municipalities_with_real_keys(seeded):
    # The 20 of the source page, and five of the invented second organisation's network.
    assert Municipality.objects.exclude(district="Kreis Gütersloh").count() == 20
    assert Municipality.objects.count() == 25
    paderborn_district = Municipality.objects.get(slug="kreis-paderborn")
    assert (paderborn_district.ags, paderborn_district.kind) == ("05774000", "kreis")
    assert Municipality.objects.get(name="Bad Lippspringe").ags == "05774008"
    assert Municipality.objects.get(name="Höxter").ags == "05762020"
    for municipality in Municipality.objects.all():
        municipality.full_clean()


def test_sixty_sample_measures_including_the_kinds_named_on_the_page(seeded):
    measures = Measure.objects.filter(participation__network__slug__in=[WW1, WW2])
    assert measures.count() == 60
    titles = set(measures.values_list("title", flat=True))
    assert "Heizungsoptimierung in der Sporthalle am Schulzentrum" in titles
    assert "Machbarkeitsstudie PV-Anlage auf dem Dach der Grundschule" in titles
    assert "Energetische Sanierung des Kindergartens" in titles
    assert set(measures.values_list("status", flat=True)) == set(Measure.Status.values)
    assert not measures.exclude(description__contains="Beispieldaten (Demo)").exists()
    for measure in measures:
        measure.full_clean()


def test_measure_figures_follow_from_the_emission_factors(seeded):
    heating = Measure.objects.filter(
        title="Heizungsoptimierung in der Sporthalle am Schulzentrum"
    ).first()
    assert heating.energy_savings_kwh == Decimal("120000.00")
    assert [line.carrier.name for line in heating.energy.all()] == ["Erdgas"]
    assert heating.co2_savings_t == Decimal("24.120")
    # A fuel switch: 85,000 kWh heating oil saved, 17,000 kWh electricity added for the
    # heat pump: 85,000 × 0.266 − 17,000 × 0.380 = 22,610 − 6,460 kg = 16.150 t CO₂.
    kindergarten = Measure.objects.filter(title="Energetische Sanierung des Kindergartens").first()
    assert kindergarten.energy_savings_kwh == Decimal("68000.00")
    assert kindergarten.co2_savings_t == Decimal("16.150")
    assert kindergarten.lifetime_years == 30
    # Own PV generation saves electricity from the grid: 95,000 × 0.380 = 36.100 t CO₂.
    pv = Measure.objects.filter(title="PV-Anlage auf dem Dach der Gesamtschule").first()
    assert pv.co2_savings_t == Decimal("36.100")
    # The fleet, given in km: 60,000 km × 10 l/100 km = 6,000 l × 9.8611 kWh/l diesel
    # saved, 60,000 km × 25 kWh/100 km charged: 59,166.60 × 0.266 − 15,000 × 0.380 kg.
    fleet = Measure.objects.filter(title="Elektrofahrzeuge für den Bauhof").first()
    assert not fleet.co2_manual
    assert fleet.energy_savings_kwh == Decimal("44166.60")
    assert fleet.co2_savings_t == Decimal("10.038")
    diesel = fleet.energy.get(carrier__slug="diesel")
    assert (diesel.quantity, diesel.unit, diesel.consumption) == (60000, "km", 10)
    # The pellet boiler: 4,800 l heating oil (48,000 kWh) saved, 9.6 t pellets added.
    boiler = Measure.objects.filter(title__startswith="Austausch des Ölkessels").first()
    pellets = boiler.energy.get(carrier__slug="holzpellets")
    assert (pellets.quantity, pellets.unit) == (Decimal("9.6"), "t")
    assert pellets.kwh == Decimal("44803.20")


def test_successor_network_in_acquisition_with_fourteen_municipalities(seeded):
    successor = Network.objects.get(slug=WW3)
    assert successor.phase == Network.Phase.ACQUISITION
    assert successor.predecessor.slug == WW1
    assert successor.participations.count() == 14
    assert successor.funding_code == ""
    continuing = set(successor.participations.values_list("municipality__slug", flat=True))
    earlier = set(
        Municipality.objects.filter(participations__network__slug__in=[WW1, WW2]).values_list(
            "slug", flat=True
        )
    )
    assert continuing < earlier


def test_successor_carries_over_the_unfinished_measures_of_network_1(seeded):
    carried = Measure.objects.filter(
        participation__network__slug=WW3, carried_over_from__isnull=False
    )
    assert carried.count() > 0
    for measure in carried:
        original = measure.carried_over_from
        assert original.participation.network.slug == WW1
        assert original.status in Measure.UNFINISHED
        assert (measure.title, measure.status) == (original.title, original.status)
    unfinished_of_continuing = Measure.objects.filter(
        participation__network__slug=WW1,
        status__in=Measure.UNFINISHED,
        participation__municipality__participations__network__slug=WW3,
    )
    assert carried.count() == unfinished_of_continuing.count()


def test_the_regional_agencys_coordinator_sees_the_table_of_networks(seeded, client):
    client.force_login(User.objects.get(email=regional.COORDINATOR_EMAIL))
    response = client.get(reverse("start"))
    rows = response.context["network_table"]
    assert len(rows) == len(regional.REGIONS) == 8
    assert [n.phase for n in rows].count(Network.Phase.ACQUISITION) == 2
    # attention first: the network with planned measures past their start, then the
    # one with a measure not updated for months
    assert (rows[0].name, rows[0].overdue) == ("Klimaschutz-Netzwerk Sauerland", 3)
    assert (rows[1].name, rows[1].stale) == ("Klimaschutz-Netzwerk Münsterland", 1)


def test_demo_accounts_exist_with_password_demo(seeded):
    emails = set(User.objects.values_list("email", flat=True))
    assert {
        "admin@example.org",
        "koordination@example.org",
        "moderation@example.org",
        "foerderung@example.org",
        "klima.bad-lippspringe@example.org",
    } <= emails
    assert len(emails) == 32  # with the regional agency's coordinator of eight networks
    admin = User.objects.get(email="admin@example.org")
    assert admin.is_superuser and admin.check_password("demo")
    assert not User.objects.get(email="koordination@example.org").is_staff
    assert "klima.kreis-hoexter@example.org" in seeded


def test_demo_accounts_hold_their_roles(seeded):
    def roles(email):
        return sorted(
            (m.role, str(m.municipality or m.network or m.organisation))
            for m in Membership.objects.filter(user__email=email)
        )

    assert roles("koordination@example.org") == [("coordinator", "Westfalen Weser")]
    assert roles("finanzen@example.org") == [("finance", "Westfalen Weser")]
    assert roles("klima.borchen@example.org") == [("climate_manager", "Borchen")]
    hoevelhof = Membership.objects.filter(user__email="klima.hoevelhof@example.org")
    assert sorted(hoevelhof.values_list("organisation__name", flat=True)) == [
        "Energieagentur Senne (Demo)",
        "Westfalen Weser",
    ]
    assert [s for r, s in roles("moderation@example.org")] == [
        "Klimaschutz-Netzwerk Westfalen Weser 1",
        "Klimaschutz-Netzwerk Westfalen Weser 2",
        "Klimaschutz-Netzwerk Westfalen Weser 3",
    ]
    assert sorted(s for _r, s in roles("foerderung@example.org")) == [
        "Klimaschutz-Netzwerk Westfalen Weser 1",
        "Klimaschutz-Netzwerk Westfalen Weser 2",
    ]
    assert roles("admin@example.org") == []
    assert "Passwort „demo“" in seeded


def test_a_second_organisation_shares_hoevelhof_and_nothing_else(seeded):
    senne = Network.objects.get(slug="klimaschutz-netzwerk-senne")
    assert senne.coordinator.name == "Energieagentur Senne (Demo)"
    assert sorted(senne.participations.values_list("municipality__name", flat=True)) == [
        "Harsewinkel", "Hövelhof", "Rietberg", "Schloß Holte-Stukenbrock", "Steinhagen", "Verl",
    ]  # fmt: skip
    # A joint project: a funding code for each partner, one letter apart.
    codes = {senne.funding_code, *senne.participations.values_list("funding_code", flat=True)}
    assert sorted(codes) == [f"67K24105{letter}" for letter in "ABCDEFG"]
    senne_coordinator = User.objects.get(email="koordination.senne@example.org")
    westfalen_weser = User.objects.get(email="koordination@example.org")
    ww = {WW1, WW2, WW3}

    def slugs(user):
        return set(Network.objects.for_user(user).values_list("slug", flat=True))

    assert slugs(senne_coordinator) == {"klimaschutz-netzwerk-senne"}
    assert slugs(westfalen_weser) == ww
    assert slugs(User.objects.get(email="klima.verl@example.org")) == {senne.slug}
    assert slugs(User.objects.get(email="klima.hoevelhof@example.org")) == {WW2, WW3, senne.slug}
    # Each organisation sees its own invitations only.
    assert list(
        Invitation.objects.managed_by(senne_coordinator).values_list("email", flat=True)
    ) == ["vertretung.verl@example.org"]
    assert "vertretung.verl@example.org" not in set(
        Invitation.objects.managed_by(westfalen_weser).values_list("email", flat=True)
    )
    # Hövelhof's measures in Westfalen Weser 2 stay out of reach of Senne's coordinator.
    hoevelhof_ww2 = Measure.objects.filter(
        participation__network__slug=WW2, participation__municipality__slug="hoevelhof"
    )
    assert hoevelhof_ww2.exists()
    assert not Measure.objects.for_user(senne_coordinator).filter(pk__in=hoevelhof_ww2).exists()
    assert Measure.objects.for_user(senne_coordinator).count() == 18


def test_organisations_have_their_kinds(seeded):
    kinds = dict(Organisation.objects.values_list("name", "kind"))
    assert kinds["Westfalen Weser"] == "coordinator"
    assert kinds["target GmbH"] == "service_provider"


def test_measures_have_a_history_notes_and_documents(seeded):
    completed = Measure.objects.filter(
        participation__municipality__slug="altenbeken",
        participation__network__slug=WW2,
        status=Measure.Status.COMPLETED,
    ).first()
    statuses = [r.status for r in completed.history.order_by("history_date")]
    assert statuses == ["planned", "in_progress", "completed"]
    assert {r.history_user.email for r in completed.history.all()} == {
        "klima.altenbeken@example.org"
    }
    assert completed.notes.count() == 3
    assert completed.documents.get().name == "Abnahmeprotokoll.pdf"


def test_the_successor_network_has_an_import_record(seeded):
    record = MeasureImport.objects.get(network__slug=WW3)
    assert (record.file_name, record.rows, record.user.email) == (
        "Planung Netzwerk 3.xlsx",
        2,
        "koordination@example.org",
    )
    assert sorted(record.measures.values_list("title", flat=True)) == [
        "Dienstfahrräder für die Verwaltung",
        "PV-Anlage auf dem Bauhof",
    ]


def test_meetings_with_agenda_attendance_and_final_minutes(seeded):
    from django.db.models import F
    from django_tasks_db.models import DBTaskResult

    from events.models import ActionItem, Attendance, Invitee, Meeting, Minutes

    for slug in (WW1, WW2):
        held = Meeting.objects.filter(network__slug=slug, status=Meeting.Status.HELD)
        kinds = set(held.values_list("kind", flat=True))
        assert kinds == {"kick_off", "network_meeting", "site_visit", "final_event"}
        assert held.count() == 13
        for meeting in held:
            assert meeting.agenda_items.count() == 5
            assert meeting.attendances.filter(municipality__isnull=False).exists()
            assert meeting.minutes.status == Minutes.Status.FINAL
            # Mailed when they became final, long ago: seeding mails nobody today.
            assert meeting.minutes.mailed_at > meeting.minutes.finalised_at
    assert not DBTaskResult.objects.filter(task_path="events.tasks.mail_final_minutes").exists()
    municipalities_present = (
        Attendance.objects.filter(meeting__network__slug=WW2, municipality__isnull=False)
        .values("municipality")
        .distinct()
    )
    assert municipalities_present.count() == 10
    # Nobody who declined is recorded as present (the moderator is, whatever they
    # answered), and substitutes came in their place.
    declined = Invitee.objects.filter(meeting__status=Meeting.Status.HELD, answer="no").exclude(
        user=F("meeting__moderator")
    )
    assert declined.exists()
    assert not Attendance.objects.filter(
        meeting__invitees__in=declined, user=F("meeting__invitees__user")
    ).exists()
    substitutes = declined.exclude(substitute_name="")
    assert substitutes.exists()
    came = [
        invitee.meeting.attendances.filter(
            name=invitee.substitute_name, municipality=invitee.municipality
        ).exists()
        for invitee in substitutes
    ]
    assert sum(came) > len(came) / 2  # now and then one was missing after all
    upcoming = (
        Meeting.objects.filter(network__slug=WW3)
        .exclude(kind=Meeting.Kind.INFORMATION_EVENT)  # the recruitment's, before the term
        .order_by("starts_at")
    )
    assert [m.kind for m in upcoming] == ["workshop", "kick_off"]
    assert all(m.invitees.count() == 15 and m.invited_at for m in upcoming)
    # Open action items wait on the start pages of three climate managers.
    assert sorted(
        ActionItem.objects.filter(done=False, meeting__network__slug__in=[WW1, WW2]).values_list(
            "responsible_municipality__slug", flat=True
        )
    ) == ["altenbeken", "borchen", "brakel"]


def test_issued_reports_hold_the_figures_of_their_time(seeded):
    from reports.figures.types import ReportFigures
    from reports.models import Report

    reports = Report.objects.filter(network__slug=WW1).order_by("issued_at")
    assert [(r.kind, r.period_end.isoformat(), r.version) for r in reports] == [
        ("interim", "2023-06-30", 1),
        ("interim", "2024-06-30", 1),
        ("final", "2025-06-30", 1),
        ("final", "2025-06-30", 2),
    ]
    first, second, final, _correction = reports
    # Later years completed more: the figures are those of each period's end.
    totals = [ReportFigures.from_json(r.figures).totals for r in (first, second, final)]
    achieved = [t.achieved.energy_mwh for t in totals]
    assert achieved[0] < achieved[1] < achieved[2]
    assert [t.meetings_held for t in totals] == [4, 5, 13]
    assert Report.objects.filter(network__slug=WW2).count() == 3
    # The PDFs are made on first download, so seeding needs no Pango.
    assert set(Report.objects.values_list("pdf", flat=True)) == {""}


def test_a_second_run_months_later_changes_nothing_either(seeded):
    # The running network's dates follow the day of the first run; a later run finds
    # it and everything in it, and leaves it as it is.
    before = snapshot()
    load_demo_data(today=timezone.localdate() + datetime.timedelta(days=120))
    assert snapshot() == before


def test_the_running_network_runs_on_the_day_the_demo_is_loaded(seeded):
    senne = Network.objects.get(slug=SENNE)
    today = timezone.localdate()
    assert senne.phase == Network.Phase.ACTIVE
    assert senne.term_start < today - datetime.timedelta(days=730) < today < senne.term_end
    assert (senne.term_end - senne.term_start).days in (1094, 1095)  # 36 months
    # Its measures are under way and kept up to date, each with its history.
    measures = Measure.objects.filter(participation__network=senne)
    assert set(measures.values_list("status", flat=True)) == {"completed", "in_progress", "planned"}
    assert not measures.stale().exists()
    for measure in measures.exclude(status="planned"):
        assert [r.status for r in measure.history.order_by("history_date")][:2] == [
            "planned",
            "in_progress",
        ]
        assert measure.history.latest("history_date").history_date.date() < today


def test_the_running_network_met_in_the_last_quarter_and_meets_next(seeded):
    senne = Network.objects.get(slug=SENNE)
    now, today = timezone.now(), timezone.localdate()
    held = list(Meeting.objects.filter(network=senne).held(now))
    assert held[0].kind == Meeting.Kind.KICK_OFF
    assert len(held) >= 8
    last = timezone.localtime(held[-1].starts_at).date()
    assert today - datetime.timedelta(days=MAX_GAP_DAYS) <= last < today
    for meeting in held:
        assert meeting.minutes.status == Minutes.Status.FINAL
        assert meeting.minutes.finalised_at < now
        assert meeting.agenda_items.count() == 5
        assert meeting.attendances.filter(municipality__isnull=False).exists()
    (coming,) = Meeting.objects.filter(network=senne).upcoming(now)
    assert coming.status == Meeting.Status.PLANNED
    assert coming.starts_at - held[-1].starts_at <= datetime.timedelta(days=MAX_GAP_DAYS)
    assert coming.invited_at < now
    invitees = coming.invitees.all()
    assert invitees.count() == 6
    assert all(i.sent_at < now and (i.answered_at is None or i.answered_at < now) for i in invitees)
    assert invitees.exclude(answer="pending").exists()


def test_the_running_network_has_no_overdue_report_and_the_next_one_due_soon(seeded):
    senne = Network.objects.get(slug=SENNE)
    today = timezone.localdate()
    rules = check_network(senne, today=today)
    assert [rule.rule for rule in rules if rule.state == RED] == []
    interim = [row for row in report_deadlines(senne) if row[0] == Report.Kind.INTERIM]
    fallen_due = [row for row in interim if row[3] < today]
    assert fallen_due  # the demo shows an issued interim report
    for _kind, start, end, due in fallen_due:
        report = senne.reports.get(kind=Report.Kind.INTERIM, period_start=start, period_end=end)
        assert timezone.localtime(report.issued_at).date() <= due
    _kind, start, end, due = next(row for row in interim if row[3] >= today)
    assert end < today and due - today <= datetime.timedelta(days=62)
    # Its figures are being confirmed: two towns have, the others see it on their start.
    request = senne.confirmation_requests.get()
    assert (request.period_start, request.period_end) == (start, end)
    assert sorted(
        request.confirmations.values_list("participation__municipality__slug", flat=True)
    ) == ["harsewinkel", "rietberg"]


def test_minutes_that_mention_slides_have_them_attached(seeded):
    mentioning = Minutes.objects.filter(text__contains="Folien")
    assert mentioning.filter(meeting__network__slug=SENNE).exists()
    assert mentioning.filter(meeting__network__slug__in=[WW1, WW2]).count() == 26
    for minutes in mentioning.select_related("meeting"):
        (slides,) = minutes.meeting.documents.all()
        assert (slides.name, slides.content_type) == ("Folien.pdf", "application/pdf")
        assert slides.size > 1000  # a drawn title slide (the file is in the seed's media)
        assert slides.uploaded_at == minutes.meeting.ends_at  # at the time, not today


def test_the_demos_final_reports_have_each_section_or_a_reason_for_leaving_it_empty(seeded):
    from reports.models import WRITTEN_SECTIONS, Report

    sections = {name for name, _heading, _help in WRITTEN_SECTIONS}
    finals = Report.objects.filter(kind="final").order_by("network__slug", "version")
    assert [(r.network.slug, r.version) for r in finals] == [(WW1, 1), (WW1, 2), (WW2, 1)]
    for report in finals:
        written = set(report.texts) & sections
        assert written | set(report.left_empty) == sections
        assert not written & set(report.left_empty)
        assert all(reason.strip() for reason in report.left_empty.values())
    assert set(finals[0].left_empty) == {"results"}
    assert set(finals[2].left_empty) == {"starting_point", "results", "lessons", "outlook"}


# The demo data loaded once for this module is the same for every test: what one test
# writes is rolled back before the next one runs (see `demo_seed` in tests/conftest.py).
# The two tests below run in this order; they check that, using the demo's 125 measures
# (89 of Westfalen Weser's and Senne's networks, 36 of the regional agency's).


def test_a_test_changes_the_demo_data(seeded):
    assert Measure.objects.count() == 125
    Measure.objects.all().delete()
    Organisation.objects.create(name="Nur in diesem Test")
    assert Measure.objects.count() == 0


def test_the_next_test_finds_the_demo_data_as_loaded(seeded):
    assert Measure.objects.count() == 125
    assert not Organisation.objects.filter(name="Nur in diesem Test").exists()


def test_the_funder_reads_the_shared_final_event_of_ww1_and_no_other_record(seeded, client):
    shared = Meeting.objects.filter(shared_with_funder=True)
    assert [(m.network.slug, m.kind) for m in shared] == [(WW1, "final_event")]
    (meeting,) = shared
    assert meeting.minutes.status == Minutes.Status.FINAL
    assert meeting.documents.exists()
    client.force_login(User.objects.get(email="foerderung@example.org"))
    page = client.get(reverse("meeting", args=[meeting.pk])).content.decode()
    assert 'id="anhaenge"' in page
    present = meeting.attendances.filter(municipality__isnull=False).first()
    assert present.name not in page
    unshared = Meeting.objects.filter(network__slug=WW1, status="held").exclude(pk=meeting.pk)
    page = client.get(reverse("meeting", args=[unshared.first().pk])).content.decode()
    assert "nicht für den Fördermittelgeber freigegeben" in page


def test_the_recruiting_networks_information_evening_lists_who_came(seeded):
    """Nobody was invited through the portal; the attendance recorded afterwards ticks
    the climate managers of the municipalities approached, but for three."""
    evening = Meeting.objects.get(network__slug=WW3, kind=Meeting.Kind.INFORMATION_EVENT)
    assert not evening.invitees.exists()
    present = evening.attendances.filter(user__memberships__role="climate_manager")
    assert present.values("municipality").distinct().count() == 15
    assert len(evening.not_represented()) == 3
    ticked = [c for c in attendance_candidates(evening) if c.preset]
    assert {c.user_id for c in ticked if c.user_id} == set(
        evening.attendances.filter(user__isnull=False).values_list("user", flat=True)
    )


def test_the_demos_reports_show_what_a_funder_would_question(seeded):
    """Issue 31: comments on the annex's rules, the fleet's hand-typed greenhouse gas
    marked as such, the funding code the two networks share, and no successor founded
    after the period (network 3, founded when the demo is loaded)."""
    from reports.figures.types import ReportFigures

    for report in Report.objects.filter(network__slug__in=[WW1, WW2]):
        figures = ReportFigures.from_json(report.figures)
        other = "Klimaschutz-Netzwerk Westfalen Weser " + (
            "2" if report.network.slug == WW1 else "1"
        )
        assert figures.network.code_shared_with == (other,)
        assert figures.network.successors == ()
        assert "participants" in report.rule_comments
        assert set(report.rule_comments) <= {rule.key for rule in figures.compliance}
    final = Report.objects.get(network__slug=WW1, kind="final", version=1)
    figures = ReportFigures.from_json(final.figures)
    assert set(final.rule_comments) == {"participants", "rhythm"}
    assert next(r for r in figures.compliance if r.key == "rhythm").state == RED
    fleet = [m for m in figures.measures if m.title == "Elektrofahrzeuge für den Bauhof"]
    assert fleet and not any(m.co2_manual for m in fleet)


def test_the_first_network_publishes_its_measures_and_the_catalogue_lists_it(seeded, client):
    from opendata.models import Publication

    (publication,) = Publication.objects.public()
    assert publication.network.slug == WW1
    assert (publication.licence, publication.published_by.email) == (
        "dl-by-de/2.0",
        "koordination@example.org",
    )
    catalogue = client.get(reverse("opendata_catalogue_ttl")).content.decode()
    assert f"/offene-daten/{WW1}/massnahmen.csv" in catalogue
    assert WW2 not in catalogue
    rows = client.get(reverse("opendata_csv", args=[WW1])).content.decode().splitlines()
    measures = Measure.objects.filter(participation__network__slug=WW1).count()
    assert len(rows) == 1 + measures > 1


def test_the_demo_measures_say_how_their_savings_were_found(seeded):
    """Issue 34: a mix of evidence, a measure checked by the coordination against its
    acceptance record, and one completed measure with large savings that says nothing,
    which network 2's compliance page flags."""
    evidence = set(Measure.objects.values_list("evidence", flat=True))
    assert evidence == {"", "measured", "calculated", "estimated"}
    checked = Measure.objects.get(checked_at__isnull=False)
    assert (checked.title, checked.participation.municipality.slug) == (
        "Hydraulischer Abgleich im Rathaus",
        "bad-driburg",
    )
    assert checked.checked_by.email == "koordination@example.org"
    assert checked.checked_document == checked.evidence_document == checked.documents.get()
    assert timezone.localdate(checked.checked_at) == datetime.date(2023, 12, 15)
    flags = {slug: check_network(Network.objects.get(slug=slug))[-1] for slug in (WW1, WW2, SENNE)}
    assert flags[WW2].gaps == ("Salzkotten: Sanierung der Heizzentrale im Schwimmbad",)
    assert (flags[WW1].state, flags[SENNE].state) == ("green", "green")
    final = Report.objects.get(network__slug=WW1, kind="final", version=1)
    from reports.figures.types import ReportFigures

    figures = ReportFigures.from_json(final.figures)
    assert [m.title for m in figures.measures if m.checked_on] == [checked.title]
    assert sum(row.savings.energy_mwh for row in figures.evidence) == (
        figures.totals.achieved.energy_mwh
    )
