import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from events.models import Meeting
from events.services import series_dates
from tests.events.support import at
from tests.helpers import needs_pango, with_totp

pytestmark = pytest.mark.django_db


def login(client, user):
    client.force_login(with_totp(user))
    return client


def meeting_post(world, **changes):
    day = (datetime.date.today() + datetime.timedelta(days=30)).isoformat()
    data = {
        "kind": "workshop",
        "title": "Workshop Straßenbeleuchtung",
        "starts_at_0": day,
        "starts_at_1": "09:30",
        "ends_at_0": day,
        "ends_at_1": "12:00",
        "venue": "Kreishaus Paderborn",
        "address": "Aldegreverstraße 10",
        "online_url": "",
        "description": "Erfahrungen mit LED-Umrüstung",
        "moderator": world.service_provider.pk,
    }
    data.update(changes)
    return data


def test_service_provider_creates_a_meeting_in_berlin_time(client, world):
    login(client, world.service_provider)
    response = client.post(reverse("meeting_new", args=[world.network.slug]), meeting_post(world))
    meeting = Meeting.objects.get(title="Workshop Straßenbeleuchtung")
    assert response.status_code == 302
    assert response["Location"] == reverse("meeting", args=[meeting.pk])
    assert timezone.localtime(meeting.starts_at).strftime("%H:%M") == "09:30"
    assert str(timezone.localtime(meeting.starts_at).tzinfo) == "Europe/Berlin"
    assert meeting.created_by == world.service_provider
    assert meeting.sequence == 0


def test_meeting_form_reports_problems_in_german(client, world):
    login(client, world.coordinator)
    data = meeting_post(world, ends_at_1="08:00", venue="")
    response = client.post(reverse("meeting_new", args=[world.network.slug]), data)
    assert response.status_code == 422
    form = response.context["form"]
    assert form.errors["ends_at"] == ["Das Ende muss nach dem Beginn liegen."]
    assert form.errors["venue"] == ["Bitte einen Ort oder einen Online-Link angeben."]
    assert not Meeting.objects.filter(title="Workshop Straßenbeleuchtung").exists()


def test_meeting_outside_the_term_is_saved_after_confirmation(client, world):
    login(client, world.coordinator)
    day = (world.network.term_end + datetime.timedelta(days=20)).isoformat()
    data = meeting_post(world, starts_at_0=day, ends_at_0=day, kind="final_event")
    url = reverse("meeting_new", args=[world.network.slug])
    response = client.post(url, data)
    assert response.status_code == 422
    assert "außerhalb der Laufzeit" in response.context["form"].errors["starts_at"][0]
    assert b'name="outside_term_confirmed"' in response.content
    response = client.post(url, {**data, "outside_term_confirmed": "on"})
    assert response.status_code == 302
    assert Meeting.objects.get(kind="final_event").outside_term_confirmed


def test_climate_manager_reads_meetings_but_cannot_create_one(client, world):
    login(client, world.climate_manager_a)
    assert client.get(reverse("meeting", args=[world.upcoming.pk])).status_code == 200
    response = client.post(reverse("meeting_new", args=[world.network.slug]), meeting_post(world))
    assert response.status_code == 403
    assert client.get(reverse("meeting_edit", args=[world.upcoming.pk])).status_code == 403


def test_outsiders_do_not_learn_that_a_meeting_exists(client, world):
    login(client, world.other_coordinator)
    assert client.get(reverse("meeting", args=[world.upcoming.pk])).status_code == 404
    assert client.get(reverse("network_meetings", args=[world.network.slug])).status_code == 404


def test_network_meeting_list_splits_upcoming_and_past(client, world):
    cancelled = world.meeting(title="Abgesagtes Treffen", starts_at=at(40), status="cancelled")
    login(client, world.funder)
    response = client.get(reverse("network_meetings", args=[world.network.slug]))
    assert response.status_code == 200
    assert [m.title for m in response.context["upcoming"]] == [
        "5. Netzwerktreffen",
        cancelled.title,
    ]
    assert [m.title for m in response.context["past"]] == ["4. Netzwerktreffen"]
    assert "Neues Treffen" not in response.content.decode()


