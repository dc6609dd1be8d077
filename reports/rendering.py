"""A report as a document: its frozen figures laid out as the PDF the funder receives
(in its language, with its charts), made once by the background worker and kept."""

import datetime
import hashlib
from decimal import Decimal

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone, translation

from lib.dates import end_of_day
from lib.markup import render_markdown
from lib.pdf import lay_out, render_pdf
from networks.funding import for_print
from networks.models import Network
from reports.charts import report_charts
from reports.figures.building import finance_facts, report_figures
from reports.figures.finances import FinanceFacts
from reports.figures.types import ReportFigures
from reports.models import WRITTEN_SECTIONS, Report, ReportDraft


def preview_figures(
    *, network: Network, start: datetime.date, end: datetime.date, kind: str | None = None
) -> ReportFigures:
    """The figures a report of `kind` would freeze now, read back the way a stored report
    is (the chapter on the finances in a final report only)."""
    figures = report_figures(network, start=start, end=end, with_finances=kind == Report.Kind.FINAL)
    return ReportFigures.from_json(figures.to_json())


def draft_texts(*, network: Network, kind: str) -> dict[str, str]:
    draft = ReportDraft.objects.filter(network=network, kind=kind).first()
    return draft.texts() if draft else {}


def draft_rule_comments(*, network: Network, kind: str, figures: ReportFigures) -> dict[str, str]:
    """The draft's comments on the rules the figures' annex holds, by rule key."""
    draft = ReportDraft.objects.filter(network=network, kind=kind).first()
    keys = {rule.key for rule in figures.compliance if rule.key}
    return {
        key: text for key, text in (draft.rule_comments if draft else {}).items() if key in keys
    }


def draft_line_comments(*, network: Network, kind: str, figures: ReportFigures) -> dict[str, str]:
    """The draft's comments on the budget lines whose deviation the figures' chapter on
    the finances asks a word for, by line key; none without the chapter."""
    draft = ReportDraft.objects.filter(network=network, kind=kind).first()
    if draft is None or figures.finances is None:
        return {}
    keys = {line.key for line in figures.finances.lines_beyond_tolerance}
    return {key: text for key, text in draft.line_comments.items() if key in keys}


def finance_rows_of(finances: FinanceFacts | None, comments: dict[str, str]) -> list[tuple]:
    """The chapter's budget lines, each with whether it deviates beyond the tolerance and
    the coordination's comment on it (or "" where it needs none)."""
    if finances is None:
        return []
    rows = []
    for line in finances.lines:
        exceeds = finances.beyond_tolerance(line)
        rows.append((line, exceeds, comments.get(line.key, "") if exceeds else ""))
    return rows


def draft_finances(*, network: Network, kind: str, now: datetime.datetime) -> FinanceFacts | None:
    """The chapter on the finances as the network's `kind` of report issued now would
    hold it: a final report's, as of the end of the term (or now, if earlier)."""
    if kind != Report.Kind.FINAL:
        return None
    return finance_facts(network, min(end_of_day(network.term_end), now))


def compliance_rows(figures: ReportFigures, comments: dict[str, str]) -> list[tuple]:
    """The annex's rules, each with the coordination's comment on it (or "")."""
    return [(rule, comments.get(rule.key, "") if rule.key else "") for rule in figures.compliance]


def written_sections(
    texts: dict[str, str], left_empty: dict[str, str] | None = None
) -> dict[str, dict]:
    """The written sections for the document, by field: heading and sanitised HTML,
    the writer's headings two levels below the section's (h2), so the document's
    outline stays whole. A section left empty on purpose has its heading and the
    reason given (`left_empty`) instead, so the reader sees it was a decision."""
    left_empty = left_empty or {}
    sections = {}
    for name, heading, _help in WRITTEN_SECTIONS:
        if texts.get(name):
            sections[name] = {
                "heading": heading, "html": render_markdown(texts[name], top_heading=3)
            }  # fmt: skip
        elif left_empty.get(name):
            sections[name] = {"heading": heading, "html": "", "left_empty": left_empty[name]}
    return sections


def shared_code_names(figures: ReportFigures) -> dict | None:
    """The networks sharing the report's funding code, for the cover's sentence: all
    but the last joined by commas, and the last; None if no other network shares it."""
    names = figures.network.code_shared_by
    return {"names": ", ".join(names[:-1]), "last": names[-1]} if names else None


