"""Factories of the networks app: people, organisations, municipalities, networks."""

import datetime

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from networks.models import (
    FactorSet,
    FederalState,
    FocusArea,
    Membership,
    Municipality,
    Network,
    NetworkPhoto,
    Organisation,
    Participation,
    User,
    programme_factor_set,
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


def _days_from_today(days: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=days)


def programme_set() -> FactorSet:
    """The programme's factor set (loaded again if a transactional test flushed the
    data the migrations load)."""
    return FactorSet.objects.get(pk=programme_factor_set())


class NetworkFactory(DjangoModelFactory):
    """A network with the term of the demo's first networks, 01.07.2022 – 30.06.2025,
    which has ended: many tests assert on those dates (final reports of the whole
    term, the phase "completed"). `NetworkFactory(current=True)` runs from two years
    ago to two years ahead instead, for meetings and interim reports of today."""

    class Meta:
        model = Network

    class Params:
        current = factory.Trait(
            term_start=factory.LazyFunction(lambda: _days_from_today(-730)),
            term_end=factory.LazyFunction(lambda: _days_from_today(730)),
        )

    name = factory.Sequence(lambda n: f"Netzwerk {n}")
    slug = factory.Sequence(lambda n: f"netzwerk-{n}")
    coordinator = factory.SubFactory(OrganisationFactory)
    term_start = datetime.date(2022, 7, 1)
    term_end = datetime.date(2025, 6, 30)
    funding_code = "67K18876"
    factor_set = factory.LazyFunction(programme_set)


class ParticipationFactory(DjangoModelFactory):
    class Meta:
        model = Participation

    network = factory.SubFactory(NetworkFactory)
    municipality = factory.SubFactory(MunicipalityFactory)
    joined_on = factory.SelfAttribute("network.term_start")


class NetworkPhotoFactory(DjangoModelFactory):
    class Meta:
        model = NetworkPhoto

    network = factory.SubFactory(NetworkFactory)
    image = factory.LazyFunction(png_upload)
    alt_text = factory.Sequence(lambda n: f"Foto {n}")


def coordinator_of(organisation: Organisation) -> User:
    """A member of the organisation's coordination (its first one, or a new person)."""
    membership = (
        Membership.objects.filter(organisation=organisation, role=Membership.Role.COORDINATOR)
        .select_related("user")
        .order_by("pk")
        .first()
    )
    if membership:
        return membership.user
    user = UserFactory()
    Membership.objects.create(
        user=user, role=Membership.Role.COORDINATOR, organisation=organisation
    )
    return user
