"""A role granted by one coordinator organisation never opens another organisation's networks.

The attack the security review found: the coordinator of another organisation adds a
municipality of our network to one of theirs, invites themselves (or a stranger) as
its climate manager, and from then on reads and edits our network. Each test walks a
path end to end through the pages, as the attacker would.
"""

import datetime
import re

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from events.models import Meeting
from measures.models import Measure
from networks.models import Invitation, Membership, Participation, User
from networks.services import new_token
from reports.issuing import issue_report
from tests.factories import LEFT_EMPTY, FocusAreaFactory, MeasureFactory, MunicipalityFactory
from tests.helpers import run_tasks, with_totp

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("module_personas")]

LINK = re.compile(r"http://127\.0\.0\.1:8000/einladung/([\w-]+)/")
PASSWORD = "Klimaschutz-2026!"


@pytest.fixture
def ours(personas):
    """What the other organisation must never reach: a measure of municipality B in our
    network, a meeting with final minutes and an issued report."""
    area = FocusAreaFactory()
    personas.network.focus_areas.add(area)
    measure = MeasureFactory(participation=personas.participation_b, focus_area=area)
    measure_a = MeasureFactory(participation=personas.participation_a, focus_area=area)
    start = datetime.datetime(2024, 3, 5, 9, tzinfo=datetime.UTC)
    meeting = Meeting.objects.create(
        network=personas.network,
        title="Netzwerktreffen",
        starts_at=start,
        ends_at=start + datetime.timedelta(hours=3),
        venue="Rathaus",
        moderator=personas.coordinator,
    )
    report = issue_report(
        network=personas.network, user=personas.coordinator, kind="final",
        period_start=personas.network.term_start, period_end=personas.network.term_end,
        notify=False, left_empty=LEFT_EMPTY,
    )  # fmt: skip
    return {"measure": measure, "measure_a": measure_a, "meeting": meeting, "report": report}


def invite_and_accept(client, inviter, data, django_capture_on_commit_callbacks):
    client.force_login(with_totp(inviter))
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("invitations"), data)
    assert response.status_code == 302, response.content.decode()
    client.logout()
    run_tasks()
    token = LINK.search(mail.outbox[-1].body).group(1)
    response = client.post(
        reverse("accept_invitation", args=[token]),
        {"name": "Angreifer", "password1": PASSWORD, "password2": PASSWORD},
    )
    assert response.status_code == 302
    return User.objects.get(email=data["email"])


def assert_nothing_of_ours(client, personas, ours):
    """The signed-in person reaches nothing of our network, in any form."""
    measure, meeting, report = ours["measure"], ours["meeting"], ours["report"]
    for url in (
        reverse("network", args=[personas.network.slug]),
        reverse("participant", args=[personas.network.slug, personas.municipality_b.slug]),
        reverse("measure", args=[measure.pk]),
        reverse("measure_edit", args=[measure.pk]),
        reverse("measure", args=[ours["measure_a"].pk]),
        reverse("meeting", args=[meeting.pk]),
        reverse("meeting_pdf", args=[meeting.pk]),
        reverse("report", args=[report.pk]),
        reverse("report_xlsx", args=[report.pk]),
        reverse("measure_import_template", args=[personas.network.slug]),
    ):
        assert client.get(url).status_code == 404, url
    response = client.post(reverse("measure_status", args=[measure.pk]), {"status": "cancelled"})
    assert response.status_code == 404
    response = client.post(
        reverse("measure_status", args=[ours["measure_a"].pk]), {"status": "cancelled"}
    )
    assert response.status_code == 404
    assert set(Measure.objects.filter(status="cancelled")) == set()
    export = client.get(reverse("measure_export", args=["csv"]))
    assert measure.title not in export.content.decode("utf-8-sig")
    assert ours["measure_a"].title not in export.content.decode("utf-8-sig")
    listing = client.get(reverse("measure_list")).content.decode()
    assert measure.title not in listing
    assert personas.network.name not in client.get(reverse("start")).content.decode()
    assert meeting.title not in client.get(reverse("meeting_list")).content.decode()


def test_other_coordinator_cannot_take_over_a_municipality_of_our_network(
    client, personas, ours, running_networks, django_capture_on_commit_callbacks
):
    # 1. They add our municipality B to their own network: allowed, a town may be in both.
    client.force_login(with_totp(personas.other_coordinator))
    response = client.post(
        reverse("participant_add", args=[personas.other_network.slug]),
        {"municipality": personas.municipality_b.name, "joined_on": "2023-01-01"},
    )
    assert response.status_code == 302
    # 2. They invite their own second address as B's climate manager, and accept.
    attacker = invite_and_accept(
        client,
        personas.other_coordinator,
        {"email": "angreifer@example.org", "role": "climate_manager",
         "municipality": personas.municipality_b.pk},
        django_capture_on_commit_callbacks,
    )  # fmt: skip
    membership = attacker.memberships.get()
    assert (membership.municipality, membership.organisation) == (
        personas.municipality_b,
        personas.other_org,
    )
    client.force_login(attacker)
    # The role works in their network ...
    own = reverse("participant", args=[personas.other_network.slug, personas.municipality_b.slug])
    assert client.get(own).status_code == 200
    # ... and opens nothing of ours.
    assert_nothing_of_ours(client, personas, ours)


