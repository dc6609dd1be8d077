"""Factories of the measures app: energy carriers, emission factors, measures."""

from decimal import Decimal

import factory
from factory.django import DjangoModelFactory

from measures.models import EmissionFactor, EnergyCarrier, Measure, MeasureEnergy
from tests.factories.networks import FocusAreaFactory, ParticipationFactory, programme_set


class EnergyCarrierFactory(DjangoModelFactory):
    class Meta:
        model = EnergyCarrier

    name = factory.Sequence(lambda n: f"Energieträger {n}")
    slug = factory.Sequence(lambda n: f"energietraeger-{n}")


class EmissionFactorFactory(DjangoModelFactory):
    class Meta:
        model = EmissionFactor

    factor_set = factory.LazyFunction(programme_set)
    carrier = factory.SubFactory(EnergyCarrierFactory)
    year = 2021
    kg_per_kwh = Decimal("0.201")
    source = "Testquelle"


def energy(carrier, kwh, effect: str = "saved") -> MeasureEnergy:
    """An unsaved energy line for `Measure.pending_energy`."""
    return MeasureEnergy(carrier=carrier, effect=effect, kwh=Decimal(kwh))


class MeasureFactory(DjangoModelFactory):
    """A planned measure without savings. Its focus area is added to the network's areas,
    since a measure may only use those."""

    class Meta:
        model = Measure
        skip_postgeneration_save = True

    participation = factory.SubFactory(ParticipationFactory)
    focus_area = factory.SubFactory(FocusAreaFactory)
    title = factory.Sequence(lambda n: f"Maßnahme {n}")

    @factory.post_generation
    def network_focus_area(measure, create, extracted, **kwargs):
        if create:
            measure.participation.network.focus_areas.add(measure.focus_area)
