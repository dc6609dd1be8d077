"""The migration that binds existing climate-manager roles to coordinator organisations."""

import datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

BEFORE = [("networks", "0009_climate_manager_scope_open")]
AFTER = [("networks", "0011_climate_manager_scope_close")]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True)
def test_existing_roles_keep_the_organisation_that_gave_them():
    apps = migrate(BEFORE)
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
    migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())