def test_a_stranger_invited_for_a_shared_municipality_cannot_cancel_our_measures(
    client, personas, ours, running_networks, django_capture_on_commit_callbacks
):
    stranger = invite_and_accept(
        client,
        personas.other_coordinator,
        {"email": "fremd@example.org", "role": "climate_manager",
         "municipality": personas.municipality_a.pk},
        django_capture_on_commit_callbacks,
    )  # fmt: skip
    client.force_login(stranger)
    assert_nothing_of_ours(client, personas, ours)
    assert ours["measure_a"].status == Measure.objects.get(pk=ours["measure_a"].pk).status


def test_the_foreign_climate_manager_persona_reaches_nothing_of_ours(
    client, personas, ours, running_networks
):
    client.force_login(personas.foreign_climate_manager)
    assert_nothing_of_ours(client, personas, ours)


def test_climate_manager_of_both_organisations_holds_two_roles_and_works_in_both(personas):
    Membership.objects.create(
        user=personas.climate_manager_a,
        role=Membership.Role.CLIMATE_MANAGER,
        municipality=personas.municipality_a,
        organisation=personas.other_org,
    )
    assert set(Participation.objects.managed_by(personas.climate_manager_a)) == {
        personas.participation_a,
        personas.participation_a_other,
    }


def test_the_other_coordinator_cannot_invite_into_our_organisation(client, personas):
    client.force_login(with_totp(personas.other_coordinator))
    response = client.post(
        reverse("invitations"),
        {"email": "x@example.org", "role": "climate_manager",
         "municipality": personas.municipality_a.pk, "organisation": personas.coordinator_org.pk},
    )  # fmt: skip
    assert response.status_code == 200
    assert "organisation" in response.context["form"].errors
    # Municipality B takes part in none of their networks: not even offered.
    response = client.post(
        reverse("invitations"),
        {"email": "x@example.org", "role": "climate_manager",
         "municipality": personas.municipality_b.pk},
    )  # fmt: skip
    assert "municipality" in response.context["form"].errors
    assert not Invitation.objects.exists()


def test_a_coordinator_of_two_organisations_says_which_one_grants_the_role(client, personas):
    Membership.objects.create(
        user=personas.coordinator, role=Membership.Role.COORDINATOR, organisation=personas.other_org
    )
    client.force_login(with_totp(personas.coordinator))
    data = {"email": "x@example.org", "role": "climate_manager",
            "municipality": personas.municipality_b.pk}  # fmt: skip
    response = client.post(reverse("invitations"), data)
    assert response.context["form"].errors == {
        "organisation": ["Für die Rolle „Klimaschutzmanagement“ bitte angeben."]
    }
    # B takes part in our network only, so the other organisation cannot grant it.
    response = client.post(reverse("invitations"), {**data, "organisation": personas.other_org.pk})
    assert response.context["form"].non_field_errors() == [
        "In diesen Bereich können Sie nicht einladen: Klimaschutzmanager*innen lädt der "
        "Netzwerkträger einer Kommune ein, die an seinen Netzwerken teilnimmt."
    ]
    response = client.post(
        reverse("invitations"), {**data, "organisation": personas.coordinator_org.pk}
    )
    assert response.status_code == 302
    assert Invitation.objects.get().organisation == personas.coordinator_org


def pending_invitation(personas, organisation, municipality, inviter) -> Invitation:
    invitation = Invitation(
        email=f"neu.{organisation.pk}@example.org",
        role="climate_manager",
        municipality=municipality,
        organisation=organisation,
        invited_by=inviter,
    )
    new_token(invitation)
    invitation.save()
    return invitation


