from django.urls import path

from events import views

urlpatterns = [
    path("treffen/", views.meeting_list, name="meeting_list"),
    path("netzwerke/<slug:slug>/treffen/", views.meeting_list, name="network_meetings"),
    path("netzwerke/<slug:slug>/treffen/neu/", views.meeting_new, name="meeting_new"),
    path("netzwerke/<slug:slug>/treffen/serie/", views.meeting_series, name="meeting_series"),
    path("treffen/<int:pk>/", views.meeting_detail, name="meeting"),
    path("treffen/<int:pk>/bearbeiten/", views.meeting_edit, name="meeting_edit"),
    path("treffen/<int:pk>/absagen/", views.meeting_cancel, name="meeting_cancel"),
    path("treffen/<int:pk>/einladen/", views.meeting_invite, name="meeting_invite"),
    path("treffen/<int:pk>/tagesordnung/", views.agenda_add, name="agenda_add"),
    path("treffen/<int:pk>/tagesordnung/<int:item>/", views.agenda_edit, name="agenda_edit"),
    path(
        "treffen/<int:pk>/tagesordnung/<int:item>/loeschen/",
        views.agenda_delete,
        name="agenda_delete",
    ),
    path(
        "treffen/<int:pk>/tagesordnung/<int:item>/verschieben/",
        views.agenda_move,
        name="agenda_move",
    ),
    path("treffen/<int:pk>/antwort/", views.meeting_answer, name="meeting_answer"),
    path("treffen/antwort/<str:token>/", views.meeting_answer_link, name="meeting_answer_link"),
    path("treffen/<int:pk>/anwesenheit/", views.meeting_attendance, name="meeting_attendance"),
    path("treffen/<int:pk>/protokoll/", views.minutes_edit, name="minutes_edit"),
    path(
        "treffen/<int:pk>/protokoll/abschliessen/",
        views.minutes_finalise,
        name="minutes_finalise",
    ),
    path("treffen/<int:pk>/protokoll/oeffnen/", views.minutes_reopen, name="minutes_reopen"),
    path("treffen/<int:pk>/protokoll/versionen/", views.minutes_versions, name="minutes_versions"),
    path("treffen/<int:pk>/beschluesse/", views.decision_add, name="decision_add"),
    path(
        "treffen/<int:pk>/beschluesse/<int:decision>/loeschen/",
        views.decision_delete,
        name="decision_delete",
    ),
    path("treffen/<int:pk>/aufgaben/", views.action_add, name="action_add"),
    path(
        "treffen/<int:pk>/aufgaben/<int:item>/loeschen/",
        views.action_delete,
        name="action_delete",
    ),
    path("treffen/<int:pk>/aufgaben/<int:item>/erledigt/", views.action_done, name="action_done"),
    path(
        "treffen/<int:pk>/aufgaben/<int:item>/massnahme/",
        views.action_measure,
        name="action_measure",
    ),
    path("treffen/<int:pk>/anhaenge/", views.meeting_document_add, name="meeting_document_add"),
    path(
        "treffen/<int:pk>/anhaenge/<int:document>/",
        views.meeting_document,
        name="meeting_document",
    ),
    path(
        "treffen/<int:pk>/anhaenge/<int:document>/loeschen/",
        views.meeting_document_delete,
        name="meeting_document_delete",
    ),
    path("treffen/<int:pk>/kalender.ics", views.meeting_calendar, name="meeting_calendar"),
    path("treffen/<int:pk>/protokoll.pdf", views.meeting_pdf, name="meeting_pdf"),
    path("kalender/", views.calendar_settings, name="calendar_settings"),
    path("kalender/<str:token>/treffen.ics", views.calendar_feed, name="calendar_feed"),
]
