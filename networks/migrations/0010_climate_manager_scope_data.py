"""Bind every climate-manager role to the coordinator organisations it may open (step 2).

Until now a climate manager of a municipality opened every network the municipality
took part in, whoever coordinated it. Who granted a role decides where it is bound
("candidates" are the organisations coordinating one of the municipality's networks):
- invited by a coordinator: that coordinator's organisations among the candidates
  (or, if none is, their first organisation), so a role that came through another
  organisation's invitation keeps only that organisation;
- given by an administrator (invited by a superuser, or no invitation at all): every
  candidate, one membership each, so nobody loses access given on purpose;
- invited by somebody unknown now (account deleted, or no longer a coordinator):
  the one candidate if there is only one; otherwise the role is dropped and named in
  the migration's output, since binding it to any organisation could hand one
  organisation's network to a role another organisation's coordinator arranged.
A role whose municipality takes part in no network opened nothing and is dropped.
Invitations get the same organisation; a pending one that cannot be bound without
choosing among several organisations is revoked (the administrator invites again).
"""

from django.db import migrations
from django.utils import timezone

ADMIN, UNKNOWN = "admin", "unknown"


def _candidates(Participation, municipality_id) -> list[int]:
    return sorted(
        set(
            Participation.objects.filter(municipality_id=municipality_id).values_list(
                "network__coordinator", flat=True
            )
        )
    )


def _granted_by(Membership, User, inviter_id):
    """ADMIN, UNKNOWN, or the set of organisations the inviting coordinator holds."""
    if inviter_id is None:
        return UNKNOWN
    inviter = User.objects.filter(pk=inviter_id).first()
    if inviter is None:
        return UNKNOWN
    if inviter.is_superuser:
        return ADMIN
    organisations = set(
        Membership.objects.filter(user_id=inviter_id, role="coordinator").values_list(
            "organisation", flat=True
        )
    )
    return organisations or UNKNOWN


def _bound_to(granted_by, candidates: list[int]) -> list[int]:
    """The organisations a role is bound to; empty where it cannot be bound safely."""
    if granted_by == ADMIN:
        return candidates
    if granted_by == UNKNOWN:
        return candidates if len(candidates) == 1 else []
    return [pk for pk in candidates if pk in granted_by] or sorted(granted_by)[:1]


def bind(apps, schema_editor):
    Membership = apps.get_model("networks", "Membership")
    Invitation = apps.get_model("networks", "Invitation")
    Participation = apps.get_model("networks", "Participation")
    User = apps.get_model("networks", "User")

    # Memberships first: they look up who granted them through their invitation.
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
        granted_by = (
            ADMIN
            if invitation is None
            else _granted_by(Membership, User, invitation.invited_by_id)
        )
        candidates = _candidates(Participation, membership.municipality_id)
        organisations = _bound_to(granted_by, candidates)
        if not organisations:
            if candidates:  # a role nobody can vouch for any more: not bound to a guess
                print(
                    f"\n  networks.0010: climate-manager role of user {membership.user_id} "
                    f"for municipality {membership.municipality_id} dropped: its inviter is "
                    "unknown and the municipality takes part in networks of several "
                    "organisations. Please invite the person again."
                )
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

    for invitation in Invitation.objects.filter(
        role="climate_manager", organisation__isnull=True
    ):
        candidates = _candidates(Participation, invitation.municipality_id)
        granted_by = _granted_by(Membership, User, invitation.invited_by_id)
        organisations = _bound_to(granted_by, candidates) or candidates
        if not organisations:
            invitation.delete()
            continue
        invitation.organisation_id = organisations[0]
        fields = ["organisation"]
        pending = invitation.accepted_at is None and invitation.revoked_at is None
        if len(organisations) > 1 and pending:
            # Whoever accepted it would hold a role of one organisation chosen at random.
            invitation.revoked_at = timezone.now()
            fields.append("revoked_at")
        invitation.save(update_fields=fields)


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
