"""factory_boy factories shared by the whole suite. Defaults are plain and valid."""

import datetime
from decimal import Decimal

import factory
from factory.django import DjangoModelFactory

from measures.models import EmissionFactor, EnergyCarrier, Measure
from networks.models import (
    FederalState,
    FocusArea,
    Municipality,
    Network,
    NetworkPhoto,
    Organisation,
    Participation,
    User,
)

PASSWORD = "correct horse battery staple"


def png_upload(size=(40, 30)):
    """A real PNG image as an upload."""
    import io

    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", size, (31, 107, 74)).save(buffer, "PNG")
    return SimpleUploadedFile("foto.png", buffer.getvalue(), "image/png")


class UserFactory(DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("email",)

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    name = factory.Sequence(lambda n: f"Person {n}")
    password = factory.django.Password(PASSWORD)


class OrganisationFactory(DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Organisation {n}")
    kind = Organisation.Kind.COORDINATOR


class MunicipalityFactory(DjangoModelFactory):
    class Meta:
        model = Municipality

    name = factory.Sequence(lambda n: f"Gemeinde {n}")
    slug = factory.Sequence(lambda n: f"gemeinde-{n}")
    kind = Municipality.Kind.GEMEINDE
    ags = factory.Sequence(lambda n: f"05{900000 + n:06d}")
    federal_state = FederalState.NORDRHEIN_WESTFALEN


class FocusAreaFactory(DjangoModelFactory):
    class Meta:
        model = FocusArea

    name = factory.Sequence(lambda n: f"Schwerpunkt {n}")
    slug = factory.Sequence(lambda n: f"schwerpunkt-{n}")


class NetworkFactory(DjangoModelFactory):
    class Meta:
        model = Network

    name = factory.Sequence(lambda n: f"Netzwerk {n}")
    slug = factory.Sequence(lambda n: f"netzwerk-{n}")
    coordinator = factory.SubFactory(OrganisationFactory)
    term_start = datetime.date(2022, 7, 1)
    term_end = datetime.date(2025, 6, 30)
    funding_code = "67K18876"


class ParticipationFactory(DjangoModelFactory):
    class Meta:
        model = Participation

    network = factory.SubFactory(NetworkFactory)
    municipality = factory.SubFactory(MunicipalityFactory)
    joined_on = factory.SelfAttribute("network.term_start")


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


class NetworkPhotoFactory(DjangoModelFactory):
    class Meta:
        model = NetworkPhoto

    network = factory.SubFactory(NetworkFactory)
    image = factory.LazyFunction(png_upload)
    alt_text = factory.Sequence(lambda n: f"Foto {n}")
