"""The migration that binds existing climate-manager roles to coordinator organisations."""

import datetime

import pytest
from django.utils import timezone

from tests.helpers import migrate

BEFORE = [("networks", "0009_climate_manager_scope_open")]
AFTER = [("networks", "0011_climate_manager_scope_close")]


@pytest.mark.django_db(transaction=True)
def test_existing_roles_keep_the_organisation_that_gave_them():
    apps = migrate(BEFORE, anew=True)
    Organisation = apps.get_model("networks", "Organisation")
    Network = apps.get_model("networks", "Network")
    Municipality = apps.get_model("networks", "Municipality")
    Participation = apps.get_model("networks", "Participation")
    Membership = apps.get_model("networks", "Membership")
    Invitation = apps.get_model("networks", "Invitation")
    User = apps.get_model("networks", "User")

    ours = Organisation.objects.create(name="Westfalen Weser", kind="coordinator")
    theirs = Organisation.objects.create(name="Anderer Träger", kind="coordinator")
    shared = Municipality.objects.create(
        name="Hövelhof", slug="hoevelhof", kind="gemeinde", ags="05774024", federal_state="05"
    )
    alone = Municipality.objects.create(
        name="Nirgendwo", slug="nirgendwo", kind="gemeinde", ags="05774999", federal_state="05"
    )
    term = {"term_start": datetime.date(2022, 7, 1), "term_end": datetime.date(2025, 6, 30)}
    for number, organisation in enumerate((ours, theirs)):
        network = Network.objects.create(
            name=f"N{number}", slug=f"n{number}", coordinator=organisation, **term
        )
        Participation.objects.create(
            network=network, municipality=shared, joined_on=term["term_start"]
        )
    their_coordinator = User.objects.create(email="andere@example.org")
    Membership.objects.create(user=their_coordinator, role="coordinator", organisation=theirs)
    invited = User.objects.create(email="eingeladen@example.org")
    given = User.objects.create(email="vom-admin@example.org")
    orphan = User.objects.create(email="ohne-netzwerk@example.org")
    now = timezone.now()
    Invitation.objects.create(
        email=invited.email, role="climate_manager", municipality=shared, token_hash="a" * 64,
        invited_by=their_coordinator, sent_at=now, expires_at=now + datetime.timedelta(days=7),
        accepted_at=now, accepted_by=invited,
    )  # fmt: skip
    for user, municipality in ((invited, shared), (given, shared), (orphan, alone)):
        Membership.objects.create(user=user, role="climate_manager", municipality=municipality)

    apps = migrate(AFTER)
    Membership = apps.get_model("networks", "Membership")
    Invitation = apps.get_model("networks", "Invitation")

    def organisations(user):
        return sorted(
            Membership.objects.filter(user_id=user.pk, role="climate_manager").values_list(
                "organisation__name", flat=True
            )
        )

    assert organisations(invited) == ["Anderer Träger"]
    assert organisations(given) == ["Anderer Träger", "Westfalen Weser"]
    assert organisations(orphan) == []
    assert Invitation.objects.get().organisation_id == theirs.pk


