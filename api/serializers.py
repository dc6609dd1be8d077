"""What the API shows of each object: explicit fields, read-only, names in the
reader's language where the catalogue has two. The querysets that feed them
(api.views) select and prefetch everything a serializer reads, so a list costs the
same few queries for 2 items as for 500."""

import datetime

from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from events.models import Meeting
from finances.models import Proof, Receipt
from measures.models import Measure, MeasureEnergy
from networks.models import FactorSet, Network, gas_of, unit_of
from reports.models import Report

# An id no measure has, to find where the id stands in a reversed address.
ID_MARK = 987_654_321_987_654_321


def _absolute(serializer, path: str) -> str:
    request = serializer.context.get("request")
    return request.build_absolute_uri(path) if request is not None else path


class CalledMixin:
    """A field whose source is a method of the object without arguments, called
    directly. DRF's own lookup first inspects the signature of whatever it finds
    callable, for every object: about 20 µs, some 2,000 times for a page of 500
    measures, 7 % of its time (bench/api.py)."""

    def get_attribute(self, instance):
        return getattr(instance, self.source)()


class CalledCharField(CalledMixin, serializers.CharField):
    pass


class CalledDecimalField(CalledMixin, serializers.DecimalField):
    pass


class CalledBooleanField(CalledMixin, serializers.BooleanField):
    pass


class NamedSerializer(serializers.Serializer):
    """A catalogue entry (focus area, energy carrier): its slug and its name."""

    slug = serializers.SlugField()
    name = CalledCharField(source="display_name")


class CategorySerializer(serializers.Serializer):
    """A measure's category of the funding programme (Kommunalrichtlinie)."""

    slug = serializers.SlugField()
    code = serializers.CharField(help_text="Its number in the guideline, e.g. 4.2.1; may be empty.")
    name = CalledCharField(source="display_name")
    kind = serializers.ChoiceField(choices=["investive", "strategic"])


class OrganisationSerializer(serializers.Serializer):
    name = serializers.CharField()
    website = serializers.URLField()


class MunicipalitySerializer(serializers.Serializer):
    ags = serializers.CharField(help_text="Amtlicher Gemeindeschlüssel, 8 Ziffern.")
    name = serializers.CharField()
    slug = serializers.SlugField()
    kind = serializers.CharField()
    federal_state = serializers.CharField()


class FactorSetSerializer(serializers.Serializer):
    slug = serializers.SlugField()
    name = serializers.CharField()
    basis = serializers.ChoiceField(choices=FactorSet.Basis.choices)
    gas = serializers.SerializerMethodField(help_text="CO₂ or CO₂e.")
    unit = serializers.SerializerMethodField()
    source = serializers.CharField()
    year = serializers.IntegerField()

    def get_gas(self, factor_set) -> str:
        return gas_of(factor_set.basis)

    def get_unit(self, factor_set) -> str:
        return unit_of(factor_set.basis)


class NetworkSerializer(serializers.Serializer):
    slug = serializers.SlugField()
    name = serializers.CharField()
    description = serializers.CharField()
    funding_code = serializers.CharField()
    term_start = serializers.DateField()
    term_end = serializers.DateField()
    phase = serializers.ChoiceField(choices=Network.Phase.choices)
    focus_areas = NamedSerializer(many=True)
    coordinator = OrganisationSerializer()
    service_providers = OrganisationSerializer(many=True)
    funder = OrganisationSerializer(allow_null=True)
    factor_set = FactorSetSerializer()
    predecessor = serializers.CharField(source="predecessor.slug", allow_null=True)
    is_public = serializers.BooleanField()
    updated_at = serializers.DateTimeField()
    page = serializers.SerializerMethodField()

    def get_page(self, network) -> str:
        return _absolute(self, network.get_absolute_url())


class ParticipationSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    network = serializers.CharField(source="network.slug")
    municipality = MunicipalitySerializer()
    joined_on = serializers.DateField()
    left_on = serializers.DateField(allow_null=True)
    target_energy_mwh = serializers.DecimalField(max_digits=12, decimal_places=3, allow_null=True)
    target_co2_t = serializers.DecimalField(max_digits=12, decimal_places=3, allow_null=True)
    funding_code = serializers.CharField(source="effective_funding_code")


class EnergyLineSerializer(serializers.Serializer):
    carrier = NamedSerializer()
    effect = serializers.ChoiceField(choices=MeasureEnergy.Effect.choices)
    kwh = serializers.DecimalField(max_digits=14, decimal_places=2)
    quantity = serializers.DecimalField(
        max_digits=14, decimal_places=3, allow_null=True,
        help_text="The quantity a year as it was given (converted to kwh), or null.",
    )  # fmt: skip
    unit = serializers.CharField(
        help_text="The quantity's unit: kWh, MWh, l, m3, kg, t or km; empty without a quantity.",
    )  # fmt: skip
    consumption_per_100_km = serializers.DecimalField(
        source="consumption", max_digits=8, decimal_places=2, allow_null=True,
        help_text="For a quantity in km: the consumption per 100 km.",
    )  # fmt: skip
    consumption_unit = serializers.CharField(
        help_text="For a quantity in km: the consumption's unit, l or kWh (per 100 km).",
    )  # fmt: skip
    factor_kg_per_kwh = serializers.DecimalField(
        source="factor.kg_per_kwh", max_digits=7, decimal_places=4, allow_null=True,
        help_text="The emission factor of the network's set this line was counted with.",
    )  # fmt: skip
    factor_year = serializers.IntegerField(source="factor.year", allow_null=True)


class GreenhouseGasSerializer(serializers.Serializer):
    savings_t = serializers.DecimalField(
        source="co2_savings_t", max_digits=12, decimal_places=3, allow_null=True,
        help_text="Annual savings in tonnes of the factor set's gas (CO₂ or CO₂e).",
    )  # fmt: skip
    gas = serializers.SerializerMethodField()
    unit = serializers.SerializerMethodField()
    factor_set = FactorSetSerializer(source="participation.network.factor_set")
    manual = serializers.BooleanField(source="co2_manual")
    manual_reason = serializers.CharField(source="co2_manual_reason")
    over_lifetime_t = CalledDecimalField(
        source="savings_over_lifetime", max_digits=16, decimal_places=3, allow_null=True
    )

    def get_gas(self, measure) -> str:
        return gas_of(measure.participation.network.factor_set.basis)

    def get_unit(self, measure) -> str:
        return unit_of(measure.participation.network.factor_set.basis)


class EvidenceSerializer(serializers.Serializer):
    """How a measure's savings were found and whether the coordination checked them
    against a document; not who checked (a name the API shows nobody)."""

    method = serializers.ChoiceField(
        source="evidence", choices=Measure.Evidence.choices, allow_blank=True,
        help_text="How the savings were found; empty where the measure does not say.",
    )  # fmt: skip
    checked = serializers.SerializerMethodField(
        help_text="Checked by the network's coordination against a document of the measure."
    )
    checked_on = serializers.SerializerMethodField()
    changed_after_check = CalledBooleanField(help_text="The savings changed after the check.")

    def get_checked(self, measure) -> bool:
        return measure.checked_at is not None

    def get_checked_on(self, measure) -> datetime.date | None:
        return timezone.localdate(measure.checked_at) if measure.checked_at else None


class MeasureSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    description = serializers.CharField()
    status = serializers.ChoiceField(choices=Measure.Status.choices)
    network = serializers.CharField(source="participation.network.slug")
    municipality = MunicipalitySerializer(source="participation.municipality")
    focus_area = NamedSerializer()
    category = CategorySerializer(
        allow_null=True, help_text="Null while nobody has given the measure a category."
    )
    responsible = serializers.CharField()
    planned_start = serializers.DateField(allow_null=True)
    planned_end = serializers.DateField(allow_null=True)
    started_on = serializers.DateField(allow_null=True)
    completed_on = serializers.DateField(allow_null=True)
    year = serializers.IntegerField(
        allow_null=True, help_text="The year the measure counts for (completion, else plan)."
    )
    investment_eur = serializers.DecimalField(max_digits=14, decimal_places=2, allow_null=True)
    subsidy_eur = serializers.DecimalField(max_digits=14, decimal_places=2, allow_null=True)
    energy_savings_kwh = serializers.DecimalField(
        max_digits=14, decimal_places=2, allow_null=True,
        help_text="Net final energy a year: saved minus added over all carriers.",
    )  # fmt: skip
    energy = EnergyLineSerializer(many=True)
    greenhouse_gas = GreenhouseGasSerializer(source="*")
    lifetime_years = serializers.IntegerField(allow_null=True)
    evidence = EvidenceSerializer(source="*")
    carried_over_from = serializers.IntegerField(source="carried_over_from_id", allow_null=True)
    created_at = serializers.DateTimeField()
    updated_at = serializers.DateTimeField()
    page = serializers.SerializerMethodField()

    def get_page(self, measure) -> str:
        before, after = self._page_around_id
        return f"{before}{measure.pk}{after}"

    @cached_property
    def _page_around_id(self) -> tuple[str, str]:
        """The measure page's address before and after its id, reversed once for a
        list (the list's one serializer serves all its measures) instead of once for
        each measure."""
        before, _id, after = _absolute(self, reverse("measure", args=[ID_MARK])).rpartition(
            str(ID_MARK)
        )
        return before, after


class AgendaItemSerializer(serializers.Serializer):
    position = serializers.IntegerField()
    title = serializers.CharField()
    duration_minutes = serializers.IntegerField()
    presenter = serializers.SerializerMethodField(
        help_text="Who presents the item; null for a reader who sees no names of the "
        "meeting's people (the network's funder), as on the meeting's page."
    )
    focus_area = serializers.CharField(source="focus_area.slug", allow_null=True)

    def get_presenter(self, item) -> str | None:
        # MeetingViewSet annotates the meeting with the rule of its page
        # (events.access.networks_with_names).
        return item.presenter if item.meeting.names_shown else None


class AttendanceSerializer(serializers.Serializer):
    municipality = MunicipalitySerializer(allow_null=True)
    present = serializers.IntegerField(help_text="People present for the municipality.")


class MeetingSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    network = serializers.CharField(source="network.slug")
    kind = serializers.ChoiceField(choices=Meeting.Kind.choices)
    title = serializers.CharField()
    status = serializers.ChoiceField(choices=Meeting.Status.choices)
    starts_at = serializers.DateTimeField()
    ends_at = serializers.DateTimeField()
    venue = serializers.CharField()
    address = serializers.CharField()
    online_url = serializers.URLField()
    description = serializers.CharField()
    agenda = AgendaItemSerializer(source="agenda_items", many=True)
    attendance = serializers.SerializerMethodField(
        help_text="People present per municipality (counted, without names, as every "
        "member of the network sees it); empty until attendance is recorded."
    )
    updated_at = serializers.DateTimeField()
    page = serializers.SerializerMethodField()

    @extend_schema_field(AttendanceSerializer(many=True))
    def get_attendance(self, meeting) -> list[dict]:
        counts: dict = {}
        for entry in meeting.attendances.all():  # prefetched with their municipality
            key = entry.municipality.ags if entry.municipality else ""
            municipality, present = counts.get(key, (entry.municipality, 0))
            counts[key] = (municipality, present + 1)
        rows = [{"municipality": m, "present": n} for _key, (m, n) in sorted(counts.items())]
        rows.sort(key=lambda row: row["municipality"] is None)
        return AttendanceSerializer(rows, many=True).data

    def get_page(self, meeting) -> str:
        return _absolute(self, meeting.get_absolute_url())


class ReportSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    network = serializers.CharField(source="network.slug")
    kind = serializers.ChoiceField(choices=Report.Kind.choices)
    period_start = serializers.DateField()
    period_end = serializers.DateField()
    version = serializers.IntegerField()
    superseded = serializers.BooleanField(help_text="A later version replaces this one.")
    language = serializers.CharField()
    issued_at = serializers.DateTimeField()
    issued_by_name = serializers.CharField()
    with_finances = serializers.SerializerMethodField(
        help_text="Whether the reader's PDF holds the chapter on the finances."
    )
    pdf = serializers.SerializerMethodField(help_text="The PDF's download address.")
    pdf_sha256 = serializers.SerializerMethodField(
        help_text="SHA-256 of the reader's PDF; empty while it is being made."
    )
    page = serializers.SerializerMethodField()

    def _with_finances(self, report) -> bool:
        return report.network_id in self.context["finance_networks"]

    def get_with_finances(self, report) -> bool:
        return self._with_finances(report) and report.has_finances

    def get_pdf(self, report) -> str:
        return _absolute(self, report.pdf_url())

    def get_pdf_sha256(self, report) -> str:
        _file, checksum = report.pdf_fields(with_finances=self._with_finances(report))
        return getattr(report, checksum)

    def get_page(self, report) -> str:
        return _absolute(self, report.get_absolute_url())


class ReceiptSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    network = serializers.CharField(source="grant.network.slug")
    number = serializers.IntegerField()
    kind = serializers.ChoiceField(choices=Receipt.Kind.choices)
    invoice_date = serializers.DateField(allow_null=True)
    payment_date = serializers.DateField()
    party = serializers.CharField()
    reason = serializers.CharField()
    net = serializers.DecimalField(max_digits=14, decimal_places=2)
    vat = serializers.DecimalField(max_digits=14, decimal_places=2)
    gross = serializers.DecimalField(max_digits=14, decimal_places=2)
    eligible_amount = serializers.DecimalField(max_digits=14, decimal_places=2)
    eligible_reason = serializers.CharField()
    budget_line = serializers.CharField(source="budget_line.name", allow_null=True)
    source = serializers.CharField()
    meeting = serializers.IntegerField(source="meeting_id", allow_null=True)
    municipality = serializers.CharField(
        source="participation.municipality.ags", allow_null=True,
        help_text="AGS of the municipality the payment concerns.",
    )  # fmt: skip
    has_invoice = serializers.SerializerMethodField()
    has_payment_proof = serializers.SerializerMethodField()
    updated_at = serializers.DateTimeField()

    def get_has_invoice(self, receipt) -> bool:
        return bool(receipt.invoice)

    def get_has_payment_proof(self, receipt) -> bool:
        return bool(receipt.payment_proof)


class ProofFileSerializer(serializers.Serializer):
    url = serializers.CharField(help_text="The file's download address.")
    sha256 = serializers.CharField()


class ProofFilesSerializer(serializers.Serializer):
    pdf = ProofFileSerializer(help_text="Its sha256 is empty until the PDF is made.")
    xlsx = ProofFileSerializer()
    belegliste = ProofFileSerializer()


class ProofSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    network = serializers.CharField(source="grant.network.slug")
    kind = serializers.ChoiceField(choices=Proof.Kind.choices)
    year = serializers.IntegerField(allow_null=True)
    version = serializers.IntegerField()
    language = serializers.CharField()
    issued_at = serializers.DateTimeField()
    issued_by_name = serializers.CharField()
    files = serializers.SerializerMethodField()

    @extend_schema_field(ProofFilesSerializer)
    def get_files(self, proof) -> dict:
        slug = proof.grant.network.slug
        return {
            which: {
                "url": _absolute(self, reverse("proof_file", args=[slug, proof.pk, which])),
                "sha256": getattr(proof, f"{which}_sha256"),
            }
            for which in Proof.FILES
        }
