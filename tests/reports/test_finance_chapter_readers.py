"""The final report's chapter on the finances only for those who read the network's
finances (finances.access, issue 32): the coordinating organisation's coordinators and
finance people, the network's funder and administrators get the full report; climate
managers and service providers get a second PDF of the same issued report without the
chapter (made once by the same job, from the same frozen figures, kept with its
checksum) and the workbook without the sheet "Finanzen". A report without a chapter
is one file for all."""

import hashlib
import io
import re
from decimal import Decimal
from unittest import mock

import openpyxl
import pytest
from django.urls import reverse

from finances.models import PlannedAmount
from reports import jobs, rendering
from reports.downloads import download_link
from reports.figures.types import ReportFigures
from reports.jobs import PdfState
from reports.models import Report, ReportDownload
from tests.factories import BudgetLineFactory, GrantFactory, ReceiptFactory, ReportFactory
from tests.helpers import needs_pango, run_tasks, with_totp
from tests.reports.test_report_texts import pdf_pages

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("module_personas")]

MEMBERS = ["climate_manager_a", "climate_manager_b", "service_provider"]
# Finance people read the finances but no report (404, tests/portal/test_permission_matrix).
READERS = ["funder", "coordinator", "superuser"]
CHAPTER = "Ausgaben je Ausgabenposition"


def with_grant(network):
    """A grant with one budget line, planned and spent: its report has the chapter."""
    grant = GrantFactory(network=network)
    line = BudgetLineFactory(grant=grant, name="Moderation", position=1)
    PlannedAmount.objects.create(line=line, year=2023, amount=Decimal(6000))
    ReceiptFactory(grant=grant, budget_line=line)
    return grant


def issued(network) -> Report:
    """The network's final report, with the files the worker makes for it."""
    report = ReportFactory(network=network)
    run_tasks()
    report.refresh_from_db()
    return report


def fetched(client, person, report, *, path: str = "pdf"):
    client.force_login(with_totp(person) if person.is_superuser else person)
    if path == "xlsx":
        return client.get(reverse("report_xlsx", args=[report.pk]))
    return client.get(download_link(report=report, user=person))


def text_of(response) -> str:
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    return " ".join(pdf_pages(response.content))


def sheets_of(response) -> list[str]:
    assert response.status_code == 200
    return openpyxl.load_workbook(io.BytesIO(response.content)).sheetnames


def test_members_get_the_pdf_without_the_chapter_the_readers_with_it(client, personas):
    needs_pango()
    with_grant(personas.network)
    report = issued(personas.network)
    assert report.pdf and report.members_pdf
    assert report.members_pdf_sha256 not in ("", report.pdf_sha256)
    for persona in MEMBERS:
        person = getattr(personas, persona)
        response = fetched(client, person, report)
        text = text_of(response)
        assert CHAPTER not in text and "Finanzen" not in text, persona  # nor in the contents
        assert "Teilnehmende Kommunen" in text and "Anhang: Maßnahmen im Einzelnen" in text
        assert hashlib.sha256(response.content).hexdigest() == report.members_pdf_sha256
    for persona in READERS:
        response = fetched(client, getattr(personas, persona), report)
        text = text_of(response)
        assert CHAPTER in text, persona
        assert re.search(r"Inhalt .* Finanzen \.+ \d", text)  # its line in the contents
        assert hashlib.sha256(response.content).hexdigest() == report.pdf_sha256
    # The download log says who got which file.
    log = {d.user_name: d.sha256 for d in ReportDownload.objects.filter(report=report)}
    for persona in MEMBERS + READERS:
        person = getattr(personas, persona)
        expected = report.members_pdf_sha256 if persona in MEMBERS else report.pdf_sha256
        assert log[person.get_full_name() or person.email] == expected, persona


def test_a_climate_manager_granted_by_another_organisation_gets_it_without(client, personas):
    """Municipality A's climate manager granted by the other organisation reads that
    organisation's network's report without the chapter (and nothing of the first
    network's); its coordinator gets the chapter."""
    needs_pango()
    with_grant(personas.other_network)
    report = issued(personas.other_network)
    foreign = personas.foreign_climate_manager
    response = fetched(client, foreign, report)
    assert CHAPTER not in text_of(response)
    assert hashlib.sha256(response.content).hexdigest() == report.members_pdf_sha256
    assert "Finanzen" not in sheets_of(fetched(client, foreign, report, path="xlsx"))
    coordinator = personas.other_coordinator
    assert CHAPTER in text_of(fetched(client, coordinator, report))
    assert "Finanzen" in sheets_of(fetched(client, coordinator, report, path="xlsx"))
    own = ReportFactory(network=personas.network)
    assert fetched(client, foreign, own).status_code == 404


