"""Reports: issuing one (a coordinator freezes the figures) and its PDF."""

import datetime
import enum
import hashlib
import json
import secrets
import uuid
from decimal import Decimal
from urllib.parse import urlencode

from django.conf import settings
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.db.models import Max, Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django_tasks import TaskResultStatus
from django_tasks.exceptions import TaskResultDoesNotExist

from lib.conflicts import check_version
from lib.mail import Mail, queue_mails
from lib.markup import render_markdown
from lib.pdf import lay_out, render_pdf
from measures.models import Measure
from networks.models import Membership, Network, Participation, Role
from portal.models import WRITTEN_SECTIONS, Report, ReportDownload, ReportDraft
from portal.report_charts import report_charts
from portal.reports import load_figures, report_figures
from portal.results import share, status_summary
from portal.tasks import make_report_pdf as make_report_pdf_task

Period = tuple[str, datetime.date, datetime.date]


def default_period(network: Network, today: datetime.date) -> Period:
    """What a coordinator most likely reports now: the final report once the term is
    over, else the last full network year (or the term so far, in the first year)."""
    periods = default_periods(network, today)
    if Report.Kind.FINAL in periods:
        return Report.Kind.FINAL, *periods[Report.Kind.FINAL]
    if Report.Kind.INTERIM in periods:
        return Report.Kind.INTERIM, *periods[Report.Kind.INTERIM]
    return Report.Kind.INTERIM, network.term_start, network.term_start


def default_periods(
    network: Network, today: datetime.date
) -> dict[str, tuple[datetime.date, datetime.date]]:
    """The period each kind of report most likely covers now, for the kinds possible
    now: the final report the whole term once it is over; an interim report the last
    full network year (or the term so far, in its first year), also after the term.
    Nothing before the term has begun."""
    if today < network.term_start:
        return {}
    periods = {}
    day = min(today, network.term_end + datetime.timedelta(days=1))
    start = network.term_start
    while _add_year(start) <= day:
        start = _add_year(start)
    if start == network.term_start:
        interim = (network.term_start, min(day, network.term_end))
    else:
        interim = (_add_year(start, -1), start - datetime.timedelta(days=1))
    if interim != (network.term_start, network.term_end):  # that is the final report
        periods[Report.Kind.INTERIM] = interim
    if today > network.term_end:
        periods[Report.Kind.FINAL] = (network.term_start, network.term_end)
    return periods


def _add_year(day: datetime.date, years: int = 1) -> datetime.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def check_period(
    *,
    network: Network,
    kind: str | None,
    start: datetime.date,
    end: datetime.date,
    today: datetime.date,
) -> None:
    """The rules of a report's period, as German messages per field; kind None checks
    a period that belongs to no interim or final report (the mayor's report)."""
    errors = {}
    if end < start:
        errors["period_end"] = _("Der Berichtszeitraum kann nicht vor seinem Beginn enden.")
    elif end > today:
        errors["period_end"] = _(
            "Der Berichtszeitraum kann nicht in der Zukunft enden: berichtet wird über Vergangenes."
        )
    elif start < network.term_start or end > network.term_end:
        errors["period_start"] = _(
            "Der Berichtszeitraum muss in der Laufzeit des Netzwerks liegen (%(start)s – %(end)s)."
        ) % {
            "start": network.term_start.strftime("%d.%m.%Y"),
            "end": network.term_end.strftime("%d.%m.%Y"),
        }
    if kind == Report.Kind.INTERIM and (start, end) == (network.term_start, network.term_end):
        errors.setdefault(
            "kind",
            _(
                "Ein Zwischenbericht über die ganze Laufzeit wäre der Schlussbericht: bitte "
                "„Schlussbericht“ wählen oder einen kürzeren Zeitraum angeben."
            ),
        )
    if kind == Report.Kind.FINAL and (start, end) != (network.term_start, network.term_end):
        errors.setdefault(
            "kind",
            _(
                "Der Schlussbericht umfasst die ganze Laufzeit und ist erst nach ihrem Ende "
                "möglich."
            ),
        )
    if errors:
        raise ValidationError(errors)


