"""The `clean` rules of measures/models.py at their boundaries (issue 29): the last
value allowed and the first refused, each with its exact German message on its field."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from measures.models import EmissionFactor

NEGATIVE_FACTOR = "Ein Emissionsfaktor darf nicht negativ sein."
YEAR_OUT_OF_RANGE = "Das Bezugsjahr muss zwischen 1990 und 2100 liegen."
NO_SOURCE = "Bitte die Quelle des Faktors angeben."


def errors_of(instance) -> dict[str, list[str]]:
    """The messages `instance.clean()` gives, by field; {} if it raises nothing."""
    try:
        instance.clean()
    except ValidationError as error:
        return {field: [str(m) for m in messages] for field, messages in error.message_dict.items()}
    return {}


def emission_factor(**fields) -> EmissionFactor:
    """A factor valid at every boundary (0 kg, the first year, a source) but `fields`."""
    return EmissionFactor(**{"year": 1990, "kg_per_kwh": Decimal("0"), "source": "UBA", **fields})


@pytest.mark.parametrize(
    ("fields", "errors"),
    [
        ({}, {}),
        ({"kg_per_kwh": Decimal("0.5")}, {}),
        ({"kg_per_kwh": None, "year": None}, {}),
        ({"kg_per_kwh": Decimal("-0.0001")}, {"kg_per_kwh": [NEGATIVE_FACTOR]}),
        ({"year": 2100}, {}),
        ({"year": 1989}, {"year": [YEAR_OUT_OF_RANGE]}),
        ({"year": 2101}, {"year": [YEAR_OUT_OF_RANGE]}),
        ({"source": ""}, {"source": [NO_SOURCE]}),
        ({"source": None}, {"source": [NO_SOURCE]}),
        ({"source": " \n"}, {"source": [NO_SOURCE]}),
        (
            {"kg_per_kwh": Decimal("-1"), "year": 1989, "source": ""},
            {"kg_per_kwh": [NEGATIVE_FACTOR], "year": [YEAR_OUT_OF_RANGE], "source": [NO_SOURCE]},
        ),
    ],
)
def test_an_emission_factor_is_not_negative_of_a_year_from_1990_to_2100_with_a_source(
    fields, errors
):
    assert errors_of(emission_factor(**fields)) == errors
