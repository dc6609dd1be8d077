"""portal/0005: corrections issued before a remark was required get one that says so."""

import datetime

import pytest
from django.utils import timezone

from tests.helpers import migrate

BEFORE = [("portal", "0004_report_downloads")]
AFTER = [("portal", "0005_correction_note")]


@pytest.mark.django_db(transaction=True)
def test_corrections_without_a_remark_say_so_and_first_versions_stay_as_they_are():
    apps = migrate(BEFORE)
    Organisation = apps.get_model("networks", "Organisation")
    Network = apps.get_model("networks", "Network")
    Report = apps.get_model("portal", "Report")
    coordinator = Organisation.objects.create(name="Westfalen Weser", kind="coordinator")
    network = Network.objects.create(
        name="N", slug="n", coordinator=coordinator,
        term_start=datetime.date(2022, 7, 1), term_end=datetime.date(2025, 6, 30),
    )  # fmt: skip
    common = {"network": network, "kind": "final", "figures": {}, "issued_at": timezone.now(),
              "period_start": network.term_start, "period_end": network.term_end,
              "issued_by_name": "Koordination"}  # fmt: skip
    Report.objects.create(version=1, note="", **common)
    Report.objects.create(version=2, note="", **common)
    Report.objects.create(version=3, note="Zahlen korrigiert.", **common)
    Report = migrate(AFTER).get_model("portal", "Report")
    assert list(Report.objects.order_by("version").values_list("version", "note")) == [
        (1, ""),
        (2, "(Fassung ohne Angabe der Änderungen ausgestellt.)"),
        (3, "Zahlen korrigiert."),
    ]
