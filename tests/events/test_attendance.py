import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from events import services
from events.models import Attendance, Meeting
from networks.models import Membership, Role
from tests.events.test_meetings import login
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def answered(world):
    """The past meeting with invitations: A said yes, B sent a named substitute."""
    meeting = world.past
    Meeting.objects.filter(pk=meeting.pk).update(
        starts_at=meeting.starts_at, ends_at=meeting.ends_at
    )
    services.invitation_recipients(meeting)
    from events.models import Invitee

    for user, role, municipality in services.invitation_recipients(meeting):
        Invitee.objects.create(meeting=meeting, user=user, role=role, municipality_id=municipality)
    meeting.invitees.filter(user=world.climate_manager_a).update(answer="yes")
    meeting.invitees.filter(user=world.climate_manager_b).update(
        answer="no", substitute_name="Frau Vertretung"
    )
    return meeting


def test_attendance_form_is_preset_from_the_answers(client, world, answered):
    login(client, world.service_provider)
    response = client.get(reverse("meeting_attendance", args=[answered.pk]))
    assert response.status_code == 200
    form = response.context["form"]
    names = dict(form.fields["present"].choices)
    preset = sorted(names[key] for key in form.initial["present"])
    moderator = world.service_provider.get_full_name()
    assert preset == sorted([world.climate_manager_a.get_full_name(), "Frau Vertretung", moderator])


def test_recorded_attendance_counts_per_municipality(client, world, answered):
    login(client, world.service_provider)
    url = reverse("meeting_attendance", args=[answered.pk])
    form = client.get(url).context["form"]
    data = {
        "present": form.initial["present"],
        "gast-TOTAL_FORMS": "3", "gast-INITIAL_FORMS": "0",
        "gast-0-name": "Bürgermeister Borchen", "gast-0-municipality": world.municipality_b.pk,
        "gast-1-name": "", "gast-2-name": "",
    }  # fmt: skip
    assert client.post(url, data).status_code == 302
    rows = sorted(
        (a.municipality.name if a.municipality else "", a.name)
        for a in Attendance.objects.filter(meeting=answered)
    )
    assert rows == sorted(
        [
            ("Altenbeken", world.climate_manager_a.get_full_name()),
            ("Borchen", "Frau Vertretung"),
            ("Borchen", "Bürgermeister Borchen"),
            ("", world.service_provider.get_full_name()),
        ]
    )
    answered.refresh_from_db()
    assert answered.status == Meeting.Status.HELD
    # The network page reads attendance per municipality from here.
    login(client, world.coordinator)
    page = client.get(reverse("network", args=[world.network.slug]))
    attendance = {p.municipality.name: p.meetings_attended for p in page.context["participants"]}
    assert attendance == {"Altenbeken": 1, "Borchen": 1}


def test_second_recording_replaces_the_first_and_keeps_guests(client, world, answered):
    login(client, world.service_provider)
    url = reverse("meeting_attendance", args=[answered.pk])
    services.record_attendance(
        meeting=answered, user=world.service_provider, attended=[], guests=[("Gast", None)]
    )
    form = client.get(url).context["form"]
    names = dict(form.fields["present"].choices)
    assert [names[key] for key in form.initial["present"]] == ["Gast"]
    data = {"present": [], "gast-TOTAL_FORMS": "3", "gast-INITIAL_FORMS": "0"}
    assert client.post(url, data).status_code == 302
    assert not Attendance.objects.filter(meeting=answered).exists()


def test_attendance_cannot_be_recorded_before_the_meeting(client, world):
    login(client, world.coordinator)
    url = reverse("meeting_attendance", args=[world.upcoming.pk])
    data = {"present": [], "gast-TOTAL_FORMS": "3", "gast-INITIAL_FORMS": "0",
            "gast-0-name": "Zu früh"}  # fmt: skip
    response = client.post(url, data)
    assert response.status_code == 422
    assert "erst ab Beginn" in response.content.decode()
    assert not Attendance.objects.exists()


def test_named_substitute_with_an_account_is_preset_instead_of_the_invitee(world, answered):
    colleague = UserFactory(email="kollegin.b@example.org", name="Kollegin B")
    Membership.objects.create(
        user=colleague,
        role=Role.CLIMATE_MANAGER,
        municipality=world.municipality_b,
        organisation=world.coordinator_org,
    )
    answered.invitees.filter(user=world.climate_manager_b).update(
        substitute=colleague, substitute_name=""
    )
    candidates = {c.name: c for c in services.attendance_candidates(answered)}
    assert candidates["Kollegin B"].preset
    assert candidates["Kollegin B"].municipality_id == world.municipality_b.pk
    assert not candidates[world.climate_manager_b.get_full_name()].preset


