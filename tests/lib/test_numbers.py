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


@pytest.mark.parametrize(
    ("language", "stored", "shown"),
    [
        ("de", Decimal("660.000"), "660"),
        ("de", Decimal("1234.500"), "1234,5"),
        ("de", Decimal("0.125"), "0,125"),
        ("de", Decimal("1000.000"), "1000"),
        ("en", Decimal("660.000"), "660"),
        ("en", Decimal("1234.500"), "1234.5"),
    ],
)
def test_a_stored_number_is_offered_for_editing_without_trailing_zeros(language, stored, shown):
    # Issue 31, item 7: a target of 660 MWh/a came back as "660,000".
    class Form(forms.Form):
        target = LocalizedDecimalField(max_digits=12, decimal_places=3, localize=True)

    with translation.override(language):
        html = str(Form(initial={"target": stored})["target"])
    assert f'value="{shown}"' in html
