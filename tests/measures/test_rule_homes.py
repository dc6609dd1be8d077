"""Rules about emission factors with one home each (issue 30): the reference year's
bounds."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from lib.dates import YEARS
from measures.models import EmissionFactor


def test_an_emission_factors_year_message_takes_its_bounds_from_lib_dates(monkeypatch):
    factor = EmissionFactor(year=2101, kg_per_kwh=Decimal("0.2"), source="Quelle")
    with pytest.raises(ValidationError) as refused:
        factor.clean()
    assert refused.value.message_dict["year"] == [
        "Das Bezugsjahr muss zwischen 1990 und 2100 liegen."
    ]
    monkeypatch.setitem(YEARS, "max", 2050)  # a message that typed the years would not follow
    with pytest.raises(ValidationError) as refused:
        factor.clean()
    assert refused.value.message_dict["year"] == [
        "Das Bezugsjahr muss zwischen 1990 und 2050 liegen."
    ]
