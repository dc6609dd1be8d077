from django.urls import path, re_path
from rest_framework.routers import SimpleRouter

from api import views
from api.errors import not_found

router = SimpleRouter(trailing_slash=True)
router.register("networks", views.NetworkViewSet, basename="api_network")
router.register("participations", views.ParticipationViewSet, basename="api_participation")
router.register("measures", views.MeasureViewSet, basename="api_measure")
router.register("meetings", views.MeetingViewSet, basename="api_meeting")
router.register("reports", views.ReportViewSet, basename="api_report")
router.register("receipts", views.ReceiptViewSet, basename="api_receipt")
router.register("proofs", views.ProofViewSet, basename="api_proof")

urlpatterns = [
    path("schema/", views.SchemaView.as_view(), name="api_schema"),
    path("docs/", views.DocsView.as_view(), name="api_docs"),
    *router.urls,
    re_path(r"^.*$", not_found, name="api_not_found"),
]
