from django.urls import path

from measures.views import imports, library
from measures.views import measures as pages

urlpatterns = [
    path("massnahmen/", pages.measure_list, name="measure_list"),
    path("massnahmen/bibliothek/", library.measure_library, name="measure_library"),
    path(
        "massnahmen/bibliothek/teilen/<slug:slug>/",
        library.measure_library_sharing,
        name="measure_library_sharing",
    ),
    path("massnahmen/neu/", pages.measure_new, name="measure_new"),
    path("massnahmen/co2/", pages.measure_co2, name="measure_co2"),
    path(
        "massnahmen/kommunen/",
        pages.measure_municipality_suggestions,
        name="measure_municipality_suggestions",
    ),
    path(
        "massnahmen/export.<str:file_format>",
        pages.measure_export,
        name="measure_export",
    ),
    path("massnahmen/import/", imports.measure_import, name="measure_import"),
    path(
        "massnahmen/import/bestaetigen/",
        imports.measure_import_confirm,
        name="measure_import_confirm",
    ),
    path(
        "massnahmen/import/abbrechen/",
        imports.measure_import_cancel,
        name="measure_import_cancel",
    ),
    path(
        "massnahmen/import/vorlage/<slug:slug>.xlsx",
        imports.measure_import_template,
        name="measure_import_template",
    ),
    path("massnahmen/<int:pk>/", pages.measure_detail, name="measure"),
    path("massnahmen/<int:pk>/bearbeiten/", pages.measure_edit, name="measure_edit"),
    path("massnahmen/<int:pk>/status/", pages.measure_status, name="measure_status"),
    path("massnahmen/<int:pk>/pruefung/", pages.measure_check, name="measure_check"),
    path(
        "massnahmen/<int:pk>/pruefung/zuruecknehmen/",
        pages.measure_check_withdraw,
        name="measure_check_withdraw",
    ),
    path("massnahmen/<int:pk>/notizen/", pages.measure_note_add, name="measure_note_add"),
    path(
        "massnahmen/<int:pk>/dokumente/",
        pages.measure_document_add,
        name="measure_document_add",
    ),
    path(
        "massnahmen/<int:pk>/dokumente/<int:document>/",
        pages.measure_document,
        name="measure_document",
    ),
    path(
        "massnahmen/<int:pk>/dokumente/<int:document>/loeschen/",
        pages.measure_document_delete,
        name="measure_document_delete",
    ),
]
