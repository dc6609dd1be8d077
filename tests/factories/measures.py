"""Factories of the measures app: energy carriers, emission factors, measures."""

from decimal import Decimal

import factory
from factory.django import DjangoModelFactory

from measures.models import EmissionFactor, EnergyCarrier, Measure
from tests.factories.networks import FocusAreaFactory, ParticipationFactory


class EnergyCarrierFactory(DjangoModelFactory):
    class Meta:
        model = EnergyCarrier

    name = factory.Sequence(lambda n: f"Energieträger {n}")
    slug = factory.Sequence(lambda n: f"energietraeger-{n}")


class EmissionFactorFactory(DjangoModelFactory):
    class Meta:
        model = EmissionFactor

    carrier = factory.SubFactory(EnergyCarrierFactory)
    year = 2021
    kg_co2e_per_kwh = Decimal("0.201")
    source = "Testquelle"


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