@pytest.mark.parametrize("persona", MEMBERS + READERS)
def test_the_workbook_has_the_finances_sheet_for_the_readers_only(client, personas, persona):
    with_grant(personas.network)
    report = ReportFactory(network=personas.network)
    names = sheets_of(fetched(client, getattr(personas, persona), report, path="xlsx"))
    assert "Maßnahmen" in names
    assert ("Finanzen" in names) == (persona in READERS)


def test_the_page_shows_the_checksum_of_the_file_the_person_gets(client, personas):
    needs_pango()
    with_grant(personas.network)
    report = issued(personas.network)
    fetched(client, personas.climate_manager_a, report)  # one download of the members' file
    client.force_login(personas.climate_manager_a)
    page = client.get(report.get_absolute_url()).content.decode()
    assert report.members_pdf_sha256 in page and report.pdf_sha256 not in page
    assert "Ihr PDF und Ihre Excel-Datei enthalten es nicht" in page
    client.force_login(with_totp(personas.coordinator))
    page = client.get(report.get_absolute_url()).content.decode()
    assert report.pdf_sha256 in page
    assert f'<code class="hash">{report.members_pdf_sha256}</code>' in page
    assert "(ohne Finanzen)" in page  # the climate manager's download in the log
    client.force_login(personas.funder)
    page = client.get(report.get_absolute_url()).content.decode()
    assert report.pdf_sha256 in page and "Ihr PDF und Ihre Excel-Datei" not in page


def test_both_files_come_from_the_same_frozen_figures_made_once(client, personas):
    needs_pango()
    grant = with_grant(personas.network)
    report = ReportFactory(network=personas.network)
    frozen = dict(report.figures)
    much = Decimal(77777)
    ReceiptFactory(grant=grant, budget_line=grant.budget_lines.get(), net=much, vat=Decimal(0),
                   gross=much, eligible_amount=much)  # fmt: skip
    run_tasks()
    report.refresh_from_db()
    assert report.figures == frozen
    assert ReportFigures.from_json(report.figures).finances is not None
    # Made once and kept: later downloads hand out the same bytes, nothing is rendered.
    with mock.patch.object(rendering, "render_report", side_effect=AssertionError):
        first = fetched(client, personas.service_provider, report).content
        again = fetched(client, personas.climate_manager_b, report).content
        full = fetched(client, personas.funder, report).content
    assert first == again
    assert hashlib.sha256(first).hexdigest() == report.members_pdf_sha256
    assert hashlib.sha256(full).hexdigest() == report.pdf_sha256
    assert "77.777" not in text_of(fetched(client, personas.funder, report))


def test_a_report_without_a_grant_is_one_file_for_all(client, personas):
    needs_pango()
    report = ReportFactory(network=personas.network)
    with mock.patch.object(rendering, "render_report", wraps=rendering.render_report) as made:
        run_tasks()
    assert made.call_count == 1
    report.refresh_from_db()
    assert report.pdf and not report.members_pdf and report.members_pdf_sha256 == ""
    assert jobs.pdf_state(report) == PdfState.DONE
    for persona in ("climate_manager_a", "service_provider", "funder", "coordinator"):
        response = fetched(client, getattr(personas, persona), report)
        assert hashlib.sha256(response.content).hexdigest() == report.pdf_sha256, persona
        assert "Finanzen" not in sheets_of(
            fetched(client, getattr(personas, persona), report, path="xlsx")
        )


def test_a_report_whose_full_pdf_was_made_before_gets_the_members_file_once(client, personas):
    """A final report whose PDF was made before reports had a second file: the full one
    is handed out as it is; the members wait until the worker has made theirs."""
    needs_pango()
    with_grant(personas.network)
    report = issued(personas.network)
    full = report.pdf_sha256
    Report.objects.filter(pk=report.pk).update(members_pdf="", members_pdf_sha256="")
    report.refresh_from_db()
    assert jobs.pdf_state(report) == PdfState.MISSING
    assert fetched(client, personas.funder, report).status_code == 200
    response = fetched(client, personas.climate_manager_a, report)
    assert response.status_code == 302  # to the report page, which queues the job
    assert client.get(response["Location"]).status_code == 200
    run_tasks()
    report.refresh_from_db()
    assert report.pdf_sha256 == full and report.members_pdf_sha256
    assert CHAPTER not in text_of(fetched(client, personas.climate_manager_a, report))
