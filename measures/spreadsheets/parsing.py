"""Cell texts as values, read the German way people and German Excel write them.

Each parser returns None (or False) for an empty cell and raises ValueError for
text it cannot read; the import form turns that into a message naming the cell.
"""

import datetime
import re
from decimal import Decimal, InvalidOperation

from django import forms
from django.utils import translation

from lib.numbers import LocalizedDecimalField
from lib.spreadsheets import DATE_PATTERN

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
