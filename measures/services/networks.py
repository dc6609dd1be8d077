"""What the measures of a network need when the network changes: its settings with
the factor set (recounting its measures) and a successor network that carries the
unfinished measures over."""

import datetime
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from measures.models import (
    Measure,
    MeasureEnergy,
)
from measures.services.measures import save_measure
from networks.access import require_network_editor
from networks.models import FocusArea, Municipality, Network, Organisation, Participation, User
from networks.services import update_network

# The history's change reason of a save that only counted a measure again, after its
# network chose another factor set.
RECOUNTED = "recounted-factor-set"


def update_network_settings(
    *,
    network: Network,
    user: User,
    base_version: int,
    focus_areas: Iterable[FocusArea],
    service_providers: Iterable[Organisation],
) -> Network:
    """Save a coordinator's edit of a network (networks.services.update_network) and,
    if it chose another factor set, count its measures again in that set: all or
    nothing. Lives here because it changes measures."""
    with transaction.atomic():
        counted_in = (
            Network.objects.filter(pk=network.pk).values_list("factor_set_id", flat=True).get()
        )
        update_network(
            network=network,
            user=user,
            base_version=base_version,
            focus_areas=focus_areas,
            service_providers=service_providers,
        )
        if network.factor_set_id != counted_in:
            recount_measures(network=network, user=user)
    return network


def recount_measures(*, network: Network, user: User) -> int:
    """Count a network's measures again in its factor set, after the coordination
    chose another: every measure computed from its energy lines gets the new set's
    figures (those typed by hand stay). All or nothing: if a carrier has no factor in
    the new set, or a measure's savings there would be too large to store, nothing is
    saved and the error names the carriers or measures. Returns how many measures
    were counted again."""
    require_network_editor(user, network.pk)
    measures = list(
        Measure.objects.filter(participation__network=network, co2_manual=False)
        .filter(energy__isnull=False)
        .distinct()
        .select_related("participation")
        .prefetch_related("energy__carrier__emission_factors")
    )
    missing = set()
    for measure in measures:
        measure.participation.network = network  # its new set, not a stale copy
        missing.update(str(line.carrier) for line in measure.missing_factors())
    if missing:
        raise ValidationError(
            {
                "factor_set": _(
                    "In „%(set)s“ fehlt ein Emissionsfaktor für %(carriers)s. Bitte erst "
                    "den Faktor im Katalog ergänzen oder diese Maßnahmen von Hand "
                    "rechnen; es ist nichts geändert."
                )
                % {"set": network.factor_set, "carriers": ", ".join(sorted(missing))}
            }
        )
    too_large = sorted(f"„{measure}“" for measure in measures if measure.figures_too_large())
    if too_large:
        raise ValidationError(
            {
                "factor_set": _(
                    "In „%(set)s“ wäre die THG-Einsparung von %(measures)s zu groß zum "
                    "Speichern. Bitte erst die Energiemengen dieser Maßnahmen prüfen; es ist "
                    "nichts geändert."
                )
                % {"set": network.factor_set, "measures": ", ".join(too_large)}
            }
        )
    with transaction.atomic():
        for measure in measures:
            measure._change_reason = RECOUNTED  # read by simple-history
            save_measure(measure=measure, user=user)
    return len(measures)


# Fields a carried-over measure takes from its original.
CARRIED_FIELDS = [
    "focus_area", "category", "title", "description", "status", "responsible", "planned_start",
    "planned_end", "started_on", "investment_eur", "subsidy_eur", "lifetime_years",
    "co2_manual", "co2_manual_reason", "co2_savings_t",
    # How the savings were found holds for the copy too (the study, the readings); the
    # coordination's check and the evidence document belong to the original measure.
    "evidence", "evidence_note", "evidence_source", "consumption_before_kwh",
    "consumption_after_kwh", "measured_from", "measured_until",
]  # fmt: skip
# An energy line's figure and the quantity it was computed from, as people have it.
CARRIED_LINE_FIELDS = [
    "carrier", "effect", "kwh", "quantity", "unit", "consumption", "consumption_unit",
]  # fmt: skip


# What a successor takes from its predecessor as it is.
TAKEN_OVER = [
    "description", "coordinator", "funder", "funding_ministry", "funding_programme",
    "funding_agency", "funding_notice", "contact_name", "contact_role", "contact_email",
    "contact_phone", "factor_set",
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
    require_network_editor(user, predecessor.pk)
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
            name=name, slug=slug, funding_code=funding_code, term_start=term_start,
            term_end=term_end, predecessor=predecessor,
            **{field: getattr(predecessor, field) for field in TAKEN_OVER},
        )  # fmt: skip
        successor.full_clean()
        successor.save()
        successor.service_providers.set(predecessor.service_providers.all())
        successor.focus_areas.set(predecessor.focus_areas.all())
        for municipality in municipalities:
            _continue_in(successor, current[municipality.pk], copy_targets=copy_targets)
    return successor


def _continue_in(successor: Network, old: Participation, *, copy_targets: bool) -> None:
    """A continuing municipality joins the successor at its start, with its unfinished
    measures carried over as new measures linked to the originals."""
    participation = Participation(
        network=successor,
        municipality=old.municipality,
        joined_on=successor.term_start,
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
        copy.pending_energy = [
            MeasureEnergy(**{field: getattr(line, field) for field in CARRIED_LINE_FIELDS})
            for line in original.energy.all()
        ]
        save_measure(measure=copy)
