"""Reports to the funder: issued once, never changed.

A report holds the network's figures for its period as they were when it was
issued (`figures`, see `reports.figures`). Its PDF is made from those figures by
the background worker right after issuing (`reports.tasks`) and kept from then
on, so every download is the same document. A correction is a new version of the
same kind and period.
"""

import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.db.models import Exists, F, OuterRef, Q
from django.db.models.functions import Length
from django.db.models.lookups import LessThanOrEqual
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _

from lib.conflicts import Versioned
from lib.constraints import ChecksMirroredInClean
from lib.dates import in_sane_range, validate_sane_date
from lib.uploads import file_slug
from networks.models import Network


def report_path(report: "Report", filename: str) -> str:
    # Random names: a report's path reveals nothing and cannot be guessed.
    return f"reports/{secrets.token_hex(16)}.pdf"


class ReportSettings(ChecksMirroredInClean, models.Model):
    """A network's report deadlines, which differ between grant notices
    (Zuwendungsbescheid), one row per network; a network without a row has the
    defaults (for_network)."""

    network = models.OneToOneField(
        Network,
        primary_key=True,
        on_delete=models.CASCADE,
        related_name="report_settings",
        verbose_name=_("Netzwerk"),
    )
    interim_report_due_months = models.PositiveSmallIntegerField(
        _("Zwischenbericht fällig (Monate nach jedem Netzwerkjahr)"),
        default=4,
        db_default=4,
        help_text=_("Laut Zuwendungsbescheid; meist 4 Monate nach dem Ende jedes Jahres."),
    )
    final_report_due_months = models.PositiveSmallIntegerField(
        _("Schlussbericht fällig (Monate nach Laufzeitende)"),
        default=6,
        db_default=6,
        help_text=_("Laut Zuwendungsbescheid."),
    )

    class Meta:
        verbose_name = _("Berichtsfristen")
        verbose_name_plural = _("Berichtsfristen")
        constraints = [
            models.CheckConstraint(
                condition=Q(interim_report_due_months__gte=1, interim_report_due_months__lte=24)
                & Q(final_report_due_months__gte=1, final_report_due_months__lte=24),
                name="reports_reportsettings_report_deadlines_range",
            ),
        ]

    def __str__(self) -> str:
        return str(self.network)

    def clean(self) -> None:
        super().clean()
        errors = {}
        for field in ("interim_report_due_months", "final_report_due_months"):
            value = getattr(self, field)
            if value is not None and not 1 <= value <= 24:
                errors[field] = _("Bitte zwischen 1 und 24 Monaten angeben.")
        if errors:
            raise ValidationError(errors)

    @classmethod
    def for_network(cls, network: Network) -> "ReportSettings":
        """The network's saved row, or an unsaved one with the defaults."""
        try:
            return network.report_settings
        except cls.DoesNotExist:
            return cls(network=network)


class ReportQuerySet(models.QuerySet):
    def for_user(self, user) -> "ReportQuerySet":
        """Reports of the networks a person sees: every member reads them, funders too."""
        return self.filter(network__in=Network.objects.for_user(user))

    def with_superseded(self) -> "ReportQuerySet":
        """Annotate `superseded`: a later version of the same kind and period exists."""
        later = Report.objects.filter(
            network=OuterRef("network"),
            kind=OuterRef("kind"),
            period_start=OuterRef("period_start"),
            period_end=OuterRef("period_end"),
            version__gt=OuterRef("version"),
        )
        return self.annotate(superseded=Exists(later))


def current_reports(reports: "ReportQuerySet") -> "ReportQuerySet":
    """The reports not replaced by a later version, newest first, for lists: without
    their figures and texts (a report's frozen data, tens of kilobytes each)."""
    return (
        reports.with_superseded()
        .filter(superseded=False)
        .defer("figures", "texts")
        .order_by("-issued_at", "-pk")
    )


def _short(day) -> str:
    return formats.date_format(day, "SHORT_DATE_FORMAT")


def _grouped(number: int) -> str:
    return formats.number_format(number, force_grouping=True)


