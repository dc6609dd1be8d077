"""Report pages: the network's issued reports, issuing one, its page and its PDF."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from lib.confirm import ask_first
from lib.conflicts import EditConflict, conflict_response
from lib.limits import heavy_download
from lib.markup import render_markdown
from lib.uploads import XLSX, download_response, file_slug
from networks.access import get_network_for, get_network_to_edit, get_participation_for
from reports import compliance, confirmations, downloads, issuing, jobs, mayors, rendering, sheets
from reports.access import get_report_for, may_make_mayors_report, reads_finances
from reports.figures.types import ReportFigures
from reports.forms import ConfirmationRequestForm, MayorsReportForm, ReportDraftForm, ReportForm
from reports.models import (
    RULE_COMMENT_MAX_CHARS,
    ConfirmationRequest,
    Report,
    ReportDownload,
    ReportDraft,
)
from reports.views.questions import issue_question, recipient


def _reports_page(
    request, network, can_issue: bool, form=None, status: int = 200, confirmation_form=None
):
    # Without their frozen figures (some 25 kB of JSON each), which the list shows none of.
    reports = (
        network.reports.with_superseded()
        .defer("figures")
        .order_by("-period_end", "kind", "-version")
    )
    context = {"network": network, "reports": reports, "can_issue": can_issue, "form": form}
    if can_issue:
        today = timezone.localdate()
        context["form"] = form or ReportForm(network=network, today=today)
        # Whom issuing mails, named before the button and in its question.
        funders = list(issuing.funders_to_notify(network))
        context["recipients"] = [recipient(funder) for funder in funders]
        context["issue_question"] = issue_question(funders)
        context["confirmation_form"] = confirmation_form or ConfirmationRequestForm(
            network=network, today=today
        )
        context["reminder_hours"] = settings.CONFIRMATION_REMINDER_HOURS
        # The requests still waiting for their report, with who confirmed and who not.
        # With when the climate managers were last mailed, and from when again.
        context["confirmation_requests"] = [
            (
                asked,
                confirmations.status(asked),
                confirmations.last_mailed(asked),
                confirmations.next_reminder(asked),
            )
            for asked in network.confirmation_requests.awaiting_report()
        ]
    return render(request, "reports/list.html", context, status=status)


@login_required
def report_list(request, slug: str):
    """Every member reads the list; coordinators issue a report from it (POST)."""
    network, can_issue = get_network_for(request.user, slug)
    if request.method != "POST":
        return _reports_page(request, network, can_issue)
    if not can_issue:
        raise PermissionDenied
    form = ReportForm(request.POST, network=network, today=timezone.localdate(), issuing=True)
    if not form.is_valid():
        return _reports_page(request, network, True, form, status=422)
    question = issue_question(list(issuing.funders_to_notify(network)))
    back_url = reverse("report_list", args=[network.slug])
    if page := ask_first(request, question, back_url=back_url):
        return page
    try:
        report = issuing.issue_report(network=network, user=request.user, **form.issue_arguments())
    except ValidationError as error:  # the day changed between the form and the service
        form.add_error(None, error)
        return _reports_page(request, network, True, form, status=422)
    except issuing.AlreadyIssued as repeat:
        messages.info(
            request,
            _("Dieser Bericht ist bereits ausgestellt; das Formular wurde zweimal abgeschickt. "
              "Die Fördermittelgeber sind nur einmal benachrichtigt. Für eine neue Fassung "
              "laden Sie bitte die Berichtsseite neu."),
        )  # fmt: skip
        return redirect(repeat.report)
    messages.success(
        request,
        _("%(report)s ist ausgestellt; die Fördermittelgeber des Netzwerks sind benachrichtigt.")
        % {"report": report.get_kind_display()},
    )
    return redirect(report)


@login_required
@require_POST
def report_preview(request, slug: str):
    """Queue the PDF as it would be issued now, for the coordinator to check first; its
    page shows when the worker has made it."""
    network = get_network_to_edit(request.user, slug)
    form = ReportForm(request.POST, network=network, today=timezone.localdate())
    if not form.is_valid():
        return _reports_page(request, network, True, form, status=422)
    job_id = jobs.queue_preview(
        network=network, user=request.user, kind=form.cleaned_data["kind"],
        start=form.cleaned_data["period_start"], end=form.cleaned_data["period_end"],
        language=form.cleaned_data["language"], note=form.cleaned_data["note"],
    )  # fmt: skip
    return redirect("report_preview_job", slug=network.slug, job=job_id)


def _preview(request, slug: str, job):
    network = get_network_to_edit(request.user, slug)
    try:
        return network, jobs.get_preview(network=network, job_id=str(job))
    except jobs.Preview.DoesNotExist as error:
        raise Http404 from error


@login_required
@require_GET
def report_preview_job(request, slug: str, job):
    """A preview's state while the worker makes it (polled by htmx), then its link."""
    network, preview = _preview(request, slug, job)
    context = {"network": network, "preview": preview}
    if request.htmx:
        return render(request, "reports/preview.html#preview-state", context)
    return render(request, "reports/preview.html", context)