def preview_figures(*, network: Network, start: datetime.date, end: datetime.date) -> dict:
    """The figures a report would freeze now, read back the way a stored report is."""
    return load_figures(as_json(report_figures(network, start=start, end=end)))


def as_json(figures: dict) -> dict:
    return json.loads(json.dumps(figures, cls=DjangoJSONEncoder))


class AlreadyIssued(Exception):
    """The form with this one-time token has issued its report already; nothing new
    was issued and nobody was mailed again."""

    def __init__(self, report: Report):
        super().__init__(report)
        self.report = report


def issue_report(
    *,
    network: Network,
    user,
    kind: str,
    period_start: datetime.date,
    period_end: datetime.date,
    language: str = "de",
    note: str = "",
    notify: bool = True,
    now: datetime.datetime | None = None,
    intent: uuid.UUID | None = None,
) -> Report:
    """Freeze the network's figures for the period as a new report (a new version if
    one of the same kind and period exists) and, with `notify`, mail the network's
    funders once it is saved. `now` is the moment of issuing (the demo's past).

    `intent` is the issuing form's one-time token: a second call with it (a double
    click, two requests at once) raises AlreadyIssued with the report the first one
    issued."""
    if not Network.objects.editable_by(user).filter(pk=network.pk).exists():
        raise PermissionDenied
    now = now or timezone.now()
    check_period(
        network=network,
        kind=kind,
        start=period_start,
        end=period_end,
        today=timezone.localdate(now),
    )
    with transaction.atomic():
        # Locks the network: two coordinators issuing at once get versions 1 and 2, and
        # the same form sent twice finds the report its first sending issued.
        Network.objects.select_for_update().get(pk=network.pk)
        if intent is not None:
            issued = Report.objects.filter(network=network, intent=intent).first()
            if issued is not None:
                raise AlreadyIssued(issued)
        latest = Report.objects.filter(
            network=network, kind=kind, period_start=period_start, period_end=period_end
        ).aggregate(version=Max("version"))["version"]
        report = Report(
            network=network,
            kind=kind,
            period_start=period_start,
            period_end=period_end,
            version=(latest or 0) + 1,
            language=language,
            note=note.strip(),
            texts=draft_texts(network=network, kind=kind),
            figures=as_json(report_figures(network, start=period_start, end=period_end, now=now)),
            issued_at=now,
            issued_by=user,
            issued_by_name=user.get_full_name() or user.email,
            intent=intent,
        )
        report.full_clean()
        report.save()
        # Queued in the same transaction: the report is never issued without its job.
        _queue_pdf(report)
        if notify:
            notify_funders(report)
    return report


def notify_funders(report: Report) -> int:
    """Queue a mail to each of the network's funders that a report is issued, each in
    their language. Returns how many were queued."""
    people = (
        Membership.objects.filter(network=report.network, role=Role.FUNDER, user__is_active=True)
        .select_related("user")
        .order_by("user__email")
    )
    link = settings.PORTAL_BASE_URL + report.get_absolute_url()
    mails = (
        (
            membership.user_id,
            Mail(
                name="report-issued",
                to=membership.user.email,
                context={"report": report, "link": link},
                language=membership.user.language,
            ),
        )
        for membership in people
    )
    return queue_mails(mails)


def report_context(report: Report, figures: dict) -> dict:
    own_texts = report.texts.get("municipalities", {})
    for row in figures["participants"]:
        text = own_texts.get(row["ags"])
        row["text_html"] = render_markdown(text, top_heading=4) if text else None
    for row in [*figures["participants"], *figures["focus_areas"]]:
        row["status_summary"] = status_summary(row)
    # Meetings held by kind, with the average municipalities and people present.
    kinds: dict[str, list[dict]] = {}
    for meeting in figures["meetings"]:
        kinds.setdefault(meeting["kind_label"], []).append(meeting)
    meetings_by_kind = [
        {
            "kind": kind,
            "count": len(held),
            "municipalities": Decimal(sum(m["municipalities"] for m in held)) / len(held),
            "attendees": Decimal(sum(m["attendees"] for m in held)) / len(held),
        }
        for kind, held in kinds.items()
    ]
    for area in figures["focus_areas"]:
        area["completed_measures"] = [
            m
            for m in figures["measures"]
            if m["focus_area"] == area["name"] and m["status"] == Measure.Status.COMPLETED
        ]
    return {
        "report": report,
        "figures": figures,
        "period": figures["period"],
        "totals": figures["totals"],
        "ghg": figures["network"]["ghg"],
        "texts": written_sections(report.texts),
        "meetings_by_kind": meetings_by_kind,
    }


