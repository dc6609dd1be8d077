"""The read-only API: one viewset per resource, each built on the for_user querysets
and access helpers the pages use (never a rule of its own), and the schema with its
reference page. Outsiders get 404 for single objects, as on the pages."""

from django.conf import settings
from django.db.models import Exists, OuterRef, Prefetch
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from django_filters import rest_framework as filters
from drf_spectacular.utils import extend_schema, extend_schema_view
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework import exceptions, viewsets
from rest_framework.permissions import AllowAny
from rest_framework.response import Response

from api import serializers
from api.filters import ChangedSinceFilter, YearFilter
from api.pagination import MeasureCursorPagination
from api.renderers import CSVRenderer
from api.throttling import limit_by_address
from events.access import networks_with_names
from events.models import Attendance, Meeting
from finances.access import networks_readable_by
from finances.models import Proof, Receipt
from measures.models import Measure, MeasureEnergy
from networks.models import Network, Participation
from reports.models import Report

SAFE_METHODS = ("get", "head", "options")


class LimitedByAddress:
    """Requests without valid credentials count for their address before anything
    else is done (api.throttling.limit_by_address)."""

    def initial(self, request, *args, **kwargs):
        limit_by_address(request, self)
        super().initial(request, *args, **kwargs)


class ReadOnlyViewSet(LimitedByAddress, viewsets.ReadOnlyModelViewSet):
    """Lists and single objects, nothing else: other methods get 405 before anything
    else is looked at. CSV beside JSON for lists that name their `csv_columns`."""

    http_method_names = list(SAFE_METHODS)
    csv_columns: list[str] | None = None

    def initial(self, request, *args, **kwargs):
        if request.method.lower() not in SAFE_METHODS:
            raise exceptions.MethodNotAllowed(request.method)
        super().initial(request, *args, **kwargs)

    def get_renderers(self):
        renderers = super().get_renderers()
        if self.csv_columns and getattr(self, "action", None) == "list":
            renderers.append(CSVRenderer())
        return renderers


class NetworkFilter(filters.FilterSet):
    focus_area = filters.CharFilter(field_name="focus_areas__slug", label=_("Themenschwerpunkt"))
    municipality = filters.CharFilter(
        field_name="participations__municipality__ags", label=_("Kommune (AGS)")
    )
    year = YearFilter(method="in_year", label=_("Jahr"))
    changed_since = ChangedSinceFilter()

    class Meta:
        model = Network
        fields = ["focus_area", "municipality", "year", "changed_since"]

    def in_year(self, queryset, name, value):
        return queryset.filter(term_start__year__lte=value, term_end__year__gte=value)


@extend_schema_view(
    list=extend_schema(summary="Networks the caller belongs to"),
    retrieve=extend_schema(summary="One network, by its slug"),
)
class NetworkViewSet(ReadOnlyViewSet):
    serializer_class = serializers.NetworkSerializer
    filterset_class = NetworkFilter
    lookup_field = "slug"

    def get_queryset(self):
        return (
            Network.objects.for_user(self.request.user)
            .select_related("coordinator", "funder", "factor_set", "predecessor")
            .prefetch_related("focus_areas", "service_providers")
            .order_by("slug")
            .distinct()
        )


class ParticipationFilter(filters.FilterSet):
    network = filters.CharFilter(field_name="network__slug", label=_("Netzwerk"))
    municipality = filters.CharFilter(field_name="municipality__ags", label=_("Kommune (AGS)"))
    year = YearFilter(method="in_year", label=_("Jahr"))

    class Meta:
        model = Participation
        fields = ["network", "municipality", "year"]

    def in_year(self, queryset, name, value):
        """Taking part on some day of the year."""
        return queryset.filter(joined_on__year__lte=value).exclude(left_on__year__lt=value)


@extend_schema_view(
    list=extend_schema(summary="Municipalities taking part in the caller's networks"),
    retrieve=extend_schema(summary="One participation"),
)
class ParticipationViewSet(ReadOnlyViewSet):
    serializer_class = serializers.ParticipationSerializer
    filterset_class = ParticipationFilter
    csv_columns = ["id", "network", "municipality.ags", "municipality.name", "joined_on",
                   "left_on", "target_energy_mwh", "target_co2_t", "funding_code"]  # fmt: skip

    def get_queryset(self):
        return (
            Participation.objects.for_user(self.request.user)
            .select_related("network", "municipality")
            .order_by("pk")
        )