@login_required
@require_GET
def report_preview_pdf(request, slug: str, job):
    _network, preview = _preview(request, slug, job)
    if preview.file_name is None:
        return redirect("report_preview_job", slug=slug, job=job)
    with preview.open() as file:
        pdf = file.read()
    return download_response(
        pdf, file_name="vorschau.pdf", content_type="application/pdf", inline=True
    )


@login_required
def report_detail(request, pk: int):
    report, can_issue = get_report_for(request.user, pk)
    # A report issued before the worker existed (or whose job was lost) gets its job now.
    pdf_state = jobs.queue_report_pdf(report=report)
    context = _pdf_context(request, report, can_issue, pdf_state)
    if request.htmx:  # the PDF's state, polled while the worker makes it
        return render(request, "reports/detail.html#pdf-state", context)
    figures = _figures_for(request.user, report, with_finances=context["reads_finances"])
    # The versions and the downloads' reports without their frozen figures (some 25 kB
    # of JSON each): the page names each by its number and date only.
    versions = (
        report.network.reports.filter(
            kind=report.kind, period_start=report.period_start, period_end=report.period_end
        )
        .defer("figures")
        .order_by("-version")
    )
    asked = (
        ConfirmationRequest.objects.filter(
            network=report.network_id, kind=report.kind,
            period_start=report.period_start, period_end=report.period_end,
        ).first()
        if can_issue
        else None
    )  # fmt: skip
    rows = confirmations.status(asked) if asked else None
    context |= rendering.report_context(report, figures) | {
        "network": report.network,
        "versions": versions,
        # Who confirmed their figures before this version was issued: the coordination's.
        "confirmation_rows": rows,
        "unconfirmed_at_issue": [
            row.participation.municipality.name
            for row in rows or []
            if not row.confirmation or row.confirmation.confirmed_at > report.issued_at
        ],
        # Who downloaded which version when: for the coordination only.
        "downloads": (
            ReportDownload.objects.for_user(request.user)
            .filter(report__in=versions)
            .select_related("report")
            .defer("report__figures")
            if can_issue
            else None
        ),
    }
    return render(request, "reports/detail.html", context)


def _figures_for(user, report: Report, *, with_finances: bool | None = None) -> ReportFigures:
    """The report's frozen figures as the person reads them: without the chapter on
    the finances unless they read the network's finances (`with_finances`, if known)."""
    figures = ReportFigures.from_json(report.figures)
    if with_finances is None:
        with_finances = reads_finances(user, report)
    return figures if with_finances else figures.without_finances()


def _pdf_context(request, report: Report, can_issue: bool, pdf_state) -> dict:
    """The PDF's state as the person sees it: the checksum of the file they get, and
    whether it is the one without the chapter on the finances."""
    with_finances = reads_finances(request.user, report)
    return {
        "report": report,
        "can_issue": can_issue,
        "pdf_state": pdf_state,
        "pdf_sha256": downloads.pdf_checksum(
            report=report, user=request.user, with_finances=with_finances
        ),
        "reads_finances": with_finances,
        "finances_left_out": report.has_finances and not with_finances,
        "finances_shown": report.has_finances and with_finances,
    }


