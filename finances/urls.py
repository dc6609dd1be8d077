"""The finances pages of a network. Included from portal/urls.py before the
participant pages, whose /netzwerke/<slug>/<municipality>/ would take
/netzwerke/<slug>/finanzen/."""

from django.urls import path

from finances import exports, import_views, views
from finances.proofs import views as proofs

urlpatterns = [
    path("netzwerke/<slug:slug>/finanzen/", views.finances, name="finances"),
    path("netzwerke/<slug:slug>/finanzen/zuwendung/", views.grant_edit, name="grant_edit"),
    path("netzwerke/<slug:slug>/finanzen/plan/", views.plan_edit, name="plan_edit"),
    path(
        "netzwerke/<slug:slug>/finanzen/plan/fassungen/",
        views.plan_versions,
        name="plan_versions",
    ),
    path(
        "netzwerke/<slug:slug>/finanzen/plan/fassungen/<int:number>/",
        views.plan_version,
        name="plan_version",
    ),
    path("netzwerke/<slug:slug>/finanzen/belege/", views.receipts, name="receipts"),
    path("netzwerke/<slug:slug>/finanzen/belege/neu/", views.receipt_new, name="receipt_new"),
    path(
        "netzwerke/<slug:slug>/finanzen/belege/import/",
        import_views.receipt_import,
        name="receipt_import",
    ),
    path(
        "netzwerke/<slug:slug>/finanzen/belege/import/bestaetigen/",
        import_views.receipt_import_confirm,
        name="receipt_import_confirm",
    ),
    path(
        "netzwerke/<slug:slug>/finanzen/belege/import/abbrechen/",
        import_views.receipt_import_cancel,
        name="receipt_import_cancel",
    ),
    path(
        "netzwerke/<slug:slug>/finanzen/belege/import/vorlage.xlsx",
        import_views.receipt_import_template,
        name="receipt_import_template",
    ),
    path(
        "netzwerke/<slug:slug>/finanzen/belege/<int:pk>/",
        views.receipt_edit,
        name="receipt_edit",
    ),
    path(
        "netzwerke/<slug:slug>/finanzen/belege/<int:pk>/<str:which>/",
        views.receipt_document,
        name="receipt_document",
    ),
    path(
        "netzwerke/<slug:slug>/finanzen/belegliste.<str:file_format>",
        exports.belegliste_export,
        name="belegliste_export",
    ),
    path("netzwerke/<slug:slug>/finanzen/mittelabrufe/", views.call_offs, name="call_offs"),
    path(
        "netzwerke/<slug:slug>/finanzen/mittelabrufe/<int:pk>/",
        views.call_off_edit,
        name="call_off_edit",
    ),
    path("netzwerke/<slug:slug>/finanzen/nachweise/", proofs.proofs, name="proofs"),
    path(
        "netzwerke/<slug:slug>/finanzen/nachweise/neu/<str:target>/",
        proofs.proof_new,
        name="proof_new",
    ),
    path(
        "netzwerke/<slug:slug>/finanzen/nachweise/<int:pk>/<str:which>",
        proofs.proof_file,
        name="proof_file",
    ),
]