def written_sections(texts: dict[str, str]) -> dict[str, dict]:
    """The written sections for the document, by field: heading and sanitised HTML,
    the writer's headings two levels below the section's (h2), so the document's
    outline stays whole."""
    return {
        name: {"heading": heading, "html": render_markdown(texts[name], top_heading=3)}
        for name, heading, _help in WRITTEN_SECTIONS
        if texts.get(name)
    }


def draft_texts(*, network: Network, kind: str) -> dict[str, str]:
    draft = ReportDraft.objects.filter(network=network, kind=kind).first()
    return draft.texts() if draft else {}


def save_report_draft(
    *,
    network: Network,
    user,
    kind: str,
    texts: dict[str, str],
    version: int,
    municipality_texts: dict[str, str] | None = None,
) -> ReportDraft:
    """Save the coordination's draft of the written sections of the network's `kind`
    of report, and the short texts per municipality (by AGS) if given. `version` is the
    draft's version the form was loaded with: if somebody saved in between,
    EditConflict and nothing is saved."""
    if not Network.objects.editable_by(user).filter(pk=network.pk).exists():
        raise PermissionDenied
    with transaction.atomic():
        draft, _created = ReportDraft.objects.select_for_update().get_or_create(
            network=network, kind=kind
        )
        check_version(draft.version, version, current=draft)
        for name, _heading, _help in WRITTEN_SECTIONS:
            setattr(draft, name, texts.get(name, "").strip())
        if municipality_texts is not None:
            taking_part = set(network.participations.values_list("municipality__ags", flat=True))
            draft.municipality_texts = {
                ags: text.strip()
                for ags, text in municipality_texts.items()
                if ags in taking_part and text.strip()
            }
        draft.version += 1
        draft.updated_by = user
        draft.full_clean()
        draft.save()
    return draft


class PdfState(enum.StrEnum):
    """Where an issued report's PDF stands, as its page shows it."""

    QUEUED = "queued"
    RUNNING = "running"
    DONE = "done"
    FAILED = "failed"
    MISSING = "missing"  # never queued (issued before the worker existed), or its job is gone


JOB_STATES = {
    TaskResultStatus.READY: PdfState.QUEUED,
    TaskResultStatus.RUNNING: PdfState.RUNNING,
    TaskResultStatus.SUCCESSFUL: PdfState.DONE,
    TaskResultStatus.FAILED: PdfState.FAILED,
}


def pdf_state(report: Report) -> PdfState:
    if report.pdf:
        return PdfState.DONE
    if not report.pdf_task_id:
        return PdfState.MISSING
    try:
        job = make_report_pdf_task.get_result(report.pdf_task_id)
    except TaskResultDoesNotExist:
        return PdfState.MISSING
    state = JOB_STATES[job.status]
    if state == PdfState.DONE:
        # The job finished after this report was read: the page needs what it made.
        report.refresh_from_db(fields=["pdf", "pdf_sha256"])
    return state


def _queue_pdf(report: Report) -> None:
    report.pdf_task_id = str(make_report_pdf_task.enqueue(report.pk).id)
    report.save(update_fields=["pdf_task_id"])


