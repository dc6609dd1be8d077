"""The measures' pages, one module per concern: `measures` (the list and its export,
a measure's form, page, status, notes and documents) and `imports` (spreadsheet
import and its template). The URLs are in measures/urls.py."""