@login_required
@require_POST
def report_pdf_retry(request, pk: int):
    """The coordination queues a failed PDF job again."""
    report, _can_issue = get_report_for(request.user, pk)
    jobs.queue_report_pdf(report=report, user=request.user, retry=True)  # 403 unless coordination
    if request.htmx:
        context = _pdf_context(request, report, True, jobs.pdf_state(report))
        return render(request, "reports/detail.html#pdf-state", context)
    return redirect(report)


@login_required
@heavy_download
def report_xlsx(request, pk: int):
    """The report's figures as a workbook, for filling in the funder's own forms; the
    sheet on the finances for those who read them only."""
    report, _can_issue = get_report_for(request.user, pk)
    return download_response(
        sheets.report_xlsx(report, _figures_for(request.user, report)),
        file_name=report.file_name().removesuffix(".pdf") + ".xlsx",
        content_type=XLSX,
    )


@login_required
def report_pdf(request, pk: int):
    report, _can_issue = get_report_for(request.user, pk)
    try:
        pdf = downloads.download_report(
            report=report, user=request.user, link=request.GET.get("abruf", "")
        )
    except downloads.ReportNotReady as not_ready:
        messages.info(
            request,
            _("Das PDF konnte nicht erstellt werden.")
            if not_ready.state == jobs.PdfState.FAILED
            else _("Das PDF wird gerade erstellt. Bitte versuchen Sie es gleich noch einmal."),
        )
        return redirect(report)
    return download_response(
        pdf,
        file_name=report.file_name(),
        content_type="application/pdf",
        inline=True,
    )


@login_required
def report_texts(request, slug: str, kind: str):
    """The coordination drafts the written sections of the network's interim or final
    report; the page shows them as the report will (the PDF preview uses them too)."""
    network = get_network_to_edit(request.user, slug)
    if kind not in Report.Kind.values:
        raise Http404
    draft = ReportDraft.objects.filter(network=network, kind=kind).first() or ReportDraft(
        network=network, kind=kind
    )
    municipalities = [
        p.municipality
        for p in network.participations.filter(left_on__isnull=True).select_related("municipality")
    ]
    # The annex's rules and the chapter on the finances as a report of this kind issued
    # today would hold them.
    today = timezone.localdate()
    checked_on, rules = compliance.annex_rules(network, kind, today=today)
    finances = rendering.draft_finances(network=network, kind=kind, now=timezone.now())
    extra = {"municipalities": municipalities, "rules": rules, "finances": finances}
    status = 200
    if request.method == "POST":
        form = ReportDraftForm(request.POST, instance=draft, **extra)
        if form.is_valid():
            texts = {name: form.cleaned_data[name] for name in form.Meta.fields}
            try:
                issuing.save_report_draft(
                    network=network, user=request.user, kind=kind, texts=texts,
                    version=form.cleaned_data["version"],
                    municipality_texts=form.municipality_texts(),
                    rule_comments=form.rule_comments(),
                    line_comments=form.line_comments() if finances else None,
                )  # fmt: skip
            except EditConflict as conflict:
                context = _texts_context(network, kind, draft, form, checked_on, **extra)
                return conflict_response(
                    request, "reports/texts.html", context, conflict=conflict, form=form
                )
            messages.success(request, _("Die Texte sind gespeichert."))
            return redirect("report_texts", slug=network.slug, kind=kind)
        status = 422
    else:
        form = ReportDraftForm(instance=draft, **extra)
    context = _texts_context(network, kind, draft, form, checked_on, **extra)
    return render(request, "reports/texts.html", context, status=status)


