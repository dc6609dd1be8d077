"""Every download of an issued report's PDF through a person's link is recorded: who,
when, which version and the SHA-256 of the bytes handed out; the coordination sees the
list on the report page (tests/reports/test_download_log.py: what records nothing)."""

import hashlib
from urllib.parse import parse_qs, urlsplit

import pytest
from django.core.exceptions import PermissionDenied

from reports.downloads import download_link, download_report
from reports.models import ReportDownload
from tests.factories import ReportFactory
from tests.helpers import needs_pango, run_tasks, with_totp

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("module_personas")]


def mark(report, person) -> str:
    """The mark of the person's link, as the page's link carries it."""
    query = urlsplit(download_link(report=report, user=person)).query
    return parse_qs(query)["abruf"][0]


def test_each_download_is_recorded_with_the_hash_of_the_bytes_handed_out(client, personas):
    needs_pango()
    first = ReportFactory(network=personas.network)
    correction = ReportFactory(network=personas.network, note="Fassung 2: korrigiert")
    run_tasks()
    client.force_login(personas.funder)
    for report in (first, correction, correction):
        content = client.get(download_link(report=report, user=personas.funder)).content
        report.refresh_from_db()
        assert hashlib.sha256(content).hexdigest() == report.pdf_sha256
    downloads = list(ReportDownload.objects.order_by("pk"))
    assert [(d.report.version, d.user, d.user_name) for d in downloads] == [
        (1, personas.funder, personas.funder.get_full_name()),
        (2, personas.funder, personas.funder.get_full_name()),
        (2, personas.funder, personas.funder.get_full_name()),
    ]
    assert {d.sha256 for d in downloads[1:]} == {correction.pdf_sha256}
    assert downloads[0].sha256 == first.pdf_sha256 != correction.pdf_sha256


def test_the_coordination_sees_the_downloads_of_every_version_others_do_not(client, personas):
    needs_pango()
    first = ReportFactory(network=personas.network)
    correction = ReportFactory(network=personas.network, note="Fassung 2")
    run_tasks()
    for report, person in ((first, personas.funder), (correction, personas.climate_manager_a)):
        download_report(report=report, user=person, link=mark(report, person))
    client.force_login(with_totp(personas.coordinator))
    page = client.get(correction.get_absolute_url())
    assert [(d.user_name, d.report.version) for d in page.context["downloads"]] == [
        (personas.climate_manager_a.get_full_name(), 2),
        (personas.funder.get_full_name(), 1),
    ]
    assert "Abrufe des PDF" in page.content.decode()
    for reader in (personas.funder, personas.climate_manager_a, personas.service_provider):
        client.force_login(reader)
        page = client.get(correction.get_absolute_url())
        assert page.status_code == 200
        assert page.context["downloads"] is None
        assert "Abrufe des PDF" not in page.content.decode()


@pytest.mark.parametrize("persona", ["other_coordinator", "foreign_climate_manager", "outsider"])
def test_nobody_outside_the_network_downloads_through_the_service(personas, persona):
    report = ReportFactory(network=personas.network)
    with pytest.raises(PermissionDenied):
        download_report(report=report, user=getattr(personas, persona))
    assert not ReportDownload.objects.exists()


def test_only_the_coordination_reads_the_downloads_through_the_queryset(personas):
    report = ReportFactory(network=personas.network)
    ReportDownload.objects.create(
        report=report, user=personas.funder, user_name="Förderung", sha256="0" * 64
    )
    readers = {
        persona: ReportDownload.objects.for_user(getattr(personas, persona)).count()
        for persona in ("coordinator", "superuser", "funder", "climate_manager_a",
                        "other_coordinator", "foreign_climate_manager", "outsider")
    }  # fmt: skip
    assert readers == {
        "coordinator": 1, "superuser": 1, "funder": 0, "climate_manager_a": 0,
        "other_coordinator": 0, "foreign_climate_manager": 0, "outsider": 0,
    }  # fmt: skip
