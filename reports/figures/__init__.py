"""The figures of a report: what the funder's forms ask for, for one network and period.

`building.report_figures()` reads them from the measures, meetings and participants
into the types of `types` and `sums`; an issued report keeps their `to_json()`
(`Report.figures`) and everything that shows them reads it back with
`ReportFigures.from_json()`, whichever version of the layout it has (`encoding`).
"""