def rule_comments_error(comments) -> str | None:
    """What is wrong with comments on the annex's rules (rule key → plain text), or
    None: each a text of at most RULE_COMMENT_MAX_CHARS characters."""
    if not isinstance(comments, dict) or not all(
        isinstance(key, str) and isinstance(text, str) for key, text in comments.items()
    ):
        return _("Anmerkungen zu den Programmregeln sind Texte je Regel.")
    if any(len(text) > RULE_COMMENT_MAX_CHARS for text in comments.values()):
        return _("Eine Anmerkung zu einer Programmregel hat höchstens %(max)s Zeichen.") % {
            "max": _grouped(RULE_COMMENT_MAX_CHARS)
        }
    return None


def line_comments_error(comments) -> str | None:
    """What is wrong with comments on the deviations of the finance chapter's budget
    lines (line key → plain text), or None: each a text of at most
    RULE_COMMENT_MAX_CHARS characters, as a comment on a rule."""
    if not isinstance(comments, dict) or not all(
        isinstance(key, str) and isinstance(text, str) for key, text in comments.items()
    ):
        return _("Anmerkungen zu den Abweichungen sind Texte je Ausgabenposition.")
    if any(len(text) > RULE_COMMENT_MAX_CHARS for text in comments.values()):
        return _("Eine Anmerkung zu einer Abweichung hat höchstens %(max)s Zeichen.") % {
            "max": _grouped(RULE_COMMENT_MAX_CHARS)
        }
    return None


# A report's note is a few sentences under its figures (a correction's reason, a
# remark): bounded like every text a person sends, so no request carries megabytes
# into a PDF job.
NOTE_MAX_CHARS = 5000
# A comment on a rule of the annex is a sentence or two beside its finding.
RULE_COMMENT_MAX_CHARS = 500


