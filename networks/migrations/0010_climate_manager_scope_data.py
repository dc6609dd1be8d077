"""Bind every climate-manager role to the coordinator organisations it may open (step 2).

Until now a climate manager of a municipality opened every network the municipality
took part in, whoever coordinated it. Each existing role is bound:
- if the person came in through an invitation of a coordinator, to that coordinator's
  organisations among those coordinating the municipality's networks (so a role
  obtained through another organisation's invitation keeps only that organisation);
- otherwise (given by an administrator) to every organisation coordinating one of the
  municipality's networks, one membership each, so nobody loses access they had.
A role whose municipality takes part in no network opened nothing and is removed.
Pending, accepted and revoked invitations are bound the same way.
"""

from django.db import migrations


def _coordinators_of(Participation, municipality_id) -> list[int]:
    return sorted(
        set(
            Participation.objects.filter(municipality_id=municipality_id).values_list(
                "network__coordinator", flat=True
            )
        )
    )


def _inviter_organisations(Membership, User, inviter_id) -> set[int] | None:
    """The organisations an inviter coordinates; None for administrators and unknowns."""
    if inviter_id is None:
        return None
    inviter = User.objects.filter(pk=inviter_id).first()
    if inviter is None or inviter.is_superuser:
        return None
    return set(
        Membership.objects.filter(user_id=inviter_id, role="coordinator").values_list(
            "organisation", flat=True
        )
    )


def _organisations_for(Participation, Membership, User, municipality_id, inviter_id):
    candidates = _coordinators_of(Participation, municipality_id)
    inviters = _inviter_organisations(Membership, User, inviter_id)
    if inviters is None:
        return candidates
    return [pk for pk in candidates if pk in inviters] or sorted(inviters)[:1]


def bind(apps, schema_editor):
    Membership = apps.get_model("networks", "Membership")
    Invitation = apps.get_model("networks", "Invitation")
    Participation = apps.get_model("networks", "Participation")
    User = apps.get_model("networks", "User")

    for invitation in Invitation.objects.filter(
        role="climate_manager", organisation__isnull=True
    ):
        organisations = _organisations_for(
            Participation, Membership, User, invitation.municipality_id, invitation.invited_by_id
        )
        if not organisations:
            invitation.delete()
            continue
        invitation.organisation_id = organisations[0]
        invitation.save(update_fields=["organisation"])

    for membership in Membership.objects.filter(
        role="climate_manager", organisation__isnull=True
    ):
        invitation = (
            Invitation.objects.filter(
                role="climate_manager",
                municipality_id=membership.municipality_id,
                accepted_by_id=membership.user_id,
            )
            .order_by("-accepted_at")
            .first()
        )
        if invitation is not None:
            organisations = [invitation.organisation_id]
        else:
            organisations = _coordinators_of(Participation, membership.municipality_id)
        if not organisations:
            membership.delete()
            continue
        first, *others = organisations
        for organisation in others:
            Membership.objects.get_or_create(
                user_id=membership.user_id,
                role="climate_manager",
                municipality_id=membership.municipality_id,
                organisation_id=organisation,
            )
        membership.organisation_id = first
        membership.save(update_fields=["organisation"])


def unbind(apps, schema_editor):
    """Back to one role per person and municipality, opening all its networks."""
    Membership = apps.get_model("networks", "Membership")
    Invitation = apps.get_model("networks", "Invitation")
    seen = set()
    for membership in Membership.objects.filter(role="climate_manager").order_by("pk"):
        key = (membership.user_id, membership.municipality_id)
        if key in seen:
            membership.delete()
            continue
        seen.add(key)
        membership.organisation_id = None
        membership.save(update_fields=["organisation"])
    Invitation.objects.filter(role="climate_manager").update(organisation=None)


class Migration(migrations.Migration):

    dependencies = [
        ("networks", "0009_climate_manager_scope_open"),
    ]

    operations = [migrations.RunPython(bind, unbind)]
