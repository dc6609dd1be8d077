import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from measures.models import Measure
from networks.models import Municipality, Network, Participation, User


def save_measure(*, measure: Measure) -> Measure:
    """Validate a measure with every model rule, compute its CO2 savings and save it."""
    with transaction.atomic():
        measure.apply_co2()
        measure.full_clean()
        measure.save()
    return measure


# Fields a carried-over measure takes from its original.
CARRIED_FIELDS = [
    "focus_area", "title", "description", "status", "responsible", "planned_start",
    "planned_end", "started_on", "investment_eur", "subsidy_eur", "energy_savings_kwh",
    "energy_carrier", "co2_manual", "co2_manual_reason", "co2_savings_t",
]  # fmt: skip


def found_successor_network(
    *,
    predecessor: Network,
    user: User,
    name: str,
    slug: str,
    term_start: datetime.date,
    term_end: datetime.date,
    funding_code: str = "",
    municipalities: list[Municipality],
    copy_targets: bool = True,
) -> Network:
    """Found a successor of a network, all or nothing.

    The successor takes the predecessor's coordinator, service providers, funding
    details and focus areas; the continuing municipalities join at the start of the
    term (with their targets if asked); their unfinished measures (planned, in
    progress, postponed) are carried over as new measures linked to the originals,
    which stay untouched. Lives here rather than in networks/ because it creates
    measures.
    """
    if not Network.objects.editable_by(user).filter(pk=predecessor.pk).exists():
        raise PermissionDenied
    current = {
        p.municipality_id: p
        for p in predecessor.participations.filter(left_on__isnull=True).select_related(
            "municipality"
        )
    }
    strangers = [m for m in municipalities if m.pk not in current]
    if strangers:
        raise ValidationError(
            {"municipalities": _("Nur Kommunen des Vorgängernetzwerks können fortsetzen.")}
        )
    if not municipalities:
        raise ValidationError({"municipalities": _("Bitte mindestens eine Kommune auswählen.")})
    with transaction.atomic():
        successor = Network(
            name=name,
            slug=slug,
            description=predecessor.description,
            coordinator=predecessor.coordinator,
            funder=predecessor.funder,
            funding_programme=predecessor.funding_programme,
            funding_agency=predecessor.funding_agency,
            funding_code=funding_code,
            funding_notice=predecessor.funding_notice,
            term_start=term_start,
            term_end=term_end,
            predecessor=predecessor,
            contact_name=predecessor.contact_name,
            contact_role=predecessor.contact_role,
            contact_email=predecessor.contact_email,
            contact_phone=predecessor.contact_phone,
        )
        successor.full_clean()
        successor.save()
        successor.service_providers.set(predecessor.service_providers.all())
        successor.focus_areas.set(predecessor.focus_areas.all())
        for municipality in municipalities:
            old = current[municipality.pk]
            participation = Participation(
                network=successor,
                municipality=municipality,
                joined_on=term_start,
                target_energy_mwh=old.target_energy_mwh if copy_targets else None,
                target_co2_t=old.target_co2_t if copy_targets else None,
            )
            participation.full_clean()
            participation.save()
            for original in old.measures.filter(status__in=Measure.UNFINISHED):
                copy = Measure(
                    participation=participation,
                    carried_over_from=original,
                    **{field: getattr(original, field) for field in CARRIED_FIELDS},
                )
                save_measure(measure=copy)
    return successor
