"""How a report's figures are written as JSON: the layout's version and the values
that JSON has no type for (decimals and dates as strings, None as null)."""

import datetime
from decimal import Decimal

# 1: the first figures.
# 2: each meeting names the municipalities taking part that nobody attended for.
# 3: the network's factor set (what the greenhouse-gas figures count) and the savings
#    of completed measures over their lifetime.
# 4: one name per figure: savings are objects (`"achieved": {"energy_mwh", "co2_t"}`,
#    likewise `in_period` and `target`) where versions 1 to 3 wrote
#    `achieved_energy_mwh`, `period_energy_mwh`, `target_energy_mwh` and so on.
#    During version 4 (issue 31), read with defaults where missing: the network's
#    `funding_ministry` and `funder_logos` ("" and []), `code_shared_with`, each
#    measure's `co2_manual` and `co2_manual_reason`, each rule's `key`; and (issue
#    34) the `categories` rows, whose absence means "no table by category", each
#    measure's `evidence`, `checked_on`, `changed_after_check` and `category` and the figures'
#    `evidence` (the achieved savings by how they were found; None without).
FIGURES_VERSION = 4


def decimal_or_none(value: str | None) -> Decimal | None:
    return None if value is None else Decimal(value)


def day_or_none(value: str | None) -> datetime.date | None:
    return None if value is None else datetime.date.fromisoformat(value)


def text_or_none(value: Decimal | None) -> str | None:
    return None if value is None else str(value)


def iso_or_none(value: datetime.date | None) -> str | None:
    return None if value is None else value.isoformat()
