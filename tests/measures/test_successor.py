import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from measures.models import Measure
from measures.services import found_successor_network
from networks.models import Network
from tests.factories import MeasureFactory, OrganisationFactory, ParticipationFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("module_personas")]

START = datetime.date(2025, 7, 1)
END = datetime.date(2028, 6, 30)


def found(personas, **overrides):
    arguments = {
        "predecessor": personas.network,
        "user": personas.coordinator,
        "name": "Netzwerk Test 2",
        "slug": "netzwerk-test-2",
        "term_start": START,
        "term_end": END,
        "municipalities": [personas.municipality_a],
        **overrides,
    }
    return found_successor_network(**arguments)


def test_successor_takes_over_continuing_municipalities_targets_and_unfinished_measures(
    personas,
):
    personas.network.service_providers.add(OrganisationFactory(kind="service_provider"))
    personas.participation_a.target_energy_mwh = Decimal("420.000")
    personas.participation_a.save()
    planned = MeasureFactory(
        participation=personas.participation_a, title="Geplant", investment_eur=Decimal("1000.00")
    )
    postponed = MeasureFactory(
        participation=personas.participation_a, title="Zurückgestellt", status="postponed"
    )
    MeasureFactory(
        participation=personas.participation_a,
        title="Fertig",
        status="completed",
        completed_on=datetime.date(2024, 5, 1),
    )
    MeasureFactory(participation=personas.participation_a, title="Abgebrochen", status="cancelled")
    MeasureFactory(participation=personas.participation_b, title="B geplant")

    successor = found(personas)

    assert successor.predecessor == personas.network
    assert list(personas.network.successors.all()) == [successor]
    assert successor.coordinator == personas.network.coordinator
    assert set(successor.service_providers.all()) == set(personas.network.service_providers.all())
    assert set(successor.focus_areas.all()) == set(personas.network.focus_areas.all())
    participation = successor.participations.get()
    assert participation.municipality == personas.municipality_a
    assert (participation.joined_on, participation.target_energy_mwh) == (START, Decimal("420"))
    copies = {m.title: m for m in participation.measures.all()}
    assert set(copies) == {"Geplant", "Zurückgestellt"}
    assert copies["Geplant"].carried_over_from == planned
    assert copies["Geplant"].investment_eur == Decimal("1000.00")
    assert copies["Zurückgestellt"].status == "postponed"
    assert list(postponed.carried_over_to.all()) == [copies["Zurückgestellt"]]
    # The originals stay where they were.
    assert Measure.objects.filter(participation=personas.participation_a).count() == 4


def test_targets_are_copied_only_when_asked(personas):
    personas.participation_a.target_co2_t = Decimal("80")
    personas.participation_a.save()
    successor = found(personas, copy_targets=False)
    assert successor.participations.get().target_co2_t is None


def test_a_failing_step_leaves_nothing_behind(personas):
    MeasureFactory(participation=personas.participation_a, title="Geplant")
    with pytest.raises(ValidationError) as excinfo:
        found(personas, term_end=START)  # end not after start
    assert "term_end" in excinfo.value.message_dict
    assert not Network.objects.filter(slug="netzwerk-test-2").exists()
    assert Measure.objects.count() == 1


def test_only_the_networks_coordinator_founds_a_successor(personas):
    for user in (personas.other_coordinator, personas.climate_manager_a, personas.funder):
        with pytest.raises(PermissionDenied):
            found(personas, user=user)
    assert not Network.objects.filter(slug="netzwerk-test-2").exists()


def test_only_municipalities_of_the_predecessor_continue(personas):
    with pytest.raises(ValidationError) as excinfo:
        found(personas, municipalities=[personas.municipality_c])
    assert excinfo.value.message_dict == {
        "municipalities": ["Nur Kommunen des Vorgängernetzwerks können fortsetzen."]
    }


def test_funding_code_may_stay_empty_in_acquisition(personas):
    assert found(personas, funding_code="").funding_code == ""


def test_a_municipality_that_left_does_not_continue(personas):
    left = ParticipationFactory(network=personas.network, left_on=datetime.date(2024, 1, 1))
    with pytest.raises(ValidationError):
        found(personas, municipalities=[left.municipality])


def test_a_carried_measure_keeps_how_its_savings_were_found_and_its_quantities(personas):
    """The study named, the readings and the litres of diesel hold for the copy; the
    coordination's check was of the original and stays with it."""
    from measures.models import EnergyCarrier, MeasureEnergy
    from measures.services import save_measure

    original = MeasureFactory(participation=personas.participation_a, title="Fuhrpark")
    original.evidence, original.evidence_note = "measured", "Tankkarten"
    original.consumption_before_kwh = Decimal(1000)
    original.consumption_after_kwh = Decimal(400)
    original.measured_from = datetime.date(2024, 1, 1)
    original.measured_until = datetime.date(2024, 12, 31)
    diesel = EnergyCarrier.objects.get(slug="diesel")
    line = MeasureEnergy(carrier=diesel, quantity=Decimal(600), unit="l", kwh=Decimal(1))
    original.pending_energy = [line]
    save_measure(measure=original)
    original.refresh_from_db()

    copy = found(personas).participations.get().measures.get(title="Fuhrpark")

    for field in ("evidence", "evidence_note", "consumption_before_kwh",
                  "consumption_after_kwh", "measured_from", "measured_until"):  # fmt: skip
        assert getattr(copy, field) == getattr(original, field), field
    assert copy.checked_at is None and copy.checked_by is None
    [copied_line] = copy.energy.all()
    [original_line] = original.energy.all()
    assert (copied_line.quantity, copied_line.unit, copied_line.kwh) == (
        Decimal(600),
        "l",
        original_line.kwh,
    )