class Report(ChecksMirroredInClean, models.Model):
    class Kind(models.TextChoices):
        INTERIM = "interim", _("Zwischenbericht")
        FINAL = "final", _("Schlussbericht")

    network = models.ForeignKey(
        Network, on_delete=models.PROTECT, related_name="reports", verbose_name=_("Netzwerk")
    )
    kind = models.CharField(_("Art"), max_length=10, choices=Kind.choices)
    period_start = models.DateField(_("Berichtszeitraum von"), validators=[validate_sane_date])
    period_end = models.DateField(_("Berichtszeitraum bis"), validators=[validate_sane_date])
    version = models.PositiveSmallIntegerField(_("Fassung"), default=1)
    language = models.CharField(
        _("Sprache"), max_length=8, choices=settings.LANGUAGES, default="de"
    )
    note = models.TextField(
        _("Bemerkungen der Koordination"),
        blank=True,
        max_length=NOTE_MAX_CHARS,
        help_text=_("Erscheint im Bericht unter den Zahlen, als einfacher Text."),
    )
    figures = models.JSONField(_("Zahlen"), encoder=DjangoJSONEncoder, editable=False)
    issued_at = models.DateTimeField(_("ausgestellt am"), editable=False)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("ausgestellt von"),
    )
    issued_by_name = models.CharField(_("ausgestellt von (Name)"), max_length=200)
    pdf = models.FileField(_("PDF"), upload_to=report_path, max_length=200, blank=True)
    pdf_sha256 = models.CharField(_("SHA-256 des PDF"), max_length=64, blank=True)
    # The same report without its chapter on the finances, for the members who may not
    # read them (finances.access: climate managers, service providers): made with `pdf`
    # by the same job, from the same figures; empty where the report has no chapter
    # (everybody gets `pdf`).
    members_pdf = models.FileField(
        _("PDF ohne Finanzen"), upload_to=report_path, max_length=200, blank=True
    )
    members_pdf_sha256 = models.CharField(
        _("SHA-256 des PDF ohne Finanzen"), max_length=64, blank=True
    )
    # The background job making the PDF (django-tasks' result id), for its state.
    pdf_task_id = models.CharField(
        _("Auftrag für das PDF"), max_length=64, blank=True, editable=False
    )
    # The one-time token of the form that issued it: the same form sent twice (a double
    # click, two tabs, the back button) issues one report, not two versions.
    intent = models.UUIDField(_("Formular-Kennung"), null=True, blank=True, editable=False)
    # The written sections as they were drafted when it was issued (Markdown), by field
    # of ReportDraft, and the texts per municipality under "municipalities" (by AGS);
    # sections left empty are missing.
    texts = models.JSONField(_("Texte"), default=dict, blank=True, editable=False)
    # The written sections of a final report the coordination left empty on purpose,
    # with the reason they gave, by field of ReportDraft; the document prints the reason
    # where the section would stand (reports.issuing.check_written_sections).
    left_empty = models.JSONField(
        _("bewusst leer gelassene Abschnitte"), default=dict, blank=True, editable=False
    )
    # The coordination's comments on the programme's rules of the annex as they were
    # drafted when it was issued (plain text), by the rule's key (ComplianceRow.key); the
    # document prints each beside its rule's finding.
    rule_comments = models.JSONField(
        _("Anmerkungen zu den Programmregeln"), default=dict, blank=True, editable=False
    )
    # The coordination's comments on the budget lines deviating beyond the tolerance in
    # the final report's chapter on the finances, as drafted when it was issued (plain
    # text), by the line's key (FinanceLineRow.key); printed under the chapter's table.
    line_comments = models.JSONField(
        _("Anmerkungen zu den Abweichungen vom Finanzierungsplan"),
        default=dict,
        blank=True,
        editable=False,
    )

    objects = ReportQuerySet.as_manager()

    class Meta:
        verbose_name = _("Bericht")
        verbose_name_plural = _("Berichte")
        # The table it had in the portal app, where reports began (reports 0001).
        db_table = "portal_report"
        ordering = ["-issued_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(period_end__gte=F("period_start")),
                name="portal_report_period_order",
            ),
            models.CheckConstraint(
                condition=in_sane_range("period_start"), name="portal_report_period_start_range"
            ),
            models.CheckConstraint(
                condition=in_sane_range("period_end"), name="portal_report_period_end_range"
            ),
            models.CheckConstraint(condition=Q(version__gte=1), name="portal_report_version"),
            # A correction says what changed.
            models.CheckConstraint(
                condition=Q(version=1) | ~Q(note=""), name="portal_report_correction_note"
            ),
            models.CheckConstraint(
                condition=Q(kind__in=["interim", "final"]), name="portal_report_kind"
            ),
            models.CheckConstraint(
                condition=Q(LessThanOrEqual(Length("note"), NOTE_MAX_CHARS)),
                name="portal_report_note_length",
            ),
            models.UniqueConstraint(
                fields=["network", "kind", "period_start", "period_end", "version"],
                name="portal_report_unique_version",
            ),
            models.UniqueConstraint(fields=["intent"], name="portal_report_unique_intent"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.period_label()} ({self.network})"

    def get_absolute_url(self) -> str:
        return reverse("report", args=[self.pk])

    def pdf_url(self) -> str:
        return reverse("report_pdf", args=[self.pk])

    def period_label(self) -> str:
        return f"{_short(self.period_start)} – {_short(self.period_end)}"

    @property
    def has_finances(self) -> bool:
        """Whether its figures hold the chapter on the finances (a final report of a
        network with a grant): then it has a second PDF without it (`members_pdf`)."""
        return bool((self.figures or {}).get("finances"))

    def pdf_fields(self, *, with_finances: bool) -> tuple[str, str]:
        """The fields of the PDF a reader gets and of its SHA-256: the full one for those
        who read the network's finances, the one without them for the others, the only
        one for all where the report has no chapter on the finances."""
        if with_finances or not self.has_finances:
            return "pdf", "pdf_sha256"
        return "members_pdf", "members_pdf_sha256"

    def pdfs_made(self) -> bool:
        """Whether every PDF the report needs is made and kept."""
        return bool(self.pdf) and (bool(self.members_pdf) or not self.has_finances)

    def file_name(self) -> str:
        name = file_slug(f"{self.get_kind_display()} {self.network.slug} {self.period_end:%Y-%m}")
        return f"{name}-v{self.version}.pdf" if self.version > 1 else f"{name}.pdf"

    def clean(self) -> None:
        errors = {}
        if self.period_start and self.period_end and self.period_end < self.period_start:
            errors["period_end"] = _("Der Berichtszeitraum kann nicht vor seinem Beginn enden.")
        if self.version is not None and self.version < 1:
            errors["version"] = _("Die Fassung beginnt bei 1.")
        if len(self.note or "") > NOTE_MAX_CHARS:
            errors["note"] = _(
                "Die Bemerkung hat %(count)s Zeichen; höchstens %(max)s sind möglich."
            ) % {"count": _grouped(len(self.note)), "max": _grouped(NOTE_MAX_CHARS)}
        elif self.version and self.version > 1 and not self.note.strip():
            errors["note"] = _(
                "Eine neue Fassung braucht eine Bemerkung: was sich gegenüber der vorigen "
                "geändert hat."
            )
        if message := rule_comments_error(self.rule_comments):
            errors["rule_comments"] = message
        if message := line_comments_error(self.line_comments):
            errors["line_comments"] = message
        if errors:
            raise ValidationError(errors)


