import datetime
from types import SimpleNamespace

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from events import services
from events.models import Attendance, Meeting
from networks.models import Membership, Prospect, Role
from tests.events.test_meetings import login
from tests.factories import MunicipalityFactory, NetworkFactory, ParticipationFactory, UserFactory
from tests.helpers import run_tasks

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("module_personas")]


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


@pytest.fixture
def recruiting(world):
    """A successor of the personas' network still recruiting (its term starts in 100
    days): Altenbeken will take part, Cappel is a prospect still deciding, Dahl
    declined before the information event held today, Borchen took part in the
    predecessor only. Everybody of those municipalities has an account."""
    today = timezone.localdate()
    network = NetworkFactory(
        name="Nachfolger", slug="nachfolger", coordinator=world.coordinator_org,
        term_start=today + datetime.timedelta(days=100),
        term_end=today + datetime.timedelta(days=1195), predecessor=world.network,
    )  # fmt: skip
    ParticipationFactory(network=network, municipality=world.municipality_a)
    dahl = MunicipalityFactory(name="Dahl", slug="dahl")
    for municipality, status, answered in (
        (world.municipality_c, Prospect.Status.INTERESTED, None),
        (dahl, Prospect.Status.DECLINED, today - datetime.timedelta(days=3)),
    ):
        Prospect.objects.create(
            network=network, municipality=municipality, status=status,
            approached_on=today - datetime.timedelta(days=30), answered_on=answered,
            decline_reason="Kein Geld" if answered else "",
        )  # fmt: skip
    people = {}
    for municipality in (world.municipality_c, dahl):
        people[municipality.name] = UserFactory(name=f"Klimaschutz {municipality.name}")
        Membership.objects.create(
            user=people[municipality.name], role=Role.CLIMATE_MANAGER,
            municipality=municipality, organisation=world.coordinator_org,
        )  # fmt: skip
    Membership.objects.create(
        user=world.service_provider, role=Role.SERVICE_PROVIDER, network=network
    )
    start = timezone.now() - datetime.timedelta(hours=1)
    meeting = Meeting(
        network=network, kind=Meeting.Kind.INFORMATION_EVENT, title="Informationsabend",
        starts_at=start, ends_at=start + datetime.timedelta(hours=2), venue="Kreishaus",
        moderator=world.coordinator,
    )  # fmt: skip
    meeting.full_clean()
    meeting.save()
    return SimpleNamespace(network=network, meeting=meeting, people=people, dahl=dahl)


def offered(response) -> dict[str, list[str]]:
    """The attendance form's groups: label → names, in the form's order."""
    return {
        group["label"]: [candidate.name for candidate, _box in group["rows"]]
        for group in response.context["groups"]
    }


def test_information_event_of_a_recruiting_network_offers_everyone_who_could_attend(
    client, world, recruiting
):
    login(client, world.coordinator)
    response = client.get(reverse("meeting_attendance", args=[recruiting.meeting.pk]))
    assert response.status_code == 200
    assert offered(response) == {
        # Taking part from the term's start, a prospect, the predecessor's municipality.
        "Altenbeken": [world.climate_manager_a.get_full_name()],
        "Borchen": [world.climate_manager_b.get_full_name()],
        "Cappel": ["Klimaschutz Cappel"],
        world.coordinator_org.name: [world.coordinator.get_full_name()],
        "Dienstleister": [world.service_provider.get_full_name()],
    }
    # Dahl declined before; A's climate manager of the other organisation works elsewhere.
    page = response.content.decode()
    assert "Klimaschutz Dahl" not in page
    assert world.foreign_climate_manager.get_full_name() not in page
    assert world.other_coordinator.get_full_name() not in page
    form = response.context["form"]
    assert form.initial["present"] == [f"u{world.coordinator.pk}"]  # the moderator
    assert "Beim Speichern geht keine E-Mail hinaus" in page


def test_select_all_of_a_group_without_javascript_ticks_it_and_saves_nothing(
    client, world, recruiting
):
    login(client, world.coordinator)
    url = reverse("meeting_attendance", args=[recruiting.meeting.pk])
    form = client.get(url).context["form"]
    key = f"m{world.municipality_a.pk}"
    response = client.post(url, {
        "present": [f"u{world.coordinator.pk}"], "version": form.initial["version"],
        "alle": key, "gast-TOTAL_FORMS": "5", "gast-INITIAL_FORMS": "0",
        "gast-0-name": "Schon getippt",
    })  # fmt: skip
    assert response.status_code == 200
    assert not recruiting.meeting.attendances.exists()
    ticked = response.context["form"].data.getlist("present")
    assert sorted(ticked) == sorted([f"u{world.coordinator.pk}", f"u{world.climate_manager_a.pk}"])
    page = response.content.decode()
    assert 'value="Schon getippt"' in page  # what was typed stays
    # "*", the button above the groups, ticks everyone.
    response = client.post(url, {"alle": "*", "gast-TOTAL_FORMS": "0", "gast-INITIAL_FORMS": "0"})
    assert sorted(response.context["form"].data.getlist("present")) == sorted(
        response.context["form"].candidates
    )
    assert len(response.context["form"].candidates) == 5
    assert not recruiting.meeting.attendances.exists()


def test_more_rows_for_guests_on_request(client, world, recruiting):
    login(client, world.coordinator)
    url = reverse("meeting_attendance", args=[recruiting.meeting.pk])
    assert client.get(url).context["guests"].total_form_count() == 5
    data = {"present": [], "gast-TOTAL_FORMS": "5", "gast-INITIAL_FORMS": "0",
            "gast-4-name": "Fünfter Gast", "mehr_gaeste": "1"}  # fmt: skip
    response = client.post(url, data)
    assert response.status_code == 200
    assert response.context["guests"].total_form_count() == 10
    data.pop("mehr_gaeste")
    data.update({"gast-TOTAL_FORMS": "10", "gast-9-name": "Zehnter Gast",
                 "gast-9-municipality": world.municipality_c.pk})  # fmt: skip
    assert client.post(url, data).status_code == 302
    assert sorted(recruiting.meeting.attendances.values_list("name", "municipality")) == [
        ("Fünfter Gast", None),
        ("Zehnter Gast", world.municipality_c.pk),
    ]


