"""A network's money: the grant (Zuwendung), its financing plan, the receipts (Belege)
and the call-offs (Mittelabrufe).

Every rule a form tells people is also a CheckConstraint; clean() says it in German on
the field concerned (ChecksMirroredInClean). The checks against the grant's rules
(finances/checks.py) never block a save: reality comes first.
"""

import datetime
from decimal import Decimal
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from events.models import Meeting
from lib.conflicts import Versioned
from lib.constraints import ChecksMirroredInClean
from lib.dates import YEARS, add_months, in_sane_range, is_sane_year, validate_sane_date
from lib.intents import intent_field
from lib.uploads import random_name
from networks.models import Network, Participation

CENT = Decimal("0.01")
HALF_CENT = Decimal("0.005")


def euros(**kwargs) -> models.DecimalField:
    return models.DecimalField(max_digits=12, decimal_places=2, **kwargs)


class Grant(Versioned, ChecksMirroredInClean, models.Model):
    """The grant notice's facts (Zuwendungsbescheid), one per network. The ministry,
    programme and notice text live on the network (funding_ministry, …)."""

    DEFAULT_TOLERANCE = Decimal(20)  # ANBest-P 1.2: a line may be exceeded by up to 20 %

    network = models.OneToOneField(
        Network, on_delete=models.CASCADE, related_name="grant", verbose_name=_("Netzwerk")
    )
    period_start = models.DateField(_("Bewilligungszeitraum von"), validators=[validate_sane_date])
    period_end = models.DateField(_("Bewilligungszeitraum bis"), validators=[validate_sane_date])
    notice_date = models.DateField(
        _("Datum des Zuwendungsbescheids"), null=True, blank=True, validators=[validate_sane_date]
    )
    notice_number = models.CharField(
        _("Aktenzeichen des Zuwendungsbescheids"), max_length=100, blank=True
    )
    funding_rate = models.DecimalField(
        _("Förderquote (%)"),
        max_digits=5,
        decimal_places=2,
        help_text=_("Anteil der zuwendungsfähigen Ausgaben, den die Zuwendung deckt."),
    )
    maximum_grant = euros(verbose_name=_("Höchstbetrag der Zuwendung (EUR)"))
    deducts_input_vat = models.BooleanField(
        _("zum Vorsteuerabzug berechtigt"),
        default=False,
        help_text=_("Dann sind nur die Nettobeträge zuwendungsfähig."),
    )
    interim_proof_months = models.PositiveSmallIntegerField(
        _("Zwischennachweis fällig (Monate nach jedem Haushaltsjahr)"),
        default=4,
        help_text=_("4 heißt: bis zum 30. April des Folgejahres."),
    )
    final_proof_months = models.PositiveSmallIntegerField(
        _("Verwendungsnachweis fällig (Monate nach dem Bewilligungszeitraum)"), default=6
    )
    tolerance_percent = models.DecimalField(
        _("Erlaubte Überschreitung je Ausgabenposition (%)"),
        max_digits=5,
        decimal_places=2,
        default=DEFAULT_TOLERANCE,
        help_text=_(
            "Laut ANBest-P 1.2 darf eine Position um bis zu 20 % überschritten werden, "
            "wenn Einsparungen bei anderen sie decken; der Bescheid kann anderes festlegen."
        ),
    )
    updated_at = models.DateTimeField(_("geändert am"), auto_now=True)
    version = models.PositiveIntegerField(_("Version"), default=1, editable=False)

    history = HistoricalRecords(excluded_fields=["updated_at", "version"])

    class Meta:
        verbose_name = _("Zuwendung")
        verbose_name_plural = _("Zuwendungen")
        constraints = [
            models.CheckConstraint(
                condition=Q(period_end__gte=F("period_start")),
                name="finances_grant_period_in_order",
            ),
            models.CheckConstraint(
                condition=in_sane_range("period_start") & in_sane_range("period_end")
                & in_sane_range("notice_date", null=True),
                name="finances_grant_dates_sane",
            ),
            models.CheckConstraint(
                condition=Q(funding_rate__gte=0, funding_rate__lte=100),
                name="finances_grant_rate_percent",
            ),
            models.CheckConstraint(
                condition=Q(maximum_grant__gte=0), name="finances_grant_maximum_not_negative"
            ),
            models.CheckConstraint(
                condition=Q(tolerance_percent__gte=0, tolerance_percent__lte=100),
                name="finances_grant_tolerance_percent",
            ),
            models.CheckConstraint(
                condition=Q(interim_proof_months__gte=1, interim_proof_months__lte=12,
                            final_proof_months__gte=1, final_proof_months__lte=24),
                name="finances_grant_deadlines_sane",
            ),
        ]  # fmt: skip

    def __str__(self) -> str:
        return str(self.network)

    def get_absolute_url(self) -> str:
        return reverse("finances", args=[self.network.slug])

    def proofs_url(self) -> str:
        return reverse("proofs", args=[self.network.slug])

    def clean(self) -> None:
        super().clean()
        errors = {}
        if self.period_start and self.period_end and self.period_end < self.period_start:
            errors["period_end"] = _("Das Ende liegt vor dem Beginn des Bewilligungszeitraums.")
        if self.funding_rate is not None and not 0 <= self.funding_rate <= 100:
            errors["funding_rate"] = _("Die Förderquote liegt zwischen 0 und 100 %.")
        if self.maximum_grant is not None and self.maximum_grant < 0:
            errors["maximum_grant"] = _("Der Höchstbetrag kann nicht negativ sein.")
        if self.tolerance_percent is not None and not 0 <= self.tolerance_percent <= 100:
            errors["tolerance_percent"] = _("Bitte einen Wert zwischen 0 und 100 % angeben.")
        if self.interim_proof_months is not None and not 1 <= self.interim_proof_months <= 12:
            errors["interim_proof_months"] = _("Bitte 1 bis 12 Monate angeben.")
        if self.final_proof_months is not None and not 1 <= self.final_proof_months <= 24:
            errors["final_proof_months"] = _("Bitte 1 bis 24 Monate angeben.")
        if errors:
            raise ValidationError(errors)

    def years(self) -> list[int]:
        """The budget years (Haushaltsjahre: calendar years) the approval period touches."""
        return list(range(self.period_start.year, self.period_end.year + 1))

    def contains(self, day: datetime.date) -> bool:
        return self.period_start <= day <= self.period_end

    def interim_proof_due(self, year: int) -> datetime.date:
        """The interim proof of a budget year: the last day of the month so many months
        after the year (4: 30 April)."""
        first_after = add_months(datetime.date(year + 1, 1, 1), self.interim_proof_months)
        return first_after - datetime.timedelta(days=1)

    def final_proof_due(self) -> datetime.date:
        return add_months(self.period_end, self.final_proof_months)

    def eligible_default(self, *, net: Decimal, gross: Decimal) -> Decimal:
        """A receipt's eligible amount unless a reason says otherwise: the gross, or
        the net where the recipient deducts input VAT."""
        return net if self.deducts_input_vat else gross