def queue_report_pdf(*, report: Report, user=None, retry: bool = False) -> PdfState:
    """Queue the job that makes the report's PDF, unless it is made or on its way.
    Anybody who sees the report may queue a missing one; only the coordination queues
    a failed one again (`retry`), having seen the failure. Returns the state after."""
    if retry and not Network.objects.editable_by(user).filter(pk=report.network_id).exists():
        raise PermissionDenied

    def wanted(state: PdfState) -> bool:
        return state == PdfState.MISSING or (retry and state == PdfState.FAILED)

    state = pdf_state(report)
    if not wanted(state):
        return state  # made, on its way, or failed: the page polls this, so no lock
    with transaction.atomic():
        locked = Report.objects.select_for_update().get(pk=report.pk)
        state = pdf_state(locked)
        if wanted(state):
            _queue_pdf(locked)
            state = PdfState.QUEUED
    report.refresh_from_db(fields=["pdf_task_id", "pdf", "pdf_sha256"])
    return state


def make_report_pdf(*, report_id: int) -> str:
    """The background job: render the report's PDF once and keep it (portal.tasks).
    Returns the file's SHA-256."""
    report = Report.objects.get(pk=report_id)
    report_pdf(report)
    report.refresh_from_db(fields=["pdf_sha256"])
    return report.pdf_sha256


def report_pdf(report: Report) -> bytes:
    """The report's PDF: made from its frozen figures the first time, then kept. Rendered
    outside any transaction (it takes seconds for a large network); if two renderings
    race, the first one stored is kept and handed out by both."""
    if report.pdf:
        return _read(report)
    pdf = render_report(report, load_figures(report.figures))
    with transaction.atomic():
        report = Report.objects.select_for_update().get(pk=report.pk)
        if report.pdf:  # somebody else made it meanwhile
            return _read(report)
        report.pdf.save("report.pdf", ContentFile(pdf), save=False)
        report.pdf_sha256 = hashlib.sha256(pdf).hexdigest()
        report.save(update_fields=["pdf", "pdf_sha256"])
    return pdf


class ReportNotReady(Exception):
    """The report's PDF is not made yet (queued, being made, or failed)."""

    def __init__(self, state: PdfState):
        super().__init__(state)
        self.state = state


# A report's PDF link on a page carries a signed mark for the person it was shown to;
# only following such a link records a download (below).
DOWNLOAD_LINK_SALT = "portal.report-download"
DOWNLOAD_LINK_MAX_AGE = datetime.timedelta(days=7)


def download_link(*, report: Report, user) -> str:
    """The address of the report's PDF as a page shows it to `user`: with a signed mark
    (report, person, a random number) that records one download when that person
    follows it. The bare address serves the same file and records nothing, so an
    image or a link someone else planted never writes a download in another's name."""
    if not user.is_authenticated:
        return report.pdf_url()
    mark = signing.dumps([report.pk, user.pk, secrets.token_hex(8)], salt=DOWNLOAD_LINK_SALT)
    return f"{report.pdf_url()}?{urlencode({'abruf': mark})}"


def _link_number(mark: str, *, report: Report, user) -> str | None:
    """The random number of a valid mark for this report and person, else None."""
    try:
        report_id, user_id, number = signing.loads(
            mark, salt=DOWNLOAD_LINK_SALT, max_age=DOWNLOAD_LINK_MAX_AGE
        )
    except (signing.BadSignature, ValueError, TypeError):
        return None
    return number if (report_id, user_id) == (report.pk, user.pk) else None


def download_report(*, report: Report, user, link: str = "") -> bytes:
    """The issued report's PDF for a person who sees its network. Followed through
    the person's own link (`link`, the mark of download_link), it records the
    download (who, when, the SHA-256 of the bytes handed out) once per link: a
    reload or a second tab of the same link is not a second download. Raises
    ReportNotReady until the worker has made it: the request never renders it."""
    if not Report.objects.for_user(user).filter(pk=report.pk).exists():
        raise PermissionDenied
    report.refresh_from_db(fields=["pdf", "pdf_sha256", "pdf_task_id"])
    if not report.pdf:
        raise ReportNotReady(pdf_state(report))
    pdf = _read(report)
    number = _link_number(link, report=report, user=user) if link else None
    if number is not None:
        ReportDownload.objects.get_or_create(
            report=report, user=user, link=number,
            defaults={"user_name": user.get_full_name() or user.email,
                      "sha256": hashlib.sha256(pdf).hexdigest()},
        )  # fmt: skip
    return pdf


