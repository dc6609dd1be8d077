"""A report's download log records what people chose to download: an image in someone's
Markdown cannot fetch a report in the reader's name, and only the person's own link,
followed, records a download, once however often it is reloaded (issue 28)."""

import hashlib
import re

import pytest
from django.urls import reverse

from events.models import Minutes
from lib.markup import render_markdown
from reports.downloads import download_link
from reports.models import ReportDownload
from tests.factories import MeetingFactory, NetworkPhotoFactory, ReportFactory
from tests.helpers import needs_pango, run_tasks, with_totp

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("module_personas")]


def test_an_image_in_markdown_may_not_point_at_a_report_or_any_page(personas):
    report = ReportFactory(network=personas.network)
    targets = [
        report.pdf_url(), download_link(report=report, user=personas.funder), "/start/",
        "/abmelden/", "/berichte/1/bericht.pdf?abruf=x", "/gibt-es-nicht/",
    ]  # fmt: skip
    for target in targets:
        html = render_markdown(f"![Logo]({target})")
        assert "<img" not in html, target
        assert "Logo" in html or html == "<p></p>\n", target


def test_an_image_of_the_portals_own_uploads_is_kept(personas):
    photo = NetworkPhotoFactory(network=personas.network)
    html = render_markdown(f"![Gruppenfoto]({photo.get_absolute_url()})")
    assert html == f'<p><img src="{photo.get_absolute_url()}" alt="Gruppenfoto"></p>\n'


def test_the_funder_opening_minutes_with_a_planted_image_records_no_download(client, personas):
    needs_pango()
    report = ReportFactory(network=personas.network)
    run_tasks()
    meeting = MeetingFactory(network=personas.network)
    Minutes.objects.create(meeting=meeting, text=f"![Logo]({report.pdf_url()})", version=1)
    client.force_login(personas.funder)
    html = client.get(reverse("meeting", args=[meeting.pk])).content.decode()
    assert report.pdf_url() not in html
    # Even the bare address, fetched by anything, serves the file and records nothing.
    response = client.get(report.pdf_url())
    assert response.status_code == 200
    assert not ReportDownload.objects.exists()


def test_following_ones_own_link_records_one_download_however_often_it_is_reloaded(
    client, personas
):
    needs_pango()
    report = ReportFactory(network=personas.network)
    run_tasks()
    client.force_login(personas.funder)
    page = client.get(report.get_absolute_url()).content.decode()
    link = re.search(r'href="(/berichte/\d+/bericht\.pdf\?abruf=[^"]+)"', page).group(1)
    link = link.replace("&amp;", "&")
    for _ in range(3):
        content = client.get(link).content
    report.refresh_from_db()
    (download,) = ReportDownload.objects.all()
    assert (download.user, download.sha256) == (personas.funder, report.pdf_sha256)
    assert hashlib.sha256(content).hexdigest() == report.pdf_sha256
    # The page opened again gives a new link: a second download, chosen again.
    page = client.get(report.get_absolute_url()).content.decode()
    second = re.search(r'href="(/berichte/\d+/bericht\.pdf\?abruf=[^"]+)"', page).group(1)
    assert second != link
    client.get(second)
    assert ReportDownload.objects.count() == 2


def test_someone_elses_link_or_a_forged_one_records_nothing(client, personas):
    needs_pango()
    report = ReportFactory(network=personas.network)
    other = ReportFactory(network=personas.network, note="Fassung 2: korrigiert")
    run_tasks()
    coordinators_link = download_link(report=report, user=with_totp(personas.coordinator))
    client.force_login(personas.funder)
    assert client.get(coordinators_link).status_code == 200
    funders_link_to_other = download_link(report=other, user=personas.funder)
    mark = funders_link_to_other.split("abruf=", 1)[1]  # as the link carries it, encoded
    assert client.get(f"{report.pdf_url()}?abruf={mark}").status_code == 200
    assert client.get(f"{report.pdf_url()}?abruf=nichts").status_code == 200
    assert not ReportDownload.objects.exists()


def test_the_link_on_each_page_that_lists_reports_records_the_download(client, personas):
    needs_pango()
    report = ReportFactory(network=personas.network)
    run_tasks()
    client.force_login(personas.funder)
    for page in ("/start/", personas.network.get_absolute_url(),
                 reverse("report_list", args=[personas.network.slug])):  # fmt: skip
        html = client.get(page).content.decode()
        links = re.findall(r'href="(/berichte/\d+/bericht\.pdf[^"]*)"', html)
        assert links, page
        assert all("?abruf=" in link for link in links), page
        client.get(links[0].replace("&amp;", "&"))
    assert ReportDownload.objects.filter(report=report, user=personas.funder).count() == 3
