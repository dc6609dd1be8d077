"""Open data. Included from portal/urls.py before the participant pages, whose
/netzwerke/<slug>/<municipality>/ would take /netzwerke/<slug>/offene-daten/."""

from django.urls import path

from opendata import views

urlpatterns = [
    path("netzwerke/<slug:slug>/offene-daten/", views.manage, name="opendata_manage"),
    path("offene-daten/", views.index, name="opendata_index"),
    path(
        "offene-daten/katalog.ttl",
        views.catalogue_file,
        {"fmt": "ttl"},
        name="opendata_catalogue_ttl",
    ),
    path(
        "offene-daten/katalog.jsonld",
        views.catalogue_file,
        {"fmt": "jsonld"},
        name="opendata_catalogue_jsonld",
    ),
    path("offene-daten/<slug:slug>/", views.dataset, name="opendata_dataset"),
    path(
        "offene-daten/<slug:slug>/massnahmen.csv",
        views.download,
        {"fmt": "csv"},
        name="opendata_csv",
    ),
    path(
        "offene-daten/<slug:slug>/massnahmen.json",
        views.download,
        {"fmt": "json"},
        name="opendata_json",
    ),
]