def test_invitations_are_seen_revoked_and_resent_by_their_organisation_only(client, personas):
    # Both organisations invite a climate manager for the shared municipality A.
    ours = pending_invitation(
        personas, personas.coordinator_org, personas.municipality_a, personas.coordinator
    )
    theirs = pending_invitation(
        personas, personas.other_org, personas.municipality_a, personas.other_coordinator
    )
    provider = Invitation(email="p@example.org", role="service_provider", network=personas.network)
    new_token(provider)
    provider.save()

    client.force_login(with_totp(personas.other_coordinator))
    assert list(client.get(reverse("invitations")).context["invitations"]) == [theirs]
    for action in ("invitation_revoke", "invitation_resend"):
        for invitation in (ours, provider):
            assert client.post(reverse(action, args=[invitation.pk])).status_code == 404
    ours.refresh_from_db()
    assert (ours.revoked_at, ours.state()) == (None, "pending")

    client.force_login(with_totp(personas.coordinator))
    assert set(client.get(reverse("invitations")).context["invitations"]) == {ours, provider}
    assert client.post(reverse("invitation_revoke", args=[theirs.pk])).status_code == 404
    assert client.post(reverse("invitation_revoke", args=[ours.pk])).status_code == 302
    ours.refresh_from_db()
    assert ours.state() == "revoked"


def test_an_invitation_from_an_earlier_organisation_stays_with_that_organisation(personas):
    """Whoever sent it: once a coordinator moves on, their organisation keeps it."""
    invitation = pending_invitation(
        personas, personas.coordinator_org, personas.municipality_a, personas.other_coordinator
    )
    assert list(Invitation.objects.managed_by(personas.other_coordinator)) == []
    assert list(Invitation.objects.managed_by(personas.coordinator)) == [invitation]


def test_meeting_invitations_go_to_climate_managers_of_the_network_organisation(personas):
    from events.services import invitation_recipients

    start = datetime.datetime(2024, 3, 5, 9, tzinfo=datetime.UTC)
    meeting = Meeting.objects.create(
        network=personas.other_network, title="Treffen", starts_at=start,
        ends_at=start + datetime.timedelta(hours=2), venue="Rathaus",
        moderator=personas.other_coordinator,
    )  # fmt: skip
    assert [user for user, _role, _m in invitation_recipients(meeting)] == [
        personas.foreign_climate_manager
    ]


def test_a_new_municipality_of_another_network_is_not_offered_for_invitations(client, personas):
    stranger = MunicipalityFactory(name="Zierenberg")
    client.force_login(with_totp(personas.coordinator))
    form = client.get(reverse("invitations")).context["form"]
    offered = set(form.fields["municipality"].queryset)
    assert offered == {personas.municipality_a, personas.municipality_b}
    assert stranger not in offered


@pytest.mark.usefixtures("running_networks")
def test_a_measure_stays_in_its_network_even_for_someone_in_both(client, personas):
    """A's climate manager holds roles of both organisations: moving one of our measures
    into the other network would hand its history, notes and documents to them."""
    Membership.objects.create(
        user=personas.climate_manager_a,
        role=Membership.Role.CLIMATE_MANAGER,
        municipality=personas.municipality_a,
        organisation=personas.other_org,
    )
    area = FocusAreaFactory()
    personas.network.focus_areas.add(area)
    personas.other_network.focus_areas.add(area)
    measure = MeasureFactory(participation=personas.participation_a, focus_area=area)
    client.force_login(personas.climate_manager_a)
    url = reverse("measure_edit", args=[measure.pk])
    form = client.get(url).context["form"]
    assert list(form.fields["participation"].queryset) == [personas.participation_a]
    data = {name: form[name].value() for name in form.fields if form[name].value() is not None}
    response = client.post(url, {**data, "participation": personas.participation_a_other.pk})
    assert response.status_code == 422
    assert "participation" in response.context["form"].errors
    measure.refresh_from_db()
    assert measure.participation == personas.participation_a


def test_the_measure_service_refuses_a_move_into_another_network(personas):
    from measures.services import update_measure

    Membership.objects.create(
        user=personas.coordinator, role=Membership.Role.COORDINATOR, organisation=personas.other_org
    )
    area = FocusAreaFactory()
    personas.network.focus_areas.add(area)
    personas.other_network.focus_areas.add(area)
    measure = MeasureFactory(participation=personas.participation_a, focus_area=area)
    measure.participation = personas.participation_a_other
    with pytest.raises(ValidationError) as excinfo:
        update_measure(measure=measure, user=personas.coordinator, base_version=measure.version)
    assert excinfo.value.message_dict == {
        "participation": ["Eine Maßnahme bleibt in ihrem Netzwerk."]
    }
    assert Measure.objects.get(pk=measure.pk).participation == personas.participation_a


@pytest.mark.parametrize("action", ["resend_invitation", "revoke_invitation"])
def test_the_invitation_services_refuse_another_organisation(personas, action):
    from networks import services

    ours = pending_invitation(
        personas, personas.coordinator_org, personas.municipality_a, personas.coordinator
    )
    with pytest.raises(PermissionDenied):
        getattr(services, action)(invitation=ours, user=personas.other_coordinator)
    ours.refresh_from_db()
    assert (ours.revoked_at, ours.state()) == (None, "pending")