class BudgetLine(models.Model):
    """A line of the financing plan's expenses (Ausgabenposition)."""

    class Kind(models.TextChoices):
        STAFF = "staff", _("Personal")
        EXTERNAL = "external", _("Fremdleistungen (Moderation, Beratung)")
        TRAVEL = "travel", _("Reisekosten")
        EVENTS = "events", _("Veranstaltungen und Material")
        PUBLIC_RELATIONS = "public_relations", _("Öffentlichkeitsarbeit")
        OTHER = "other", _("Sonstiges")

    grant = models.ForeignKey(
        Grant, on_delete=models.CASCADE, related_name="budget_lines", verbose_name=_("Zuwendung")
    )
    kind = models.CharField(_("Art"), max_length=20, choices=Kind.choices)
    name = models.CharField(_("Bezeichnung"), max_length=200)
    position = models.PositiveSmallIntegerField(_("Reihenfolge"), default=0)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("Ausgabenposition")
        verbose_name_plural = _("Ausgabenpositionen")
        ordering = ["grant", "position", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["grant", "name"],
                name="finances_budgetline_unique_name",
                violation_error_message=_("Eine Position dieses Namens gibt es schon."),
            ),
            models.CheckConstraint(condition=~Q(name=""), name="finances_budgetline_named"),
        ]

    def __str__(self) -> str:
        return self.name