@pytest.mark.django_db(transaction=True)
def test_roles_nobody_can_vouch_for_are_not_bound_to_a_guess(capsys):
    """The other organisation has the lower key, as after the attack's first step.
    An administrator's role opens both organisations' networks; a role whose inviter's
    account is gone is dropped, not bound to whichever organisation sorts first; a
    pending administrator's invitation that would have to choose is revoked."""
    apps = migrate(BEFORE, anew=True)
    Organisation = apps.get_model("networks", "Organisation")
    Network = apps.get_model("networks", "Network")
    Municipality = apps.get_model("networks", "Municipality")
    Participation = apps.get_model("networks", "Participation")
    Membership = apps.get_model("networks", "Membership")
    Invitation = apps.get_model("networks", "Invitation")
    User = apps.get_model("networks", "User")

    theirs = Organisation.objects.create(name="Anderer Träger", kind="coordinator")
    ours = Organisation.objects.create(name="Westfalen Weser", kind="coordinator")
    shared = Municipality.objects.create(
        name="Hövelhof", slug="hoevelhof", kind="gemeinde", ags="05774024", federal_state="05"
    )
    term = {"term_start": datetime.date(2022, 7, 1), "term_end": datetime.date(2025, 6, 30)}
    for number, organisation in enumerate((ours, theirs)):
        network = Network.objects.create(
            name=f"N{number}", slug=f"n{number}", coordinator=organisation, **term
        )
        Participation.objects.create(
            network=network, municipality=shared, joined_on=term["term_start"]
        )
    admin = User.objects.create(email="admin@example.org", is_superuser=True)
    their_coordinator = User.objects.create(email="andere@example.org")
    Membership.objects.create(user=their_coordinator, role="coordinator", organisation=theirs)
    ours_manager = User.objects.create(email="klima@example.org")
    attacker = User.objects.create(email="angreifer@example.org")
    now = timezone.now()

    def invitation(email, inviter, accepted_by=None, letter="a"):
        return Invitation.objects.create(
            email=email, role="climate_manager", municipality=shared, token_hash=letter * 64,
            invited_by=inviter, sent_at=now, expires_at=now + datetime.timedelta(days=7),
            accepted_at=now if accepted_by else None, accepted_by=accepted_by,
        )  # fmt: skip

    invitation(ours_manager.email, admin, ours_manager, "a")
    invitation(attacker.email, their_coordinator, attacker, "b")
    pending_admin = invitation("neu@example.org", admin, letter="c")
    pending_theirs = invitation("neu2@example.org", their_coordinator, letter="d")
    for user in (ours_manager, attacker):
        Membership.objects.create(user=user, role="climate_manager", municipality=shared)
    their_coordinator.delete()  # the attacker's inviter is gone (invited_by SET_NULL)
    Membership.objects.create(
        user=User.objects.create(email="andere2@example.org"),
        role="coordinator",
        organisation=theirs,
    )

    apps = migrate(AFTER)
    Membership = apps.get_model("networks", "Membership")
    Invitation = apps.get_model("networks", "Invitation")

    def organisations(user):
        return sorted(
            Membership.objects.filter(user_id=user.pk, role="climate_manager").values_list(
                "organisation__name", flat=True
            )
        )

    assert organisations(ours_manager) == ["Anderer Träger", "Westfalen Weser"]
    assert organisations(attacker) == []
    assert f"role of user {attacker.pk} for municipality {shared.pk} dropped" in (
        capsys.readouterr().out
    )
    admin_invitation = Invitation.objects.get(pk=pending_admin.pk)
    assert admin_invitation.revoked_at is not None
    # Its inviter is gone too: the pending invitation cannot be accepted any more.
    assert Invitation.objects.get(pk=pending_theirs.pk).revoked_at is not None


@pytest.mark.django_db(transaction=True)
def test_invitees_whose_role_came_from_another_organisation_leave_coming_meetings():
    apps = migrate([("events", "0002_dates_within_sane_range")])
    Organisation = apps.get_model("networks", "Organisation")
    Network = apps.get_model("networks", "Network")
    Municipality = apps.get_model("networks", "Municipality")
    Membership = apps.get_model("networks", "Membership")
    User = apps.get_model("networks", "User")
    Meeting = apps.get_model("events", "Meeting")
    Invitee = apps.get_model("events", "Invitee")

    ours = Organisation.objects.create(name="Westfalen Weser", kind="coordinator")
    theirs = Organisation.objects.create(name="Anderer Träger", kind="coordinator")
    shared = Municipality.objects.create(
        name="Hövelhof", slug="hoevelhof", kind="gemeinde", ags="05774024", federal_state="05"
    )
    network = Network.objects.create(
        name="N", slug="n", coordinator=ours, term_start=datetime.date(2025, 1, 1),
        term_end=datetime.date(2030, 12, 31),
    )  # fmt: skip
    our_manager = User.objects.create(email="klima@example.org")
    their_manager = User.objects.create(email="fremd@example.org")
    for user, organisation in ((our_manager, ours), (their_manager, theirs)):
        Membership.objects.create(
            user=user, role="climate_manager", municipality=shared, organisation=organisation
        )
    now = timezone.now()
    meetings = {
        when: Meeting.objects.create(
            network=network,
            title=when,
            starts_at=now + delta,
            ends_at=now + delta + datetime.timedelta(hours=2),
            venue="Rathaus",
            moderator=our_manager,
        )  # fmt: skip
        for when, delta in (
            ("coming", datetime.timedelta(days=9)),
            ("past", -datetime.timedelta(days=9)),
        )  # fmt: skip
    }
    for meeting in meetings.values():
        for user in (our_manager, their_manager):
            Invitee.objects.create(
                meeting=meeting, user=user, role="climate_manager", municipality=shared
            )

    apps = migrate([("events", "0003_invitees_of_other_organisations")])
    Invitee = apps.get_model("events", "Invitee")

    def invited(title):
        return sorted(
            Invitee.objects.filter(meeting__title=title).values_list("user__email", flat=True)
        )

    assert invited("coming") == ["klima@example.org"]
    assert invited("past") == ["fremd@example.org", "klima@example.org"]
