"""The demo's library of measures: Westfalen Weser 1 shares its completed measures, so a
Senne climate manager sees them anonymised beside Senne's own, with euro per tonne."""

import pytest
from django.urls import reverse

from measures.models import Measure, MeasureSettings
from networks.models import User
from tests.helpers import with_totp

pytestmark = pytest.mark.django_db

WW1 = "klimaschutz-netzwerk-westfalen-weser-1"


@pytest.fixture(autouse=True)
def seeded(demo_seed):
    return demo_seed


def test_westfalen_weser_1_shares_with_a_contact_and_a_record_of_who_switched():
    settings = MeasureSettings.objects.get(network__slug=WW1)
    assert settings.library_shared is True
    assert "koordination@example.org" in settings.library_contact
    assert settings.library_changed_by.email == "koordination@example.org"


def test_a_senne_climate_manager_sees_shared_rows_anonymised_with_euro_per_tonne(client):
    client.force_login(with_totp(User.objects.get(email="klima.verl@example.org")))
    response = client.get(reverse("measure_library"))
    assert response.status_code == 200
    rows = response.context["rows"]
    shared = [row for row in rows if not row["own"]]
    assert shared
    assert any(row["per_t"] is not None for row in shared)
    assert all(row["measure"] is None and row["municipality"] == "" for row in shared)
    html = response.content.decode()
    shared_titles = Measure.objects.filter(
        participation__network__slug=WW1, status="completed"
    ).values_list("title", flat=True)
    assert not any(title in html for title in shared_titles)
    assert "Kreis Höxter" in html