def _read(report: Report) -> bytes:
    with report.pdf.open("rb") as file:
        return file.read()


def preview_pdf(*, network: Network, kind: str, start, end, language: str, note: str) -> bytes:
    """The PDF a report would have if issued now; nothing is stored."""
    draft = Report(
        network=network,
        kind=kind,
        period_start=start,
        period_end=end,
        language=language,
        note=note,
        texts=draft_texts(network=network, kind=kind),
        issued_at=timezone.now(),
    )
    return render_report(
        draft, preview_figures(network=network, start=start, end=end), is_preview=True
    )


def render_report(report: Report, figures: dict, *, is_preview: bool = False) -> bytes:
    """The report's PDF from its figures, in its language, with its charts."""
    with translation.override(report.language):
        context, images = _report_document(report, figures, is_preview)
        return render_pdf("reports/report.html", context, images=images)


def lay_out_report(report: Report, figures: dict):
    """The report laid out in pages, as render_report prints it (for the print rules'
    tests)."""
    with translation.override(report.language):
        context, images = _report_document(report, figures, False)
        return lay_out("reports/report.html", context, images=images)


def _report_document(report: Report, figures: dict, is_preview: bool) -> tuple[dict, dict]:
    images, alternatives = report_charts(figures)
    context = report_context(report, figures) | {
        "is_preview": is_preview,
        "chart_alt": alternatives,
    }
    return context, images


def mayors_report_period(
    network: Network, today: datetime.date
) -> tuple[datetime.date, datetime.date]:
    """The period a mayor's report covers unless asked otherwise: the term so far."""
    return network.term_start, max(network.term_start, min(network.term_end, today))


def may_make_mayors_report(user, participation) -> bool:
    """The coordination and the municipality's own climate managers: the people who
    keep its measures (also after the term, when a council asks what came of it)."""
    return (
        Participation.objects.filter(pk=participation.pk)
        .filter(
            Q(network__in=Network.objects.editable_by(user))
            | Q(pk__in=Participation.objects.managed_by(user).values("pk"))
        )
        .exists()
    )


def mayors_report_pdf(*, participation, user, start: datetime.date, end: datetime.date) -> bytes:
    """One municipality's report for its mayor and council: its target and results,
    its measures and the meetings it attended in the period, and the network's totals,
    nothing of other municipalities. For the network's coordination and the
    municipality's climate managers (the people who keep its measures)."""
    if not may_make_mayors_report(user, participation):
        raise PermissionDenied
    network = participation.network
    check_period(network=network, kind=None, start=start, end=end, today=timezone.localdate())
    figures = load_figures(as_json(report_figures(network, start=start, end=end)))
    name = participation.municipality.name
    rows = [p for p in figures["participants"] if p["ags"] == participation.municipality.ags]
    if not rows:
        raise ValidationError(
            _("%(name)s hat im gewählten Zeitraum nicht am Netzwerk teilgenommen.") % {"name": name}
        )
    row = rows[0]
    row["status_summary"] = status_summary(row)
    totals = figures["totals"]
    context = {
        "network": figures["network"],
        "municipality": participation.municipality,
        "p": row,
        "totals": totals,
        "period": figures["period"],
        "as_of": figures["as_of"],
        "measures": [m for m in figures["measures"] if m["municipality"] == name],
        # Each meeting of the period and whether the municipality was there: the names
        # of the others who were not are not the council's business.
        "meetings": [
            {
                **meeting,
                # None: the municipality was not taking part yet (or any more) that day.
                "attended": (name not in meeting["not_represented"])
                if participation.takes_part_on(meeting["date"])
                else None,
            }
            for meeting in figures["meetings"]
        ],
        "energy_part": share(row["achieved_energy_mwh"], totals["achieved_energy_mwh"]),
        "author": figures["network"]["coordinator"],
        "ghg": figures["network"]["ghg"],
    }
    return render_pdf("reports/mayors_report.html", context)
