import datetime

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from measures.models import Measure
from tests.measures.support import today

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.usefixtures("module_personas", "running_networks"),
]


@pytest.fixture
def measure(client, world):
    client.force_login(world.climate_manager_a)
    return world.measure(user=world.climate_manager_a)


def status_url(measure):
    return reverse("measure_status", args=[measure.pk])


def test_a_plain_post_changes_the_status_and_goes_back_to_next(client, measure):
    response = client.post(
        status_url(measure), {"status": "in_progress", "next": "/massnahmen/?status=planned"}
    )
    assert response.status_code == 302
    assert response["Location"] == "/massnahmen/?status=planned"
    current = Measure.objects.get(pk=measure.pk)
    assert (current.status, current.started_on, current.version) == ("in_progress", today(), 2)
    assert [str(m) for m in get_messages(response.wsgi_request)] == [
        "„Heizungstausch Rathaus“ ist jetzt in Umsetzung."
    ]


@pytest.mark.parametrize(
    "target", ["https://evil.example/", "//evil.example/", "http://testserver.evil.example/"]
)
def test_an_external_next_is_not_followed(client, measure, target):
    response = client.post(status_url(measure), {"status": "postponed", "next": target})
    assert response.status_code == 302
    assert response["Location"] == reverse("measure", args=[measure.pk])
    assert Measure.objects.get(pk=measure.pk).status == "postponed"


def test_completing_dates_the_measure_today(client, measure):
    client.post(status_url(measure), {"status": "completed"})
    current = Measure.objects.get(pk=measure.pk)
    assert (current.status, current.completed_on) == ("completed", today())


def test_completing_keeps_an_existing_completion_date(client, world):
    measure = world.measure(completed_on=datetime.date(2023, 11, 30))
    client.post(status_url(measure), {"status": "completed"})
    assert Measure.objects.get(pk=measure.pk).completed_on == datetime.date(2023, 11, 30)


def test_htmx_from_the_list_gets_just_the_row(client, measure):
    response = client.post(
        status_url(measure),
        {"status": "completed"},
        HTTP_HX_REQUEST="true",
        HTTP_HX_TARGET=f"measure-{measure.pk}",
    )
    html = response.content.decode().strip()
    assert response.status_code == 200
    assert html.startswith(f'<tr id="measure-{measure.pk}">')
    assert html.endswith("</tr>")
    assert '<option value="completed" selected>abgeschlossen</option>' in html
    assert Measure.objects.get(pk=measure.pk).status == "completed"


def test_htmx_from_the_detail_page_gets_the_status_section(client, measure):
    response = client.post(
        status_url(measure),
        {"status": "completed"},
        HTTP_HX_REQUEST="true",
        HTTP_HX_TARGET="status",
    )
    html = response.content.decode().strip()
    day = today().strftime("%d.%m.%Y")
    assert html.startswith('<section id="status"')
    assert html.endswith("</section>")
    assert '<span class="badge badge--completed">abgeschlossen</span>' in html
    assert f"abgeschlossen am {day}" in html
    assert "„Heizungstausch Rathaus“ ist jetzt abgeschlossen." in html


def test_an_unknown_status_is_refused_and_changes_nothing(client, measure):
    response = client.post(status_url(measure), {"status": "erledigt"})
    assert response.status_code == 302
    assert [str(m) for m in get_messages(response.wsgi_request)] == [
        "Bitte eine gültige Auswahl treffen. erledigt ist keine gültige Auswahl."
    ]
    current = Measure.objects.get(pk=measure.pk)
    assert (current.status, current.version) == ("planned", 1)


def test_an_unknown_status_by_htmx_shows_the_error_in_the_row(client, measure):
    response = client.post(
        status_url(measure),
        {"status": "erledigt"},
        HTTP_HX_REQUEST="true",
        HTTP_HX_TARGET=f"measure-{measure.pk}",
    )
    html = response.content.decode()
    assert (
        '<p class="errorlist" role="alert">'
        "Bitte eine gültige Auswahl treffen. erledigt ist keine gültige Auswahl.</p>"
    ) in html
    assert '<option value="planned" selected>geplant</option>' in html
    assert Measure.objects.get(pk=measure.pk).version == 1


def test_a_row_change_by_htmx_leaves_no_message_for_the_next_page(client, measure):
    client.post(
        status_url(measure),
        {"status": "completed"},
        HTTP_HX_REQUEST="true",
        HTTP_HX_TARGET=f"measure-{measure.pk}",
    )
    html = client.get(reverse("measure_list")).content.decode()
    assert "ist jetzt abgeschlossen" not in html
