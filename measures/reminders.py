"""Weekly digests to climate managers about measures nobody updated for a long time.

Run daily (see the `send_stale_reminders` management command); a person gets at
most one digest in 7 days, listing the stale measures of the municipalities they
manage as climate manager, in their own language.
"""

import datetime

from django.conf import settings
from django.utils import timezone

from lib.digests import Digest, Digests, digests_for
from lib.mail import mail_recorder
from measures.models import Measure, StaleDigest
from networks.models import Membership, Role, User

STALE_DIGESTS = Digests(
    mail="stale-measures",
    record=StaleDigest,
    count_field="measure_count",
    recorder="measures.reminders.record_digests",
)


def pending_digests(*, now: datetime.datetime | None = None) -> list[Digest]:
    """The digests due at `now`, in a fixed number of queries however many measures.

    Climate managers (active, with a climate_manager membership) who got no digest in
    the last 7 days and whose municipalities have stale measures in a current
    participation (not left the network) in a network of the organisation that
    granted their role."""
    now = now or timezone.now()
    recently_reminded = STALE_DIGESTS.recently_written(now)
    memberships = (
        Membership.objects.filter(
            role=Role.CLIMATE_MANAGER, user__is_active=True, municipality__isnull=False
        )
        .exclude(user__in=recently_reminded)
        .select_related("user")
        .order_by("user__name", "user__email", "user__pk")
    )
    managers: dict[int, User] = {}
    # A climate manager works in the networks of the organisation that granted the role.
    scopes_of: dict[int, set[tuple[int, int]]] = {}
    for membership in memberships:
        managers.setdefault(membership.user_id, membership.user)
        scopes_of.setdefault(membership.user_id, set()).add(
            (membership.municipality_id, membership.organisation_id)
        )
    if not managers:
        return []

    all_municipalities = {
        municipality for scopes in scopes_of.values() for municipality, _ in scopes
    }
    measures = list(
        Measure.objects.filter(
            participation__municipality__in=all_municipalities,
            participation__left_on__isnull=True,
        )
        .stale(now)
        .select_related("participation__network", "participation__municipality")
        .order_by("participation__municipality__name", "participation__network__name", "title")
    )

    return digests_for(
        managers.values(),
        lambda user: (
            measure
            for measure in measures
            if (measure.participation.municipality_id, measure.participation.network.coordinator_id)
            in scopes_of[user.pk]
        ),
    )


def _mail_context(digest: Digest) -> dict:
    return {
        "user": digest.user,
        "name": digest.user.get_full_name(),
        "count": len(digest.items),
        "portal_url": settings.PORTAL_BASE_URL + "/",
        "measures": [
            {
                "title": measure.title,
                "municipality": measure.participation.municipality.name,
                "network": measure.participation.network.name,
                # The day in the portal's time zone; the template writes it in the
                # recipient's language.
                "updated": timezone.localtime(measure.updated_at).date(),
                "link": settings.PORTAL_BASE_URL + measure.get_absolute_url(),
            }
            for measure in digest.items
        ],
    }


def send_stale_reminders(*, now: datetime.datetime | None = None, dry_run: bool = False) -> int:
    """Queue the digests due at `now`; return how many were queued (or, in a dry run,
    would be). Each is recorded as a StaleDigest with its mail, so the next daily run
    does not write again while the worker sends; a mail the worker gives up on (see
    lib.mail) loses its record, and the person is written again next run."""
    now = now or timezone.now()
    return STALE_DIGESTS.send(
        pending_digests(now=now), now=now, context=_mail_context, dry_run=dry_run
    )


@mail_recorder
def record_digests(*, sent: list[int], gave_up: list[int]) -> None:
    """In the worker: a digest sent keeps its record; one given up loses it."""
    STALE_DIGESTS.forget(gave_up)
