"""CSV for the lists where a table fits (measures, participations, meetings,
receipts): one row per item, the columns the view names (`csv_columns`, dotted
paths into its JSON). Text that a spreadsheet program would run as a formula is
written as text, as the portal's exports do (lib.spreadsheets.safe_text)."""

import csv
import io
import re

from rest_framework import renderers

from lib.spreadsheets import safe_text

# A plain number ("-12.50") is no formula: it stays a number for the spreadsheet.
NUMBER = re.compile(r"-?\d+(\.\d+)?")


def _value(item, path: str):
    for key in path.split("."):
        if not isinstance(item, dict):
            return None
        item = item.get(key)
    return item


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        value = ", ".join(str(part) for part in value)
    text = str(value)
    return text if NUMBER.fullmatch(text) else safe_text(text)


class CSVRenderer(renderers.BaseRenderer):
    media_type = "text/csv"
    format = "csv"
    charset = "utf-8"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        renderer_context = renderer_context or {}
        view = renderer_context.get("view")
        columns = view.csv_columns
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\r\n")
        rows = data.get("results", []) if isinstance(data, dict) else data
        writer.writerow(columns)
        for row in rows:
            writer.writerow([_cell(_value(row, column)) for column in columns])
        return buffer.getvalue().encode()