def _texts_context(
    network, kind: str, draft: ReportDraft, form, checked_on, *, municipalities, rules, finances
) -> dict:
    """The texts page: the form, and the sections, the annex's rules and the chapter on
    the finances with their comments as the report will show them."""
    return {
        "network": network,
        "kind": kind,
        "kind_label": Report.Kind(kind).label,
        "form": form,
        "draft": draft,
        "preview": rendering.written_sections(draft.texts()),
        "municipality_preview": [
            (m.name, render_markdown(draft.municipality_texts[m.ags], top_heading=4))
            for m in municipalities
            if draft.municipality_texts.get(m.ags)
        ],
        "compliance_rows": [(rule, draft.rule_comments.get(rule.key, "")) for rule in rules],
        "as_of": checked_on,
        "rule_comment_max": RULE_COMMENT_MAX_CHARS,
        "finances": finances,
        "finance_rows": rendering.finance_rows_of(finances, draft.line_comments),
    }


@login_required
@require_GET
@heavy_download
def mayors_report(request, slug: str, municipality: str):
    """A municipality's report for its mayor and council, as a PDF, for the period asked
    for (the term so far by default). Coordination and the municipality's climate
    managers; other members 403, outsiders 404."""
    participation, _can_edit = get_participation_for(request.user, slug, municipality)
    if not may_make_mayors_report(request.user, participation):
        raise PermissionDenied  # before looking at the period: members learn nothing more
    start, end = mayors.mayors_report_period(participation.network, timezone.localdate())
    form = MayorsReportForm(request.GET or {"period_start": start, "period_end": end})
    try:
        if not form.is_valid():
            raise ValidationError([error for errors in form.errors.values() for error in errors])
        pdf = mayors.mayors_report_pdf(
            participation=participation,
            user=request.user,
            start=form.cleaned_data["period_start"],
            end=form.cleaned_data["period_end"],
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("participant", slug=slug, municipality=municipality)
    name = file_slug(
        f"ratsbericht {participation.municipality.slug} {form.cleaned_data['period_end']:%Y-%m}"
    )
    return download_response(
        pdf, file_name=f"{name}.pdf", content_type="application/pdf", inline=True
    )


@login_required
@require_POST
def confirmation_request(request, slug: str):
    """The coordination asks the municipalities to confirm their figures (again: a
    reminder to those still missing)."""
    network = get_network_to_edit(request.user, slug)
    form = ConfirmationRequestForm(request.POST, network=network, today=timezone.localdate())
    if not form.is_valid():
        return _reports_page(request, network, True, confirmation_form=form, status=422)
    asked, mailed = confirmations.request_confirmations(
        network=network, user=request.user, kind=form.cleaned_data["kind"],
        start=form.cleaned_data["period_start"], end=form.cleaned_data["period_end"],
    )  # fmt: skip
    reminder = confirmations.next_reminder(asked) if not mailed else None
    if reminder is not None:
        messages.info(
            request,
            _("Die Bitte gilt für %(report)s. Die Kommunen wurden am %(last)s per E-Mail "
              "gebeten; eine Erinnerung ist ab %(next)s möglich, vorher wird niemand "
              "erneut angeschrieben.")
            % {"report": asked, "last": _moment(confirmations.last_mailed(asked)),
               "next": _moment(reminder)},
        )  # fmt: skip
    else:
        messages.success(
            request,
            _("Die Kommunen sind um Bestätigung gebeten; %(count)s E-Mails werden verschickt.")
            % {"count": mailed},
        )
    return redirect("report_list", slug=network.slug)


def _moment(when) -> str:
    return date_format(timezone.localtime(when), "SHORT_DATETIME_FORMAT")


@login_required
@require_POST
def confirm(request, pk: int, municipality: str):
    """A climate manager confirms their municipality's figures (from the start page)."""
    asked = get_object_or_404(
        ConfirmationRequest.objects.for_user(request.user).select_related("network"), pk=pk
    )
    participation, _can_edit = get_participation_for(request.user, asked.network.slug, municipality)
    try:
        confirmations.confirm_figures(request=asked, participation=participation, user=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("Danke: die Zahlen von %(name)s sind bestätigt.")
            % {"name": participation.municipality.name},
        )
    return redirect("start")
