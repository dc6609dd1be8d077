"""The municipalities confirm their figures before a report is issued.

The coordination asks (`request_confirmations`: the participating municipalities'
climate managers are mailed); each climate manager checks, corrects their measures
if need be, and confirms on the start page (`confirm_figures`, which keeps the
figures they confirmed); the reports page shows who confirmed what and when and who
is missing. Issuing without every confirmation is allowed; the report page says so
to the coordination, the funder's PDF does not.
"""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from lib.mail import queue_mail_to_each
from networks.access import require_network_editor
from networks.models import Membership, Network, Participation
from reports.figures.building import report_figures
from reports.figures.encoding import FIGURES_VERSION
from reports.figures.sums import ParticipantRow
from reports.figures.types import ReportFigures
from reports.models import Confirmation, ConfirmationRequest, Report
from reports.periods import check_period

# Confirmations kept before the figures were typed hold a row of versions 2 or 3
# (confirmations came with version 2) and no version of their own.
UNVERSIONED_CONFIRMATIONS = 3


def request_confirmations(
    *, network: Network, user, kind: str, start: datetime.date, end: datetime.date
) -> tuple[ConfirmationRequest, int]:
    """Ask the municipalities taking part in the period to confirm their figures for
    that report; asking again for the same report reminds those still missing, and
    after a version of it was issued (before a correction) asks them all again.
    One open request per network and kind: asking for another period replaces the
    open one. One mail per intent: the climate managers are mailed at most once per
    CONFIRMATION_REMINDER_HOURS for the network's kind of report, whichever period
    (a version issued since opens a new round at once); within that, asking again
    mails nobody and the reports page says from when a reminder goes out.
    Returns the request and how many climate managers were mailed."""
    require_network_editor(user, network.pk)
    check_period(network=network, kind=kind, start=start, end=end, today=timezone.localdate())
    now = timezone.now()
    with transaction.atomic():
        # The network's row lock: two coordinators (or one double click) asking at once
        # are served one after the other, the second seeing what the first mailed.
        Network.objects.select_for_update().get(pk=network.pk)
        request, _created = ConfirmationRequest.objects.get_or_create(
            network=network, kind=kind, period_start=start, period_end=end,
            defaults={"requested_by": user, "requested_at": now},
        )  # fmt: skip
        ConfirmationRequest.objects.filter(network=network, kind=kind).awaiting_report().exclude(
            pk=request.pk
        ).update(withdrawn_at=now)
        issued = Report.objects.filter(
            network=network, kind=kind, period_start=start, period_end=end
        ).aggregate(last=Max("issued_at"))["last"]
        due = next_reminder(request, issued=issued) is None
        if request.withdrawn_at is not None or due:  # open again, or a reminder that goes
            request.requested_at, request.requested_by, request.withdrawn_at = now, user, None
            request.save()
        if not due:
            return request, 0
        mailed = _ask_those_missing(request, network=network, user=user, issued=issued)
        if mailed:
            request.mailed_at = now
            request.save(update_fields=["mailed_at"])
        return request, mailed


def _ask_those_missing(request: ConfirmationRequest, *, network: Network, user, issued) -> int:
    """Queue a mail to each climate manager of a municipality that has not confirmed
    since the latest version of the report was issued (`issued`, or ever); returns how
    many were queued."""
    # Confirmations given before the latest version of this report belong to it;
    # asking before a corrected version asks every municipality again.
    confirmed = request.confirmations.filter(
        **({"confirmed_at__gt": issued} if issued else {})
    ).values("participation__municipality")
    missing = _participations(request).exclude(municipality__in=confirmed)
    people = (
        Membership.objects.climate_managers_in(
            network, municipalities=missing.values("municipality")
        )
        .select_related("user", "municipality")
        .order_by("user__email")
    )
    link = settings.PORTAL_BASE_URL + "/start/"
    sender = user.get_full_name() or user.email
    return queue_mail_to_each(
        people,
        "confirmation-request",
        lambda membership: {"request": request, "municipality": membership.municipality,
                            "link": link, "sender": sender},
        person=lambda membership: membership.user,
    )  # fmt: skip


def last_mailed(request: ConfirmationRequest) -> datetime.datetime | None:
    """When the climate managers were last mailed about the network's report of this
    kind, for this request or one it replaced."""
    return ConfirmationRequest.objects.filter(
        network=request.network_id, kind=request.kind
    ).aggregate(last=Max("mailed_at"))["last"]