class MeasureFilter(filters.FilterSet):
    network = filters.CharFilter(field_name="participation__network__slug", label=_("Netzwerk"))
    municipality = filters.CharFilter(
        field_name="participation__municipality__ags", label=_("Kommune (AGS)")
    )
    status = filters.ChoiceFilter(choices=Measure.Status.choices, label=_("Status"))
    focus_area = filters.CharFilter(field_name="focus_area__slug", label=_("Themenschwerpunkt"))
    category = filters.CharFilter(field_name="category__slug", label=_("Kategorie"))
    year = YearFilter(field_name="year", label=_("Jahr"))
    changed_since = ChangedSinceFilter()

    class Meta:
        model = Measure
        fields = [
            "network",
            "municipality",
            "status",
            "focus_area",
            "category",
            "year",
            "changed_since",
        ]


def measures_for(user):
    """The measures a person reads (Measure.objects.for_user), with everything the
    serializer shows: 2 queries for a page, whatever its size."""
    return (
        Measure.objects.for_user(user)
        .with_year()
        .select_related(
            "participation__network__factor_set",
            "participation__municipality",
            "focus_area",
            "category",
        )
        .prefetch_related(
            Prefetch(
                "energy",
                queryset=MeasureEnergy.objects.select_related("carrier", "factor").order_by(
                    "-effect", "carrier__ordering", "pk"
                ),
            )
        )
    )


@extend_schema_view(
    list=extend_schema(
        summary="Measures the caller may read",
        description="Paged with a cursor ordered by id: follow `next` until it is null.",
    ),
    retrieve=extend_schema(summary="One measure"),
)
class MeasureViewSet(ReadOnlyViewSet):
    serializer_class = serializers.MeasureSerializer
    filterset_class = MeasureFilter
    pagination_class = MeasureCursorPagination
    csv_columns = ["id", "title", "status", "network", "municipality.ags", "municipality.name",
                   "focus_area.slug", "category.code", "category.slug", "responsible",
                   "planned_start", "planned_end",
                   "started_on", "completed_on", "year", "investment_eur", "subsidy_eur",
                   "energy_savings_kwh", "greenhouse_gas.savings_t", "greenhouse_gas.gas",
                   "greenhouse_gas.factor_set.slug", "greenhouse_gas.manual", "lifetime_years",
                   "updated_at"]  # fmt: skip

    def get_queryset(self):
        return measures_for(self.request.user)


class MeetingFilter(filters.FilterSet):
    network = filters.CharFilter(field_name="network__slug", label=_("Netzwerk"))
    kind = filters.ChoiceFilter(choices=Meeting.Kind.choices, label=_("Art"))
    status = filters.ChoiceFilter(choices=Meeting.Status.choices, label=_("Status"))
    year = YearFilter(field_name="starts_at__year", label=_("Jahr"))
    changed_since = ChangedSinceFilter()

    class Meta:
        model = Meeting
        fields = ["network", "kind", "status", "year", "changed_since"]


@extend_schema_view(
    list=extend_schema(summary="Meetings of the caller's networks"),
    retrieve=extend_schema(summary="One meeting"),
)
class MeetingViewSet(ReadOnlyViewSet):
    serializer_class = serializers.MeetingSerializer
    filterset_class = MeetingFilter
    csv_columns = ["id", "network", "kind", "title", "status", "starts_at", "ends_at", "venue",
                   "online_url"]  # fmt: skip

    def get_queryset(self):
        # Every member of the network sees the attendance counted per municipality
        # (events.access.MeetingParts); names of those present are not part of the
        # API, and the presenters' only where the meeting's page shows them.
        user = self.request.user
        return (
            Meeting.objects.for_user(user)
            .annotate(
                names_shown=Exists(networks_with_names(user).filter(pk=OuterRef("network_id")))
            )
            .select_related("network")
            .prefetch_related(
                "agenda_items__focus_area",
                Prefetch("attendances", queryset=Attendance.objects.select_related("municipality")),
            )
            .order_by("starts_at", "pk")
        )


class ReportFilter(filters.FilterSet):
    network = filters.CharFilter(field_name="network__slug", label=_("Netzwerk"))
    kind = filters.ChoiceFilter(choices=Report.Kind.choices, label=_("Art"))
    year = YearFilter(field_name="period_end__year", label=_("Jahr"))

    class Meta:
        model = Report
        fields = ["network", "kind", "year"]