def test_recording_people_of_all_groups_at_once_sends_no_mail(
    client, world, recruiting, mailoutbox, django_capture_on_commit_callbacks
):
    login(client, world.coordinator)
    url = reverse("meeting_attendance", args=[recruiting.meeting.pk])
    keys = list(client.get(url).context["form"].candidates)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url, {"present": keys, "gast-TOTAL_FORMS": "0", "gast-INITIAL_FORMS": "0"}
        )
    assert response.status_code == 302
    run_tasks()
    assert mailoutbox == []
    assert not recruiting.meeting.invitees.exists()
    assert sorted(
        (a.municipality.name if a.municipality else "", a.name)
        for a in recruiting.meeting.attendances.all()
    ) == sorted([
        ("Altenbeken", world.climate_manager_a.get_full_name()),
        ("Borchen", world.climate_manager_b.get_full_name()),
        ("Cappel", "Klimaschutz Cappel"),
        ("", world.coordinator.get_full_name()),
        ("", world.service_provider.get_full_name()),
    ])  # fmt: skip


def test_a_recording_saved_meanwhile_is_not_overwritten(client, world, recruiting):
    login(client, world.coordinator)
    url = reverse("meeting_attendance", args=[recruiting.meeting.pk])
    loaded = client.get(url).context["form"].initial["version"]
    # Somebody else records attendance after the form was loaded.
    services.record_attendance(
        meeting=recruiting.meeting, user=world.service_provider,
        attended=[], guests=[("Von nebenan", None)],
    )  # fmt: skip
    data = {"present": [f"u{world.climate_manager_a.pk}"], "version": loaded,
            "gast-TOTAL_FORMS": "0", "gast-INITIAL_FORMS": "0"}  # fmt: skip
    response = client.post(url, data)
    assert response.status_code == 409
    assert "Jemand hat die Anwesenheit inzwischen gespeichert" in response.content.decode()
    assert "Von nebenan" in response.content.decode()
    assert list(recruiting.meeting.attendances.values_list("name", flat=True)) == ["Von nebenan"]
    # Saved again from the form shown (now based on the current state), it goes through.
    data["version"] = response.context["form"].data["version"]
    assert client.post(url, data).status_code == 302
    assert list(recruiting.meeting.attendances.values_list("user", flat=True)) == [
        world.climate_manager_a.pk
    ]


def test_meeting_page_names_every_municipality_not_represented(client, world, recruiting):
    """Nobody was invited to the information event, and attendance was recorded for
    Altenbeken only: Cappel (a prospect still deciding) was not represented; Dahl,
    which had declined, and Borchen, of the predecessor only, were not expected."""
    services.record_attendance(
        meeting=recruiting.meeting, user=world.coordinator,
        attended=[], guests=[("Anna Altenbeken", world.municipality_a.pk)],
    )  # fmt: skip
    assert [m.name for m in recruiting.meeting.not_represented()] == ["Cappel"]
    login(client, world.coordinator)
    page = client.get(reverse("meeting", args=[recruiting.meeting.pk]))
    rows = [(label, [e.name for e in entries]) for label, entries in page.context["attendance"]]
    assert rows == [("Altenbeken", ["Anna Altenbeken"]), ("Cappel", [])]
    assert '<strong>Cappel:</strong> <span class="muted">Nicht vertreten</span>' in (
        page.content.decode()
    )


def test_a_meeting_without_invitations_offers_to_list_participants_without_mail(client, world):
    login(client, world.coordinator)
    page = client.get(reverse("meeting", args=[world.past.pk])).content.decode()
    assert "Teilnehmende eintragen, ohne E-Mail" in page
    assert "Es geht keine E-Mail hinaus." in page
    # Not for meetings ahead, nor once invitations went out.
    page = client.get(reverse("meeting", args=[world.upcoming.pk])).content.decode()
    assert "Teilnehmende eintragen, ohne E-Mail" not in page
    Meeting.objects.filter(pk=world.past.pk).update(invited_at=timezone.now())
    page = client.get(reverse("meeting", args=[world.past.pk])).content.decode()
    assert "Teilnehmende eintragen, ohne E-Mail" not in page
    login(client, world.climate_manager_a)
    page = client.get(reverse("meeting", args=[world.past.pk])).content.decode()
    assert "Teilnehmende eintragen, ohne E-Mail" not in page


@pytest.mark.parametrize(
    ("persona", "status"),
    [("other_coordinator", 404), ("foreign_climate_manager", 404), ("outsider", 404),
     ("climate_manager_a", 403), ("funder", 403)],
)  # fmt: skip
def test_only_moderators_record_the_information_events_attendance(
    client, world, recruiting, persona, status
):
    Membership.objects.create(user=world.funder, role=Role.FUNDER, network=recruiting.network)
    login(client, getattr(world, persona))
    url = reverse("meeting_attendance", args=[recruiting.meeting.pk])
    assert client.get(url).status_code == status
    response = client.post(
        url, {"present": [f"u{world.coordinator.pk}"], "gast-TOTAL_FORMS": "0",
              "gast-INITIAL_FORMS": "0", "alle": f"m{world.municipality_a.pk}"},
    )  # fmt: skip
    assert response.status_code == status
    assert not recruiting.meeting.attendances.exists()
