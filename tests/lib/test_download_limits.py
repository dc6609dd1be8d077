"""Downloads rendered in the request (lib.limits.heavy_download): one at a time
per person and HEAVY_DOWNLOADS_PER_MINUTE a minute; beyond that 429 with Retry-After
and a German page in the portal's layout, for that person only."""

import pytest
from allauth.core.internal.ratelimit import handler429
from django.contrib.auth.models import AnonymousUser
from django.core.cache import cache
from django.urls import reverse

from lib.limits import lock_key
from tests.factories import MeetingFactory, ReportFactory
from tests.helpers import keep_running, needs_pango, with_totp

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("module_personas")]

TOO_MANY = (
    "Bitte warten Sie einen Moment: Sie haben in der letzten Minute schon viele Berichte "
    "und Exporte erstellen lassen. Versuchen Sie es spätestens in einer Minute noch einmal."
)
BUSY = (
    "Bitte warten Sie einen Moment: Ihr letzter Bericht oder Export wird noch erstellt. "
    "Versuchen Sie es danach noch einmal."
)


def assert_refused(response, text: str, *, longest_wait: int) -> None:
    assert response.status_code == 429
    assert 1 <= int(response["Retry-After"]) <= longest_wait
    html = response.content.decode()
    assert "<h1>Einen Moment, bitte</h1>" in html
    assert f"<p>{text}</p>" in html
    assert 'class="site-header"' in html  # the portal's layout
    assert response["Cache-Control"] == "private, no-store"


@pytest.fixture
def mayors_report(personas):
    needs_pango()
    return reverse("mayors_report", args=[personas.network.slug, personas.municipality_a.slug])


def test_the_mayors_report_is_refused_beyond_the_limit_for_that_person_only(
    client, personas, settings, mayors_report
):
    settings.HEAVY_DOWNLOADS_PER_MINUTE = 2
    client.force_login(personas.climate_manager_a)
    assert [client.get(mayors_report).status_code for _ in range(2)] == [200, 200]
    assert_refused(client.get(mayors_report), TOO_MANY, longest_wait=60)
    client.force_login(with_totp(personas.coordinator))
    response = client.get(mayors_report)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"


def test_a_second_mayors_report_while_the_first_renders_is_refused(client, personas, mayors_report):
    cache.add(lock_key(personas.climate_manager_a), 1)  # the first one still renders
    client.force_login(personas.climate_manager_a)
    assert_refused(client.get(mayors_report), BUSY, longest_wait=3)
    client.force_login(with_totp(personas.coordinator))
    assert client.get(mayors_report).status_code == 200
    cache.delete(lock_key(personas.climate_manager_a))  # the first one is done
    client.force_login(personas.climate_manager_a)
    assert client.get(mayors_report).status_code == 200


def test_a_refused_download_frees_the_person_for_the_next(client, personas, mayors_report):
    client.force_login(personas.funder)
    assert [client.get(mayors_report).status_code for _ in range(2)] == [403, 403]


def meeting_pdf(personas):
    needs_pango()
    return reverse("meeting_pdf", args=[MeetingFactory(network=personas.network).pk])


def report_xlsx(personas):
    return reverse("report_xlsx", args=[ReportFactory(network=personas.network).pk])


def import_template(personas):
    keep_running(personas.network)  # measures are imported while the term runs
    return reverse("measure_import_template", args=[personas.network.slug])


@pytest.mark.parametrize(
    "url",
    [
        meeting_pdf,
        report_xlsx,
        lambda personas: reverse("measure_export", args=["csv"]),
        lambda personas: reverse("measure_export", args=["xlsx"]),
        import_template,
    ],
    ids=["meeting_pdf", "report_xlsx", "measure_export_csv", "measure_export_xlsx",
         "measure_import_template"],
)  # fmt: skip
def test_every_download_rendered_in_the_request_has_the_same_limit(client, personas, settings, url):
    url = url(personas)
    settings.HEAVY_DOWNLOADS_PER_MINUTE = 1
    client.force_login(personas.climate_manager_a)
    assert client.get(url).status_code == 200
    assert_refused(client.get(url), TOO_MANY, longest_wait=60)
    cache.clear()
    cache.add(lock_key(personas.climate_manager_a), 1)
    assert_refused(client.get(url), BUSY, longest_wait=3)


def test_allauths_own_rate_limits_show_the_page_with_a_general_reason(rf):
    request = rf.get(reverse("account_reset_password"))
    request.user = AnonymousUser()
    response = handler429(request)
    assert response.status_code == 429
    html = response.content.decode()
    assert "<h1>Einen Moment, bitte</h1>" in html
    assert (
        "<p>Bitte warten Sie einen Moment: Sie haben in kurzer Zeit viele Anfragen gestellt. "
        "Versuchen Sie es in einigen Minuten noch einmal.</p>"
    ) in html
