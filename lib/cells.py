"""Cells of an imported spreadsheet as values, read the German way people and German
Excel write them; imports no app of the project.

Each parser returns None (or False) for an empty cell and raises ValueError for text
it cannot read; `CellField` turns that into a message naming the cell's column, and
`KnownField` finds a name among those an import knows. Measures and receipts are
imported with them.
"""

import datetime
import re
from collections.abc import Callable
from decimal import Decimal, InvalidOperation
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils import translation
from django.utils.translation import gettext_lazy

from lib.numbers import LocalizedDecimalField
from lib.spreadsheets import DATE_PATTERN

BAD_NUMBER = gettext_lazy("„%(value)s“ ist keine Zahl (z. B. 1.234,5).")
BAD_DATE = gettext_lazy("„%(value)s“ ist kein Datum (TT.MM.JJJJ).")

_DECIMAL_POINT = re.compile(r"^-?\d+\.\d+$")
_THOUSANDS = re.compile(r"^-?[1-9]\d{0,2}(\.\d{3})+$")


def parse_decimal(text: str) -> Decimal | None:
    """A number as people type it; None for an empty cell, ValueError if unreadable.

    German rule, as German Excel writes CSV: the comma is the decimal separator and
    dots group thousands ("1.234,5", "1234,5", "12.000" = 12000, "1.234.567"). A dot
    that cannot be a thousands separator is read as a decimal point ("1234.5",
    "0.201"), as some programs write. XLSX numbers reach here with a comma.
    Spaces are ignored; scientific notation, NaN and the like are refused.
    """
    cleaned = re.sub(r"[\s\u00a0\u202f]", "", text or "")
    if not cleaned:
        return None
    if _THOUSANDS.match(cleaned):
        return Decimal(cleaned.replace(".", ""))
    if "," not in cleaned and _DECIMAL_POINT.match(cleaned):
        return Decimal(cleaned)
    try:
        with translation.override("de"):
            value = LocalizedDecimalField(required=False).to_python(cleaned)
    except (forms.ValidationError, InvalidOperation) as error:
        raise ValueError(text) from error
    if value is None or not value.is_finite():
        raise ValueError(text)
    return value


def parse_date(text: str) -> datetime.date | None:
    """dd.mm.yyyy (also d.m.yyyy) or ISO yyyy-mm-dd; a time after the date is ignored."""
    cleaned = (text or "").strip()
    if not cleaned:
        return None
    day_part = cleaned.split()[0]
    for pattern in (DATE_PATTERN, "%Y-%m-%d"):
        try:
            return datetime.datetime.strptime(day_part, pattern).date()
        except ValueError:
            continue
    raise ValueError(text)


_YES = {"ja", "j", "x", "1", "wahr", "true", "yes", "y"}
_NO = {"", "nein", "n", "0", "falsch", "false", "no", "-"}


def parse_bool(text: str) -> bool:
    """ja/x/1/wahr are yes; nein, 0, falsch and an empty cell are no."""
    cleaned = (text or "").strip().casefold()
    if cleaned in _YES:
        return True
    if cleaned in _NO:
        return False
    raise ValueError(text)


def read_cell(header: str, parse: Callable[[str], Any], invalid, text: str) -> Any:
    """`parse(text)`; a ValidationError "<header>: <invalid>" if it cannot be read."""
    try:
        return parse(text)
    except ValueError:
        raise ValidationError(f"{header}: " + invalid % {"value": text}, code="invalid") from None


class CellField(forms.Field):
    """A cell's text, stripped, read by `parse` if given. Text that `parse` cannot read
    is reported as `invalid`, after the column's header (the field's label)."""

    def __init__(self, header: str, parse: Callable[[str], Any] | None = None, invalid=None):
        super().__init__(label=header, required=False)
        self.parse, self.invalid = parse, invalid

    def to_python(self, value: str | None) -> Any:
        text = (value or "").strip()
        if self.parse is None:
            return text
        return read_cell(self.label, self.parse, self.invalid, text)


class KnownField(forms.Field):
    """A name, slug or value among those the lookups know (case ignored); an empty cell
    is None. `unknown` is a message with its header; it gets the cell's text as
    `value` and `name`, and the form's `params`."""

    def __init__(self, header: str, unknown, *, required: bool = False, **kwargs) -> None:
        super().__init__(label=header, required=required, **kwargs)
        self.unknown = unknown
        self.known: dict[str, Any] = {}
        self.params: dict[str, str] = {}

    def to_python(self, value: str | None) -> Any:
        text = (value or "").strip()
        if not text:
            return None
        found = self.known.get(text.casefold())
        if found is None:
            params = {"value": text, "name": text, **self.params}
            raise ValidationError(self.unknown % params, code="unknown")
        return found