def test_participant_page_lists_the_municipalitys_meeting_attendance(client, world, answered):
    services.record_attendance(
        meeting=answered, user=world.coordinator, attended=[],
        guests=[("Anna Beispiel", world.municipality_a.pk), ("Bernd Gast", None)],
    )  # fmt: skip
    # The network's own people see names; its funder a count (tests/events/test_privacy.py).
    login(client, world.climate_manager_b)
    response = client.get(reverse("participant", args=[world.network.slug, "altenbeken"]))
    rows = [(m.title, m.attendees) for m in response.context["meetings"]]
    assert rows == [("4. Netzwerktreffen", ["Anna Beispiel"])]
    assert response.context["attended_count"] == 1
    response = client.get(reverse("participant", args=[world.network.slug, "borchen"]))
    assert [(m.title, m.attendees) for m in response.context["meetings"]] == [
        ("4. Netzwerktreffen", [])
    ]


def test_a_meeting_recorded_after_the_fact_offers_the_people_it_would_have_invited(client, world):
    """Nobody was invited through the portal: the form offers the climate managers of
    the participating municipalities and the service providers, none ticked but the
    moderator, instead of the moderator alone."""
    assert not world.past.invitees.exists()
    login(client, world.coordinator)
    response = client.get(reverse("meeting_attendance", args=[world.past.pk]))
    form = response.context["form"]
    names = dict(form.fields["present"].choices)
    offered = {candidate.name: candidate for candidate in form.candidates.values()}
    assert set(offered) >= {
        world.climate_manager_a.get_full_name(),
        world.climate_manager_b.get_full_name(),
        world.service_provider.get_full_name(),
    }
    # A's climate manager granted by the other organisation is not this network's.
    assert world.foreign_climate_manager.get_full_name() not in offered
    assert offered[world.climate_manager_a.get_full_name()].municipality_name == "Altenbeken"
    preset = [names[key] for key in form.initial["present"]]
    assert preset == [world.service_provider.get_full_name()]  # the moderator
    response = client.post(
        reverse("meeting_attendance", args=[world.past.pk]),
        {
            "present": [f"u{world.climate_manager_b.pk}", f"u{world.service_provider.pk}"],
            "gast-TOTAL_FORMS": "0",
            "gast-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302
    assert set(world.past.attendances.values_list("user", "municipality")) == {
        (world.climate_manager_b.pk, world.municipality_b.pk),
        (world.service_provider.pk, None),
    }
    form = client.get(reverse("meeting_attendance", args=[world.past.pk])).context["form"]
    assert sorted(form.initial["present"]) == sorted(
        [f"u{world.climate_manager_b.pk}", f"u{world.service_provider.pk}"]
    )


def test_final_minutes_lock_the_attendance_until_they_are_reopened(client, world, answered):
    services.save_minutes(
        meeting=answered, user=world.coordinator, text="Protokoll", base_version=0
    )
    services.finalise_minutes(meeting=answered, user=world.coordinator)
    login(client, world.service_provider)
    url = reverse("meeting_attendance", args=[answered.pk])
    page = client.get(reverse("meeting", args=[answered.pk])).content.decode()
    assert url not in page
    assert "Tagesordnung und Anwesenheit sind mit dem endgültigen Protokoll abgeschlossen" in page
    response = client.post(
        url, {"present": [f"u{world.climate_manager_a.pk}"], "gast-TOTAL_FORMS": "0",
              "gast-INITIAL_FORMS": "0"}, follow=True,
    )  # fmt: skip
    assert "Das Protokoll ist endgültig; damit sind Tagesordnung und Anwesenheit gesperrt." in (
        response.content.decode()
    )
    assert not answered.attendances.exists()
    with pytest.raises(ValidationError):
        services.record_attendance(
            meeting=answered, user=world.coordinator, attended=[], guests=[("Gast", None)]
        )
    services.reopen_minutes(meeting=answered, user=world.coordinator)
    assert client.get(url).status_code == 200
    assert url in client.get(reverse("meeting", args=[answered.pk])).content.decode()