class ReportDownloadQuerySet(models.QuerySet):
    def for_user(self, user) -> "ReportDownloadQuerySet":
        """Downloads of the reports of networks a person coordinates: only the
        coordination (and administrators) sees who downloaded a report."""
        return self.filter(report__network__in=Network.objects.editable_by(user))


class ReportDownload(models.Model):
    """One download of an issued report's PDF: who, when, and the SHA-256 of the bytes
    they received. The coordination sees the list on the report's page."""

    report = models.ForeignKey(
        Report, on_delete=models.CASCADE, related_name="downloads", verbose_name=_("Bericht")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("Person"),
    )
    # The name then, kept when the account is deleted.
    user_name = models.CharField(_("Person (Name)"), max_length=200)
    downloaded_at = models.DateTimeField(_("abgerufen am"), default=timezone.now, editable=False)
    sha256 = models.CharField(_("SHA-256 der Datei"), max_length=64)
    # The random number of the link followed (reports.downloads.download_link): one
    # download per link, however often it is reloaded.
    link = models.CharField(_("Link"), max_length=32, blank=True, editable=False)

    objects = ReportDownloadQuerySet.as_manager()

    class Meta:
        verbose_name = _("Abruf eines Berichts")
        verbose_name_plural = _("Abrufe von Berichten")
        # The table it had in the portal app, where reports began (reports 0001).
        db_table = "portal_reportdownload"
        ordering = ["-downloaded_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(sha256__regex=r"^[0-9a-f]{64}$"), name="portal_reportdownload_sha256"
            ),
            models.UniqueConstraint(
                fields=["report", "user", "link"],
                condition=~Q(link=""),
                name="portal_reportdownload_one_per_link",
            ),
        ]

    def __str__(self) -> str:
        moment = formats.date_format(
            timezone.localtime(self.downloaded_at), "SHORT_DATETIME_FORMAT"
        )
        return f"{self.report} – {self.user_name}, {moment}"


# The written sections of a report, in the document's order: (field, heading, what the
# coordinator writes there).
WRITTEN_SECTIONS = [
    ("summary", _("Zusammenfassung"),
     _("Das Wichtigste in wenigen Absätzen: was das Netzwerk erreicht hat.")),
    ("starting_point", _("Ausgangslage und Ziele"),
     _("Womit die Kommunen begonnen haben und was sie sich vorgenommen hatten.")),
    ("how_it_worked", _("Arbeit im Netzwerk"),
     _("Wie das Netzwerk gearbeitet hat: Treffen, Exkursionen, Austausch zwischen den Treffen.")),
    ("results", _("Ergebnisse"),
     _("Die Ergebnisse in Worten; die Zahlen folgen im Bericht darunter.")),
    ("lessons", _("Erfahrungen und Erkenntnisse"),
     _("Was sich bewährt hat, was nicht, und was andere Netzwerke daraus lernen können.")),
    ("outlook", _("Ausblick"),
     _("Wie es weitergeht; ein Nachfolgenetzwerk nennt der Bericht von selbst.")),
]  # fmt: skip