class PlannedAmount(ChecksMirroredInClean, models.Model):
    """What the financing plan allows a line in one budget year."""

    line = models.ForeignKey(
        BudgetLine,
        on_delete=models.CASCADE,
        related_name="planned_amounts",
        verbose_name=_("Ausgabenposition"),
    )
    year = models.PositiveSmallIntegerField(_("Haushaltsjahr"))
    amount = euros(verbose_name=_("geplant (EUR)"))

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("geplanter Betrag")
        verbose_name_plural = _("geplante Beträge")
        ordering = ["line", "year"]
        constraints = [
            models.UniqueConstraint(fields=["line", "year"], name="finances_planned_unique_year"),
            models.CheckConstraint(
                condition=Q(amount__gte=0), name="finances_planned_not_negative"
            ),
            models.CheckConstraint(
                condition=Q(year__gte=YEARS["min"], year__lte=YEARS["max"]),
                name="finances_planned_year_sane",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.line} {self.year}: {self.amount}"

    def clean(self) -> None:
        super().clean()
        errors = {}
        if self.amount is not None and self.amount < 0:
            errors["amount"] = _("Ein geplanter Betrag kann nicht negativ sein.")
        if self.year is not None and not is_sane_year(self.year):
            errors["year"] = _("Das Jahr muss zwischen %(min)s und %(max)s liegen.") % YEARS
        if errors:
            raise ValidationError(errors)


class Source(models.TextChoices):
    """Where the money of the financing plan comes from (and income is booked to)."""

    GRANT = "grant", _("Zuwendung")
    OWN_SHARE = "own_share", _("Eigenanteil")
    CONTRIBUTIONS = "contributions", _("Beiträge der Teilnehmenden")
    THIRD_PARTY = "third_party", _("Drittmittel")


class Financing(ChecksMirroredInClean, models.Model):
    """The financing plan's income: one source in one budget year."""

    Source = Source

    grant = models.ForeignKey(
        Grant, on_delete=models.CASCADE, related_name="financings", verbose_name=_("Zuwendung")
    )
    source = models.CharField(_("Quelle"), max_length=20, choices=Source.choices)
    year = models.PositiveSmallIntegerField(_("Haushaltsjahr"))
    amount = euros(verbose_name=_("Betrag (EUR)"))

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("Finanzierung")
        verbose_name_plural = _("Finanzierung")
        ordering = ["grant", "year", "source"]
        constraints = [
            models.UniqueConstraint(
                fields=["grant", "source", "year"], name="finances_financing_unique_year"
            ),
            models.CheckConstraint(
                condition=Q(amount__gte=0), name="finances_financing_not_negative"
            ),
            models.CheckConstraint(
                condition=Q(year__gte=YEARS["min"], year__lte=YEARS["max"]),
                name="finances_financing_year_sane",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_source_display()} {self.year}: {self.amount}"

    def clean(self) -> None:
        super().clean()
        errors = {}
        if self.amount is not None and self.amount < 0:
            errors["amount"] = _("Ein Betrag der Finanzierung kann nicht negativ sein.")
        if self.year is not None and not is_sane_year(self.year):
            errors["year"] = _("Das Jahr muss zwischen %(min)s und %(max)s liegen.") % YEARS
        if errors:
            raise ValidationError(errors)


class PlanChange(models.Model):
    """A version of the financing plan: when it changed, why (a change notice from the
    funder), and the plan as it stood after the change."""

    grant = models.ForeignKey(
        Grant, on_delete=models.CASCADE, related_name="plan_changes", verbose_name=_("Zuwendung")
    )
    number = models.PositiveIntegerField(_("Fassung"))
    changed_on = models.DateField(_("geändert am"), validators=[validate_sane_date])
    reason = models.TextField(_("Grund"))
    plan = models.JSONField(_("Plan nach der Änderung"), default=dict, editable=False)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("erfasst von"),
    )
    recorded_at = models.DateTimeField(_("erfasst am"), auto_now_add=True)

    class Meta:
        verbose_name = _("Änderung des Finanzierungsplans")
        verbose_name_plural = _("Änderungen des Finanzierungsplans")
        ordering = ["grant", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["grant", "number"], name="finances_planchange_unique"),
            models.CheckConstraint(condition=~Q(reason=""), name="finances_planchange_reason"),
            models.CheckConstraint(
                condition=in_sane_range("changed_on"), name="finances_planchange_date_sane"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.grant} – {self.number}"


def receipt_path(instance, filename: str) -> str:
    """Receipts' files are stored under a random name; only the (checked) extension is kept."""
    return random_name("belege", PurePath(filename).suffix.lower().lstrip(".") or "bin")


class ReceiptQuerySet(models.QuerySet):
    def expenses(self) -> "ReceiptQuerySet":
        return self.filter(kind=Receipt.Kind.EXPENSE)

    def income(self) -> "ReceiptQuerySet":
        return self.filter(kind=Receipt.Kind.INCOME)


class Receipt(Versioned, ChecksMirroredInClean, models.Model):
    """A receipt (Beleg): one payment made or received, with its invoice and proof of
    payment. Gross = net + VAT; the eligible amount is the gross, or the net where the
    recipient deducts input VAT, unless a reason says otherwise."""

    class Kind(models.TextChoices):
        EXPENSE = "expense", _("Ausgabe")
        INCOME = "income", _("Einnahme")

    FILES = ("invoice", "payment_proof")

    grant = models.ForeignKey(
        Grant, on_delete=models.CASCADE, related_name="receipts", verbose_name=_("Zuwendung")
    )
    number = models.PositiveIntegerField(_("Belegnummer"))
    kind = models.CharField(_("Art"), max_length=10, choices=Kind.choices, default=Kind.EXPENSE)
    invoice_date = models.DateField(
        _("Rechnungsdatum"), null=True, blank=True, validators=[validate_sane_date]
    )
    payment_date = models.DateField(_("Zahlungsdatum"), validators=[validate_sane_date])
    party = models.CharField(
        _("Empfänger*in oder Einzahler*in"),
        max_length=200,
        help_text=_("Bei Ausgaben: wer das Geld erhielt; bei Einnahmen: wer es zahlte."),
    )
    reason = models.CharField(_("Grund der Zahlung"), max_length=300)
    net = euros(verbose_name=_("netto (EUR)"))
    vat = euros(verbose_name=_("Umsatzsteuer (EUR)"), default=Decimal(0))
    gross = euros(verbose_name=_("brutto (EUR)"))
    budget_line = models.ForeignKey(
        BudgetLine,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="receipts",
        verbose_name=_("Ausgabenposition"),
        help_text=_("Für Ausgaben."),
    )
    source = models.CharField(
        _("Einnahmequelle"),
        max_length=20,
        choices=Source.choices,
        blank=True,
        help_text=_("Für Einnahmen."),
    )
    eligible_amount = euros(verbose_name=_("zuwendungsfähig (EUR)"))
    eligible_reason = models.TextField(
        _("Grund für den abweichenden zuwendungsfähigen Betrag"), blank=True
    )
    meeting = models.ForeignKey(
        Meeting,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="receipts",
        verbose_name=_("Treffen"),
    )
    participation = models.ForeignKey(
        Participation,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="receipts",
        verbose_name=_("Teilnehmende Kommune"),
    )
    invoice = models.FileField(_("Rechnung"), upload_to=receipt_path, blank=True, max_length=200)
    invoice_name = models.CharField(_("Dateiname der Rechnung"), max_length=200, blank=True)
    invoice_content_type = models.CharField(max_length=100, blank=True)
    payment_proof = models.FileField(
        _("Zahlungsnachweis"), upload_to=receipt_path, blank=True, max_length=200
    )
    payment_proof_name = models.CharField(
        _("Dateiname des Zahlungsnachweises"), max_length=200, blank=True
    )
    payment_proof_content_type = models.CharField(max_length=100, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("erfasst von"),
    )
    created_at = models.DateTimeField(_("erfasst am"), auto_now_add=True)
    updated_at = models.DateTimeField(_("geändert am"), auto_now=True)
    version = models.PositiveIntegerField(_("Version"), default=1, editable=False)

    objects = ReceiptQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["updated_at", "version"])

    class Meta:
        verbose_name = _("Beleg")
        verbose_name_plural = _("Belege")
        ordering = ["grant", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["grant", "number"],
                name="finances_receipt_unique_number",
                violation_error_message=_("Diese Belegnummer ist schon vergeben."),
            ),
            models.CheckConstraint(condition=Q(number__gte=1), name="finances_receipt_number"),
            models.CheckConstraint(
                condition=Q(net__gte=0, vat__gte=0, gross__gte=0, eligible_amount__gte=0),
                name="finances_receipt_not_negative",
            ),
            # Within half a cent: SQLite sums decimals as floating-point numbers.
            models.CheckConstraint(
                condition=Q(gross__gte=F("net") + F("vat") - HALF_CENT,
                            gross__lte=F("net") + F("vat") + HALF_CENT),
                name="finances_receipt_gross_sum",
            ),
            models.CheckConstraint(
                condition=Q(vat__lte=F("gross")), name="finances_receipt_vat_within_gross"
            ),
            models.CheckConstraint(
                condition=Q(eligible_amount__lte=F("gross")),
                name="finances_receipt_eligible_within_gross",
            ),
            models.CheckConstraint(
                condition=in_sane_range("payment_date") & in_sane_range("invoice_date", null=True),
                name="finances_receipt_dates_sane",
            ),
            models.CheckConstraint(
                condition=Q(kind="expense", budget_line__isnull=False, source="")
                | Q(kind="income", budget_line__isnull=True) & ~Q(source=""),
                name="finances_receipt_line_or_source",
            ),
            models.CheckConstraint(
                condition=~Q(party="") & ~Q(reason=""), name="finances_receipt_party_reason"
            ),
        ]  # fmt: skip

    def __str__(self) -> str:
        return _("Beleg %(number)s") % {"number": self.number}

    def get_absolute_url(self) -> str:
        return reverse("receipt_edit", args=[self.grant.network.slug, self.pk])

    def file_url(self, which: str) -> str:
        return reverse("receipt_document", args=[self.grant.network.slug, self.pk, which])

    def default_eligible(self) -> Decimal | None:
        if self.net is None or self.gross is None:
            return None
        return self.grant.eligible_default(net=self.net, gross=self.gross)

    def clean(self) -> None:
        super().clean()
        errors = {}
        for field in ("net", "vat", "gross", "eligible_amount"):
            value = getattr(self, field)
            if value is not None and value < 0:
                errors[field] = _("Beträge können nicht negativ sein.")
        if self.net is not None and self.vat is not None and self.gross is not None:
            if "vat" not in errors and self.vat > self.gross:
                errors["vat"] = _("Die Umsatzsteuer ist größer als der Bruttobetrag.")
            elif not errors and self.net + self.vat != self.gross:
                errors["gross"] = _(
                    "Brutto muss netto plus Umsatzsteuer sein: %(net)s + %(vat)s ≠ %(gross)s."
                ) % {"net": self.net, "vat": self.vat, "gross": self.gross}
        if (
            "eligible_amount" not in errors
            and self.eligible_amount is not None
            and self.gross is not None
            and self.eligible_amount > self.gross
        ):
            errors["eligible_amount"] = _("Zuwendungsfähig kann höchstens der Bruttobetrag sein.")
        if self.number is not None and self.number < 1:
            errors["number"] = _("Belegnummern beginnen bei 1.")
        if self.kind == self.Kind.EXPENSE:
            if self.budget_line_id is None:
                errors["budget_line"] = _("Bitte die Ausgabenposition angeben.")
            self.source = ""
        elif self.kind == self.Kind.INCOME:
            if not self.source:
                errors["source"] = _("Bitte angeben, woher die Einnahme stammt.")
            self.budget_line = None
        if not (self.party or "").strip():
            errors["party"] = _("Bitte angeben, wer das Geld erhielt oder zahlte.")
        if not (self.reason or "").strip():
            errors["reason"] = _("Bitte den Grund der Zahlung angeben.")
        if (
            not errors
            and self.grant_id
            and self.eligible_amount is not None
            and self.eligible_amount != self.default_eligible()
            and not self.eligible_reason.strip()
        ):
            errors["eligible_reason"] = _(
                "Der zuwendungsfähige Betrag weicht vom Üblichen ab (%(default)s EUR): "
                "bitte den Grund angeben."
            ) % {"default": number_format(self.default_eligible(), 2, force_grouping=True)}
        if self.budget_line_id and self.grant_id and self.budget_line.grant_id != self.grant_id:
            errors["budget_line"] = _("Diese Position gehört zu einer anderen Zuwendung.")
        if errors:
            raise ValidationError(errors)