def next_reminder(
    request: ConfirmationRequest, *, issued: datetime.datetime | None = None
) -> datetime.datetime | None:
    """From when asking again mails the climate managers, or None when it would now:
    CONFIRMATION_REMINDER_HOURS after the last mailing, at once when a version of
    the report was issued since (`issued`, the latest version's time)."""
    last = last_mailed(request)
    if last is None or (issued is not None and issued > last):
        return None
    due = last + datetime.timedelta(hours=settings.CONFIRMATION_REMINDER_HOURS)
    return due if due > timezone.now() else None


def _participations(request: ConfirmationRequest):
    """The participations a request asks: those taking part at any time in its period."""
    return (
        Participation.objects.filter(network=request.network_id)
        .taking_part_between(request.period_start, request.period_end)
        .select_related("municipality")
        .order_by("municipality__name")
    )


def municipality_figures(
    request: ConfirmationRequest,
    participation: Participation,
    figures: ReportFigures | None = None,
) -> ParticipantRow:
    """The municipality's row of the report's figures as they stand now; `figures` are
    the request's figures now (figures_now), if already read."""
    figures = figures or figures_now(request)
    return next(p for p in figures.participants if p.ags == participation.municipality.ags)


def figures_now(request: ConfirmationRequest) -> ReportFigures:
    """The figures the requested report would freeze now: a fixed number of queries."""
    return report_figures(request.network, start=request.period_start, end=request.period_end)


def confirmed_figures(confirmation: Confirmation) -> ParticipantRow:
    """The municipality's row of figures as its climate manager confirmed it."""
    data = confirmation.figures
    return ParticipantRow.from_json(data, data.get("version", UNVERSIONED_CONFIRMATIONS))


def confirm_figures(
    *, request: ConfirmationRequest, participation: Participation, user
) -> Confirmation:
    """The municipality's climate manager confirms its figures as they stand now
    (confirming again replaces the earlier confirmation)."""
    if not Participation.objects.managed_by(user).filter(pk=participation.pk).exists():
        raise PermissionDenied
    if not _participations(request).filter(pk=participation.pk).exists():
        raise ValidationError(_("Diese Kommune ist um keine Bestätigung gebeten."))
    if not ConfirmationRequest.objects.awaiting_report().filter(pk=request.pk).exists():
        raise ValidationError(
            _("Der Bericht ist bereits ausgestellt; es gibt nichts mehr zu bestätigen.")
        )
    confirmation, _created = Confirmation.objects.update_or_create(
        request=request,
        participation=participation,
        defaults={
            "confirmed_at": timezone.now(),
            "confirmed_by": user,
            "confirmed_by_name": user.get_full_name() or user.email,
            "figures": {
                "version": FIGURES_VERSION,
                **municipality_figures(request, participation).to_json(),
            },
        },
    )
    return confirmation


@dataclass
class Row:
    participation: Participation
    confirmation: Confirmation | None

    @property
    def confirmed_figures(self) -> ParticipantRow | None:
        return confirmed_figures(self.confirmation) if self.confirmation else None


def status(request: ConfirmationRequest) -> list[Row]:
    """Each municipality asked, with its confirmation or None: three queries."""
    confirmations = {
        c.participation_id: c for c in request.confirmations.select_related("confirmed_by")
    }
    return [Row(p, confirmations.get(p.pk)) for p in _participations(request)]


def open_requests_for(
    user, *, managed: list[Participation] | None = None
) -> list[tuple[ConfirmationRequest, Participation, Confirmation | None]]:
    """What a climate manager is asked to confirm: the requests, not yet followed by
    their report, for each municipality they work for, with their confirmation so far.
    `managed`: Participation.objects.worked_in_by(user) with their municipalities and
    networks, if read already."""
    if managed is None:
        managed = list(
            Participation.objects.worked_in_by(user).select_related("municipality", "network")
        )
    if not managed:
        return []
    requests = list(
        ConfirmationRequest.objects.filter(network__in={p.network_id for p in managed})
        .awaiting_report()
        .select_related("network__factor_set")
    )
    if not requests:
        return []
    confirmations = {
        (c.request_id, c.participation_id): c
        for c in Confirmation.objects.filter(request__in=requests, participation__in=managed)
    }
    return [
        (request, participation, confirmations.get((request.pk, participation.pk)))
        for request in requests
        for participation in managed
        if participation.network_id == request.network_id
        and participation.takes_part_between(request.period_start, request.period_end)
    ]