def test_meeting_lists_run_a_constant_number_of_queries(
    client, world, django_assert_max_num_queries
):
    login(client, world.coordinator)
    url = reverse("network_meetings", args=[world.network.slug])
    with django_assert_max_num_queries(14) as few:
        client.get(url)
    for day in range(20, 60):
        world.meeting(title=f"Treffen {day}", starts_at=at(day))
        world.meeting(title=f"Früher {day}", starts_at=at(-day))
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(url)
    # Paged: 41 upcoming meetings on two pages, the past ones likewise.
    upcoming = response.context["upcoming"]
    assert (upcoming.paginator.count, len(upcoming)) == (41, 25)
    with django_assert_max_num_queries(len(few.captured_queries)):
        second = client.get(url, {"kommende": 2, "vergangene": 1})
    assert len(second.context["upcoming"]) == 16
    assert len(second.context["past"]) == 25
    assert 'href="?kommende=2&amp;vergangene=2#vergangene" rel="next"' in second.text
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(reverse("meeting_list"))


def test_the_meeting_list_counts_each_meeting_on_its_own(client, world):
    """Agenda items, yes-answers and municipalities present, counted per meeting
    without multiplying each other (they were joined in one query)."""
    from events.models import AgendaItem, Attendance, Invitee

    meeting = world.past
    for position in range(1, 4):
        AgendaItem.objects.create(meeting=meeting, position=position, title=f"TOP {position}")
    for user, municipality in ((world.climate_manager_a, world.municipality_a),
                               (world.climate_manager_b, world.municipality_b)):  # fmt: skip
        Invitee.objects.create(
            meeting=meeting, user=user, municipality=municipality, role="climate_manager",
            answer="yes",
        )  # fmt: skip
        Attendance.objects.create(meeting=meeting, user=user, name="x", municipality=municipality)
    Attendance.objects.create(meeting=meeting, name="Gast A", municipality=world.municipality_a)
    Attendance.objects.create(meeting=meeting, name="Moderation")
    login(client, world.coordinator)
    page = client.get(reverse("network_meetings", args=[world.network.slug]))
    listed = next(row for row in page.context["past"] if row.pk == meeting.pk)
    assert (listed.agenda_count, listed.yes_count, listed.attended_municipalities) == (3, 2, 2)


def test_edit_raises_the_sequence_and_refuses_a_stale_form(client, world):
    login(client, world.coordinator)
    meeting = world.upcoming
    url = reverse("meeting_edit", args=[meeting.pk])
    form = client.get(url).context["form"]
    day = meeting.starts_at.date().isoformat()
    data = meeting_post(
        world, title="5. Netzwerktreffen (verlegt)", starts_at_0=day, ends_at_0=day,
        version=form.initial["version"],
    )  # fmt: skip
    assert client.post(url, data).status_code == 302
    meeting.refresh_from_db()
    assert (meeting.title, meeting.sequence) == ("5. Netzwerktreffen (verlegt)", 1)
    # A second person still holds the form of sequence 0.
    response = client.post(url, {**data, "title": "Anderer Titel"})
    assert response.status_code == 409
    assert "inzwischen geändert" in response.content.decode()
    meeting.refresh_from_db()
    assert meeting.title == "5. Netzwerktreffen (verlegt)"


def test_a_refused_edit_shows_the_meeting_as_it_is_now_on_its_current_sequence(client, world):
    login(client, world.coordinator)
    meeting = world.upcoming
    url = reverse("meeting_edit", args=[meeting.pk])
    day = meeting.starts_at.date().isoformat()
    data = meeting_post(world, starts_at_0=day, ends_at_0=day, version="0")
    assert client.post(url, {**data, "title": "Verlegt"}).status_code == 302
    response = client.post(url, {**data, "title": "Anderer Titel"})
    assert response.status_code == 409
    assert response.context["meeting"].title == "Verlegt"
    assert response.context["form"].data["version"] == 1
    assert response.context["form"].data["title"] == "Anderer Titel"


def test_series_dates_keep_the_weekday_position_in_the_month():
    # 13.09.2022 is the 2nd Tuesday; every three months the 2nd Tuesday again.
    dates = series_dates(
        first=datetime.date(2022, 9, 13),
        interval_months=3,
        until=datetime.date(2023, 9, 30),
        limit=40,
    )
    assert dates == [
        datetime.date(2022, 9, 13),
        datetime.date(2022, 12, 13),
        datetime.date(2023, 3, 14),
        datetime.date(2023, 6, 13),
        datetime.date(2023, 9, 12),
    ]
    assert all(day.weekday() == 1 for day in dates)