class CallOff(Versioned, ChecksMirroredInClean, models.Model):
    """A call-off of the grant (Mittelabruf): only what will be paid out within six
    weeks of receipt may be asked for (ANBest-P 1.4), so it names those payments."""

    grant = models.ForeignKey(
        Grant, on_delete=models.CASCADE, related_name="call_offs", verbose_name=_("Zuwendung")
    )
    asked_on = models.DateField(_("abgerufen am"), validators=[validate_sane_date])
    amount_asked = euros(verbose_name=_("abgerufener Betrag (EUR)"))
    expected_amount = euros(
        verbose_name=_("erwartete Zahlungen in den nächsten sechs Wochen (EUR)"),
        default=Decimal(0),
    )
    expected_payments = models.TextField(
        _("welche Zahlungen"),
        blank=True,
        help_text=_("Die Zahlungen, die den Abruf begründen, z. B. Rechnung der Moderation."),
    )
    received_on = models.DateField(
        _("eingegangen am"), null=True, blank=True, validators=[validate_sane_date]
    )
    amount_received = euros(verbose_name=_("eingegangener Betrag (EUR)"), null=True, blank=True)
    # The one-time token of the form that made it: sent twice, it makes one (lib.intents).
    intent = intent_field()
    updated_at = models.DateTimeField(_("geändert am"), auto_now=True)
    version = models.PositiveIntegerField(_("Version"), default=1, editable=False)

    history = HistoricalRecords(excluded_fields=["updated_at", "version", "intent"])

    class Meta:
        verbose_name = _("Mittelabruf")
        verbose_name_plural = _("Mittelabrufe")
        ordering = ["grant", "asked_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(amount_asked__gt=0, expected_amount__gte=0)
                & (Q(amount_received__isnull=True) | Q(amount_received__gte=0)),
                name="finances_calloff_amounts",
            ),
            models.CheckConstraint(
                condition=Q(received_on__isnull=True, amount_received__isnull=True)
                | Q(received_on__isnull=False, amount_received__isnull=False),
                name="finances_calloff_received_complete",
            ),
            models.CheckConstraint(
                condition=Q(received_on__isnull=True) | Q(received_on__gte=F("asked_on")),
                name="finances_calloff_received_after_asked",
            ),
            models.CheckConstraint(
                condition=in_sane_range("asked_on") & in_sane_range("received_on", null=True),
                name="finances_calloff_dates_sane",
            ),
            models.UniqueConstraint(fields=["intent"], name="finances_calloff_unique_intent"),
        ]  # fmt: skip

    def __str__(self) -> str:
        return _("Mittelabruf vom %(date)s") % {"date": self.asked_on}

    def get_absolute_url(self) -> str:
        return reverse("call_off_edit", args=[self.grant.network.slug, self.pk])

    def clean(self) -> None:
        super().clean()
        errors = {}
        if self.amount_asked is not None and self.amount_asked <= 0:
            errors["amount_asked"] = _("Bitte einen Betrag über 0 EUR angeben.")
        if self.expected_amount is not None and self.expected_amount < 0:
            errors["expected_amount"] = _("Beträge können nicht negativ sein.")
        if self.amount_received is not None and self.amount_received < 0:
            errors["amount_received"] = _("Beträge können nicht negativ sein.")
        if (self.received_on is None) != (self.amount_received is None):
            field = "amount_received" if self.received_on else "received_on"
            errors.setdefault(field, _("Eingang: bitte Datum und Betrag zusammen angeben."))
        if self.received_on and self.asked_on and self.received_on < self.asked_on:
            errors["received_on"] = _("Das Geld kann nicht vor dem Abruf eingegangen sein.")
        if errors:
            raise ValidationError(errors)


