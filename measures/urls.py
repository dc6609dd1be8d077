from django.urls import path

from measures import views

urlpatterns = [
    path("massnahmen/", views.measure_list, name="measure_list"),
    path("massnahmen/neu/", views.measure_new, name="measure_new"),
    path("massnahmen/co2/", views.measure_co2, name="measure_co2"),
    path(
        "massnahmen/export.<str:file_format>",
        views.measure_export,
        name="measure_export",
    ),
    path("massnahmen/import/", views.measure_import, name="measure_import"),
    path(
        "massnahmen/import/bestaetigen/",
        views.measure_import_confirm,
        name="measure_import_confirm",
    ),
    path(
        "massnahmen/import/abbrechen/",
        views.measure_import_cancel,
        name="measure_import_cancel",
    ),
    path(
        "massnahmen/import/vorlage/<slug:slug>.xlsx",
        views.measure_import_template,
        name="measure_import_template",
    ),
    path("massnahmen/<int:pk>/", views.measure_detail, name="measure"),
    path("massnahmen/<int:pk>/bearbeiten/", views.measure_edit, name="measure_edit"),
    path("massnahmen/<int:pk>/status/", views.measure_status, name="measure_status"),
    path("massnahmen/<int:pk>/notizen/", views.measure_note_add, name="measure_note_add"),
    path(
        "massnahmen/<int:pk>/dokumente/",
        views.measure_document_add,
        name="measure_document_add",
    ),
    path(
        "massnahmen/<int:pk>/dokumente/<int:document>/",
        views.measure_document,
        name="measure_document",
    ),
    path(
        "massnahmen/<int:pk>/dokumente/<int:document>/loeschen/",
        views.measure_document_delete,
        name="measure_document_delete",
    ),
]