def test_series_on_the_last_weekday_of_a_month():
    dates = series_dates(
        first=datetime.date(2024, 1, 26),
        interval_months=1,
        until=datetime.date(2024, 3, 31),
        limit=40,
    )
    assert dates == [
        datetime.date(2024, 1, 26),
        datetime.date(2024, 2, 23),
        datetime.date(2024, 3, 29),
    ]


def test_coordinator_creates_a_series_after_a_preview(client, world):
    login(client, world.coordinator)
    first = world.network.term_start + datetime.timedelta(days=7)
    until = first + datetime.timedelta(days=400)  # five dates: months 0, 3, 6, 9, 12
    data = {
        "title": "{n}. Netzwerktreffen", "first_date": first.isoformat(),
        "interval_months": "3", "until": until.isoformat(), "start_time": "10:00",
        "end_time": "13:00", "venue": "Rathaus", "address": "", "online_url": "",
        "moderator": world.coordinator.pk,
    }  # fmt: skip
    url = reverse("meeting_series", args=[world.network.slug])
    preview = client.post(url, {**data, "preview": "1"})
    assert preview.status_code == 200
    assert len(preview.context["preview"]) == 5
    before = Meeting.objects.count()
    assert client.post(url, data).status_code == 302
    created = Meeting.objects.filter(network=world.network).order_by("starts_at")[:5]
    assert Meeting.objects.count() == before + 5
    # Two network meetings existed, so the series goes on with number 3.
    assert [m.title for m in created] == [f"{n}. Netzwerktreffen" for n in range(3, 8)]
    assert {m.starts_at.astimezone(datetime.UTC).strftime("%H:%M") for m in created} <= {
        "08:00",
        "09:00",
    }


def test_series_stays_within_the_term(client, world):
    login(client, world.coordinator)
    data = {
        "title": "Treffen", "first_date": world.network.term_start.isoformat(),
        "interval_months": "1",
        "until": (world.network.term_end + datetime.timedelta(days=1)).isoformat(),
        "start_time": "10:00", "end_time": "09:00", "venue": "", "online_url": "",
        "moderator": world.coordinator.pk,
    }  # fmt: skip
    response = client.post(reverse("meeting_series", args=[world.network.slug]), data)
    assert response.status_code == 422
    errors = response.context["form"].errors
    assert "Laufzeit" in errors["until"][0]
    assert errors["end_time"] == ["Das Ende muss nach dem Beginn liegen."]
    assert errors["venue"] == ["Bitte einen Ort oder einen Online-Link angeben."]


# Dates at the edges of the portal's range (1990–2100) --------------------------------

OUT_OF_RANGE = "Bitte ein Datum zwischen 1990 und 2100 angeben."


def test_a_meeting_in_year_one_is_refused_and_the_lists_keep_working(client, world):
    """PostgreSQL stored 0001-01-01 10:00 Berlin time but could not read it back (the
    instant lies in 1 BC in UTC), so every meeting list answered 500."""
    login(client, world.coordinator)
    data = meeting_post(
        world, starts_at_0="0001-01-01", starts_at_1="10:00", ends_at_0="0001-01-01",
        ends_at_1="12:00", outside_term_confirmed="on",
    )  # fmt: skip
    response = client.post(reverse("meeting_new", args=[world.network.slug]), data)
    assert response.status_code == 422
    assert response.context["form"].errors == {
        "starts_at": [OUT_OF_RANGE],
        "ends_at": [OUT_OF_RANGE],
    }
    assert not Meeting.objects.filter(title="Workshop Straßenbeleuchtung").exists()
    assert client.get(reverse("meeting_list")).status_code == 200
    assert client.get(reverse("network_meetings", args=[world.network.slug])).status_code == 200


def test_a_meeting_on_the_last_evening_of_9999_is_refused(client, world):
    login(client, world.coordinator)
    data = meeting_post(
        world, starts_at_0="9999-12-31", starts_at_1="22:00", ends_at_0="9999-12-31",
        ends_at_1="23:00", outside_term_confirmed="on",
    )  # fmt: skip
    response = client.post(reverse("meeting_new", args=[world.network.slug]), data)
    assert response.status_code == 422
    assert response.context["form"].errors == {
        "starts_at": [OUT_OF_RANGE],
        "ends_at": [OUT_OF_RANGE],
    }


