"""Issuing a report: a coordinator freezes the network's figures for a period, the
funders are told; and the coordination's draft of the written sections."""

import datetime
import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max, QuerySet
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from lib.intents import done_before
from lib.mail import queue_mail_to_each
from networks.access import require_network_editor
from networks.models import Membership, Network, Role
from reports.figures.building import report_figures
from reports.jobs import queue_pdf
from reports.models import WRITTEN_SECTIONS, Report, ReportDraft
from reports.periods import check_period
from reports.rendering import draft_line_comments, draft_rule_comments, draft_texts

# A reason for leaving a section empty is a sentence or two, not a section of its own.
REASON_MAX_CHARS = 500


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
    left_empty: dict[str, str] | None = None,
) -> Report:
    """Freeze the network's figures for the period as a new report (a new version if
    one of the same kind and period exists) and, with `notify`, mail the network's
    funders once it is saved. `now` is the moment of issuing (the demo's past).
    `intent` is the issuing form's one-time token: a second call with it (a double
    click, two requests at once) raises AlreadyIssued with the report the first one
    issued. `left_empty`: the reasons for leaving sections of a final report empty
    (section → reason), which it keeps and prints (check_written_sections)."""
    require_network_editor(user, network.pk)
    now = now or timezone.now()
    check_period(
        network=network, kind=kind, start=period_start, end=period_end,
        today=timezone.localdate(now),
    )  # fmt: skip
    with transaction.atomic():
        _lock(network, intent)
        texts = draft_texts(network=network, kind=kind)
        decisions = check_written_sections(kind=kind, texts=texts, left_empty=left_empty)
        figures = report_figures(
            network, start=period_start, end=period_end, now=now,
            with_finances=kind == Report.Kind.FINAL,
        )  # fmt: skip
        report = Report(
            network=network,
            kind=kind,
            period_start=period_start,
            period_end=period_end,
            version=_next_version(network, kind, period_start, period_end),
            language=language,
            note=note.strip(),
            texts=texts,
            left_empty=decisions,
            figures=figures.to_json(),
            rule_comments=draft_rule_comments(network=network, kind=kind, figures=figures),
            line_comments=draft_line_comments(network=network, kind=kind, figures=figures),
            issued_at=now,
            issued_by=user,
            issued_by_name=user.get_full_name() or user.email,
            intent=intent,
        )
        report.full_clean()
        report.save()
        # Queued in the same transaction: the report is never issued without its job.
        queue_pdf(report)
        if notify:
            notify_funders(report)
    return report


def _lock(network: Network, intent: uuid.UUID | None) -> None:
    """Locks the network: two coordinators issuing at once get versions 1 and 2, and the
    same form sent twice finds the report its first sending issued (lib.intents)."""
    Network.objects.select_for_update().get(pk=network.pk)
    if (issued := done_before(Report.objects.filter(network=network), intent)) is not None:
        raise AlreadyIssued(issued)


def _next_version(network: Network, kind: str, start: datetime.date, end: datetime.date) -> int:
    latest = Report.objects.filter(
        network=network, kind=kind, period_start=start, period_end=end
    ).aggregate(version=Max("version"))["version"]
    return (latest or 0) + 1


def check_written_sections(
    *, kind: str, texts: dict, left_empty: dict[str, str] | None
) -> dict[str, str]:
    """The rule for issuing: a final report has each written section (`texts`, as the
    draft gives them) or a reason for leaving it empty (`left_empty`, section → reason).
    Returns the reasons to keep, for the sections without text only; raises
    ValidationError naming the sections that have neither. Interim reports keep no
    reasons and need no section."""
    if kind != Report.Kind.FINAL:
        return {}
    left_empty = left_empty or {}
    decisions, missing, too_long = {}, [], []
    for name, heading, _help in WRITTEN_SECTIONS:
        if texts.get(name):
            continue
        reason = str(left_empty.get(name) or "").strip()
        if not reason:
            missing.append(f"„{heading}“")
        elif len(reason) > REASON_MAX_CHARS:
            too_long.append(f"„{heading}“")
        decisions[name] = reason
    if missing:
        raise ValidationError(
            ngettext(
                "Im Schlussbericht fehlt der Abschnitt %(sections)s. Schreiben Sie ihn unter "
                "„Texte des Berichts“, oder lassen Sie ihn bewusst leer und nennen Sie "
                "kurz den Grund.",
                "Im Schlussbericht fehlen die Abschnitte %(sections)s. Schreiben Sie sie "
                "unter „Texte des Berichts“, oder lassen Sie jeden bewusst leer und nennen "
                "Sie kurz den Grund.",
                len(missing),
            )
            % {"sections": ", ".join(missing)},
            code="missing_sections",
        )
    if too_long:
        raise ValidationError(
            _("Der Grund für %(sections)s ist zu lang: höchstens %(max)s Zeichen.")
            % {
                "sections": ", ".join(too_long),
                "max": formats.number_format(REASON_MAX_CHARS, force_grouping=True),
            },
            code="reason_too_long",
        )
    return decisions


def funders_to_notify(network: Network) -> QuerySet[Membership]:
    """The network's funders whom issuing a report mails, as the reports page names
    them before."""
    return (
        Membership.objects.filter(network=network, role=Role.FUNDER, user__is_active=True)
        .select_related("user")
        .order_by("user__email")
    )


def notify_funders(report: Report) -> int:
    """Queue a mail to each of the network's funders that a report is issued, each in
    their language. Returns how many were queued."""
    people = funders_to_notify(report.network)
    link = settings.PORTAL_BASE_URL + report.get_absolute_url()
    return queue_mail_to_each(
        people,
        "report-issued",
        lambda membership: {"report": report, "link": link},
        person=lambda membership: membership.user,
        key=lambda membership: membership.user_id,
    )


def save_report_draft(
    *,
    network: Network,
    user,
    kind: str,
    texts: dict[str, str],
    version: int,
    municipality_texts: dict[str, str] | None = None,
    rule_comments: dict[str, str] | None = None,
    line_comments: dict[str, str] | None = None,
) -> ReportDraft:
    """Save the coordination's draft of the written sections of the network's `kind`
    of report, the short texts per municipality (by AGS) and the comments on the
    annex's rules (by rule key, plain text) and on the deviations of the budget lines
    (by line key, plain text) if given. `version` is the
    draft's version the form was loaded with: if somebody saved in between,
    EditConflict and nothing is saved."""
    require_network_editor(user, network.pk)
    with transaction.atomic():
        draft, _created = ReportDraft.objects.select_for_update().get_or_create(
            network=network, kind=kind
        )
        draft.check_edit(draft, version)
        for name, _heading, _help in WRITTEN_SECTIONS:
            setattr(draft, name, texts.get(name, "").strip())
        if municipality_texts is not None:
            taking_part = set(network.participations.values_list("municipality__ags", flat=True))
            draft.municipality_texts = {
                ags: text.strip()
                for ags, text in municipality_texts.items()
                if ags in taking_part and text.strip()
            }
        if rule_comments is not None:
            draft.rule_comments = _kept(rule_comments)
        if line_comments is not None:
            draft.line_comments = _kept(line_comments)
        draft.updated_by = user
        draft.full_clean()
        draft.save()
    return draft


def _kept(comments: dict[str, str]) -> dict[str, str]:
    """Comments as a draft keeps them: trimmed, the empty ones dropped."""
    return {key: text.strip() for key, text in comments.items() if text.strip()}
