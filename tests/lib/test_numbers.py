from decimal import Decimal

import pytest
from django import forms
from django.utils import translation

from lib.numbers import LocalizedDecimalField


@pytest.mark.parametrize(
    ("language", "text", "expected"),
    [
        ("de", "1.234,5", Decimal("1234.5")),
        ("de", "1234,5", Decimal("1234.5")),
        ("de", "1.234.567", Decimal("1234567")),
        ("de", "310", Decimal("310")),
        ("de", " 12,75 ", Decimal("12.75")),
        ("en", "1,234.5", Decimal("1234.5")),
        ("en", "1234.5", Decimal("1234.5")),
    ],
)
def test_numbers_are_read_as_people_write_them(language, text, expected):
    field = LocalizedDecimalField(max_digits=12, decimal_places=3, localize=True)
    with translation.override(language):
        assert field.clean(text) == expected


@pytest.mark.parametrize(("language", "text"), [("de", "100.5"), ("de", "1.23,4"), ("en", "1,23")])
def test_ambiguous_numbers_are_refused_instead_of_misread(language, text):
    field = LocalizedDecimalField(max_digits=12, decimal_places=3, localize=True)
    with translation.override(language), pytest.raises(forms.ValidationError) as excinfo:
        field.clean(text)
    assert excinfo.value.code == "invalid"
