"""Numbers as people type them in their language; imports no app of the project."""

import re
from decimal import Decimal

from django import forms
from django.utils import formats
from django.utils.translation import gettext_lazy as _


class LocalizedDecimalField(forms.DecimalField):
    """A decimal field that reads "1.234,5" in German and "1,234.5" in English.

    Thousands separators must group exactly three digits, so a German "100.5" is
    refused with a message instead of being read as 1005.
    """

    default_error_messages = {
        "invalid": _("Bitte eine Zahl eingeben, z. B. 1.234,5."),
    }

    def prepare_value(self, value):
        # A stored 660.000 is shown as "660", not "660,000", which reads as a
        # thousand-fold in English and as a needless precision in German.
        if isinstance(value, Decimal):
            value = without_trailing_zeros(value)
        return super().prepare_value(value)

    def to_python(self, value):
        if isinstance(value, str) and value.strip():
            value = self._normalise(value.strip().replace(" ", "").replace("\u00a0", ""))
        return super().to_python(value)

    def _normalise(self, text: str) -> str:
        thousand = re.escape(formats.get_format("THOUSAND_SEPARATOR"))
        decimal = re.escape(formats.get_format("DECIMAL_SEPARATOR"))
        grouped = rf"^-?\d{{1,3}}({thousand}\d{{3}})+({decimal}\d+)?$"
        plain = rf"^-?\d+({decimal}\d+)?$"
        if not (re.match(grouped, text) or re.match(plain, text)):
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        return text.replace(formats.get_format("THOUSAND_SEPARATOR"), "").replace(
            formats.get_format("DECIMAL_SEPARATOR"), "."
        )


def without_trailing_zeros(value: Decimal) -> Decimal:
    """660.000 as 660 and 12.500 as 12.5 (never the exponent form 6.6E+2)."""
    if not value.is_finite():
        return value
    if value == value.to_integral_value():
        return value.quantize(Decimal(1))
    return value.normalize()