class ReportDraftQuerySet(models.QuerySet):
    def for_user(self, user) -> "ReportDraftQuerySet":
        """Drafts are the coordination's (and administrators') until issued."""
        return self.filter(network__in=Network.objects.editable_by(user))


class ReportDraft(Versioned, models.Model):
    """The written sections the coordination drafts for a network's interim or final
    report (Markdown, rendered sanitised). Issuing copies them into the report, where
    they stay as they were; the draft stays for the next report or a correction."""

    network = models.ForeignKey(
        Network, on_delete=models.CASCADE, related_name="report_drafts", verbose_name=_("Netzwerk")
    )
    kind = models.CharField(_("Art"), max_length=10, choices=Report.Kind.choices)
    summary = models.TextField(_("Zusammenfassung"), blank=True)
    starting_point = models.TextField(_("Ausgangslage und Ziele"), blank=True)
    how_it_worked = models.TextField(_("Arbeit im Netzwerk"), blank=True)
    results = models.TextField(_("Ergebnisse"), blank=True)
    lessons = models.TextField(_("Erfahrungen und Erkenntnisse"), blank=True)
    outlook = models.TextField(_("Ausblick"), blank=True)
    # Optional short texts per municipality, by its AGS (Markdown): shown in the
    # report's section on that municipality.
    municipality_texts = models.JSONField(_("Texte je Kommune"), default=dict, blank=True)
    # Optional short comments on the programme's rules of the annex, by the rule's key
    # (lib.rules.Rule.key), plain text of at most RULE_COMMENT_MAX_CHARS each.
    rule_comments = models.JSONField(
        _("Anmerkungen zu den Programmregeln"), default=dict, blank=True
    )
    # Optional comments on the budget lines deviating from the financing plan beyond the
    # grant's tolerance (final report), by the line's key (reports.figures.building.
    # line_key), plain text of at most RULE_COMMENT_MAX_CHARS each.
    line_comments = models.JSONField(
        _("Anmerkungen zu den Abweichungen vom Finanzierungsplan"), default=dict, blank=True
    )
    # Raised by one with each save: two people editing at once never overwrite each
    # other (lib.conflicts).
    version = models.PositiveIntegerField(_("Bearbeitungsstand"), default=0, editable=False)
    updated_at = models.DateTimeField(_("geändert am"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("geändert von"),
    )

    objects = ReportDraftQuerySet.as_manager()

    class Meta:
        verbose_name = _("Entwurf der Berichtstexte")
        verbose_name_plural = _("Entwürfe der Berichtstexte")
        # The table it had in the portal app, where reports began (reports 0001).
        db_table = "portal_reportdraft"
        constraints = [
            models.UniqueConstraint(fields=["network", "kind"], name="portal_reportdraft_unique"),
            models.CheckConstraint(
                condition=Q(kind__in=["interim", "final"]), name="portal_reportdraft_kind"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} – {self.network}"

    def clean(self) -> None:
        errors = {}
        if message := rule_comments_error(self.rule_comments):
            errors["rule_comments"] = message
        if message := line_comments_error(self.line_comments):
            errors["line_comments"] = message
        if errors:
            raise ValidationError(errors)

    def texts(self) -> dict:
        """The sections written so far, as issuing freezes them; the texts per
        municipality under "municipalities" (by AGS)."""
        texts: dict = {
            name: getattr(self, name).strip()
            for name, _heading, _help in WRITTEN_SECTIONS
            if getattr(self, name).strip()
        }
        municipalities = {ags: text for ags, text in self.municipality_texts.items() if text}
        if municipalities:
            texts["municipalities"] = municipalities
        return texts


class ConfirmationRequestQuerySet(models.QuerySet):
    def for_user(self, user) -> "ConfirmationRequestQuerySet":
        """Requests of the networks a person sees."""
        return self.filter(network__in=Network.objects.for_user(user))

    def awaiting_report(self) -> "ConfirmationRequestQuerySet":
        """Requests whose report (same network, kind and period) is not issued since they
        were made, and not replaced by a request for another period: asking before a
        corrected version opens the request again."""
        issued = Report.objects.filter(
            network=OuterRef("network"), kind=OuterRef("kind"),
            period_start=OuterRef("period_start"), period_end=OuterRef("period_end"),
            issued_at__gte=OuterRef("requested_at"),
        )  # fmt: skip
        return self.filter(withdrawn_at__isnull=True).exclude(Exists(issued))


class ConfirmationRequest(models.Model):
    """The coordination asks the participating municipalities to confirm their measures
    and figures for a report (kind and period) before issuing it."""

    network = models.ForeignKey(
        Network,
        on_delete=models.CASCADE,
        related_name="confirmation_requests",
        verbose_name=_("Netzwerk"),
    )
    kind = models.CharField(_("Art"), max_length=10, choices=Report.Kind.choices)
    period_start = models.DateField(_("Berichtszeitraum von"), validators=[validate_sane_date])
    period_end = models.DateField(_("Berichtszeitraum bis"), validators=[validate_sane_date])
    requested_at = models.DateTimeField(_("angefordert am"), default=timezone.now)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("angefordert von"),
    )
    # When the climate managers were last mailed about it (reports.confirmations: at
    # most once per CONFIRMATION_REMINDER_HOURS for a network's kind of report).
    mailed_at = models.DateTimeField(_("zuletzt per E-Mail erinnert am"), null=True, blank=True)
    # Replaced by a request of the same kind for another period: one open request per
    # network and kind, so a climate manager is asked once, not once per period tried.
    withdrawn_at = models.DateTimeField(_("ersetzt am"), null=True, blank=True)

    objects = ConfirmationRequestQuerySet.as_manager()

    class Meta:
        verbose_name = _("Bitte um Bestätigung der Zahlen")
        verbose_name_plural = _("Bitten um Bestätigung der Zahlen")
        # The table it had in the portal app, where reports began (reports 0001).
        db_table = "portal_confirmationrequest"
        ordering = ["-requested_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["network", "kind", "period_start", "period_end"],
                name="portal_confirmationrequest_unique_period",
            ),
            models.CheckConstraint(
                condition=Q(period_end__gte=F("period_start")),
                name="portal_confirmationrequest_period_order",
            ),
            models.CheckConstraint(
                condition=Q(kind__in=["interim", "final"]), name="portal_confirmationrequest_kind"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {_short(self.period_start)} – {_short(self.period_end)}"

    def matches(self, report: Report) -> bool:
        return (self.network_id, self.kind, self.period_start, self.period_end) == (
            report.network_id, report.kind, report.period_start, report.period_end,
        )  # fmt: skip


class Confirmation(models.Model):
    """A municipality's climate manager confirms its measures and figures for the
    requested report; `figures` keeps what they confirmed (the municipality's row of
    the report's figures at that moment, with the version of their layout: see
    reports.confirmations.confirmed_figures). Confirming again replaces it."""

    request = models.ForeignKey(
        ConfirmationRequest,
        on_delete=models.CASCADE,
        related_name="confirmations",
        verbose_name=_("Bitte"),
    )
    participation = models.ForeignKey(
        "networks.Participation",
        on_delete=models.CASCADE,
        related_name="confirmations",
        verbose_name=_("Teilnahme"),
    )
    confirmed_at = models.DateTimeField(_("bestätigt am"), default=timezone.now)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("bestätigt von"),
    )
    confirmed_by_name = models.CharField(_("bestätigt von (Name)"), max_length=200)
    figures = models.JSONField(
        _("bestätigte Zahlen"), encoder=DjangoJSONEncoder, default=dict, editable=False
    )

    class Meta:
        verbose_name = _("Bestätigung der Zahlen")
        verbose_name_plural = _("Bestätigungen der Zahlen")
        # The table it had in the portal app, where reports began (reports 0001).
        db_table = "portal_confirmation"
        ordering = ["participation__municipality__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["request", "participation"], name="portal_confirmation_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.participation} – {self.confirmed_by_name}"
