"""Text in spreadsheet files that stays text; imports no app of the project.

A cell or CSV field that starts with "=", "+", "-", "@", a tab or a carriage
return is run as a formula by spreadsheet programs, so a title typed into the
portal could otherwise run in the spreadsheet of whoever opens an export. The
measures' export and import and the report workbook share these guards.
"""

from openpyxl.styles import Alignment

# Text that a spreadsheet program would run as a formula when it starts with these.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_text(text: str) -> str:
    """Text for a CSV field that spreadsheet programs show as text instead of running it."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def unescape_text(text: str) -> str:
    """Undo `safe_text`, so an exported file reads back with the original text."""
    if text.startswith("'") and text[1:2] and text[1:].startswith(FORMULA_STARTS):
        return text[1:]
    return text


def write_text(cell, text: str) -> None:
    """Text that stays text: never a formula, even if it starts with "=" (a person's
    title could otherwise run as a formula in the spreadsheet of whoever opens it)."""
    cell.value = text
    cell.data_type = "s"  # openpyxl would otherwise store "=…" as a formula
    if text.startswith(FORMULA_STARTS):
        cell.quotePrefix = True
    if "\n" in text:
        cell.alignment = Alignment(wrap_text=True, vertical="top")