def proof_path(instance, filename: str) -> str:
    # Random names: a proof's path reveals nothing and cannot be guessed.
    return random_name("nachweise", PurePath(filename).suffix.lower().lstrip(".") or "bin")


class Proof(ChecksMirroredInClean, models.Model):
    """An issued proof to the funder: the interim proof of a budget year
    (Zwischennachweis) or the final numerical proof (zahlenmäßiger Nachweis of the
    Verwendungsnachweis). Issued once, never changed: its figures, the warnings the
    coordination confirmed with a comment each, and its files (PDF, XLSX, the
    Belegliste as it stood) are frozen with their SHA-256; a correction is a new
    version (finances/proofs/issuing.py)."""

    class Kind(models.TextChoices):
        INTERIM = "interim", _("Zwischennachweis")
        FINAL = "final", _("Verwendungsnachweis")

    FILES = ("pdf", "xlsx", "belegliste")

    grant = models.ForeignKey(
        Grant, on_delete=models.PROTECT, related_name="proofs", verbose_name=_("Zuwendung")
    )
    kind = models.CharField(_("Art"), max_length=10, choices=Kind.choices)
    year = models.PositiveSmallIntegerField(
        _("Haushaltsjahr"), null=True, blank=True, help_text=_("Nur beim Zwischennachweis.")
    )
    version = models.PositiveSmallIntegerField(_("Fassung"), default=1)
    language = models.CharField(
        _("Sprache"), max_length=8, choices=settings.LANGUAGES, default="de"
    )
    figures = models.JSONField(_("Zahlen"), encoder=DjangoJSONEncoder, editable=False)
    # The warnings of the checks confirmed when it was issued, each with the
    # coordination's comment: [{"key", "text", "where", "comment"}, …].
    confirmations = models.JSONField(
        _("bestätigte Hinweise"), default=list, blank=True, editable=False
    )
    issued_at = models.DateTimeField(_("ausgestellt am"), editable=False)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("ausgestellt von"),
    )
    issued_by_name = models.CharField(_("ausgestellt von (Name)"), max_length=200)
    # The PDF is made from the frozen figures when issued, or (the demo's proofs) on
    # the first download; the workbook and the Belegliste always when issued.
    pdf = models.FileField(_("PDF"), upload_to=proof_path, max_length=200, blank=True)
    pdf_sha256 = models.CharField(_("SHA-256 des PDF"), max_length=64, blank=True)
    xlsx = models.FileField(_("Tabelle (XLSX)"), upload_to=proof_path, max_length=200)
    xlsx_sha256 = models.CharField(_("SHA-256 der Tabelle"), max_length=64)
    belegliste = models.FileField(_("Belegliste (XLSX)"), upload_to=proof_path, max_length=200)
    belegliste_sha256 = models.CharField(_("SHA-256 der Belegliste"), max_length=64)
    # The one-time token of the form that issued it: the same form sent twice (a double
    # click, two tabs, the back button) issues one proof, not two versions.
    intent = models.UUIDField(_("Formular-Kennung"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("Nachweis")
        verbose_name_plural = _("Nachweise")
        ordering = ["grant", "kind", "year", "-version"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind="interim", year__gte=YEARS["min"], year__lte=YEARS["max"])
                | Q(kind="final", year__isnull=True),
                name="finances_proof_year_of_interim_only",
            ),
            models.CheckConstraint(condition=Q(version__gte=1), name="finances_proof_version"),
            models.CheckConstraint(
                condition=(Q(pdf="", pdf_sha256="") | Q(pdf_sha256__regex=r"^[0-9a-f]{64}$"))
                & Q(xlsx_sha256__regex=r"^[0-9a-f]{64}$",
                            belegliste_sha256__regex=r"^[0-9a-f]{64}$"),
                name="finances_proof_checksums",
            ),
            # Two constraints: a NULL year would make every final proof's row distinct.
            models.UniqueConstraint(
                fields=["grant", "year", "version"],
                condition=Q(kind="interim"),
                name="finances_proof_unique_interim_version",
            ),
            models.UniqueConstraint(
                fields=["grant", "version"],
                condition=Q(kind="final"),
                name="finances_proof_unique_final_version",
            ),
            models.UniqueConstraint(fields=["intent"], name="finances_proof_unique_intent"),
        ]  # fmt: skip

    def __str__(self) -> str:
        return f"{self.title()} ({self.grant})"

    def title(self) -> str:
        """ "Zwischennachweis 2024, Fassung 2", in the language active."""
        name = self.get_kind_display()
        if self.kind == self.Kind.INTERIM:
            name = f"{name} {self.year}"
        if self.version > 1:
            name = _("%(name)s, Fassung %(version)s") % {"name": name, "version": self.version}
        return name

    def file_url(self, which: str) -> str:
        return reverse("proof_file", args=[self.grant.network.slug, self.pk, which])

    def file_name(self, which: str) -> str:
        stem = "zwischennachweis" if self.kind == self.Kind.INTERIM else "verwendungsnachweis"
        if which == "belegliste":
            stem = "belegliste"
        parts = [stem, self.grant.network.slug, str(self.year or "")]
        name = "-".join(part for part in parts if part)
        suffix = "pdf" if which == "pdf" else "xlsx"
        return f"{name}-v{self.version}.{suffix}" if self.version > 1 else f"{name}.{suffix}"

    def clean(self) -> None:
        errors = {}
        if self.kind == self.Kind.INTERIM and self.year is None:
            errors["year"] = _("Ein Zwischennachweis gilt einem Haushaltsjahr: bitte angeben.")
        elif self.kind == self.Kind.FINAL and self.year is not None:
            errors["year"] = _("Der Verwendungsnachweis gilt dem ganzen Bewilligungszeitraum.")
        elif self.year is not None and not is_sane_year(self.year):
            errors["year"] = _("Das Jahr muss zwischen %(min)s und %(max)s liegen.") % YEARS
        if self.version is not None and self.version < 1:
            errors["version"] = _("Die Fassung beginnt bei 1.")
        if errors:
            raise ValidationError(errors)


