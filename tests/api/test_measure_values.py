"""What the measure list writes for names, savings over the lifetime and page links,
which the serializer fills without DRF's per-object lookup (api.serializers.CalledMixin,
the page address reversed once per list)."""

from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from measures.models import MeasureEnergy
from measures.services import add_document, check_measure
from tests.api.conftest import bearer, token_for
from tests.factories import EnergyCarrierFactory, FocusAreaFactory, MeasureFactory, png_upload

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("module_personas")]

MEASURES = reverse("api_measure-list")


def test_names_lifetime_savings_and_pages_of_each_measure_in_the_readers_language(
    token_client, personas
):
    area = FocusAreaFactory(name="Straßenbeleuchtung", name_en="Street lighting")
    carrier = EnergyCarrierFactory(name="Strom", name_en="Electricity")
    measures = [
        MeasureFactory(participation=personas.participation_a, focus_area=area,
                       co2_savings_t=Decimal("2.500"), lifetime_years=20),
        MeasureFactory(participation=personas.participation_a, focus_area=area),
    ]  # fmt: skip
    MeasureEnergy.objects.create(measure=measures[0], carrier=carrier, kwh=Decimal(1000))
    client = token_client(personas.coordinator)
    readers = [("de", "Straßenbeleuchtung", "Strom"), ("en", "Street lighting", "Electricity")]
    for language, area_name, carrier_name in readers:
        results = client.get(MEASURES, HTTP_ACCEPT_LANGUAGE=language).json()["results"]
        by_id = {item["id"]: item for item in results}
        first, second = (by_id[measure.pk] for measure in measures)
        assert first["focus_area"]["name"] == second["focus_area"]["name"] == area_name
        assert first["energy"][0]["carrier"]["name"] == carrier_name
        assert first["greenhouse_gas"]["over_lifetime_t"] == "50.000"
        assert second["greenhouse_gas"]["over_lifetime_t"] is None
        for measure in measures:
            page = "http://testserver" + reverse("measure", args=[measure.pk])
            assert by_id[measure.pk]["page"] == page
            assert client.get(MEASURES + f"{measure.pk}/").json()["page"] == page


def test_each_measure_says_how_its_savings_were_found_and_whether_they_were_checked(
    client, personas
):
    """Issue 34: the method and the check's day, never who checked (a coordinator's name
    the climate managers' API answers would otherwise carry)."""
    checked = MeasureFactory(
        participation=personas.participation_a, evidence="calculated", evidence_source="Audit"
    )
    plain = MeasureFactory(participation=personas.participation_a)
    document = add_document(measure=checked, user=personas.coordinator, upload=png_upload())
    check_measure(measure=checked, user=personas.coordinator, document=document,
                  note="Stichprobe", base_version=checked.version)  # fmt: skip
    client.defaults.update(bearer(token_for(personas.climate_manager_a)))
    response = client.get(MEASURES)
    by_id = {item["id"]: item for item in response.json()["results"]}
    assert by_id[checked.pk]["evidence"] == {
        "method": "calculated",
        "checked": True,
        "checked_on": timezone.localdate().isoformat(),
        "changed_after_check": False,
    }
    assert by_id[plain.pk]["evidence"] == {
        "method": "",
        "checked": False,
        "checked_on": None,
        "changed_after_check": False,
    }
    body = response.content.decode()
    assert personas.coordinator.name not in body
    assert personas.coordinator.email not in body
    assert "Stichprobe" not in body
