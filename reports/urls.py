"""The reports pages: a network's reports to the funder, previews, the written
sections, confirmations by the municipalities, the compliance view and a mayor's
report. Included from portal/urls.py before the participant pages."""

from django.urls import path

from reports.views import compliance as compliance_pages
from reports.views import reports as report_pages

urlpatterns = [
    path("netzwerke/<slug:slug>/berichte/", report_pages.report_list, name="report_list"),
    path(
        "netzwerke/<slug:slug>/berichte/vorschau/",
        report_pages.report_preview,
        name="report_preview",
    ),
    path(
        "netzwerke/<slug:slug>/berichte/vorschau/<uuid:job>/",
        report_pages.report_preview_job,
        name="report_preview_job",
    ),
    path(
        "netzwerke/<slug:slug>/berichte/vorschau/<uuid:job>/vorschau.pdf",
        report_pages.report_preview_pdf,
        name="report_preview_pdf",
    ),
    path(
        "netzwerke/<slug:slug>/berichte/texte/<str:kind>/",
        report_pages.report_texts,
        name="report_texts",
    ),
    path(
        "netzwerke/<slug:slug>/berichte/bestaetigungen/",
        report_pages.confirmation_request,
        name="confirmation_request",
    ),
    path(
        "bestaetigungen/<int:pk>/<slug:municipality>/",
        report_pages.confirm,
        name="confirm_figures",
    ),
    path("berichte/<int:pk>/", report_pages.report_detail, name="report"),
    path("berichte/<int:pk>/bericht.pdf", report_pages.report_pdf, name="report_pdf"),
    path(
        "berichte/<int:pk>/pdf-erstellen/", report_pages.report_pdf_retry, name="report_pdf_retry"
    ),
    path("berichte/<int:pk>/zahlen.xlsx", report_pages.report_xlsx, name="report_xlsx"),
    path("netzwerke/<slug:slug>/foerderregeln/", compliance_pages.compliance, name="compliance"),
    path(
        "netzwerke/<slug:slug>/<slug:municipality>/ratsbericht.pdf",
        report_pages.mayors_report,
        name="mayors_report",
    ),
]