@extend_schema_view(
    list=extend_schema(summary="Issued reports of the caller's networks"),
    retrieve=extend_schema(summary="One issued report"),
)
class ReportViewSet(ReadOnlyViewSet):
    serializer_class = serializers.ReportSerializer
    filterset_class = ReportFilter

    def get_queryset(self):
        return (
            Report.objects.for_user(self.request.user)
            .with_superseded()
            .select_related("network")
            .defer("texts", "left_empty", "rule_comments", "line_comments")
            .order_by("-issued_at", "-pk")
        )

    def get_serializer_context(self):
        # Who reads a network's finances gets the full PDF (reports.access.reads_finances).
        context = super().get_serializer_context()
        context["finance_networks"] = set(
            networks_readable_by(self.request.user).values_list("pk", flat=True)
        )
        return context


class ReceiptFilter(filters.FilterSet):
    network = filters.CharFilter(field_name="grant__network__slug", label=_("Netzwerk"))
    municipality = filters.CharFilter(
        field_name="participation__municipality__ags", label=_("Kommune (AGS)")
    )
    kind = filters.ChoiceFilter(choices=Receipt.Kind.choices, label=_("Art"))
    year = YearFilter(field_name="payment_date__year", label=_("Jahr"))
    changed_since = ChangedSinceFilter()

    class Meta:
        model = Receipt
        fields = ["network", "municipality", "kind", "year", "changed_since"]


@extend_schema_view(
    list=extend_schema(summary="Receipts of the networks whose finances the caller reads"),
    retrieve=extend_schema(summary="One receipt"),
)
class ReceiptViewSet(ReadOnlyViewSet):
    serializer_class = serializers.ReceiptSerializer
    filterset_class = ReceiptFilter
    csv_columns = ["id", "network", "number", "kind", "invoice_date", "payment_date", "party",
                   "reason", "net", "vat", "gross", "eligible_amount", "budget_line", "source",
                   "municipality"]  # fmt: skip

    def get_queryset(self):
        # finances.access: the keeping organisation and the network's funder only.
        return (
            Receipt.objects.filter(grant__network__in=networks_readable_by(self.request.user))
            .select_related("grant__network", "budget_line", "participation__municipality")
            .order_by("grant__network__slug", "number", "pk")
        )


class ProofFilter(filters.FilterSet):
    network = filters.CharFilter(field_name="grant__network__slug", label=_("Netzwerk"))
    kind = filters.ChoiceFilter(choices=Proof.Kind.choices, label=_("Art"))
    year = YearFilter(field_name="year", label=_("Jahr"))

    class Meta:
        model = Proof
        fields = ["network", "kind", "year"]


@extend_schema_view(
    list=extend_schema(summary="Issued proofs of the networks whose finances the caller reads"),
    retrieve=extend_schema(summary="One issued proof"),
)
class ProofViewSet(ReadOnlyViewSet):
    serializer_class = serializers.ProofSerializer
    filterset_class = ProofFilter

    def get_queryset(self):
        return (
            Proof.objects.filter(grant__network__in=networks_readable_by(self.request.user))
            .select_related("grant__network")
            .defer("figures", "confirmations")
            .order_by("-issued_at", "-pk")
        )


# The schema of each language, made on its first request in the process: making it
# takes 0.1 to 1 s and it changes only with the code, that is with a new process.
SCHEMAS: dict[str, dict] = {}


class SchemaView(LimitedByAddress, SpectacularAPIView):
    """The OpenAPI 3 schema: it describes the interface and holds no data, so it is
    public like the reference page."""

    permission_classes = [AllowAny]
    throttle_classes = []

    def _get_schema_response(self, request):
        # drf-spectacular's own, but kept per language; without its `?version=`, which
        # the API does not have and would make a schema for any string.
        try:  # `?lang=` or the request's language; one the portal does not speak: German
            language = translation.get_supported_language_variant(translation.get_language())
        except LookupError:
            language = settings.LANGUAGE_CODE
        if language not in SCHEMAS:
            with translation.override(language):
                generator = self.generator_class(urlconf=self.urlconf, patterns=self.patterns)
                SCHEMAS[language] = generator.get_schema(request=request, public=self.serve_public)
        filename = self._get_filename(request, version=None)
        return Response(
            SCHEMAS[language], headers={"Content-Disposition": f'inline; filename="{filename}"'}
        )


class DocsView(LimitedByAddress, SpectacularSwaggerSplitView):
    """Swagger UI from the portal's own static files (drf-spectacular-sidecar); its
    start script is a separate request, so the page keeps the strict CSP."""

    permission_classes = [AllowAny]
    throttle_classes = []
    template_name = "api/swagger_ui.html"
    url_name = "api_schema"