def test_the_date_pickers_of_the_meeting_form_offer_only_the_range(client, world):
    login(client, world.coordinator)
    response = client.get(reverse("meeting_new", args=[world.network.slug]))
    assert response.content.count(b'type="date"') == 2
    assert response.content.count(b'min="1990-01-01" max="2100-12-31"') == 2


def test_a_meeting_at_the_end_of_the_range_with_a_long_agenda_shows_page_and_pdf(client, world):
    """The latest start the portal takes, plus twelve hours of agenda, stays in the calendar."""
    needs_pango()
    meeting = world.meeting(
        starts_at=datetime.datetime(2100, 12, 31, 22, 0, tzinfo=datetime.UTC),
        ends_at=datetime.datetime(2100, 12, 31, 23, 0, tzinfo=datetime.UTC),
        outside_term_confirmed=True,
    )
    meeting.agenda_items.create(position=1, title="Marathon", duration_minutes=720)
    meeting.agenda_items.create(position=2, title="Ausklang", duration_minutes=720)
    login(client, world.coordinator)
    page = client.get(reverse("meeting", args=[meeting.pk]))
    assert page.status_code == 200
    assert [start for _, start in page.context["agenda"]] == [
        datetime.datetime(2100, 12, 31, 23, 0, tzinfo=timezone.get_default_timezone()),
        datetime.datetime(2101, 1, 1, 11, 0, tzinfo=timezone.get_default_timezone()),
    ]
    assert client.get(reverse("meeting_pdf", args=[meeting.pk])).status_code == 200


def test_a_series_preview_until_9999_is_a_form_error(client, world):
    login(client, world.coordinator)
    data = {
        "title": "{n}. Netzwerktreffen", "first_date": at(30).date().isoformat(),
        "interval_months": "1", "until": "9999-12-31", "start_time": "10:00",
        "end_time": "13:00", "venue": "Kreishaus", "moderator": world.service_provider.pk,
        "preview": "1",
    }  # fmt: skip
    response = client.post(reverse("meeting_series", args=[world.network.slug]), data)
    assert response.status_code == 422
    assert response.context["form"].errors == {"until": [OUT_OF_RANGE]}
    assert response.context["preview"] is None


def test_a_series_over_a_term_to_2100_stops_counting_after_one_date_too_many(client, world):
    Network = type(world.network)
    Network.objects.filter(pk=world.network.pk).update(term_end=datetime.date(2100, 12, 31))
    login(client, world.coordinator)
    data = {
        "title": "{n}. Netzwerktreffen", "first_date": at(30).date().isoformat(),
        "interval_months": "1", "until": "2100-12-31", "start_time": "10:00",
        "end_time": "13:00", "venue": "Kreishaus", "moderator": world.service_provider.pk,
        "preview": "1",
    }  # fmt: skip
    response = client.post(reverse("meeting_series", args=[world.network.slug]), data)
    assert response.status_code == 422
    assert response.context["form"].errors == {
        "interval_months": [
            "Das wären mehr als 40 Treffen; bitte einen größeren Abstand oder ein früheres "
            "Ende wählen."
        ]
    }
    assert len(response.context["form"].cleaned_data["dates"]) == 41


def test_series_dates_stop_at_the_limit_however_far_the_end():
    dates = series_dates(
        first=datetime.date(2024, 1, 9), interval_months=1, until=datetime.date(9999, 12, 31),
        limit=3,
    )  # fmt: skip
    assert dates == [
        datetime.date(2024, 1, 9),
        datetime.date(2024, 2, 13),
        datetime.date(2024, 3, 12),
    ]


def test_an_invitee_finds_their_answer_first_and_the_record_only_once_held(client, world):
    from events import services

    services.send_invitations(meeting=world.upcoming, user=world.coordinator)
    client.force_login(world.climate_manager_a)
    html = client.get(world.upcoming.get_absolute_url()).content.decode()
    # On a phone the page is one column: the answer comes before when and where.
    assert html.index('id="answer-heading"') < html.index('id="facts-heading"')
    # A planned meeting has no record to print yet; a held one has.
    assert reverse("meeting_pdf", args=[world.upcoming.pk]) not in html
    Meeting.objects.filter(pk=world.past.pk).update(status=Meeting.Status.HELD)
    html = client.get(world.past.get_absolute_url()).content.decode()
    assert reverse("meeting_pdf", args=[world.past.pk]) in html