class ReceiptImport(models.Model):
    """Receipts imported from a spreadsheet into a grant, from the check to the record.

    While pending it keeps the checked rows (not the file) for its importer's
    confirmation; confirming imports them all or nothing and keeps the count, and
    confirming or cancelling drops the rows, so a second confirmation imports nothing.
    """

    class State(models.TextChoices):
        PENDING = "pending", _("wartet auf Bestätigung")
        IMPORTED = "imported", _("importiert")
        CANCELLED = "cancelled", _("abgebrochen")

    token = models.CharField(_("Kennung"), max_length=64, unique=True)
    grant = models.ForeignKey(
        Grant, on_delete=models.CASCADE, related_name="imports", verbose_name=_("Zuwendung")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("hochgeladen von"),
    )
    file_name = models.CharField(_("Dateiname"), max_length=255)
    # [[row number, {header: text}], ...] of the columns read; empty once used.
    rows = models.JSONField(_("Zeilen"), default=list, blank=True)
    state = models.CharField(
        _("Stand"), max_length=10, choices=State.choices, default=State.PENDING
    )
    receipts = models.PositiveIntegerField(_("Belege"), default=0)
    created_at = models.DateTimeField(_("hochgeladen am"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("Import von Belegen")
        verbose_name_plural = _("Importe von Belegen")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(state__in=["pending", "imported", "cancelled"]),
                name="finances_receiptimport_state_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.file_name} ({self.get_state_display()})"


class DeadlineReminder(models.Model):
    """A reminder of a proof's deadline mailed to one person (finances.reminders): one
    per deadline, step and person, so a daily run never writes twice. A mail the
    worker gives up on loses its record, and the next run writes again."""

    Kind = Proof.Kind

    class Step(models.TextChoices):
        FOUR_WEEKS = "4w", _("vier Wochen vorher")
        ONE_WEEK = "1w", _("eine Woche vorher")
        PASSED = "passed", _("Frist verstrichen")

    grant = models.ForeignKey(
        Grant, on_delete=models.CASCADE, related_name="reminders", verbose_name=_("Zuwendung")
    )
    kind = models.CharField(_("Nachweis"), max_length=10, choices=Kind.choices)
    # The budget year of an interim proof; of the proof of use, the year the approval
    # period ends.
    year = models.PositiveSmallIntegerField(_("Jahr"))
    due = models.DateField(_("fällig am"))
    step = models.CharField(_("Erinnerung"), max_length=10, choices=Step.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("Person"),
    )
    sent_at = models.DateTimeField(_("verschickt am"))

    class Meta:
        verbose_name = _("Erinnerung an eine Nachweisfrist")
        verbose_name_plural = _("Erinnerungen an Nachweisfristen")
        ordering = ["grant", "due", "step", "user"]
        constraints = [
            models.UniqueConstraint(
                fields=["grant", "kind", "year", "step", "user"],
                name="finances_deadlinereminder_once",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.grant} {self.get_kind_display()} {self.year}: {self.get_step_display()}"