def report_context(report: Report, figures: ReportFigures) -> dict:
    own_texts = report.texts.get("municipalities", {})
    # Meetings held by kind, with the average municipalities and people present.
    kinds: dict[str, list] = {}
    for meeting in figures.meetings:
        kinds.setdefault(meeting.kind, []).append(meeting)
    meetings_by_kind = [
        {
            "kind": held[0].kind_label,
            "count": len(held),
            "municipalities": Decimal(sum(m.municipalities for m in held)) / len(held),
            "attendees": Decimal(sum(m.attendees for m in held)) / len(held),
        }
        for held in kinds.values()
    ]
    return {
        "report": report,
        "figures": figures,
        "period": figures.period,
        "totals": figures.totals,
        "ghg": figures.network.ghg,
        "texts": written_sections(report.texts, report.left_empty),
        # Each municipality with the coordination's text about it, as HTML (or None).
        "municipality_sections": [
            (p, render_markdown(own_texts[p.ags], top_heading=4) if own_texts.get(p.ags) else None)
            for p in figures.participants
        ],
        # Each focus area with its completed measures.
        "focus_area_sections": [
            (
                area,
                [m for m in figures.achieved_measures if m.focus_area == area.name],
            )
            for area in figures.focus_areas
        ],
        "meetings_by_kind": meetings_by_kind,
        "shared_code": shared_code_names(figures),
        "compliance_rows": compliance_rows(figures, report.rule_comments or {}),
        "finances": figures.finances,
        "finance_rows": finance_rows_of(figures.finances, report.line_comments or {}),
        # The completed measures whose greenhouse-gas figure, typed by hand, is in the
        # achieved sums.
        "manual_co2": [m for m in figures.measures if m.co2_manual and m.is_achieved],
    }


def render_report(
    report: Report, figures: ReportFigures, *, is_preview: bool = False, with_finances: bool = True
) -> bytes:
    """The report's PDF from its figures, in its language, with its charts; without the
    chapter on the finances (and its line in the contents) unless `with_finances`."""
    if not with_finances:
        figures = figures.without_finances()
    with translation.override(report.language):
        context, images = _report_document(report, figures, is_preview)
        return render_pdf("reports/print/report.html", context, images=images)


def lay_out_report(report: Report, figures: ReportFigures):
    """The report laid out in pages, as render_report prints it (for the print rules'
    tests)."""
    with translation.override(report.language):
        context, images = _report_document(report, figures, False)
        return lay_out("reports/print/report.html", context, images=images)


def _report_document(
    report: Report, figures: ReportFigures, is_preview: bool
) -> tuple[dict, dict[str, str | bytes]]:
    images, alternatives = report_charts(figures)
    funding, logos = for_print(figures.network.funding)
    context = report_context(report, figures) | {
        "is_preview": is_preview,
        "chart_alt": alternatives,
        "funding": funding,
    }
    return context, images | logos


def preview_pdf(*, network: Network, kind: str, start, end, language: str, note: str) -> bytes:
    """The PDF a report would have if issued now, with the draft's texts and comments on
    the annex's rules; nothing is stored."""
    figures = preview_figures(network=network, start=start, end=end, kind=kind)
    draft = Report(
        network=network,
        kind=kind,
        period_start=start,
        period_end=end,
        language=language,
        note=note,
        texts=draft_texts(network=network, kind=kind),
        rule_comments=draft_rule_comments(network=network, kind=kind, figures=figures),
        line_comments=draft_line_comments(network=network, kind=kind, figures=figures),
        issued_at=timezone.now(),
    )
    return render_report(draft, figures, is_preview=True)


def report_pdf(report: Report, *, with_finances: bool = True) -> bytes:
    """The report's PDF for a reader who reads the network's finances or not (the two
    are one file where the report has no chapter on them, Report.pdf_fields): made from
    its frozen figures the first time, then kept. Rendered outside any transaction (it
    takes seconds for a large network); if two renderings race, the first one stored is
    kept and handed out by both."""
    field, checksum = report.pdf_fields(with_finances=with_finances)
    if getattr(report, field):
        return read_pdf(report, with_finances=with_finances)
    pdf = render_report(
        report, ReportFigures.from_json(report.figures), with_finances=field == "pdf"
    )
    with transaction.atomic():
        report = Report.objects.select_for_update().get(pk=report.pk)
        if getattr(report, field):  # somebody else made it meanwhile
            return read_pdf(report, with_finances=with_finances)
        getattr(report, field).save("report.pdf", ContentFile(pdf), save=False)
        setattr(report, checksum, hashlib.sha256(pdf).hexdigest())
        report.save(update_fields=[field, checksum])
    return pdf


def read_pdf(report: Report, *, with_finances: bool = True) -> bytes:
    field, _checksum = report.pdf_fields(with_finances=with_finances)
    with getattr(report, field).open("rb") as file:
        return file.read()


def make_report_pdf(*, report_id: int) -> str:
    """The background job: render the report's PDF once and keep it (reports.tasks),
    and the one without the chapter on the finances where it has one. Returns the full
    file's SHA-256."""
    report = Report.objects.get(pk=report_id)
    report_pdf(report)
    if report.has_finances:
        report_pdf(report, with_finances=False)
    report.refresh_from_db(fields=["pdf_sha256"])
    return report.pdf_sha256
